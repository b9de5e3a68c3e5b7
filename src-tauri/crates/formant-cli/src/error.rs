//! Every way a command can fail, as one line for a person and an exit code for a script.

use std::process::ExitCode;

use std::path::PathBuf;

use formant_analysis::AnalysisError;
use formant_api::{ApiError, ErrorKind};
use formant_audio::peaks::PeaksError;
use formant_audio::DecodeError;
use formant_core::export::ExportError;
use formant_export::BulkExportError;
use formant_sandbox::SandboxError;

use crate::commands::analyze::TranscriptFileError;
use crate::interrupt::Signal;
use crate::terminal::{escape_controls, Layout};

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("no API key: set FORMANT_API_KEY to the account's key")]
    MissingKey,
    #[error("FORMANT_API_KEY is set but is not text (it is not valid UTF-8); an API key is plain ASCII: set it again")]
    KeyNotText,
    #[error("{name} is set to a value that cannot be used (FORMANT_TIMEOUT: seconds from 0.1 to 3600; FORMANT_RETRIES: 0 to 10)")]
    BadSetting { name: &'static str },
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("cannot export this transcript: {0}")]
    Export(#[from] ExportError),
    #[error(transparent)]
    Peaks(#[from] PeaksError),
    #[error("cannot analyse the recording: {0}")]
    Analysis(#[from] AnalysisError),
    #[error(transparent)]
    TranscriptFile(#[from] TranscriptFileError),
    #[error(transparent)]
    BulkExport(#[from] BulkExportError),
    #[error("the sandbox could not start: {0}")]
    Sandbox(#[from] SandboxError),
    #[error("{}; {} was left as it was", .source.as_download_problem(), .path.display())]
    NotARecording { path: PathBuf, source: DecodeError },
    #[error("interrupted by {}; no file was changed", .0.name())]
    Interrupted(Signal),
    #[error(transparent)]
    Library(#[from] formant_library::LibraryError),
    #[error(transparent)]
    Sync(#[from] formant_library::sync::SyncError),
    #[error("the sync did not finish: {failed} call(s) could not be fetched; run `formant sync --details` again to retry them")]
    SyncUnfinished { failed: u64 },
    #[error("no data dir on this system to keep the library in: give one with --data-dir DIR")]
    NoDataDir,
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl From<formant_export::LibraryExportError> for CliError {
    fn from(e: formant_export::LibraryExportError) -> Self {
        match e {
            formant_export::LibraryExportError::Library(e) => Self::Library(e),
            formant_export::LibraryExportError::Export(e) => Self::BulkExport(e),
        }
    }
}

impl CliError {
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io {
            context: context.into(),
            source,
        }
    }

    /// Distinct codes per kind of failure, so scripts can tell "fix the key" from "try
    /// again later" (listed in `formant --help`).
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::MissingKey | Self::KeyNotText => 3,
            Self::BadSetting { .. } => 9,
            Self::Api(e) => api_exit_code(e.kind()),
            Self::NotARecording { .. } => 7,
            Self::Interrupted(signal) => signal.exit_code(),
            Self::Io { .. } | Self::Sandbox(_) => 8,
            Self::Export(_) => 10,
            Self::Peaks(_) => 11,
            Self::Analysis(AnalysisError::InvalidMinSilence(_)) => 9,
            Self::Analysis(_) => 11,
            Self::TranscriptFile(TranscriptFileError::Read { .. }) => 8,
            Self::TranscriptFile(_) => 9,
            Self::BulkExport(e) => match e {
                BulkExportError::Cancelled => 130,
                BulkExportError::FolderInUse(_) | BulkExportError::ZipIsAFolder(_) => 9,
                BulkExportError::NotJson { .. } | BulkExportError::NotAConversation { .. } => 7,
                BulkExportError::Source(_)
                | BulkExportError::Io { .. }
                | BulkExportError::Zip(_)
                | BulkExportError::Csv(_) => 8,
            },
            Self::Library(e) if e.is_corrupt() => 12,
            Self::Library(formant_library::LibraryError::InvalidQuery(_)) => 9,
            Self::Library(_) | Self::NoDataDir => 8,
            Self::Sync(e) => match e {
                formant_library::sync::SyncError::Api(api) => api_exit_code(api.kind()),
                formant_library::sync::SyncError::Library(_) => 8,
                formant_library::sync::SyncError::TooManyFailures { .. } => 7,
            },
            Self::SyncUnfinished { .. } => 7,
        }
    }

    /// The one line printed on stderr: `formant: <message>`, with any line breaks of an
    /// underlying message folded so the failure stays on one line.
    /// Control characters left (an API message is the server's text) are shown escaped.
    pub fn one_line(&self) -> String {
        let text = self.to_string();
        let folded: Vec<&str> = text.split_whitespace().collect();
        let line = format!("formant: {}", folded.join(" "));
        escape_controls(&line, Layout::Inline).into_owned()
    }

    pub fn report(&self) -> ExitCode {
        eprintln!("{}", self.one_line());
        ExitCode::from(self.exit_code())
    }
}

/// The exit code of an API failure, by its kind.
fn api_exit_code(kind: ErrorKind) -> u8 {
    match kind {
        ErrorKind::Auth => 3,
        ErrorKind::NotFound | ErrorKind::RecordingUnavailable => 4,
        ErrorKind::RateLimited => 5,
        ErrorKind::Network | ErrorKind::Timeout => 6,
        ErrorKind::Server | ErrorKind::BadResponse => 7,
        ErrorKind::Io => 8,
        ErrorKind::InvalidInput => 9,
        ErrorKind::Cancelled => 130,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_print_one_line_with_a_distinct_code() {
        let auth = CliError::Api(ApiError::Auth {
            status: 401,
            api: formant_api::ApiErrorBody::parse(
                br#"{"error":{"message":"Invalid\nAPI key","type":"authentication_error"}}"#,
            ),
        });
        assert_eq!(
            auth.one_line(),
            "formant: the API key was rejected (401): Invalid API key"
        );
        assert_eq!(auth.exit_code(), 3);
        let io = CliError::io(
            "cannot write out.txt",
            std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied"),
        );
        assert_eq!(io.one_line(), "formant: cannot write out.txt: denied");
        assert_eq!(io.exit_code(), 8);
        let hostile = CliError::Api(ApiError::Auth {
            status: 401,
            api: formant_api::ApiErrorBody::parse(
                br#"{"error":{"message":"\u001b]0;owned\u0007bad \u202ekey"}}"#,
            ),
        });
        assert_eq!(
            hostile.one_line(),
            "formant: the API key was rejected (401): \\u{1b}]0;owned\\u{7}bad \\u{202e}key"
        );
        assert_ne!(
            CliError::Api(ApiError::Timeout).exit_code(),
            CliError::Api(ApiError::InvalidInput("x".into())).exit_code()
        );
    }
}
