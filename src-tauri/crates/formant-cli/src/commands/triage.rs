//! `formant triage`: the library's calls counted by a column, with the list's filters.

use formant_library::{LatencyTriage, Triage, TriageQuery};
use serde_json::{json, Value};

use crate::cli::TriageArgs;
use crate::commands::library::{filter, open_store};
use crate::error::CliError;
use crate::output::{print_json, print_readable};
use crate::terminal::{escape_controls, Layout};

pub fn run(args: &TriageArgs) -> Result<(), CliError> {
    let store = open_store(&args.library)?;
    let query = TriageQuery {
        filter: filter(&args.filters),
        by: args.by,
        utc_offset_minutes: 0,
    };
    if args.latency {
        let latency = store.latency_triage(&query)?;
        return if args.json {
            print_json(&latency_json(&latency))
        } else {
            print_readable(&latency_readable(&latency))
        };
    }
    let triage = store.triage(&query)?;
    if args.json {
        print_json(&to_json(&triage))
    } else {
        print_readable(&readable(&triage))
    }
}

/// The documented shape: `{"by", "total", "groups": [{"key", "count", "share"}]}`; `key` is
/// `null` for calls without a value (no reason, no agent, no start time).
fn to_json(triage: &Triage) -> Value {
    json!({
        "by": triage.by.name(),
        "total": triage.total,
        "groups": triage.groups.iter().map(|g| json!({
            "key": g.key,
            "count": g.count,
            "share": g.share,
        })).collect::<Vec<_>>(),
    })
}

/// `--latency --json`: `{"by", "calls", "groups": [{"key", "calls", "p50_s", "p90_s"}]}`.
fn latency_json(latency: &LatencyTriage) -> Value {
    json!({
        "by": latency.by.name(),
        "calls": latency.calls,
        "groups": latency.groups.iter().map(|g| json!({
            "key": g.key,
            "calls": g.calls,
            "p50_s": g.p50_s,
            "p90_s": g.p90_s,
        })).collect::<Vec<_>>(),
    })
}

/// Group keys as shown (controls escaped), and the width of the key column under `header`.
fn key_column<'a>(
    keys: impl Iterator<Item = Option<&'a str>>,
    header: &str,
) -> (Vec<String>, usize) {
    let keys: Vec<String> = keys
        .map(|key| escape_controls(key.unwrap_or("(none)"), Layout::Inline).into_owned())
        .collect();
    let width = keys
        .iter()
        .map(|k| k.chars().count())
        .chain([header.chars().count()])
        .max()
        .unwrap_or(0);
    (keys, width)
}

fn latency_readable(latency: &LatencyTriage) -> String {
    let header = latency.by.name().to_uppercase();
    let (keys, width) = key_column(latency.groups.iter().map(|g| g.key.as_deref()), &header);
    let mut out = format!(
        "{header:<width$}  {:>9}  {:>7}  {:>7}\n",
        "CALLS", "P50", "P90"
    );
    for (group, key) in latency.groups.iter().zip(&keys) {
        let pad = width.saturating_sub(key.chars().count());
        out.push_str(&format!(
            "{key}{:pad$}  {:>9}  {:>6.2}s  {:>6.2}s\n",
            "", group.calls, group.p50_s, group.p90_s
        ));
    }
    out.push_str(&format!("{:<width$}  {:>9}\n", "analysed", latency.calls));
    out
}

fn readable(triage: &Triage) -> String {
    let header = triage.by.name().to_uppercase();
    let (keys, width) = key_column(triage.groups.iter().map(|g| g.key.as_deref()), &header);
    let mut out = format!("{header:<width$}  {:>9}  {:>6}\n", "CALLS", "SHARE");
    for (group, key) in triage.groups.iter().zip(&keys) {
        let pad = width.saturating_sub(key.chars().count());
        out.push_str(&format!(
            "{key}{:pad$}  {:>9}  {:>5.1}%\n",
            "",
            group.count,
            group.share * 100.0
        ));
    }
    out.push_str(&format!("{:<width$}  {:>9}\n", "total", triage.total));
    out
}
