//! Why playback failed, in words a user understands.

use crate::decode::DecodeError;

#[derive(Debug, Clone, thiserror::Error)]
pub enum PlaybackError {
    #[error(
        "No audio output is available ({0}). Connect speakers or headphones and press play again."
    )]
    NoOutputDevice(String),
    /// The backend's own words (e.g. an ALSA errno) are kept for `Debug` and logs, not shown.
    #[error(
        "The audio output went away (unplugged, switched off or taken by another program). Press play to resume when it is back."
    )]
    DeviceLost(String),
    #[error("{0}")]
    Decode(#[from] DecodeError),
    #[error("No recording is loaded.")]
    NotLoaded,
    #[error("Playback speed {0} is outside the supported range of 0.5× to 2×.")]
    InvalidSpeed(f32),
    #[error("The recording could not be converted to the output's sample rate: {0}")]
    Resampler(String),
    #[error("The playback engine is not running.")]
    EngineStopped,
}

impl PlaybackError {
    /// The stable error kind the UI acts on (see the app's `{kind, message}` errors).
    pub fn kind(&self) -> &'static str {
        match self {
            PlaybackError::InvalidSpeed(_) => "invalid_input",
            _ => "audio",
        }
    }
}
