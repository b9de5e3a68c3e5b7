//! Which agent made each generated call of a large account, as a fixed pattern that repeats
//! every [`PERIOD`] calls, so that how many calls an agent has before any index, and where its
//! k-th call is, are arithmetic rather than a scan over millions of calls.

use rand::Rng;
use rand_pcg::Pcg64Mcg;

use super::generate::{AgentProfile, AGENTS};

/// Calls in one repetition of the pattern: long enough to look random in any list page.
const PERIOD: u64 = 1024;

/// One in this many calls sends `agent_id: null`, as in the default account.
const HIDDEN_AGENT_ONE_IN: u32 = 53;

/// The agent of every index, and each agent's positions within one period.
pub(crate) struct AgentPattern {
    /// For each position in the period: the agent, and whether its id is sent.
    slots: Vec<(&'static AgentProfile, bool)>,
    /// For each agent id: the positions in the period where it is sent, ascending.
    positions: Vec<(i64, Vec<u64>)>,
}

impl AgentPattern {
    pub(crate) fn new() -> AgentPattern {
        let mut rng = Pcg64Mcg::new(0x4167_656e_7450_6174_7465_726e_5f76_3031);
        let slots: Vec<(&'static AgentProfile, bool)> = (0..PERIOD)
            .map(|_| {
                let agent = &AGENTS[rng.random_range(0..AGENTS.len())];
                (agent, rng.random_range(0..HIDDEN_AGENT_ONE_IN) != 0)
            })
            .collect();
        let positions = AGENTS
            .iter()
            .map(|agent| {
                let at = (0..PERIOD)
                    .zip(&slots)
                    .filter(|(_, (slot, shown))| *shown && slot.id == agent.id)
                    .map(|(position, _)| position)
                    .collect();
                (agent.id, at)
            })
            .collect();
        AgentPattern { slots, positions }
    }

    /// The agent of the call at `index`, and whether its `agent_id` is sent.
    pub(crate) fn agent_of(&self, index: u64) -> (&'static AgentProfile, bool) {
        // The index modulo PERIOD is below the slots' length, which is PERIOD.
        self.slots[(index % PERIOD) as usize]
    }

    /// How many of the calls `0..len` send `agent_id` (all of them for `None`).
    pub(crate) fn count(&self, agent_id: Option<i64>, len: u64) -> u64 {
        let Some(agent_id) = agent_id else {
            return len;
        };
        let at = self.positions_of(agent_id);
        let whole_periods = (len / PERIOD) * at.len() as u64;
        let rest = at.partition_point(|&position| position < len % PERIOD) as u64;
        whole_periods + rest
    }

    /// The index of the `k`-th (from 0) call that sends `agent_id` (any call for `None`).
    pub(crate) fn nth(&self, agent_id: Option<i64>, k: u64) -> Option<u64> {
        let Some(agent_id) = agent_id else {
            return Some(k);
        };
        let at = self.positions_of(agent_id);
        let per_period = at.len() as u64;
        let within = at.get(usize::try_from(k.checked_rem(per_period)?).ok()?)?;
        (k / per_period).checked_mul(PERIOD)?.checked_add(*within)
    }

    fn positions_of(&self, agent_id: i64) -> &[u64] {
        self.positions
            .iter()
            .find(|(id, _)| *id == agent_id)
            .map_or(&[], |(_, at)| at.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_positions_agree_with_a_scan() {
        let pattern = AgentPattern::new();
        let len = 3 * PERIOD + 517;
        for agent in AGENTS.iter().map(|a| Some(a.id)).chain([None, Some(999)]) {
            let matching: Vec<u64> = (0..len)
                .filter(|&index| {
                    let (slot, shown) = pattern.agent_of(index);
                    agent.is_none_or(|id| shown && slot.id == id)
                })
                .collect();
            assert_eq!(
                pattern.count(agent, len),
                matching.len() as u64,
                "{agent:?}"
            );
            for (k, &index) in matching.iter().enumerate() {
                assert_eq!(pattern.nth(agent, k as u64), Some(index), "{agent:?} #{k}");
            }
        }
        assert_eq!(pattern.nth(Some(999), 0), None, "an agent with no calls");
        // Every agent makes calls, and some calls hide their agent.
        for agent in &AGENTS {
            assert!(pattern.count(Some(agent.id), PERIOD) > 100, "{}", agent.id);
        }
        let shown: u64 = AGENTS
            .iter()
            .map(|a| pattern.count(Some(a.id), PERIOD))
            .sum();
        assert!(shown < PERIOD);
    }

    #[test]
    fn far_indices_do_not_overflow() {
        let pattern = AgentPattern::new();
        assert_eq!(pattern.count(Some(452), 0), 0);
        let many = pattern.count(Some(452), u64::MAX);
        assert!(many > u64::MAX / 10);
        let last = pattern.nth(Some(452), many - 1).expect("inside u64");
        assert_eq!(pattern.count(Some(452), last), many - 1);
        assert_eq!(pattern.nth(Some(452), u64::MAX), None);
    }
}
