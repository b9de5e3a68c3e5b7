//! The library: its status and syncs, the list, search and triage read from it, and the bulk
//! export of what a filter selects. Accounts are named by the app's account ids; results say
//! which account (and region) each call is from.

use formant_export::{
    export_library, folder_in, CancelFlag, Destination, ExportFormat, ExportOptions, Stage,
};
use formant_library::{
    Filter, LatencyTriage, ListQuery, ListWindow, Picked, SearchHit, SearchQuery, Sort, Store,
    Timeline, TimelineBucket, Triage, TriageBy, TriageQuery, MAX_RESULTS, MAX_WINDOW,
};
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use super::guard::{blocking, guarded};
use super::save_dialog::{ask_for_folder, ask_where_to_save, SaveRequest};
use crate::ipc_error::{ErrorKind, IpcError, IpcResult};
use crate::library::{LibraryAccounts, LibraryStatus};
use crate::state::AppState;

#[tauri::command]
pub async fn library_status(app: AppHandle) -> IpcResult<LibraryStatus> {
    blocking(&app, |state| Ok(state.library.status())).await
}

/// Status changes (sync progress, offline, a damaged file) arrive on `on_event`.
#[tauri::command]
pub async fn library_subscribe(
    state: State<'_, AppState>,
    on_event: Channel<LibraryStatus>,
) -> IpcResult<()> {
    guarded(async {
        state.library.subscribe(on_event);
        Ok(())
    })
    .await
}

/// Syncs the account now, and keeps it synced while the app runs (see `library::sync_loop`).
#[tauri::command]
pub async fn library_sync(
    app: AppHandle,
    state: State<'_, AppState>,
    account_id: String,
) -> IpcResult<()> {
    guarded(async {
        state.accounts.identity(&account_id)?;
        state.library.start_sync(&app, &account_id);
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn library_pause_sync(
    state: State<'_, AppState>,
    account_id: String,
    paused: bool,
) -> IpcResult<()> {
    guarded(async {
        state.library.pause_sync(&account_id, paused);
        if !paused {
            // The background analysis of the account resumes with its sync.
            state.analysis_worker.wake();
        }
        Ok(())
    })
    .await
}

/// Moves a damaged library aside and starts an empty one, which the syncs fill again.
#[tauri::command]
pub async fn library_rebuild(app: AppHandle) -> IpcResult<LibraryStatus> {
    blocking(&app, |state| state.library.rebuild()).await
}

/// One window of an account's list: the filter and sort run in the store.
#[tauri::command]
pub async fn library_list(
    app: AppHandle,
    account_id: String,
    filter: Filter,
    sort: Sort,
    offset: u64,
    limit: u32,
) -> IpcResult<ListWindow> {
    blocking(&app, move |state| {
        let accounts = state
            .library
            .accounts_of(&state.accounts, std::slice::from_ref(&account_id))?;
        if accounts.is_empty() {
            return Ok(ListWindow {
                total: 0,
                offset,
                rows: Vec::new(),
            });
        }
        let query = ListQuery {
            filter: Filter {
                accounts: accounts.refs(),
                ..filter
            },
            sort,
            offset,
            limit: limit.min(MAX_WINDOW),
        };
        state.library.read(|store| store.list(&query))
    })
    .await
}

/// A search result, with the app's id of the account it is from (to open it there).
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct LibrarySearchHit {
    pub account_id: Option<String>,
    #[serde(flatten)]
    pub hit: SearchHit,
}

#[derive(Debug, Serialize, ts_rs::TS)]
pub struct LibrarySearchResults {
    pub total: u64,
    pub results: Vec<LibrarySearchHit>,
}

/// Full-text search over the transcripts, results, failure reasons, numbers and ids of the
/// accounts `account_ids`, combined with `filter`; ranked, best first.
#[tauri::command]
pub async fn library_search(
    app: AppHandle,
    account_ids: Vec<String>,
    text: String,
    filter: Filter,
    limit: u32,
) -> IpcResult<LibrarySearchResults> {
    blocking(&app, move |state| {
        let accounts = state.library.accounts_of(&state.accounts, &account_ids)?;
        if accounts.is_empty() || text.trim().is_empty() {
            return Ok(LibrarySearchResults {
                total: 0,
                results: Vec::new(),
            });
        }
        let query = SearchQuery {
            text,
            filter: Filter {
                accounts: accounts.refs(),
                ..filter
            },
            offset: 0,
            limit: limit.min(MAX_RESULTS),
        };
        let found = state.library.read(|store| store.search(&query))?;
        Ok(LibrarySearchResults {
            total: found.total,
            results: found
                .results
                .into_iter()
                .map(|hit| LibrarySearchHit {
                    account_id: accounts.app_id(hit.call.account).map(str::to_owned),
                    hit,
                })
                .collect(),
        })
    })
    .await
}

/// The library's filter over `account_ids`, or `None` when it has none of them.
fn over(accounts: &LibraryAccounts, filter: Filter) -> Option<Filter> {
    (!accounts.is_empty()).then(|| Filter {
        accounts: accounts.refs(),
        ..filter
    })
}

/// The calls of `filter`, grouped by `by`, with counts and shares.
#[tauri::command]
pub async fn library_triage(
    app: AppHandle,
    account_ids: Vec<String>,
    by: TriageBy,
    filter: Filter,
    utc_offset_minutes: i32,
) -> IpcResult<Triage> {
    blocking(&app, move |state| {
        let accounts = state.library.accounts_of(&state.accounts, &account_ids)?;
        let Some(filter) = over(&accounts, filter) else {
            return Ok(Triage {
                by,
                total: 0,
                groups: Vec::new(),
            });
        };
        let query = TriageQuery {
            filter,
            by,
            utc_offset_minutes,
        };
        state.library.read(|store| store.triage(&query))
    })
    .await
}

/// Response latency of the analysed calls of `filter`, grouped by `by` (per agent, per day…):
/// the median of the calls' p50 and the 90th percentile of their p90.
#[tauri::command]
pub async fn library_latency(
    app: AppHandle,
    account_ids: Vec<String>,
    by: TriageBy,
    filter: Filter,
    utc_offset_minutes: i32,
) -> IpcResult<LatencyTriage> {
    blocking(&app, move |state| {
        let accounts = state.library.accounts_of(&state.accounts, &account_ids)?;
        let Some(filter) = over(&accounts, filter) else {
            return Ok(LatencyTriage {
                by,
                calls: 0,
                groups: Vec::new(),
            });
        };
        let query = TriageQuery {
            filter,
            by,
            utc_offset_minutes,
        };
        state.library.read(|store| store.latency_triage(&query))
    })
    .await
}

/// Calls per day or hour, stacked by status category (the triage chart).
#[tauri::command]
pub async fn library_timeline(
    app: AppHandle,
    account_ids: Vec<String>,
    bucket: TimelineBucket,
    filter: Filter,
    utc_offset_minutes: i32,
) -> IpcResult<Timeline> {
    blocking(&app, move |state| {
        let accounts = state.library.accounts_of(&state.accounts, &account_ids)?;
        let Some(filter) = over(&accounts, filter) else {
            return Ok(Timeline {
                bucket,
                points: Vec::new(),
            });
        };
        state
            .library
            .read(|store| store.timeline(&filter, bucket, utc_offset_minutes))
    })
    .await
}

/// A bulk export's progress ("exporting 1,240 of 9,880 calls").
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct BulkExportProgress {
    /// `calls` (transcripts and calls.jsonl), then `table` (calls.csv).
    pub stage: String,
    pub done: u64,
    pub total: Option<u64>,
}

/// How a bulk export ended.
#[derive(Debug, Serialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BulkExportOutcome {
    Exported {
        #[ts(type = "string")]
        path: std::path::PathBuf,
        calls: u64,
        transcripts: u64,
        /// Calls without a transcript file (the format cannot hold them), and why.
        transcripts_skipped: u64,
        skip_reason: Option<String>,
        /// Calls picked by id that the library does not have (any more): how many, and the
        /// first [`NOT_FOUND_SHOWN`] of their ids.
        not_found: u64,
        not_found_ids: Vec<String>,
    },
    /// The user closed the save dialog, or cancelled: the target is as it was.
    Cancelled,
}

/// Ids of calls not found that an outcome names (the count covers all of them).
pub const NOT_FOUND_SHOWN: usize = 20;

/// Where a bulk export goes: a `.zip` picked in the save dialog, or a folder picked in the
/// folder dialog (the export itself, or a new folder inside a busy one: `formant_export::folder_in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum BulkDestination {
    Zip,
    Folder,
}

/// The dialog's title (the e2e test finds the native dialog by it).
pub const EXPORT_FOLDER_TITLE: &str = "Export calls to a folder";

async fn ask_destination(app: &AppHandle, kind: BulkDestination) -> IpcResult<Option<Destination>> {
    Ok(match kind {
        BulkDestination::Zip => {
            let request = SaveRequest {
                title: "Export calls",
                file_name: "calls-export.zip".into(),
                filter_name: "Zip archive".into(),
                extension: "zip".into(),
            };
            ask_where_to_save(app, request).await?.map(Destination::Zip)
        }
        BulkDestination::Folder => ask_for_folder(app, EXPORT_FOLDER_TITLE)
            .await?
            .map(|chosen| Destination::Folder(folder_in(&chosen, "calls-export"))),
    })
}

/// Exports the calls of `filter` (a search is `filter.text`) of `account_ids`, narrowed by
/// `picked` (the list's multi-selection: only these ids, or all but these), to a `.zip` or a
/// folder the user picks: one transcript file per call in `format`, calls.csv and
/// calls.jsonl. Cancel with `cancel_task(task_id)`; nothing half-written is ever left under
/// the chosen name. More than `formant_library::MAX_PICKED_IDS` ids are refused before the
/// dialog opens.
#[allow(clippy::too_many_arguments)] // One per part of the request, as the webview names them.
#[tauri::command]
pub async fn library_export(
    app: AppHandle,
    state: State<'_, AppState>,
    task_id: String,
    account_ids: Vec<String>,
    filter: Filter,
    picked: Option<Picked>,
    destination: BulkDestination,
    format: ExportFormat,
    on_event: Channel<BulkExportProgress>,
) -> IpcResult<BulkExportOutcome> {
    guarded(async {
        let filter = Filter { picked, ..filter };
        // Refused in words before the user is asked where to put it.
        filter.check().map_err(IpcError::from)?;
        let Some(destination) = ask_destination(&app, destination).await? else {
            return Ok(BulkExportOutcome::Cancelled);
        };
        let task = state.tasks.start(&task_id);
        let cancel = CancelFlag::new();
        let cancel_on_token = {
            let (cancel, token) = (cancel.clone(), task.token.clone());
            tauri::async_runtime::spawn(async move {
                token.cancelled().await;
                cancel.cancel();
            })
        };
        let result = blocking(&app, move |state| {
            let accounts = state.library.accounts_of(&state.accounts, &account_ids)?;
            let filter = over(&accounts, filter).ok_or_else(|| {
                IpcError::invalid_input("These accounts have no calls in the library yet.")
            })?;
            let options = ExportOptions {
                destination,
                format,
                total: None,
            };
            let mut last_sent = std::time::Instant::now();
            let mut report = |p: formant_export::Progress| {
                let last = p.total.is_some_and(|t| p.done >= t);
                if last || last_sent.elapsed() >= std::time::Duration::from_millis(100) {
                    last_sent = std::time::Instant::now();
                    let _ = on_event.send(BulkExportProgress {
                        stage: match p.stage {
                            Stage::Calls => "calls".into(),
                            Stage::Table => "table".into(),
                        },
                        done: p.done,
                        total: p.total,
                    });
                }
            };
            // Its own connection: a long export must not hold up the list's and search's reads.
            let store = Store::open(state.library.path())?;
            export_library(&store, &filter, options, &mut report, &cancel).map_err(export_error)
        })
        .await;
        cancel_on_token.abort();
        match result {
            Ok(summary) => Ok(BulkExportOutcome::Exported {
                path: summary.destination,
                calls: summary.calls,
                transcripts: summary.transcripts,
                transcripts_skipped: summary.transcripts_skipped,
                skip_reason: summary.skip_reason,
                not_found: u64::try_from(summary.not_found.len()).unwrap_or(u64::MAX),
                not_found_ids: summary
                    .not_found
                    .into_iter()
                    .take(NOT_FOUND_SHOWN)
                    .collect(),
            }),
            Err(e) if e.kind == ErrorKind::Cancelled => Ok(BulkExportOutcome::Cancelled),
            Err(e) => Err(e),
        }
    })
    .await
}

fn export_error(e: formant_export::LibraryExportError) -> IpcError {
    use formant_export::{BulkExportError, LibraryExportError};
    match e {
        LibraryExportError::Library(e) => IpcError::from(e),
        LibraryExportError::Export(BulkExportError::Cancelled) => {
            IpcError::new(ErrorKind::Cancelled, "The export was cancelled.")
        }
        LibraryExportError::Export(e) => {
            IpcError::new(ErrorKind::Io, crate::library::sentence(&e.to_string()))
        }
    }
}
