//! Why a bulk export stopped. Messages are for the person who asked for the export; the
//! target is always left as it was when one of these is returned.

use std::path::PathBuf;

use formant_core::ConversationError;

/// Every way [`crate::export_calls`] can fail.
#[derive(Debug, thiserror::Error)]
pub enum BulkExportError {
    #[error("the export was cancelled; the target was left as it was")]
    Cancelled,
    #[error("could not read the calls to export: {0}")]
    Source(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("call number {number} of the export is not valid JSON: {source}")]
    NotJson {
        number: u64,
        #[source]
        source: serde_json::Error,
    },
    #[error("call number {number} of the export is not a conversation: {source}")]
    NotAConversation {
        number: u64,
        #[source]
        source: ConversationError,
    },
    #[error(
        "{} already exists and is not an earlier export (it has no calls.csv and calls.jsonl); \
         choose an empty or new folder",
        .0.display()
    )]
    FolderInUse(PathBuf),
    #[error("{} is a folder; a .zip export needs a file name", .0.display())]
    ZipIsAFolder(PathBuf),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("could not write the zip file: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("could not write calls.csv: {0}")]
    Csv(#[from] csv::Error),
}

impl BulkExportError {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io {
            context: context.into(),
            source,
        }
    }
}
