//! The one streaming computation behind every entry point: bytes of a WAV file go in, in any
//! chunking, and 16-bit min/max pairs per pixel come out. Whole-file and live peaks both use it,
//! so they cannot disagree.

use super::header::{parse_header, HeaderParse, MAX_HEADER_BYTES};
use super::kernels::{self, FoldFn, OpenPixel};
use super::{PeaksError, Scale, WavInfo, Waveform};

/// The state once the header is known.
#[derive(Clone)]
struct Stream {
    info: WavInfo,
    fold: FoldFn,
    frame_bytes: usize,
    samples_per_pixel: u32,
    /// Data bytes still expected, when the header says how many.
    data_left: Option<u64>,
    /// The start of a frame split across two pushes.
    carry: Vec<u8>,
    /// The current, unfinished pixel.
    open: OpenPixel,
}

pub(crate) struct PeaksEngine {
    scale: Scale,
    split_channels: bool,
    /// Header bytes collected until the data chunk starts.
    header: Vec<u8>,
    stream: Option<Stream>,
    /// min, max per output channel per pixel, 16-bit.
    data: Vec<i16>,
}

impl PeaksEngine {
    pub(crate) fn new(scale: Scale, split_channels: bool) -> Self {
        Self {
            scale,
            split_channels,
            header: Vec::new(),
            stream: None,
            data: Vec::new(),
        }
    }

    pub(crate) fn info(&self) -> Option<&WavInfo> {
        self.stream.as_ref().map(|s| &s.info)
    }

    /// Values of complete pixels so far.
    pub(crate) fn data(&self) -> &[i16] {
        &self.data
    }

    /// The data bytes still to come, once the header is known: `None` before that, and
    /// `Some(None)` when the header leaves the data's size open (to the end of the input).
    pub(crate) fn data_left(&self) -> Option<Option<u64>> {
        self.stream.as_ref().map(|s| s.data_left)
    }

    /// Bytes of audio in one whole pixel, once the header is known.
    pub(crate) fn pixel_bytes(&self) -> Option<u64> {
        let s = self.stream.as_ref()?;
        Some((s.frame_bytes as u64).saturating_mul(u64::from(s.samples_per_pixel)))
    }

    /// Bytes of audio already taken into the pixel still being filled.
    pub(crate) fn bytes_into_pixel(&self) -> u64 {
        self.stream.as_ref().map_or(0, |s| {
            u64::from(s.open.frames) * s.frame_bytes as u64 + s.carry.len() as u64
        })
    }

    /// Leaves this engine the next `keep` bytes of audio and hands what follows them to a new
    /// engine, which computes its pixels on its own. `keep` must end on a pixel boundary (see
    /// [`Self::bytes_into_pixel`]) for the two to give what one engine would; the caller picks
    /// it. `None` before the header is known.
    pub(crate) fn split_off(&mut self, keep: u64) -> Option<PeaksEngine> {
        let s = self.stream.as_mut()?;
        let mut later = s.clone();
        later.data_left = s.data_left.map(|left| left.saturating_sub(keep));
        later.carry.clear();
        later.open = OpenPixel::new(s.open.min.len());
        s.data_left = Some(s.data_left.map_or(keep, |left| left.min(keep)));
        Some(PeaksEngine {
            scale: self.scale,
            split_channels: self.split_channels,
            header: Vec::new(),
            stream: Some(later),
            data: Vec::new(),
        })
    }

    /// Takes the pixels of `later`, split off this engine, after this engine's own. Had this
    /// engine's input ended before the split point (the file shrank while it was read), its
    /// last, partial pixel is kept as it is, where it is.
    pub(crate) fn append(&mut self, mut later: PeaksEngine) {
        let (Some(s), Some(l)) = (self.stream.as_mut(), later.stream.take()) else {
            return;
        };
        if s.open.frames > 0 {
            s.open.close(&mut self.data);
        }
        self.data.append(&mut later.data);
        *s = l;
    }

    /// Feed the next bytes of the file.
    pub(crate) fn push(&mut self, bytes: &[u8]) -> Result<(), PeaksError> {
        match self.stream {
            Some(_) => {
                self.push_data(bytes);
                Ok(())
            }
            None => self.push_header(bytes),
        }
    }

    fn push_header(&mut self, bytes: &[u8]) -> Result<(), PeaksError> {
        if self.header.is_empty() {
            // The whole header is nearly always inside the first block: parse it there rather
            // than copy the block (128 KiB from a file) into the header buffer first.
            if let HeaderParse::Complete { info, data_len } = parse_header(bytes)? {
                return self.start_stream(info, data_len, bytes);
            }
        }
        self.header.extend_from_slice(bytes);
        let (info, data_len) = match parse_header(&self.header)? {
            HeaderParse::NeedMore => {
                if self.header.len() as u64 > MAX_HEADER_BYTES {
                    return Err(PeaksError::HeaderTooLarge {
                        limit: MAX_HEADER_BYTES,
                    });
                }
                return Ok(());
            }
            HeaderParse::Complete { info, data_len } => (info, data_len),
        };
        let header = std::mem::take(&mut self.header);
        self.start_stream(info, data_len, &header)
    }

    /// Set up the computation for the format the header gave, then fold the audio that came
    /// with it: `prefix` holds the file from its first byte.
    fn start_stream(
        &mut self,
        info: WavInfo,
        data_len: Option<u64>,
        prefix: &[u8],
    ) -> Result<(), PeaksError> {
        let samples_per_pixel = self.scale.samples_per_pixel(info.sample_rate)?;
        let outputs = if self.split_channels {
            usize::from(info.channels)
        } else {
            1
        };
        // The data offset is inside the prefix: parse_header only completes once the data
        // chunk's own header has been seen.
        let data_start = usize::try_from(info.data_offset).unwrap_or(prefix.len());
        self.stream = Some(Stream {
            fold: kernels::select(info.encoding, info.channels, self.split_channels),
            frame_bytes: info.bytes_per_frame(),
            samples_per_pixel,
            data_left: data_len,
            carry: Vec::new(),
            open: OpenPixel::new(outputs),
            info,
        });
        self.push_data(prefix.get(data_start..).unwrap_or(&[]));
        Ok(())
    }

    fn push_data(&mut self, mut bytes: &[u8]) {
        let Some(s) = self.stream.as_mut() else {
            return;
        };
        if let Some(left) = s.data_left.as_mut() {
            // Anything after the data chunk (LIST, id3...) is not audio.
            let take = usize::try_from(*left)
                .unwrap_or(usize::MAX)
                .min(bytes.len());
            bytes = &bytes[..take];
            *left -= take as u64;
        }
        if !s.carry.is_empty() {
            let need = s.frame_bytes - s.carry.len();
            let take = need.min(bytes.len());
            s.carry.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if s.carry.len() < s.frame_bytes {
                return;
            }
            let frame = std::mem::take(&mut s.carry);
            fold_frames(s, &frame, &mut self.data);
        }
        let whole = bytes.len() - bytes.len() % s.frame_bytes;
        fold_frames(s, &bytes[..whole], &mut self.data);
        s.carry.extend_from_slice(&bytes[whole..]);
    }

    /// Close the last, partial pixel and return the whole waveform (16-bit values).
    pub(crate) fn finish(mut self) -> Result<Waveform, PeaksError> {
        let Some(s) = self.stream.as_mut() else {
            if self.header.is_empty() {
                return Err(PeaksError::NotWav);
            }
            return Err(PeaksError::TruncatedHeader {
                bytes: self.header.len() as u64,
            });
        };
        if s.open.frames > 0 {
            s.open.close(&mut self.data);
        }
        if self.data.is_empty() {
            return Err(PeaksError::NoSamples);
        }
        Ok(Waveform {
            channels: s.open.min.len() as u16,
            sample_rate: s.info.sample_rate,
            samples_per_pixel: s.samples_per_pixel,
            bits: 16,
            data: self.data,
        })
    }
}

fn fold_frames(s: &mut Stream, frames: &[u8], out: &mut Vec<i16>) {
    let samples_per_pixel = s.samples_per_pixel as usize;
    (s.fold)(
        frames,
        usize::from(s.info.channels),
        samples_per_pixel,
        &mut s.open,
        out,
    );
}
