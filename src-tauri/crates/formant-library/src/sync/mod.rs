//! Sync: brings an account's calls from the API into the store, and keeps them up to date.
//!
//! One sync is two phases, each resumable from the store alone (a kill at any point loses at
//! most the request in flight):
//! 1. **Listing** ([`listing`]): pages through `GET /v1/conversations` (`limit=100`), newest
//!    first, storing each page in one transaction. A *full* pass walks the whole list; an
//!    *incremental* pass stops early by the rule in [`rule`].
//! 2. **Details** ([`details`], with `SyncOptions::details`): `GET /v1/conversations/{id}` for
//!    every call the store lists as pending (never fetched, changed in the list, or still able
//!    to change), several at a time, each stored in its own transaction.
//!
//! The app and the CLI drive it the same way: [`sync_account`] with a [`SyncControl`] (pause,
//! resume, cancel) and a callback that receives [`SyncProgress`] ("1,240 of 9,880 calls").
//! The future is `Send`, so the app can spawn it; it needs its own [`Store`] connection
//! (`&mut`), so a sync never shares a connection with the app's reads.

mod details;
mod listing;
pub mod rule;
mod store_retry;

use formant_api::{ApiError, CancellationToken, Client, PauseSwitch};
use serde::Serialize;

use crate::account::AccountRef;
use crate::error::LibraryError;
use crate::store::Store;

pub use formant_api::{DEFAULT_CONCURRENCY, MAX_CONCURRENCY};

/// What a sync does.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncOptions {
    /// Fetch the details (transcript, results) of every pending call after listing.
    pub details: bool,
    /// Detail requests in flight, 1..=[`MAX_CONCURRENCY`] (default [`DEFAULT_CONCURRENCY`]).
    pub concurrency: usize,
    /// Walk the whole list even when an incremental pass would do.
    pub full: bool,
    /// See [`rule::Rule`].
    pub rule: rule::Rule,
    /// Stop the details phase after this many calls failed in a row (after the client's own
    /// retries): the API is down or refusing, and going on would only hammer it.
    pub max_consecutive_failures: u32,
}

impl Default for SyncOptions {
    fn default() -> Self {
        Self {
            details: true,
            concurrency: DEFAULT_CONCURRENCY,
            full: false,
            rule: rule::Rule::default(),
            max_consecutive_failures: 24,
        }
    }
}

/// Pauses, resumes and cancels a running sync. Cheap to clone; every clone drives the same
/// sync. A pause takes effect between pages and between detail requests (those in flight
/// finish); a cancel at once (the request in flight is dropped; what was stored stays).
#[derive(Debug, Clone, Default)]
pub struct SyncControl {
    pub cancel: CancellationToken,
    pub pause: PauseSwitch,
}

/// Which phase a sync is in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncPhase {
    #[default]
    Listing,
    Details,
    Done,
}

/// Where a running sync stands, sent to the progress callback after every page and every few
/// calls' details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SyncProgress {
    pub phase: SyncPhase,
    /// Whether this pass walks the whole list.
    pub full_pass: bool,
    /// List entries read in this sync.
    pub listed: u64,
    /// The account's total as the API reports it (the list phase's "of N").
    pub api_total: Option<u64>,
    /// Calls the store did not have.
    pub new: u64,
    /// Calls whose list entry changed.
    pub changed: u64,
    /// Details stored in this sync.
    pub details_done: u64,
    /// Details this sync set out to fetch (the details phase's "of N").
    pub details_total: u64,
    /// Calls whose details could not be fetched (tried again by the next sync).
    pub details_failed: u64,
    pub paused: bool,
}

/// How a sync ended (the error cases are [`SyncError`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncEnd {
    /// Everything asked for is done (some details may have failed: see the counts).
    Complete,
    /// Cancelled through [`SyncControl::cancel`]; the next sync resumes where it stopped.
    Cancelled,
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub end: SyncEnd,
    /// The list pass was a full one (the first sync, `--full`, one due, or one resumed).
    pub full_pass: bool,
    /// An unfinished pass of an earlier sync was picked up where it stopped.
    pub resumed: bool,
    pub pages: u64,
    pub listed: u64,
    pub new: u64,
    pub changed: u64,
    pub details_fetched: u64,
    pub details_failed: u64,
    /// Calls that still need details after this sync: failed ones, calls that may still
    /// change (an `in_progress` status: refreshed by the next sync), all new ones when details
    /// were not asked for, what a cancel left.
    pub details_pending: u64,
    /// Why the listing stopped short of what the API announced, in words, if it did.
    pub warnings: Vec<String>,
}

/// Why a sync stopped before it finished. The store stays consistent and the next sync
/// resumes; the message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Library(#[from] LibraryError),
    #[error(
        "the API failed for {count} calls in a row, so the sync stopped to spare it; the last \
         error: {last}. The next sync goes on from here"
    )]
    TooManyFailures { count: u32, last: ApiError },
}

/// Syncs `account` of `store` from `client` (the same account's API), calling `progress` as it
/// goes. See the module's documentation.
pub async fn sync_account(
    store: &mut Store,
    client: &Client,
    account: AccountRef,
    options: &SyncOptions,
    control: &SyncControl,
    progress: impl FnMut(&SyncProgress) + Send,
) -> Result<SyncReport, SyncError> {
    let mut run = Run {
        store,
        client,
        account,
        options,
        control,
        tally: Tally::default(),
        progress,
    };
    let listed = listing::run(&mut run).await?;
    let mut end = listed.end;
    if end == SyncEnd::Complete && options.details {
        end = details::run(&mut run).await?;
    }
    let details_pending = run.store.count_pending_details(account, i64::MAX)?;
    run.tally.phase = SyncPhase::Done;
    run.report();
    let tally = run.tally;
    Ok(SyncReport {
        end,
        full_pass: tally.full_pass,
        resumed: listed.resumed,
        pages: tally.pages,
        listed: tally.listed,
        new: tally.new,
        changed: tally.changed,
        details_fetched: tally.details_done,
        details_failed: tally.details_failed,
        details_pending,
        warnings: listed.warnings,
    })
}

/// One sync's parts, lent to each phase in turn.
struct Run<'a, P> {
    store: &'a mut Store,
    client: &'a Client,
    account: AccountRef,
    options: &'a SyncOptions,
    control: &'a SyncControl,
    tally: Tally,
    progress: P,
}

impl<P: FnMut(&SyncProgress) + Send> Run<'_, P> {
    /// Sends where the sync stands to the progress callback.
    fn report(&mut self) {
        let progress = self.tally.progress(self.control);
        (self.progress)(&progress);
    }
}

/// The counts both phases add to.
#[derive(Debug, Default)]
struct Tally {
    phase: SyncPhase,
    full_pass: bool,
    pages: u64,
    listed: u64,
    api_total: Option<u64>,
    new: u64,
    changed: u64,
    details_done: u64,
    details_total: u64,
    details_failed: u64,
}

impl Tally {
    fn progress(&self, control: &SyncControl) -> SyncProgress {
        SyncProgress {
            phase: self.phase,
            full_pass: self.full_pass,
            listed: self.listed,
            api_total: self.api_total,
            new: self.new,
            changed: self.changed,
            details_done: self.details_done,
            details_total: self.details_total,
            details_failed: self.details_failed,
            paused: control.pause.is_paused(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The app spawns a sync on its multi-threaded runtime: the future must be `Send`.
    #[allow(dead_code)]
    fn the_sync_future_is_send(store: &mut Store, client: &Client) {
        fn assert_send<T: Send>(_: &T) {}
        let control = SyncControl::default();
        let options = SyncOptions::default();
        let future = sync_account(store, client, AccountRef(1), &options, &control, |_| {});
        assert_send(&future);
    }
}
