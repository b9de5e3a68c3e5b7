//! Calls picked by id (the app's multi-selection) on top of a filter, on a real store.

mod common;

use common::{call, ingest, TestStore};
use formant_library::{Filter, ListQuery, Picked, Sort, SortColumn, MAX_PICKED_IDS};

fn ids_of(t: &TestStore, filter: &Filter) -> Vec<String> {
    let query = ListQuery {
        filter: filter.clone(),
        sort: Sort {
            column: SortColumn::Start,
            descending: false,
        },
        offset: 0,
        limit: 200,
    };
    let window = t.store.list(&query).expect("list");
    assert_eq!(window.total, t.store.count(filter).expect("count"));
    window.rows.into_iter().map(|r| r.conversation_id).collect()
}

fn strings(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn only_and_all_except_narrow_the_filter_by_id() {
    let t = TestStore::new();
    let global = t.global();
    let india = t.india();
    let statuses = ["completed", "failed", "completed", "failed", "completed"];
    let records: Vec<_> = (0..5)
        .map(|i| {
            call(
                &format!("c{i}"),
                statuses[i],
                7,
                1_700_000_000 + i as i64 * 60,
                &["hello"],
            )
        })
        .collect();
    ingest(&t.store, global, &records);
    // The same id in another account is not picked when the filter is one account's.
    ingest(
        &t.store,
        india,
        &[call("c1", "completed", 7, 1_700_000_000, &["hi"])],
    );
    let mine = Filter {
        accounts: vec![global],
        ..Filter::default()
    };

    let only = Filter {
        picked: Some(Picked::Only {
            ids: strings(&["c3", "c1", "missing"]),
        }),
        ..mine.clone()
    };
    assert_eq!(ids_of(&t, &only), ["c1", "c3"]);

    let failed_but = Filter {
        statuses: vec!["failed".into()],
        picked: Some(Picked::AllExcept {
            ids: strings(&["c1"]),
        }),
        ..mine.clone()
    };
    assert_eq!(ids_of(&t, &failed_but), ["c3"]);

    let none_excepted = Filter {
        picked: Some(Picked::AllExcept { ids: Vec::new() }),
        ..mine.clone()
    };
    assert_eq!(ids_of(&t, &none_excepted), ["c0", "c1", "c2", "c3", "c4"]);
    let nothing_picked = Filter {
        picked: Some(Picked::Only { ids: Vec::new() }),
        ..mine
    };
    assert_eq!(ids_of(&t, &nothing_picked), Vec::<String>::new());
}

#[test]
fn more_ids_than_a_selection_holds_are_refused_and_the_limit_itself_runs() {
    let t = TestStore::new();
    let global = t.global();
    ingest(
        &t.store,
        global,
        &[call("c0", "completed", 7, 1_700_000_000, &["hello"])],
    );
    let mut ids: Vec<String> = (1..MAX_PICKED_IDS).map(|i| format!("absent-{i}")).collect();
    ids.push("c0".into());
    let at_limit = Filter {
        picked: Some(Picked::Only { ids: ids.clone() }),
        ..Filter::default()
    };
    assert_eq!(ids_of(&t, &at_limit), ["c0"]);

    ids.push("one-more".into());
    let over = Filter {
        picked: Some(Picked::Only { ids }),
        ..Filter::default()
    };
    let err = t.store.count(&over).expect_err("refused");
    assert!(err.to_string().contains("at most 100,000 calls"), "{err}");
}
