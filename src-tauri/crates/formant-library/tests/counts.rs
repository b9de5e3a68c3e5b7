//! A filter's total is kept between queries (see `count_cache.rs`); it must never outlive a
//! write, by this connection or by another one on the same file (a sync loop, the CLI).

mod common;

use formant_library::{Filter, Store};

fn calls(prefix: &str, n: usize, status: &str) -> Vec<serde_json::Value> {
    (0..n)
        .map(|i| {
            let id = format!("{prefix}-{i}");
            common::call(&id, status, 7, 1_700_000_000 + i as i64, &["hello"])
        })
        .collect()
}

#[test]
fn totals_follow_writes_by_this_and_other_connections() {
    let t = common::TestStore::new();
    let account = t.global();
    let all = Filter {
        accounts: vec![account],
        ..Filter::default()
    };
    let failed = Filter {
        statuses: vec!["failed".into()],
        ..all.clone()
    };
    common::ingest(&t.store, account, &calls("a", 3, "done"));
    assert_eq!(t.store.count(&all).expect("count"), 3);
    assert_eq!(t.store.count(&failed).expect("count"), 0);
    // Asked again with nothing written: the same totals (from the kept ones).
    assert_eq!(t.store.count(&all).expect("count"), 3);

    // Another connection (the sync loop's) commits two failed calls.
    let other = Store::open(&t.path()).expect("second connection");
    common::ingest(&other, account, &calls("b", 2, "failed"));
    assert_eq!(t.store.count(&all).expect("count"), 5);
    assert_eq!(t.store.count(&failed).expect("count"), 2);

    // This connection writes: one more.
    common::ingest(&t.store, account, &calls("c", 1, "failed"));
    assert_eq!(t.store.count(&failed).expect("count"), 3);
    assert_eq!(t.store.count(&all).expect("count"), 6);

    // And the list's own total agrees.
    let window = t
        .store
        .list(&formant_library::ListQuery {
            filter: failed.clone(),
            sort: formant_library::Sort::newest_first(),
            offset: 0,
            limit: 10,
        })
        .expect("list");
    assert_eq!((window.total, window.rows.len()), (3, 3));

    other.remove_account(account).expect("remove");
    assert_eq!(t.store.count(&all).expect("count"), 0);
}
