//! What the library commands (`sync`, `search`, `triage`, `export`) share: the store of
//! `--data-dir`, and the filters.

use formant_library::{Filter, Store};

use crate::cli::{FilterArgs, LibraryArgs};
use crate::error::CliError;

/// Opens the library of `--data-dir` (or `FORMANT_DATA_DIR`, or the app's data dir).
pub fn open_store(args: &LibraryArgs) -> Result<Store, CliError> {
    let dir = match &args.data_dir {
        Some(dir) => dir.clone(),
        None => formant_library::default_data_dir().ok_or(CliError::NoDataDir)?,
    };
    Ok(Store::open_in(&dir)?)
}

/// The library's filter for the command line's `--status`, `--agent`, `--from` and `--to`.
pub fn filter(args: &FilterArgs) -> Filter {
    Filter {
        statuses: args.status.clone(),
        agent_ids: args.agent.into_iter().collect(),
        from_ms: args.from,
        to_ms: args.to,
        ..Filter::default()
    }
}

/// `2026-03-18 09:30` (UTC) for an epoch-ms instant, `-` without one.
pub fn when(start_ms: Option<i64>) -> String {
    start_ms
        .and_then(chrono::DateTime::from_timestamp_millis)
        .map_or_else(|| "-".into(), |t| t.format("%Y-%m-%d %H:%M").to_string())
}
