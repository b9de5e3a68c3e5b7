//! `formant`: the FormantAI Voice API from the command line. A thin front end over the same
//! crates as the desktop app (see `formant --help`).

mod cli;
mod commands;
mod error;
mod interrupt;
mod logging;
mod output;
mod peaks;
mod progress;
mod table;
mod terminal;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Commands, ConversationsCommand, RecordingCommand, TranscriptCommand};
use crate::error::CliError;
use crate::interrupt::Interrupt;

fn main() -> ExitCode {
    let cli = Cli::parse();
    logging::install(cli.verbose);
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => err.report(),
    }
}

fn run(cli: &Cli) -> Result<(), CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::io("cannot start the async runtime", e))?;
    let result = runtime.block_on(run_async(cli));
    // A blocking thread still busy after a signal (a peaks computation, a FIFO nobody reads)
    // holds none of our files; it must not hold up the exit.
    runtime.shutdown_background();
    result
}

async fn run_async(cli: &Cli) -> Result<(), CliError> {
    if let Commands::Sandbox(args) = &cli.command {
        // Serves until Ctrl-C, then shuts down cleanly and exits 0.
        return commands::sandbox::serve(args).await;
    }
    let interrupt = Interrupt::listen().map_err(|e| CliError::io("cannot listen for Ctrl-C", e))?;
    match &cli.command {
        // Waits for its writing thread to remove its temp file before it returns.
        Commands::Peaks(args) => peaks::run(args, &interrupt).await,
        Commands::Analyze(args) => commands::analyze::run(args, &interrupt).await,
        // Waits for the export to delete its temp folder or temp zip before it returns.
        Commands::Export(args) => commands::export::run(args, &interrupt).await,
        // Dropped on a signal, which removes what it was writing.
        _ => interrupt.guard(run_command(cli)).await,
    }
}

async fn run_command(cli: &Cli) -> Result<(), CliError> {
    use commands::{conversations, recording, transcript};
    match &cli.command {
        // Handled in `run_async`.
        Commands::Sandbox(_) | Commands::Peaks(_) | Commands::Export(_) | Commands::Analyze(_) => {
            Ok(())
        }
        Commands::Sync(args) => commands::sync::run(args).await,
        Commands::Search(args) => commands::search::run(args),
        Commands::Triage(args) => commands::triage::run(args),
        Commands::Conversations(group) => {
            let client = commands::client(&group.api)?;
            match &group.command {
                ConversationsCommand::List(args) => conversations::list(&client, args).await,
                ConversationsCommand::Get(args) => conversations::get(&client, args).await,
            }
        }
        Commands::Recording(group) => {
            let RecordingCommand::Download(args) = &group.command;
            recording::download(&commands::client(&group.api)?, args).await
        }
        Commands::Transcript(group) => {
            let TranscriptCommand::Export(args) = &group.command;
            transcript::export_transcript(&commands::client(&group.api)?, args).await
        }
    }
}
