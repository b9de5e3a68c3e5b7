//! Every error crosses to the webview as `{kind, message, retry_after_secs}`. The UI acts on
//! `kind` only (a small, stable set); `message` is a sentence for a person. Both types are part
//! of the generated IPC contract (`ui/src/bindings/ErrorKind.ts`, `IpcError.ts`, and the UI's
//! `ERROR_KINDS` in `errorKinds.ts`), so this enum is the one list of kinds.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS, strum::VariantArray)]
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
    /// The library file is damaged or from a newer version: the app offers to rebuild it.
    LibraryDamaged,
    Unknown,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    pub kind: ErrorKind,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
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

/// Every kind the API client reports has its IPC kind of the same name (no catch-all: a new
/// API kind does not compile until it is mapped; the `contract` tests check the names).
impl From<formant_api::ErrorKind> for ErrorKind {
    fn from(kind: formant_api::ErrorKind) -> Self {
        use formant_api::ErrorKind as K;
        match kind {
            K::Auth => Self::Auth,
            K::NotFound => Self::NotFound,
            K::RecordingUnavailable => Self::RecordingUnavailable,
            K::RateLimited => Self::RateLimited,
            K::Network => Self::Network,
            K::Timeout => Self::Timeout,
            K::InvalidInput => Self::InvalidInput,
            K::Io => Self::Io,
            K::BadResponse => Self::BadResponse,
            K::Server => Self::Server,
            K::Cancelled => Self::Cancelled,
        }
    }
}

impl From<formant_api::ApiError> for IpcError {
    fn from(e: formant_api::ApiError) -> Self {
        let retry_after_secs = match &e {
            formant_api::ApiError::RateLimited { retry_after, .. } => {
                retry_after.map(|d| d.as_secs().max(1))
            }
            _ => None,
        };
        Self {
            kind: e.kind().into(),
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
