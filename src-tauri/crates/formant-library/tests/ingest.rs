//! Writing list pages and details into a real store file.

use formant_core::Region;
use formant_library::{AccountKey, Filter, PageOutcome, Store, SyncState};
use serde_json::json;

fn env_key() -> AccountKey {
    AccountKey::Environment {
        base_url: "http://127.0.0.1:9".into(),
        name: "environment".into(),
    }
}

#[test]
fn list_pages_are_stored_and_changes_detected() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("library.sqlite3")).expect("opens");
    let account = store
        .account(&env_key(), "Environment", &Region::Global)
        .expect("account");
    let page = [
        json!({"conversation_id": "a", "status": "completed", "start_timestamp": 1773867201766_i64}),
        json!({"conversation_id": "b", "status": "busy", "x_new": [1, 2]}),
        json!({"no_id": true}),
    ];
    assert_eq!(
        store.apply_list_page(account, &page).expect("page"),
        PageOutcome {
            new: 2,
            changed: 0,
            unchanged: 0,
            skipped: 1
        }
    );
    let again = [
        page[0].clone(),
        json!({"conversation_id": "b", "status": "failed"}),
    ];
    assert_eq!(
        store.apply_list_page(account, &again).expect("page"),
        PageOutcome {
            new: 0,
            changed: 1,
            unchanged: 1,
            skipped: 0
        }
    );
    let mut state = SyncState {
        pass_offset: Some(200),
        ..SyncState::default()
    };
    state.extra.insert("later_field".into(), json!("kept"));
    store.set_sync_state(account, &state).expect("state");
    drop(store);
    let store = Store::open(&dir.path().join("library.sqlite3")).expect("reopens");
    assert_eq!(store.sync_state(account).expect("state"), state);
    let pending = store
        .pending_details(account, i64::MAX, 10)
        .expect("pending");
    assert_eq!(pending, ["a", "b"]);
}

mod common;

#[test]
fn the_json_comes_back_exactly_as_sent() {
    let t = common::TestStore::new();
    let account = t.global();
    let details: serde_json::Value = serde_json::from_str(
        r#"{"z_first": 1, "conversation_id": "c-1", "status": "completed",
            "start_timestamp": "2026-03-18T09:30:00Z", "duration_seconds": 245.70,
            "agent_id": 1e300, "x_nested": {"b": [1, null, "\u001b[2J"], "a": true},
            "transcript": [{"role": "user", "message": "नमस्ते"}, "a bare string"],
            "results": {"sentiment": {"score": -0.5}}}"#,
    )
    .expect("json");
    let list = common::list_item(&details);
    t.store
        .apply_list_page(account, std::slice::from_ref(&list))
        .expect("page");
    t.store
        .apply_details(account, "c-1", &details)
        .expect("details");
    let stored = t
        .store
        .conversation(account, "c-1")
        .expect("read")
        .expect("stored");
    assert_eq!(stored.details_json.as_ref(), Some(&details));
    assert_eq!(stored.list_json.as_ref(), Some(&list));
    assert_eq!(stored.api_json(), &details);
    // Field order too.
    assert_eq!(stored.api_json().to_string(), details.to_string());
    assert_eq!(stored.conversation.turns().len(), 2);
    assert_eq!(stored.conversation.agent_id, None, "1e300 is no agent id");
    let mut visited = Vec::new();
    t.store
        .visit_calls(&formant_library::Filter::default(), |call| {
            visited.push(call.api_json().clone());
            true
        })
        .expect("visit");
    assert_eq!(visited, [details]);
}

#[test]
fn a_changed_list_entry_updates_the_filters_and_asks_for_details_again() {
    let t = common::TestStore::new();
    let account = t.global();
    let record = common::call("c-1", "completed", 1, 1_773_800_000, &["hello refund"]);
    common::ingest(&t.store, account, std::slice::from_ref(&record));
    let start = i64::MAX;
    assert!(t
        .store
        .pending_details(account, start, 10)
        .expect("pending")
        .is_empty());
    let mut changed = common::list_item(&record);
    changed["status"] = json!("failed");
    let outcome = t.store.apply_list_page(account, &[changed]).expect("page");
    assert_eq!(outcome.changed, 1);
    assert_eq!(
        t.store
            .pending_details(account, start, 10)
            .expect("pending"),
        ["c-1"]
    );
    let failed = formant_library::Filter {
        statuses: vec!["failed".into()],
        ..formant_library::Filter::default()
    };
    assert_eq!(t.store.count(&failed).expect("count"), 1);
    let found = t
        .store
        .search(&formant_library::SearchQuery {
            text: "refund".into(),
            filter: failed,
            offset: 0,
            limit: 5,
        })
        .expect("search");
    assert_eq!(found.total, 1, "the index follows the new status");
    let stored = t
        .store
        .conversation(account, "c-1")
        .expect("read")
        .expect("stored");
    assert_eq!(stored.conversation.turns().len(), 1, "the details stay");
    assert_eq!(
        stored.conversation.status.as_ref().map(|s| s.code()),
        Some("failed")
    );
}

#[test]
fn pending_details_skip_what_this_pass_checked_and_keep_calls_that_may_change() {
    let t = common::TestStore::new();
    let account = t.global();
    let items = [
        json!({"conversation_id": "done", "status": "completed", "start_timestamp": 3}),
        json!({"conversation_id": "ringing", "status": "in_progress", "start_timestamp": 2}),
        json!({"conversation_id": "broken", "status": "failed", "start_timestamp": 1}),
    ];
    t.store.apply_list_page(account, &items).expect("page");
    assert_eq!(
        t.store
            .pending_details(account, i64::MAX, 10)
            .expect("pending"),
        ["done", "ringing", "broken"],
        "never fetched, newest first"
    );
    let pass = chrono::Utc::now().timestamp_millis();
    for item in &items {
        let id = item["conversation_id"].as_str().expect("id");
        if id == "broken" {
            t.store
                .mark_details_failed(account, id, "HTTP 500")
                .expect("mark");
        } else {
            t.store.apply_details(account, id, item).expect("details");
        }
    }
    t.store
        .set_recording_available(account, "done", false)
        .expect("recording");
    assert!(
        t.store
            .pending_details(account, pass, 10)
            .expect("pending")
            .is_empty(),
        "all checked in this pass"
    );
    let next_pass = i64::MAX;
    let mut later = t
        .store
        .pending_details(account, next_pass, 10)
        .expect("pending");
    later.sort();
    assert_eq!(
        later,
        ["broken", "done", "ringing"],
        "failed, no recording yet, status not final"
    );
    t.store
        .set_recording_available(account, "done", true)
        .expect("recording");
    let progress = t.store.details_progress(account).expect("progress");
    assert_eq!((progress.calls, progress.with_details), (3, 2));
    assert!(!t
        .store
        .pending_details(account, next_pass, 10)
        .expect("pending")
        .contains(&"done".to_owned()));
}

#[test]
fn accounts_keep_their_calls_apart() {
    let t = common::TestStore::new();
    let (global, india) = (t.global(), t.india());
    let item = json!({"conversation_id": "same-id", "status": "busy"});
    t.store
        .apply_list_page(global, std::slice::from_ref(&item))
        .expect("page");
    let outcome = t.store.apply_list_page(india, &[item]).expect("page");
    assert_eq!(
        outcome.new, 1,
        "the same id in another account is another call"
    );
    let accounts = t.store.accounts().expect("accounts");
    assert_eq!(accounts.len(), 2);
    assert_eq!(accounts[1].region, "in");
    t.store.remove_account(global).expect("remove");
    assert_eq!(
        t.store
            .count(&formant_library::Filter::default())
            .expect("count"),
        1
    );
    let found = t
        .store
        .search(&formant_library::SearchQuery {
            text: "same".into(),
            limit: 5,
            ..Default::default()
        })
        .expect("search");
    assert_eq!(
        found.total, 1,
        "the removed account's rows left the index too"
    );
    assert!(matches!(
        t.store.apply_list_page(global, &[]),
        Err(formant_library::LibraryError::UnknownAccount)
    ));
}

#[test]
fn a_recording_found_or_missing_is_kept_across_later_syncs() {
    let t = common::TestStore::new();
    let account = t.global();
    let record = common::call("rec", "completed", 9, 1_773_800_000, &["hello"]);
    common::ingest(&t.store, account, std::slice::from_ref(&record));
    let read = |t: &common::TestStore| {
        t.store
            .conversation(account, "rec")
            .expect("read")
            .expect("stored")
            .has_recording
    };
    assert_eq!(read(&t), None, "never tried");
    t.store
        .set_recording_available(account, "rec", false)
        .expect("recording");
    assert_eq!(read(&t), Some(false));
    // A later sync: the details again, and a list entry that changed.
    t.store
        .apply_details(account, "rec", &record)
        .expect("details");
    let mut changed = common::list_item(&record);
    changed["duration_seconds"] = json!(61);
    t.store.apply_list_page(account, &[changed]).expect("page");
    assert_eq!(read(&t), Some(false), "what was learned by trying stays");
    t.store
        .set_recording_available(account, "rec", true)
        .expect("recording");
    assert_eq!(read(&t), Some(true));
    let mut visited = Vec::new();
    t.store
        .visit_calls(&Filter::default(), |call| {
            visited.push(call.has_recording);
            true
        })
        .expect("visit");
    assert_eq!(visited, [Some(true)]);
}
