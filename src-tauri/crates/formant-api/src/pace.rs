//! One account's requests hold together after a 429 or a server failure: when any request
//! of a client (or of any of its clones) is told to wait, every other request of that client
//! waits too before its next try, so eight concurrent fetches do not each keep hitting an API
//! that asked for a pause. The waits themselves come from the [`crate::RetryPolicy`]
//! (`Retry-After`, or the backoff schedule): this only shares them.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

#[derive(Debug, Default)]
pub(crate) struct Pacer {
    /// No request starts a try before this instant.
    hold_until: Mutex<Option<Instant>>,
}

impl Pacer {
    /// Holds every request for `wait` from now (a hold already longer stays).
    pub(crate) fn hold(&self, wait: Duration) {
        let Some(until) = Instant::now().checked_add(wait) else {
            return;
        };
        let mut hold = self
            .hold_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if hold.is_none_or(|current| current < until) {
            *hold = Some(until);
        }
    }

    /// Waits until no hold is in force.
    pub(crate) async fn ready(&self) {
        loop {
            let until = *self
                .hold_until
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            match until {
                Some(until) if until > Instant::now() => tokio::time::sleep_until(until).await,
                _ => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_hold_delays_every_waiter_and_the_longest_hold_wins() {
        let pacer = Pacer::default();
        let start = Instant::now();
        pacer.ready().await;
        assert_eq!(Instant::now(), start, "no hold, no wait");
        pacer.hold(Duration::from_secs(5));
        pacer.hold(Duration::from_secs(1));
        let (a, b) = tokio::join!(pacer.ready(), pacer.ready());
        let _ = (a, b);
        assert_eq!(Instant::now() - start, Duration::from_secs(5));
        pacer.hold(Duration::MAX);
        pacer.ready().await; // an impossible instant is ignored rather than waited for
    }
}
