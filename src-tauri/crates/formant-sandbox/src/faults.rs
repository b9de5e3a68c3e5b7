//! Fault injection: a queue of misbehaviours the server applies to the next matching requests.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// One way the server can misbehave, as real networks, proxies and APIs do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    /// Wait this long before answering normally.
    Latency(Duration),
    /// 429 with a `Retry-After` header and a `rate_limited` ErrorResponse.
    RateLimited { retry_after_secs: u64 },
    /// This status (meant for 500/502/503/504) with a `server_error` ErrorResponse.
    Status(u16),
    /// Headers promise the full Content-Length, the body stops halfway and the connection closes.
    TruncatedBody,
    /// 200 with `application/json` whose body is not valid JSON.
    MalformedJson,
    /// 502 `text/html`, the way a reverse proxy answers when the API behind it is down.
    HtmlErrorPage,
    /// A recording answered with 200 `audio/wav` whose body is not a WAV file.
    /// Only recording requests match this fault.
    NotWav,
}

/// A fault applied to the next `times` requests whose path contains `path_contains`
/// (every path when `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub kind: FaultKind,
    pub times: u32,
    pub path_contains: Option<String>,
}

impl Fault {
    /// A fault for the next request, whatever its path.
    pub fn once(kind: FaultKind) -> Self {
        Fault {
            kind,
            times: 1,
            path_contains: None,
        }
    }

    fn matches(&self, path: &str) -> bool {
        if self.times == 0 {
            return false;
        }
        if self.kind == FaultKind::NotWav && !is_recording_path(path) {
            return false;
        }
        self.path_contains
            .as_deref()
            .is_none_or(|needle| path.contains(needle))
    }
}

/// Whether a request path asks for a recording.
pub(crate) fn is_recording_path(path: &str) -> bool {
    path.ends_with("/recording")
}

/// The shared fault queue of one sandbox; cloning shares the queue.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    queue: Arc<Mutex<Vec<Fault>>>,
}

impl Faults {
    /// Adds a fault after those already queued; the first matching fault wins.
    pub fn push(&self, f: Fault) {
        if f.times > 0 {
            self.lock().push(f);
        }
    }

    /// Removes every queued fault.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// How many faults are still queued.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no fault is queued.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    /// Takes one use of the first fault matching `path`, dropping it once used up.
    pub(crate) fn take_for(&self, path: &str) -> Option<FaultKind> {
        let mut queue = self.lock();
        let index = queue.iter().position(|f| f.matches(path))?;
        let fault = &mut queue[index];
        fault.times -= 1;
        let kind = fault.kind.clone();
        if fault.times == 0 {
            queue.remove(index);
        }
        Some(kind)
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Fault>> {
        // A panic while holding this lock cannot leave the Vec half-updated in a way that
        // matters, so a poisoned lock is still usable.
        self.queue
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_applies_exactly_times_then_disappears() {
        let faults = Faults::default();
        faults.push(Fault {
            kind: FaultKind::Status(503),
            times: 2,
            path_contains: None,
        });
        assert_eq!(
            faults.take_for("/v1/conversations"),
            Some(FaultKind::Status(503))
        );
        assert_eq!(
            faults.take_for("/v1/conversations"),
            Some(FaultKind::Status(503))
        );
        assert_eq!(faults.take_for("/v1/conversations"), None);
        assert!(faults.is_empty());
    }

    #[test]
    fn path_filter_skips_other_paths_and_keeps_order() {
        let faults = Faults::default();
        faults.push(Fault {
            kind: FaultKind::TruncatedBody,
            times: 1,
            path_contains: Some("/recording".into()),
        });
        faults.push(Fault::once(FaultKind::MalformedJson));
        assert_eq!(
            faults.take_for("/v1/conversations/x"),
            Some(FaultKind::MalformedJson)
        );
        assert_eq!(faults.take_for("/v1/conversations/x"), None);
        assert_eq!(
            faults.take_for("/v1/conversations/x/recording"),
            Some(FaultKind::TruncatedBody)
        );
    }

    #[test]
    fn not_wav_only_matches_recordings_and_clear_empties() {
        let faults = Faults::default();
        faults.push(Fault::once(FaultKind::NotWav));
        assert_eq!(faults.take_for("/v1/conversations"), None);
        assert_eq!(faults.len(), 1);
        faults.clear();
        assert_eq!(faults.take_for("/v1/conversations/a/recording"), None);
    }

    #[test]
    fn zero_times_is_ignored() {
        let faults = Faults::default();
        faults.push(Fault {
            kind: FaultKind::HtmlErrorPage,
            times: 0,
            path_contains: None,
        });
        assert!(faults.is_empty());
    }
}
