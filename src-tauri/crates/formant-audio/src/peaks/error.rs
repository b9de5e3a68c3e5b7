//! Everything that can go wrong while computing or writing waveform peaks.

use std::path::PathBuf;

/// A typed failure of the peaks module; every variant says what was wrong with the input.
#[derive(Debug, thiserror::Error)]
pub enum PeaksError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    #[error("not a WAV file: it does not start with a RIFF/WAVE header")]
    NotWav,
    #[error("the WAV file ends inside its header ({bytes} bytes read)")]
    TruncatedHeader { bytes: u64 },
    #[error("the WAV header is larger than {limit} bytes before the audio data starts")]
    HeaderTooLarge { limit: u64 },
    #[error("the WAV file has no fmt chunk before its data chunk")]
    MissingFmt,
    #[error("invalid WAV fmt chunk: {reason}")]
    InvalidFmt { reason: &'static str },
    #[error(
        "unsupported WAV sample format: format tag {format_tag:#06x} with {bits} bits per sample"
    )]
    UnsupportedEncoding { format_tag: u16, bits: u16 },
    #[error("the WAV file contains no audio samples")]
    NoSamples,
    #[error("invalid zoom: {samples_per_pixel} samples per pixel (the minimum is 2)")]
    InvalidZoom { samples_per_pixel: u64 },
    #[error("invalid pixels per second: must be greater than zero")]
    InvalidPixelsPerSecond,
    #[error("invalid bits: {0} (must be 8 or 16)")]
    InvalidBits(u32),
}
