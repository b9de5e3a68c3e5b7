//! Bulk export: many calls to a folder or a `.zip`, in one go.
//!
//! The export holds (the README's "Bulk export" section documents the columns):
//! - `transcripts/`: one file per call in one of formant-core's six transcript formats, named
//!   by formant-core's safe file name and made unique within the export ([`names`]). A call
//!   the format cannot hold (subtitles for a call without timings) gets no file; the summary
//!   counts those and says why.
//! - `calls.jsonl`: one line per call, the API's JSON object exactly as handed in.
//! - `calls.csv`: one row per call, metadata then `results` flattened ([`columns`]).
//!
//! Never half-written under the target's name: everything goes into a hidden temp folder or
//! temp zip beside the target (formant-files), renamed into place only when complete. A
//! cancel, an error or a crash leaves the target as it was (an earlier export included).
//!
//! Memory stays small whatever the count: calls stream through one at a time. The CSV header
//! needs every call's result paths, so the CSV is written in a second pass that reads back the
//! `calls.jsonl` just written; only the header's names and a hash per file name are kept.

mod columns;
mod error;
pub mod names;
mod notes;
mod output;
mod record;
mod table;

use std::fs::File;
use std::io::{BufReader, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use formant_core::export::export;
pub use formant_core::export::ExportFormat;
use formant_files::ExistingDir;

pub use crate::columns::{MAX_RESULT_COLUMNS, METADATA_COLUMNS};
pub use crate::error::BulkExportError;
use crate::names::{UniqueNames, TRANSCRIPTS_DIR};
use crate::output::{Output, CSV_NAME, JSONL_NAME};
pub use crate::record::CallRecord;
use crate::table::TablePass;

/// Where the export goes: a path ending in `.zip` (any case) is a zip file, anything else a
/// folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Folder(PathBuf),
    Zip(PathBuf),
}

impl Destination {
    pub fn from_path(path: &Path) -> Self {
        let is_zip = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
        if is_zip {
            Self::Zip(path.to_path_buf())
        } else {
            Self::Folder(path.to_path_buf())
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            Self::Folder(p) | Self::Zip(p) => p,
        }
    }
}

/// What to export where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    pub destination: Destination,
    /// The transcript files' format.
    pub format: ExportFormat,
    /// How many calls the iterator will give, when known (for progress only).
    pub total: Option<u64>,
}

/// Stops an export from another thread; the export then returns
/// [`BulkExportError::Cancelled`] at its next call and deletes what it wrote.
#[derive(Debug, Clone, Default)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Which pass the export is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Transcripts and `calls.jsonl`, one call at a time from the iterator.
    Calls,
    /// `calls.csv`, read back from `calls.jsonl`; `total` is then the number of calls.
    Table,
}

/// Reported after each call of each pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: u64,
    pub total: Option<u64>,
}

/// What a finished export holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub destination: PathBuf,
    pub calls: u64,
    /// Transcript files written.
    pub transcripts: u64,
    /// Calls without a transcript file, because the format cannot hold them.
    pub transcripts_skipped: u64,
    /// Why the first of those was skipped (formant-core's words).
    pub skip_reason: Option<String>,
    /// `results.*` columns in calls.csv.
    pub result_columns: usize,
    /// Result paths left out of calls.csv beyond [`MAX_RESULT_COLUMNS`] (still in calls.jsonl).
    pub result_paths_left_out: usize,
}

/// Writes the export of `calls` (see the crate docs). `progress` is called after every call;
/// `cancel` is checked before every call. On any error the target is as it was.
pub fn export_calls<I, E>(
    calls: I,
    options: &ExportOptions,
    progress: &mut dyn FnMut(Progress),
    cancel: &CancelFlag,
) -> Result<ExportSummary, BulkExportError>
where
    I: IntoIterator<Item = Result<CallRecord, E>>,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let existing = check_destination(&options.destination)?;
    let mut output = Output::create(&options.destination)?;
    let dest = options.destination.path();
    let io_error =
        |e| BulkExportError::io(format!("cannot write the export {}", dest.display()), e);

    let mut jsonl = BufWriter::new(output.jsonl_spool()?);
    let mut notes = BufWriter::new(tempfile::tempfile_in(parent_dir(dest)).map_err(io_error)?);
    let mut names = UniqueNames::default();
    let mut columns = columns::ResultColumns::default();
    let mut summary = ExportSummary {
        destination: dest.to_path_buf(),
        calls: 0,
        transcripts: 0,
        transcripts_skipped: 0,
        skip_reason: None,
        result_columns: 0,
        result_paths_left_out: 0,
    };

    for item in calls {
        if cancel.is_cancelled() {
            return Err(BulkExportError::Cancelled);
        }
        let record = item.map_err(|e| BulkExportError::Source(e.into()))?;
        summary.calls = summary.calls.saturating_add(1);
        let (conversation, line, mut call_notes) = record.into_parts(summary.calls)?;
        jsonl.write_all(line.as_bytes()).map_err(io_error)?;
        jsonl.write_all(b"\n").map_err(io_error)?;
        columns.add(&columns::result_cells(&conversation));
        call_notes.transcript_file = match export(&conversation, options.format) {
            Ok(text) => {
                let name = names.next(&conversation, options.format);
                output.add_transcript(&name, text.as_bytes())?;
                summary.transcripts = summary.transcripts.saturating_add(1);
                format!("{TRANSCRIPTS_DIR}/{name}")
            }
            Err(reason) => {
                summary.transcripts_skipped = summary.transcripts_skipped.saturating_add(1);
                summary
                    .skip_reason
                    .get_or_insert_with(|| reason.to_string());
                String::new()
            }
        };
        notes
            .write_all(call_notes.to_line().as_bytes())
            .map_err(io_error)?;
        progress(Progress {
            stage: Stage::Calls,
            done: summary.calls,
            total: options.total,
        });
    }

    let jsonl = jsonl.into_inner().map_err(|e| io_error(e.into_error()))?;
    let jsonl = output.add_jsonl(jsonl)?;
    let notes = rewound(notes).map_err(io_error)?;
    output.write_csv(|out| {
        TablePass {
            columns: &columns,
            calls: summary.calls,
            progress,
            cancel,
        }
        .write(out, BufReader::new(jsonl), BufReader::new(notes))
    })?;
    if cancel.is_cancelled() {
        return Err(BulkExportError::Cancelled);
    }
    output.commit(existing)?;
    summary.result_columns = columns.names().len();
    summary.result_paths_left_out = columns.left_out();
    Ok(summary)
}

/// Refuses, before any work, a target the export must not replace; says whether a folder
/// there is an earlier export that may be replaced.
fn check_destination(destination: &Destination) -> Result<ExistingDir, BulkExportError> {
    let Destination::Folder(path) = destination else {
        if destination.path().is_dir() {
            return Err(BulkExportError::ZipIsAFolder(
                destination.path().to_path_buf(),
            ));
        }
        return Ok(ExistingDir::KeepIfNotEmpty);
    };
    let Ok(mut entries) = std::fs::read_dir(path) else {
        // Missing (or not a folder: StagedDir says so in words).
        return Ok(ExistingDir::KeepIfNotEmpty);
    };
    if entries.next().is_none() {
        return Ok(ExistingDir::KeepIfNotEmpty);
    }
    if path.join(CSV_NAME).is_file() && path.join(JSONL_NAME).is_file() {
        Ok(ExistingDir::Replace)
    } else {
        Err(BulkExportError::FolderInUse(path.clone()))
    }
}

fn rewound(writer: BufWriter<File>) -> std::io::Result<File> {
    let mut file = writer.into_inner().map_err(|e| e.into_error())?;
    file.rewind()?;
    Ok(file)
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}
