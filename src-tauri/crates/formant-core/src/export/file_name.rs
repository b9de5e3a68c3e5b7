//! A file name for an export that is safe on Windows, macOS and Linux:
//! `call-2026-03-18-e36853de-9cbb-441e-ad75-d3c8ac82abfb_1.srt`.
//!
//! Written by hand rather than with a sanitiser crate because the rules here are few and
//! specific: the fixed `call-` prefix already rules out leading dots and Windows device names
//! (`CON`, `NUL`, ...), and the length bound must spare the extension.

use crate::Conversation;

use super::ExportFormat;

/// Bytes kept from the conversation id: with the prefix, date and extension the name stays far
/// below the 255-byte limit of common file systems, even for ids in non-Latin scripts.
const MAX_ID_BYTES: usize = 120;

pub(super) fn default_file_name(c: &Conversation, format: ExportFormat) -> String {
    let mut name = String::from("call");
    if let Some(date) = c.start_ms.and_then(|t| t.to_utc()) {
        name.push_str(&date.format("-%Y-%m-%d").to_string());
    }
    let id = safe_id(&c.conversation_id);
    if !id.is_empty() {
        name.push('-');
        name.push_str(&id);
    }
    name.push('.');
    name.push_str(format.extension());
    name
}

/// Replaces what some OS forbids or misreads in a name with `_`, trims the ends, bounds the
/// length on a character boundary. Every other character (any script) is kept.
fn safe_id(id: &str) -> String {
    let replaced: String = id
        .chars()
        .map(|ch| if is_unsafe(ch) { '_' } else { ch })
        .collect();
    // Windows drops trailing dots and spaces; a leading dash reads as an option in a shell.
    let trimmed = replaced.trim_matches(['.', '_', '-']);
    let mut end = trimmed.len().min(MAX_ID_BYTES);
    while !trimmed.is_char_boundary(end) {
        end -= 1;
    }
    trimmed[..end].trim_end_matches(['.', '_', '-']).to_owned()
}

fn is_unsafe(ch: char) -> bool {
    matches!(ch, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        || ch.is_control()
        || ch.is_whitespace()
        // Bidirectional controls can make a name display as something it is not.
        || matches!(ch, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn conversation(value: serde_json::Value) -> Conversation {
        Conversation::from_json(value).expect("conversation")
    }

    #[test]
    fn list_example_gets_date_and_id() {
        let c = conversation(json!({
            "conversation_id": "e36853de-9cbb-441e-ad75-d3c8ac82abfb_1",
            "start_timestamp": 1773867201766_i64
        }));
        assert_eq!(
            default_file_name(&c, ExportFormat::Srt),
            "call-2026-03-18-e36853de-9cbb-441e-ad75-d3c8ac82abfb_1.srt"
        );
        assert_eq!(
            default_file_name(&c, ExportFormat::Markdown),
            "call-2026-03-18-e36853de-9cbb-441e-ad75-d3c8ac82abfb_1.md"
        );
    }

    #[test]
    fn unsafe_characters_are_replaced_and_ends_trimmed() {
        let c =
            conversation(json!({"conversation_id": "../a/b\\c:d*e?f\"g<h>i|j\u{7}k l\u{202e}m."}));
        assert_eq!(
            default_file_name(&c, ExportFormat::Txt),
            "call-a_b_c_d_e_f_g_h_i_j_k_l_m.txt"
        );
        let c = conversation(json!({"conversation_id": "..."}));
        assert_eq!(default_file_name(&c, ExportFormat::Json), "call.json");
    }

    #[test]
    fn long_ids_are_bounded_on_a_character_boundary() {
        let c = conversation(json!({"conversation_id": "क".repeat(200)}));
        let name = default_file_name(&c, ExportFormat::Vtt);
        assert!(
            name.len() <= 4 + 1 + MAX_ID_BYTES + 4,
            "{} bytes",
            name.len()
        );
        assert!(name.ends_with("क.vtt"), "{name}");
        assert!(name.starts_with("call-क"));
    }
}
