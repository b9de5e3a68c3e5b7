//! Fault injection: the misbehaviours the server applies to matching requests, in the order
//! they were added.

mod spec;

use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

pub use spec::{FaultSpecError, FAULT_HELP};

/// One way the server can misbehave, as real networks, proxies and APIs do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    /// Wait this long before answering normally.
    Latency(Duration),
    /// 429 with a `Retry-After` header and a `rate_limited` ErrorResponse.
    RateLimited { retry_after_secs: u64 },
    /// This status (400..=599) with the ErrorResponse the API sends with it.
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
}

/// Which of the matching requests a fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// The next N matching requests; then the fault is gone.
    Times(NonZeroU32),
    /// Every Nth matching request (every one for 1), for as long as the sandbox runs.
    Every(NonZeroU32),
}

/// A fault with its schedule and its path filter: what `formant sandbox --fault` and the
/// control API describe in text (`rate-limit=5,times=2`; see [`FAULT_HELP`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultSpec {
    pub kind: FaultKind,
    pub schedule: Schedule,
    /// Only requests whose path contains this text (every path when `None`).
    pub path_contains: Option<String>,
}

impl FaultSpec {
    /// This fault on every request, whatever its path.
    pub fn always(kind: FaultKind) -> Self {
        FaultSpec {
            kind,
            schedule: Schedule::Every(NonZeroU32::MIN),
            path_contains: None,
        }
    }

    fn matches(&self, path: &str) -> bool {
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

/// A fault in the queue, with what it has left or how many requests it has seen.
#[derive(Debug)]
struct Rule {
    spec: FaultSpec,
    /// Matching requests seen by an `Every` rule (those an earlier rule took are not seen).
    seen: u64,
}

/// The shared fault queue of one sandbox; cloning shares the queue.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    queue: Arc<Mutex<Vec<Rule>>>,
}

impl Faults {
    /// Adds a fault for the next `times` matching requests after those already queued; the
    /// first matching fault wins. A fault for 0 requests is ignored.
    pub fn push(&self, f: Fault) {
        if let Some(times) = NonZeroU32::new(f.times) {
            self.add(FaultSpec {
                kind: f.kind,
                schedule: Schedule::Times(times),
                path_contains: f.path_contains,
            });
        }
    }

    /// Adds a fault with any schedule after those already queued; the first matching fault
    /// that is due wins.
    pub fn add(&self, spec: FaultSpec) {
        self.lock().push(Rule { spec, seen: 0 });
    }

    /// Removes every queued fault.
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// How many faults are still queued (recurring ones stay queued).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no fault is queued.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    /// The fault the request to `path` gets, if any: the first matching rule that is due.
    /// A `Times` rule uses one of its requests (and goes once used up); an `Every` rule counts
    /// the request and applies on each Nth.
    pub(crate) fn take_for(&self, path: &str) -> Option<FaultKind> {
        let mut queue = self.lock();
        let mut index = 0;
        while index < queue.len() {
            let rule = &mut queue[index];
            if rule.spec.matches(path) {
                match rule.spec.schedule {
                    Schedule::Times(left) => {
                        let kind = rule.spec.kind.clone();
                        match NonZeroU32::new(left.get() - 1) {
                            Some(left) => rule.spec.schedule = Schedule::Times(left),
                            None => {
                                queue.remove(index);
                            }
                        }
                        return Some(kind);
                    }
                    Schedule::Every(every) => {
                        rule.seen = rule.seen.wrapping_add(1);
                        if rule.seen % u64::from(every.get()) == 0 {
                            return Some(rule.spec.kind.clone());
                        }
                    }
                }
            }
            index += 1;
        }
        None
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Rule>> {
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

    fn every(n: u32) -> Schedule {
        Schedule::Every(NonZeroU32::new(n).expect("non-zero"))
    }

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

    #[test]
    fn an_always_fault_never_runs_out() {
        let faults = Faults::default();
        faults.add(FaultSpec::always(FaultKind::MalformedJson));
        for _ in 0..1_000 {
            assert_eq!(
                faults.take_for("/v1/conversations"),
                Some(FaultKind::MalformedJson)
            );
        }
        assert_eq!(faults.len(), 1);
    }

    #[test]
    fn every_nth_counts_only_the_requests_that_reach_it() {
        let faults = Faults::default();
        faults.push(Fault::once(FaultKind::HtmlErrorPage));
        faults.add(FaultSpec {
            kind: FaultKind::Status(503),
            schedule: every(3),
            path_contains: Some("/conversations".into()),
        });
        let outcomes: Vec<Option<FaultKind>> = (0..7)
            .map(|_| faults.take_for("/v1/conversations"))
            .collect();
        let s503 = Some(FaultKind::Status(503));
        assert_eq!(
            outcomes,
            [
                Some(FaultKind::HtmlErrorPage),
                None,
                None,
                s503.clone(),
                None,
                None,
                s503
            ]
        );
        assert_eq!(faults.take_for("/elsewhere"), None, "path filter");
    }

    #[test]
    fn a_limited_fault_after_a_recurring_one_waits_for_its_turn() {
        let faults = Faults::default();
        faults.add(FaultSpec {
            kind: FaultKind::RateLimited {
                retry_after_secs: 1,
            },
            schedule: every(2),
            path_contains: None,
        });
        faults.push(Fault::once(FaultKind::TruncatedBody));
        assert_eq!(faults.take_for("/v1"), Some(FaultKind::TruncatedBody));
        assert_eq!(
            faults.take_for("/v1"),
            Some(FaultKind::RateLimited {
                retry_after_secs: 1
            })
        );
        assert_eq!(faults.take_for("/v1"), None);
    }
}
