//! Full-text search over every stored call: ranked by bm25, with a snippet of the matching
//! turn (or metadata line) and where the match is in it.

use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;
use serde::Serialize;

use crate::error::LibraryError;
use crate::filter::Filter;
use crate::list::{CallRow, ROW_COLUMNS};
use crate::search_terms::{find_all, SearchTerms};
use crate::store::Store;
use crate::text::meta_lines;

/// A search: the text, the filters it combines with, and which results to return.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchQuery {
    /// What the user typed: words and "quoted phrases", all required, found anywhere in a word
    /// (substrings), in any case and any script.
    pub text: String,
    /// Status, agent, dates, duration, accounts… (`filter.text` is ignored: `text` is the search).
    pub filter: Filter,
    /// Results to skip (a next page).
    pub offset: u32,
    /// Results to return, at most [`MAX_RESULTS`].
    pub limit: u32,
}

/// The most results one search returns.
pub const MAX_RESULTS: u32 = 1_000;

/// Calls a search for short words only looks through, newest first (see [`SearchResults::scanned`]).
pub const SHORT_QUERY_SCAN: u32 = 5_000;

/// What a search found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    /// Calls that match, in all (not only the ones returned).
    pub total: u64,
    pub results: Vec<SearchHit>,
    /// Terms left out because the index cannot find words under three characters; they are
    /// still highlighted in snippets.
    pub ignored_terms: Vec<String>,
    /// `Some(n)` when no term had three characters: then only the newest `n` calls that pass
    /// the filters were looked through, and `total` counts matches among them.
    pub scanned: Option<u32>,
}

/// One call that matches, best first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// The call's list row: id, account label and region, status, times.
    #[serde(flatten)]
    pub call: CallRow,
    /// bm25 (lower is better); `None` for results of a short-word scan.
    pub rank: Option<f64>,
    /// Where the match is: a transcript turn or a line of metadata.
    pub snippet: Snippet,
    /// The transcript turn (from 0) the snippet comes from; `None` for a metadata match.
    pub turn_index: Option<usize>,
    /// The turn's start in seconds, when it has one (for the player).
    pub turn_start_secs: Option<f64>,
}

/// A piece of text with the matches marked: the UI draws `parts` (each matched or not); the
/// CLI prints [`Snippet::text`] and [`Snippet::highlights`].
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Snippet {
    pub parts: Vec<SnippetPart>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnippetPart {
    pub text: String,
    pub matched: bool,
}

impl Snippet {
    /// The plain text.
    pub fn text(&self) -> String {
        self.parts.iter().map(|p| p.text.as_str()).collect()
    }

    /// The matched ranges of [`Snippet::text`], as `[start, end)` in characters (Unicode scalar
    /// values), for consumers that index text by character.
    pub fn highlights(&self) -> Vec<(usize, usize)> {
        let mut at = 0;
        let mut ranges = Vec::new();
        for part in &self.parts {
            let len = part.text.chars().count();
            if part.matched {
                ranges.push((at, at + len));
            }
            at += len;
        }
        ranges
    }

    /// The text with every match between `open` and `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        self.parts
            .iter()
            .map(|p| {
                if p.matched {
                    format!("{open}{}{close}", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }
}

/// Characters of context kept before the first match and in all.
const CONTEXT_BEFORE: usize = 40;
const SNIPPET_CHARS: usize = 160;

impl Store {
    /// Searches the calls that pass `query.filter`: transcripts, results, failure reasons,
    /// contact numbers and ids. Every term must occur; results are ranked by bm25.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults, LibraryError> {
        if query.limit > MAX_RESULTS {
            return Err(LibraryError::InvalidQuery(format!(
                "a search returns at most {MAX_RESULTS} results at a time"
            )));
        }
        let terms = SearchTerms::parse(&query.text);
        if terms.is_empty() {
            return Err(LibraryError::InvalidQuery(
                "type something to search for".into(),
            ));
        }
        let mut filter = query.filter.clone();
        filter.text = None;
        match terms.match_expression() {
            Some(expr) => self.search_index(&terms, &expr, &filter, query),
            None => self.scan_for_short_terms(&terms, &filter, query),
        }
    }

    fn search_index(
        &self,
        terms: &SearchTerms,
        expr: &str,
        filter: &Filter,
        query: &SearchQuery,
    ) -> Result<SearchResults, LibraryError> {
        const ACTION: &str = "search the library";
        let sql = filter.to_sql(false)?;
        // `WHERE a AND b` of the filter, continued after the MATCH.
        let and_filters = match sql.clause.strip_prefix("WHERE ") {
            Some(rest) => format!("AND {rest}"),
            None => String::new(),
        };
        let mut params = vec![SqlValue::Text(expr.to_owned())];
        params.extend(sql.params.iter().cloned());
        let count_sql = if and_filters.is_empty() {
            "SELECT count(*) FROM search_index WHERE search_index MATCH ?".to_owned()
        } else {
            format!(
                "SELECT count(*) FROM search_index s JOIN conversations c ON c.id = s.rowid
                 WHERE search_index MATCH ? {and_filters}"
            )
        };
        let total: i64 = self
            .conn
            .prepare_cached(&count_sql)
            .and_then(|mut s| s.query_row(params_from_iter(params.iter()), |row| row.get(0)))
            .map_err(self.err(ACTION))?;
        let text = format!(
            "SELECT {ROW_COLUMNS}, s.rank, c.list_json, c.details_json,
                    COALESCE(c.list_seen_ms > c.details_ms, 0)
             FROM search_index s
             JOIN conversations c ON c.id = s.rowid
             JOIN accounts a ON a.id = c.account_id
             WHERE search_index MATCH ? {and_filters}
             ORDER BY s.rank LIMIT ? OFFSET ?"
        );
        params.push(SqlValue::Integer(query.limit.into()));
        params.push(SqlValue::Integer(query.offset.into()));
        let mut results = Vec::new();
        for candidate in self.candidates(&text, params)? {
            let (hit, _) = self.hit(candidate, terms.all())?;
            results.push(hit);
        }
        Ok(SearchResults {
            total: u64::try_from(total).unwrap_or(0),
            results,
            ignored_terms: terms.too_short(),
            scanned: None,
        })
    }

    /// Words under three characters cannot use the trigram index: look through the newest
    /// [`SHORT_QUERY_SCAN`] calls that pass the filters instead, and say so.
    fn scan_for_short_terms(
        &self,
        terms: &SearchTerms,
        filter: &Filter,
        query: &SearchQuery,
    ) -> Result<SearchResults, LibraryError> {
        let sql = filter.to_sql(false)?;
        let text = format!(
            "SELECT {ROW_COLUMNS}, NULL, c.list_json, c.details_json,
                    COALESCE(c.list_seen_ms > c.details_ms, 0)
             FROM conversations c JOIN accounts a ON a.id = c.account_id
             {clause} ORDER BY c.start_ms DESC, c.id DESC LIMIT ?",
            clause = sql.clause
        );
        let mut params = sql.params;
        params.push(SqlValue::Integer(SHORT_QUERY_SCAN.into()));
        let mut matching = Vec::new();
        for candidate in self.candidates(&text, params)? {
            let (hit, every_term) = self.hit(candidate, terms.all())?;
            if every_term {
                matching.push(hit);
            }
        }
        let total = matching.len() as u64;
        let results = matching
            .into_iter()
            .skip(query.offset as usize)
            .take(query.limit as usize)
            .collect();
        Ok(SearchResults {
            total,
            results,
            ignored_terms: Vec::new(),
            scanned: Some(SHORT_QUERY_SCAN),
        })
    }

    fn candidates(&self, sql: &str, params: Vec<SqlValue>) -> Result<Vec<Candidate>, LibraryError> {
        const ACTION: &str = "search the library";
        let width = ROW_COLUMNS.split(',').count();
        let mut stmt = self.conn.prepare_cached(sql).map_err(self.err(ACTION))?;
        let rows = stmt
            .query_map(params_from_iter(params), |row| {
                Ok(Candidate {
                    call: CallRow::from_row(row, 0)?,
                    rank: row.get(width)?,
                    list: row.get(width + 1)?,
                    details: row.get(width + 2)?,
                    list_newer: row.get(width + 3)?,
                })
            })
            .map_err(self.err(ACTION))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.err(ACTION))?;
        Ok(rows)
    }

    /// The hit for a candidate, and whether every term occurs in the call.
    fn hit(&self, c: Candidate, terms: &[String]) -> Result<(SearchHit, bool), LibraryError> {
        let stored = self.stored_call(
            c.call.account,
            &c.call.conversation_id,
            c.list,
            c.details,
            c.list_newer,
        )?;
        let conversation = &stored.conversation;
        let turns: Vec<&str> = conversation
            .turns()
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        let meta = meta_lines(conversation);
        let located = locate(&turns, &meta, terms);
        let turn_start_secs = located
            .turn_index
            .and_then(|i| conversation.turns().get(i))
            .and_then(|t| t.start_secs);
        Ok((
            SearchHit {
                call: c.call,
                rank: c.rank,
                snippet: located.snippet,
                turn_index: located.turn_index,
                turn_start_secs,
            },
            located.every_term,
        ))
    }
}

/// A row a search may return, with its JSON.
struct Candidate {
    call: CallRow,
    rank: Option<f64>,
    list: Option<String>,
    details: Option<String>,
    list_newer: bool,
}

struct Located {
    snippet: Snippet,
    turn_index: Option<usize>,
    every_term: bool,
}

/// The turn (or, failing that, the metadata line) holding the most distinct terms, the first
/// of equals; and whether every term occurs somewhere in the call.
fn locate(turns: &[&str], meta: &[String], terms: &[String]) -> Located {
    let distinct = |text: &str| {
        terms
            .iter()
            .filter(|t| !find_all(text, std::slice::from_ref(t)).is_empty())
            .count()
    };
    let best = |texts: &mut dyn Iterator<Item = &str>| {
        texts
            .enumerate()
            .map(|(i, text)| (distinct(text), i))
            .filter(|(n, _)| *n > 0)
            // The most terms; the earliest among equals.
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
    };
    let every_term = {
        let mut all = turns.join("\n");
        all.push('\n');
        all.push_str(&meta.join("\n"));
        terms
            .iter()
            .all(|t| !find_all(&all, std::slice::from_ref(t)).is_empty())
    };
    if let Some((_, i)) = best(&mut turns.iter().copied()) {
        return Located {
            snippet: snippet(turns[i], terms),
            turn_index: Some(i),
            every_term,
        };
    }
    let lines: Vec<&str> = meta.iter().map(String::as_str).collect();
    let snippet = match best(&mut lines.iter().copied()) {
        Some((_, i)) => snippet(lines[i], terms),
        // A match the index found across a turn boundary: show the start of the call.
        None => snippet(turns.first().copied().unwrap_or_default(), terms),
    };
    Located {
        snippet,
        turn_index: None,
        every_term,
    }
}

/// Up to [`SNIPPET_CHARS`] characters of `text` around its first match, the matches marked,
/// `…` where it was cut.
fn snippet(text: &str, terms: &[String]) -> Snippet {
    let matches = find_all(text, terms);
    let first = matches.first().map_or(0, |m| m.0);
    // Character boundaries, as byte offsets.
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let first_char = bounds.partition_point(|b| *b < first);
    let start_char = first_char.saturating_sub(CONTEXT_BEFORE);
    let end_char = (start_char + SNIPPET_CHARS).min(bounds.len() - 1);
    let (start, end) = (bounds[start_char], bounds[end_char]);
    let mut parts = Vec::new();
    let mut push = |text: &str, matched: bool| {
        if !text.is_empty() {
            parts.push(SnippetPart {
                text: text.to_owned(),
                matched,
            });
        }
    };
    if start > 0 {
        push("…", false);
    }
    let mut at = start;
    for (m_start, m_end) in matches {
        let (m_start, m_end) = (m_start.max(start), m_end.min(end));
        if m_start >= m_end {
            continue;
        }
        push(&text[at..m_start], false);
        push(&text[m_start..m_end], true);
        at = m_end;
    }
    push(&text[at..end], false);
    if end < text.len() {
        push("…", false);
    }
    Snippet { parts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_marks_matches_and_cuts_long_text() {
        let long = format!("{} the refund is late {}", "a".repeat(100), "b".repeat(300));
        let s = snippet(&long, &["refund".into(), "late".into()]);
        let text = s.text();
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert_eq!(s.marked("[", "]").matches('[').count(), 2);
        let marked = s.marked("[", "]");
        assert!(marked.contains("[refund] is [late]"), "{marked}");
        assert!(text.chars().count() <= SNIPPET_CHARS + 2);
        let (start, end) = s.highlights()[0];
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[start..end].iter().collect::<String>(), "refund");
    }

    #[test]
    fn the_turn_with_the_most_terms_wins() {
        let turns = ["about a refund", "a refund, paid late", "late"];
        let found = locate(&turns, &[], &["refund".into(), "late".into()]);
        assert_eq!(found.turn_index, Some(1));
        assert!(found.every_term);
        let meta = ["x-1".to_owned(), "failure: voicemail".to_owned()];
        let found = locate(&turns, &meta, &["voicemail".into()]);
        assert_eq!(found.turn_index, None);
        assert_eq!(found.snippet.marked("[", "]"), "failure: [voicemail]");
    }
}
