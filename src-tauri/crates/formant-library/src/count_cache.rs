//! Totals of the last few filters, kept while the file is unchanged.
//!
//! The list shows a filter's total with its first window, and counting a million calls of one
//! account takes 70–190 ms on this project's VM: most of the time before the first rows after
//! switching account (target 50 ms). A total stays right until something is written, and SQLite
//! says when that happened: `PRAGMA data_version` changes when another connection commits (a
//! sync loop, the CLI), `total_changes` when this connection writes. Either one moving drops
//! every kept total.

use std::collections::VecDeque;

use rusqlite::types::Value as SqlValue;
use rusqlite::Connection;

/// Totals kept: the filters a user moves between (each account unfiltered, a status or two).
const KEPT: usize = 16;

/// What the file looked like when the kept totals were counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    data_version: i64,
    own_changes: u64,
}

#[derive(Debug, Default)]
pub(crate) struct CountCache {
    stamp: Option<Stamp>,
    /// A query's text and parameters, and its total; the newest last.
    totals: VecDeque<(String, Vec<SqlValue>, u64)>,
}

impl CountCache {
    /// The kept total of this query, if the file has not changed since it was counted.
    pub(crate) fn get(&mut self, conn: &Connection, sql: &str, params: &[SqlValue]) -> Option<u64> {
        let now = stamp(conn)?;
        if self.stamp != Some(now) {
            self.stamp = Some(now);
            self.totals.clear();
            return None;
        }
        self.totals
            .iter()
            .find(|(s, p, _)| s == sql && p == params)
            .map(|(_, _, total)| *total)
    }

    /// Keeps a total counted at the stamp [`CountCache::get`] just saw.
    pub(crate) fn put(&mut self, sql: String, params: Vec<SqlValue>, total: u64) {
        if self.stamp.is_none() {
            return;
        }
        if self.totals.len() == KEPT {
            self.totals.pop_front();
        }
        self.totals.push_back((sql, params, total));
    }
}

/// `None` when the pragma cannot be read: then nothing is kept.
fn stamp(conn: &Connection) -> Option<Stamp> {
    let data_version = conn
        .pragma_query_value(None, "data_version", |row| row.get(0))
        .ok()?;
    Some(Stamp {
        data_version,
        own_changes: conn.total_changes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_total_is_kept_until_this_connection_writes() {
        let conn = Connection::open_in_memory().expect("open");
        conn.execute_batch("CREATE TABLE t (x)").expect("table");
        let mut cache = CountCache::default();
        let params = vec![SqlValue::Integer(1)];
        assert_eq!(cache.get(&conn, "q", &params), None, "nothing counted yet");
        cache.put("q".into(), params.clone(), 42);
        assert_eq!(cache.get(&conn, "q", &params), Some(42));
        assert_eq!(cache.get(&conn, "q", &[SqlValue::Integer(2)]), None);
        assert_eq!(cache.get(&conn, "other", &params), None);
        conn.execute("INSERT INTO t VALUES (1)", [])
            .expect("insert");
        assert_eq!(cache.get(&conn, "q", &params), None, "a write drops it");
    }

    #[test]
    fn only_the_latest_totals_are_kept() {
        let conn = Connection::open_in_memory().expect("open");
        let mut cache = CountCache::default();
        assert_eq!(cache.get(&conn, "warm", &[]), None);
        for i in 0..=KEPT {
            cache.put(format!("q{i}"), Vec::new(), i as u64);
        }
        assert_eq!(cache.get(&conn, "q0", &[]), None, "the oldest went");
        assert_eq!(
            cache.get(&conn, &format!("q{KEPT}"), &[]),
            Some(KEPT as u64)
        );
    }
}
