//! The text a call is found by: its transcript, and its metadata (ids, number, failure reason,
//! results), each a column of the full-text index.

use formant_core::Conversation;
use serde_json::Value;

/// Between two turns in the indexed transcript, so the turns of a hit can be told apart.
pub(crate) const TURN_SEPARATOR: &str = "\n";

pub(crate) struct IndexText {
    pub transcript: String,
    pub meta: String,
}

pub(crate) fn index_text(conversation: &Conversation) -> IndexText {
    let transcript = conversation
        .turns()
        .iter()
        .map(|turn| turn.text.as_str())
        .collect::<Vec<_>>()
        .join(TURN_SEPARATOR);
    let mut meta = vec![conversation.conversation_id.clone()];
    meta.extend(conversation.contact_number.clone());
    meta.extend(conversation.failure_reason.clone());
    meta.extend(conversation.trace_id.clone());
    if let Some(results) = &conversation.results {
        for (key, value) in results {
            flatten(key, value, &mut meta);
        }
    }
    IndexText {
        transcript,
        meta: meta.join(TURN_SEPARATOR),
    }
}

/// `results` as `path: value` lines, so both the field names and the values are found.
fn flatten(path: &str, value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                flatten(&format!("{path}.{key}"), inner, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                flatten(path, item, out);
            }
        }
        Value::String(s) => out.push(format!("{path}: {s}")),
        Value::Null => {}
        other => out.push(format!("{path}: {other}")),
    }
}

/// The metadata lines of a call, as the index holds them, for showing where a hit is.
pub(crate) fn meta_lines(conversation: &Conversation) -> Vec<String> {
    index_text(conversation)
        .meta
        .split(TURN_SEPARATOR)
        .map(str::to_owned)
        .collect()
}
