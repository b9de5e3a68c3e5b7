//! The library in the app: one store file in the app's data dir (formant-library), read by the
//! list, search, triage and export commands, and kept up to date by one sync loop per account
//! (`sync_loop`).
//!
//! The app stays usable without it: a store that cannot be opened (damaged, made by a newer
//! version, an unreadable folder) leaves the app live — the list pages the API as before — and
//! the status says why, with an offer to rebuild ([`Library::rebuild`]).

mod accounts;
mod analysis_worker;
mod figures;
mod status;
mod sync_loop;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use formant_library::{AccountRef, Filter, LibraryError, Store, StoredCall};
use tauri::ipc::Channel;

pub use accounts::{library_key, LibraryAccounts};
pub use analysis_worker::AnalysisWorker;
pub use figures::figures_of;
pub use status::{LibraryAccountStatus, LibraryStatus};
pub use sync_loop::SyncHandle;

use crate::accounts::{AccountIdentity, Accounts};
use crate::ipc_error::{ErrorKind, IpcError, IpcResult};

/// The read connection, or why there is none.
enum Reader {
    Open(Store),
    Unavailable {
        problem: IpcError,
        can_rebuild: bool,
    },
}

pub struct Library {
    path: PathBuf,
    reader: Mutex<Reader>,
    /// Where each account's sync stands, by the app's account id.
    accounts: Mutex<HashMap<String, LibraryAccountStatus>>,
    /// The running sync loops, by the app's account id.
    syncs: Mutex<HashMap<String, SyncHandle>>,
    /// The webview's status channel (one window: the latest subscription wins).
    subscriber: Mutex<Option<Channel<LibraryStatus>>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every change under these locks is one assignment: a panic elsewhere cannot leave them
    // half-changed.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Library {
    /// Opens (or creates) the library at `path`. Never fails: a store that cannot be opened
    /// is reported by [`Library::status`].
    pub fn open(path: PathBuf) -> Self {
        let reader = open_reader(&path);
        Self {
            path,
            reader: Mutex::new(reader),
            accounts: Mutex::new(HashMap::new()),
            syncs: Mutex::new(HashMap::new()),
            subscriber: Mutex::new(None),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `read` on the app's read connection (call it from the blocking pool).
    pub fn read<T>(&self, read: impl FnOnce(&Store) -> Result<T, LibraryError>) -> IpcResult<T> {
        let mut reader = lock(&self.reader);
        let Reader::Open(store) = &*reader else {
            return Err(self.unavailable(&reader));
        };
        match read(store) {
            Ok(value) => Ok(value),
            Err(e) => {
                let error = IpcError::from(&e);
                // Damage found by a query: the status offers a rebuild from now on.
                if e.is_corrupt() {
                    *reader = Reader::Unavailable {
                        problem: error.clone(),
                        can_rebuild: true,
                    };
                    drop(reader);
                    self.publish();
                }
                Err(error)
            }
        }
    }

    fn unavailable(&self, reader: &Reader) -> IpcError {
        match reader {
            Reader::Unavailable { problem, .. } => problem.clone(),
            Reader::Open(_) => IpcError::new(ErrorKind::Unknown, "The library is open."),
        }
    }

    /// Moves a damaged library aside and starts an empty one; the running syncs fill it again
    /// (each opens the new file on its next round).
    pub fn rebuild(&self) -> IpcResult<LibraryStatus> {
        {
            let mut reader = lock(&self.reader);
            // Close the old connection before its file moves.
            *reader = Reader::Unavailable {
                problem: IpcError::new(ErrorKind::Io, "The library is being rebuilt."),
                can_rebuild: false,
            };
            match Store::rebuild(&self.path) {
                Ok((store, moved)) => {
                    if let Some(moved) = moved {
                        tracing::warn!(kept_as = %moved.display(), "library rebuilt; the old file was kept aside");
                    }
                    *reader = Reader::Open(store);
                }
                Err(e) => {
                    *reader = Reader::Unavailable {
                        problem: IpcError::from(&e),
                        can_rebuild: e.is_corrupt(),
                    };
                    return Err(IpcError::from(&e));
                }
            }
        }
        for status in lock(&self.accounts).values_mut() {
            *status = LibraryAccountStatus::new(status.account_id.clone());
        }
        for handle in lock(&self.syncs).values() {
            handle.wake();
        }
        self.publish();
        Ok(self.status())
    }

    /// Where the library and each account's sync stand.
    pub fn status(&self) -> LibraryStatus {
        let (available, problem, can_rebuild) = match &*lock(&self.reader) {
            Reader::Open(_) => (true, None, false),
            Reader::Unavailable {
                problem,
                can_rebuild,
            } => (false, Some(problem.clone()), *can_rebuild),
        };
        let mut accounts: Vec<LibraryAccountStatus> =
            lock(&self.accounts).values().cloned().collect();
        accounts.sort_by(|a, b| a.account_id.cmp(&b.account_id));
        LibraryStatus {
            available,
            problem,
            can_rebuild,
            path: self.path.clone(),
            accounts,
        }
    }

    /// Sends the status to the webview (after every change of it).
    pub fn publish(&self) {
        let status = self.status();
        if let Some(channel) = lock(&self.subscriber).as_ref() {
            // A closed channel (a reloaded page) is replaced by the next subscription.
            let _ = channel.send(status);
        }
    }

    pub fn subscribe(&self, channel: Channel<LibraryStatus>) {
        *lock(&self.subscriber) = Some(channel);
        self.publish();
    }

    /// Changes one account's status and publishes it.
    pub fn update_account(&self, account_id: &str, change: impl FnOnce(&mut LibraryAccountStatus)) {
        {
            let mut accounts = lock(&self.accounts);
            let status = accounts
                .entry(account_id.to_owned())
                .or_insert_with(|| LibraryAccountStatus::new(account_id.to_owned()));
            change(status);
        }
        self.publish();
    }

    /// The sync loop of `account_id`, started on first use; a later call asks it to sync now.
    pub fn start_sync(&self, app: &tauri::AppHandle, account_id: &str) {
        let mut syncs = lock(&self.syncs);
        match syncs.get(account_id) {
            Some(handle) if handle.is_running() => handle.wake(),
            _ => {
                let handle = sync_loop::spawn(app.clone(), account_id.to_owned());
                syncs.insert(account_id.to_owned(), handle);
            }
        }
    }

    /// Asks a running sync loop to sync now (after a request found the API unreachable).
    pub fn wake_sync(&self, account_id: &str) {
        if let Some(handle) = lock(&self.syncs).get(account_id) {
            handle.wake();
        }
    }

    /// The app's accounts a sync ran for this session, in id order.
    pub fn synced_accounts(&self) -> Vec<String> {
        let mut ids: Vec<String> = lock(&self.syncs).keys().cloned().collect();
        ids.sort();
        ids
    }

    /// Whether the user paused the account's sync (which pauses its background analysis too).
    pub fn is_paused(&self, account_id: &str) -> bool {
        lock(&self.accounts)
            .get(account_id)
            .is_some_and(|status| status.paused)
    }

    pub fn pause_sync(&self, account_id: &str, paused: bool) {
        if let Some(handle) = lock(&self.syncs).get(account_id) {
            handle.set_paused(paused);
        }
        self.update_account(account_id, |s| s.paused = paused);
    }

    /// An account was removed from the app: its sync stops and its calls leave the library
    /// (a removed account's calls should not outlive it on this machine).
    pub fn forget_account(&self, identity: &AccountIdentity) {
        if let Some(handle) = lock(&self.syncs).remove(&identity.id) {
            handle.stop();
        }
        lock(&self.accounts).remove(&identity.id);
        let key = accounts::library_key(identity);
        let removed = self.read(|store| match store.find_account(&key)? {
            Some(account) => store.remove_account(account),
            None => Ok(()),
        });
        if let Err(e) = removed {
            tracing::warn!(error = %e, "the removed account's calls could not be deleted from the library");
        }
        self.publish();
    }

    /// The stored call `conversation_id` of an account, if the library has it.
    pub fn stored_call(
        &self,
        identity: &AccountIdentity,
        conversation_id: &str,
    ) -> IpcResult<Option<StoredCall>> {
        let key = accounts::library_key(identity);
        self.read(|store| match store.find_account(&key)? {
            Some(account) => store.conversation(account, conversation_id),
            None => Ok(None),
        })
    }

    /// Records whether the active account's call `conversation_id` has a recording (learnt by
    /// downloading it). A library problem is only logged: playback does not depend on it.
    pub fn note_recording(&self, accounts: &Accounts, conversation_id: &str, available: bool) {
        let Some(identity) = accounts
            .active_id()
            .and_then(|id| accounts.identity(&id).ok())
        else {
            return;
        };
        let key = accounts::library_key(&identity);
        let noted = self.read(|store| match store.find_account(&key)? {
            Some(account) => store.set_recording_available(account, conversation_id, available),
            None => Ok(()),
        });
        if let Err(e) = noted {
            tracing::warn!(error = %e, "could not note in the library whether the recording exists");
        }
    }

    /// Counts an account's whole list on the read connection, where the list asks for it, and
    /// keeps the total until the file changes: the first window after switching to the account
    /// then costs only its rows (counting a million calls takes longer than the 50 ms target).
    pub fn warm_list_total(&self, account: AccountRef) {
        let all = Filter {
            accounts: vec![account],
            ..Filter::default()
        };
        if let Err(e) = self.read(|store| store.count(&all)) {
            tracing::debug!(error = %e, "could not count the library's calls ahead");
        }
    }

    /// The library's handles on the app's accounts `ids` (the ones it has).
    pub fn accounts_of(&self, accounts: &Accounts, ids: &[String]) -> IpcResult<LibraryAccounts> {
        let identities = ids
            .iter()
            .map(|id| accounts.identity(id))
            .collect::<IpcResult<Vec<_>>>()?;
        self.read(|store| LibraryAccounts::find(store, &identities))
    }
}

fn open_reader(path: &Path) -> Reader {
    match Store::open(path) {
        Ok(store) => Reader::Open(store),
        Err(e) => {
            tracing::warn!(error = %e, "the library could not be opened; the app runs without it");
            Reader::Unavailable {
                problem: IpcError::from(&e),
                can_rebuild: e.is_corrupt(),
            }
        }
    }
}

/// A library error as the webview sees it: a sentence, and a kind the UI acts on.
impl From<&LibraryError> for IpcError {
    fn from(e: &LibraryError) -> Self {
        let kind = match e {
            LibraryError::Corrupt { .. } | LibraryError::TooNew { .. } => ErrorKind::LibraryDamaged,
            LibraryError::DiskFull { .. }
            | LibraryError::Busy
            | LibraryError::Unreadable { .. } => ErrorKind::Io,
            LibraryError::NotAConversation(_) => ErrorKind::BadResponse,
            LibraryError::UnknownAccount => ErrorKind::NotFound,
            LibraryError::InvalidQuery(_) => ErrorKind::InvalidInput,
            LibraryError::Sqlite { .. } => ErrorKind::Unknown,
        };
        IpcError::new(kind, sentence(&e.to_string()))
    }
}

impl From<LibraryError> for IpcError {
    fn from(e: LibraryError) -> Self {
        IpcError::from(&e)
    }
}

/// The library's messages are clauses ("the disk is full: …"); the UI shows sentences.
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_become_sentences() {
        assert_eq!(sentence("the disk is full"), "The disk is full.");
        assert_eq!(sentence("done."), "Done.");
        assert_eq!(sentence(""), "");
    }

    #[test]
    fn a_damaged_file_leaves_the_app_running_and_offers_a_rebuild() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("library.sqlite3");
        std::fs::write(
            &path,
            b"this is not a database, it is a shopping list".repeat(200),
        )
        .expect("write");
        let library = Library::open(path.clone());
        let status = library.status();
        assert!(!status.available);
        assert!(status.can_rebuild);
        let problem = status.problem.expect("a problem");
        assert_eq!(problem.kind, ErrorKind::LibraryDamaged);
        assert!(problem.message.contains("damaged"), "{}", problem.message);
        // Reads say the same, and nothing panics.
        let err = library.read(|s| s.accounts()).expect_err("unavailable");
        assert_eq!(err.kind, ErrorKind::LibraryDamaged);

        let rebuilt = library.rebuild().expect("rebuild");
        assert!(rebuilt.available);
        assert!(library.read(|s| s.accounts()).expect("read").is_empty());
        let kept: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains(".damaged-"))
            .collect();
        assert_eq!(kept.len(), 1, "the damaged file is kept aside: {kept:?}");
    }
}
