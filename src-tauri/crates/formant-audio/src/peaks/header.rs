//! RIFF/WAVE header parsing that works on any prefix of a file, so the same code serves a file
//! on disk and one still arriving over the network.

use serde::Serialize;

use super::{PeaksError, SampleEncoding};

/// A header larger than this (before the data chunk) is refused rather than buffered.
pub(crate) const MAX_HEADER_BYTES: u64 = 16 * 1024 * 1024;

const WAVE_FORMAT_PCM: u16 = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT: u16 = 0x0003;
const WAVE_FORMAT_ALAW: u16 = 0x0006;
const WAVE_FORMAT_MULAW: u16 = 0x0007;
const WAVE_FORMAT_EXTENSIBLE: u16 = 0xFFFE;

/// What the header says about the audio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WavInfo {
    pub sample_rate: u32,
    pub channels: u16,
    pub encoding: SampleEncoding,
    /// Frames according to the data chunk's size; `None` when a streaming writer left the size
    /// unknown (0 or 0xFFFFFFFF).
    pub frames: Option<u64>,
    /// Byte offset of the first sample in the file.
    pub data_offset: u64,
}

impl WavInfo {
    pub fn bytes_per_frame(&self) -> usize {
        usize::from(self.channels) * self.encoding.bytes_per_sample()
    }
}

/// The result of looking at a prefix of a file.
#[derive(Debug)]
pub(crate) enum HeaderParse {
    /// The prefix ends before the data chunk starts.
    NeedMore,
    /// The data starts at `info.data_offset`; `data_len` is `None` when unknown.
    Complete {
        info: WavInfo,
        data_len: Option<u64>,
    },
}

/// Parse the header from `prefix`, the first bytes of a WAV file.
pub(crate) fn parse_header(prefix: &[u8]) -> Result<HeaderParse, PeaksError> {
    if prefix.len() < 12 {
        // Reject a wrong magic as soon as its bytes are there.
        let riff = b"RIFF";
        let have = prefix.len().min(4);
        if prefix[..have] != riff[..have] {
            return Err(PeaksError::NotWav);
        }
        if prefix.len() > 8 && prefix[8..] != b"WAVE"[..prefix.len() - 8] {
            return Err(PeaksError::NotWav);
        }
        return Ok(HeaderParse::NeedMore);
    }
    if &prefix[0..4] != b"RIFF" || &prefix[8..12] != b"WAVE" {
        return Err(PeaksError::NotWav);
    }
    let mut pos: u64 = 12;
    let mut fmt: Option<(u32, u16, SampleEncoding)> = None;
    loop {
        if pos > MAX_HEADER_BYTES {
            return Err(PeaksError::HeaderTooLarge {
                limit: MAX_HEADER_BYTES,
            });
        }
        let Some(chunk_header) = slice_at(prefix, pos, 8) else {
            return Ok(HeaderParse::NeedMore);
        };
        let id = &chunk_header[0..4];
        let size = u64::from(u32::from_le_bytes([
            chunk_header[4],
            chunk_header[5],
            chunk_header[6],
            chunk_header[7],
        ]));
        let body = pos + 8;
        if id == b"data" {
            let (sample_rate, channels, encoding) = fmt.ok_or(PeaksError::MissingFmt)?;
            // Streaming writers leave 0 or 0xFFFFFFFF when they cannot seek back to fix it.
            let data_len = (size != 0 && size != u64::from(u32::MAX)).then_some(size);
            let frame_bytes = u64::from(channels) * encoding.bytes_per_sample() as u64;
            let info = WavInfo {
                sample_rate,
                channels,
                encoding,
                frames: data_len.map(|len| len / frame_bytes),
                data_offset: body,
            };
            return Ok(HeaderParse::Complete { info, data_len });
        }
        if id == b"fmt " {
            let Some(fmt_body) = slice_at(prefix, body, size) else {
                return Ok(HeaderParse::NeedMore);
            };
            fmt = Some(parse_fmt(fmt_body)?);
        }
        // Chunks are padded to an even length.
        pos = body + size + (size & 1);
    }
}

fn slice_at(bytes: &[u8], start: u64, len: u64) -> Option<&[u8]> {
    let start = usize::try_from(start).ok()?;
    let end = start.checked_add(usize::try_from(len).ok()?)?;
    bytes.get(start..end)
}

fn parse_fmt(body: &[u8]) -> Result<(u32, u16, SampleEncoding), PeaksError> {
    if body.len() < 16 {
        return Err(PeaksError::InvalidFmt {
            reason: "the fmt chunk is shorter than 16 bytes",
        });
    }
    let u16_at = |i: usize| u16::from_le_bytes([body[i], body[i + 1]]);
    let mut format_tag = u16_at(0);
    let channels = u16_at(2);
    let sample_rate = u32::from_le_bytes([body[4], body[5], body[6], body[7]]);
    let bits = u16_at(14);
    if format_tag == WAVE_FORMAT_EXTENSIBLE {
        // cbSize(2) validBits(2) channelMask(4) then the sub-format GUID, whose first two bytes
        // are the plain format tag.
        if body.len() < 26 {
            return Err(PeaksError::InvalidFmt {
                reason: "WAVE_FORMAT_EXTENSIBLE without its sub-format",
            });
        }
        format_tag = u16_at(24);
    }
    if channels == 0 {
        return Err(PeaksError::InvalidFmt {
            reason: "zero channels",
        });
    }
    if sample_rate == 0 {
        return Err(PeaksError::InvalidFmt {
            reason: "zero sample rate",
        });
    }
    let encoding = match (format_tag, bits) {
        (WAVE_FORMAT_PCM, 8) => SampleEncoding::U8,
        (WAVE_FORMAT_PCM, 16) => SampleEncoding::S16,
        (WAVE_FORMAT_PCM, 24) => SampleEncoding::S24,
        (WAVE_FORMAT_PCM, 32) => SampleEncoding::S32,
        (WAVE_FORMAT_IEEE_FLOAT, 32) => SampleEncoding::F32,
        (WAVE_FORMAT_IEEE_FLOAT, 64) => SampleEncoding::F64,
        (WAVE_FORMAT_MULAW, 8) => SampleEncoding::MuLaw,
        (WAVE_FORMAT_ALAW, 8) => SampleEncoding::ALaw,
        _ => return Err(PeaksError::UnsupportedEncoding { format_tag, bits }),
    };
    Ok((sample_rate, channels, encoding))
}
