//! The details phase: `GET /v1/conversations/{id}` for every call the store lists as pending,
//! [`SyncOptions::concurrency`] at a time, each stored in its own transaction.
//!
//! A pass starts at an instant `T` and asks the store for calls not checked since `T`, a batch
//! at a time, until none is left: a call fetched (or failed) in this pass is not asked for
//! again in it, even when it may still change (an `in_progress` call stays pending for the
//! next sync). After a kill, the next sync's pass finds exactly what is still pending.

use formant_api::{ApiError, Client, ErrorKind, Fetched};
use futures_util::{stream, StreamExt};

use super::store_retry;
use super::{SyncControl, SyncEnd, SyncError, SyncOptions, SyncPhase, SyncProgress, Tally};
use crate::account::AccountRef;
use crate::store::{now_ms, Store};

/// Ids read from the store at a time: large enough that the pipeline rarely drains.
const BATCH: usize = 1_000;

/// Progress is reported after this many calls (and at the end of each batch).
const REPORT_EVERY: u64 = 25;

pub(super) async fn run(
    store: &mut Store,
    client: &Client,
    account: AccountRef,
    options: &SyncOptions,
    control: &SyncControl,
    tally: &mut Tally,
    progress: &mut (impl FnMut(&SyncProgress) + Send),
) -> Result<SyncEnd, SyncError> {
    let started = now_ms();
    tally.phase = SyncPhase::Details;
    tally.details_total = store.count_pending_details(account, started)?;
    progress(&tally.progress(control));
    let mut consecutive_failures: u32 = 0;
    loop {
        let ids = store.pending_details(account, started, BATCH)?;
        if ids.is_empty() {
            return Ok(SyncEnd::Complete);
        }
        let fetched = client.fetch_details(stream::iter(ids), options.concurrency, &control.pause);
        let mut fetched = std::pin::pin!(fetched);
        loop {
            let item = tokio::select! {
                biased;
                () = control.cancel.cancelled() => return Ok(SyncEnd::Cancelled),
                item = fetched.next() => item,
            };
            let Some(Fetched { id, result }) = item else {
                break;
            };
            match result {
                Ok(conversation) => {
                    let details = conversation.raw_json();
                    store_retry::write(store, |store| store.apply_details(account, &id, &details))
                        .await?;
                    tally.details_done += 1;
                    consecutive_failures = 0;
                }
                Err(error) if is_fatal(&error) => return Err(error.into()),
                Err(error) => {
                    let reason = error.to_string();
                    store_retry::write(store, |store| {
                        store.mark_details_failed(account, &id, &reason)
                    })
                    .await?;
                    tally.details_failed += 1;
                    tracing::warn!(conversation = %id, %error, "details not fetched");
                    // A call the API no longer has says nothing about the API's health.
                    if error.kind() != ErrorKind::NotFound {
                        consecutive_failures += 1;
                    }
                    if consecutive_failures >= options.max_consecutive_failures.max(1) {
                        return Err(SyncError::TooManyFailures {
                            count: consecutive_failures,
                            last: error,
                        });
                    }
                }
            }
            if (tally.details_done + tally.details_failed) % REPORT_EVERY == 0 {
                progress(&tally.progress(control));
            }
        }
        progress(&tally.progress(control));
    }
}

/// Failures no other call would escape: the key is refused.
fn is_fatal(error: &ApiError) -> bool {
    matches!(error.kind(), ErrorKind::Auth | ErrorKind::Cancelled)
}
