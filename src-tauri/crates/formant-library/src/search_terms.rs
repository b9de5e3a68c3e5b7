//! What the user typed, as terms: words, and "quoted phrases", every one of which must occur
//! (as a substring, case-insensitively). The full-text index holds trigrams, so a term of
//! fewer than three characters cannot be looked up in it (see [`SearchTerms::match_expression`]).

/// The shortest term the trigram index can find.
pub(crate) const MIN_INDEXED_CHARS: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SearchTerms {
    /// Lower-cased terms, in the order typed, without duplicates.
    terms: Vec<String>,
}

impl SearchTerms {
    pub(crate) fn parse(text: &str) -> SearchTerms {
        let mut terms: Vec<String> = Vec::new();
        let mut push = |term: &str| {
            let term = fold(term.trim()).0;
            if !term.is_empty() && !terms.contains(&term) {
                terms.push(term);
            }
        };
        // Odd quotes: the last phrase runs to the end.
        for (i, chunk) in text.split('"').enumerate() {
            if i % 2 == 1 {
                push(chunk);
            } else {
                chunk.split_whitespace().for_each(&mut push);
            }
        }
        SearchTerms { terms }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub(crate) fn all(&self) -> &[String] {
        &self.terms
    }

    /// Terms the index can find (three characters or more).
    pub(crate) fn indexed(&self) -> impl Iterator<Item = &String> {
        self.terms
            .iter()
            .filter(|t| t.chars().count() >= MIN_INDEXED_CHARS)
    }

    /// Terms too short for the index.
    pub(crate) fn too_short(&self) -> Vec<String> {
        self.terms
            .iter()
            .filter(|t| t.chars().count() < MIN_INDEXED_CHARS)
            .cloned()
            .collect()
    }

    /// The FTS5 query: every indexed term as a quoted string (a substring to the trigram
    /// tokenizer), all required. `None` when no term is long enough.
    pub(crate) fn match_expression(&self) -> Option<String> {
        let quoted: Vec<String> = self
            .indexed()
            .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
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

/// Every place (byte ranges of `text`) where one of `terms` (already folded) occurs,
/// case-insensitively, in text order, without overlaps.
pub(crate) fn find_all(text: &str, terms: &[String]) -> Vec<(usize, usize)> {
    let (folded, origin) = fold(text);
    let mut found: Vec<(usize, usize)> = Vec::new();
    for term in terms.iter().filter(|t| !t.is_empty()) {
        let mut from = 0;
        while let Some(pos) = folded[from..].find(term.as_str()) {
            let start = from + pos;
            let end = start + term.len();
            let orig_start = origin[start];
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
    fn words_and_phrases_become_required_substrings() {
        let terms = SearchTerms::parse(r#"Refund "late fee" ok refund"#);
        assert_eq!(terms.all(), ["refund", "late fee", "ok"]);
        assert_eq!(
            terms.match_expression().as_deref(),
            Some(r#""refund" AND "late fee""#)
        );
        assert_eq!(terms.too_short(), ["ok"]);
        assert_eq!(SearchTerms::parse("ok").match_expression(), None);
        assert_eq!(
            SearchTerms::parse(r#"say "a""b"#)
                .match_expression()
                .as_deref(),
            Some(r#""say""#)
        );
    }

    #[test]
    fn matches_map_back_to_the_original_text() {
        let text = "Hello İstanbul, HELLO नमस्ते";
        let found = find_all(text, &["hello".into(), "नमस्ते".into()]);
        let words: Vec<&str> = found.iter().map(|(s, e)| &text[*s..*e]).collect();
        assert_eq!(words, ["Hello", "HELLO", "नमस्ते"]);
        // İ lower-cases to two characters; the match after it still maps back.
        let found = find_all(text, &["stanbul".into()]);
        assert_eq!(&text[found[0].0..found[0].1], "stanbul");
    }
}
