//! The generated calls of a large account, made on demand from their index: the same index
//! gives the same call on every request and in every run, and nothing is stored per call, so an
//! account of any size is served in the same small memory.
//!
//! Index `j` is the call's place in the list after the account's materialised calls: calls get
//! older as `j` grows (the list is newest first), and each id encodes its index, so
//! `GET /v1/conversations/{id}` finds the call without a table.

use rand_pcg::Pcg64Mcg;

use super::agent_pattern::AgentPattern;
use super::call::CallSpec;
use super::generate::generated_call;
use super::mix::{mix, unmix};

/// Average time between two calls of a tail, while the whole tail fits [`MAX_SPAN_S`].
const SPACING_S: u64 = 600;
/// The longest time a tail spans: 40 years back from early 2026 is still after 1973, below
/// which a millisecond timestamp would read as seconds (see `super::start_ms`).
const MAX_SPAN_S: u64 = 40 * 365 * 86_400;

// Keys that make the id, the generator's seed, the time jitter and the retry suffix of one
// index independent of each other.
const ID_KEY: u64 = 0x466f_726d_616e_7449;
const CHECK_KEY: u64 = 0x436f_6e76_6572_7341;
const SEED_KEYS: (u64, u64) = (0x5365_6564_4869_6768, 0x5365_6564_4c6f_7773);
const JITTER_KEY: u64 = 0x4a69_7474_6572_5f5f;
const SUFFIX_KEY: u64 = 0x5375_6666_6978_5f5f;

/// `len` calls older than the account's materialised ones.
pub(crate) struct Tail {
    len: u64,
    /// No call of the tail starts after this (epoch seconds).
    newest_start_s: i64,
    /// The tail's calls start within this many seconds before `newest_start_s`.
    span_s: u64,
    agents: AgentPattern,
}

impl Tail {
    /// `len` calls, all starting before `older_than_ms` (epoch ms).
    pub(crate) fn new(len: u64, older_than_ms: i64) -> Tail {
        Tail {
            len,
            newest_start_s: older_than_ms.div_euclid(1000) - 1,
            span_s: len.saturating_mul(SPACING_S).min(MAX_SPAN_S),
            agents: AgentPattern::new(),
        }
    }

    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    /// The call at index `j`, or `None` past the end.
    pub(crate) fn call(&self, j: u64) -> Option<CallSpec> {
        if j >= self.len {
            return None;
        }
        let (agent, agent_shown) = self.agents.agent_of(j);
        let seed = (u128::from(mix(j ^ SEED_KEYS.0)) << 64) | u128::from(mix(j ^ SEED_KEYS.1));
        let mut call = generated_call(j, agent, agent_shown, &mut Pcg64Mcg::new(seed));
        call.id = id_of(j);
        call.start_ms = self.start_s(j).saturating_mul(1000);
        Some(call)
    }

    /// The index of the call with this id, if the tail holds one.
    pub(crate) fn find(&self, id: &str) -> Option<u64> {
        let j = index_in(id)?;
        (j < self.len && id_of(j) == id).then_some(j)
    }

    /// How many calls send `agent_id` (all of them for `None`).
    pub(crate) fn matching(&self, agent_id: Option<i64>) -> u64 {
        self.agents.count(agent_id, self.len)
    }

    /// The index of the `k`-th (from 0) call that sends `agent_id` (any call for `None`).
    pub(crate) fn nth_matching(&self, agent_id: Option<i64>, k: u64) -> Option<u64> {
        self.agents.nth(agent_id, k).filter(|&j| j < self.len)
    }

    /// Call `j` starts in its own slot of the span, `(hi - gap, hi]`, so the tail is in order,
    /// newest first, strictly while a slot is at least a second; its place in the slot varies.
    fn start_s(&self, j: u64) -> i64 {
        let n = u128::from(self.len.max(1));
        let span = u128::from(self.span_s);
        let slot_start = u128::from(j) * span / n;
        let slot_end = (u128::from(j) + 1) * span / n;
        let gap = slot_end - slot_start;
        let back = match gap {
            0 => slot_start,
            gap => slot_start + u128::from(mix(j ^ JITTER_KEY)) % gap,
        };
        // `back` is below the span, at most 40 years of seconds.
        self.newest_start_s - i64::try_from(back).unwrap_or(i64::MAX / 2)
    }
}

/// The id of index `j`: shaped like the API's (a UUID, one call in ten with a retry suffix
/// `_1` or `_2`); its first 64 bits are `mix(j ^ ID_KEY)`, the rest a check.
fn id_of(j: u64) -> String {
    let x = mix(j ^ ID_KEY);
    let check = mix(x ^ CHECK_KEY) >> 8;
    let hex = format!("{:030x}", (u128::from(x) << 56) | u128::from(check));
    let id = format!(
        "{}-{}-4{}-a{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..15],
        &hex[15..18],
        &hex[18..30]
    );
    match mix(x ^ SUFFIX_KEY) % 20 {
        0 => id + "_1",
        1 => id + "_2",
        _ => id,
    }
}

/// The index an id of [`id_of`]'s shape encodes (the caller checks it is really that index's).
fn index_in(id: &str) -> Option<u64> {
    let uuid = id.split_once('_').map_or(id, |(uuid, _)| uuid);
    let bytes = uuid.as_bytes();
    let shaped = uuid.is_ascii()
        && bytes.len() == 36
        && [8, 13, 18, 23].iter().all(|&at| bytes[at] == b'-')
        && bytes[14] == b'4'
        && bytes[19] == b'a';
    if !shaped {
        return None;
    }
    let hex = [
        &uuid[0..8],
        &uuid[9..13],
        &uuid[15..18],
        &uuid[20..23],
        &uuid[24..36],
    ]
    .concat();
    let bits = u128::from_str_radix(&hex, 16).ok()?;
    Some(unmix((bits >> 56) as u64) ^ ID_KEY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_lead_back_to_their_index_and_nothing_else_does() {
        let tail = Tail::new(100_000_000, 1_700_000_000_000);
        for j in [0, 1, 2, 77, 4_096, 50_000_000, 99_999_999] {
            let id = id_of(j);
            assert_eq!(tail.find(&id), Some(j), "{id}");
            assert_eq!(tail.call(j).map(|call| call.id), Some(id));
        }
        let suffixed = (0..200).map(id_of).filter(|id| id.contains('_')).count();
        assert!((5..=45).contains(&suffixed), "about one in ten: {suffixed}");
        let id = id_of(12_345);
        let mut other_check = id.clone().into_bytes();
        other_check[35] = if other_check[35] == b'0' { b'1' } else { b'0' };
        let other_check = String::from_utf8(other_check).expect("ascii");
        let past_the_end = id_of(100_000_000);
        for wrong in [
            "",
            "x",
            &id.to_uppercase(),
            &other_check,
            &format!("{id}_1"),
            &past_the_end,
            "c9f8a1d2-3b4e-4f6a-9d7e-123456789abc",
            "ééééééééééééééééééé",
            "+0000000-0000-4000-a000-000000000000",
        ] {
            assert_eq!(tail.find(wrong), None, "{wrong}");
        }
        assert_eq!(Tail::new(10, 0).find(&id_of(10)), None);
    }

    #[test]
    fn calls_get_older_with_their_index_and_stay_in_range() {
        let newest_ms = 1_767_000_000_000;
        for len in [1, 1_000, 100_000_000, 5_000_000_000, u64::MAX] {
            let tail = Tail::new(len, newest_ms);
            let probes: std::collections::BTreeSet<u64> = [
                0,
                1,
                2,
                len / 2,
                len / 2 + 1,
                len.saturating_sub(2),
                len - 1,
            ]
            .into_iter()
            .filter(|&j| j < len)
            .collect();
            let starts: Vec<(u64, i64)> = probes
                .iter()
                .map(|&j| (j, tail.call(j).expect("inside").start_ms))
                .collect();
            for pair in starts.windows(2) {
                let ((a, start_a), (b, start_b)) = (pair[0], pair[1]);
                assert!(start_a >= start_b, "len {len}: #{a} before #{b}");
                if len <= MAX_SPAN_S {
                    assert!(start_a > start_b, "len {len}: strictly");
                }
            }
            for (_, start) in &starts {
                assert!(*start < newest_ms && *start > 100_000_000_000, "len {len}");
                assert_eq!(start % 1000, 0, "whole seconds, exact in either unit");
            }
        }
    }

    #[test]
    fn the_same_index_is_the_same_call() {
        let tail = Tail::new(1_000_000, 1_767_000_000_000);
        let again = Tail::new(1_000_000, 1_767_000_000_000);
        for j in [0, 999, 123_456, 999_999] {
            let a = tail.call(j).expect("inside").to_json();
            let b = again.call(j).expect("inside").to_json();
            assert_eq!(a, b);
        }
        assert!(tail.call(1_000_000).is_none());
    }
}
