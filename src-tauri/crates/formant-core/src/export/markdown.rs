//! Markdown: a title, the metadata as a bullet list, the results as a fenced JSON block
//! (lossless and unambiguous, whatever their nesting), then one paragraph per turn:
//! `[0:00-0:05] **Agent:** text` (the brackets escaped).
//!
//! Escaping is minimal so the file stays readable as plain text: a backslash goes only before
//! the ASCII characters that would start formatting (emphasis, code, links, HTML, entities),
//! and before a line's first character when it would start a block (heading, quote, list,
//! rule). Every other character, in any script, is written unchanged. Line breaks inside a
//! turn become hard breaks (a trailing backslash) so the lines render as spoken.

use serde_json::{Map, Value};

use crate::Conversation;

use super::{header, ExportError};

pub(super) fn render(c: &Conversation) -> Result<String, ExportError> {
    let mut out = format!("# Conversation {}\n\n", escape_inline(&c.conversation_id));
    for field in header::fields(c) {
        out.push_str(&format!("- **{}:** ", field.label));
        out.push_str(&escape_lines(&field.value, "  "));
        out.push('\n');
    }
    if let Some(results) = c.results.as_ref().filter(|r| !r.is_empty()) {
        out.push_str("\n## Results\n\n");
        out.push_str(&fenced_json(results)?);
    }
    out.push_str("\n## Transcript\n");
    if c.turns().is_empty() {
        out.push_str("\n*No transcript.*\n");
    }
    for turn in c.turns() {
        // `[` and `]` are escaped so the times never read as a link.
        let times = header::turn_times(turn.start_secs, turn.end_secs)
            .replace('[', "\\[")
            .replace(']', "\\]");
        out.push_str(&format!(
            "\n{times}**{}:** {}\n",
            escape_inline(&turn.speaker.label()),
            escape_lines(&turn.text, "")
        ));
    }
    Ok(out)
}

/// A ```` ```json ```` block whose fence is longer than any run of backticks inside it.
fn fenced_json(results: &Map<String, Value>) -> Result<String, ExportError> {
    let body = serde_json::to_string_pretty(results)?;
    let longest_run = body.split(|ch| ch != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run.max(2) + 1);
    Ok(format!("{fence}json\n{body}\n{fence}\n"))
}

/// Escapes every line of `text` and joins them with hard breaks; continuation lines start with
/// `indent` (so they stay inside a list item). An empty line is kept as a paragraph break.
fn escape_lines(text: &str, indent: &str) -> String {
    let lines = header::lines(text);
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            let previous_blank = lines[i - 1].trim().is_empty();
            if !previous_blank && !line.trim().is_empty() {
                out.push('\\');
            }
            out.push('\n');
            if !line.trim().is_empty() {
                out.push_str(indent);
            }
            out.push_str(&escape_line_start(line));
        } else {
            out.push_str(&escape_inline(line));
        }
    }
    out
}

/// `escape_inline`, plus a backslash before a first character that would open a block.
fn escape_line_start(line: &str) -> String {
    let body = line.trim_start_matches([' ', '\t']);
    let lead = &line[..line.len() - body.len()];
    let escaped = escape_inline(body);
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    let opens_block = match body.as_bytes().first() {
        Some(b'#' | b'>' | b'-' | b'+' | b'=' | b'|') => Some(0),
        // "1. " or "1) " starts an ordered list: escape the dot or bracket.
        Some(b'0'..=b'9') if matches!(body.as_bytes().get(digits), Some(b'.' | b')')) => {
            Some(digits)
        }
        _ => None,
    };
    match opens_block {
        Some(at) => {
            // `at` indexes ASCII bytes before any escaping happened, so it is also a valid
            // index into `escaped` (escape_inline leaves digits alone).
            format!("{lead}{}\\{}", &escaped[..at], &escaped[at..])
        }
        None => format!("{lead}{escaped}"),
    }
}

/// A backslash before ASCII punctuation that would start inline formatting: `\`, `` ` ``, `*`,
/// `~`, `[`, `]`, `<`, an `_` at a word's edge, and an `&` that would read as an entity.
fn escape_inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &ch) in chars.iter().enumerate() {
        let needs_escape = match ch {
            '\\' | '`' | '*' | '~' | '[' | ']' | '<' => true,
            // Inside a word (`payment_confirmed`) an underscore cannot open emphasis.
            '_' => {
                let before = i.checked_sub(1).and_then(|j| chars.get(j));
                let after = chars.get(i + 1);
                !(before.is_some_and(|c| c.is_alphanumeric())
                    && after.is_some_and(|c| c.is_alphanumeric()))
            }
            '&' => looks_like_entity(&chars[i + 1..]),
            _ => false,
        };
        if needs_escape {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// `amp;`, `#39;`, `#x27;`: what follows an `&` in an HTML entity.
fn looks_like_entity(rest: &[char]) -> bool {
    let name_len = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    name_len > 0 && rest.get(name_len) == Some(&';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_escapes_are_minimal() {
        assert_eq!(escape_inline("payment_confirmed"), "payment_confirmed");
        assert_eq!(escape_inline("_hi_ *there*"), "\\_hi\\_ \\*there\\*");
        assert_eq!(
            escape_inline("a `b` [c](d) <e>"),
            "a \\`b\\` \\[c\\](d) \\<e>"
        );
        assert_eq!(escape_inline("AT&T &amp; 50%"), "AT&T \\&amp; 50%");
        assert_eq!(escape_inline("नमस्ते 🙏 வணக்கம்"), "नमस्ते 🙏 வணக்கம்");
    }

    #[test]
    fn block_openers_at_line_start_are_escaped() {
        assert_eq!(escape_line_start("# not a heading"), "\\# not a heading");
        assert_eq!(escape_line_start("  > quote"), "  \\> quote");
        assert_eq!(escape_line_start("- item"), "\\- item");
        assert_eq!(escape_line_start("12. item"), "12\\. item");
        assert_eq!(escape_line_start("12 items"), "12 items");
        assert_eq!(escape_line_start("---"), "\\---");
        assert_eq!(escape_line_start("```"), "\\`\\`\\`");
    }

    #[test]
    fn lines_become_hard_breaks_and_blank_lines_stay() {
        assert_eq!(escape_lines("a\n# b\n\nc", ""), "a\\\n\\# b\n\nc");
        assert_eq!(escape_lines("a\r\nb", "  "), "a\\\n  b");
    }

    #[test]
    fn fence_outgrows_backticks_in_results() {
        let mut map = Map::new();
        map.insert("code".into(), Value::String("````".into()));
        let block = fenced_json(&map).expect("json");
        assert!(block.starts_with("`````json\n"), "{block}");
        assert!(block.ends_with("\n`````\n"), "{block}");
    }
}
