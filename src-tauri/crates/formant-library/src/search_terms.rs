//! What the user typed, as terms: words, which match the start of a word (`refun` finds
//! `refund`, as the user types), and "quoted phrases", whose words must follow each other.
//! Every term must occur; case does not matter.

use crate::tokens::is_word_char;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SearchTerms {
    /// Lower-cased terms, in the order typed, without duplicates.
    terms: Vec<String>,
    /// Whether each term was a "quoted phrase".
    phrase: Vec<bool>,
}

impl SearchTerms {
    pub(crate) fn parse(text: &str) -> SearchTerms {
        let mut terms: Vec<String> = Vec::new();
        let mut phrase = Vec::new();
        let mut push = |term: &str, quoted: bool| {
            let term = fold(term.trim()).0;
            if !term.is_empty() && !terms.contains(&term) {
                terms.push(term);
                phrase.push(quoted);
            }
        };
        // Odd quotes: the last phrase runs to the end.
        for (i, chunk) in text.split('"').enumerate() {
            if i % 2 == 1 {
                push(chunk, true);
            } else {
                chunk.split_whitespace().for_each(|w| push(w, false));
            }
        }
        SearchTerms { terms, phrase }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub(crate) fn all(&self) -> &[String] {
        &self.terms
    }

    /// The FTS5 query: every term a quoted string, all required; a word also matches as the
    /// start of a longer word (`"refun"*`), a "phrase" as typed. Terms without a letter or
    /// digit (`+`, `—`) are left out; `None` when nothing is left.
    pub(crate) fn match_expression(&self) -> Option<String> {
        let quoted: Vec<String> = self
            .terms
            .iter()
            .zip(&self.phrase)
            .filter(|(t, _)| t.chars().any(is_word_char))
            .map(|(t, phrase)| {
                let star = if *phrase || t.chars().count() < 2 {
                    ""
                } else {
                    "*"
                };
                format!("\"{}\"{star}", t.replace('"', "\"\""))
            })
            .collect();
        (!quoted.is_empty()).then(|| quoted.join(" AND "))
    }
}

/// `text` lower-cased, with the byte offset in `text` of every byte of the result, so a match
/// in the folded text maps back to the original.
pub(crate) fn fold(text: &str) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        for lower in c.to_lowercase() {
            let before = folded.len();
            folded.push(lower);
            origin.extend(std::iter::repeat_n(at, folded.len() - before));
        }
    }
    (folded, origin)
}

/// Every place (byte ranges of `text`) where one of `terms` (already folded) occurs at the
/// start of a word, case-insensitively, in text order, without overlaps: what the index
/// matched.
pub(crate) fn find_all(text: &str, terms: &[String]) -> Vec<(usize, usize)> {
    let (folded, origin) = fold(text);
    let mut found: Vec<(usize, usize)> = Vec::new();
    for term in terms.iter().filter(|t| !t.is_empty()) {
        let mut from = 0;
        while let Some(pos) = folded[from..].find(term.as_str()) {
            let start = from + pos;
            let end = start + term.len();
            let orig_start = origin[start];
            let at_word_start = text[..orig_start]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word_char(c));
            if !at_word_start {
                from = start + folded[start..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            // The end of the original character the match's last byte came from.
            let last = origin[end - 1];
            let orig_end = last + text[last..].chars().next().map_or(1, char::len_utf8);
            found.push((orig_start, orig_end));
            from = end;
        }
    }
    found.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in found {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_word_starts_and_phrases_match_as_typed() {
        let terms = SearchTerms::parse(r#"Refund "late fee" ok refund a +"#);
        assert_eq!(terms.all(), ["refund", "late fee", "ok", "a", "+"]);
        assert_eq!(
            terms.match_expression().as_deref(),
            Some(r#""refund"* AND "late fee" AND "ok"* AND "a""#)
        );
        assert_eq!(SearchTerms::parse("+ —").match_expression(), None);
        assert_eq!(
            SearchTerms::parse(r#"say "a""b"#)
                .match_expression()
                .as_deref(),
            Some(r#""say"* AND "a" AND "b""#)
        );
    }

    #[test]
    fn matches_map_back_to_the_original_text() {
        let text = "Hello İstanbul, HELLO नमस्ते";
        let found = find_all(text, &["hello".into(), "नमस्ते".into()]);
        let words: Vec<&str> = found.iter().map(|(s, e)| &text[*s..*e]).collect();
        assert_eq!(words, ["Hello", "HELLO", "नमस्ते"]);
        // İ lower-cases to two characters; a match after it still maps back.
        let found = find_all(text, &["hello".into()]);
        assert_eq!(&text[found[1].0..found[1].1], "HELLO");
        // Only at the start of a word, as the index matches.
        assert!(find_all("refund", &["fund".into()]).is_empty());
        assert!(find_all("दिलाने", &["लाने".into()]).is_empty());
        assert_eq!(find_all("दिलाने", &["दिल".into()]), [(0, 9)]);
    }
}
