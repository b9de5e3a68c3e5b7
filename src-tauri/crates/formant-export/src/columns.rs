//! The columns of `calls.csv`: the call's metadata as formant-core reads it, the figures of
//! its recording's analysis where the library has them, then `results` flattened to one column
//! per dotted path.
//!
//! Rules (the README's "calls.csv" section says the same for users):
//! - A nested object becomes one column per leaf, named by its path from the call's root:
//!   `results.sentiment_analysis.confidence`.
//! - An array is one cell holding the array's JSON (`["refund","billing"]`): exploding it into
//!   numbered columns would make the header depend on the longest list anyone ever sent.
//! - Strings are written as they are, numbers as the API wrote them, booleans as `true` /
//!   `false`, `null` as an empty cell; an empty object gives no column.
//! - The header is the union of the paths of every call, in the order they were first seen;
//!   at most [`MAX_RESULT_COLUMNS`] of them (a server could otherwise send a new key per
//!   call): further paths are left out of the CSV and counted in the summary, and are still
//!   in `calls.jsonl`.
//! - A key with a dot in it reads like a nested path; when two leaves of one call give the
//!   same name, the first one wins.

use std::collections::HashMap;
use std::collections::HashSet;

use formant_core::Conversation;
use formant_library::CallFigures;
use serde_json::{Map, Value};

use crate::notes::Notes;

/// Result columns kept in `calls.csv`; DuckDB, spreadsheets and warehouses all take this many.
pub const MAX_RESULT_COLUMNS: usize = 1000;

/// The metadata columns, in order, before the result columns.
pub const METADATA_COLUMNS: [&str; 17] = [
    "conversation_id",
    "account",
    "region",
    "status",
    "status_category",
    "agent_id",
    "start_time",
    "end_time",
    "duration_seconds",
    "contact_number",
    "failure_reason",
    "trace_id",
    "has_transcript",
    "transcript_turns",
    "has_recording",
    "has_results",
    "transcript_file",
];

/// The analysis's figures, after the metadata: all empty for a call not analysed (its
/// `interruptions` and `dead_air_s` are never empty otherwise); a figure nothing was measured
/// for (no hand-off, no agent speech) is empty on its own.
pub const FIGURE_COLUMNS: [&str; 8] = [
    "latency_p50_s",
    "latency_p90_s",
    "latency_max_s",
    "handoffs",
    "interruptions",
    "dead_air_s",
    "agent_talk_share",
    "time_to_first_word_s",
];

/// The cells of [`FIGURE_COLUMNS`] for stored figures: seconds to the millisecond and the share
/// to three places (what the analysis can tell apart), so the file does not carry float noise.
pub(crate) fn figure_cells(f: &CallFigures) -> [String; FIGURE_COLUMNS.len()] {
    let fixed = |v: f64| format!("{v:.3}");
    let maybe = |v: Option<f64>| v.map(fixed).unwrap_or_default();
    [
        maybe(f.latency_p50_s),
        maybe(f.latency_p90_s),
        maybe(f.latency_max_s),
        f.handoffs.to_string(),
        f.interruptions.to_string(),
        fixed(f.dead_air_s),
        maybe(f.agent_talk_share),
        maybe(f.time_to_first_word_s),
    ]
}

const RESULTS_PREFIX: &str = "results";

/// The metadata cells of one call, in [`METADATA_COLUMNS`] order (without formula guarding).
pub(crate) fn metadata_cells(c: &Conversation, notes: Notes) -> [String; 17] {
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let number = |n: Option<f64>| n.map(|v| v.to_string()).unwrap_or_default();
    let time = |t: Option<formant_core::Timestamp>| t.map(|t| t.to_rfc3339()).unwrap_or_default();
    let category = c
        .status
        .as_ref()
        .map(|s| serde_json::to_value(s.category()))
        .and_then(Result::ok)
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    [
        c.conversation_id.clone(),
        notes.account,
        notes.region,
        c.status
            .as_ref()
            .map(|s| s.code().to_owned())
            .unwrap_or_default(),
        category,
        c.agent_id.map(|a| a.to_string()).unwrap_or_default(),
        time(c.start_ms),
        time(c.end_ms),
        number(c.duration()),
        text(&c.contact_number),
        text(&c.failure_reason),
        text(&c.trace_id),
        (!c.turns().is_empty()).to_string(),
        c.turns().len().to_string(),
        notes
            .has_recording
            .map(|b| b.to_string())
            .unwrap_or_default(),
        c.results
            .as_ref()
            .is_some_and(|r| !r.is_empty())
            .to_string(),
        notes.transcript_file,
    ]
}

/// Every leaf of `results` as (column name, cell), in the object's order; first of a name wins.
pub(crate) fn result_cells(c: &Conversation) -> Vec<(String, String)> {
    let mut cells = Vec::new();
    if let Some(results) = &c.results {
        flatten(RESULTS_PREFIX, results, &mut cells);
    }
    let mut seen = HashSet::new();
    cells.retain(|(name, _)| seen.insert(name.clone()));
    cells
}

fn flatten(prefix: &str, object: &Map<String, Value>, out: &mut Vec<(String, String)>) {
    for (key, value) in object {
        let path = format!("{prefix}.{key}");
        match value {
            // serde_json stops parsing at 128 levels, so this recursion is bounded.
            Value::Object(inner) => flatten(&path, inner, out),
            Value::Null => out.push((path, String::new())),
            Value::String(s) => out.push((path, s.clone())),
            Value::Bool(_) | Value::Number(_) | Value::Array(_) => {
                out.push((path, value.to_string()))
            }
        }
    }
}

/// The union of result paths, first seen first, bounded by [`MAX_RESULT_COLUMNS`].
#[derive(Debug, Default)]
pub(crate) struct ResultColumns {
    names: Vec<String>,
    index: HashMap<String, usize>,
    /// Distinct paths beyond the bound (counted once each, as far as a bounded set can tell).
    left_out: HashSet<String>,
}

/// Paths remembered as left out, only to count them; beyond this the count stops growing.
const MAX_LEFT_OUT_REMEMBERED: usize = 10_000;

impl ResultColumns {
    pub(crate) fn add(&mut self, cells: &[(String, String)]) {
        for (name, _) in cells {
            if self.index.contains_key(name) {
                continue;
            }
            if self.names.len() < MAX_RESULT_COLUMNS {
                self.index.insert(name.clone(), self.names.len());
                self.names.push(name.clone());
            } else if self.left_out.len() < MAX_LEFT_OUT_REMEMBERED {
                self.left_out.insert(name.clone());
            }
        }
    }

    pub(crate) fn names(&self) -> &[String] {
        &self.names
    }

    pub(crate) fn left_out(&self) -> usize {
        self.left_out.len()
    }

    /// This call's cells in header order (empty where the call has no such path).
    pub(crate) fn row(&self, cells: Vec<(String, String)>) -> Vec<String> {
        let mut row = vec![String::new(); self.names.len()];
        for (name, cell) in cells {
            if let Some(&i) = self.index.get(&name) {
                row[i] = cell;
            }
        }
        row
    }
}

/// Spreadsheet apps (Excel, LibreOffice, Google Sheets) run a cell that starts with `=`, `+`,
/// `-` or `@` (and some treat a leading tab or CR the same) as a formula: a call's text could
/// then fetch URLs or run commands when the CSV is opened. Such a cell gets a leading `'`,
/// which those apps hide and which shows the text as text (OWASP's advice). A cell that is
/// just a number (`-5`, `+14155552671`) is left alone: a number is never run, and phone
/// numbers stay usable. `calls.jsonl` is never altered.
pub(crate) fn guard_formula(cell: String) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(&cell) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// `[+-]digits[.digits][e[+-]digits]`, nothing else.
fn is_plain_number(cell: &str) -> bool {
    let body = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => digits(int) && digits(frac),
        None => digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn results_flatten_to_dotted_paths() {
        let c = Conversation::from_json(json!({
            "conversation_id": "x",
            "results": {
                "call_quality": "excellent",
                "sentiment_analysis": {"overall_sentiment": "positive", "confidence": 0.92},
                "tags": ["refund", "billing"], "empty": {}, "none": null, "ok": true,
                "a.b": 1, "a": {"b": 2}
            }
        }))
        .expect("conversation");
        let cells = result_cells(&c);
        let get = |name: &str| {
            cells
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("results.call_quality"), Some("excellent"));
        assert_eq!(get("results.sentiment_analysis.confidence"), Some("0.92"));
        assert_eq!(get("results.tags"), Some(r#"["refund","billing"]"#));
        assert_eq!(get("results.empty"), None);
        assert_eq!(get("results.none"), Some(""));
        assert_eq!(get("results.ok"), Some("true"));
        assert_eq!(get("results.a.b"), Some("1"), "first of a name wins");
        assert_eq!(cells.len(), 7);
    }

    #[test]
    fn the_header_is_bounded() {
        let mut columns = ResultColumns::default();
        for i in 0..MAX_RESULT_COLUMNS + 5 {
            columns.add(&[(format!("results.k{i}"), String::new())]);
        }
        columns.add(&[("results.k0".into(), String::new())]);
        assert_eq!(columns.names().len(), MAX_RESULT_COLUMNS);
        assert_eq!(columns.left_out(), 5);
    }

    #[test]
    fn formulas_are_quoted_and_numbers_are_not() {
        for risky in [
            "=HYPERLINK(\"http://x\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "-",
            "+",
        ] {
            assert_eq!(guard_formula(risky.into()), format!("'{risky}"));
        }
        for safe in [
            "+14155552671",
            "-5",
            "-0.25",
            "1e5",
            "-1.5E-3",
            "a=b",
            "",
            "नमस्ते",
        ] {
            assert_eq!(guard_formula(safe.into()), safe);
        }
    }
}
