//! Plain text: a metadata header, the results as an indented list, then one paragraph per
//! turn (`[0:00-0:05] Agent: text`). Continuation lines of a multi-line turn are indented
//! four spaces so that a line of speech can never pass for a new speaker.

use std::fmt::Write as _;

use serde_json::Value;

use crate::Conversation;

use super::header;

const CONTINUATION: &str = "    ";

pub(super) fn render(c: &Conversation) -> String {
    let mut out = format!("Conversation {}\n", c.conversation_id);
    for field in header::fields(c) {
        push_indented(&mut out, &format!("{}: {}", field.label, field.value));
    }
    if let Some(results) = c.results.as_ref().filter(|r| !r.is_empty()) {
        out.push_str("\nResults\n");
        for (key, value) in results {
            write_value(&mut out, 1, Some(key), value);
        }
    }
    out.push_str("\nTranscript\n");
    if c.turns().is_empty() {
        out.push_str("No transcript.\n");
    }
    for turn in c.turns() {
        let times = header::turn_times(turn.start_secs, turn.end_secs);
        push_indented(
            &mut out,
            &format!("{times}{}: {}", turn.speaker.label(), turn.text),
        );
    }
    out
}

/// Writes `text` as one entry: its first line as is, later lines indented.
fn push_indented(out: &mut String, text: &str) {
    for (i, line) in header::lines(text).into_iter().enumerate() {
        if i > 0 && !line.is_empty() {
            out.push_str(CONTINUATION);
        }
        out.push_str(line);
        out.push('\n');
    }
}

/// A JSON value as a nested list: `key: value`, objects and arrays one level deeper, array
/// items as `- value`. Strings are shown bare unless they span lines (then JSON-quoted, so the
/// list keeps its shape).
fn write_value(out: &mut String, depth: usize, key: Option<&str>, value: &Value) {
    let pad = "  ".repeat(depth);
    let prefix = match key {
        Some(k) => format!("{pad}{k}:"),
        None => format!("{pad}-"),
    };
    match value {
        Value::Object(map) if !map.is_empty() => {
            let _ = writeln!(out, "{prefix}");
            for (k, v) in map {
                write_value(out, depth + 1, Some(k), v);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let _ = writeln!(out, "{prefix}");
            for v in items {
                write_value(out, depth + 1, None, v);
            }
        }
        Value::String(s) if !s.contains(['\n', '\r']) => {
            let _ = writeln!(out, "{prefix} {s}");
        }
        other => {
            let _ = writeln!(out, "{prefix} {other}");
        }
    }
}
