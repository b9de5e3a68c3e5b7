//! Requests counted by endpoint, so a test can tell how much a client asked for (an incremental
//! sync that lists two pages and fetches five calls, say).

use std::sync::atomic::{AtomicU64, Ordering};

/// Requests received so far, of any outcome (faults included), by endpoint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RequestCounts {
    /// Every request, of any path and method (the control API's included).
    pub total: u64,
    /// `GET /v1/conversations`
    pub list: u64,
    /// `GET /v1/conversations/{id}`
    pub detail: u64,
    /// `GET /v1/conversations/{id}/recording`
    pub recording: u64,
}

#[derive(Debug, Default)]
pub(crate) struct Counters {
    total: AtomicU64,
    list: AtomicU64,
    detail: AtomicU64,
    recording: AtomicU64,
}

impl Counters {
    pub(crate) fn count(&self, path: &str) {
        self.total.fetch_add(1, Ordering::Relaxed);
        let endpoint = match path.trim_end_matches('/').strip_prefix("/v1/conversations") {
            Some("") => Some(&self.list),
            Some(rest) => match rest.strip_prefix('/').map(|rest| rest.split('/').count()) {
                Some(1) => Some(&self.detail),
                Some(2) if rest.ends_with("/recording") => Some(&self.recording),
                _ => None,
            },
            None => None,
        };
        if let Some(counter) = endpoint {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub(crate) fn snapshot(&self) -> RequestCounts {
        RequestCounts {
            total: self.total.load(Ordering::Relaxed),
            list: self.list.load(Ordering::Relaxed),
            detail: self.detail.load(Ordering::Relaxed),
            recording: self.recording.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_counted_by_endpoint() {
        let counters = Counters::default();
        for path in [
            "/v1/conversations",
            "/v1/conversations/",
            "/v1/conversations/abc",
            "/v1/conversations/abc/recording",
            "/v1/conversations/abc/other",
            "/_sandbox/faults",
            "/v1/conversationsx",
        ] {
            counters.count(path);
        }
        let counts = counters.snapshot();
        assert_eq!(
            counts,
            RequestCounts {
                total: 7,
                list: 2,
                detail: 1,
                recording: 1
            }
        );
    }
}
