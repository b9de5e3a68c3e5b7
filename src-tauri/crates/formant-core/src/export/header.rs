//! The call's metadata as labelled lines, shared by the txt and Markdown exports so the two
//! always list the same facts in the same order. Absent fields are left out rather than
//! printed as "unknown": the header is for reading, the JSON export is the full record.

use crate::Conversation;

use super::clock;

pub(super) struct Field {
    pub label: &'static str,
    pub value: String,
}

pub(super) fn fields(c: &Conversation) -> Vec<Field> {
    let candidates = [
        ("Status", c.status.as_ref().map(|s| s.label())),
        ("Failure reason", c.failure_reason.clone()),
        ("Contact number", c.contact_number.clone()),
        ("Agent ID", c.agent_id.map(|id| id.to_string())),
        ("Started", c.start_ms.map(|t| t.to_rfc3339())),
        ("Ended", c.end_ms.map(|t| t.to_rfc3339())),
        ("Duration", c.duration().map(clock::duration)),
        ("Trace ID", c.trace_id.clone()),
    ];
    candidates
        .into_iter()
        .filter_map(|(label, value)| value.map(|value| Field { label, value }))
        .collect()
}

/// `[0:00-0:05] `, `[0:05] ` or nothing, for a turn's place in the call.
pub(super) fn turn_times(start: Option<f64>, end: Option<f64>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("[{}-{}] ", clock::short(s), clock::short(e)),
        (Some(s), None) => format!("[{}] ", clock::short(s)),
        (None, Some(e)) => format!("[-{}] ", clock::short(e)),
        (None, None) => String::new(),
    }
}

/// The lines of a text, with `\r\n` and `\n` both read as a break.
pub(super) fn lines(text: &str) -> Vec<&str> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
}
