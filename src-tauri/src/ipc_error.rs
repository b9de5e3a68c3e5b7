//! Every error crosses to the webview as `{kind, message, retry_after_secs}`. The UI acts on
//! `kind` only (a small, stable set); `message` is a sentence for a person.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Auth,
    NotFound,
    RecordingUnavailable,
    RateLimited,
    Network,
    Timeout,
    Keychain,
    Audio,
    InvalidInput,
    Io,
    BadResponse,
    Server,
    Cancelled,
    Unknown,
}

#[derive(Debug, Clone, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    pub kind: ErrorKind,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
}

impl IpcError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            retry_after_secs: None,
        }
    }

    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidInput, message)
    }

    pub fn no_account() -> Self {
        Self::invalid_input("No account is selected. Add an account or open the demo.")
    }
}

pub type IpcResult<T> = Result<T, IpcError>;

impl From<formant_api::ApiError> for IpcError {
    fn from(e: formant_api::ApiError) -> Self {
        use formant_api::ErrorKind as K;
        let kind = match e.kind() {
            K::Auth => ErrorKind::Auth,
            K::NotFound => ErrorKind::NotFound,
            K::RecordingUnavailable => ErrorKind::RecordingUnavailable,
            K::RateLimited => ErrorKind::RateLimited,
            K::Network => ErrorKind::Network,
            K::Timeout => ErrorKind::Timeout,
            K::InvalidInput => ErrorKind::InvalidInput,
            K::Io => ErrorKind::Io,
            K::BadResponse => ErrorKind::BadResponse,
            K::Server => ErrorKind::Server,
            K::Cancelled => ErrorKind::Cancelled,
        };
        let retry_after_secs = match &e {
            formant_api::ApiError::RateLimited { retry_after, .. } => {
                retry_after.map(|d| d.as_secs().max(1))
            }
            _ => None,
        };
        Self {
            kind,
            message: e.to_string(),
            retry_after_secs,
        }
    }
}

impl From<formant_vault::VaultError> for IpcError {
    fn from(e: formant_vault::VaultError) -> Self {
        crate::accounts::vault_error(e)
    }
}

impl From<formant_core::export::ExportError> for IpcError {
    fn from(e: formant_core::export::ExportError) -> Self {
        Self::invalid_input(e.to_string())
    }
}

impl From<formant_audio::playback::PlaybackError> for IpcError {
    fn from(e: formant_audio::playback::PlaybackError) -> Self {
        // The engine knows which of its errors are the caller's (a speed out of range).
        let kind = match e.kind() {
            "invalid_input" => ErrorKind::InvalidInput,
            _ => ErrorKind::Audio,
        };
        Self::new(kind, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use formant_audio::playback::PlaybackError;

    #[test]
    fn playback_errors_keep_the_engines_kind() {
        assert_eq!(
            IpcError::from(PlaybackError::InvalidSpeed(3.0)).kind,
            ErrorKind::InvalidInput
        );
        assert_eq!(
            IpcError::from(PlaybackError::NotLoaded).kind,
            ErrorKind::Audio
        );
    }
}
