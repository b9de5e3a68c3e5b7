//! Writing what the API sent: list pages and call details, each in one transaction.

use formant_core::{Conversation, StatusCategory};
use rusqlite::{params, params_from_iter, OptionalExtension, ToSql, Transaction};
use serde_json::{Map, Value};

use crate::account::AccountRef;
use crate::error::LibraryError;
use crate::store::{now_ms, Store};
use crate::text::index_text;

/// What one list page changed in the store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageOutcome {
    /// Calls the store did not have.
    pub new: usize,
    /// Calls whose list entry differs from the stored one (their details are fetched again).
    pub changed: usize,
    /// Calls stored exactly as the page sent them.
    pub unchanged: usize,
    /// Items that are not conversations (not an object, no `conversation_id`): not stored.
    pub skipped: usize,
}

/// How far an account's details are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DetailsProgress {
    /// Calls of the account in the store.
    pub calls: u64,
    /// Calls whose details (transcript, results) are stored.
    pub with_details: u64,
}

/// The columns the store derives from a call's JSON (through formant-core) to filter and sort.
struct Derived {
    status: Option<String>,
    status_category: &'static str,
    agent_id: Option<i64>,
    start_ms: Option<i64>,
    end_ms: Option<i64>,
    duration_s: Option<f64>,
    contact_number: Option<String>,
    failure_reason: Option<String>,
    has_transcript: bool,
    turn_count: i64,
}

impl Derived {
    /// The values, in the order the statements list the columns (status … turn_count).
    fn columns(&self) -> [&dyn ToSql; 10] {
        [
            &self.status,
            &self.status_category,
            &self.agent_id,
            &self.start_ms,
            &self.end_ms,
            &self.duration_s,
            &self.contact_number,
            &self.failure_reason,
            &self.has_transcript,
            &self.turn_count,
        ]
    }

    fn of(c: &Conversation) -> Derived {
        let category = c
            .status
            .as_ref()
            .map_or(StatusCategory::Unknown, |s| s.category());
        Derived {
            status: c.status.as_ref().map(|s| s.code().to_owned()),
            status_category: category_code(category),
            agent_id: c.agent_id,
            start_ms: c.start_ms.map(|t| t.as_millis()),
            end_ms: c.end_ms.map(|t| t.as_millis()),
            duration_s: c.duration(),
            contact_number: c.contact_number.clone(),
            failure_reason: c.failure_reason.clone(),
            has_transcript: !c.turns().is_empty(),
            turn_count: i64::try_from(c.turns().len()).unwrap_or(i64::MAX),
        }
    }
}

/// The stored name of a status category: its serde name in formant-core.
pub fn category_code(category: StatusCategory) -> &'static str {
    match category {
        StatusCategory::Connected => "connected",
        StatusCategory::NotReached => "not_reached",
        StatusCategory::Failed => "failed",
        StatusCategory::Unknown => "unknown",
    }
}

/// The call as the newest of its two records says, the older filling in what it lacks (the
/// list has no transcript; details may lack a field the list sent).
pub(crate) fn merge(older: Option<&Map<String, Value>>, newer: &Map<String, Value>) -> Value {
    let mut merged = older.cloned().unwrap_or_default();
    for (key, value) in newer {
        merged.insert(key.clone(), value.clone());
    }
    Value::Object(merged)
}

fn as_object(text: &str) -> Option<Map<String, Value>> {
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

/// A stored call, as much as ingesting needs of it.
struct Existing {
    id: i64,
    list_json: Option<String>,
    details_json: Option<String>,
}

impl Store {
    /// Stores one list page of `account` (in one transaction): new calls are added, calls whose
    /// list entry changed are updated (their details marked for a new fetch), the JSON is kept
    /// exactly as sent (unknown fields too). A change is any difference in the entry's JSON.
    pub fn apply_list_page(
        &self,
        account: AccountRef,
        items: &[Value],
    ) -> Result<PageOutcome, LibraryError> {
        const ACTION: &str = "save a page of the call list";
        self.check_account(account)?;
        let tx = self.write_transaction().map_err(self.err(ACTION))?;
        let mut outcome = PageOutcome::default();
        let now = now_ms();
        for item in items {
            let Ok(conversation) = Conversation::from_json(item.clone()) else {
                outcome.skipped += 1;
                continue;
            };
            let text = item.to_string();
            let existing =
                find(&tx, account, &conversation.conversation_id).map_err(self.err(ACTION))?;
            match existing {
                None => {
                    insert_list(&tx, account, &conversation, &text, now)
                        .map_err(self.err(ACTION))?;
                    outcome.new += 1;
                }
                Some(row) if row.list_json.as_deref() == Some(text.as_str()) => {
                    outcome.unchanged += 1;
                }
                Some(row) => {
                    update_list(&tx, &row, &conversation, &text, now).map_err(self.err(ACTION))?;
                    outcome.changed += 1;
                }
            }
        }
        tx.commit().map_err(self.err(ACTION))?;
        Ok(outcome)
    }

    /// Stores a call's details (the `GET /v1/conversations/{id}` object: transcript, results,
    /// failure reason) exactly as sent, indexes its text for search, and records the fetch.
    /// One transaction. A call the list has not shown yet is added.
    pub fn apply_details(
        &self,
        account: AccountRef,
        conversation_id: &str,
        details: &Value,
    ) -> Result<(), LibraryError> {
        self.apply_details_batch(account, &[(conversation_id, details)])
    }

    /// [`Store::apply_details`] for several calls in one transaction: all are stored or none.
    /// Much cheaper per call (each commit flushes the full-text index once), so a sync that
    /// fetches many calls at once should write them in batches.
    pub fn apply_details_batch(
        &self,
        account: AccountRef,
        batch: &[(&str, &Value)],
    ) -> Result<(), LibraryError> {
        const ACTION: &str = "save a call's details";
        self.check_account(account)?;
        let tx = self.write_transaction().map_err(self.err(ACTION))?;
        for (conversation_id, details) in batch {
            self.details_in(&tx, account, conversation_id, details)?;
        }
        tx.commit().map_err(self.err(ACTION))
    }

    fn details_in(
        &self,
        tx: &Transaction,
        account: AccountRef,
        conversation_id: &str,
        details: &Value,
    ) -> Result<(), LibraryError> {
        const ACTION: &str = "save a call's details";
        let Value::Object(details_map) = details else {
            return Err(formant_core::ConversationError::NotAnObject("not an object").into());
        };
        let text = details.to_string();
        let existing = find(tx, account, conversation_id).map_err(self.err(ACTION))?;
        let list = existing
            .as_ref()
            .and_then(|r| r.list_json.as_deref())
            .and_then(as_object);
        let merged = merge(list.as_ref(), details_map);
        let conversation = Conversation::from_json(merged)?;
        let derived = Derived::of(&conversation);
        let now = now_ms();
        let id: i64 = tx
            .prepare_cached(
                "INSERT INTO conversations (
                    account_id, conversation_id, details_json, details_ms, details_checked_ms,
                    details_error, details_stale, status, status_category, agent_id, start_ms,
                    end_ms, duration_s, contact_number, failure_reason, has_transcript, turn_count)
                 VALUES (?1, ?2, ?3, ?4, ?4, NULL, 0, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                 ON CONFLICT (account_id, conversation_id) DO UPDATE SET
                    details_json = excluded.details_json, details_ms = excluded.details_ms,
                    details_checked_ms = excluded.details_checked_ms, details_error = NULL,
                    details_stale = 0, status = excluded.status,
                    status_category = excluded.status_category, agent_id = excluded.agent_id,
                    start_ms = excluded.start_ms, end_ms = excluded.end_ms,
                    duration_s = excluded.duration_s, contact_number = excluded.contact_number,
                    failure_reason = excluded.failure_reason,
                    has_transcript = excluded.has_transcript, turn_count = excluded.turn_count
                 RETURNING id",
            )
            .and_then(|mut stmt| {
                stmt.query_row(
                    params_from_iter(
                        [&account.0 as &dyn ToSql, &conversation_id, &text, &now]
                            .into_iter()
                            .chain(derived.columns()),
                    ),
                    |row| row.get(0),
                )
            })
            .map_err(self.err(ACTION))?;
        reindex(tx, id, &conversation).map_err(self.err(ACTION))
    }

    /// Ids of `account`'s calls whose details a sync should fetch, at most `limit`, never
    /// fetched ones first (newest first): details never fetched, a list entry that changed
    /// since, or a call that may still change — a status formant-core does not know as final
    /// (`StatusCategory::Unknown`), or a connected call whose recording was not available
    /// ([`Store::set_recording_available`]). Calls checked at or after `checked_before_ms`
    /// ([`Store::apply_details`], [`Store::mark_details_failed`]) are left out, so a pass that
    /// starts at `T` and asks with `T` until nothing is left ends, and resumes after a kill.
    pub fn pending_details(
        &self,
        account: AccountRef,
        checked_before_ms: i64,
        limit: usize,
    ) -> Result<Vec<String>, LibraryError> {
        const ACTION: &str = "list the calls that need details";
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        // The WHERE repeats the partial index's condition word for word, so SQLite uses it.
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT conversation_id FROM conversations INDEXED BY conversations_pending
                 WHERE account_id = ?1
                   AND (details_json IS NULL OR details_stale = 1 OR status_category = 'unknown'
                        OR (status_category = 'connected' AND has_recording IS 0))
                   AND (details_checked_ms IS NULL OR details_checked_ms < ?2)
                 ORDER BY details_json IS NULL DESC, start_ms DESC
                 LIMIT ?3",
            )
            .map_err(self.err(ACTION))?;
        let ids = stmt
            .query_map(params![account.0, checked_before_ms, limit], |row| {
                row.get(0)
            })
            .map_err(self.err(ACTION))?
            .collect::<Result<Vec<String>, _>>()
            .map_err(self.err(ACTION))?;
        Ok(ids)
    }

    /// Records a failed details fetch (after the sync's own retries): the call is left out of
    /// [`Store::pending_details`] for this pass, and the reason is kept for the user.
    pub fn mark_details_failed(
        &self,
        account: AccountRef,
        conversation_id: &str,
        reason: &str,
    ) -> Result<(), LibraryError> {
        self.conn
            .execute(
                "UPDATE conversations SET details_checked_ms = ?3, details_error = ?4
                 WHERE account_id = ?1 AND conversation_id = ?2",
                params![account.0, conversation_id, now_ms(), reason],
            )
            .map_err(self.err("record a failed fetch"))?;
        Ok(())
    }

    /// Records whether a call's recording could be downloaded (a connected call without one
    /// is refreshed by later syncs, see [`Store::pending_details`]).
    pub fn set_recording_available(
        &self,
        account: AccountRef,
        conversation_id: &str,
        available: bool,
    ) -> Result<(), LibraryError> {
        self.conn
            .execute(
                "UPDATE conversations SET has_recording = ?3
                 WHERE account_id = ?1 AND conversation_id = ?2",
                params![account.0, conversation_id, available],
            )
            .map_err(self.err("record whether a recording exists"))?;
        Ok(())
    }

    /// How many of `account`'s calls are stored, and how many with details.
    pub fn details_progress(&self, account: AccountRef) -> Result<DetailsProgress, LibraryError> {
        self.conn
            .query_row(
                "SELECT count(*), count(details_json) FROM conversations WHERE account_id = ?1",
                [account.0],
                |row| {
                    Ok(DetailsProgress {
                        calls: row.get::<_, i64>(0)?.try_into().unwrap_or(0),
                        with_details: row.get::<_, i64>(1)?.try_into().unwrap_or(0),
                    })
                },
            )
            .map_err(self.err("count the calls"))
    }
}

fn find(
    tx: &Transaction,
    account: AccountRef,
    conversation_id: &str,
) -> rusqlite::Result<Option<Existing>> {
    tx.prepare_cached(
        "SELECT id, list_json, details_json FROM conversations
         WHERE account_id = ?1 AND conversation_id = ?2",
    )?
    .query_row(params![account.0, conversation_id], |row| {
        Ok(Existing {
            id: row.get(0)?,
            list_json: row.get(1)?,
            details_json: row.get(2)?,
        })
    })
    .optional()
}

fn insert_list(
    tx: &Transaction,
    account: AccountRef,
    conversation: &Conversation,
    text: &str,
    now: i64,
) -> rusqlite::Result<()> {
    let d = Derived::of(conversation);
    let id: i64 = tx
        .prepare_cached(
            "INSERT INTO conversations (
                account_id, conversation_id, list_json, list_seen_ms, status, status_category,
                agent_id, start_ms, end_ms, duration_s, contact_number, failure_reason,
                has_transcript, turn_count)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
             RETURNING id",
        )?
        .query_row(
            params_from_iter(
                [
                    &account.0 as &dyn ToSql,
                    &conversation.conversation_id,
                    &text,
                    &now,
                ]
                .into_iter()
                .chain(d.columns()),
            ),
            |row| row.get(0),
        )?;
    // Ids, number and failure reason are searchable before the details arrive.
    index_new(tx, id, conversation)
}

fn update_list(
    tx: &Transaction,
    row: &Existing,
    list: &Conversation,
    text: &str,
    now: i64,
) -> rusqlite::Result<()> {
    // The list is the newer record now; the stored details fill in what it lacks.
    let details = row.details_json.as_deref().and_then(as_object);
    let conversation = match &details {
        Some(details) => Conversation::from_json(merge(Some(details), &list.raw))
            .unwrap_or_else(|_| list.clone()),
        None => list.clone(),
    };
    let d = Derived::of(&conversation);
    tx.prepare_cached(
        "UPDATE conversations SET list_json = ?2, list_seen_ms = ?3,
            details_stale = (details_json IS NOT NULL), status = ?4, status_category = ?5,
            agent_id = ?6, start_ms = ?7, end_ms = ?8, duration_s = ?9, contact_number = ?10,
            failure_reason = ?11, has_transcript = ?12, turn_count = ?13
         WHERE id = ?1",
    )?
    .execute(params_from_iter(
        [&row.id as &dyn ToSql, &text, &now]
            .into_iter()
            .chain(d.columns()),
    ))?;
    reindex(tx, row.id, &conversation)
}

/// Replaces a call's row in the full-text index.
fn reindex(tx: &Transaction, id: i64, conversation: &Conversation) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
        .execute([id])?;
    index_new(tx, id, conversation)
}

/// Adds a call that is not in the full-text index yet.
fn index_new(tx: &Transaction, id: i64, conversation: &Conversation) -> rusqlite::Result<()> {
    let account_id: i64 = tx
        .prepare_cached("SELECT account_id FROM conversations WHERE id = ?1")?
        .query_row([id], |row| row.get(0))?;
    let text = index_text(conversation, account_id);
    tx.prepare_cached(
        "INSERT INTO search_index (rowid, transcript, meta, facets) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, text.transcript, text.meta, text.facets])?;
    Ok(())
}
