//! Full-text search over every stored call: ranked by bm25, with a snippet of the matching
//! turn (or metadata line) and where the match is in it.

use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, OptionalExtension};
use serde::Serialize;

use crate::error::LibraryError;
use crate::filter::Filter;
use crate::list::{CallRow, RawJson, ROW_COLUMNS};
use crate::search_terms::{find_all, SearchTerms};
use crate::store::Store;
use crate::stored_json::JSON_COLUMNS;
use crate::text::{facet_token, meta_lines, Facet};

/// A search: the text, the filters it combines with, and which results to return.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchQuery {
    /// What the user typed: words (each also matching the start of a longer word) and
    /// "quoted phrases", all required, in any case and any script.
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

/// Up to this many matches, results are ranked by bm25; above it they come newest first.
/// FTS5 finds the best matches by computing bm25 for every one of them (~3 µs each), so
/// ranking the 120,000 calls of a million that say a common word would take a third of a
/// second; among that many, the newest are as useful as the "best", and come at once.
pub const MAX_RANKED: u64 = 5_000;

/// The SQL function that collects the ids of a search's matches inside SQLite's pass over the
/// index, `formant_match_ids(rowid)`: handing each of 100,000 matches out as a result row cost
/// as much as a second pass over the index.
#[derive(Clone, Default)]
pub(crate) struct MatchIds {
    collected: Arc<Mutex<Option<Vec<i64>>>>,
}

const COLLECT_IDS: &str = "formant_match_ids";

impl MatchIds {
    pub(crate) fn register(&self, conn: &rusqlite::Connection) -> rusqlite::Result<()> {
        conn.create_aggregate_function(
            COLLECT_IDS,
            1,
            FunctionFlags::SQLITE_UTF8,
            Collect(self.collected.clone()),
        )
    }

    /// Runs `sql`, which selects `formant_match_ids(rowid)`, and returns the ids in the order
    /// SQLite met them.
    fn run(
        &self,
        conn: &rusqlite::Connection,
        sql: &str,
        params: &[SqlValue],
    ) -> rusqlite::Result<Vec<i64>> {
        conn.prepare_cached(sql)?
            .query_row(params_from_iter(params.iter()), |_| Ok(()))?;
        let taken = self
            .collected
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        Ok(taken.unwrap_or_default())
    }
}

struct Collect(Arc<Mutex<Option<Vec<i64>>>>);

impl rusqlite::functions::Aggregate<Vec<i64>, i64> for Collect {
    fn init(&self, _: &mut rusqlite::functions::Context<'_>) -> rusqlite::Result<Vec<i64>> {
        Ok(Vec::new())
    }

    fn step(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        ids: &mut Vec<i64>,
    ) -> rusqlite::Result<()> {
        ids.push(ctx.get(0)?);
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
        ids: Option<Vec<i64>>,
    ) -> rusqlite::Result<i64> {
        let ids = ids.unwrap_or_default();
        let count = ids.len() as i64;
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(ids);
        Ok(count)
    }
}

/// What a search found.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SearchResults {
    /// Calls that match, in all (not only the ones returned).
    pub total: u64,
    pub results: Vec<SearchHit>,
    /// Whether `results` are in bm25 order (best first); `false`: newest first, because more
    /// than [`MAX_RANKED`] calls match.
    pub ranked: bool,
}

/// One call that matches, best first.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SearchHit {
    /// The call's list row: id, account label and region, status, times.
    #[serde(flatten)]
    pub call: CallRow,
    /// bm25 (lower is better); 0 when the results come newest first (see
    /// [`SearchResults::ranked`]): bm25 is only known by ranking every match.
    pub rank: f64,
    /// Where the match is: a transcript turn or a line of metadata.
    pub snippet: Snippet,
    /// The transcript turn (from 0) the snippet comes from; `None` for a metadata match.
    pub turn_index: Option<usize>,
    /// The turn's start in seconds, when it has one (for the player).
    pub turn_start_secs: Option<f64>,
}

/// A piece of text with the matches marked: the UI draws `parts` (each matched or not); the
/// CLI prints [`Snippet::text`] and [`Snippet::highlights`].
#[derive(Debug, Clone, PartialEq, Serialize, Default, ts_rs::TS)]
pub struct Snippet {
    pub parts: Vec<SnippetPart>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
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
        let expr = terms.match_expression().ok_or_else(|| {
            LibraryError::InvalidQuery("type a word (letters or digits) to search for".into())
        })?;
        self.search_index(&terms, &expr, &filter, query)
    }

    fn search_index(
        &self,
        terms: &SearchTerms,
        expr: &str,
        filter: &Filter,
        query: &SearchQuery,
    ) -> Result<SearchResults, LibraryError> {
        const ACTION: &str = "search the library";
        // Accounts, statuses, categories and agents are tokens of the index: the index alone
        // narrows to them. The rest (dates, durations, reasons) is checked on the rows.
        let every_account = self.covers_every_account(filter)?;
        let (expr, rest) = with_facets(expr, filter, every_account);
        let sql = rest.to_sql(false)?;
        let and_filters = match sql.clause.strip_prefix("WHERE ") {
            Some(more) => format!("AND {more}"),
            None => String::new(),
        };
        let mut params = vec![SqlValue::Text(expr)];
        params.extend(sql.params.iter().cloned());
        let from = if and_filters.is_empty() {
            "FROM search_index s WHERE search_index MATCH ?".to_owned()
        } else {
            format!(
                "FROM search_index s JOIN conversations c ON c.id = s.rowid
                 WHERE search_index MATCH ? {and_filters}"
            )
        };
        // The matches as a set, in one pass (see `MatchIds`); ranked in a second pass only
        // when there are few enough to rank (bm25 for 5,000 phrase matches cost 57 ms at a
        // million calls, as much as the pass itself).
        let mut ids = self
            .match_ids
            .run(
                &self.conn,
                &format!("SELECT {COLLECT_IDS}(s.rowid) {from}"),
                &params,
            )
            .map_err(self.err(ACTION))?;
        let total = ids.len() as u64;
        let ranked = total <= MAX_RANKED;
        let (skip, take) = (query.offset as usize, query.limit as usize);
        let best: Vec<(i64, Option<f64>)> = if total == 0 {
            Vec::new()
        } else if ranked {
            params.push(SqlValue::Integer(query.limit.into()));
            params.push(SqlValue::Integer(query.offset.into()));
            self.conn
                .prepare_cached(&format!(
                    "SELECT s.rowid, s.rank {from} ORDER BY s.rank LIMIT ? OFFSET ?"
                ))
                .and_then(|mut s| {
                    s.query_map(params_from_iter(params), |row| {
                        Ok((row.get(0)?, Some(row.get(1)?)))
                    })?
                    .collect()
                })
                .map_err(self.err(ACTION))?
        } else {
            // The calls newest first through the start index, kept when they are among the
            // matches, until enough are found: with more than MAX_RANKED matches among a
            // million calls, a page of 50 is found within some 10,000 rows.
            ids.sort_unstable();
            let wanted = skip.saturating_add(take);
            let mut newest = Vec::with_capacity(wanted.min(ids.len()));
            self.conn
                .prepare_cached(
                    "SELECT c.id FROM conversations c ORDER BY c.start_ms DESC, c.id DESC",
                )
                .and_then(|mut s| {
                    let mut rows = s.query([])?;
                    while newest.len() < wanted {
                        let Some(row) = rows.next()? else {
                            break;
                        };
                        let id: i64 = row.get(0)?;
                        if ids.binary_search(&id).is_ok() {
                            newest.push(id);
                        }
                    }
                    Ok(())
                })
                .map_err(self.err(ACTION))?;
            newest.into_iter().skip(skip).map(|id| (id, None)).collect()
        };
        let mut results = Vec::with_capacity(best.len());
        for (id, rank) in best {
            if let Some(candidate) = self.candidate(id, rank.unwrap_or_default())? {
                results.push(self.hit(candidate, terms.all())?);
            }
        }
        Ok(SearchResults {
            total,
            results,
            ranked,
        })
    }

    /// Whether `filter`'s accounts are all the store has (the app's usual search, in a library
    /// of one account): then the account is no condition at all, and the index need not
    /// intersect the matches with a list of every call.
    fn covers_every_account(&self, filter: &Filter) -> Result<bool, LibraryError> {
        if filter.accounts.is_empty() {
            return Ok(true);
        }
        let stored: Vec<i64> = self
            .conn
            .prepare_cached("SELECT id FROM accounts")
            .and_then(|mut s| s.query_map([], |row| row.get(0))?.collect())
            .map_err(self.err("search the library"))?;
        Ok(stored
            .iter()
            .all(|id| filter.accounts.iter().any(|a| a.0 == *id)))
    }

    fn candidate(&self, id: i64, rank: f64) -> Result<Option<Candidate>, LibraryError> {
        let width = ROW_COLUMNS.split(',').count();
        self.conn
            .prepare_cached(&format!(
                "SELECT {ROW_COLUMNS}, {JSON_COLUMNS}, c.details_stale
                 FROM conversations c JOIN accounts a ON a.id = c.account_id WHERE c.id = ?"
            ))
            .and_then(|mut s| {
                s.query_row([id], |row| {
                    Ok(Candidate {
                        call: CallRow::from_row(row, 0)?,
                        rank,
                        json: RawJson::from_row(row, width)?,
                        list_newer: row.get(width + 3)?,
                    })
                })
                .optional()
            })
            .map_err(self.err("search the library"))
    }

    /// The hit for a candidate: where in the call the terms are.
    fn hit(&self, c: Candidate, terms: &[String]) -> Result<SearchHit, LibraryError> {
        let stored = self.stored_call(
            c.call.account,
            &c.call.conversation_id,
            c.json,
            c.list_newer,
            c.call.has_recording,
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
        Ok(SearchHit {
            call: c.call,
            rank: c.rank,
            snippet: located.snippet,
            turn_index: located.turn_index,
            turn_start_secs,
        })
    }
}

/// The MATCH expression narrowed to the filter's accounts, statuses, categories and agents,
/// and what is left of the filter for the rows.
fn with_facets(expr: &str, filter: &Filter, every_account: bool) -> (String, Filter) {
    let mut expr = format!("({expr})");
    let mut any_of = |facet: Facet, values: Vec<String>| {
        if !values.is_empty() {
            let tokens: Vec<String> = values.iter().map(|v| facet_token(facet, v)).collect();
            expr.push_str(&format!(" AND facets : ({})", tokens.join(" OR ")));
        }
    };
    if !every_account {
        any_of(
            Facet::Account,
            filter.accounts.iter().map(|a| a.0.to_string()).collect(),
        );
    }
    any_of(Facet::Status, filter.statuses.clone());
    any_of(Facet::Category, filter.categories.clone());
    any_of(
        Facet::Agent,
        filter.agent_ids.iter().map(i64::to_string).collect(),
    );
    let rest = Filter {
        accounts: Vec::new(),
        statuses: Vec::new(),
        categories: Vec::new(),
        agent_ids: Vec::new(),
        ..filter.clone()
    };
    (expr, rest)
}

/// A row a search may return, with its JSON.
struct Candidate {
    call: CallRow,
    rank: f64,
    json: RawJson,
    list_newer: bool,
}

struct Located {
    snippet: Snippet,
    turn_index: Option<usize>,
}

/// The turn (or, failing that, the metadata line) holding the most distinct terms, the first
/// of equals.
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
    if let Some((_, i)) = best(&mut turns.iter().copied()) {
        return Located {
            snippet: snippet(turns[i], terms),
            turn_index: Some(i),
        };
    }
    let lines: Vec<&str> = meta.iter().map(String::as_str).collect();
    let snippet = match best(&mut lines.iter().copied()) {
        Some((_, i)) => snippet(lines[i], terms),
        // A phrase the index found across a turn boundary: show the start of the call.
        None => snippet(turns.first().copied().unwrap_or_default(), terms),
    };
    Located {
        snippet,
        turn_index: None,
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
        let meta = ["x-1".to_owned(), "failure: voicemail".to_owned()];
        let found = locate(&turns, &meta, &["voicemail".into()]);
        assert_eq!(found.turn_index, None);
        assert_eq!(found.snippet.marked("[", "]"), "failure: [voicemail]");
    }
}
