//! Waveform peaks: min/max per pixel, exactly as BBC audiowaveform 1.10.3 computes them.
//!
//! - [`peaks_from_path`] / [`peaks_from_reader`]: a whole WAV file in one pass, read in large
//!   blocks by a direct reader (PCM u8/s16/s24/s32, float 32/64, G.711 mu-law/A-law, any
//!   channel count, WAVE_FORMAT_EXTENSIBLE).
//! - [`LivePeaks`]: the same numbers computed while a file is still downloading.
//! - [`Waveform`]: the result, its audiowaveform JSON (format version 2), and coarser levels.
//!
//! How audiowaveform's numbers come about (and are reproduced here): every sample becomes a
//! signed 16-bit value (libsndfile's conversions: 8-bit unsigned `(x-128)<<8`, 24/32-bit keep the
//! top 16 bits, G.711 by the standard tables, floats `x * 32767` truncated); without
//! `--split-channels` the channels of each frame are averaged with C integer division; each
//! pixel holds `samples_per_pixel` frames and the last, partial one is kept; 8-bit output is
//! the 16-bit value divided by 256, truncated toward zero; `--pixels-per-second N` means
//! `sample_rate / N` samples per pixel (integer division), and fewer than 2 is an error.

mod engine;
mod error;
mod file;
// The decoder checks headers with this same parser (`decode::probe`).
pub(crate) mod header;
mod kernels;
mod live;
mod pieces;
mod samples;
mod simd;
mod waveform;

pub use error::PeaksError;
pub use file::{peaks_from_path, peaks_from_reader};
pub use header::WavInfo;
pub use live::{LivePeaks, PeaksUpdate};
pub use samples::SampleEncoding;
pub use waveform::Waveform;

/// How many samples go into one pixel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// audiowaveform's `-z N`.
    SamplesPerPixel(u32),
    /// audiowaveform's `--pixels-per-second N`.
    PixelsPerSecond(u32),
}

impl Default for Scale {
    /// audiowaveform's default zoom.
    fn default() -> Self {
        Scale::SamplesPerPixel(256)
    }
}

impl Scale {
    /// Samples per pixel for a file at `sample_rate`, checked like audiowaveform (minimum 2).
    pub fn samples_per_pixel(self, sample_rate: u32) -> Result<u32, PeaksError> {
        let spp = match self {
            Scale::SamplesPerPixel(n) => n,
            Scale::PixelsPerSecond(0) => return Err(PeaksError::InvalidPixelsPerSecond),
            Scale::PixelsPerSecond(pps) => sample_rate / pps,
        };
        if spp < 2 {
            return Err(PeaksError::InvalidZoom {
                samples_per_pixel: u64::from(spp),
            });
        }
        Ok(spp)
    }
}

/// Resolution of the output values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Bits {
    Eight,
    #[default]
    Sixteen,
}

impl Bits {
    pub fn get(self) -> u8 {
        match self {
            Bits::Eight => 8,
            Bits::Sixteen => 16,
        }
    }
}

impl TryFrom<u32> for Bits {
    type Error = PeaksError;

    fn try_from(bits: u32) -> Result<Self, PeaksError> {
        match bits {
            8 => Ok(Bits::Eight),
            16 => Ok(Bits::Sixteen),
            other => Err(PeaksError::InvalidBits(other)),
        }
    }
}

/// What to compute: audiowaveform's `-z`/`--pixels-per-second`, `-b` and `--split-channels`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PeaksOptions {
    pub scale: Scale,
    pub bits: Bits,
    /// One min/max pair per channel per pixel instead of mixing all channels to one.
    pub split_channels: bool,
}
