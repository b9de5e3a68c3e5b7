//! The SQL function that counts calls per time bucket and status category inside SQLite's
//! pass over an index, `formant_bucket_counts(bucket, category)`: triage by day or hour and
//! the stacked timeline read every call of the filter, and handing a million rows out of
//! SQLite one by one cost more than counting them.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::functions::{Aggregate, Context, FunctionFlags};
use rusqlite::params_from_iter;
use rusqlite::types::{Value as SqlValue, ValueRef};

/// Calls of one bucket, by status category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CategoryCounts {
    pub connected: u64,
    pub not_reached: u64,
    pub failed: u64,
    /// Any other category, or none.
    pub other: u64,
}

impl CategoryCounts {
    pub fn total(&self) -> u64 {
        self.connected + self.not_reached + self.failed + self.other
    }

    fn add(&mut self, category: ValueRef<'_>) {
        match category {
            ValueRef::Text(b"connected") => self.connected += 1,
            ValueRef::Text(b"not_reached") => self.not_reached += 1,
            ValueRef::Text(b"failed") => self.failed += 1,
            _ => self.other += 1,
        }
    }
}

/// Counts per bucket (`None`: calls without a start), in bucket order.
pub(crate) type Buckets = BTreeMap<Option<i64>, CategoryCounts>;

const NAME: &str = "formant_bucket_counts";

/// Registered on each connection; [`BucketCounter::run`] runs a query that selects
/// `formant_bucket_counts(bucket, category)` and returns what it counted.
#[derive(Clone, Default)]
pub(crate) struct BucketCounter {
    counted: Arc<Mutex<Option<Buckets>>>,
}

impl BucketCounter {
    pub(crate) fn register(&self, conn: &rusqlite::Connection) -> rusqlite::Result<()> {
        conn.create_aggregate_function(
            NAME,
            2,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            Count(self.counted.clone()),
        )
    }

    pub(crate) fn run(
        &self,
        conn: &rusqlite::Connection,
        sql: &str,
        params: Vec<SqlValue>,
    ) -> rusqlite::Result<Buckets> {
        conn.prepare_cached(sql)?
            .query_row(params_from_iter(params), |_| Ok(()))?;
        let counted = self
            .counted
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        Ok(counted.unwrap_or_default())
    }
}

/// The running state: the finished buckets, and the one being counted (the rows arrive in
/// index order, so a bucket's calls mostly come one after another and the map is touched
/// once per run of them, not once per call).
#[derive(Default)]
struct Counting {
    done: Buckets,
    current: Option<(Option<i64>, CategoryCounts)>,
}

impl Counting {
    fn finish(mut self) -> Buckets {
        if let Some((bucket, counts)) = self.current.take() {
            merge(&mut self.done, bucket, counts);
        }
        self.done
    }
}

fn merge(done: &mut Buckets, bucket: Option<i64>, counts: CategoryCounts) {
    let into = done.entry(bucket).or_default();
    into.connected += counts.connected;
    into.not_reached += counts.not_reached;
    into.failed += counts.failed;
    into.other += counts.other;
}

struct Count(Arc<Mutex<Option<Buckets>>>);

impl Aggregate<Counting, i64> for Count {
    fn init(&self, _: &mut Context<'_>) -> rusqlite::Result<Counting> {
        Ok(Counting::default())
    }

    fn step(&self, ctx: &mut Context<'_>, state: &mut Counting) -> rusqlite::Result<()> {
        let bucket: Option<i64> = ctx.get(0)?;
        let category = ctx.get_raw(1);
        match &mut state.current {
            Some((current, counts)) if *current == bucket => counts.add(category),
            slot => {
                if let Some((done_bucket, done_counts)) = slot.take() {
                    merge(&mut state.done, done_bucket, done_counts);
                }
                let mut counts = CategoryCounts::default();
                counts.add(category);
                *slot = Some((bucket, counts));
            }
        }
        Ok(())
    }

    fn finalize(&self, _: &mut Context<'_>, state: Option<Counting>) -> rusqlite::Result<i64> {
        let buckets = state.map(Counting::finish).unwrap_or_default();
        let total: u64 = buckets.values().map(CategoryCounts::total).sum();
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(buckets);
        Ok(i64::try_from(total).unwrap_or(i64::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_met_in_several_runs_are_counted_together_by_category() {
        let conn = rusqlite::Connection::open_in_memory().expect("sqlite");
        let counter = BucketCounter::default();
        counter.register(&conn).expect("register");
        conn.execute_batch(
            "CREATE TABLE t (seq INTEGER PRIMARY KEY, b INTEGER, cat TEXT);
             INSERT INTO t (b, cat) VALUES
               (1, 'failed'), (1, 'connected'), (2, 'connected'), (1, 'connected'),
               (NULL, 'failed'), (2, 'not_reached'), (1, NULL), (2, 'odd');",
        )
        .expect("rows");
        let counts = counter
            .run(
                &conn,
                "SELECT formant_bucket_counts(b, cat) FROM t ORDER BY seq",
                Vec::new(),
            )
            .expect("counted");
        let expected: Buckets = [
            (
                None,
                CategoryCounts {
                    failed: 1,
                    ..CategoryCounts::default()
                },
            ),
            (
                Some(1),
                CategoryCounts {
                    connected: 2,
                    failed: 1,
                    other: 1,
                    ..CategoryCounts::default()
                },
            ),
            (
                Some(2),
                CategoryCounts {
                    connected: 1,
                    not_reached: 1,
                    other: 1,
                    ..CategoryCounts::default()
                },
            ),
        ]
        .into_iter()
        .collect();
        assert_eq!(counts, expected);
        // Nothing to count: no buckets, and the next query starts afresh.
        let none = counter
            .run(
                &conn,
                "SELECT formant_bucket_counts(b, cat) FROM t WHERE b > 9",
                Vec::new(),
            )
            .expect("counted");
        assert!(none.is_empty());
    }
}
