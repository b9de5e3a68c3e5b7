//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use formant_core::export::ExportFormat;
use formant_core::Region;
use formant_library::TriageBy;
use formant_sandbox::{FaultSpec, FAULT_HELP};

use crate::commands::analyze::AnalyzeArgs;
use crate::commands::export::BulkExportArgs;
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
        12 library damaged (rebuild it),\n\
        130 interrupted (Ctrl-C), 143 terminated (SIGTERM); a file being written is then removed\n\
        and the file it would have replaced is left as it was."
)]
pub struct Cli {
    /// Log what happens to stderr: -v requests, retries and downloads; -vv more detail.
    /// RUST_LOG (e.g. `formant_api=debug`) chooses instead when set. The key is never logged.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Commands,
}

/// Which API to talk to. Only the commands that call the API take these options; they go
/// anywhere after the command's name (`formant conversations --region in list`,
/// `formant conversations list --region in`).
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

/// Where the library is. Only the library commands (`sync`, `search`, `triage`, `export`)
/// take it; it goes anywhere after the command's name.
#[derive(Args, Debug, Clone)]
pub struct LibraryArgs {
    /// The folder that holds the library (`library.sqlite3`). Default: the app's data dir, so
    /// the app and the CLI share one library (Linux: ~/.local/share/dev.formant.desk).
    #[arg(long, global = true, env = "FORMANT_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Commands {
    /// List and show conversations.
    Conversations(ApiCommand<ConversationsCommand>),
    /// Download call recordings.
    Recording(ApiCommand<RecordingCommand>),
    /// Export transcripts to files.
    Transcript(ApiCommand<TranscriptCommand>),
    /// Compute the waveform peaks of a WAV file.
    Peaks(PeaksArgs),
    /// Measure a recording: response latency, interruptions, dead air and talk time.
    Analyze(AnalyzeArgs),
    /// Run a local FormantAI sandbox server with sample calls until Ctrl-C.
    Sandbox(SandboxArgs),
    /// Bring the account's calls into the library (new and changed ones; --details: their
    /// transcripts and results too).
    Sync(SyncArgs),
    /// Search the library's calls: transcripts, results, failure reasons, numbers and ids.
    Search(SearchArgs),
    /// Count the library's calls by status, reason, agent, day or hour.
    Triage(TriageArgs),
    /// Export the library's calls (all, or those the filters pick) to a folder or a .zip:
    /// a transcript file per call, calls.csv and calls.jsonl.
    Export(BulkExportArgs),
}

/// The filters the library commands share. Dates are days in UTC (`2026-03-18`) or instants
/// (`2026-03-18T09:30:00Z`); `--to` includes the whole day it names.
#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Only calls with this status (repeatable: any of them), e.g. failed, no_answer.
    #[arg(long, value_name = "S")]
    pub status: Vec<String>,
    /// Only this agent's calls.
    #[arg(long, value_name = "N")]
    pub agent: Option<i64>,
    /// Only calls that started on or after this date.
    #[arg(long, value_name = "DATE", value_parser = parse_from)]
    pub from: Option<i64>,
    /// Only calls that started on or before this date (the whole day, for a day).
    #[arg(long, value_name = "DATE", value_parser = parse_to)]
    pub to: Option<i64>,
}

#[derive(Args, Debug)]
pub struct SyncArgs {
    /// Also fetch each new or changed call's details (transcript, results, failure reason).
    #[arg(long)]
    pub details: bool,
    /// Detail requests in flight at once, 1 to 16.
    #[arg(long, default_value_t = 8, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=16))]
    pub concurrency: u16,
    /// Walk the whole list, not only down to the calls the library already has.
    #[arg(long)]
    pub full: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub api: ApiArgs,
    #[command(flatten)]
    pub library: LibraryArgs,
}

#[derive(Args, Debug)]
pub struct SearchArgs {
    /// Words to find (every one must occur); "quoted words" must occur together.
    pub query: String,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// At most this many results (the total is counted in full).
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub limit: u32,
    /// Print JSON: {"total": N, "results": [...]}.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub library: LibraryArgs,
}

#[derive(Args, Debug)]
pub struct TriageArgs {
    /// What to group by: category, status, reason, agent, day or hour (UTC).
    #[arg(long, default_value = "category", value_parser = parse_triage_by)]
    pub by: TriageBy,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Response latency per group instead of counts: the median of the analysed calls' p50 and
    /// the 90th percentile of their p90 (calls the app analysed; others are left out).
    #[arg(long)]
    pub latency: bool,
    /// Print JSON: {"by": ..., "groups": [...]}.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub library: LibraryArgs,
}

/// A group of commands that call the API: the API options, then the command.
#[derive(Args, Debug)]
pub struct ApiCommand<C: Subcommand> {
    #[command(flatten)]
    pub api: ApiArgs,
    #[command(subcommand)]
    pub command: C,
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
    /// Port on 127.0.0.1 (0 picks a free one; the first line printed names it).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// The API key the sandbox accepts.
    #[arg(long, default_value = "sandbox")]
    pub key: String,
    /// Serve a deterministic account of N calls (with an extra one-hour call) instead of the
    /// default sample account, e.g. for measuring the app with 10,000 calls. Any size takes the
    /// same memory: calls past the sample ones are generated from their place in the list.
    #[arg(long, value_name = "N")]
    pub conversations: Option<usize>,
    /// Make the sandbox misbehave (repeatable), e.g. rate-limit, latency=300ms, cut-body;
    /// `--help` lists every fault.
    #[arg(long = "fault", value_name = "FAULT", long_help = FAULT_HELP)]
    pub faults: Vec<FaultSpec>,
    /// Also serve POST /_sandbox/faults ({"fault": "FAULT"}) and DELETE /_sandbox/faults, so a
    /// running test can switch faults on and off; POST /_sandbox/advance ({"new_calls": N,
    /// "revise": [ID...]}), so calls arrive (in progress, then final, then with a recording,
    /// one advance at a time) and old calls change; GET /_sandbox/requests, the requests
    /// counted by endpoint.
    #[arg(long)]
    pub control_api: bool,
}

fn parse_region(text: &str) -> Result<Region, String> {
    Region::parse(text).map_err(|e| e.to_string())
}

/// The first instant of a date: a day (`2026-03-18`, UTC) or an RFC 3339 instant, as epoch ms.
fn parse_from(text: &str) -> Result<i64, String> {
    parse_date(text, false)
}

/// The last instant of a date (a whole day for a day), as epoch ms.
fn parse_to(text: &str) -> Result<i64, String> {
    parse_date(text, true)
}

fn parse_date(text: &str, end_of_day: bool) -> Result<i64, String> {
    let text = text.trim();
    if let Ok(day) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let start = day
            .and_time(chrono::NaiveTime::MIN)
            .and_utc()
            .timestamp_millis();
        return Ok(if end_of_day {
            start.saturating_add(86_400_000 - 1)
        } else {
            start
        });
    }
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.timestamp_millis())
        .map_err(|_| format!("{text:?} is not a date: use 2026-03-18 or 2026-03-18T09:30:00Z"))
}

fn parse_triage_by(text: &str) -> Result<TriageBy, String> {
    TriageBy::from_name(text).ok_or_else(|| {
        let names: Vec<&str> = TriageBy::ALL.iter().map(|by| by.name()).collect();
        format!("use one of {}", names.join(", "))
    })
}

pub(crate) fn parse_format(text: &str) -> Result<ExportFormat, String> {
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

    fn api_of(cli: &Cli) -> &ApiArgs {
        match &cli.command {
            Commands::Conversations(group) => &group.api,
            Commands::Recording(group) => &group.api,
            Commands::Transcript(group) => &group.api,
            _ => panic!("no API options"),
        }
    }

    #[test]
    fn api_options_go_before_or_after_the_api_subcommand() {
        for argv in [
            ["formant", "conversations", "--region", "in", "list"],
            ["formant", "conversations", "list", "--region", "in"],
        ] {
            let cli = Cli::try_parse_from(argv).expect("parses");
            assert_eq!(api_of(&cli).region(), Region::India, "{argv:?}");
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
            api_of(&cli).region(),
            Region::Custom("http://127.0.0.1:1".into())
        );
        for argv in [
            &[
                "formant",
                "recording",
                "download",
                "x",
                "-o",
                "f",
                "--region",
                "in",
            ][..],
            &[
                "formant",
                "transcript",
                "--region",
                "in",
                "export",
                "x",
                "--format",
                "md",
            ],
        ] {
            let cli = Cli::try_parse_from(argv).expect("parses");
            assert_eq!(api_of(&cli).region(), Region::India, "{argv:?}");
        }
        assert!(
            Cli::try_parse_from(["formant", "conversations", "--region", "eu", "list"]).is_err()
        );
    }

    #[test]
    fn commands_that_do_not_call_the_api_refuse_its_options() {
        for argv in [
            &["formant", "sandbox", "--region", "in"][..],
            &["formant", "sandbox", "--base-url", "http://127.0.0.1:1"],
            &[
                "formant", "peaks", "in.wav", "-o", "out.json", "--region", "in",
            ],
            &[
                "formant",
                "peaks",
                "in.wav",
                "-o",
                "out.json",
                "--base-url",
                "x",
            ],
            &["formant", "--region", "in", "sandbox"],
        ] {
            let error = Cli::try_parse_from(argv).expect_err("refused");
            assert_eq!(
                error.kind(),
                clap::error::ErrorKind::UnknownArgument,
                "{argv:?}"
            );
        }
        for name in ["sandbox", "peaks"] {
            let help = Cli::command()
                .find_subcommand_mut(name)
                .expect("a command")
                .render_long_help()
                .to_string();
            assert!(
                !help.contains("--region") && !help.contains("--base-url"),
                "{help}"
            );
        }
        // Global options reach the subcommands when the command is built, as for parsing.
        let mut command = Cli::command();
        command.build();
        let help = command
            .find_subcommand_mut("conversations")
            .and_then(|group| group.find_subcommand_mut("list"))
            .expect("conversations list")
            .render_long_help()
            .to_string();
        assert!(
            help.contains("--region") && help.contains("--base-url"),
            "{help}"
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
        let Commands::Transcript(ApiCommand {
            command: TranscriptCommand::Export(args),
            ..
        }) = cli.command
        else {
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

    #[test]
    fn faults_are_repeatable_and_bad_ones_are_refused_with_the_reason() {
        let cli = Cli::try_parse_from([
            "formant",
            "sandbox",
            "--fault",
            "rate-limit=5,times=2",
            "--fault",
            "latency=300ms",
        ])
        .expect("parses");
        let Commands::Sandbox(args) = cli.command else {
            panic!("wrong command");
        };
        let faults: Vec<String> = args.faults.iter().map(ToString::to_string).collect();
        assert_eq!(faults, ["rate-limit=5,times=2", "latency=300ms"]);
        for (fault, reason) in [
            (
                "explode",
                "unknown fault \"explode\": use one of latency, rate-limit",
            ),
            (
                "latency=fast",
                "latency=fast: expected a duration such as 300ms",
            ),
            (
                "status=200",
                "status=200: expected an HTTP status from 400 to 599",
            ),
        ] {
            let error =
                Cli::try_parse_from(["formant", "sandbox", "--fault", fault]).expect_err("refused");
            assert_eq!(error.kind(), clap::error::ErrorKind::ValueValidation);
            assert!(error.to_string().contains(reason), "{error}");
        }
        let help = Cli::command()
            .find_subcommand_mut("sandbox")
            .expect("sandbox")
            .render_long_help()
            .to_string();
        for kind in [
            "latency=DURATION",
            "rate-limit[=SECS]",
            "status=CODE",
            "cut-body",
        ] {
            assert!(help.contains(kind), "{kind} in {help}");
        }
    }
}
