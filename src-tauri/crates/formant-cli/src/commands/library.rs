//! The library the library commands (`sync`, `search`, `triage`, `export`) share.

use formant_library::Store;

use crate::cli::LibraryArgs;
use crate::error::CliError;

/// Opens the library of `--data-dir` (or `FORMANT_DATA_DIR`, or the app's data dir).
pub fn open_store(args: &LibraryArgs) -> Result<Store, CliError> {
    let dir = match &args.data_dir {
        Some(dir) => dir.clone(),
        None => formant_library::default_data_dir().ok_or(CliError::NoDataDir)?,
    };
    Ok(Store::open_in(&dir)?)
}
