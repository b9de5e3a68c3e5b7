//! `formant`: the FormantAI Voice API from the command line. A thin front end over the same
//! crates as the desktop app (see `formant --help`).

mod cli;
mod commands;
mod error;
mod interrupt;
mod output;
mod peaks;
mod progress;
mod table;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Commands, ConversationsCommand, RecordingCommand, TranscriptCommand};
use crate::error::CliError;
use crate::interrupt::Interrupt;

fn main() -> ExitCode {
    let cli = Cli::parse();
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
        // Dropped on a signal, which removes what it was writing.
        _ => interrupt.guard(run_command(cli)).await,
    }
}

async fn run_command(cli: &Cli) -> Result<(), CliError> {
    use commands::{conversations, recording, transcript};
    match &cli.command {
        Commands::Sandbox(_) | Commands::Peaks(_) => Ok(()), // handled in `run_async`
        Commands::Conversations(command) => {
            let client = commands::client(&cli.api)?;
            match command {
                ConversationsCommand::List(args) => conversations::list(&client, args).await,
                ConversationsCommand::Get(args) => conversations::get(&client, args).await,
            }
        }
        Commands::Recording(RecordingCommand::Download(args)) => {
            recording::download(&commands::client(&cli.api)?, args).await
        }
        Commands::Transcript(TranscriptCommand::Export(args)) => {
            transcript::export_transcript(&commands::client(&cli.api)?, args).await
        }
    }
}
