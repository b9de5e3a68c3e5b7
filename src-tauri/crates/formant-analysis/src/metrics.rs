//! The call's figures, from each side's speech.
//!
//! - **Response latency**: for every agent stretch that does not start while the customer is
//!   speaking, if of all the speech that ended before it the customer's ended last, that is a
//!   hand-off: latency = agent start − customer end (`after_s`).
//! - **Interruption**: a stretch that starts while the other side is speaking and overlaps it
//!   by at least [`MIN_OVERLAP_S`]; `overlap_s` is how long both spoke. An agent start that
//!   overlaps the customer's last words by less than that is a hand-off with latency 0.
//! - **Dead air**: a gap of at least `min_silence_s` between two stretches of anyone's speech
//!   (the time before the first word is `time_to_first_word_s`, the time after the last is
//!   the call winding down; neither is dead air).
//! - **Percentiles**: nearest rank (p-th percentile = the ⌈p·n⌉-th smallest value).

use crate::result::{BySide, Interruption, Monologue, ResponseLatency, Side, Silence};
use crate::span::Span;

pub const MIN_OVERLAP_S: f64 = 0.2;

/// Every stretch of both sides, sorted by start.
fn labelled(speech: &BySide<Vec<Span>>) -> Vec<(Side, Span)> {
    let mut all: Vec<(Side, Span)> = speech
        .agent
        .iter()
        .map(|s| (Side::Agent, *s))
        .chain(speech.customer.iter().map(|s| (Side::Customer, *s)))
        .collect();
    all.sort_by(|a, b| a.1 .0.total_cmp(&b.1 .0));
    all
}

/// The other side's stretch that `t` falls inside, if any (each side's stretches are disjoint).
fn speaking_at(spans: &[Span], t: f64) -> Option<Span> {
    spans.iter().copied().find(|s| s.contains(t))
}

pub fn interruptions(speech: &BySide<Vec<Span>>) -> Vec<Interruption> {
    labelled(speech)
        .into_iter()
        .filter_map(|(side, span)| {
            let other = speaking_at(speech.get(side.other()), span.0)?;
            let overlap_s = span.1.min(other.1) - span.0;
            (overlap_s >= MIN_OVERLAP_S).then_some(Interruption {
                by: side,
                at_s: span.0,
                overlap_s,
            })
        })
        .collect()
}

pub fn response_latencies(speech: &BySide<Vec<Span>>) -> Vec<ResponseLatency> {
    let all = labelled(speech);
    speech
        .agent
        .iter()
        .filter_map(|agent| {
            let start = agent.0;
            if let Some(customer) = speaking_at(&speech.customer, start) {
                // Talking over the customer's last words: a hand-off, not an interruption.
                return (agent.1.min(customer.1) - start < MIN_OVERLAP_S).then_some(
                    ResponseLatency {
                        after_s: customer.1,
                        latency_s: 0.0,
                    },
                );
            }
            let (side, last) = all
                .iter()
                .filter(|(_, s)| s.1 <= start && *s != *agent)
                .max_by(|a, b| a.1 .1.total_cmp(&b.1 .1))?;
            (*side == Side::Customer).then_some(ResponseLatency {
                after_s: last.1,
                latency_s: start - last.1,
            })
        })
        .collect()
}

pub fn silences(voice: &[Span], min_silence_s: f64) -> Vec<Silence> {
    voice
        .windows(2)
        .filter(|w| w[1].0 - w[0].1 >= min_silence_s)
        .map(|w| Silence {
            start_s: w[0].1,
            end_s: w[1].0,
        })
        .collect()
}

/// Runs of one side's stretches with nothing from the other side in between.
pub fn longest_monologue(speech: &BySide<Vec<Span>>) -> Option<Monologue> {
    let mut best: Option<Monologue> = None;
    let mut current: Option<Monologue> = None;
    for (side, span) in labelled(speech) {
        current = match current {
            Some(run) if run.by == side => Some(Monologue {
                end_s: run.end_s.max(span.1),
                ..run
            }),
            _ => Some(Monologue {
                by: side,
                start_s: span.0,
                end_s: span.1,
            }),
        };
        if let Some(run) = current {
            if best.is_none_or(|b| run.end_s - run.start_s > b.end_s - b.start_s) {
                best = Some(run);
            }
        }
    }
    best
}

/// Nearest-rank percentile of `values`, `p` in (0, 1].
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let rank = ((p * n as f64).ceil() as usize).clamp(1, n);
    Some(sorted[rank - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call() -> BySide<Vec<Span>> {
        BySide {
            agent: vec![
                Span(0.5, 3.0),
                Span(4.5, 8.0),
                Span(9.0, 10.0),
                Span(14.0, 15.0),
            ],
            customer: vec![Span(3.5, 4.0), Span(6.0, 8.5), Span(11.5, 12.0)],
        }
    }

    #[test]
    fn hand_offs_and_interruptions() {
        let speech = call();
        let latencies: Vec<(f64, f64)> = response_latencies(&speech)
            .iter()
            .map(|l| (l.after_s, l.latency_s))
            .collect();
        // 4.0 → 4.5; after the barge-in the customer ended last (8.5 → 9.0); 12.0 → 14.0.
        assert_eq!(latencies, vec![(4.0, 0.5), (8.5, 0.5), (12.0, 2.0)]);
        let interruptions = interruptions(&speech);
        assert_eq!(interruptions.len(), 1);
        assert_eq!(interruptions[0].by, Side::Customer);
        assert_eq!(interruptions[0].at_s, 6.0);
        assert_eq!(interruptions[0].overlap_s, 2.0);
        let monologue = longest_monologue(&speech).expect("one");
        assert_eq!((monologue.by, monologue.start_s), (Side::Agent, 4.5));
    }

    #[test]
    fn dead_air_is_between_speech_only() {
        let voice = [Span(1.0, 2.0), Span(4.5, 5.0), Span(6.0, 7.0)];
        assert_eq!(
            silences(&voice, 2.0),
            vec![Silence {
                start_s: 2.0,
                end_s: 4.5
            }]
        );
        assert!(silences(&voice, 3.0).is_empty());
    }

    #[test]
    fn nearest_rank_percentiles() {
        let v = [0.4, 1.0, 0.7, 2.5];
        assert_eq!(percentile(&v, 0.5), Some(0.7));
        assert_eq!(percentile(&v, 0.9), Some(2.5));
        assert_eq!(percentile(&[], 0.5), None);
    }
}
