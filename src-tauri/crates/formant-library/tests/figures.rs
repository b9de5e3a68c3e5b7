//! Each call's figures from the analysis: stored, replaced, filtered and sorted in the store,
//! found stale, and gone with their account — on a real SQLite file.

mod common;

use common::{call, figures, ingest, TestStore};
use formant_library::{
    AnalysisCandidate, CallFigures, FiguresWanted, Filter, ListQuery, Sort, SortColumn,
    StoredChannel, TriageBy, TriageQuery,
};
use rusqlite::Connection;

/// Five calls of the global account, `a` oldest … `e` newest.
fn five_calls(t: &TestStore) -> formant_library::AccountRef {
    let account = t.global();
    let records: Vec<_> = ["a", "b", "c", "d", "e"]
        .iter()
        .enumerate()
        .map(|(i, id)| {
            call(
                id,
                "completed",
                7,
                1_773_800_000 + i as i64 * 60,
                &["hello"],
            )
        })
        .collect();
    ingest(&t.store, account, &records);
    account
}

fn ids(t: &TestStore, filter: Filter, sort: Sort) -> Vec<String> {
    t.store
        .list(&ListQuery {
            filter,
            sort,
            offset: 0,
            limit: 100,
        })
        .expect("list")
        .rows
        .into_iter()
        .map(|r| r.conversation_id)
        .collect()
}

#[test]
fn figures_are_stored_replaced_and_only_for_calls_the_library_has() {
    let t = TestStore::new();
    let account = five_calls(&t);
    assert_eq!(t.store.figures(account, "a").expect("read"), None);
    let first = figures(Some(1.5), 2);
    assert!(t.store.put_figures(account, "a", &first).expect("put"));
    assert_eq!(
        t.store.figures(account, "a").expect("read"),
        Some(first.clone())
    );
    // Analysed again: the new figures replace the old ones, nulls included.
    let again = CallFigures {
        latency_p50_s: None,
        latency_p90_s: None,
        latency_max_s: None,
        handoffs: 0,
        agent_channel: None,
        agent_talk_share: None,
        time_to_first_word_s: None,
        ..figures(None, 0)
    };
    assert!(t.store.put_figures(account, "a", &again).expect("put"));
    assert_eq!(t.store.figures(account, "a").expect("read"), Some(again));
    // A call the library does not have (or another account's): nothing stored.
    assert!(!t
        .store
        .put_figures(account, "not-synced", &first)
        .expect("put"));
    assert!(!t.store.put_figures(t.india(), "a", &first).expect("put"));
    let rows: i64 = Connection::open(t.path())
        .expect("sqlite")
        .query_row("SELECT count(*) FROM call_figures", [], |r| r.get(0))
        .expect("count");
    assert_eq!(rows, 1);
}

#[test]
fn windows_sorted_by_a_figure_page_across_the_unanalysed_calls_in_either_direction() {
    let t = TestStore::new();
    let account = t.global();
    // 40 calls of agents 7 and 8; every third analysed, with ties and calls without a p90.
    let records: Vec<_> = (0..40)
        .map(|i| {
            call(
                &format!("call-{i:02}"),
                "completed",
                7 + i % 2,
                1_773_800_000 + i * 60,
                &["hello"],
            )
        })
        .collect();
    ingest(&t.store, account, &records);
    let mut analysed: Vec<(i64, Option<f64>)> = Vec::new();
    for i in (0..40).step_by(3) {
        let p90 = (i % 4 != 0).then_some(f64::from((i % 5) as u8) * 0.7);
        t.store
            .put_figures(account, &format!("call-{i:02}"), &figures(p90, 0))
            .expect("put");
        analysed.push((i, p90));
    }
    let p90_of = |i: i64| analysed.iter().find(|a| a.0 == i).and_then(|a| a.1);
    let agent_7 = Filter {
        agent_ids: vec![7],
        ..Filter::default()
    };
    for descending in [true, false] {
        // The order the sort promises, worked out here: measured calls by p90 (ties by row in
        // the sort's direction), then the rest by row in the sort's direction.
        let mut expected: Vec<i64> = (0..40).filter(|i| i % 2 == 0).collect();
        expected.sort_by(|&a, &b| {
            let by_row = if descending { b.cmp(&a) } else { a.cmp(&b) };
            match (p90_of(a), p90_of(b)) {
                (Some(x), Some(y)) => {
                    let by_value = if descending {
                        y.total_cmp(&x)
                    } else {
                        x.total_cmp(&y)
                    };
                    by_value.then(by_row)
                }
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => by_row,
            }
        });
        let expected: Vec<String> = expected.iter().map(|i| format!("call-{i:02}")).collect();
        for limit in [1u32, 3, 7, 100] {
            let mut paged = Vec::new();
            let mut offset = 0u64;
            loop {
                let window = t
                    .store
                    .list(&ListQuery {
                        filter: agent_7.clone(),
                        sort: Sort {
                            column: SortColumn::LatencyP90,
                            descending,
                        },
                        offset,
                        limit,
                    })
                    .expect("list");
                assert_eq!(window.total, 20);
                if window.rows.is_empty() || paged.len() > expected.len() {
                    break;
                }
                offset += window.rows.len() as u64;
                paged.extend(window.rows.into_iter().map(|r| r.conversation_id));
            }
            assert_eq!(
                paged, expected,
                "descending {descending}, windows of {limit}"
            );
        }
    }
}

#[test]
fn the_list_filters_and_sorts_by_figures_with_unanalysed_calls_last() {
    let t = TestStore::new();
    let account = five_calls(&t);
    // a: 3.2 s p90 and 1 interruption; b: 0.9 s, none; c: no hand-off (no p90), 2; d, e: never
    // analysed.
    for (id, f) in [
        ("a", figures(Some(3.2), 1)),
        ("b", figures(Some(0.9), 0)),
        ("c", figures(None, 2)),
    ] {
        t.store.put_figures(account, id, &f).expect("put");
    }
    let by = |column, descending| Sort { column, descending };
    assert_eq!(
        ids(&t, Filter::default(), by(SortColumn::LatencyP90, true)),
        ["a", "b", "e", "d", "c"]
    );
    // Ascending too, the calls without a p90 stay last (then newest row first is not asked:
    // ties by row order in the sort's direction).
    assert_eq!(
        ids(&t, Filter::default(), by(SortColumn::LatencyP90, false)),
        ["b", "a", "c", "d", "e"]
    );
    assert_eq!(
        ids(&t, Filter::default(), by(SortColumn::Interruptions, true)),
        ["c", "a", "b", "e", "d"]
    );

    let above = |s| Filter {
        latency_p90_above_s: Some(s),
        ..Filter::default()
    };
    let newest = Sort::newest_first();
    assert_eq!(ids(&t, above(2.0), newest), ["a"]);
    assert_eq!(ids(&t, above(0.5), newest), ["b", "a"]);
    assert!(ids(&t, above(3.2), newest).is_empty(), "strictly above");
    let interrupted = |has| Filter {
        has_interruptions: Some(has),
        ..Filter::default()
    };
    assert_eq!(ids(&t, interrupted(true), newest), ["c", "a"]);
    assert_eq!(ids(&t, interrupted(false), newest), ["b"]);
    // Combined with each other and with the other filters, and counted in the store.
    let both = Filter {
        latency_p90_above_s: Some(1.0),
        has_interruptions: Some(true),
        agent_ids: vec![7],
        ..Filter::default()
    };
    assert_eq!(ids(&t, both.clone(), newest), ["a"]);
    assert_eq!(t.store.count(&both).expect("count"), 1);

    // The rows carry the figures the list shows.
    let window = t
        .store
        .list(&ListQuery {
            filter: Filter::default(),
            sort: by(SortColumn::LatencyP90, true),
            offset: 0,
            limit: 2,
        })
        .expect("list");
    assert_eq!(window.rows[0].latency_p90_s, Some(3.2));
    assert_eq!(window.rows[0].interruptions, Some(1));
    let unanalysed = t
        .store
        .list(&ListQuery {
            filter: Filter::default(),
            sort: newest,
            offset: 0,
            limit: 1,
        })
        .expect("list");
    assert_eq!(unanalysed.rows[0].conversation_id, "e");
    assert_eq!(
        (
            unanalysed.rows[0].latency_p90_s,
            unanalysed.rows[0].interruptions
        ),
        (None, None)
    );
}

#[test]
fn a_latency_filter_that_is_not_a_number_is_refused_in_words() {
    let t = TestStore::new();
    five_calls(&t);
    let err = t
        .store
        .count(&Filter {
            latency_p90_above_s: Some(f64::NAN),
            ..Filter::default()
        })
        .expect_err("refused");
    assert!(err.to_string().contains("seconds"), "{err}");
}

#[test]
fn figures_leave_with_their_account() {
    let t = TestStore::new();
    let account = five_calls(&t);
    let india = t.india();
    ingest(
        &t.store,
        india,
        &[call("a", "completed", 9, 1_773_800_000, &["namaste"])],
    );
    t.store
        .put_figures(account, "a", &figures(Some(1.0), 1))
        .expect("put");
    t.store
        .put_figures(india, "a", &figures(Some(2.0), 0))
        .expect("put");
    t.store.remove_account(account).expect("remove");
    let left: Vec<f64> = Connection::open(t.path())
        .expect("sqlite")
        .prepare("SELECT latency_p90_s FROM call_figures")
        .expect("select")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("read");
    assert_eq!(left, [2.0], "only the other account's figures are left");
    assert!(t.store.figures(india, "a").expect("read").is_some());
}

fn candidates(t: &TestStore, wanted: &FiguresWanted, after: i64, limit: u32) -> Vec<String> {
    t.store
        .calls_to_analyse(t.global(), wanted, after, limit)
        .expect("candidates")
        .into_iter()
        .map(|c| c.conversation_id)
        .collect()
}

#[test]
fn the_calls_to_analyse_are_the_downloaded_ones_without_fresh_figures() {
    let t = TestStore::new();
    let account = five_calls(&t);
    let wanted = FiguresWanted {
        analysis_version: 2,
        agent_channel: None,
    };
    // Nothing downloaded yet: nothing to analyse.
    assert!(candidates(&t, &wanted, 0, 10).is_empty());
    for id in ["a", "b", "c", "d"] {
        t.store
            .set_recording_available(account, id, true)
            .expect("downloaded");
    }
    t.store
        .set_recording_available(account, "e", false)
        .expect("missing");
    let fresh = CallFigures {
        analysis_version: 2,
        ..figures(Some(1.0), 0)
    };
    // a: fresh; b: an older analysis; c: the setting chose right, which is no longer the
    // setting; d: never analysed.
    t.store.put_figures(account, "a", &fresh).expect("put");
    t.store
        .put_figures(account, "b", &figures(Some(1.0), 0))
        .expect("put");
    let chosen_right = CallFigures {
        agent_channel: Some(StoredChannel::Right),
        agent_channel_set: true,
        ..fresh.clone()
    };
    t.store
        .put_figures(account, "c", &chosen_right)
        .expect("put");
    assert_eq!(candidates(&t, &wanted, 0, 10), ["b", "c", "d"]);

    // With the account set to "right", c is fresh and a (decided by itself) is not.
    let right = FiguresWanted {
        agent_channel: Some(StoredChannel::Right),
        ..wanted
    };
    assert_eq!(candidates(&t, &right, 0, 10), ["a", "b", "d"]);
    // A mono call's figures do not depend on the setting.
    let mono = CallFigures {
        agent_channel: None,
        ..fresh.clone()
    };
    t.store.put_figures(account, "a", &mono).expect("put");
    assert_eq!(candidates(&t, &right, 0, 10), ["b", "d"]);

    // Batches: the cursor of the last one starts the next.
    let first: Vec<AnalysisCandidate> = t
        .store
        .calls_to_analyse(account, &wanted, 0, 1)
        .expect("batch");
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].conversation_id, "b");
    assert_eq!(candidates(&t, &wanted, first[0].cursor, 10), ["c", "d"]);
}

#[test]
fn response_latency_per_agent_and_per_day_is_taken_over_the_stored_figures() {
    let t = TestStore::new();
    let account = t.global();
    let day = 86_400;
    // 2026-03-18 and the day after; agent 7 answers in about a second, agent 9 slower on the
    // second day (a prompt change).
    let base = 1_773_792_000; // 2026-03-18T00:00:00Z
    let calls = [
        ("a1", 7, base + 3_600, Some(0.8), Some(1.0)),
        ("a2", 7, base + 7_200, Some(1.0), Some(1.4)),
        ("b1", 9, base + 3_600, Some(1.0), Some(1.2)),
        ("b2", 9, base + day + 3_600, Some(2.0), Some(3.0)),
        ("b3", 9, base + day + 7_200, Some(3.0), Some(4.0)),
        // Analysed without a hand-off: no latency, not counted.
        ("b4", 9, base + day + 9_000, None, None),
    ];
    let records: Vec<_> = calls
        .iter()
        .map(|(id, agent, start, _, _)| call(id, "completed", *agent, *start, &["hello"]))
        .collect();
    // Never analysed: not counted either.
    let mut all = records.clone();
    all.push(call("c1", "completed", 7, base + 100, &["hi"]));
    ingest(&t.store, account, &all);
    for (id, _, _, p50, p90) in calls {
        let f = CallFigures {
            latency_p50_s: p50,
            latency_p90_s: p90,
            ..figures(p90, 0)
        };
        t.store.put_figures(account, id, &f).expect("put");
    }
    let by = |by| {
        t.store
            .latency_triage(&TriageQuery {
                filter: Filter::default(),
                by,
                utc_offset_minutes: 0,
            })
            .expect("latency")
    };
    let agents = by(TriageBy::Agent);
    assert_eq!(agents.calls, 5);
    let rows: Vec<_> = agents
        .groups
        .iter()
        .map(|g| (g.key.clone(), g.calls, round(g.p50_s), round(g.p90_s)))
        .collect();
    // Agent 9: p50s 1, 2, 3 → median 2; p90s 1.2, 3, 4 → 3 + 0.8 × 1 = 3.8 at the 90th.
    // Agent 7: p50s 0.8, 1 → 0.9; p90s 1, 1.4 → 1.36.
    assert_eq!(
        rows,
        [
            (Some("9".into()), 3, 2.0, 3.8),
            (Some("7".into()), 2, 0.9, 1.36)
        ]
    );
    let days = by(TriageBy::Day);
    let rows: Vec<_> = days
        .groups
        .iter()
        .map(|g| (g.key.clone(), g.start_ms, g.calls, round(g.p90_s)))
        .collect();
    assert_eq!(
        rows,
        [
            (Some("2026-03-18".into()), Some(base * 1000), 3, 1.36),
            (Some("2026-03-19".into()), Some((base + day) * 1000), 2, 3.9),
        ]
    );
    // With the list's filters: agent 9 only.
    let nine = t
        .store
        .latency_triage(&TriageQuery {
            filter: Filter {
                agent_ids: vec![9],
                ..Filter::default()
            },
            by: TriageBy::Day,
            utc_offset_minutes: 0,
        })
        .expect("latency");
    assert_eq!(
        nine.groups.iter().map(|g| g.calls).collect::<Vec<_>>(),
        [1, 2]
    );
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
