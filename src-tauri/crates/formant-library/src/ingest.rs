//! Writing what the API sent: list pages and call details, each in one transaction.

use formant_core::{Conversation, StatusCategory};
use rusqlite::{params, params_from_iter, OptionalExtension, ToSql, Transaction};
use serde_json::{Map, Value};

use crate::account::AccountRef;
use crate::error::LibraryError;
use crate::schema::PENDING;
use crate::store::{now_ms, Store};
use crate::stored_json::{StoredJson, JSON_COLUMNS};
use crate::sync_state::{write_sync_state, SyncState};
use crate::text::{index_text, IndexText};

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
    indexed: Indexed,
    has_transcript: bool,
    turn_count: i64,
}

/// The derived columns that indexes are built on. SQLite updates an index when a statement
/// sets one of its columns, changed or not, so an update sets them only when they changed: a
/// call's details rarely change its status or times, and skipping seven index updates is
/// most of the cost of storing them.
#[derive(Debug, Clone, PartialEq)]
struct Indexed {
    status: Option<String>,
    status_category: String,
    agent_id: Option<i64>,
    start_ms: Option<i64>,
    end_ms: Option<i64>,
    duration_s: Option<f64>,
    contact_number: Option<String>,
    failure_reason: Option<String>,
}

/// `Indexed`'s columns, in its order.
const INDEXED_COLUMNS: [&str; 8] = [
    "status",
    "status_category",
    "agent_id",
    "start_ms",
    "end_ms",
    "duration_s",
    "contact_number",
    "failure_reason",
];

impl Indexed {
    fn values(&self) -> [&dyn ToSql; 8] {
        [
            &self.status,
            &self.status_category,
            &self.agent_id,
            &self.start_ms,
            &self.end_ms,
            &self.duration_s,
            &self.contact_number,
            &self.failure_reason,
        ]
    }

    /// Reads the columns from `row`, starting at `at`, in [`INDEXED_COLUMNS`] order.
    fn from_row(row: &rusqlite::Row, at: usize) -> rusqlite::Result<Indexed> {
        Ok(Indexed {
            status: row.get(at)?,
            status_category: row.get(at + 1)?,
            agent_id: row.get(at + 2)?,
            start_ms: row.get(at + 3)?,
            end_ms: row.get(at + 4)?,
            duration_s: row.get(at + 5)?,
            contact_number: row.get(at + 6)?,
            failure_reason: row.get(at + 7)?,
        })
    }
}

impl Derived {
    fn of(c: &Conversation) -> Derived {
        let category = c
            .status
            .as_ref()
            .map_or(StatusCategory::Unknown, |s| s.category());
        Derived {
            indexed: Indexed {
                status: c.status.as_ref().map(|s| s.code().to_owned()),
                status_category: category_code(category).to_owned(),
                agent_id: c.agent_id,
                start_ms: c.start_ms.map(|t| t.as_millis()),
                end_ms: c.end_ms.map(|t| t.as_millis()),
                duration_s: c.duration(),
                contact_number: c.contact_number.clone(),
                failure_reason: c.failure_reason.clone(),
            },
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
    json: StoredJson,
    indexed: Indexed,
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
        self.apply_list_page_with_state(account, items, None)
    }

    /// [`Store::apply_list_page`], and the account's sync state saved in the same transaction
    /// (a sync's place moves on with the page it stored, and one commit a page instead of two
    /// halves what a sync writes to disk).
    pub fn apply_list_page_with_state(
        &self,
        account: AccountRef,
        items: &[Value],
        state: Option<&SyncState>,
    ) -> Result<PageOutcome, LibraryError> {
        const ACTION: &str = "save a page of the call list";
        self.check_account(account)?;
        let tx = self.write_transaction().map_err(self.err(ACTION))?;
        // The account exists (checked above, and this transaction holds the write lock):
        // checking each call's foreign key at the commit rather than per statement spares
        // every insert its statement journal.
        tx.pragma_update(None, "defer_foreign_keys", true)
            .map_err(self.err(ACTION))?;
        let mut outcome = PageOutcome::default();
        let now = now_ms();
        let mut index = IndexWrites::default();
        for item in items {
            let Ok(conversation) = Conversation::from_json(item.clone()) else {
                outcome.skipped += 1;
                continue;
            };
            let text = item.to_string();
            let existing = self.find(&tx, account, &conversation.conversation_id)?;
            match existing {
                None => {
                    let json = StoredJson {
                        list: Some(text),
                        details: None,
                    };
                    let id = insert(&tx, account, &conversation, &json, Record::List, now)
                        .map_err(self.err(ACTION))?;
                    // Ids, number and failure reason are searchable before the details arrive.
                    index.add(id, account, &conversation);
                    outcome.new += 1;
                }
                Some(row) if row.json.list.as_deref() == Some(text.as_str()) => {
                    outcome.unchanged += 1;
                }
                Some(row) => {
                    update_list(&tx, account, row, &conversation, text, now, &mut index)
                        .map_err(self.err(ACTION))?;
                    outcome.changed += 1;
                }
            }
        }
        index.write(&tx).map_err(self.err(ACTION))?;
        if let Some(state) = state {
            write_sync_state(&tx, account, state).map_err(self.err(ACTION))?;
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
        tx.pragma_update(None, "defer_foreign_keys", true)
            .map_err(self.err(ACTION))?;
        let mut index = IndexWrites::default();
        for (conversation_id, details) in batch {
            self.details_in(&tx, account, conversation_id, details, &mut index)?;
        }
        index.write(&tx).map_err(self.err(ACTION))?;
        tx.commit().map_err(self.err(ACTION))
    }

    fn details_in(
        &self,
        tx: &Transaction,
        account: AccountRef,
        conversation_id: &str,
        details: &Value,
        index: &mut IndexWrites,
    ) -> Result<(), LibraryError> {
        const ACTION: &str = "save a call's details";
        let Value::Object(details_map) = details else {
            return Err(formant_core::ConversationError::NotAnObject("not an object").into());
        };
        let text = details.to_string();
        let existing = self.find(tx, account, conversation_id)?;
        let list = existing
            .as_ref()
            .and_then(|r| r.json.list.as_deref())
            .and_then(as_object);
        let merged = merge(list.as_ref(), details_map);
        let conversation = Conversation::from_json(merged)?;
        let now = now_ms();
        match existing {
            None => {
                let json = StoredJson {
                    list: None,
                    details: Some(text),
                };
                let id = insert(tx, account, &conversation, &json, Record::Details, now)
                    .map_err(self.err(ACTION))?;
                index.add(id, account, &conversation);
            }
            Some(row) => {
                let derived = Derived::of(&conversation);
                let json = StoredJson {
                    list: row.json.list,
                    details: Some(text),
                };
                update(
                    tx,
                    row.id,
                    "details_ms = ?, details_checked_ms = ?, details_error = NULL, \
                     details_stale = 0",
                    &[&now, &now],
                    &json,
                    &derived,
                    &row.indexed,
                )
                .map_err(self.err(ACTION))?;
                index.replace(row.id, account, &conversation);
            }
        }
        Ok(())
    }

    /// The stored call `conversation_id` of `account`, with its JSON.
    fn find(
        &self,
        tx: &Transaction,
        account: AccountRef,
        conversation_id: &str,
    ) -> Result<Option<Existing>, LibraryError> {
        const ACTION: &str = "read a stored call";
        let found = tx
            .prepare_cached(&format!(
                "SELECT c.id, {INDEXED}, {JSON_COLUMNS} FROM conversations c
                 WHERE c.account_id = ?1 AND c.conversation_id = ?2",
                INDEXED = INDEXED_COLUMNS.join(", ")
            ))
            .and_then(|mut stmt| {
                stmt.query_row(params![account.0, conversation_id], |row| {
                    let json_at = 1 + INDEXED_COLUMNS.len();
                    Ok((
                        row.get::<_, i64>(0)?,
                        Indexed::from_row(row, 1)?,
                        row.get::<_, Option<String>>(json_at)?,
                        row.get::<_, Option<String>>(json_at + 1)?,
                        row.get::<_, Option<Vec<u8>>>(json_at + 2)?,
                    ))
                })
                .optional()
            })
            .map_err(self.err(ACTION))?;
        let Some((id, indexed, list, details, json_z)) = found else {
            return Ok(None);
        };
        let json =
            StoredJson::from_columns(list, details, json_z).map_err(|e| LibraryError::Corrupt {
                path: self.path.clone(),
                reason: format!("the stored call {conversation_id}: {e}"),
            })?;
        Ok(Some(Existing { id, json, indexed }))
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
            .prepare_cached(&format!(
                "SELECT conversation_id FROM conversations INDEXED BY conversations_pending
                 WHERE account_id = ?1 AND {PENDING}
                   AND (details_checked_ms IS NULL OR details_checked_ms < ?2)
                 ORDER BY details_ms IS NULL DESC, start_ms DESC
                 LIMIT ?3"
            ))
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
                // Only when it changes: every call opened notes its recording, and a write that
                // changes nothing would still drop the list's kept totals.
                "UPDATE conversations SET has_recording = ?3
                 WHERE account_id = ?1 AND conversation_id = ?2 AND has_recording IS NOT ?3",
                params![account.0, conversation_id, available],
            )
            .map_err(self.err("record whether a recording exists"))?;
        Ok(())
    }

    /// How many of `account`'s calls are stored, and how many with details.
    pub fn details_progress(&self, account: AccountRef) -> Result<DetailsProgress, LibraryError> {
        self.conn
            .query_row(
                "SELECT count(*), count(details_ms) FROM conversations WHERE account_id = ?1",
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

/// Which record a new row starts from.
#[derive(Clone, Copy)]
enum Record {
    List,
    Details,
}

fn insert(
    tx: &Transaction,
    account: AccountRef,
    conversation: &Conversation,
    json: &StoredJson,
    record: Record,
    now: i64,
) -> rusqlite::Result<i64> {
    let d = Derived::of(conversation);
    let (list_seen, details_ms): (Option<i64>, Option<i64>) = match record {
        Record::List => (Some(now), None),
        Record::Details => (None, Some(now)),
    };
    let marks = vec!["?"; INDEXED_COLUMNS.len()].join(", ");
    tx.prepare_cached(&format!(
        "INSERT INTO conversations (
            account_id, conversation_id, json_z, list_seen_ms, details_ms, details_checked_ms,
            has_transcript, turn_count, {columns})
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, {marks})
         RETURNING id",
        columns = INDEXED_COLUMNS.join(", ")
    ))?
    .query_row(
        params_from_iter(
            [
                &account.0 as &dyn ToSql,
                &conversation.conversation_id,
                &json.encode(),
                &list_seen,
                &details_ms,
                &details_ms,
                &d.has_transcript,
                &d.turn_count,
            ]
            .into_iter()
            .chain(d.indexed.values()),
        ),
        |row| row.get(0),
    )
}

/// Rewrites a stored call: its JSON (compressed; the plain columns of an older store
/// emptied), `set` with its `values`, the transcript columns, and the indexed columns only
/// when they changed (see [`Indexed`]).
fn update(
    tx: &Transaction,
    id: i64,
    set: &str,
    values: &[&dyn ToSql],
    json: &StoredJson,
    derived: &Derived,
    stored: &Indexed,
) -> rusqlite::Result<()> {
    let changed = derived.indexed != *stored;
    let indexed = if changed {
        INDEXED_COLUMNS
            .iter()
            .map(|c| format!(", {c} = ?"))
            .collect::<String>()
    } else {
        String::new()
    };
    let encoded = json.encode();
    let mut params: Vec<&dyn ToSql> = vec![&encoded];
    params.extend_from_slice(values);
    params.extend([&derived.has_transcript as &dyn ToSql, &derived.turn_count]);
    if changed {
        params.extend(derived.indexed.values());
    }
    params.push(&id);
    tx.prepare_cached(&format!(
        "UPDATE conversations SET json_z = ?, list_json = NULL, details_json = NULL, {set},
            has_transcript = ?, turn_count = ? {indexed}
         WHERE id = ?"
    ))?
    .execute(params_from_iter(params))?;
    Ok(())
}

fn update_list(
    tx: &Transaction,
    account: AccountRef,
    row: Existing,
    list: &Conversation,
    text: String,
    now: i64,
    index: &mut IndexWrites,
) -> rusqlite::Result<()> {
    // The list is the newer record now; the stored details fill in what it lacks.
    let details = row.json.details.as_deref().and_then(as_object);
    let conversation = match &details {
        Some(details) => Conversation::from_json(merge(Some(details), &list.raw))
            .unwrap_or_else(|_| list.clone()),
        None => list.clone(),
    };
    let json = StoredJson {
        list: Some(text),
        details: row.json.details,
    };
    update(
        tx,
        row.id,
        "list_seen_ms = ?, details_stale = (details_ms IS NOT NULL)",
        &[&now],
        &json,
        &Derived::of(&conversation),
        &row.indexed,
    )?;
    index.replace(row.id, account, &conversation);
    Ok(())
}

/// A transaction's writes to the full-text index, made together at its end.
///
/// Why not as each call is written: a write to `conversations` opens a statement savepoint
/// (its foreign key and unique checks may abort it), and FTS5, once written to in the
/// transaction, flushes everything it holds in memory at every savepoint, so each call became
/// a segment of its own, and merging those segments was most of the cost of a sync. Written
/// last, the index gets the whole page as one segment at the commit.
#[derive(Default)]
struct IndexWrites {
    /// Row id, whether it replaces a row already indexed, and the text.
    rows: Vec<(i64, bool, IndexText)>,
}

impl IndexWrites {
    /// A call that is not in the index yet.
    fn add(&mut self, id: i64, account: AccountRef, conversation: &Conversation) {
        self.rows
            .push((id, false, index_text(conversation, account.0)));
    }

    /// A call whose indexed row is replaced.
    fn replace(&mut self, id: i64, account: AccountRef, conversation: &Conversation) {
        self.rows
            .push((id, true, index_text(conversation, account.0)));
    }

    /// Writes them, in the order they were made.
    fn write(self, tx: &Transaction) -> rusqlite::Result<()> {
        let mut delete = tx.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO search_index (rowid, transcript, meta, facets) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (id, replaces, text) in self.rows {
            if replaces {
                delete.execute([id])?;
            }
            insert.execute(params![id, text.transcript, text.meta, text.facets])?;
        }
        Ok(())
    }
}
