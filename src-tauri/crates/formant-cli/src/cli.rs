//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use formant_core::export::ExportFormat;
use formant_core::Region;

use crate::peaks::PeaksArgs;

#[derive(Parser, Debug)]
#[command(
    name = "formant",
    version,
    about = "Review FormantAI Voice calls from the command line",
    after_help = "The API key is read from FORMANT_API_KEY and never printed.\n\n\
        Exit codes: 0 ok, 2 usage, 3 key missing or rejected, 4 not found or no recording,\n\
        5 rate limited, 6 network or timeout, 7 API error or unreadable response,\n\
        8 file error, 9 invalid input, 10 export impossible, 11 audio file error,\n\
        130 interrupted (Ctrl-C), 143 terminated (SIGTERM); a file being written is then removed\n\
        and the file it would have replaced is left as it was."
)]
pub struct Cli {
    #[command(flatten)]
    pub api: ApiArgs,

    #[command(subcommand)]
    pub command: Commands,
}

/// Which API to talk to; accepted before or after the subcommand.
#[derive(Args, Debug)]
pub struct ApiArgs {
    /// The account's region: global or in (India).
    #[arg(long, global = true, env = "FORMANT_REGION", value_parser = parse_region)]
    pub region: Option<Region>,

    /// Talk to this base URL instead of a region's (a proxy, `formant sandbox`). Wins over
    /// --region.
    #[arg(long, global = true, env = "FORMANT_BASE_URL", value_name = "URL")]
    pub base_url: Option<String>,
}

impl ApiArgs {
    pub fn region(&self) -> Region {
        match (&self.base_url, &self.region) {
            (Some(url), _) => Region::Custom(url.clone()),
            (None, Some(region)) => region.clone(),
            (None, None) => Region::Global,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Commands {
    /// List and show conversations.
    #[command(subcommand)]
    Conversations(ConversationsCommand),
    /// Download call recordings.
    #[command(subcommand)]
    Recording(RecordingCommand),
    /// Export transcripts to files.
    #[command(subcommand)]
    Transcript(TranscriptCommand),
    /// Compute the waveform peaks of a WAV file.
    Peaks(PeaksArgs),
    /// Run a local FormantAI sandbox server with sample calls until Ctrl-C.
    Sandbox(SandboxArgs),
}

#[derive(Subcommand, Debug)]
pub enum ConversationsCommand {
    /// List the account's conversations, newest first.
    List(ListArgs),
    /// Show one conversation: metadata, results and transcript.
    Get(GetArgs),
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Only this agent's calls.
    #[arg(long, value_name = "N")]
    pub agent_id: Option<i64>,
    /// Calls per page, 1 to 100.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub limit: u32,
    /// Skip this many calls.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: u64,
    /// Page through every call (ignores --limit and --offset).
    #[arg(long, conflicts_with_all = ["limit", "offset"])]
    pub all: bool,
    /// Print JSON (the API's records as sent) instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct GetArgs {
    pub id: String,
    /// Print the conversation's JSON exactly as the API sent it.
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum RecordingCommand {
    /// Download a call's recording.
    Download(DownloadArgs),
}

#[derive(Args, Debug)]
pub struct DownloadArgs {
    pub id: String,
    /// Where to save the recording (replaced only once the download is complete and is a
    /// WAV recording that plays).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum TranscriptCommand {
    /// Export a call's transcript.
    Export(ExportArgs),
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    pub id: String,
    /// txt, md, json, csv, srt or vtt.
    #[arg(short, long, value_name = "FMT", value_parser = parse_format)]
    pub format: ExportFormat,
    /// The file to write, `-` for standard output. Default: a name made from the call's
    /// date and id, in the current folder.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct SandboxArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// The API key the sandbox accepts.
    #[arg(long, default_value = "sandbox")]
    pub key: String,
    /// Serve a deterministic account of N calls (with an extra one-hour call) instead of the
    /// default sample account, e.g. for measuring the app with 10,000 calls.
    #[arg(long, value_name = "N")]
    pub conversations: Option<usize>,
}

fn parse_region(text: &str) -> Result<Region, String> {
    Region::parse(text).map_err(|e| e.to_string())
}

fn parse_format(text: &str) -> Result<ExportFormat, String> {
    text.parse::<ExportFormat>().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_go_before_or_after_the_subcommand() {
        for argv in [
            ["formant", "--region", "in", "conversations", "list"],
            ["formant", "conversations", "--region", "in", "list"],
            ["formant", "conversations", "list", "--region", "in"],
        ] {
            let cli = Cli::try_parse_from(argv).expect("parses");
            assert_eq!(cli.api.region(), Region::India, "{argv:?}");
        }
        let cli = Cli::try_parse_from([
            "formant",
            "conversations",
            "get",
            "x",
            "--region",
            "in",
            "--base-url",
            "http://127.0.0.1:1",
        ])
        .expect("parses");
        assert_eq!(
            cli.api.region(),
            Region::Custom("http://127.0.0.1:1".into())
        );
        assert!(
            Cli::try_parse_from(["formant", "--region", "eu", "conversations", "list"]).is_err()
        );
    }

    #[test]
    fn all_excludes_limit_and_offset() {
        assert!(
            Cli::try_parse_from(["formant", "conversations", "list", "--all", "--limit", "5"])
                .is_err()
        );
        let cli = Cli::try_parse_from(["formant", "transcript", "export", "x", "--format", "md"])
            .expect("parses");
        let Commands::Transcript(TranscriptCommand::Export(args)) = cli.command else {
            panic!("wrong command");
        };
        assert_eq!(args.format, ExportFormat::Markdown);
        assert!(
            Cli::try_parse_from(["formant", "transcript", "export", "x", "--format", "doc"])
                .is_err()
        );
    }

    #[test]
    fn sandbox_size_is_optional_and_numeric() {
        let parse = |argv: &[&str]| match Cli::try_parse_from(argv).map(|cli| cli.command) {
            Ok(Commands::Sandbox(args)) => Ok(args.conversations),
            Ok(_) => panic!("wrong command"),
            Err(error) => Err(error),
        };
        assert_eq!(parse(&["formant", "sandbox"]).expect("parses"), None);
        assert_eq!(
            parse(&["formant", "sandbox", "--conversations", "10000"]).expect("parses"),
            Some(10_000)
        );
        assert!(parse(&["formant", "sandbox", "--conversations", "many"]).is_err());
        assert!(parse(&["formant", "sandbox", "--conversations", "-5"]).is_err());
    }
}
