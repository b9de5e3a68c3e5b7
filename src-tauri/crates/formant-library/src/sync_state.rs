//! Where an account's sync stands, kept in the store so a killed sync resumes.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::account::AccountRef;
use crate::error::LibraryError;
use crate::store::Store;

/// An account's sync state. Stored as JSON, so a field added later needs no migration; fields
/// this version does not know are kept in `extra` and written back unchanged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SyncState {
    /// The list offset of the next page of an unfinished pass; `None` when no pass is under way.
    pub pass_offset: Option<u64>,
    /// Whether the unfinished pass pages to the end of the list (a full pass) rather than
    /// stopping at known calls.
    pub pass_full: bool,
    /// When the unfinished pass started (epoch ms).
    pub pass_started_ms: Option<i64>,
    /// When the last full pass finished (epoch ms).
    pub last_full_pass_ms: Option<i64>,
    /// When the last sync finished, full or not (epoch ms): "data as of".
    pub last_sync_ms: Option<i64>,
    /// The account's total as the API last reported it.
    pub api_total: Option<u64>,
    /// Fields written by another version.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Store {
    /// The account's sync state (the default one before its first sync).
    pub fn sync_state(&self, account: AccountRef) -> Result<SyncState, LibraryError> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT state_json FROM sync_state WHERE account_id = ?1",
                [account.0],
                |row| row.get(0),
            )
            .optional()
            .map_err(self.err("read the sync state"))?;
        match text {
            None => Ok(SyncState::default()),
            Some(text) => serde_json::from_str(&text).map_err(|e| LibraryError::Corrupt {
                path: self.path.clone(),
                reason: format!("the sync state cannot be read: {e}"),
            }),
        }
    }

    /// Saves the account's sync state (one statement, so atomic).
    pub fn set_sync_state(
        &self,
        account: AccountRef,
        state: &SyncState,
    ) -> Result<(), LibraryError> {
        self.check_account(account)?;
        write_sync_state(&self.conn, account, state).map_err(self.err("save the sync state"))
    }
}

/// Writes `state` on `conn` (a connection, or a transaction through `Deref`).
pub(crate) fn write_sync_state(
    conn: &rusqlite::Connection,
    account: AccountRef,
    state: &SyncState,
) -> rusqlite::Result<()> {
    let text = serde_json::to_string(state)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    conn.prepare_cached(
        "INSERT INTO sync_state (account_id, state_json) VALUES (?1, ?2)
         ON CONFLICT (account_id) DO UPDATE SET state_json = excluded.state_json",
    )?
    .execute(params![account.0, text])?;
    Ok(())
}
