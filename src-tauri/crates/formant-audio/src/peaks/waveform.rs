//! The result of a peaks computation and its audiowaveform JSON form.

use std::io::Write;
use std::num::NonZeroU32;

use serde::{Deserialize, Serialize};

use super::{Bits, PeaksError};

/// Min/max pairs per pixel, channels interleaved per pixel: `[c0 min, c0 max, c1 min, ...]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waveform {
    pub channels: u16,
    pub sample_rate: u32,
    pub samples_per_pixel: u32,
    /// 8 or 16: the range of `data` (8-bit values are the 16-bit ones divided by 256).
    pub bits: u8,
    pub data: Vec<i16>,
}

impl Waveform {
    /// Number of pixels.
    pub fn len(&self) -> usize {
        self.data.len() / (2 * usize::from(self.channels.max(1)))
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Duration covered by the pixels (the last one may be partly empty).
    pub fn duration_secs(&self) -> f64 {
        self.len() as f64 * f64::from(self.samples_per_pixel) / f64::from(self.sample_rate)
    }

    /// The same waveform at `bits` resolution. Going to 8 bits divides by 256 truncating
    /// toward zero, as audiowaveform does; going back up cannot restore precision and is refused.
    pub fn with_bits(mut self, bits: Bits) -> Result<Waveform, PeaksError> {
        match (self.bits, bits) {
            (16, Bits::Eight) => {
                for v in &mut self.data {
                    *v /= 256;
                }
                self.bits = 8;
                Ok(self)
            }
            (from, to) if from == to.get() => Ok(self),
            (_, to) => Err(PeaksError::InvalidBits(u32::from(to.get()))),
        }
    }

    /// A coarser level: each new pixel covers `factor` pixels (the min of their mins and the max
    /// of their maxes); a last, shorter group still makes a pixel.
    pub fn zoom_out(&self, factor: NonZeroU32) -> Waveform {
        let channels = usize::from(self.channels.max(1));
        let group = factor.get() as usize;
        let pixel_values = 2 * channels;
        let mut data = Vec::with_capacity(self.data.len() / group + pixel_values);
        for pixels in self.data.chunks(pixel_values * group) {
            for ch in 0..channels {
                let mut lo = i16::MAX;
                let mut hi = i16::MIN;
                for pixel in pixels.chunks_exact(pixel_values) {
                    lo = lo.min(pixel[2 * ch]);
                    hi = hi.max(pixel[2 * ch + 1]);
                }
                data.push(lo);
                data.push(hi);
            }
        }
        Waveform {
            channels: self.channels,
            sample_rate: self.sample_rate,
            samples_per_pixel: self.samples_per_pixel.saturating_mul(factor.get()),
            bits: self.bits,
            data,
        }
    }

    /// Write exactly what `audiowaveform -o out.json` writes (format version 2): compact, keys
    /// in its order, one trailing newline.
    pub fn write_audiowaveform_json(&self, mut w: impl Write) -> std::io::Result<()> {
        // Room for a chunk, one more value's 8-byte store and the closing "]}\n". The header
        // goes into the same buffer: written on its own, each of its pieces was a system call.
        let mut text = vec![0u8; JSON_CHUNK + 16];
        let mut header = &mut text[..];
        write!(
            header,
            "{{\"version\":2,\"channels\":{},\"sample_rate\":{},\"samples_per_pixel\":{},\"bits\":{},\"length\":{},\"data\":[",
            self.channels,
            self.sample_rate,
            self.samples_per_pixel,
            self.bits,
            self.len()
        )?;
        let mut len = JSON_CHUNK + 16 - header.len();
        for v in &self.data {
            if len >= JSON_CHUNK {
                w.write_all(&text[..len])?;
                len = 0;
            }
            let (bytes, n) = decimal_and_comma(*v);
            text[len..len + 8].copy_from_slice(&bytes.to_le_bytes());
            len += n;
        }
        // Every value was followed by a comma, and the last one is still in the buffer.
        if !self.data.is_empty() {
            len -= 1;
        }
        text[len..len + 3].copy_from_slice(b"]}\n");
        w.write_all(&text[..len + 3])?;
        w.flush()
    }
}

/// Bytes of JSON collected before each write: few system calls, and the buffer stays in cache.
const JSON_CHUNK: usize = 64 * 1024;

/// `v` in decimal followed by a comma, as up to 8 bytes of a little-endian word, and how many
/// of them there are. A million values go through here for an hour of audio, so each magnitude's
/// text comes ready-made from a table and is stored whole.
#[inline(always)]
fn decimal_and_comma(v: i16) -> (u64, usize) {
    let entry = DECIMAL_AND_COMMA[usize::from(v.unsigned_abs())];
    let len = (entry >> 56) as usize;
    if v < 0 {
        // The length byte is shifted out: "-32768," takes seven bytes.
        ((entry << 8) | u64::from(b'-'), len + 1)
    } else {
        (entry, len)
    }
}

/// For each magnitude 0..=32768: its decimal digits and a comma in the low bytes, their count in
/// the top byte. 256 KiB, computed at compile time.
static DECIMAL_AND_COMMA: [u64; 32_769] = {
    let mut table = [0u64; 32_769];
    let mut n = 0;
    while n < table.len() {
        let mut digits = [0u8; 5];
        let mut count = 0;
        let mut rest = n;
        loop {
            digits[count] = b'0' + (rest % 10) as u8;
            count += 1;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        let mut entry = 0u64;
        let mut i = 0;
        while i < count {
            entry |= (digits[count - 1 - i] as u64) << (8 * i);
            i += 1;
        }
        entry |= (b',' as u64) << (8 * count);
        entry |= ((count + 1) as u64) << 56;
        table[n] = entry;
        n += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    fn wave(channels: u16, data: Vec<i16>) -> Waveform {
        Waveform {
            channels,
            sample_rate: 8000,
            samples_per_pixel: 256,
            bits: 16,
            data,
        }
    }

    #[test]
    fn zoom_out_takes_min_of_mins_and_max_of_maxes_per_channel() {
        let w = wave(2, vec![-1, 1, -10, 10, -5, 3, -2, 20, -7, 7, 0, 0]);
        let z = w.zoom_out(NonZeroU32::new(2).expect("non-zero"));
        assert_eq!(z.data, vec![-5, 3, -10, 20, -7, 7, 0, 0]);
        assert_eq!(z.samples_per_pixel, 512);
        assert_eq!(z.len(), 2);
        assert_eq!(w.zoom_out(NonZeroU32::MIN), w);
    }

    #[test]
    fn json_matches_audiowaveform_layout() {
        let mut out = Vec::new();
        wave(1, vec![-300, 257, 0, 1])
            .with_bits(Bits::Eight)
            .expect("16 to 8")
            .write_audiowaveform_json(&mut out)
            .expect("write");
        assert_eq!(
            String::from_utf8(out).expect("utf8"),
            "{\"version\":2,\"channels\":1,\"sample_rate\":8000,\"samples_per_pixel\":256,\"bits\":8,\"length\":2,\"data\":[-1,1,0,0]}\n"
        );
    }

    #[test]
    fn json_numbers_are_formatted_like_integers() {
        let values = [
            0,
            1,
            -1,
            9,
            10,
            -99,
            100,
            999,
            -1000,
            9999,
            10_000,
            i16::MAX,
            i16::MIN,
            -32767,
        ];
        let mut out = Vec::new();
        wave(1, values.to_vec())
            .write_audiowaveform_json(&mut out)
            .expect("write");
        let text = String::from_utf8(out).expect("utf8");
        let expected: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        assert!(
            text.ends_with(&format!("\"data\":[{}]}}\n", expected.join(","))),
            "{text}"
        );
    }

    #[test]
    fn duration_counts_whole_pixels() {
        assert_eq!(wave(1, vec![0; 2 * 125]).duration_secs(), 4.0);
    }
}
