//! The details phase: `GET /v1/conversations/{id}` for every call the store lists as pending,
//! [`SyncOptions::concurrency`] at a time, each stored in its own transaction.
//!
//! A pass starts at an instant `T` and asks the store for calls not checked since `T`, a batch
//! at a time, until none is left: a call fetched (or failed) in this pass is not asked for
//! again in it, even when it may still change (an `in_progress` call stays pending for the
//! next sync). After a kill, the next sync's pass finds exactly what is still pending.

use std::time::{Duration, Instant};

use formant_api::{ApiError, ErrorKind, Fetched};
use futures_util::{stream, StreamExt};
use serde_json::Value;

use super::store_retry;
use super::{Run, SyncEnd, SyncError, SyncPhase, SyncProgress, Tally};
use crate::account::AccountRef;
use crate::store::{now_ms, Store};

/// Ids read from the store at a time: large enough that the pipeline rarely drains.
const BATCH: usize = 1_000;

/// Fetched details are written this many to a transaction (one commit per call would cost
/// more than the fetch), or after [`FLUSH_AFTER`], whichever comes first: a kill loses at most
/// that much work, fetched again by the next sync.
const WRITE_BATCH: usize = 64;
const FLUSH_AFTER: Duration = Duration::from_millis(500);

pub(super) async fn run(
    run: &mut Run<'_, impl FnMut(&SyncProgress) + Send>,
) -> Result<SyncEnd, SyncError> {
    let Run {
        store,
        client,
        account,
        options,
        control,
        tally,
        progress,
    } = run;
    let (client, account, options, control) = (*client, *account, *options, *control);
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
        let mut batch = Batch::default();
        loop {
            let item = tokio::select! {
                biased;
                () = control.cancel.cancelled() => {
                    // What has arrived is good: keep it.
                    batch.flush(store, account, tally).await?;
                    return Ok(SyncEnd::Cancelled);
                }
                item = fetched.next() => item,
            };
            let Some(Fetched { id, result }) = item else {
                break;
            };
            match result {
                Ok(conversation) => {
                    batch.calls.push((id, conversation.raw_json()));
                    consecutive_failures = 0;
                    if batch.is_due() {
                        batch.flush(store, account, tally).await?;
                        progress(&tally.progress(control));
                    }
                }
                Err(error) if is_fatal(&error) => {
                    batch.flush(store, account, tally).await?;
                    return Err(error.into());
                }
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
                        batch.flush(store, account, tally).await?;
                        return Err(SyncError::TooManyFailures {
                            count: consecutive_failures,
                            last: error,
                        });
                    }
                }
            }
        }
        batch.flush(store, account, tally).await?;
        progress(&tally.progress(control));
    }
}

/// Failures no other call would escape: the key is refused.
fn is_fatal(error: &ApiError) -> bool {
    matches!(error.kind(), ErrorKind::Auth | ErrorKind::Cancelled)
}

/// Fetched details not written yet.
struct Batch {
    calls: Vec<(String, Value)>,
    since: Instant,
}

impl Default for Batch {
    fn default() -> Self {
        Self {
            calls: Vec::with_capacity(WRITE_BATCH),
            since: Instant::now(),
        }
    }
}

impl Batch {
    fn is_due(&self) -> bool {
        self.calls.len() >= WRITE_BATCH || self.since.elapsed() >= FLUSH_AFTER
    }

    /// Writes the batch in one transaction (all or nothing) and counts it.
    async fn flush(
        &mut self,
        store: &mut Store,
        account: AccountRef,
        tally: &mut Tally,
    ) -> Result<(), SyncError> {
        if !self.calls.is_empty() {
            let batch: Vec<(&str, &Value)> = self
                .calls
                .iter()
                .map(|(id, details)| (id.as_str(), details))
                .collect();
            store_retry::write(store, |store| store.apply_details_batch(account, &batch)).await?;
            tally.details_done += self.calls.len() as u64;
            self.calls.clear();
        }
        self.since = Instant::now();
        Ok(())
    }
}
