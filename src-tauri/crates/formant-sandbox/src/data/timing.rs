//! How a generated call's turns are spaced in time, which decides what call analysis finds in
//! it: most calls answer promptly, a share keeps the caller waiting, some have a barge-in and
//! some dead air — so the demo shows every kind of mark, not only on one known call.
//!
//! The kind of a call is a function of its index alone ([`TimingKind::of_index`]), and where
//! its marks go is drawn from a generator seeded by the index, never from the call's own
//! generator: the default account's calls keep their ids, statuses and texts, whatever their
//! timing. The call's own generator still draws every gap (as it did before calls had a
//! timing); a gap without a mark maps that draw into the prompt range.

use rand::seq::index::sample;
use rand::Rng;
use rand_pcg::Pcg64Mcg;

use super::call::Line;
use super::mix::mix;
use crate::audio::plan::Side;

/// Shares of the kinds, in percent of calls: slow, barge-in, dead air; the rest are normal.
const SLOW_PERCENT: u64 = 25;
const BARGE_IN_PERCENT: u64 = 15;
const DEAD_AIR_PERCENT: u64 = 15;

/// What the call's own generator draws for every gap (the even spacing of the known calls).
pub(crate) const DRAWN_GAP_S: (f64, f64) = (0.35, 1.4);
/// A prompt hand-off: well under a second, so no mark.
pub(crate) const PROMPT_GAP_S: (f64, f64) = (0.3, 0.9);
/// A slow reply, drawn as amber (1–2 s) by the app, kept clear of both edges.
const SLOW_REPLY_S: (f64, f64) = (1.2, 1.8);
/// A very slow reply, drawn as red (> 2 s); at least 2 s of silence, so also dead air.
const VERY_SLOW_REPLY_S: (f64, f64) = (2.3, 3.5);
/// How long both speak in a barge-in.
const OVERLAP_S: (f64, f64) = (0.3, 1.0);
/// Dead air: the customer says nothing for this long after the agent's turn.
const DEAD_AIR_S: (f64, f64) = (2.5, 5.0);
/// Silence this long is dead air to the analysis (its default minimum).
const DEAD_AIR_MIN_S: f64 = 2.0;
/// A barge-in goes where the interrupted turn is at least this long (its speaker is still
/// talking well after the other starts) and the interrupting one outlasts it by this margin
/// (shorter turns, at their shortest, are 0.9 × these).
const INTERRUPTED_MIN_S: f64 = 2.4;
const INTERRUPTING_MIN_S: f64 = 1.8;

const KIND_KEY: u64 = 0x5469_6d69_6e67_4b69;
const PLACE_KEYS: (u64, u64) = (0x5469_6d69_6e67_5031, 0x5469_6d69_6e67_5032);

/// What a generated call's timing holds, chosen from its index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimingKind {
    /// Every hand-off within [`PROMPT_GAP_S`].
    Normal,
    /// One agent reply of 1.2–1.8 s and one of 2.3–3.5 s after the customer stops (one of
    /// them when the call has a single hand-off to the agent).
    SlowReplies,
    /// One side starts 0.3–1.0 s before the other ends.
    BargeIn,
    /// 2.5–5 s of silence after an agent's turn.
    DeadAir,
}

impl TimingKind {
    /// The kind the generator gives the call at `index`.
    pub(crate) fn of_index(index: u64) -> TimingKind {
        match mix(index ^ KIND_KEY) % 100 {
            r if r < SLOW_PERCENT => TimingKind::SlowReplies,
            r if r < SLOW_PERCENT + BARGE_IN_PERCENT => TimingKind::BargeIn,
            r if r < SLOW_PERCENT + BARGE_IN_PERCENT + DEAD_AIR_PERCENT => TimingKind::DeadAir,
            _ => TimingKind::Normal,
        }
    }
}

/// One thing the generator placed that call analysis should find, in seconds from the start
/// of the recording: exactly the turn times the transcript sends (a `{role, message}`
/// transcript sends none, but its recording holds the same timing).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PlannedMark {
    /// The agent answered `latency_s` after the customer stopped at `after_s`.
    SlowReply { after_s: f64, latency_s: f64 },
    /// `by` started at `at_s` while the other side still spoke, both for `overlap_s`.
    BargeIn { by: Side, at_s: f64, overlap_s: f64 },
    /// Nobody spoke from `start_s` to `end_s` (at least 2 s).
    DeadAir { start_s: f64, end_s: f64 },
}

/// A generated call's timing as the generator chose it: its kind and the marks it placed.
/// A call too short for its kind's mark (a dropped call of two turns) is [`TimingKind::Normal`].
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedTiming {
    pub kind: TimingKind,
    pub marks: Vec<PlannedMark>,
}

/// The gaps of one call: by default what its generator draws (mapped into the prompt range,
/// or as drawn for the known calls' even spacing), except at the hand-offs that carry a mark.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pace {
    kind: Option<TimingKind>,
    /// (index of the turn after the gap, the gap in seconds; negative: an overlap).
    marked: Vec<(usize, f64)>,
}

impl Pace {
    /// The known calls' spacing: every gap as drawn, no kind.
    pub(crate) const EVEN: Pace = Pace {
        kind: None,
        marked: Vec::new(),
    };

    /// The pace of the generated call at `index` whose turns are `sides`, about
    /// `base_lengths_s` long each (before the ±10 % the layout adds).
    pub(crate) fn for_call(index: u64, sides: &[Side], base_lengths_s: &[f64]) -> Pace {
        let mut kind = TimingKind::of_index(index);
        let seed =
            (u128::from(mix(index ^ PLACE_KEYS.0)) << 64) | u128::from(mix(index ^ PLACE_KEYS.1));
        let mut rng = Pcg64Mcg::new(seed);
        let hand_offs = |from: Option<Side>, to: Option<Side>| -> Vec<usize> {
            (1..sides.len())
                .filter(|&i| sides[i - 1] != sides[i])
                .filter(|&i| from.is_none_or(|s| sides[i - 1] == s))
                .filter(|&i| to.is_none_or(|s| sides[i] == s))
                .collect()
        };
        let marked = match kind {
            TimingKind::Normal => Vec::new(),
            TimingKind::SlowReplies => {
                let to_agent = hand_offs(Some(Side::Customer), Some(Side::Agent));
                let picked = sample(&mut rng, to_agent.len(), to_agent.len().min(2));
                let mut ranges = [SLOW_REPLY_S, VERY_SLOW_REPLY_S];
                if rng.random_bool(0.5) {
                    ranges.reverse();
                }
                picked
                    .iter()
                    .zip(ranges)
                    .map(|(k, (lo, hi))| (to_agent[k], rng.random_range(lo..hi)))
                    .collect()
            }
            TimingKind::BargeIn => {
                let roomy: Vec<usize> = hand_offs(None, None)
                    .into_iter()
                    .filter(|&i| {
                        base_lengths_s[i - 1] >= INTERRUPTED_MIN_S
                            && base_lengths_s[i] >= INTERRUPTING_MIN_S
                    })
                    .collect();
                pick(&mut rng, &roomy)
                    .map(|i| (i, -rng.random_range(OVERLAP_S.0..OVERLAP_S.1)))
                    .into_iter()
                    .collect()
            }
            TimingKind::DeadAir => {
                let to_customer = hand_offs(Some(Side::Agent), Some(Side::Customer));
                pick(&mut rng, &to_customer)
                    .map(|i| (i, rng.random_range(DEAD_AIR_S.0..DEAD_AIR_S.1)))
                    .into_iter()
                    .collect()
            }
        };
        if marked.is_empty() {
            kind = TimingKind::Normal;
        }
        Pace {
            kind: Some(kind),
            marked,
        }
    }

    /// The gap before turn `next` (seconds from the previous turn's end), given what the call's
    /// generator drew for it within [`DRAWN_GAP_S`].
    pub(crate) fn gap_before(&self, next: usize, drawn_s: f64) -> f64 {
        if let Some(&(_, gap)) = self.marked.iter().find(|(i, _)| *i == next) {
            return gap;
        }
        match self.kind {
            None => drawn_s,
            Some(_) => {
                let (lo, hi) = DRAWN_GAP_S;
                let share = ((drawn_s - lo) / (hi - lo)).clamp(0.0, 1.0);
                PROMPT_GAP_S.0 + share * (PROMPT_GAP_S.1 - PROMPT_GAP_S.0)
            }
        }
    }

    /// What the generator placed in `lines` laid out at this pace (`None` for the even pace).
    pub(crate) fn planned(&self, lines: &[Line]) -> Option<PlannedTiming> {
        let kind = self.kind?;
        let mut marks = Vec::new();
        for &(next, _) in &self.marked {
            let (Some(before), Some(after)) = (lines.get(next.wrapping_sub(1)), lines.get(next))
            else {
                continue;
            };
            let gap = after.start_s - before.end_s;
            match kind {
                TimingKind::BargeIn => marks.push(PlannedMark::BargeIn {
                    by: after.side,
                    at_s: after.start_s,
                    overlap_s: -gap,
                }),
                TimingKind::SlowReplies => marks.push(PlannedMark::SlowReply {
                    after_s: before.end_s,
                    latency_s: gap,
                }),
                TimingKind::DeadAir | TimingKind::Normal => {}
            }
            if gap >= DEAD_AIR_MIN_S {
                marks.push(PlannedMark::DeadAir {
                    start_s: before.end_s,
                    end_s: after.start_s,
                });
            }
        }
        marks.sort_by(|a, b| at(a).total_cmp(&at(b)));
        Some(PlannedTiming { kind, marks })
    }
}

fn pick(rng: &mut Pcg64Mcg, candidates: &[usize]) -> Option<usize> {
    (!candidates.is_empty()).then(|| candidates[rng.random_range(0..candidates.len())])
}

fn at(mark: &PlannedMark) -> f64 {
    match *mark {
        PlannedMark::SlowReply { after_s, .. } => after_s,
        PlannedMark::BargeIn { at_s, .. } => at_s,
        PlannedMark::DeadAir { start_s, .. } => start_s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Side::{Agent as A, Customer as C};

    #[test]
    fn the_kinds_come_in_their_shares() {
        let mut counts = std::collections::HashMap::new();
        for index in 0..10_000 {
            *counts.entry(TimingKind::of_index(index)).or_insert(0u32) += 1;
        }
        let share = |kind| f64::from(counts[&kind]) / 100.0;
        assert!((share(TimingKind::SlowReplies) - 25.0).abs() < 2.0);
        assert!((share(TimingKind::BargeIn) - 15.0).abs() < 2.0);
        assert!((share(TimingKind::DeadAir) - 15.0).abs() < 2.0);
        assert!((share(TimingKind::Normal) - 45.0).abs() < 2.0);
    }

    fn index_of(kind: TimingKind) -> u64 {
        (0..)
            .find(|&i| TimingKind::of_index(i) == kind)
            .expect("some")
    }

    #[test]
    fn marks_go_where_their_kind_allows_and_nowhere_else() {
        let sides = [A, C, A, C, A, C];
        let lengths = [4.0, 2.0, 5.0, 1.0, 3.0, 0.8];
        let slow = Pace::for_call(index_of(TimingKind::SlowReplies), &sides, &lengths);
        assert_eq!(slow.marked.len(), 2);
        assert!(slow.marked.iter().all(|(i, _)| sides[*i] == A));
        let mut gaps: Vec<f64> = slow.marked.iter().map(|(_, g)| *g).collect();
        gaps.sort_by(f64::total_cmp);
        assert!((1.2..1.8).contains(&gaps[0]) && (2.3..3.5).contains(&gaps[1]));

        let barge = Pace::for_call(index_of(TimingKind::BargeIn), &sides, &lengths);
        let [(i, gap)] = barge.marked[..] else {
            panic!("one barge-in: {barge:?}");
        };
        assert!(lengths[i - 1] >= 2.4 && lengths[i] >= 1.8, "{i}");
        assert!((-1.0..=-0.3).contains(&gap));

        let dead = Pace::for_call(index_of(TimingKind::DeadAir), &sides, &lengths);
        let [(i, gap)] = dead.marked[..] else {
            panic!("one dead air: {dead:?}");
        };
        assert_eq!((sides[i - 1], sides[i]), (A, C));
        assert!((2.5..5.0).contains(&gap));

        // Two turns, no hand-off to the agent: a slow call cannot be slow, so it is normal.
        let short = Pace::for_call(index_of(TimingKind::SlowReplies), &[A, C], &[3.0, 3.0]);
        assert_eq!(short.kind, Some(TimingKind::Normal));
        assert!(short.marked.is_empty());
    }

    #[test]
    fn unmarked_gaps_map_into_the_prompt_range_and_the_even_pace_keeps_them() {
        let normal = Pace::for_call(index_of(TimingKind::Normal), &[A, C], &[1.0, 1.0]);
        assert_eq!(normal.gap_before(1, 0.35), 0.3);
        assert!((normal.gap_before(1, 1.4) - 0.9).abs() < 1e-12);
        assert_eq!(Pace::EVEN.gap_before(1, 1.2), 1.2);
        assert_eq!(Pace::EVEN.planned(&[]), None);
    }
}
