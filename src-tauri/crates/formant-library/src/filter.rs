//! The filters every query shares (the list, search, triage, export), as SQL over the
//! indexed columns of `conversations` (aliased `c`).

use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

use crate::account::AccountRef;
use crate::error::LibraryError;
use crate::picked::Picked;
use crate::search_terms::SearchTerms;

/// Which calls a query is about. Every field narrows; an empty list or `None` does not.
/// Clicking a triage group sets one field (see [`crate::TriageGroup::filter_for`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct Filter {
    /// These accounts only; empty: every account in the store.
    #[serde(skip)]
    pub accounts: Vec<AccountRef>,
    /// Any of these status codes (`failed`, `no_answer`, or a code the API added).
    pub statuses: Vec<String>,
    /// Any of these status categories (`connected`, `not_reached`, `failed`, `unknown`).
    pub categories: Vec<String>,
    /// Any of these agents.
    pub agent_ids: Vec<i64>,
    /// Any of these failure reasons; `None` in the list matches calls without one.
    pub failure_reasons: Vec<Option<String>>,
    /// Calls that started at or after this instant (epoch ms).
    pub from_ms: Option<i64>,
    /// Calls that started at or before this instant (epoch ms).
    pub to_ms: Option<i64>,
    /// Calls at least this long (seconds).
    pub min_duration_s: Option<f64>,
    /// Calls at most this long (seconds).
    pub max_duration_s: Option<f64>,
    /// Calls with (or without) a stored transcript.
    pub has_transcript: Option<bool>,
    /// Calls whose recording was found (or not) to be available.
    pub has_recording: Option<bool>,
    /// Calls whose response latency p90 (from the analysis of the recording) is above this
    /// many seconds. Calls without stored figures are left out.
    pub latency_p90_above_s: Option<f64>,
    /// Calls with at least one interruption (or, `false`, with none). Calls without stored
    /// figures are left out either way.
    pub has_interruptions: Option<bool>,
    /// Full-text: only calls that match this search (see [`crate::Store::search`] for the rules).
    pub text: Option<String>,
    /// Calls picked by id on top of the rest (the app's multi-selection). Not part of the
    /// filter the webview sends: the export request carries it beside the filter.
    #[serde(skip)]
    pub picked: Option<Picked>,
}

/// A WHERE clause and its parameters.
pub(crate) struct Sql {
    pub clause: String,
    pub params: Vec<SqlValue>,
}

impl Filter {
    /// Whether the store can run this filter; the error says why not in words (more ids
    /// picked than a selection holds, a search it cannot read).
    pub fn check(&self) -> Result<(), LibraryError> {
        self.to_sql(true).map(|_| ())
    }

    /// The WHERE clause (starting with `WHERE`, or empty) over `conversations c`. With
    /// `with_text`, a text filter becomes a semi-join on the full-text index.
    pub(crate) fn to_sql(&self, with_text: bool) -> Result<Sql, LibraryError> {
        let mut parts: Vec<String> = Vec::new();
        let mut params: Vec<SqlValue> = Vec::new();
        fn any_of(
            column: &str,
            values: Vec<SqlValue>,
            parts: &mut Vec<String>,
            params: &mut Vec<SqlValue>,
        ) {
            if values.is_empty() {
                return;
            }
            let marks = vec!["?"; values.len()].join(", ");
            parts.push(format!("{column} IN ({marks})"));
            params.extend(values);
        }
        any_of(
            "c.account_id",
            self.accounts
                .iter()
                .map(|a| SqlValue::Integer(a.0))
                .collect(),
            &mut parts,
            &mut params,
        );
        any_of(
            "c.status",
            self.statuses.iter().cloned().map(SqlValue::Text).collect(),
            &mut parts,
            &mut params,
        );
        any_of(
            "c.status_category",
            self.categories
                .iter()
                .cloned()
                .map(SqlValue::Text)
                .collect(),
            &mut parts,
            &mut params,
        );
        any_of(
            "c.agent_id",
            self.agent_ids
                .iter()
                .map(|a| SqlValue::Integer(*a))
                .collect(),
            &mut parts,
            &mut params,
        );
        if !self.failure_reasons.is_empty() {
            let named: Vec<SqlValue> = self
                .failure_reasons
                .iter()
                .flatten()
                .cloned()
                .map(SqlValue::Text)
                .collect();
            let mut either = Vec::new();
            if !named.is_empty() {
                either.push(format!(
                    "c.failure_reason IN ({})",
                    vec!["?"; named.len()].join(", ")
                ));
                params.extend(named);
            }
            if self.failure_reasons.iter().any(Option::is_none) {
                either.push("c.failure_reason IS NULL".into());
            }
            parts.push(format!("({})", either.join(" OR ")));
        }
        let mut bound = |clause: &str, value: SqlValue| {
            parts.push(clause.to_owned());
            params.push(value);
        };
        if let Some(from) = self.from_ms {
            bound("c.start_ms >= ?", SqlValue::Integer(from));
        }
        if let Some(to) = self.to_ms {
            bound("c.start_ms <= ?", SqlValue::Integer(to));
        }
        if let Some(min) = self.min_duration_s {
            bound("c.duration_s >= ?", SqlValue::Real(min));
        }
        if let Some(max) = self.max_duration_s {
            bound("c.duration_s <= ?", SqlValue::Real(max));
        }
        if let Some(has) = self.has_transcript {
            bound("c.has_transcript = ?", SqlValue::Integer(has.into()));
        }
        if let Some(has) = self.has_recording {
            bound("c.has_recording = ?", SqlValue::Integer(has.into()));
        }
        // The figures are a table of their own (see `crate::figures`): a semi-join on it, by
        // its own index, so calls without figures never match.
        if let Some(above) = self.latency_p90_above_s {
            if !above.is_finite() {
                return Err(LibraryError::InvalidQuery(
                    "the latency to filter by must be a number of seconds".into(),
                ));
            }
            bound(
                "c.id IN (SELECT conversation FROM call_figures WHERE latency_p90_s > ?)",
                SqlValue::Real(above),
            );
        }
        if let Some(has) = self.has_interruptions {
            parts.push(
                if has {
                    "c.id IN (SELECT conversation FROM call_figures WHERE interruptions > 0)"
                } else {
                    "c.id IN (SELECT conversation FROM call_figures WHERE interruptions = 0)"
                }
                .into(),
            );
        }
        // A text with nothing to match (empty, or only `+`, `-`…) is no text filter: someone
        // typing "+91 98…" into the list's box sees the list, not an error, until the first
        // digit arrives.
        let expression = self
            .text
            .as_deref()
            .filter(|_| with_text)
            .and_then(|text| SearchTerms::parse(text).match_expression());
        if let Some(expr) = expression {
            parts
                .push("c.id IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)".into());
            params.push(SqlValue::Text(expr));
        }
        if let Some(picked) = &self.picked {
            let (clause, ids) = picked.to_sql()?;
            parts.push(clause);
            params.push(SqlValue::Text(ids));
        }
        let clause = if parts.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", parts.join(" AND "))
        };
        Ok(Sql { clause, params })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_filter_without_a_letter_or_digit_filters_nothing() {
        for text in ["", "   ", "+", "+ -", "—"] {
            let filter = Filter {
                text: Some(text.into()),
                ..Filter::default()
            };
            let sql = filter.to_sql(true).expect("not an error");
            assert!(sql.clause.is_empty(), "{text:?} gave {}", sql.clause);
        }
        let number = Filter {
            text: Some("+91".into()),
            ..Filter::default()
        };
        assert!(number.to_sql(true).expect("sql").clause.contains("MATCH"));
    }
}
