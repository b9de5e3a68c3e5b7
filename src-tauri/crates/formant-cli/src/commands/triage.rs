//! `formant triage`: the library's calls counted by a column, with the list's filters.

use formant_library::{Triage, TriageBy, TriageQuery};
use serde_json::{json, Value};

use crate::cli::{self, TriageArgs};
use crate::commands::library::{filter, open_store};
use crate::error::CliError;
use crate::output::{print_json, print_readable};
use crate::terminal::{escape_controls, Layout};

pub fn run(args: &TriageArgs) -> Result<(), CliError> {
    let store = open_store(&args.library)?;
    let triage = store.triage(&TriageQuery {
        filter: filter(&args.filters),
        by: by(args.by),
        utc_offset_minutes: 0,
    })?;
    if args.json {
        print_json(&to_json(&triage))
    } else {
        print_readable(&readable(&triage))
    }
}

fn by(by: cli::TriageBy) -> TriageBy {
    match by {
        cli::TriageBy::Category => TriageBy::Category,
        cli::TriageBy::Status => TriageBy::Status,
        cli::TriageBy::Reason => TriageBy::Reason,
        cli::TriageBy::Agent => TriageBy::Agent,
        cli::TriageBy::Day => TriageBy::Day,
        cli::TriageBy::Hour => TriageBy::Hour,
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

fn readable(triage: &Triage) -> String {
    let keys: Vec<String> = triage
        .groups
        .iter()
        .map(|g| {
            let key = g.key.as_deref().unwrap_or("(none)");
            escape_controls(key, Layout::Inline).into_owned()
        })
        .collect();
    let header = triage.by.name().to_uppercase();
    let width = keys
        .iter()
        .map(|k| k.chars().count())
        .chain([header.chars().count()])
        .max()
        .unwrap_or(0);
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
