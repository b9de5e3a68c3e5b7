//! The library's one writer of call figures, on a thread of its own.
//!
//! - Figures of a call the user opened (`analyze_call`) are sent here and stored, so the
//!   command answers without waiting on the library's write lock.
//! - With the setting "all synced calls whose recordings are downloaded"
//!   ([`BackgroundAnalysis::AllDownloaded`]), it also walks each synced account's calls whose
//!   recording is in the recordings cache and that have no fresh figures (none, an older
//!   analysis, another agent channel setting), and analyses them **one at a time**, waiting
//!   a moment between calls. An account whose sync is paused is left out until it resumes.
//!   A pass starts at launch, when woken (the setting, an agent channel, a resumed sync) and
//!   every few minutes; it reads only the downloaded calls (a partial index), so it stays
//!   cheap however large the library. A recording that fails to analyse is not tried again
//!   until the app restarts.
//!
//! It never touches a recording's place in the cache (a background read is not a use).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use formant_analysis::{analyze_path, AnalysisOptions, Channel};
use formant_library::{
    AccountKey, AccountRef, AnalysisCandidate, CallFigures, FiguresWanted, LibraryError, Store,
};
use tauri::{AppHandle, Manager};

use super::accounts::library_key;
use super::figures::{figures_of, wanted};
use crate::background_analysis::BackgroundAnalysis;
use crate::recordings::RecordingCache;
use crate::state::AppState;

/// How long the worker waits between two background analyses (and so how much of a core it
/// leaves to everything else: an analysis of a typical call takes a few tens of milliseconds).
const BETWEEN_CALLS: Duration = Duration::from_millis(200);
/// How often a new pass looks for calls to analyse without being woken.
const RESCAN_EVERY: Duration = Duration::from_secs(10 * 60);
/// Candidates read from the store at a time.
const BATCH: u32 = 64;

enum Message {
    Store {
        key: AccountKey,
        conversation_id: String,
        figures: CallFigures,
    },
    Wake,
}

/// The handle the app keeps; the thread starts with [`AnalysisWorker::start`].
pub struct AnalysisWorker {
    inbox: Sender<Message>,
    unstarted: Mutex<Option<Receiver<Message>>>,
}

impl Default for AnalysisWorker {
    fn default() -> Self {
        let (inbox, receiver) = mpsc::channel();
        Self {
            inbox,
            unstarted: Mutex::new(Some(receiver)),
        }
    }
}

impl AnalysisWorker {
    /// Starts the thread (once; later calls do nothing). Call it once the app's state is
    /// managed.
    pub fn start(&self, app: AppHandle) {
        let Some(receiver) = self
            .unstarted
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        else {
            return;
        };
        let spawned = std::thread::Builder::new()
            .name("background-analysis".into())
            .spawn(move || run(&app, &receiver));
        if let Err(error) = spawned {
            tracing::warn!(%error, "the background analysis could not start; figures are not stored");
        }
    }

    /// Stores a call's figures (when the library has the call).
    pub fn store(&self, key: AccountKey, conversation_id: String, figures: CallFigures) {
        let _ = self.inbox.send(Message::Store {
            key,
            conversation_id,
            figures,
        });
    }

    /// Looks for calls to analyse now.
    pub fn wake(&self) {
        let _ = self.inbox.send(Message::Wake);
    }
}

/// One account as a pass sees it.
pub struct WorkerAccount {
    pub account: AccountRef,
    /// The cache's key for the account's recordings (its API base URL).
    pub base_url: String,
    pub setting: Option<Channel>,
}

/// Where a pass stands: the accounts it has finished, and how far it is in the others.
#[derive(Default)]
struct Pass {
    finished: HashSet<String>,
    cursors: HashMap<String, i64>,
}

fn run(app: &AppHandle, inbox: &Receiver<Message>) {
    let mut pass = Some(Pass::default());
    let mut failed: HashSet<(String, String)> = HashSet::new();
    loop {
        let wait = if pass.is_some() {
            BETWEEN_CALLS
        } else {
            RESCAN_EVERY
        };
        match inbox.recv_timeout(wait) {
            Ok(Message::Store {
                key,
                conversation_id,
                figures,
            }) => {
                store_figures(app, &key, &conversation_id, &figures);
                continue;
            }
            Ok(Message::Wake) => {
                pass = Some(Pass::default());
                continue;
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        let Some(current) = pass.as_mut() else {
            pass = Some(Pass::default());
            continue;
        };
        let state = app.state::<AppState>();
        if state.background_analysis.get() != BackgroundAnalysis::AllDownloaded {
            pass = None;
            continue;
        }
        match step(&state, current, &mut failed) {
            Ok(true) => {}
            Ok(false) => pass = None,
            Err(error) => {
                tracing::warn!(%error, "background analysis stopped until its next pass");
                pass = None;
            }
        }
    }
}

fn store_figures(app: &AppHandle, key: &AccountKey, conversation_id: &str, figures: &CallFigures) {
    let state = app.state::<AppState>();
    let stored =
        Store::open(state.library.path()).and_then(|store| match store.find_account(key)? {
            Some(account) => store.put_figures(account, conversation_id, figures),
            None => Ok(false),
        });
    if let Err(error) = stored {
        tracing::warn!(%error, "a call's figures could not be stored in the library");
    }
}

/// Analyses the next call of the pass. `Ok(false)`: the pass is over (nothing left, or only
/// paused accounts).
fn step(
    state: &AppState,
    pass: &mut Pass,
    failed: &mut HashSet<(String, String)>,
) -> Result<bool, LibraryError> {
    let store = Store::open(state.library.path())?;
    for account_id in state.library.synced_accounts() {
        if pass.finished.contains(&account_id) || state.library.is_paused(&account_id) {
            continue;
        }
        let Some(account) = worker_account(state, &store, &account_id)? else {
            pass.finished.insert(account_id);
            continue;
        };
        let after = pass.cursors.get(&account_id).copied().unwrap_or(0);
        let skip: HashSet<String> = failed
            .iter()
            .filter(|(id, _)| *id == account_id)
            .map(|(_, call)| call.clone())
            .collect();
        let Some((candidate, path)) =
            next_cached_call(&store, &state.cache, &account, after, &skip)?
        else {
            pass.finished.insert(account_id);
            continue;
        };
        pass.cursors.insert(account_id.clone(), candidate.cursor);
        if let Err(error) = analyse_and_store(&store, &account, &candidate.conversation_id, &path) {
            tracing::info!(call = %candidate.conversation_id, %error, "background analysis skipped a recording");
            failed.insert((account_id, candidate.conversation_id));
        }
        return Ok(true);
    }
    Ok(false)
}

/// The library's handle, cache key and agent channel setting of a synced account; `None`
/// when it is gone from the app or the library.
fn worker_account(
    state: &AppState,
    store: &Store,
    account_id: &str,
) -> Result<Option<WorkerAccount>, LibraryError> {
    let Ok(identity) = state.accounts.identity(account_id) else {
        return Ok(None);
    };
    // The sync loop made the client already: no keychain read here.
    let Ok(client) = state.accounts.client(account_id) else {
        return Ok(None);
    };
    Ok(store
        .find_account(&library_key(&identity))?
        .map(|account| WorkerAccount {
            account,
            base_url: client.base_url().to_owned(),
            setting: state.agent_channels.get(account_id),
        }))
}

/// The next call of `account` after `after` (a cursor) whose recording is in the cache and
/// whose figures are missing or stale; calls in `skip` are passed over.
pub fn next_cached_call(
    store: &Store,
    cache: &RecordingCache,
    account: &WorkerAccount,
    mut after: i64,
    skip: &HashSet<String>,
) -> Result<Option<(AnalysisCandidate, PathBuf)>, LibraryError> {
    let wanted: FiguresWanted = wanted(account.setting);
    loop {
        let batch = store.calls_to_analyse(account.account, &wanted, after, BATCH)?;
        let Some(last) = batch.last() else {
            return Ok(None);
        };
        after = last.cursor;
        for candidate in batch {
            if skip.contains(&candidate.conversation_id) {
                continue;
            }
            // `path_for`, not `lookup`: a background read must not count as a use.
            let path = cache.path_for(&account.base_url, &candidate.conversation_id);
            if path.is_file() {
                return Ok(Some((candidate, path)));
            }
        }
    }
}

/// Analyses one call's recording at `path`, with its stored transcript, and stores the
/// figures.
pub fn analyse_and_store(
    store: &Store,
    account: &WorkerAccount,
    conversation_id: &str,
    path: &std::path::Path,
) -> Result<(), String> {
    let stored = store
        .conversation(account.account, conversation_id)
        .map_err(|e| e.to_string())?;
    let turns = stored
        .and_then(|call| call.conversation.transcript)
        .unwrap_or_default();
    let options = AnalysisOptions {
        agent_channel: account.setting,
        ..AnalysisOptions::default()
    };
    let analysis = analyze_path(path, &turns, &options).map_err(|e| e.to_string())?;
    let figures = figures_of(&analysis);
    store
        .put_figures(account.account, conversation_id, &figures)
        .map_err(|e| e.to_string())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use formant_core::Region;
    use serde_json::Value;

    fn labelled(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("crates/formant-analysis/tests/labelled")
            .join(name)
    }

    struct Setup {
        _dir: tempfile::TempDir,
        store: Store,
        cache: RecordingCache,
        account: WorkerAccount,
    }

    const BASE_URL: &str = "http://127.0.0.1:4010";

    /// Five synced calls `c1`..`c5`; `downloaded` of them have their recording in the cache
    /// (the labelled set's clean two-channel call) and noted as available.
    fn setup(downloaded: &[&str]) -> Setup {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("library.sqlite3")).expect("store");
        let account = store
            .account(
                &AccountKey::Saved {
                    account_id: "acc_1".into(),
                },
                "Support",
                &Region::Global,
            )
            .expect("account");
        let text = std::fs::read_to_string(labelled("en-clean-pcm8k.conversation.json"))
            .expect("conversation");
        let record: Value = serde_json::from_str(&text).expect("json");
        for i in 1..=5 {
            let mut call = record.clone();
            call["conversation_id"] = Value::from(format!("c{i}"));
            call["start_timestamp"] = Value::from(1_773_800_000 + i * 60);
            store
                .apply_details(account, &format!("c{i}"), &call)
                .expect("details");
        }
        let cache = RecordingCache::new(dir.path().join("recordings"), u64::MAX);
        cache.ensure_dir().expect("cache dir");
        for id in downloaded {
            std::fs::copy(labelled("en-clean-pcm8k.wav"), cache.path_for(BASE_URL, id))
                .expect("cached");
            store
                .set_recording_available(account, id, true)
                .expect("noted");
        }
        Setup {
            _dir: dir,
            store,
            cache,
            account: WorkerAccount {
                account,
                base_url: BASE_URL.into(),
                setting: None,
            },
        }
    }

    /// Analyses the cached recording of `id` as a pass would.
    fn analyse_cached(s: &Setup, id: &str) {
        analyse_and_store(&s.store, &s.account, id, &s.cache.path_for(BASE_URL, id))
            .expect("analysed");
    }

    /// Every call a pass would pick, in order (without analysing them).
    fn picks(s: &Setup, skip: &HashSet<String>) -> Vec<String> {
        let mut after = 0;
        let mut found = Vec::new();
        while let Some((candidate, path)) =
            next_cached_call(&s.store, &s.cache, &s.account, after, skip).expect("next")
        {
            assert!(path.is_file());
            after = candidate.cursor;
            found.push(candidate.conversation_id);
        }
        found
    }

    #[test]
    fn a_pass_picks_the_downloaded_calls_without_fresh_figures() {
        let s = setup(&["c1", "c2", "c4", "c5"]);
        // c5's recording was noted as downloaded, then evicted from the cache.
        std::fs::remove_file(s.cache.path_for(BASE_URL, "c5")).expect("evict");
        // c3 was never downloaded: not a candidate, whatever its figures.
        assert_eq!(picks(&s, &HashSet::new()), ["c1", "c2", "c4"]);
        // A recording that failed this session is passed over.
        let skip: HashSet<String> = ["c2".to_owned()].into();
        assert_eq!(picks(&s, &skip), ["c1", "c4"]);

        // Analysed once, a call is not picked again…
        analyse_cached(&s, "c1");
        assert_eq!(picks(&s, &HashSet::new()), ["c2", "c4"]);
        // …until the account's agent channel setting changes what its figures would be.
        let right = Setup {
            account: WorkerAccount {
                setting: Some(Channel::Right),
                ..s.account
            },
            ..s
        };
        assert_eq!(picks(&right, &HashSet::new()), ["c1", "c2", "c4"]);
    }

    #[test]
    fn a_background_analysis_stores_the_figures_of_the_recording() {
        let s = setup(&["c1"]);
        analyse_cached(&s, "c1");
        let figures = s
            .store
            .figures(s.account.account, "c1")
            .expect("read")
            .expect("stored");
        // The labelled call: four customer-to-agent hand-offs, one barge-in (truth.json).
        let truth: Value = serde_json::from_str(
            &std::fs::read_to_string(labelled("en-clean-pcm8k.truth.json")).expect("truth"),
        )
        .expect("json");
        let handoffs = truth["response_latencies"].as_array().expect("list").len();
        let interruptions = truth["interruptions"].as_array().expect("list").len();
        assert_eq!(figures.handoffs as usize, handoffs);
        assert_eq!(figures.interruptions as usize, interruptions);
        assert!(figures.latency_p90_s.is_some());
        assert_eq!(figures.analysis_version, formant_analysis::ANALYSIS_VERSION);
        assert!(!figures.agent_channel_set);
        // A file that is not a recording: an error, nothing stored.
        let broken = s.cache.path_for(BASE_URL, "c2");
        std::fs::write(&broken, b"not a wav").expect("write");
        assert!(analyse_and_store(&s.store, &s.account, "c2", &broken).is_err());
        assert_eq!(
            s.store.figures(s.account.account, "c2").expect("read"),
            None
        );
    }
}
