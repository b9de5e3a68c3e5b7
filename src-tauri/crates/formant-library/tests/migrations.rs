//! A store made by the previous schema opens, is migrated, and keeps everything.

mod common;

use formant_library::{
    AccountKey, CallFigures, FiguresWanted, Filter, LibraryError, SearchQuery, Store, StoredChannel,
};
use rusqlite::{params, Connection};
use serde_json::Value;

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
    conversation_id TEXT NOT NULL, status TEXT, status_category TEXT NOT NULL,
    agent_id INTEGER, start_ms INTEGER, end_ms INTEGER, duration_s REAL, contact_number TEXT,
    failure_reason TEXT, has_transcript INTEGER NOT NULL DEFAULT 0,
    turn_count INTEGER NOT NULL DEFAULT 0, has_recording INTEGER, list_seen_ms INTEGER,
    details_ms INTEGER, details_checked_ms INTEGER, details_error TEXT,
    details_stale INTEGER NOT NULL DEFAULT 0, list_json TEXT, details_json TEXT,
    UNIQUE (account_id, conversation_id)
) STRICT;
CREATE INDEX conversations_start ON conversations (account_id, start_ms);
CREATE INDEX conversations_status ON conversations (account_id, status, start_ms);
CREATE INDEX conversations_category ON conversations (account_id, status_category, start_ms);
CREATE INDEX conversations_agent ON conversations (account_id, agent_id, start_ms);
CREATE INDEX conversations_duration ON conversations (account_id, duration_s);
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

/// The account of every old store here, as the old schemas wrote it.
fn insert_old_account(conn: &Connection) {
    conn.execute(
        "INSERT INTO accounts VALUES (1, 'saved\u{1f}acct-1', 'saved',
            '{\"kind\":\"saved\",\"account_id\":\"acct-1\"}', 'Old account', 'global', 0)",
        [],
    )
    .expect("account");
}

/// Opens an old store (migrating it), checks it is at the latest version, and finds its account.
fn open_migrated(path: &std::path::Path) -> (Store, formant_library::AccountRef) {
    let store = Store::open(path).expect("migrates");
    let version: i64 = Connection::open(path)
        .expect("sqlite")
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, 4);
    let account = store
        .find_account(&AccountKey::Saved {
            account_id: "acct-1".into(),
        })
        .expect("lookup")
        .expect("the old account is there");
    (store, account)
}

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
        insert_old_account(&conn);
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
    let (store, account) = open_migrated(&path);
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

/// Version 2 as it shipped: version 1 plus the full-text index (its tokenizer here without
/// the Indic token characters, which the migration to version 3 does not touch).
const V2_DDL: &str = r#"
CREATE VIRTUAL TABLE search_index USING fts5 (
    transcript, meta, facets, tokenize = "unicode61 remove_diacritics 2",
    content = '', contentless_delete = 1
);
INSERT INTO search_index (search_index, rank) VALUES ('rank', 'bm25(1.0, 0.5, 0.0)');
PRAGMA user_version = 2;
"#;

/// The plain JSON columns of a call, as the file holds them.
fn plain_columns(path: &std::path::Path, id: &str) -> (Option<String>, Option<String>, bool) {
    Connection::open(path)
        .expect("sqlite")
        .query_row(
            "SELECT list_json, details_json, json_z IS NOT NULL FROM conversations
             WHERE conversation_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("row")
}

#[test]
fn a_version_2_store_is_migrated_and_keeps_its_json_until_it_is_written_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("library.sqlite3");
    let fetched = common::call("v2-fetched", "completed", 7, 1_773_800_000, &["the refund"]);
    let fetched_list = common::list_item(&fetched);
    // A list item as an API might send it: spacing and key order of its own.
    let listed_text =
        r#"{"status": "busy", "conversation_id": "v2-listed", "start_timestamp": 1773700000}"#;
    {
        let conn = Connection::open(&path).expect("sqlite");
        conn.execute_batch(V1_DDL.replace("PRAGMA user_version = 1;", "").as_str())
            .expect("v1 schema");
        conn.execute_batch(V2_DDL).expect("v2 schema");
        insert_old_account(&conn);
        conn.execute(
            "INSERT INTO conversations (id, account_id, conversation_id, list_json, details_json,
                details_ms, details_checked_ms, status, status_category, start_ms,
                has_transcript, turn_count)
             VALUES (1, 1, 'v2-fetched', ?1, ?2, 5, 5, 'completed', 'connected', 1773800000000,
                1, 1)",
            params![fetched_list.to_string(), fetched.to_string()],
        )
        .expect("fetched call");
        conn.execute(
            "INSERT INTO conversations (id, account_id, conversation_id, list_json, status,
                status_category, start_ms)
             VALUES (2, 1, 'v2-listed', ?1, 'busy', 'not_reached', 1773700000000)",
            [listed_text],
        )
        .expect("listed call");
        conn.execute(
            "INSERT INTO search_index (rowid, transcript, meta, facets)
             VALUES (1, 'the refund', 'v2-fetched', ''), (2, '', 'v2-listed', '')",
            [],
        )
        .expect("indexed");
    }
    let (store, account) = open_migrated(&path);
    // The old rows are read as they are: nothing was rewritten.
    assert!(!plain_columns(&path, "v2-listed").2);
    let listed = store
        .conversation(account, "v2-listed")
        .expect("read")
        .expect("kept");
    assert_eq!(
        listed.list_json.as_ref().map(Value::to_string),
        Some(
            serde_json::from_str::<Value>(listed_text)
                .expect("json")
                .to_string()
        )
    );
    let stored = store
        .conversation(account, "v2-fetched")
        .expect("read")
        .expect("kept");
    assert_eq!(stored.details_json.as_ref(), Some(&fetched));
    assert_eq!(stored.list_json.as_ref(), Some(&fetched_list));
    // The pending index is rebuilt on `details_ms`: the call without details is still pending.
    assert_eq!(
        store
            .pending_details(account, i64::MAX, 10)
            .expect("pending"),
        ["v2-listed"]
    );
    let progress = store.details_progress(account).expect("progress");
    assert_eq!((progress.calls, progress.with_details), (2, 1));
    let found = store
        .search(&SearchQuery {
            text: "refund".into(),
            filter: Filter::default(),
            offset: 0,
            limit: 5,
        })
        .expect("search");
    assert_eq!(found.total, 1);

    // Written again, a call's JSON moves to the compressed column and reads back the same.
    let details: Value = serde_json::from_str(
        r#"{"status": "busy", "conversation_id": "v2-listed", "start_timestamp": 1773700000,
            "failure_reason": "user busy"}"#,
    )
    .expect("json");
    store
        .apply_details(account, "v2-listed", &details)
        .expect("details");
    assert_eq!(plain_columns(&path, "v2-listed"), (None, None, true));
    let rewritten = store
        .conversation(account, "v2-listed")
        .expect("read")
        .expect("kept");
    assert_eq!(rewritten.details_json.as_ref(), Some(&details));
    assert_eq!(rewritten.list_json, listed.list_json);
    assert!(store
        .pending_details(account, i64::MAX, 10)
        .expect("pending")
        .is_empty());
    drop(store);
    Store::open(&path).expect("reopens");
}

/// Version 3 as it shipped: the JSON compressed into `json_z`, the pending index on
/// `details_ms`.
const V3_DDL: &str = r#"
ALTER TABLE conversations ADD COLUMN json_z BLOB;
DROP INDEX conversations_pending;
CREATE INDEX conversations_pending ON conversations (account_id, details_checked_ms)
    WHERE details_ms IS NULL OR details_stale = 1 OR status_category = 'unknown'
       OR (status_category = 'connected' AND has_recording IS 0);
PRAGMA user_version = 3;
"#;

#[test]
fn a_version_3_store_is_migrated_and_its_calls_take_figures() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("library.sqlite3");
    let record = common::call("v3-call", "completed", 7, 1_773_800_000, &["the refund"]);
    {
        let conn = Connection::open(&path).expect("sqlite");
        conn.execute_batch(V1_DDL.replace("PRAGMA user_version = 1;", "").as_str())
            .expect("v1 schema");
        conn.execute_batch(V2_DDL.replace("PRAGMA user_version = 2;", "").as_str())
            .expect("v2 schema");
        conn.execute_batch(V3_DDL).expect("v3 schema");
        insert_old_account(&conn);
        conn.execute(
            "INSERT INTO conversations (id, account_id, conversation_id, details_json, details_ms,
                status, status_category, start_ms, has_transcript, turn_count, has_recording)
             VALUES (1, 1, 'v3-call', ?1, 5, 'completed', 'connected', 1773800000000, 1, 1, 1)",
            params![record.to_string()],
        )
        .expect("call");
    }
    let (store, account) = open_migrated(&path);
    let stored = store
        .conversation(account, "v3-call")
        .expect("read")
        .expect("kept");
    assert_eq!(stored.details_json.as_ref(), Some(&record));
    // The old call has no figures, so the background analysis picks it up (its recording
    // was downloaded), and it takes figures the list filters by.
    let wanted = FiguresWanted {
        analysis_version: 1,
        agent_channel: None,
    };
    let due = store
        .calls_to_analyse(account, &wanted, 0, 10)
        .expect("candidates");
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].conversation_id, "v3-call");
    let figures = CallFigures {
        latency_p50_s: Some(0.7),
        latency_p90_s: Some(2.4),
        latency_max_s: Some(3.0),
        handoffs: 3,
        interruptions: 1,
        dead_air_s: 0.0,
        agent_talk_share: Some(0.5),
        time_to_first_word_s: Some(0.4),
        agent_channel: Some(StoredChannel::Left),
        agent_channel_set: false,
        analysis_version: 1,
        analysed_ms: 1,
    };
    assert!(store
        .put_figures(account, "v3-call", &figures)
        .expect("put"));
    let slow = Filter {
        latency_p90_above_s: Some(2.0),
        ..Filter::default()
    };
    assert_eq!(store.count(&slow).expect("count"), 1);
    assert!(store
        .calls_to_analyse(account, &wanted, 0, 10)
        .expect("candidates")
        .is_empty());
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
