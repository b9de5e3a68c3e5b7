//! The text a call is found by: its transcript, and its metadata (ids, number, failure reason,
//! results), each a column of the full-text index.

use formant_core::Conversation;
use serde_json::Value;

/// Between two turns in the indexed transcript, so the turns of a hit can be told apart.
pub(crate) const TURN_SEPARATOR: &str = "\n";

pub(crate) struct IndexText {
    pub transcript: String,
    pub meta: String,
    /// The call's account, status, category and agent as tokens ([`facet_token`]), so a
    /// search narrowed to them is answered by the index alone.
    pub facets: String,
}

/// What a facet token stands for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Facet {
    Account,
    Status,
    Category,
    Agent,
}

/// One alphanumeric token per value (the value's bytes in hex behind a prefix naming the
/// facet), so no tokenizer splits it and no typed word matches it by accident.
pub(crate) fn facet_token(facet: Facet, value: &str) -> String {
    let prefix = match facet {
        Facet::Account => "fac",
        Facet::Status => "fst",
        Facet::Category => "fca",
        Facet::Agent => "fag",
    };
    let hex: String = value.bytes().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}x{hex}")
}

pub(crate) fn index_text(conversation: &Conversation, account_id: i64) -> IndexText {
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
    let category = conversation
        .status
        .as_ref()
        .map_or(formant_core::StatusCategory::Unknown, |s| s.category());
    let mut facets = vec![
        facet_token(Facet::Account, &account_id.to_string()),
        facet_token(Facet::Category, crate::ingest::category_code(category)),
    ];
    facets.extend(
        conversation
            .status
            .as_ref()
            .map(|s| facet_token(Facet::Status, s.code())),
    );
    facets.extend(
        conversation
            .agent_id
            .map(|a| facet_token(Facet::Agent, &a.to_string())),
    );
    IndexText {
        transcript,
        meta: meta.join(TURN_SEPARATOR),
        facets: facets.join(" "),
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
    index_text(conversation, 0)
        .meta
        .split(TURN_SEPARATOR)
        .map(str::to_owned)
        .collect()
}
