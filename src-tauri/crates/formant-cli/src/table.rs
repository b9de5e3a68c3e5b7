//! The conversation list as a plain, aligned text table (no borders: easy to read, easy to
//! `grep` and `cut`).

use formant_core::Conversation;

use crate::terminal::{escape_controls, Layout};

const HEADERS: [&str; 6] = ["START (UTC)", "ID", "NUMBER", "AGENT", "STATUS", "DURATION"];
const GAP: &str = "  ";

pub fn render(conversations: &[Conversation]) -> String {
    let rows: Vec<[String; 6]> = conversations.iter().map(row).collect();
    let mut widths = HEADERS.map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    push_line(&mut out, &HEADERS.map(str::to_owned), &widths);
    for row in &rows {
        push_line(&mut out, row, &widths);
    }
    out
}

/// The cells, each on one line with its control characters shown escaped (a contact number
/// or status from the server could otherwise drive the terminal or break the columns).
fn row(c: &Conversation) -> [String; 6] {
    cells(c).map(|cell| escape_controls(&cell, Layout::Inline).into_owned())
}

fn cells(c: &Conversation) -> [String; 6] {
    [
        c.start_ms.and_then(|t| t.to_utc()).map_or_else(
            || "-".to_owned(),
            |d| d.format("%Y-%m-%d %H:%M").to_string(),
        ),
        c.conversation_id.clone(),
        c.contact_number.clone().unwrap_or_else(|| "-".into()),
        c.agent_id.map_or_else(|| "-".into(), |a| a.to_string()),
        c.status.as_ref().map_or_else(|| "-".into(), |s| s.label()),
        c.duration().map_or_else(|| "-".into(), clock),
    ]
}

fn push_line(out: &mut String, cells: &[String; 6], widths: &[usize; 6]) {
    let last = cells.len() - 1;
    for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
        out.push_str(cell);
        if i < last {
            let pad = width.saturating_sub(cell.chars().count());
            out.extend(std::iter::repeat_n(' ', pad));
            out.push_str(GAP);
        }
    }
    out.push('\n');
}

/// `2:22`, `1:02:03`: whole seconds, as a call list shows them.
fn clock(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn columns_line_up_and_missing_values_show_a_dash() {
        let a = Conversation::from_json(json!({
            "conversation_id": "e36853de_1", "agent_id": 123, "contact_number": "+919876543210",
            "start_timestamp": 1773867201766_i64, "duration_seconds": 142, "status": "no_answer"
        }))
        .expect("a");
        let b = Conversation::from_json(json!({"conversation_id": "x"})).expect("b");
        let text = render(&[a, b]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[1],
            "2026-03-18 20:53  e36853de_1  +919876543210  123    No answer  2:22"
        );
        assert_eq!(
            lines[2],
            "-                 x           -              -      -          -"
        );
        let id_column = lines[0].find("ID").expect("header");
        assert_eq!(lines[1].find("e36853de_1"), Some(id_column));
    }

    #[test]
    fn server_text_cannot_drive_the_terminal_or_break_the_columns() {
        let c = Conversation::from_json(json!({
            "conversation_id": "id\u{202e}txt.exe", "contact_number": "\u{1b}]0;title\u{7}+1",
            "status": "\u{1b}[2Jdone\nforged row"
        }))
        .expect("conversation");
        let text = render(&[c]);
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{202e}'),
            "{text:?}"
        );
        assert!(text.contains("\\u{1b}]0;title\\u{7}+1"), "{text}");
        assert!(text.contains("id\\u{202e}txt.exe"), "{text}");
    }

    #[test]
    fn durations_read_as_clock_times() {
        assert_eq!(clock(0.0), "0:00");
        assert_eq!(clock(245.7), "4:06");
        assert_eq!(clock(3723.0), "1:02:03");
    }
}
