//! `formant triage`: over the library (formant-library).

use crate::cli::TriageArgs;
use crate::commands::library::open_store;
use crate::error::CliError;

pub fn run(args: &TriageArgs) -> Result<(), CliError> {
    let _store = open_store(&args.library)?;
    Err(CliError::NoDataDir)
}
