//! Writing list pages and details into a real store file.

use formant_core::Region;
use formant_library::{AccountKey, PageOutcome, Store, SyncState};
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
