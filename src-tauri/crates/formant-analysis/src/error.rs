//! Why a recording could not be analysed, in words a user understands.

use formant_audio::playback::PlaybackError;
use formant_audio::DecodeError;

#[derive(Debug, Clone, thiserror::Error)]
pub enum AnalysisError {
    /// The file is not a WAV recording this project can read, or it broke while reading.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error("the recording could not be converted to 16 kHz for speech detection: {0}")]
    Resample(#[from] PlaybackError),
    #[error("the recording has {0} channels; call analysis reads mono or two-channel (one side per channel) recordings")]
    UnsupportedChannels(usize),
    #[error("the speech detector stopped unexpectedly")]
    DetectorFailed,
    #[error("--min-silence must be a number of seconds from 0.1 to 3600, got {0}")]
    InvalidMinSilence(f64),
}
