//! A store made by the previous schema opens, is migrated, and keeps everything.

mod common;

use formant_library::{AccountKey, Filter, LibraryError, SearchQuery, Store};
use rusqlite::{params, Connection};

/// Version 1 of the schema as it shipped, frozen here: the migration must keep reading it.
const V1_DDL: &str = r#"
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY, identity TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('saved', 'environment')), key_json TEXT NOT NULL,
    label TEXT NOT NULL, region TEXT NOT NULL, created_ms INTEGER NOT NULL
) STRICT;
CREATE TABLE conversations (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL, list_json TEXT, details_json TEXT, list_seen_ms INTEGER,
    details_ms INTEGER, details_checked_ms INTEGER, details_error TEXT,
    details_stale INTEGER NOT NULL DEFAULT 0, status TEXT, status_category TEXT NOT NULL,
    agent_id INTEGER, start_ms INTEGER, end_ms INTEGER, duration_s REAL, contact_number TEXT,
    failure_reason TEXT, has_transcript INTEGER NOT NULL DEFAULT 0,
    turn_count INTEGER NOT NULL DEFAULT 0, has_recording INTEGER,
    UNIQUE (account_id, conversation_id)
) STRICT;
CREATE INDEX conversations_start ON conversations (account_id, start_ms);
CREATE INDEX conversations_status ON conversations (account_id, status, start_ms);
CREATE INDEX conversations_category ON conversations (account_id, status_category, start_ms);
CREATE INDEX conversations_agent ON conversations (account_id, agent_id, start_ms);
CREATE INDEX conversations_duration ON conversations (account_id, duration_s);
CREATE INDEX conversations_end ON conversations (account_id, end_ms);
CREATE INDEX conversations_contact ON conversations (account_id, contact_number);
CREATE INDEX conversations_reason ON conversations (account_id, failure_reason);
CREATE INDEX conversations_start_all ON conversations (start_ms);
CREATE INDEX conversations_pending ON conversations (account_id, details_checked_ms)
    WHERE details_json IS NULL OR details_stale = 1 OR status_category = 'unknown'
       OR (status_category = 'connected' AND has_recording IS 0);
CREATE TABLE sync_state (
    account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    state_json TEXT NOT NULL
) STRICT;
PRAGMA user_version = 1;
"#;

#[test]
fn a_version_1_store_is_migrated_and_its_calls_become_searchable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("library.sqlite3");
    let record = common::call(
        "old-1",
        "completed",
        452,
        1_773_800_000,
        &["Hello from before the index", "मेरा भुगतान हो गया"],
    );
    {
        let conn = Connection::open(&path).expect("sqlite");
        conn.execute_batch(V1_DDL).expect("v1 schema");
        conn.execute(
            "INSERT INTO accounts VALUES (1, 'saved\u{1f}acct-1', 'saved',
                '{\"kind\":\"saved\",\"account_id\":\"acct-1\"}', 'Old account', 'global', 0)",
            [],
        )
        .expect("account");
        conn.execute(
            "INSERT INTO conversations (account_id, conversation_id, details_json, details_ms,
                status, status_category, start_ms, has_transcript, turn_count)
             VALUES (1, 'old-1', ?1, 1, 'completed', 'connected', 1773800000000, 1, 2)",
            params![record.to_string()],
        )
        .expect("call");
        conn.execute(
            "INSERT INTO sync_state VALUES (1, '{\"pass_offset\": 300}')",
            [],
        )
        .expect("state");
    }
    let store = Store::open(&path).expect("migrates");
    let version: i64 = Connection::open(&path)
        .expect("sqlite")
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, 2);
    let account = store
        .find_account(&AccountKey::Saved {
            account_id: "acct-1".into(),
        })
        .expect("lookup")
        .expect("the old account is there");
    assert_eq!(
        store.sync_state(account).expect("state").pass_offset,
        Some(300)
    );
    for word in ["before the index", "भुगतान"] {
        let found = store
            .search(&SearchQuery {
                text: word.into(),
                filter: Filter::default(),
                offset: 0,
                limit: 5,
            })
            .expect("search");
        assert_eq!(found.total, 1, "{word}");
        assert_eq!(found.results[0].call.conversation_id, "old-1");
    }
    let stored = store
        .conversation(account, "old-1")
        .expect("read")
        .expect("kept");
    assert_eq!(stored.details_json.as_ref(), Some(&record));
    // Opening again runs nothing twice.
    drop(store);
    Store::open(&path).expect("reopens");
}

#[test]
fn a_store_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("library.sqlite3");
    Connection::open(&path)
        .expect("sqlite")
        .execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
        .expect("future schema");
    match Store::open(&path) {
        Err(LibraryError::TooNew { found: 99, .. }) => {}
        Err(other) => panic!("wrong error: {other}"),
        Ok(_) => panic!("opened a newer store"),
    }
    let version: i64 = Connection::open(&path)
        .expect("sqlite")
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, 99, "left as it was");
}
