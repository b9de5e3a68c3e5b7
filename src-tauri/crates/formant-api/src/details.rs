//! Fetching many calls' details at once: a bounded number of `GET /v1/conversations/{id}` in
//! flight, each with the client's retries (which, through the shared pacer, hold all of them
//! after a 429 or a server failure), pausable between calls, cancelled by dropping the stream.

use futures_util::{Stream, StreamExt};
use tokio::sync::watch;

use crate::{ApiError, Client, Conversation};

/// How many detail requests a fetch keeps in flight unless told otherwise.
pub const DEFAULT_CONCURRENCY: usize = 8;
/// The most it keeps in flight: more would only earn 429s from the API.
pub const MAX_CONCURRENCY: usize = 16;

/// One call's outcome: its details, or why they could not be had (after the retries).
#[derive(Debug)]
pub struct Fetched {
    pub id: String,
    pub result: Result<Conversation, ApiError>,
}

/// Pauses and resumes a running fetch: while paused, no new request starts (those in flight
/// finish). Cheap to clone; every clone drives the same switch.
#[derive(Debug, Clone)]
pub struct PauseSwitch {
    paused: watch::Sender<bool>,
}

impl Default for PauseSwitch {
    fn default() -> Self {
        Self {
            paused: watch::Sender::new(false),
        }
    }
}

impl PauseSwitch {
    pub fn pause(&self) {
        self.paused.send_replace(true);
    }

    pub fn resume(&self) {
        self.paused.send_replace(false);
    }

    pub fn is_paused(&self) -> bool {
        *self.paused.borrow()
    }

    /// Returns at once when running; otherwise when resumed.
    pub async fn wait_while_paused(&self) {
        let mut paused = self.paused.subscribe();
        // The sender lives in `self`, so the channel cannot close while this waits.
        let _ = paused.wait_for(|paused| !paused).await;
    }
}

impl Client {
    /// The details of each call `ids` yields, as they arrive (not in `ids`' order), with at
    /// most `concurrency` requests in flight (clamped to 1..=[`MAX_CONCURRENCY`]). Ids are
    /// taken from `ids` only as requests start, so `ids` may be lazy (a store read page by
    /// page). Dropping the stream cancels the requests in flight.
    pub fn fetch_details<'a, I>(
        &'a self,
        ids: I,
        concurrency: usize,
        pause: &'a PauseSwitch,
    ) -> impl Stream<Item = Fetched> + 'a
    where
        I: Stream<Item = String> + 'a,
    {
        ids.then(move |id| async move {
            pause.wait_while_paused().await;
            id
        })
        .map(move |id| async move {
            let result = self.get(&id).await;
            Fetched { id, result }
        })
        .buffer_unordered(concurrency.clamp(1, MAX_CONCURRENCY))
    }
}
