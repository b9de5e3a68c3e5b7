//! Shared by the library's tests: a store in a temp dir, accounts, and calls as the API sends
//! them.

#![allow(dead_code)]

use formant_core::Region;
use formant_library::{AccountKey, AccountRef, CallFigures, Store, StoredChannel};
use serde_json::{json, Value};

pub struct TestStore {
    pub dir: tempfile::TempDir,
    pub store: Store,
}

impl TestStore {
    pub fn new() -> TestStore {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("library.sqlite3")).expect("opens");
        TestStore { dir, store }
    }

    pub fn path(&self) -> std::path::PathBuf {
        self.dir.path().join("library.sqlite3")
    }

    pub fn global(&self) -> AccountRef {
        self.store
            .account(
                &AccountKey::Saved {
                    account_id: "acct-global".into(),
                },
                "Support (global)",
                &Region::Global,
            )
            .expect("account")
    }

    pub fn india(&self) -> AccountRef {
        self.store
            .account(
                &AccountKey::Saved {
                    account_id: "acct-in".into(),
                },
                "Collections (India)",
                &Region::India,
            )
            .expect("account")
    }
}

/// A call in the detail shape.
pub fn call(id: &str, status: &str, agent: i64, start_s: i64, turns: &[&str]) -> Value {
    let transcript: Vec<Value> = turns
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let i = i as i64;
            json!({"speaker": if i % 2 == 0 { "agent" } else { "customer" },
                   "start_time": i * 5, "end_time": i * 5 + 4, "text": text})
        })
        .collect();
    json!({
        "conversation_id": id,
        "agent_id": agent,
        "contact_number": "+14155550100",
        "status": status,
        "start_timestamp": start_s,
        "end_timestamp": start_s + 60,
        "duration_seconds": 60,
        "failure_reason": if status == "completed" { Value::Null } else { json!(format!("{status} at the carrier")) },
        "results": {"summary": format!("call {id}")},
        "transcript": transcript,
    })
}

/// The list shape of a detail record: everything but the transcript and the results.
pub fn list_item(record: &Value) -> Value {
    let mut item = record.clone();
    if let Value::Object(map) = &mut item {
        map.shift_remove("transcript");
        map.shift_remove("results");
    }
    item
}

/// Stores calls as a sync would: the list pages, then every call's details.
pub fn ingest(store: &Store, account: AccountRef, records: &[Value]) {
    let items: Vec<Value> = records.iter().map(list_item).collect();
    for page in items.chunks(100) {
        store.apply_list_page(account, page).expect("page");
    }
    for record in records {
        let id = record["conversation_id"].as_str().expect("id");
        store.apply_details(account, id, record).expect("details");
    }
}

/// Figures as the analysis of a two-channel call stores them: a p90 (`None`: no hand-off, so
/// no latency at all) and a number of interruptions; the rest fixed.
pub fn figures(p90: Option<f64>, interruptions: u32) -> CallFigures {
    CallFigures {
        latency_p50_s: p90.map(|p| p / 2.0),
        latency_p90_s: p90,
        latency_max_s: p90.map(|p| p + 1.0),
        handoffs: if p90.is_some() { 4 } else { 0 },
        interruptions,
        dead_air_s: 2.5,
        agent_talk_share: Some(0.6),
        time_to_first_word_s: Some(0.8),
        agent_channel: Some(StoredChannel::Left),
        agent_channel_set: false,
        analysis_version: 1,
        analysed_ms: 1_773_800_000_000,
    }
}
