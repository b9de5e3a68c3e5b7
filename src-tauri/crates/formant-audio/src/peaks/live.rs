//! Peaks of a WAV file that is still arriving, for drawing the waveform while it downloads.

use super::engine::PeaksEngine;
use super::{PeaksError, Scale, WavInfo, Waveform};

/// New complete pixels since the previous update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeaksUpdate {
    pub format: WavInfo,
    /// Index of the first pixel in `data`.
    pub first_pixel: usize,
    /// Per pixel, per channel: min, max (16-bit values).
    pub data: Vec<i16>,
}

/// Incremental peaks, split per channel, 16-bit values. Bytes may be pushed in chunks of any
/// size, the header split across them too; the numbers equal a whole-file computation.
pub struct LivePeaks {
    engine: PeaksEngine,
    /// Values already handed out in updates.
    sent: usize,
    announced_format: bool,
}

impl LivePeaks {
    pub fn new(pixels_per_second: u32) -> Self {
        Self {
            engine: PeaksEngine::new(Scale::PixelsPerSecond(pixels_per_second), true),
            sent: 0,
            announced_format: false,
        }
    }

    /// Feed the next bytes. Returns the pixels completed by them, or the format alone the first
    /// time the header is complete; `None` when there is nothing new to draw.
    pub fn push(&mut self, bytes: &[u8]) -> Result<Option<PeaksUpdate>, PeaksError> {
        self.engine.push(bytes)?;
        let Some(format) = self.engine.info() else {
            return Ok(None);
        };
        let data = &self.engine.data()[self.sent..];
        if data.is_empty() && self.announced_format {
            return Ok(None);
        }
        let values_per_pixel = 2 * usize::from(format.channels);
        let update = PeaksUpdate {
            format: format.clone(),
            first_pixel: self.sent / values_per_pixel,
            data: data.to_vec(),
        };
        self.sent += data.len();
        self.announced_format = true;
        Ok(Some(update))
    }

    /// The whole waveform, including the last partial pixel.
    pub fn finish(self) -> Result<Waveform, PeaksError> {
        self.engine.finish()
    }
}
