//! The list the app scrolls: a window of rows (filters, sort on any column, offset and limit)
//! and the total, straight from the indexes; and single calls with their JSON.

use formant_core::Conversation;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::account::AccountRef;
use crate::error::LibraryError;
use crate::filter::Filter;
use crate::ingest::merge;
use crate::store::Store;
use crate::stored_json::{StoredJson, JSON_COLUMNS};

/// A column the list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SortColumn {
    #[default]
    Start,
    End,
    Duration,
    Status,
    Category,
    Agent,
    ContactNumber,
    FailureReason,
    ConversationId,
    HasTranscript,
    HasRecording,
    /// The analysis's response latency p90 (calls without figures last, either way).
    LatencyP90,
    /// The analysis's count of interruptions (calls without figures last, either way).
    Interruptions,
}

impl SortColumn {
    fn sql(self) -> &'static str {
        match self {
            Self::Start => "c.start_ms",
            Self::End => "c.end_ms",
            Self::Duration => "c.duration_s",
            Self::Status => "c.status",
            Self::Category => "c.status_category",
            Self::Agent => "c.agent_id",
            Self::ContactNumber => "c.contact_number",
            Self::FailureReason => "c.failure_reason",
            Self::ConversationId => "c.conversation_id",
            Self::HasTranscript => "c.has_transcript",
            Self::HasRecording => "c.has_recording",
            Self::LatencyP90 => FIGURE_P90,
            Self::Interruptions => FIGURE_INTERRUPTIONS,
        }
    }

    /// A column of the call's figures: a call without them has none, and sorts last.
    fn is_figure(self) -> bool {
        self.figure().is_some()
    }

    /// The column of `call_figures` this sorts by, for the figures' columns.
    fn figure(self) -> Option<&'static str> {
        match self {
            Self::LatencyP90 => Some("latency_p90_s"),
            Self::Interruptions => Some("interruptions"),
            _ => None,
        }
    }
}

/// A call's figures as columns of its row: a lookup by the figures' primary key, made only for
/// the rows a window returns (a join would be made for every row an offset skips).
macro_rules! figure_column {
    ($column:literal) => {
        concat!(
            "(SELECT f.",
            $column,
            " FROM call_figures f WHERE f.conversation = c.id)"
        )
    };
}
const FIGURE_P90: &str = figure_column!("latency_p90_s");
const FIGURE_INTERRUPTIONS: &str = figure_column!("interruptions");

/// A sort: a column and a direction. Ties are broken by the store's row order, so a window
/// never shows a row twice nor skips one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct Sort {
    pub column: SortColumn,
    pub descending: bool,
}

impl Sort {
    /// Newest first: the API's order.
    pub fn newest_first() -> Sort {
        Sort {
            column: SortColumn::Start,
            descending: true,
        }
    }

    pub(crate) fn order_by(self) -> String {
        let dir = if self.descending { "DESC" } else { "ASC" };
        let nulls = if self.column.is_figure() {
            " NULLS LAST"
        } else {
            ""
        };
        format!(
            "ORDER BY {col} {dir}{nulls}, c.id {dir}",
            col = self.column.sql()
        )
    }
}

/// One window of the list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListQuery {
    pub filter: Filter,
    pub sort: Sort,
    /// Rows to skip (a scroll position); the cost grows with it (see the README's figures).
    pub offset: u64,
    /// Rows to return (a screenful or two), at most [`MAX_WINDOW`].
    pub limit: u32,
}

/// The largest window one query returns.
pub const MAX_WINDOW: u32 = 10_000;

/// A row of the list: the indexed columns, not the JSON.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct CallRow {
    #[serde(skip)]
    pub account: AccountRef,
    /// The account's label and region, shown on every row.
    pub account_label: String,
    pub region: String,
    pub conversation_id: String,
    pub status: Option<String>,
    pub status_category: String,
    pub agent_id: Option<i64>,
    pub start_ms: Option<i64>,
    pub end_ms: Option<i64>,
    pub duration_s: Option<f64>,
    pub contact_number: Option<String>,
    pub failure_reason: Option<String>,
    pub has_transcript: bool,
    pub has_recording: Option<bool>,
    pub turn_count: i64,
    /// Whether the details (transcript, results) are stored.
    pub has_details: bool,
    /// From the analysis of the recording, when it was analysed: the response latency p90
    /// (`None` also when the call had no hand-off) and the interruptions.
    pub latency_p90_s: Option<f64>,
    pub interruptions: Option<u32>,
}

/// The columns [`CallRow::from_row`] reads, over `conversations c JOIN accounts a`.
pub(crate) const ROW_COLUMNS: &str = concat!(
    "c.account_id, a.label, a.region, c.conversation_id, \
    c.status, c.status_category, c.agent_id, c.start_ms, c.end_ms, c.duration_s, \
    c.contact_number, c.failure_reason, c.has_transcript, c.has_recording, c.turn_count, \
    c.details_ms IS NOT NULL, ",
    figure_column!("latency_p90_s"),
    ", ",
    figure_column!("interruptions")
);

impl CallRow {
    pub(crate) fn from_row(row: &Row, at: usize) -> rusqlite::Result<CallRow> {
        Ok(CallRow {
            account: AccountRef(row.get(at)?),
            account_label: row.get(at + 1)?,
            region: row.get(at + 2)?,
            conversation_id: row.get(at + 3)?,
            status: row.get(at + 4)?,
            status_category: row.get(at + 5)?,
            agent_id: row.get(at + 6)?,
            start_ms: row.get(at + 7)?,
            end_ms: row.get(at + 8)?,
            duration_s: row.get(at + 9)?,
            contact_number: row.get(at + 10)?,
            failure_reason: row.get(at + 11)?,
            has_transcript: row.get(at + 12)?,
            has_recording: row.get(at + 13)?,
            turn_count: row.get(at + 14)?,
            has_details: row.get(at + 15)?,
            latency_p90_s: row.get(at + 16)?,
            interruptions: row.get(at + 17)?,
        })
    }
}

/// A window and how many rows the filter matches in all.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ListWindow {
    pub total: u64,
    pub offset: u64,
    pub rows: Vec<CallRow>,
}

/// A call as stored: the JSON as the API sent it, and formant-core's reading of both.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCall {
    pub account: AccountRef,
    pub conversation_id: String,
    /// The list item, exactly as sent (`None` if only the details were fetched).
    pub list_json: Option<Value>,
    /// The `GET` object, exactly as sent (`None` until fetched).
    pub details_json: Option<Value>,
    /// The call: the details, with what only the list has (or sent later) laid over them.
    pub conversation: Conversation,
    /// Whether the call's recording could be downloaded when last tried
    /// ([`Store::set_recording_available`]); `None` when never tried. The API's JSON does not
    /// say: its objects carry no recording field, and a missing recording is a `not_found`
    /// from the recording endpoint.
    pub has_recording: Option<bool>,
}

impl StoredCall {
    /// The most complete object as the API sent it: the details when fetched, else the list
    /// item. What a lossless export writes.
    pub fn api_json(&self) -> &Value {
        self.details_json
            .as_ref()
            .or(self.list_json.as_ref())
            .unwrap_or(&Value::Null)
    }
}

impl Store {
    /// One window of the list, and the filter's total.
    pub fn list(&self, query: &ListQuery) -> Result<ListWindow, LibraryError> {
        const ACTION: &str = "read the list";
        if query.limit > MAX_WINDOW {
            return Err(LibraryError::InvalidQuery(format!(
                "a window holds at most {MAX_WINDOW} rows"
            )));
        }
        let total = self.count(&query.filter)?;
        let sql = query.filter.to_sql(true)?;
        if let Some(figure) = query.sort.column.figure() {
            let rows = self.list_by_figure(query, figure, sql)?;
            return Ok(ListWindow {
                total,
                offset: query.offset,
                rows,
            });
        }
        let text = format!(
            "SELECT {ROW_COLUMNS} FROM conversations c JOIN accounts a ON a.id = c.account_id
             {where_} {order} LIMIT ? OFFSET ?",
            where_ = sql.clause,
            order = query.sort.order_by(),
        );
        let mut params = sql.params;
        params.push(rusqlite::types::Value::Integer(query.limit.into()));
        params.push(rusqlite::types::Value::Integer(
            i64::try_from(query.offset).unwrap_or(i64::MAX),
        ));
        let mut stmt = self.conn.prepare_cached(&text).map_err(self.err(ACTION))?;
        let rows = stmt
            .query_map(params_from_iter(params), |row| CallRow::from_row(row, 0))
            .map_err(self.err(ACTION))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.err(ACTION))?;
        Ok(ListWindow {
            total,
            offset: query.offset,
            rows,
        })
    }

    /// A window sorted by a figure: first the calls that have it, in the order of the figure's
    /// index, then those without it, by row. The same order as sorting every call by its
    /// figure (NULLS LAST, ties by row), without evaluating and sorting a million figures
    /// that are mostly missing (a third of a second at a million calls).
    fn list_by_figure(
        &self,
        query: &ListQuery,
        figure: &str,
        sql: crate::filter::Sql,
    ) -> Result<Vec<CallRow>, LibraryError> {
        const ACTION: &str = "read the list";
        let dir = if query.sort.descending { "DESC" } else { "ASC" };
        let and = if sql.clause.is_empty() {
            "WHERE"
        } else {
            "AND"
        };
        let clause = &sql.clause;
        let offset = i64::try_from(query.offset).unwrap_or(i64::MAX);
        let with_params = |extra: &[i64]| {
            let mut params = sql.params.clone();
            params.extend(extra.iter().map(|&n| rusqlite::types::Value::Integer(n)));
            params
        };
        let rows_of = |text: &str, params: Vec<rusqlite::types::Value>| {
            let mut stmt = self.conn.prepare_cached(text)?;
            let rows = stmt
                .query_map(params_from_iter(params), |row| CallRow::from_row(row, 0))?
                .collect::<Result<Vec<_>, _>>();
            rows
        };
        // CROSS JOIN keeps the figures outermost, read in their index's order: SQLite would
        // otherwise start from the account's calls and sort them all.
        let measured = format!(
            "FROM call_figures f CROSS JOIN conversations c ON c.id = f.conversation
             JOIN accounts a ON a.id = c.account_id
             {clause} {and} f.{figure} IS NOT NULL"
        );
        let mut rows = rows_of(
            &format!(
                "SELECT {ROW_COLUMNS} {measured}
                 ORDER BY f.{figure} {dir}, f.conversation {dir} LIMIT ? OFFSET ?"
            ),
            with_params(&[query.limit.into(), offset]),
        )
        .map_err(self.err(ACTION))?;
        let missing = i64::from(query.limit) - rows.len() as i64;
        if missing <= 0 {
            return Ok(rows);
        }
        // The window reaches past the measured calls: the rest come from the calls without
        // the figure, from where the measured ones end.
        let measured_count: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) {measured}"))
            .and_then(|mut stmt| stmt.query_row(params_from_iter(with_params(&[])), |r| r.get(0)))
            .map_err(self.err(ACTION))?;
        let unmeasured_offset = offset.saturating_sub(measured_count);
        rows.extend(
            rows_of(
                &format!(
                    "SELECT {ROW_COLUMNS} FROM conversations c JOIN accounts a ON a.id = c.account_id
                     {clause} {and} NOT EXISTS (SELECT 1 FROM call_figures f
                         WHERE f.conversation = c.id AND f.{figure} IS NOT NULL)
                     ORDER BY c.id {dir} LIMIT ? OFFSET ?"
                ),
                with_params(&[missing, unmeasured_offset]),
            )
            .map_err(self.err(ACTION))?,
        );
        Ok(rows)
    }

    /// How many calls match a filter. Kept until the file changes, so a filter counted once
    /// (an account the user comes back to, or one [`Store::count`] warmed ahead) costs nothing.
    pub fn count(&self, filter: &Filter) -> Result<u64, LibraryError> {
        let sql = filter.to_sql(true)?;
        let text = format!("SELECT count(*) FROM conversations c {}", sql.clause);
        if let Some(total) = self.counts.borrow_mut().get(&self.conn, &text, &sql.params) {
            return Ok(total);
        }
        let n: i64 = self
            .conn
            .prepare_cached(&text)
            .and_then(|mut stmt| {
                stmt.query_row(params_from_iter(sql.params.iter()), |row| row.get(0))
            })
            .map_err(self.err("count the calls"))?;
        let total = u64::try_from(n).unwrap_or(0);
        self.counts.borrow_mut().put(text, sql.params, total);
        Ok(total)
    }

    /// One call with its JSON, or `None` when the store does not have it.
    pub fn conversation(
        &self,
        account: AccountRef,
        conversation_id: &str,
    ) -> Result<Option<StoredCall>, LibraryError> {
        const ACTION: &str = "read a call";
        let row = self
            .conn
            .prepare_cached(&format!(
                "SELECT {JSON_COLUMNS}, c.details_stale, c.has_recording
                 FROM conversations c WHERE c.account_id = ?1 AND c.conversation_id = ?2"
            ))
            .and_then(|mut stmt| {
                stmt.query_row(params![account.0, conversation_id], |row| {
                    Ok((RawJson::from_row(row, 0)?, row.get(3)?, row.get(4)?))
                })
                .optional()
            })
            .map_err(self.err(ACTION))?;
        row.map(|(json, list_newer, has_recording)| {
            self.stored_call(account, conversation_id, json, list_newer, has_recording)
        })
        .transpose()
    }

    /// Calls every call that matches `filter`, in `sort` order, with its JSON (for exports);
    /// stops early when `visit` returns `false`. Returns how many were visited. Reads in
    /// batches by key, so memory stays flat however many calls match.
    pub fn visit_calls(
        &self,
        filter: &Filter,
        mut visit: impl FnMut(StoredCall) -> bool,
    ) -> Result<u64, LibraryError> {
        const ACTION: &str = "read the calls";
        const BATCH: i64 = 500;
        let sql = filter.to_sql(true)?;
        let joiner = if sql.clause.is_empty() {
            "WHERE"
        } else {
            "AND"
        };
        let text = format!(
            "SELECT c.id, c.account_id, c.conversation_id, {JSON_COLUMNS}, c.details_stale,
                    c.has_recording
             FROM conversations c {clause} {joiner} c.id > ? ORDER BY c.id LIMIT ?",
            clause = sql.clause
        );
        let mut stmt = self.conn.prepare(&text).map_err(self.err(ACTION))?;
        let mut after = 0i64;
        let mut visited = 0u64;
        loop {
            let mut params = sql.params.clone();
            params.push(rusqlite::types::Value::Integer(after));
            params.push(rusqlite::types::Value::Integer(BATCH));
            type Raw = (i64, i64, String, RawJson, bool, Option<bool>);
            let batch: Vec<Raw> = stmt
                .query_map(params_from_iter(params), |row| {
                    Ok((
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        RawJson::from_row(row, 3)?,
                        row.get(6)?,
                        row.get(7)?,
                    ))
                })
                .map_err(self.err(ACTION))?
                .collect::<Result<_, _>>()
                .map_err(self.err(ACTION))?;
            let Some(last) = batch.last() else {
                return Ok(visited);
            };
            after = last.0;
            for (_, account, id, json, list_newer, has_recording) in batch {
                let call =
                    self.stored_call(AccountRef(account), &id, json, list_newer, has_recording)?;
                visited += 1;
                if !visit(call) {
                    return Ok(visited);
                }
            }
        }
    }

    pub(crate) fn stored_call(
        &self,
        account: AccountRef,
        conversation_id: &str,
        json: RawJson,
        // The list entry changed after the details were fetched (`details_stale`): it wins.
        list_newer: bool,
        has_recording: Option<bool>,
    ) -> Result<StoredCall, LibraryError> {
        let corrupt = |reason: String| LibraryError::Corrupt {
            path: self.path.clone(),
            reason: format!("the stored JSON of call {conversation_id} cannot be read: {reason}"),
        };
        let StoredJson { list, details } =
            StoredJson::from_columns(json.list, json.details, json.compressed)
                .map_err(|e| corrupt(e.to_string()))?;
        let parse = |text: Option<String>| -> Result<Option<Value>, LibraryError> {
            text.map(|t| serde_json::from_str(&t).map_err(|e| corrupt(e.to_string())))
                .transpose()
        };
        let list_json = parse(list)?;
        let details_json = parse(details)?;
        let object = |v: &Option<Value>| match v {
            Some(Value::Object(map)) => Some(map.clone()),
            _ => None,
        };
        let (list_map, details_map) = (object(&list_json), object(&details_json));
        let merged = match (list_map, details_map) {
            (Some(list), Some(details)) if list_newer => merge(Some(&details), &list),
            (Some(list), Some(details)) => merge(Some(&list), &details),
            (Some(only), None) | (None, Some(only)) => Value::Object(only),
            (None, None) => Value::Null,
        };
        let conversation = Conversation::from_json(merged)?;
        Ok(StoredCall {
            account,
            conversation_id: conversation_id.to_owned(),
            list_json,
            details_json,
            conversation,
            has_recording,
        })
    }
}

/// A row's JSON columns ([`JSON_COLUMNS`]) as read, before decoding.
pub(crate) struct RawJson {
    list: Option<String>,
    details: Option<String>,
    compressed: Option<Vec<u8>>,
}

impl RawJson {
    /// Reads [`JSON_COLUMNS`] from `row`, starting at `at`.
    pub(crate) fn from_row(row: &Row, at: usize) -> rusqlite::Result<RawJson> {
        Ok(RawJson {
            list: row.get(at)?,
            details: row.get(at + 1)?,
            compressed: row.get(at + 2)?,
        })
    }
}
