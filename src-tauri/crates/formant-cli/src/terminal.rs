//! Text from a server, made safe to show on a terminal. Contact numbers, speakers, transcript
//! text, statuses and the API's error messages are untrusted: an `ESC ] 0;…BEL` in them would
//! retitle the terminal, `ESC [2J` clear it, U+202E show the text reversed. Every
//! human-readable line the CLI prints goes through [`escape_controls`]; `--json` output does
//! not (it is JSON, lossless, and escapes control characters itself).

use std::borrow::Cow;
use std::fmt::Write;

/// Which layout characters a text may keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A document of several lines (a readable conversation): line breaks and tabs stay.
    Lines,
    /// One line or one table cell: line breaks and tabs are escaped too.
    Inline,
}

/// `text` with every control character (C0, DEL, C1) and every bidirectional-formatting
/// character (marks, embeddings, overrides, isolates) written as a Rust escape (`\u{1b}`),
/// so it shows as what it is instead of acting on the terminal.
pub fn escape_controls(text: &str, layout: Layout) -> Cow<'_, str> {
    let kept = |c: char| !is_unsafe(c) || (layout == Layout::Lines && matches!(c, '\n' | '\t'));
    if text.chars().all(kept) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if kept(c) {
            out.push(c);
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "{}", c.escape_unicode());
        }
    }
    Cow::Owned(out)
}

fn is_unsafe(c: char) -> bool {
    c.is_control() // C0, DEL and C1
        || matches!(c,
            '\u{061C}'              // Arabic letter mark
            | '\u{200E}' | '\u{200F}' // left-to-right and right-to-left marks
            | '\u{202A}'..='\u{202E}' // embeddings and overrides
            | '\u{2066}'..='\u{2069}' // isolates
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_sequences_are_shown_not_run() {
        let title = "\u{1b}]0;pwned\u{7}+1 555";
        assert_eq!(
            escape_controls(title, Layout::Inline),
            "\\u{1b}]0;pwned\\u{7}+1 555"
        );
        assert_eq!(escape_controls("\u{1b}[2J", Layout::Lines), "\\u{1b}[2J");
        assert_eq!(
            escape_controls("abc\u{202e}fed", Layout::Inline),
            "abc\\u{202e}fed"
        );
        for c in [
            '\u{0}', '\u{7f}', '\u{85}', '\u{9b}', '\u{200e}', '\u{200f}', '\u{2066}', '\u{2069}',
            '\r',
        ] {
            let text = format!("a{c}b");
            let shown = escape_controls(&text, Layout::Lines);
            assert!(!shown.contains(c), "{c:?} kept in {shown:?}");
            assert!(shown.contains("\\u{"), "{shown}");
        }
    }

    #[test]
    fn ordinary_text_is_untouched_and_line_breaks_depend_on_the_layout() {
        let text = "Agent: नमस्ते 🙏 — “quoted”\n\tindented";
        assert!(matches!(escape_controls(text, Layout::Lines), Cow::Borrowed(t) if t == text));
        assert_eq!(
            escape_controls("a\nb\tc", Layout::Inline),
            "a\\u{a}b\\u{9}c"
        );
    }
}
