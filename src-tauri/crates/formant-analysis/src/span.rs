//! Stretches of time and the few operations on sorted lists of them.

use serde::{Deserialize, Serialize};

/// `[start, end]` in seconds from the recording's start; serialised as a two-number array.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Span(pub f64, pub f64);

impl Span {
    pub fn start(self) -> f64 {
        self.0
    }

    pub fn end(self) -> f64 {
        self.1
    }

    pub fn len(self) -> f64 {
        (self.1 - self.0).max(0.0)
    }

    pub fn is_empty(self) -> bool {
        self.1 <= self.0
    }

    /// Seconds both spans cover.
    pub fn overlap(self, other: Span) -> f64 {
        (self.1.min(other.1) - self.0.max(other.0)).max(0.0)
    }

    /// Whether `t` lies strictly inside.
    pub fn contains(self, t: f64) -> bool {
        self.0 < t && t < self.1
    }
}

/// Sorted spans with gaps shorter than `max_gap` closed (overlapping ones always join).
pub fn merge_gaps(spans: &[Span], max_gap: f64) -> Vec<Span> {
    let mut sorted = spans.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<Span> = Vec::with_capacity(sorted.len());
    for span in sorted {
        match out.last_mut() {
            Some(last) if span.0 - last.1 < max_gap => last.1 = last.1.max(span.1),
            _ => out.push(span),
        }
    }
    out
}

/// The union of any spans, sorted.
pub fn union(spans: &[Span]) -> Vec<Span> {
    let mut sorted = spans.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<Span> = Vec::with_capacity(sorted.len());
    for span in sorted {
        match out.last_mut() {
            Some(last) if span.0 <= last.1 => last.1 = last.1.max(span.1),
            _ => out.push(span),
        }
    }
    out
}

/// Seconds of `spans` (disjoint) that overlap any of `others` (disjoint), in one sweep.
pub fn overlap_total(spans: &[Span], others: &[Span]) -> f64 {
    let (mut i, mut j, mut total) = (0, 0, 0.0);
    while i < spans.len() && j < others.len() {
        total += spans[i].overlap(others[j]);
        if spans[i].1 < others[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    total
}

/// Total length.
pub fn total(spans: &[Span]) -> f64 {
    spans.iter().map(|s| s.len()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_below_the_limit_close_and_others_stay() {
        let spans = [Span(3.0, 4.0), Span(0.0, 1.0), Span(1.2, 2.0)];
        assert_eq!(
            merge_gaps(&spans, 0.5),
            vec![Span(0.0, 2.0), Span(3.0, 4.0)]
        );
        assert_eq!(union(&spans).len(), 3);
        assert_eq!(
            union(&[Span(0.0, 2.0), Span(1.0, 3.0)]),
            vec![Span(0.0, 3.0)]
        );
    }

    #[test]
    fn overlap_total_sweeps_both_lists() {
        let a = [Span(0.0, 2.0), Span(3.0, 5.0)];
        let b = [Span(1.0, 3.5), Span(4.5, 9.0)];
        assert!((overlap_total(&a, &b) - 2.0).abs() < 1e-9);
    }
}
