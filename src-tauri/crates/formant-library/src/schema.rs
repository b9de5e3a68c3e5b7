//! The store's schema, as an ordered list of migrations (`PRAGMA user_version` counts how many
//! ran). A released migration is never edited: a change is a new migration at the end.
//!
//! Room for what comes next (per-call metrics, notes, tags): each gets its own table keyed by
//! `conversations.id` with `ON DELETE CASCADE`, e.g.
//! `call_metrics(conversation INTEGER PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE, …)`,
//! `notes(id INTEGER PRIMARY KEY, conversation INTEGER NOT NULL REFERENCES conversations(id) …)`,
//! `tags(id …, account_id …, name …)` + `conversation_tags(conversation, tag)`. A conversation's
//! row id never changes once stored (upserts update in place), so those rows stay attached
//! across syncs; filters on them join on `conversations.id`.

use rusqlite_migration::{HookResult, Migrations, M};

use crate::text::index_text;

/// Version 1: accounts, conversations with their raw JSON and indexed columns, sync state.
pub(crate) const V1: &str = r#"
CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY,
    -- The account's identity (see AccountKey::identity): never a key, nor derived from one.
    identity    TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('saved', 'environment')),
    key_json    TEXT NOT NULL,
    label       TEXT NOT NULL,
    region      TEXT NOT NULL,
    created_ms  INTEGER NOT NULL
) STRICT;

CREATE TABLE conversations (
    id                  INTEGER PRIMARY KEY,
    account_id          INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    conversation_id     TEXT NOT NULL,
    -- The list item and the GET object exactly as the API sent them (NULL until received).
    list_json           TEXT,
    details_json        TEXT,
    list_seen_ms        INTEGER,
    details_ms          INTEGER,
    -- When details were last asked for (fetched or failed), and why the last try failed.
    details_checked_ms  INTEGER,
    details_error       TEXT,
    -- The list entry changed after the details were fetched: fetch them again.
    details_stale       INTEGER NOT NULL DEFAULT 0,
    -- Derived from the JSON by formant-core, for filters and sorting.
    status              TEXT,
    status_category     TEXT NOT NULL,
    agent_id            INTEGER,
    start_ms            INTEGER,
    end_ms              INTEGER,
    duration_s          REAL,
    contact_number      TEXT,
    failure_reason      TEXT,
    has_transcript      INTEGER NOT NULL DEFAULT 0,
    turn_count          INTEGER NOT NULL DEFAULT 0,
    -- NULL: not known; 0: not available when last checked; 1: available.
    has_recording       INTEGER,
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
-- What a sync still has to fetch details for (see Store::pending_details); partial, so it
-- stays small once a library is complete.
CREATE INDEX conversations_pending ON conversations (account_id, details_checked_ms)
    WHERE details_json IS NULL OR details_stale = 1 OR status_category = 'unknown'
       OR (status_category = 'connected' AND has_recording IS 0);

CREATE TABLE sync_state (
    account_id  INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    state_json  TEXT NOT NULL
) STRICT;
"#;

/// Version 2: the full-text index. Trigram tokens, because `unicode61` splits Devanagari and
/// Tamil words at their vowel signs; contentless (the text is already in `details_json`), so
/// the store does not hold every transcript twice. Rows of v1 stores are indexed by the hook.
pub(crate) const V2: &str = r#"
CREATE VIRTUAL TABLE search_index USING fts5 (
    transcript,
    meta,
    tokenize = 'trigram',
    content = '',
    contentless_delete = 1
);
"#;

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(V1), M::up_with_hook(V2, index_existing_rows)])
}

/// The schema version this build writes.
pub(crate) const LATEST: i64 = 2;

/// Fills the v2 index from the details stored by v1.
fn index_existing_rows(tx: &rusqlite::Transaction) -> HookResult {
    let mut select = tx.prepare(
        "SELECT id, conversation_id, contact_number, failure_reason, details_json, list_json \
         FROM conversations",
    )?;
    let mut insert =
        tx.prepare("INSERT INTO search_index (rowid, transcript, meta) VALUES (?1, ?2, ?3)")?;
    let mut rows = select.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let json: Option<String> = row.get::<_, Option<String>>(4)?.or(row.get(5)?);
        let Some(conversation) = json
            .and_then(|text| serde_json::from_str(&text).ok())
            .and_then(|value| formant_core::Conversation::from_json(value).ok())
        else {
            continue;
        };
        let text = index_text(&conversation);
        insert.execute(rusqlite::params![id, text.transcript, text.meta])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().expect("valid migrations");
    }
}
