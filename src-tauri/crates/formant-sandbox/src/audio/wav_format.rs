//! The sample formats recordings come in, and the RIFF/WAVE header describing each.

/// How each sample is coded in the `data` chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SampleCoding {
    /// Linear 16-bit little-endian (WAVE format tag 1).
    Pcm16,
    /// 8-bit G.711 mu-law (WAVE format tag 7).
    MuLaw,
    /// 8-bit G.711 A-law (WAVE format tag 6).
    ALaw,
}

impl SampleCoding {
    fn format_tag(self) -> u16 {
        match self {
            SampleCoding::Pcm16 => 1,
            SampleCoding::ALaw => 6,
            SampleCoding::MuLaw => 7,
        }
    }

    pub(crate) fn bytes_per_sample(self) -> u16 {
        match self {
            SampleCoding::Pcm16 => 2,
            SampleCoding::MuLaw | SampleCoding::ALaw => 1,
        }
    }
}

/// The shape of one recording's audio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WavFormat {
    pub coding: SampleCoding,
    pub sample_rate: u32,
    pub channels: u16,
}

impl WavFormat {
    pub(crate) const MULAW_8K: WavFormat = WavFormat::new(SampleCoding::MuLaw, 8_000, 1);
    pub(crate) const ALAW_8K: WavFormat = WavFormat::new(SampleCoding::ALaw, 8_000, 1);
    pub(crate) const PCM_16K: WavFormat = WavFormat::new(SampleCoding::Pcm16, 16_000, 1);
    /// Agent on the left channel, customer on the right, as call recorders split them.
    pub(crate) const PCM_8K_STEREO: WavFormat = WavFormat::new(SampleCoding::Pcm16, 8_000, 2);
    pub(crate) const PCM_48K: WavFormat = WavFormat::new(SampleCoding::Pcm16, 48_000, 1);

    const fn new(coding: SampleCoding, sample_rate: u32, channels: u16) -> Self {
        WavFormat {
            coding,
            sample_rate,
            channels,
        }
    }

    pub(crate) fn block_align(self) -> u16 {
        self.coding.bytes_per_sample() * self.channels
    }

    /// Bytes of the header `header()` writes: 44 for PCM; 46 for G.711, whose `fmt ` chunk
    /// carries the 2-byte `cbSize` extension that non-PCM formats require.
    pub(crate) fn header_len(self) -> u64 {
        match self.coding {
            SampleCoding::Pcm16 => 44,
            SampleCoding::MuLaw | SampleCoding::ALaw => 46,
        }
    }

    /// Total file size for `frames` frames (a frame holds one sample per channel).
    pub(crate) fn file_len(self, frames: u64) -> u64 {
        self.header_len() + frames * u64::from(self.block_align())
    }

    /// The RIFF/WAVE header for a `data` chunk of `frames` frames.
    ///
    /// Sizes saturate at `u32::MAX`; recordings here stay far below 4 GiB.
    pub(crate) fn header(self, frames: u64) -> Vec<u8> {
        let data_len = frames * u64::from(self.block_align());
        let riff_len = self.header_len() - 8 + data_len;
        let is_pcm = self.coding == SampleCoding::Pcm16;
        let fmt_len: u32 = if is_pcm { 16 } else { 18 };

        let mut header = Vec::with_capacity(self.header_len() as usize);
        header.extend_from_slice(b"RIFF");
        header.extend_from_slice(&saturating_u32(riff_len).to_le_bytes());
        header.extend_from_slice(b"WAVEfmt ");
        header.extend_from_slice(&fmt_len.to_le_bytes());
        header.extend_from_slice(&self.coding.format_tag().to_le_bytes());
        header.extend_from_slice(&self.channels.to_le_bytes());
        header.extend_from_slice(&self.sample_rate.to_le_bytes());
        let byte_rate = self.sample_rate * u32::from(self.block_align());
        header.extend_from_slice(&byte_rate.to_le_bytes());
        header.extend_from_slice(&self.block_align().to_le_bytes());
        let bits = self.coding.bytes_per_sample() * 8;
        header.extend_from_slice(&bits.to_le_bytes());
        if !is_pcm {
            header.extend_from_slice(&0u16.to_le_bytes()); // cbSize: no further extension
        }
        header.extend_from_slice(b"data");
        header.extend_from_slice(&saturating_u32(data_len).to_le_bytes());
        header
    }
}

fn saturating_u32(value: u64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u16_at(bytes: &[u8], at: usize) -> u16 {
        u16::from_le_bytes([bytes[at], bytes[at + 1]])
    }
    fn u32_at(bytes: &[u8], at: usize) -> u32 {
        u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
    }

    #[test]
    fn pcm_stereo_header_fields() {
        let header = WavFormat::PCM_8K_STEREO.header(8_000);
        assert_eq!(header.len(), 44);
        assert_eq!(&header[0..4], b"RIFF");
        assert_eq!(u32_at(&header, 4), 36 + 32_000);
        assert_eq!(&header[8..16], b"WAVEfmt ");
        assert_eq!(u32_at(&header, 16), 16);
        assert_eq!(u16_at(&header, 20), 1);
        assert_eq!(u16_at(&header, 22), 2);
        assert_eq!(u32_at(&header, 24), 8_000);
        assert_eq!(u32_at(&header, 28), 32_000);
        assert_eq!(u16_at(&header, 32), 4);
        assert_eq!(u16_at(&header, 34), 16);
        assert_eq!(&header[36..40], b"data");
        assert_eq!(u32_at(&header, 40), 32_000);
    }

    #[test]
    fn g711_headers_carry_their_format_tags_and_cb_size() {
        for (format, tag) in [(WavFormat::MULAW_8K, 7), (WavFormat::ALAW_8K, 6)] {
            let header = format.header(100);
            assert_eq!(header.len() as u64, format.header_len());
            assert_eq!(header.len(), 46);
            assert_eq!(u32_at(&header, 4), 38 + 100);
            assert_eq!(u32_at(&header, 16), 18);
            assert_eq!(u16_at(&header, 20), tag);
            assert_eq!(u32_at(&header, 28), 8_000);
            assert_eq!(u16_at(&header, 32), 1);
            assert_eq!(u16_at(&header, 34), 8);
            assert_eq!(u16_at(&header, 36), 0);
            assert_eq!(&header[38..42], b"data");
            assert_eq!(u32_at(&header, 42), 100);
            assert_eq!(format.file_len(100), 146);
        }
    }
}
