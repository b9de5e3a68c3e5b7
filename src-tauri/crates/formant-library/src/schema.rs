//! The store's schema, as an ordered list of migrations (`PRAGMA user_version` counts how many
//! ran). A released migration is never edited: a change is a new migration at the end.
//!
//! What comes beside a call (its figures, since version 4; notes, tags next) gets its own table
//! keyed by `conversations.id` with `ON DELETE CASCADE`, as `call_figures` is:
//! `notes(id INTEGER PRIMARY KEY, conversation INTEGER NOT NULL REFERENCES conversations(id) …)`,
//! `tags(id …, account_id …, name …)` + `conversation_tags(conversation, tag)`. A conversation's
//! row id never changes once stored (upserts update in place), so those rows stay attached
//! across syncs; filters on them join on `conversations.id`.

use rusqlite_migration::{HookResult, Migrations, M};

use crate::text::index_text;
use crate::tokens::tokenize_option;

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
    -- Derived from the JSON by formant-core, for filters and sorting. Before the JSON, so a
    -- scan reads them without walking a row's overflow pages.
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
    list_seen_ms        INTEGER,
    details_ms          INTEGER,
    -- When details were last asked for (fetched or failed), and why the last try failed.
    details_checked_ms  INTEGER,
    details_error       TEXT,
    -- The list entry changed after the details were fetched: fetch them again.
    details_stale       INTEGER NOT NULL DEFAULT 0,
    -- The list item and the GET object exactly as the API sent them (NULL until received).
    list_json           TEXT,
    details_json        TEXT,
    UNIQUE (account_id, conversation_id)
) STRICT;

CREATE INDEX conversations_start ON conversations (account_id, start_ms);
CREATE INDEX conversations_status ON conversations (account_id, status, start_ms);
CREATE INDEX conversations_category ON conversations (account_id, status_category, start_ms);
CREATE INDEX conversations_agent ON conversations (account_id, agent_id, start_ms);
CREATE INDEX conversations_duration ON conversations (account_id, duration_s);
CREATE INDEX conversations_reason ON conversations (account_id, failure_reason);
CREATE INDEX conversations_start_all ON conversations (start_ms);
-- (start_ms) alone: the list of every account, newest first. No index for sorting by end,
-- contact number or id: each would cost a few % of the store for a sort that is rarely asked
-- for; those sorts read the rows instead.
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

/// Version 2: the full-text index, of words (see [`crate::tokens`] for why not trigrams), and
/// contentless: the text is already in `details_json`, so the store does not hold every
/// transcript twice. Rows of a v1 store are indexed by the hook.
fn create_search_index(tx: &rusqlite::Transaction) -> HookResult {
    let tokenize = tokenize_option().replace('"', "");
    tx.execute_batch(&format!(
        "CREATE VIRTUAL TABLE search_index USING fts5 (
            transcript, meta, facets,
            tokenize = \"{tokenize}\",
            content = '', contentless_delete = 1
        );
        -- Ranked by what was said and written, not by the facet tokens.
        INSERT INTO search_index (search_index, rank) VALUES ('rank', 'bm25(1.0, 0.5, 0.0)');"
    ))?;
    index_existing_rows(tx)
}

/// Version 3: a call's JSON compressed into one column (see [`crate::stored_json`]), which
/// takes the store from ~1.9× the JSON it holds to well under it. Rows of older stores keep
/// their plain text (read as before) until the call is written again, so the migration is
/// instant however large the library. Whether a call has details is `details_ms IS NOT NULL`
/// from now on (it always was set with them), so the pending index no longer names a JSON
/// column.
pub(crate) const V3: &str = r#"
ALTER TABLE conversations ADD COLUMN json_z BLOB;
DROP INDEX conversations_pending;
CREATE INDEX conversations_pending ON conversations (account_id, details_checked_ms)
    WHERE details_ms IS NULL OR details_stale = 1 OR status_category = 'unknown'
       OR (status_category = 'connected' AND has_recording IS 0);
"#;

/// Version 4: each call's figures from the analysis of its recording (see [`crate::figures`]),
/// one row per call, gone with the call (and so with its account). `account_id` is repeated
/// here so the background analysis finds an account's calls without figures through the
/// small partial index on downloaded recordings. The list filters "latency p90 above N" and
/// "has interruptions" read the two figure indexes.
pub(crate) const V4: &str = r#"
CREATE TABLE call_figures (
    conversation          INTEGER PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
    account_id            INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    -- NULL where nothing was measured (no hand-off, no agent speech).
    latency_p50_s         REAL,
    latency_p90_s         REAL,
    latency_max_s         REAL,
    handoffs              INTEGER NOT NULL CHECK (handoffs >= 0),
    interruptions         INTEGER NOT NULL CHECK (interruptions >= 0),
    dead_air_s            REAL NOT NULL,
    agent_talk_share      REAL,
    time_to_first_word_s  REAL,
    -- The agent's channel on a two-channel recording (NULL: mono), and whether the account's
    -- setting chose it (else the transcript or the default did).
    agent_channel         TEXT CHECK (agent_channel IN ('left', 'right')),
    agent_channel_set     INTEGER NOT NULL DEFAULT 0,
    analysis_version      INTEGER NOT NULL,
    analysed_ms           INTEGER NOT NULL
) STRICT;
CREATE INDEX call_figures_p90 ON call_figures (latency_p90_s);
CREATE INDEX call_figures_interruptions ON call_figures (interruptions);
-- Calls whose recording was downloaded: what the background analysis walks. Partial, so it
-- holds only the few thousand calls the recordings cache can hold, not the whole library.
CREATE INDEX conversations_recorded ON conversations (account_id) WHERE has_recording = 1;
"#;

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1),
        M::up_with_hook("", create_search_index),
        M::up(V3),
        M::up(V4),
    ])
}

/// The schema version this build writes.
pub(crate) const LATEST: i64 = 4;

/// The condition of the partial index `conversations_pending`, word for word (SQLite uses a
/// partial index only for a WHERE that implies its condition).
pub(crate) const PENDING: &str = "(details_ms IS NULL OR details_stale = 1 \
    OR status_category = 'unknown' OR (status_category = 'connected' AND has_recording IS 0))";

/// Fills the v2 index from the details stored by v1.
fn index_existing_rows(tx: &rusqlite::Transaction) -> HookResult {
    let mut select =
        tx.prepare("SELECT id, account_id, details_json, list_json FROM conversations")?;
    let mut insert = tx.prepare(
        "INSERT INTO search_index (rowid, transcript, meta, facets) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut rows = select.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let account_id: i64 = row.get(1)?;
        let json: Option<String> = row.get::<_, Option<String>>(2)?.or(row.get(3)?);
        let Some(conversation) = json
            .and_then(|text| serde_json::from_str(&text).ok())
            .and_then(|value| formant_core::Conversation::from_json(value).ok())
        else {
            continue;
        };
        let text = index_text(&conversation, account_id);
        insert.execute(rusqlite::params![
            id,
            text.transcript,
            text.meta,
            text.facets
        ])?;
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
