//! What the webview is told about the library: whether it is open, and where each account's
//! sync stands ("1,240 of 9,880 calls", offline since, data as of).

use std::path::PathBuf;

use formant_library::sync::SyncProgress;
use serde::Serialize;

use crate::ipc_error::IpcError;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct LibraryStatus {
    /// The store is open: the list, search and triage can read from it.
    pub available: bool,
    /// Why it is not (damaged, made by a newer version, an unreadable folder).
    pub problem: Option<IpcError>,
    /// The problem is one a rebuild from the API solves (`library_rebuild`).
    pub can_rebuild: bool,
    /// Where the library file is.
    #[ts(type = "string")]
    pub path: PathBuf,
    /// Every account a sync ran for this session, by the app's account id.
    pub accounts: Vec<LibraryAccountStatus>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct LibraryAccountStatus {
    pub account_id: String,
    /// Calls of the account in the library, and how many with transcript and results.
    pub calls: u64,
    pub with_details: u64,
    /// A whole listing has finished once: the list can read from the library.
    pub listed: bool,
    /// A sync is running now (see `progress`).
    pub syncing: bool,
    pub paused: bool,
    /// The running sync's counts, or the last one's.
    pub progress: Option<SyncProgress>,
    /// When a sync last finished (epoch ms): "data as of".
    pub last_synced_ms: Option<i64>,
    /// The API could not be reached since this instant (epoch ms); `None` when online.
    pub offline_since_ms: Option<i64>,
    /// Why the last sync stopped, when it was not the network.
    pub error: Option<IpcError>,
}

impl LibraryAccountStatus {
    pub fn new(account_id: String) -> Self {
        Self {
            account_id,
            calls: 0,
            with_details: 0,
            listed: false,
            syncing: false,
            paused: false,
            progress: None,
            last_synced_ms: None,
            offline_since_ms: None,
            error: None,
        }
    }
}
