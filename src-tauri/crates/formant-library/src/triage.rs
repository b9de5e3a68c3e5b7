//! Triage: the calls that pass a filter, counted by status category, status, failure reason,
//! agent, day or hour; and over time, stacked by status category.

use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

use crate::error::LibraryError;
use crate::filter::Filter;
use crate::store::Store;

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// What triage groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum TriageBy {
    Category,
    Status,
    Reason,
    Agent,
    /// The day a call started (`2026-03-18`), in the query's time zone.
    Day,
    /// The hour a call started (`2026-03-18T09`), in the query's time zone.
    Hour,
}

impl TriageBy {
    /// Every grouping, in the order the CLI's help lists them.
    pub const ALL: [TriageBy; 6] = [
        Self::Category,
        Self::Status,
        Self::Reason,
        Self::Agent,
        Self::Day,
        Self::Hour,
    ];

    /// The grouping of a [`TriageBy::name`].
    pub fn from_name(name: &str) -> Option<TriageBy> {
        Self::ALL.into_iter().find(|by| by.name() == name)
    }

    /// Days and hours: groups in time order, keyed by an offset parameter.
    pub(crate) fn is_time(self) -> bool {
        matches!(self, Self::Day | Self::Hour)
    }

    /// The stable name (`category`, `status`, …) the CLI's JSON uses.
    pub fn name(self) -> &'static str {
        match self {
            Self::Category => "category",
            Self::Status => "status",
            Self::Reason => "reason",
            Self::Agent => "agent",
            Self::Day => "day",
            Self::Hour => "hour",
        }
    }
}

/// A triage request.
#[derive(Debug, Clone, PartialEq)]
pub struct TriageQuery {
    pub filter: Filter,
    pub by: TriageBy,
    /// Minutes east of UTC for days and hours (the user's time zone); 0 for UTC.
    pub utc_offset_minutes: i32,
}

/// The groups, largest first (days and hours: in time order).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Triage {
    pub by: TriageBy,
    /// Calls that pass the filter.
    pub total: u64,
    pub groups: Vec<TriageGroup>,
}

/// One group. `key` is the value (a status code, a reason, an agent id, a day); `None` for calls
/// without one (no failure reason, no agent, no start time).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct TriageGroup {
    pub key: Option<String>,
    pub count: u64,
    /// `count / total`, from 0 to 1.
    pub share: f64,
    /// For days and hours: the bucket's first instant (epoch ms, UTC).
    pub start_ms: Option<i64>,
}

impl TriageGroup {
    /// The filter that shows this group's calls in the list: `base` narrowed to the group.
    pub fn filter_for(&self, by: TriageBy, base: &Filter) -> Filter {
        let mut filter = base.clone();
        match by {
            TriageBy::Category => filter.categories = self.key.iter().cloned().collect(),
            TriageBy::Status => filter.statuses = self.key.iter().cloned().collect(),
            TriageBy::Reason => filter.failure_reasons = vec![self.key.clone()],
            TriageBy::Agent => {
                filter.agent_ids = self.key.iter().filter_map(|k| k.parse().ok()).collect()
            }
            TriageBy::Day | TriageBy::Hour => {
                if let Some(start) = self.start_ms {
                    let len = if by == TriageBy::Day { DAY_MS } else { HOUR_MS };
                    filter.from_ms = Some(filter.from_ms.map_or(start, |f| f.max(start)));
                    let last = start.saturating_add(len - 1);
                    filter.to_ms = Some(filter.to_ms.map_or(last, |t| t.min(last)));
                }
            }
        }
        filter
    }
}

/// Calls per day or hour, each bucket split by status category.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Timeline {
    pub bucket: TimelineBucket,
    pub points: Vec<TimelinePoint>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum TimelineBucket {
    Day,
    Hour,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct TimelinePoint {
    /// The bucket's first instant (epoch ms, UTC).
    pub start_ms: i64,
    pub connected: u64,
    pub not_reached: u64,
    pub failed: u64,
    pub unknown: u64,
}

impl TimelinePoint {
    pub fn total(&self) -> u64 {
        self.connected + self.not_reached + self.failed + self.unknown
    }
}

impl Store {
    /// Counts the calls that pass `query.filter` by `query.by`.
    pub fn triage(&self, query: &TriageQuery) -> Result<Triage, LibraryError> {
        const ACTION: &str = "count the calls";
        let offset_ms = i64::from(query.utc_offset_minutes) * 60_000;
        let key = key_sql(query.by);
        let order = if query.by.is_time() { "k" } else { "n DESC, k" };
        let sql = query.filter.to_sql(true)?;
        let rows: Vec<(SqlValue, i64)> = if query.by.is_time() {
            // Counted inside the pass (`formant_bucket_counts`), not by GROUP BY: SQLite does
            // not see that a bucket of the start time follows the start index's order, and
            // sorts every call first (~4× slower).
            let text = format!(
                "SELECT formant_bucket_counts({key}, NULL) FROM conversations c {clause}",
                clause = sql.clause
            );
            let mut params = vec![SqlValue::Integer(offset_ms)];
            params.extend(sql.params);
            let counts = self
                .bucket_counter
                .run(&self.conn, &text, params)
                .map_err(self.err(ACTION))?;
            // In time order, calls without a start first (as `ORDER BY` puts NULL).
            counts
                .into_iter()
                .map(|(k, n)| {
                    let n = i64::try_from(n.total()).unwrap_or(i64::MAX);
                    (k.map_or(SqlValue::Null, SqlValue::Integer), n)
                })
                .collect()
        } else {
            let text = format!(
                "SELECT {key} AS k, count(*) AS n FROM conversations c {clause} GROUP BY k ORDER BY {order}",
                clause = sql.clause
            );
            let mut stmt = self.conn.prepare_cached(&text).map_err(self.err(ACTION))?;
            let rows = stmt
                .query_map(params_from_iter(sql.params), |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })
                .map_err(self.err(ACTION))?
                .collect::<Result<_, _>>()
                .map_err(self.err(ACTION))?;
            rows
        };
        let total: u64 = rows
            .iter()
            .map(|(_, n)| u64::try_from(*n).unwrap_or(0))
            .sum();
        let groups = rows
            .into_iter()
            .map(|(value, n)| {
                let count = u64::try_from(n).unwrap_or(0);
                let (key, start_ms) = group_key(query.by, value, offset_ms);
                TriageGroup {
                    key,
                    count,
                    share: if total == 0 {
                        0.0
                    } else {
                        count as f64 / total as f64
                    },
                    start_ms,
                }
            })
            .collect();
        Ok(Triage {
            by: query.by,
            total,
            groups,
        })
    }

    /// Calls per day or hour that pass `filter`, stacked by status category, in time order
    /// (buckets without calls are left out). Calls without a start time are not counted.
    pub fn timeline(
        &self,
        filter: &Filter,
        bucket: TimelineBucket,
        utc_offset_minutes: i32,
    ) -> Result<Timeline, LibraryError> {
        const ACTION: &str = "count the calls over time";
        let offset_ms = i64::from(utc_offset_minutes) * 60_000;
        let len = match bucket {
            TimelineBucket::Day => DAY_MS,
            TimelineBucket::Hour => HOUR_MS,
        };
        let sql = filter.to_sql(true)?;
        let and = if sql.clause.is_empty() {
            "WHERE"
        } else {
            "AND"
        };
        // Counted inside the pass, for the reason in `triage`.
        let text = format!(
            "SELECT formant_bucket_counts((c.start_ms + ?1) / ?2, c.status_category)
             FROM conversations c {clause} {and} c.start_ms IS NOT NULL",
            clause = sql.clause,
        );
        // `?` after `?2` numbers on from 3: the filter's parameters follow the two above.
        let mut params = vec![SqlValue::Integer(offset_ms), SqlValue::Integer(len)];
        params.extend(sql.params);
        let counts = self
            .bucket_counter
            .run(&self.conn, &text, params)
            .map_err(self.err(ACTION))?;
        let points = counts
            .into_iter()
            .filter_map(|(b, counts)| {
                Some(TimelinePoint {
                    start_ms: b?.saturating_mul(len).saturating_sub(offset_ms),
                    connected: counts.connected,
                    not_reached: counts.not_reached,
                    failed: counts.failed,
                    unknown: counts.other,
                })
            })
            .collect();
        Ok(Timeline { bucket, points })
    }
}

/// The SQL of a grouping's key over `conversations c`; a day's or an hour's takes the UTC
/// offset (ms) as its one parameter.
pub(crate) fn key_sql(by: TriageBy) -> &'static str {
    match by {
        TriageBy::Category => "c.status_category",
        TriageBy::Status => "c.status",
        TriageBy::Reason => "c.failure_reason",
        TriageBy::Agent => "c.agent_id",
        TriageBy::Day => "(c.start_ms + ?) / 86400000",
        TriageBy::Hour => "(c.start_ms + ?) / 3600000",
    }
}

/// A group's key as text, and for days and hours the bucket's first instant (UTC).
pub(crate) fn group_key(
    by: TriageBy,
    value: SqlValue,
    offset_ms: i64,
) -> (Option<String>, Option<i64>) {
    match (by, value) {
        (_, SqlValue::Null) => (None, None),
        (TriageBy::Day | TriageBy::Hour, SqlValue::Integer(b)) => {
            let len = if by == TriageBy::Day { DAY_MS } else { HOUR_MS };
            let local = b.saturating_mul(len);
            let label = chrono::DateTime::from_timestamp_millis(local).map(|t| {
                if by == TriageBy::Day {
                    t.format("%Y-%m-%d").to_string()
                } else {
                    t.format("%Y-%m-%dT%H").to_string()
                }
            });
            (label, Some(local.saturating_sub(offset_ms)))
        }
        (_, SqlValue::Integer(n)) => (Some(n.to_string()), None),
        (_, SqlValue::Text(s)) => (Some(s), None),
        (_, SqlValue::Real(r)) => (Some(r.to_string()), None),
        (_, SqlValue::Blob(_)) => (None, None),
    }
}
