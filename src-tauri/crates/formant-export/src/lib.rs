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
mod library;
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

pub use crate::columns::{FIGURE_COLUMNS, MAX_RESULT_COLUMNS, METADATA_COLUMNS};
pub use crate::error::BulkExportError;
pub use crate::library::{export_library, LibraryExportError};
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
    /// Ids picked one by one ([`formant_library::Picked::Only`]) that are not in the export:
    /// not in the library (or not in its filter), in the order they were asked for.
    pub not_found: Vec<String>,
}

/// Writes the export of `calls` (see the crate docs): [`BulkExport`] fed from an iterator.
/// `progress` is called after every call of each pass; `cancel` is checked before every call.
/// On any error the target is as it was.
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
    let mut export = BulkExport::create(options)?;
    for item in calls {
        if cancel.is_cancelled() {
            return Err(BulkExportError::Cancelled);
        }
        export.add(item.map_err(|e| BulkExportError::Source(e.into()))?)?;
        progress(Progress {
            stage: Stage::Calls,
            done: export.calls(),
            total: options.total,
        });
    }
    export.finish(progress, cancel)
}

/// An export being written, fed one call at a time ([`BulkExport::add`]) — for a source that
/// pushes calls (a store's visitor) rather than an iterator. Nothing is under the target's
/// name until [`BulkExport::finish`]; dropping it unfinished deletes what it wrote.
pub struct BulkExport {
    output: Output,
    existing: ExistingDir,
    format: ExportFormat,
    jsonl: BufWriter<File>,
    notes: BufWriter<File>,
    names: UniqueNames,
    columns: columns::ResultColumns,
    summary: ExportSummary,
}

impl BulkExport {
    /// Checks the target (a folder that is not an earlier export is refused before any work)
    /// and starts the temp folder or temp zip beside it.
    pub fn create(options: &ExportOptions) -> Result<Self, BulkExportError> {
        let existing = check_destination(&options.destination)?;
        let output = Output::create(&options.destination)?;
        let dest = options.destination.path();
        let jsonl = BufWriter::new(output.jsonl_spool()?);
        let notes = tempfile::tempfile_in(parent_dir(dest))
            .map_err(|e| BulkExportError::io(cannot_write(dest), e))?;
        Ok(Self {
            output,
            existing,
            format: options.format,
            jsonl,
            notes: BufWriter::new(notes),
            names: UniqueNames::default(),
            columns: columns::ResultColumns::default(),
            summary: ExportSummary {
                destination: dest.to_path_buf(),
                calls: 0,
                transcripts: 0,
                transcripts_skipped: 0,
                skip_reason: None,
                result_columns: 0,
                result_paths_left_out: 0,
                not_found: Vec::new(),
            },
        })
    }

    /// Calls added so far.
    pub fn calls(&self) -> u64 {
        self.summary.calls
    }

    /// Adds one call: its transcript file, its `calls.jsonl` line, its result paths.
    pub fn add(&mut self, record: CallRecord) -> Result<(), BulkExportError> {
        let number = self.summary.calls.saturating_add(1);
        let (conversation, line, mut notes) = record.into_parts(number)?;
        let dest = self.summary.destination.clone();
        let io_error = |e| BulkExportError::io(cannot_write(&dest), e);
        self.jsonl.write_all(line.as_bytes()).map_err(io_error)?;
        self.jsonl.write_all(b"\n").map_err(io_error)?;
        self.columns.add(&columns::result_cells(&conversation));
        notes.transcript_file = match export(&conversation, self.format) {
            Ok(text) => {
                let name = self.names.next(&conversation, self.format);
                self.output.add_transcript(&name, text.as_bytes())?;
                self.summary.transcripts = self.summary.transcripts.saturating_add(1);
                format!("{TRANSCRIPTS_DIR}/{name}")
            }
            Err(reason) => {
                self.summary.transcripts_skipped =
                    self.summary.transcripts_skipped.saturating_add(1);
                self.summary
                    .skip_reason
                    .get_or_insert_with(|| reason.to_string());
                String::new()
            }
        };
        self.notes
            .write_all(notes.to_line().as_bytes())
            .map_err(io_error)?;
        self.summary.calls = number;
        Ok(())
    }

    /// Writes `calls.csv` (the second pass, reported as [`Stage::Table`]) and puts the export
    /// in place: a folder renamed in (replacing an earlier export there), a zip renamed over
    /// the target file.
    pub fn finish(
        mut self,
        progress: &mut dyn FnMut(Progress),
        cancel: &CancelFlag,
    ) -> Result<ExportSummary, BulkExportError> {
        let dest = self.summary.destination.clone();
        let io_error = |e| BulkExportError::io(cannot_write(&dest), e);
        let jsonl = self
            .jsonl
            .into_inner()
            .map_err(|e| io_error(e.into_error()))?;
        let jsonl = self.output.add_jsonl(jsonl)?;
        let notes = rewound(self.notes).map_err(io_error)?;
        let columns = &self.columns;
        let calls = self.summary.calls;
        self.output.write_csv(|out| {
            TablePass {
                columns,
                calls,
                progress,
                cancel,
            }
            .write(out, BufReader::new(jsonl), BufReader::new(notes))
        })?;
        if cancel.is_cancelled() {
            return Err(BulkExportError::Cancelled);
        }
        self.output.commit(self.existing)?;
        self.summary.result_columns = self.columns.names().len();
        self.summary.result_paths_left_out = self.columns.left_out();
        Ok(self.summary)
    }
}

fn cannot_write(path: &Path) -> String {
    format!("cannot write the export {}", path.display())
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
    match folder_state(path) {
        // Missing (or not a folder: StagedDir says so in words).
        FolderState::Free => Ok(ExistingDir::KeepIfNotEmpty),
        FolderState::EarlierExport => Ok(ExistingDir::Replace),
        FolderState::InUse => Err(BulkExportError::FolderInUse(path.clone())),
    }
}

/// What a folder target holds now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FolderState {
    /// Missing, empty, or not a folder that can be read.
    Free,
    /// An earlier export (calls.csv and calls.jsonl): an export may replace it.
    EarlierExport,
    /// Anything else: an export must not go there.
    InUse,
}

fn folder_state(path: &Path) -> FolderState {
    let Ok(mut entries) = std::fs::read_dir(path) else {
        return FolderState::Free;
    };
    if entries.next().is_none() {
        FolderState::Free
    } else if path.join(CSV_NAME).is_file() && path.join(JSONL_NAME).is_file() {
        FolderState::EarlierExport
    } else {
        FolderState::InUse
    }
}

/// Where an export goes when the user picked the folder `chosen` for it (the app's folder
/// dialog): `chosen` itself when it is empty or an earlier export (replaced), otherwise a new
/// folder `name` inside it — `name-2`, `name-3`… when that is taken — so picking a busy folder
/// such as Documents never mixes the export into it nor fails.
pub fn folder_in(chosen: &Path, name: &str) -> PathBuf {
    if folder_state(chosen) != FolderState::InUse {
        return chosen.to_path_buf();
    }
    let mut n: u32 = 1;
    loop {
        let candidate = if n == 1 {
            chosen.join(name)
        } else {
            chosen.join(format!("{name}-{n}"))
        };
        // A name taken by a file or a busy folder is skipped; the numbers run out only after
        // four billion exports in one folder, and then the last is refused by the export.
        if !candidate.exists() || n == u32::MAX {
            return candidate;
        }
        n = n.saturating_add(1);
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
