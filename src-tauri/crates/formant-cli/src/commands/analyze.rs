//! `formant analyze`: response latency, interruptions, dead air and talk time of a recording,
//! measured from the audio (formant-analysis), with the call's transcript when given.

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

use formant_analysis::{analyze_path, AnalysisOptions, CallAnalysis, Channel, Side};
use formant_core::{Conversation, Turn};
use serde_json::Value;

use crate::error::CliError;
use crate::interrupt::Interrupt;
use crate::output;

/// A transcript file larger than this is not a call (the API's own limit for one answer).
const MAX_TRANSCRIPT_BYTES: u64 = 32 * 1024 * 1024;

#[derive(clap::Args, Debug)]
pub struct AnalyzeArgs {
    /// The call's recording (WAV: mono, or two channels with one side each).
    pub input: PathBuf,
    /// The call as `formant conversations get ID --json` prints it: its transcript tells which
    /// channel is the agent's, gives mono recordings their sides, and its turn times are
    /// checked against the audio.
    #[arg(long, value_name = "CONVERSATION.json")]
    pub transcript: Option<PathBuf>,
    /// Which channel is the agent's on a two-channel recording (wins over the transcript;
    /// without either, left).
    #[arg(long, value_name = "left|right", value_parser = parse_channel)]
    pub agent_channel: Option<Channel>,
    /// Dead air is a silence of at least this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = formant_analysis::DEFAULT_MIN_SILENCE_S)]
    pub min_silence: f64,
    /// Print the analysis as JSON (times in seconds from the recording's start).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum TranscriptFileError {
    #[error("cannot read the transcript {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the transcript {} is larger than 32 MiB; it is not a call", path.display())]
    TooLarge { path: PathBuf },
    #[error("the transcript {} is not a call's JSON ({reason}); save one with `formant conversations get ID --json`", path.display())]
    NotACall { path: PathBuf, reason: String },
}

fn parse_channel(text: &str) -> Result<Channel, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "left" | "l" | "0" => Ok(Channel::Left),
        "right" | "r" | "1" => Ok(Channel::Right),
        _ => Err(format!("{text:?}: use left or right")),
    }
}

pub async fn run(args: &AnalyzeArgs, interrupt: &Interrupt) -> Result<(), CliError> {
    let turns = match &args.transcript {
        Some(path) => read_turns(path)?,
        None => Vec::new(),
    };
    let options = AnalysisOptions {
        min_silence_s: args.min_silence,
        agent_channel: args.agent_channel,
    };
    let input = args.input.clone();
    // Writes nothing, so a signal may simply abandon it.
    let work = tokio::task::spawn_blocking(move || analyze_path(&input, &turns, &options));
    let analysis = interrupt
        .guard(async {
            work.await
                .map_err(|e| CliError::io("the analysis stopped", std::io::Error::other(e)))?
                .map_err(CliError::from)
        })
        .await?;
    if args.json {
        let value = serde_json::to_value(&analysis).unwrap_or(Value::Null);
        return output::print_json(&value);
    }
    output::print_readable(&summary(&args.input, &analysis))
}

/// The call's turns from a saved call; the API's `{"data": {...}}` envelope is accepted too.
fn read_turns(path: &Path) -> Result<Vec<Turn>, TranscriptFileError> {
    let read_error = |source| TranscriptFileError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut bytes = Vec::new();
    file.take(MAX_TRANSCRIPT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_TRANSCRIPT_BYTES {
        return Err(TranscriptFileError::TooLarge {
            path: path.to_path_buf(),
        });
    }
    let not_a_call = |reason: String| TranscriptFileError::NotACall {
        path: path.to_path_buf(),
        reason,
    };
    let mut value: Value = serde_json::from_slice(&bytes).map_err(|e| not_a_call(e.to_string()))?;
    if value.get("conversation_id").is_none() {
        if let Some(data) = value.get_mut("data").filter(|d| d.is_object()) {
            value = data.take();
        }
    }
    let call = Conversation::from_json(value).map_err(|e| not_a_call(e.to_string()))?;
    Ok(call.transcript.unwrap_or_default())
}

/// The readable report.
fn summary(input: &Path, a: &CallAnalysis) -> String {
    let mut out = String::new();
    let secs = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.2} s"));
    let _ = writeln!(out, "{}", input.display());
    let layout = match (a.channels, a.agent_channel) {
        (1, _) => "mono".to_string(),
        (_, Some(channel)) => format!(
            "two channels, agent on the {} ({})",
            channel_name(channel),
            match a.agent_channel_from {
                Some(formant_analysis::AgentChannelFrom::Option) => "as asked",
                Some(formant_analysis::AgentChannelFrom::Transcript) => "from the transcript",
                _ => "by default",
            }
        ),
        _ => format!("{} channels", a.channels),
    };
    let _ = writeln!(out, "  {:.1} s, {layout}", a.duration_s);
    let sided = !(a.speech.agent.is_empty() && a.speech.customer.is_empty());
    if a.channels == 1 && !sided {
        let _ = writeln!(
            out,
            "  Mono without turn times: who spoke is unknown, only whole-call figures."
        );
    }
    let _ = writeln!(out, "  Speech            {:.1} s", a.summary.speech_s);
    let _ = writeln!(
        out,
        "  Dead air          {:.1} s in {} stretch(es) of {} s or more",
        a.summary.dead_air_s,
        a.silences.len(),
        a.settings.min_silence_s
    );
    if sided {
        let s = &a.summary;
        let _ = writeln!(
            out,
            "  Response latency  p50 {}, p90 {}, max {} ({} hand-offs)",
            secs(s.latency_p50_s),
            secs(s.latency_p90_s),
            secs(s.latency_max_s),
            a.response_latencies.len()
        );
        let by = |side: Side| a.interruptions.iter().filter(|i| i.by == side).count();
        let _ = writeln!(
            out,
            "  Interruptions     {} (agent {}, customer {})",
            s.interruptions,
            by(Side::Agent),
            by(Side::Customer)
        );
        let _ = writeln!(
            out,
            "  Talk time         agent {:.1} s, customer {:.1} s, agent share {}",
            a.talk_s.agent,
            a.talk_s.customer,
            s.agent_talk_share
                .map_or("—".to_string(), |v| format!("{:.0}%", v * 100.0))
        );
        let _ = writeln!(out, "  First word        {}", secs(s.time_to_first_word_s));
        if let Some(m) = a.longest_monologue {
            let _ = writeln!(
                out,
                "  Longest monologue {} {:.1} s (at {:.1} s)",
                side_name(m.by),
                m.end_s - m.start_s,
                m.start_s
            );
        }
        let wpm = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.0}"));
        if a.words_per_minute.agent.is_some() || a.words_per_minute.customer.is_some() {
            let _ = writeln!(
                out,
                "  Words per minute  agent {}, customer {}",
                wpm(a.words_per_minute.agent),
                wpm(a.words_per_minute.customer)
            );
        }
    }
    // The events, in the order they happened.
    let mut events: Vec<(f64, String)> = Vec::new();
    for l in &a.response_latencies {
        events.push((
            l.after_s,
            format!("agent answered after {:.2} s", l.latency_s),
        ));
    }
    for i in &a.interruptions {
        events.push((
            i.at_s,
            format!(
                "{} talked over the other side for {:.2} s",
                side_name(i.by),
                i.overlap_s
            ),
        ));
    }
    for s in &a.silences {
        events.push((
            s.start_s,
            format!("dead air for {:.2} s", s.end_s - s.start_s),
        ));
    }
    events.sort_by(|x, y| x.0.total_cmp(&y.0));
    for (at, what) in events {
        let _ = writeln!(out, "    {at:>7.2} s  {what}");
    }
    let drifted: Vec<_> = a.drift.iter().filter(|d| d.flagged).collect();
    if !a.drift.is_empty() {
        let _ = writeln!(
            out,
            "  Transcript times  {} of {} turns off by more than 0.5 s",
            drifted.len(),
            a.drift.len()
        );
        for d in drifted {
            let _ = match (d.heard_start_s, d.offset_s) {
                (Some(heard), Some(offset)) => writeln!(
                    out,
                    "    turn {}: stated {:.2} s, heard {:.2} s ({offset:+.2} s)",
                    d.turn + 1,
                    d.stated_start_s,
                    heard
                ),
                _ => writeln!(
                    out,
                    "    turn {}: stated {:.2} s, no {} speech heard near it",
                    d.turn + 1,
                    d.stated_start_s,
                    side_name(d.speaker)
                ),
            };
        }
    }
    out
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Agent => "agent",
        Side::Customer => "customer",
    }
}

fn channel_name(channel: Channel) -> &'static str {
    match channel {
        Channel::Left => "left",
        Channel::Right => "right",
    }
}
