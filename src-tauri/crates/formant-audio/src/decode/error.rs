//! Why a recording could not be decoded, in words a user understands.

use std::path::PathBuf;
use std::sync::Arc;

use super::LooksLike;

/// Everything that can go wrong while opening, reading or seeking a recording.
///
/// `Clone` so the playback engine can hand the same error to the caller and to an event
/// listener; the I/O source is shared behind an `Arc` for that reason.
#[derive(Debug, Clone, thiserror::Error)]
pub enum DecodeError {
    #[error("could not open the recording {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: Arc<std::io::Error>,
    },
    #[error("the file is not a WAV recording: it looks like {looks_like}")]
    NotWav { looks_like: LooksLike },
    #[error("the file is not a WAV recording this app can read ({reason})")]
    Unsupported { reason: String },
    #[error("the recording holds no audio")]
    NoSamples,
    #[error("the recording contains no audio track")]
    NoAudioTrack,
    #[error("the recording's header is invalid: {reason}")]
    InvalidHeader { reason: &'static str },
    #[error("reading the recording failed: {source}")]
    Read {
        #[source]
        source: Arc<std::io::Error>,
    },
    #[error("the recording is damaged and cannot be read further: {reason}")]
    Malformed { reason: String },
    #[error("cannot seek within the recording: {reason}")]
    Seek { reason: String },
    #[error("the output buffer holds {len} samples, fewer than one frame of {channels} channels")]
    BufferTooSmall { len: usize, channels: usize },
}

impl DecodeError {
    /// This error said of a downloaded body, as the fault of the server that sent it (lower
    /// case; the CLI and the app each frame it): one wording for every front end.
    pub fn as_download_problem(&self) -> String {
        match self {
            DecodeError::NotWav { looks_like } => format!(
                "the server sent something that is not a WAV recording: it looks like {looks_like}"
            ),
            other => format!("the server sent a recording that cannot be played: {other}"),
        }
    }
}
