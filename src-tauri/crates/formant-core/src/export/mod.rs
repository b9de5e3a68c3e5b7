//! Transcript export: plain text, Markdown, JSON, CSV, SubRip and WebVTT.
//!
//! Every export is built in memory as a `String`; writing it to disk (to a temp file beside the
//! target, then renamed) is the caller's job, so a failed export never touches a file.
//!
//! Rules shared by all formats (each format's module documents its own):
//! - Text is never altered beyond the escaping a format needs; text in any script (Devanagari,
//!   Tamil, emoji, ...) is written byte for byte.
//! - Times are seconds from the start of the call, as the transcript gives them.
//! - A call without a transcript, or with an empty one, still exports to txt, md, json and
//!   csv (txt and md say "No transcript."; csv is its header row), while srt and vtt refuse
//!   with a typed error: subtitles without cues are not a file anyone wants.
//! - Subtitles need a time for every turn; times are never invented ([`ExportError::NoTimes`]).

mod clock;
mod csv_table;
mod error;
mod file_name;
mod format;
mod header;
mod json;
mod markdown;
mod plain_text;
mod subtitles;

use serde::Serialize;

use crate::Conversation;

pub use error::ExportError;
pub use format::ExportFormat;

/// The conversation in the given format.
pub fn export(conversation: &Conversation, format: ExportFormat) -> Result<String, ExportError> {
    match format {
        ExportFormat::Txt => Ok(plain_text::render(conversation)),
        ExportFormat::Markdown => markdown::render(conversation),
        ExportFormat::Json => json::render(conversation),
        ExportFormat::Csv => csv_table::render(conversation),
        ExportFormat::Srt => subtitles::srt(conversation),
        ExportFormat::Vtt => subtitles::vtt(conversation),
    }
}

/// Whether [`export`] can succeed for this format, without building the file; the error says
/// why not (the UI shows it beside the greyed-out choice).
pub fn availability(conversation: &Conversation, format: ExportFormat) -> Result<(), ExportError> {
    if format.needs_times() {
        subtitles::check(conversation)
    } else {
        Ok(())
    }
}

/// A name for the exported file, safe on every OS: `call-<start date>-<id>.<ext>` (see
/// `file_name.rs` for the rules).
pub fn default_file_name(conversation: &Conversation, format: ExportFormat) -> String {
    file_name::default_file_name(conversation, format)
}

/// The CSV export's header row.
pub fn csv_columns() -> [&'static str; 5] {
    csv_table::COLUMNS
}

/// One entry of the export menu, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ExportOption {
    pub format: ExportFormat,
    pub label: String,
    pub extension: String,
    pub default_file_name: String,
    /// Why this format cannot be exported for this call; null when it can.
    pub unavailable_reason: Option<String>,
}

/// Every format with its availability for this call, in [`ExportFormat::ALL`] order.
pub fn options(conversation: &Conversation) -> Vec<ExportOption> {
    ExportFormat::ALL
        .into_iter()
        .map(|format| ExportOption {
            format,
            label: format.label().to_owned(),
            extension: format.extension().to_owned(),
            default_file_name: default_file_name(conversation, format),
            unavailable_reason: availability(conversation, format)
                .err()
                .map(|e| e.to_string()),
        })
        .collect()
}
