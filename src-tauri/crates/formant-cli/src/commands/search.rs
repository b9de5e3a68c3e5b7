//! `formant search`: over the library (formant-library).

use crate::cli::SearchArgs;
use crate::commands::library::open_store;
use crate::error::CliError;

pub fn run(args: &SearchArgs) -> Result<(), CliError> {
    let _store = open_store(&args.library)?;
    Err(CliError::NoDataDir)
}
