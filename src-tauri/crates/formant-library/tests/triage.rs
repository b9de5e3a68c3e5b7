//! Triage and the list over the sandbox's sample account, checked against counts made here
//! from the JSON.

mod common;

use std::collections::BTreeMap;

use common::{ingest, TestStore};
use formant_core::{Conversation, Status, Timestamp};
use formant_library::{
    category_code, Filter, ListQuery, Sort, SortColumn, TimelineBucket, TriageBy, TriageQuery,
};
use serde_json::Value;

fn sample() -> (TestStore, Vec<Value>) {
    let t = TestStore::new();
    let records = formant_sandbox::conversations().to_vec();
    ingest(&t.store, t.global(), &records);
    (t, records)
}

/// Counts of a key computed from the raw JSON, `None` for calls without one.
fn count_by(
    records: &[Value],
    key: impl Fn(&Value) -> Option<String>,
) -> BTreeMap<Option<String>, u64> {
    let mut counts = BTreeMap::new();
    for r in records {
        *counts.entry(key(r)).or_insert(0) += 1;
    }
    counts
}

fn triage(t: &TestStore, by: TriageBy, filter: Filter) -> BTreeMap<Option<String>, u64> {
    let result = t
        .store
        .triage(&TriageQuery {
            filter,
            by,
            utc_offset_minutes: 0,
        })
        .expect("triage");
    let total: u64 = result.groups.iter().map(|g| g.count).sum();
    assert_eq!(total, result.total);
    let shares: f64 = result.groups.iter().map(|g| g.share).sum();
    assert!((shares - 1.0).abs() < 1e-9 || result.total == 0, "{shares}");
    result
        .groups
        .into_iter()
        .map(|g| (g.key, g.count))
        .collect()
}

fn day_of(r: &Value) -> Option<String> {
    let t = Timestamp::from_json(r.get("start_timestamp")?)?;
    Some(t.to_utc()?.format("%Y-%m-%d").to_string())
}

#[test]
fn every_grouping_matches_a_count_made_from_the_json() {
    let (t, records) = sample();
    let status = |r: &Value| r["status"].as_str().map(str::to_owned);
    assert_eq!(
        triage(&t, TriageBy::Status, Filter::default()),
        count_by(&records, status)
    );
    assert_eq!(
        triage(&t, TriageBy::Category, Filter::default()),
        count_by(&records, |r| Some(
            category_code(
                r["status"]
                    .as_str()
                    .map_or(formant_core::StatusCategory::Unknown, |s| Status::parse(s)
                        .category())
            )
            .to_owned()
        ))
    );
    assert_eq!(
        triage(&t, TriageBy::Reason, Filter::default()),
        count_by(&records, |r| r["failure_reason"]
            .as_str()
            .filter(|s| !s.trim().is_empty())
            .map(str::to_owned))
    );
    assert_eq!(
        triage(&t, TriageBy::Agent, Filter::default()),
        count_by(&records, |r| r["agent_id"].as_i64().map(|a| a.to_string()))
    );
    assert_eq!(
        triage(&t, TriageBy::Day, Filter::default()),
        count_by(&records, day_of)
    );
    let hour = |r: &Value| {
        let t = Timestamp::from_json(r.get("start_timestamp")?)?;
        Some(t.to_utc()?.format("%Y-%m-%dT%H").to_string())
    };
    assert_eq!(
        triage(&t, TriageBy::Hour, Filter::default()),
        count_by(&records, hour)
    );
}

#[test]
fn triage_takes_the_filters_and_a_group_filters_the_list_to_itself() {
    let (t, records) = sample();
    let agent = records
        .iter()
        .find_map(|r| r["agent_id"].as_i64())
        .expect("an agent");
    let of_agent: Vec<Value> = records
        .iter()
        .filter(|r| r["agent_id"].as_i64() == Some(agent))
        .cloned()
        .collect();
    let filter = Filter {
        agent_ids: vec![agent],
        ..Filter::default()
    };
    let by_reason = t
        .store
        .triage(&TriageQuery {
            filter: filter.clone(),
            by: TriageBy::Reason,
            utc_offset_minutes: 0,
        })
        .expect("triage");
    assert_eq!(by_reason.total, of_agent.len() as u64);
    // "Failed calls by reason": click the largest named reason and the list shows its calls.
    let group = by_reason
        .groups
        .iter()
        .find(|g| g.key.is_some())
        .expect("a reason");
    let list = t
        .store
        .list(&ListQuery {
            filter: group.filter_for(TriageBy::Reason, &filter),
            sort: Sort::newest_first(),
            offset: 0,
            limit: 1000,
        })
        .expect("list");
    assert_eq!(list.total, group.count);
    assert!(list
        .rows
        .iter()
        .all(|r| r.failure_reason == group.key && r.agent_id == Some(agent)));
    // A day: its calls and no others.
    let day = t
        .store
        .triage(&TriageQuery {
            filter: Filter::default(),
            by: TriageBy::Day,
            utc_offset_minutes: 0,
        })
        .expect("triage");
    let busiest = day.groups.iter().max_by_key(|g| g.count).expect("a day");
    let expected = records.iter().filter(|r| day_of(r) == busiest.key).count() as u64;
    assert_eq!(
        t.store
            .count(&busiest.filter_for(TriageBy::Day, &Filter::default()))
            .expect("count"),
        expected
    );
}

#[test]
fn the_timeline_stacks_every_call_by_category() {
    let (t, records) = sample();
    let timeline = t
        .store
        .timeline(&Filter::default(), TimelineBucket::Day, 0)
        .expect("timeline");
    let with_start = records
        .iter()
        .filter(|r| {
            r.get("start_timestamp")
                .and_then(Timestamp::from_json)
                .is_some()
        })
        .count() as u64;
    assert_eq!(
        timeline.points.iter().map(|p| p.total()).sum::<u64>(),
        with_start
    );
    assert!(timeline
        .points
        .windows(2)
        .all(|w| w[0].start_ms < w[1].start_ms));
    let failed: u64 = timeline.points.iter().map(|p| p.failed).sum();
    let expected = records
        .iter()
        .filter(|r| {
            r.get("start_timestamp")
                .and_then(Timestamp::from_json)
                .is_some()
        })
        .filter(|r| {
            r["status"]
                .as_str()
                .is_some_and(|s| Status::parse(s).is_failure())
        })
        .count() as u64;
    assert_eq!(failed, expected);
}

#[test]
fn the_list_sorts_by_any_column_and_windows_it() {
    let (t, records) = sample();
    let conversations: Vec<Conversation> = records
        .iter()
        .map(|r| Conversation::from_json(r.clone()).expect("call"))
        .collect();
    // Longest first, then a window in the middle, against a sort made here.
    let mut expected: Vec<(Option<f64>, String)> = conversations
        .iter()
        .map(|c| (c.duration(), c.conversation_id.clone()))
        .collect();
    let all = t
        .store
        .list(&ListQuery {
            filter: Filter::default(),
            sort: Sort {
                column: SortColumn::Duration,
                descending: true,
            },
            offset: 0,
            limit: 1000,
        })
        .expect("list");
    assert_eq!(all.total, records.len() as u64);
    assert_eq!(all.rows.len(), records.len());
    let got: Vec<Option<f64>> = all.rows.iter().map(|r| r.duration_s).collect();
    expected.sort_by(|a, b| b.0.partial_cmp(&a.0).expect("no NaN"));
    let want: Vec<Option<f64>> = expected.iter().map(|e| e.0).collect();
    assert_eq!(got, want);
    let window = t
        .store
        .list(&ListQuery {
            filter: Filter::default(),
            sort: Sort {
                column: SortColumn::Duration,
                descending: true,
            },
            offset: 100,
            limit: 50,
        })
        .expect("window");
    assert_eq!(window.rows, all.rows[100..150]);
    // Every other column sorts without error and keeps every row once.
    for column in [
        SortColumn::Start,
        SortColumn::End,
        SortColumn::Status,
        SortColumn::Category,
        SortColumn::Agent,
        SortColumn::ContactNumber,
        SortColumn::FailureReason,
        SortColumn::ConversationId,
        SortColumn::HasTranscript,
        SortColumn::HasRecording,
    ] {
        let rows = t
            .store
            .list(&ListQuery {
                filter: Filter::default(),
                sort: Sort {
                    column,
                    descending: false,
                },
                offset: 0,
                limit: 1000,
            })
            .expect("list")
            .rows;
        let mut ids: Vec<&str> = rows.iter().map(|r| r.conversation_id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), records.len(), "{column:?}");
    }
    // Filters combine: not-reached calls of one agent, at least 0 s, in a date range.
    let from = conversations
        .iter()
        .filter_map(|c| c.start_ms)
        .min()
        .expect("a start")
        .as_millis();
    let filter = Filter {
        categories: vec!["not_reached".into()],
        from_ms: Some(from),
        min_duration_s: Some(0.0),
        ..Filter::default()
    };
    let expected = conversations
        .iter()
        .filter(|c| {
            c.status
                .as_ref()
                .is_some_and(|s| category_code(s.category()) == "not_reached")
        })
        .filter(|c| c.start_ms.is_some_and(|s| s.as_millis() >= from))
        .filter(|c| c.duration().is_some_and(|d| d >= 0.0))
        .count() as u64;
    assert_eq!(t.store.count(&filter).expect("count"), expected);
    assert!(expected > 0);
}
