//! The incremental rule: when a listing may stop before the end of the list.
//!
//! What the API gives: a list with no "since" filter and no documented order. What the
//! sandbox and the API's examples show: newest first (by start), and new calls appear on top,
//! shifting older ones down. So:
//!
//! - **Incremental pass**: page from the top; stop after the first page that brought nothing
//!   new and nothing changed *and* whose calls all started before the floor: the newest start
//!   the library held when the pass began, minus [`Rule::lookback`]. The lookback covers calls
//!   that show up late below newer ones (a long call listed only once it ended, a call the
//!   API back-fills), as long as they are at most that much older than the newest known call.
//! - **Full pass**: the whole list — the first sync, `--full`, and every
//!   [`Rule::full_pass_every`] — to catch changes deep in the past (a call re-classified
//!   weeks later) that no incremental pass reaches.
//! - **Calls that may still change** (a status not known as final, e.g. `in_progress`; a
//!   changed list entry; details never fetched or failed) are refetched by their id in the
//!   details phase, wherever they sit in the list, until they are final.
//!
//! What no pass catches: a change to a call's transcript or results that leaves its list
//! entry the same (the list does not carry them) once the call is final; a call the API
//! deletes (the library keeps it); a call that appears, older than the floor, below a page
//! of known calls, between two full passes.

use std::time::Duration;

/// The rule's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// How far below the newest known call an incremental pass still looks.
    pub lookback: Duration,
    /// How often an incremental sync becomes a full pass.
    pub full_pass_every: Duration,
}

impl Default for Rule {
    fn default() -> Self {
        Self {
            lookback: Duration::from_secs(6 * 3600),
            full_pass_every: Duration::from_secs(7 * 86_400),
        }
    }
}

impl Rule {
    /// Whether a new pass must walk the whole list.
    pub fn full_pass_due(&self, forced: bool, last_full_pass_ms: Option<i64>, now_ms: i64) -> bool {
        let every = i64::try_from(self.full_pass_every.as_millis()).unwrap_or(i64::MAX);
        forced || last_full_pass_ms.is_none_or(|last| now_ms.saturating_sub(last) >= every)
    }

    /// The floor of an incremental pass that begins with `newest_known_ms` the newest start in
    /// the library; `None` (no floor: never stop early) when the library has no start time.
    pub fn floor(&self, newest_known_ms: Option<i64>) -> Option<i64> {
        let lookback = i64::try_from(self.lookback.as_millis()).unwrap_or(i64::MAX);
        newest_known_ms.map(|newest| newest.saturating_sub(lookback))
    }

    /// Whether an incremental pass stops after a page: nothing new or changed on it, and every
    /// call on it started before `floor` (a call without a start time never lets it stop).
    pub fn stops_after(
        floor: Option<i64>,
        new_or_changed: usize,
        starts: impl IntoIterator<Item = Option<i64>>,
    ) -> bool {
        let Some(floor) = floor else {
            return false;
        };
        let mut any = false;
        for start in starts {
            any = true;
            if start.is_none_or(|start| start >= floor) {
                return false;
            }
        }
        new_or_changed == 0 && any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;

    #[test]
    fn a_full_pass_is_due_first_when_forced_and_after_a_week() {
        let rule = Rule::default();
        let now = 1_800_000_000_000;
        assert!(rule.full_pass_due(false, None, now), "first sync");
        assert!(rule.full_pass_due(true, Some(now), now), "forced");
        assert!(!rule.full_pass_due(false, Some(now - 24 * HOUR), now));
        assert!(rule.full_pass_due(false, Some(now - 7 * 24 * HOUR), now));
        assert!(
            rule.full_pass_due(false, Some(i64::MIN), now),
            "no overflow"
        );
    }

    #[test]
    fn an_incremental_pass_stops_only_below_the_floor_on_a_page_with_nothing_new() {
        let rule = Rule::default();
        let newest = 1_800_000_000_000;
        let floor = rule.floor(Some(newest));
        assert_eq!(floor, Some(newest - 6 * HOUR));
        let old = [Some(newest - 7 * HOUR), Some(newest - 8 * HOUR)];
        assert!(Rule::stops_after(floor, 0, old));
        assert!(!Rule::stops_after(floor, 1, old), "something new on it");
        let recent = [Some(newest - 7 * HOUR), Some(newest - HOUR)];
        assert!(!Rule::stops_after(floor, 0, recent), "within the lookback");
        assert!(!Rule::stops_after(
            floor,
            0,
            [Some(newest - 7 * HOUR), None]
        ));
        assert!(
            !Rule::stops_after(floor, 0, []),
            "an empty page ends the list instead"
        );
        assert!(!Rule::stops_after(None, 0, old), "no floor, no early stop");
        assert_eq!(rule.floor(Some(i64::MIN)), Some(i64::MIN));
        assert_eq!(rule.floor(None), None);
    }
}
