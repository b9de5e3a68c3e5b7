//! Listing and opening conversations of the active account.

use formant_api::{ListQuery, PagingEnd};
use formant_core::{Conversation, ConversationPage, StatusCategory};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

use super::guard::{active_client, blocking, guarded};
use crate::ipc_error::{ErrorKind, IpcError, IpcResult};
use crate::state::AppState;

#[tauri::command]
pub async fn list_conversations(
    app: AppHandle,
    state: State<'_, AppState>,
    agent_id: Option<i64>,
    limit: u32,
    offset: u64,
) -> IpcResult<ConversationPage> {
    guarded(async {
        let query = ListQuery {
            agent_id,
            limit,
            offset,
        };
        if let Some(account_id) = state.accounts.active_id() {
            if let Some(prefetched) = state.first_page.take(&account_id, &query).await {
                return prefetched;
            }
        }
        let client = active_client(&app).await?;
        Ok(client.list(&query).await?)
    })
    .await
}

#[tauri::command]
pub async fn get_conversation(app: AppHandle, id: String) -> IpcResult<Conversation> {
    guarded(active_conversation(&app, &id, Source::LibraryFirst)).await
}

/// Where a call of the active account is read from first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The library, when it holds the call's details and the call can no longer change
    /// (instant, and offline); else the API.
    LibraryFirst,
    /// The API (what it holds now); the library only when the API cannot be reached.
    ApiFirst,
}

/// A call of the active account, from the API or the library (see [`Source`]). Offline, a
/// synced call still opens.
pub async fn active_conversation(
    app: &AppHandle,
    id: &str,
    source: Source,
) -> IpcResult<Conversation> {
    let stored = stored_conversation(app, id).await;
    if source == Source::LibraryFirst {
        if let Some(call) = &stored {
            let settled = call.details_json.is_some()
                && call
                    .conversation
                    .status
                    .as_ref()
                    .is_some_and(|s| s.category() != StatusCategory::Unknown);
            if settled {
                return Ok(call.conversation.clone());
            }
        }
    }
    let fetched = match active_client(app).await {
        Ok(client) => client.get(id).await.map_err(IpcError::from),
        Err(e) => Err(e),
    };
    match (fetched, stored) {
        (Err(e), stored) if matches!(e.kind, ErrorKind::Network | ErrorKind::Timeout) => {
            // The account's sync loop checks at once, so the app shows it is offline (and
            // retries until the API is back).
            let state = app.state::<AppState>();
            if let Some(account_id) = state.accounts.active_id() {
                state.library.wake_sync(&account_id);
            }
            match stored {
                Some(call) => {
                    tracing::info!(error = %e, "offline: the call is shown from the library");
                    Ok(call.conversation)
                }
                None => Err(e),
            }
        }
        (result, _) => result,
    }
}

/// The active account's stored call `id`, if the library has it (any library problem reads
/// as "not stored": the API is asked instead).
async fn stored_conversation(app: &AppHandle, id: &str) -> Option<formant_library::StoredCall> {
    let id = id.to_owned();
    blocking(app, move |state| {
        let account = state
            .accounts
            .active_id()
            .ok_or_else(IpcError::no_account)?;
        let identity = state.accounts.identity(&account)?;
        state.library.stored_call(&identity, &id)
    })
    .await
    .ok()
    .flatten()
}

#[derive(Clone, Serialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LoadAllEvent {
    Page {
        conversations: Vec<Conversation>,
        loaded: usize,
        total: Option<u64>,
    },
}

#[derive(Serialize, ts_rs::TS)]
pub struct LoadAllResult {
    loaded: usize,
    total: Option<u64>,
    cancelled: bool,
    /// Why paging stopped before the API said it was done (a server that kept saying "more"),
    /// in words the list can show; `None` for a complete or cancelled walk.
    warning: Option<&'static str>,
}

/// Pages through the whole account, streaming each page to the UI as it arrives; the UI
/// cancels with `cancel_task(task_id)`.
#[tauri::command]
pub async fn load_all_conversations(
    app: AppHandle,
    state: State<'_, AppState>,
    task_id: String,
    agent_id: Option<i64>,
    on_event: Channel<LoadAllEvent>,
) -> IpcResult<LoadAllResult> {
    guarded(async {
        let client = active_client(&app).await?;
        let task = state.tasks.start(&task_id);
        let mut send_failed = false;
        let all = client
            .list_all(agent_id, &task.token, |progress| {
                let event = LoadAllEvent::Page {
                    conversations: progress.page.to_vec(),
                    loaded: progress.loaded,
                    total: progress.total,
                };
                // The window went away: stop paging rather than load into the void.
                if on_event.send(event).is_err() && !send_failed {
                    send_failed = true;
                    task.token.cancel();
                }
            })
            .await?;
        if send_failed {
            return Err(IpcError::new(
                ErrorKind::Cancelled,
                "The window closed while loading.",
            ));
        }
        Ok(LoadAllResult {
            loaded: all.conversations.len(),
            total: all.total,
            cancelled: all.end == PagingEnd::Cancelled,
            warning: all.end.warning(),
        })
    })
    .await
}

#[tauri::command]
pub async fn cancel_task(state: State<'_, AppState>, task_id: String) -> IpcResult<()> {
    guarded(async {
        state.tasks.cancel(&task_id);
        Ok(())
    })
    .await
}
