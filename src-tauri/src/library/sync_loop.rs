//! One account's sync loop: it syncs at once, then again every few minutes. When the API
//! cannot be reached it marks the account offline (since when) and tries again soon, so the
//! library catches up by itself once the network is back.
//!
//! The sync runs on the app's async runtime with its own store connection (formant-library's
//! `sync_account`, as `formant sync` runs it); the webview's reads use the other connection,
//! and WAL lets them go on while it writes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use formant_api::{Client, ErrorKind as ApiErrorKind};
use formant_library::sync::{sync_account, SyncControl, SyncError, SyncOptions, SyncPhase};
use formant_library::{AccountRef, Store};
use tauri::{AppHandle, Manager};
use tokio::sync::Notify;

use super::accounts::library_key;
use super::Library;
use crate::commands::run_blocking;
use crate::ipc_error::{ErrorKind, IpcError, IpcResult};
use crate::state::AppState;

/// How often a synced account is synced again while the app runs.
const RESYNC_EVERY: Duration = Duration::from_secs(5 * 60);
/// How soon an offline account tries again.
const OFFLINE_RETRY: Duration = Duration::from_secs(10);
/// Progress reaches the webview at most this often (the sync reports after every page and
/// every few calls: hundreds of times a second against a fast server).
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Drives one account's loop. Dropping it does not stop the loop; [`SyncHandle::stop`] does.
pub struct SyncHandle {
    control: SyncControl,
    wake: Arc<Notify>,
    finished: Arc<AtomicBool>,
}

impl SyncHandle {
    /// Sync now (or right after the running sync).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Pauses between pages and between calls; the requests in flight finish.
    pub fn set_paused(&self, paused: bool) {
        if paused {
            self.control.pause.pause();
        } else {
            self.control.pause.resume();
        }
    }

    /// Ends the loop; what was stored stays.
    pub fn stop(&self) {
        self.control.cancel.cancel();
    }

    pub fn is_running(&self) -> bool {
        !self.finished.load(Ordering::Acquire)
    }
}

pub fn spawn(app: AppHandle, account_id: String) -> SyncHandle {
    let handle = SyncHandle {
        control: SyncControl::default(),
        wake: Arc::new(Notify::new()),
        finished: Arc::new(AtomicBool::new(false)),
    };
    let control = handle.control.clone();
    let wake = Arc::clone(&handle.wake);
    let finished = Arc::clone(&handle.finished);
    tauri::async_runtime::spawn(async move {
        run(&app, &account_id, &control, &wake).await;
        finished.store(true, Ordering::Release);
        let library = &app.state::<AppState>().library;
        library.update_account(&account_id, |s| s.syncing = false);
    });
    handle
}

/// How one round ended, and so when the next one starts.
enum Round {
    Synced,
    Offline,
    Failed,
    /// The account is gone, or the loop was stopped.
    Over,
}

async fn run(app: &AppHandle, account_id: &str, control: &SyncControl, wake: &Notify) {
    loop {
        if control.cancel.is_cancelled() {
            return;
        }
        let wait = match round(app, account_id, control).await {
            Round::Synced | Round::Failed => RESYNC_EVERY,
            Round::Offline => OFFLINE_RETRY,
            Round::Over => return,
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = wake.notified() => {}
            () = control.cancel.cancelled() => return,
        }
    }
}

/// What a round needs, gathered on the blocking pool (the keychain is a D-Bus round trip,
/// opening the store is disk work).
struct Prepared {
    client: Client,
    store: Store,
    account: AccountRef,
}

async fn prepare(app: &AppHandle, account_id: &str) -> IpcResult<Prepared> {
    let app = app.clone();
    let id = account_id.to_owned();
    run_blocking(move || {
        let state = app.state::<AppState>();
        let identity = state.accounts.identity(&id)?;
        let client = state.accounts.client(&id)?;
        let store = Store::open(state.library.path())?;
        let account = store.account(&library_key(&identity), &identity.name, &identity.region)?;
        Ok(Prepared {
            client,
            store,
            account,
        })
    })
    .await
}

async fn round(app: &AppHandle, account_id: &str, control: &SyncControl) -> Round {
    let library = &app.state::<AppState>().library;
    let Prepared {
        client,
        mut store,
        account,
    } = match prepare(app, account_id).await {
        Ok(prepared) => prepared,
        Err(e) if e.kind == ErrorKind::NotFound => return Round::Over,
        Err(e) => {
            library.update_account(account_id, |s| s.error = Some(e));
            return Round::Failed;
        }
    };
    // What the library already holds, before the network is asked: offline, the list reads it.
    refresh_counts(library, account_id, &store, account);
    library.update_account(account_id, |s| {
        s.syncing = true;
        s.error = None;
    });

    let mut last_sent: Option<Instant> = None;
    let result = sync_account(
        &mut store,
        &client,
        account,
        &SyncOptions::default(),
        control,
        |progress| {
            let due = last_sent.is_none_or(|t| t.elapsed() >= PROGRESS_EVERY)
                || progress.phase == SyncPhase::Done;
            if due {
                last_sent = Some(Instant::now());
                let progress = *progress;
                library.update_account(account_id, |s| {
                    s.progress = Some(progress);
                    s.paused = progress.paused;
                    s.offline_since_ms = None;
                });
            }
        },
    )
    .await;
    refresh_counts(library, account_id, &store, account);
    let outcome = match result {
        Ok(report) => {
            for warning in &report.warnings {
                tracing::warn!(account = account_id, %warning, "sync");
            }
            tracing::info!(
                account = account_id,
                new = report.new,
                changed = report.changed,
                details = report.details_fetched,
                failed = report.details_failed,
                "synced"
            );
            library.update_account(account_id, |s| s.offline_since_ms = None);
            Round::Synced
        }
        Err(SyncError::Api(e))
            if matches!(e.kind(), ApiErrorKind::Network | ApiErrorKind::Timeout) =>
        {
            tracing::info!(account = account_id, error = %e, "offline");
            library.update_account(account_id, |s| {
                s.offline_since_ms.get_or_insert_with(now_ms);
            });
            Round::Offline
        }
        Err(e) => {
            tracing::warn!(account = account_id, error = %e, "sync stopped");
            let error = sync_error(e);
            library.update_account(account_id, |s| s.error = Some(error));
            Round::Failed
        }
    };
    library.update_account(account_id, |s| s.syncing = false);
    if control.cancel.is_cancelled() {
        return Round::Over;
    }
    outcome
}

/// "Data as of" and whether the listing is complete (one row: the list can switch to the
/// library at once), then the counts (a count over the account's calls: seconds for a million
/// on a cold disk), then the list's total counted ahead for the read connection.
fn refresh_counts(library: &Library, account_id: &str, store: &Store, account: AccountRef) {
    if let Ok(state) = store.sync_state(account) {
        library.update_account(account_id, |s| {
            s.listed = state.last_full_pass_ms.is_some();
            s.last_synced_ms = state.last_sync_ms;
        });
    }
    if let Ok(counts) = store.details_progress(account) {
        library.update_account(account_id, |s| {
            s.calls = counts.calls;
            s.with_details = counts.with_details;
        });
    }
    library.warm_list_total(account);
}

fn sync_error(e: SyncError) -> IpcError {
    match e {
        SyncError::Api(e) => IpcError::from(e),
        SyncError::Library(e) => IpcError::from(e),
        e @ SyncError::TooManyFailures { .. } => {
            IpcError::new(ErrorKind::Server, super::sentence(&e.to_string()))
        }
    }
}

/// Now, in epoch milliseconds.
pub(super) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
