//! What a [`crate::Client`] needs: where the API is, the key, and how patient to be.

use std::time::Duration;

use formant_core::{ApiKey, Region};

/// How a client talks to one account's API.
///
/// `Debug` is safe to log: [`ApiKey`] prints `<redacted>`.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// e.g. `https://api.voice.formantai.com`, or `http://127.0.0.1:PORT` for the sandbox. A
    /// path prefix (a proxy mounted under `/formant`) is kept.
    pub base_url: String,
    pub key: ApiKey,
    /// Connecting, and each wait for data, may take at most this long; a JSON request as a
    /// whole too (so a server trickling a byte at a time cannot hold it longer). A recording download has no overall limit (a long call over a slow line is
    /// fine) as long as data keeps arriving.
    pub timeout: Duration,
    pub retry: RetryPolicy,
}

impl ClientConfig {
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

    pub fn new(base_url: impl Into<String>, key: ApiKey) -> Self {
        Self {
            base_url: base_url.into(),
            key,
            timeout: Self::DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
        }
    }

    pub fn for_region(region: &Region, key: ApiKey) -> Self {
        Self::new(region.base_url(), key)
    }
}

/// When and how often a failed GET is tried again.
///
/// Retried: connection failures and broken bodies, timeouts, 429, 502, 503 and 504 — the
/// failures a second try can fix. Not retried: 500 (the API failed on this very request; the
/// same request is expected to fail the same way, and the user learns sooner), any other
/// 4xx, and responses that cannot be read. Only GETs exist in this client, and all are
/// idempotent, so every request may be retried under these rules.
///
/// Delays grow exponentially from `initial_delay` up to `max_delay`, with random jitter so
/// many clients do not retry in step. A 429's `Retry-After` (seconds or an HTTP date) replaces the delay
/// when it is at most `max_retry_after`; a longer wait is not slept through: the error is
/// returned at once, carrying the time, so the UI can say when to try again.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Tries after the first; 0 turns retrying off.
    pub max_retries: usize,
    pub initial_delay: Duration,
    pub max_delay: Duration,
    pub max_retry_after: Duration,
    pub jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            initial_delay: Duration::from_millis(300),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(20),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// Every request is tried once.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Millisecond delays: for tests that exercise retrying without waiting for it.
    pub fn fast(max_retries: usize) -> Self {
        Self {
            max_retries,
            initial_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            max_retry_after: Duration::from_secs(2),
            jitter: false,
        }
    }
}
