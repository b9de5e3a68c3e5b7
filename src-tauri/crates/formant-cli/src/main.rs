//! `formant`: the FormantAI Voice API from the command line. A thin front end over the same
//! crates as the desktop app (see `formant --help`).

mod atomic;
mod cli;
mod commands;
mod error;
mod output;
mod peaks;
mod progress;
mod table;
mod terminal;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Commands, ConversationsCommand, RecordingCommand, TranscriptCommand};
use crate::error::CliError;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => err.report(),
    }
}

fn run(cli: &Cli) -> Result<(), CliError> {
    if let Commands::Peaks(args) = &cli.command {
        return Ok(peaks::run(args)?);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::io("cannot start the async runtime", e))?;
    runtime.block_on(run_async(cli))
}

async fn run_async(cli: &Cli) -> Result<(), CliError> {
    use commands::{conversations, recording, sandbox, transcript};
    match &cli.command {
        Commands::Sandbox(args) => sandbox::serve(args).await,
        Commands::Peaks(_) => Ok(()), // handled in `run`, without a runtime
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
