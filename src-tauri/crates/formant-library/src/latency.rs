//! Response latency across the library: the stored figures of analysed calls, grouped like
//! triage (per agent, per day…), with the median of the calls' p50 and the 90th percentile of
//! the calls' p90 — so a slower agent, or a slower day after a prompt change, stands out.

use std::collections::BTreeMap;

use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;
use serde::Serialize;

use crate::error::LibraryError;
use crate::store::Store;
use crate::triage::{group_key, key_sql, TriageBy, TriageQuery};

/// Response latency by group, over the calls that pass the filter and have a measured p90.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct LatencyTriage {
    pub by: TriageBy,
    /// Calls with a measured response latency.
    pub calls: u64,
    /// Days and hours in time order; other groups by calls, most first.
    pub groups: Vec<LatencyGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct LatencyGroup {
    /// As in triage: an agent id, a day (`2026-03-18`)…; `None` for calls without one.
    pub key: Option<String>,
    /// For days and hours: the bucket's first instant (epoch ms, UTC).
    pub start_ms: Option<i64>,
    pub calls: u64,
    /// The median of the calls' median response latency (seconds).
    pub p50_s: f64,
    /// The 90th percentile of the calls' p90 response latency (seconds).
    pub p90_s: f64,
}

impl Store {
    /// Response latency of the analysed calls that pass `query.filter`, grouped by `query.by`.
    pub fn latency_triage(&self, query: &TriageQuery) -> Result<LatencyTriage, LibraryError> {
        const ACTION: &str = "measure response latency";
        let offset_ms = i64::from(query.utc_offset_minutes) * 60_000;
        let sql = query.filter.to_sql(true)?;
        let and = if sql.clause.is_empty() {
            "WHERE"
        } else {
            "AND"
        };
        let text = format!(
            "SELECT {key}, f.latency_p50_s, f.latency_p90_s
             FROM conversations c JOIN call_figures f ON f.conversation = c.id
             {clause} {and} f.latency_p90_s IS NOT NULL AND f.latency_p50_s IS NOT NULL",
            key = key_sql(query.by),
            clause = sql.clause,
        );
        let mut params = Vec::new();
        if query.by.is_time() {
            params.push(SqlValue::Integer(offset_ms));
        }
        params.extend(sql.params);
        type Group = (Vec<f64>, Vec<f64>);
        let mut groups: BTreeMap<(Option<i64>, Option<String>), Group> = BTreeMap::new();
        let mut stmt = self.conn.prepare_cached(&text).map_err(self.err(ACTION))?;
        let mut rows = stmt
            .query(params_from_iter(params))
            .map_err(self.err(ACTION))?;
        while let Some(row) = rows.next().map_err(self.err(ACTION))? {
            let value: SqlValue = row.get(0).map_err(self.err(ACTION))?;
            let (key, start_ms) = group_key(query.by, value, offset_ms);
            let group = groups.entry((start_ms, key)).or_default();
            group.0.push(row.get(1).map_err(self.err(ACTION))?);
            group.1.push(row.get(2).map_err(self.err(ACTION))?);
        }
        let mut list: Vec<LatencyGroup> = groups
            .into_iter()
            .map(|((start_ms, key), (mut p50s, mut p90s))| LatencyGroup {
                key,
                start_ms,
                calls: p90s.len() as u64,
                p50_s: percentile(&mut p50s, 0.5),
                p90_s: percentile(&mut p90s, 0.9),
            })
            .collect();
        if !query.by.is_time() {
            list.sort_by(|a, b| b.calls.cmp(&a.calls).then_with(|| a.key.cmp(&b.key)));
        }
        Ok(LatencyTriage {
            by: query.by,
            calls: list.iter().map(|g| g.calls).sum(),
            groups: list,
        })
    }
}

/// The `p` quantile (0–1) of `values`, interpolated between the two nearest ranks; 0 for none.
fn percentile(values: &mut [f64], p: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let Some(last) = values.len().checked_sub(1) else {
        return 0.0;
    };
    let rank = p.clamp(0.0, 1.0) * last as f64;
    let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
    let (a, b) = (values[low.min(last)], values[high.min(last)]);
    a + (b - a) * (rank - low as f64)
}

#[cfg(test)]
mod tests {
    #[test]
    fn percentiles_interpolate_between_ranks() {
        let mut v = vec![4.0, 1.0, 3.0, 2.0];
        assert_eq!(super::percentile(&mut v, 0.5), 2.5);
        assert!((super::percentile(&mut v, 0.9) - 3.7).abs() < 1e-9);
        assert_eq!(super::percentile(&mut [7.0], 0.9), 7.0);
        assert_eq!(super::percentile(&mut [], 0.5), 0.0);
    }
}
