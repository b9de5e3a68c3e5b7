//! The account as it changes while the sandbox runs: calls that arrive after it started, each
//! going through the states a real call goes through, and revisions of calls already listed.
//!
//! Nothing here depends on a clock: the account moves on only when asked to
//! ([`Live::advance`], `POST /_sandbox/advance`), one *step* at a time, so a test knows exactly
//! what the next listing holds. A call that arrives at step `s` is, at step `s`, in progress
//! (`"status": "in_progress"`, no end, no duration, no transcript, no recording); from step
//! `s + 1` on it is final (its status, times, transcript and results), but its recording is not
//! available yet (404 `not_found`, as the API documents); from step `s + 2` on it has its
//! recording. A revision adds (or bumps) the undocumented field `x_revision` of a call, in the
//! list and the detail shape alike: a change of a call anywhere in the list, however old.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use rand_pcg::Pcg64Mcg;
use serde_json::{json, Value};

use super::call::CallSpec;
use super::generate::{generated_call, AGENTS};
use super::mix::mix;

/// The status a call has while it is still going on: not one of the documented final ones.
pub const IN_PROGRESS: &str = "in_progress";

/// Time between the starts of two arriving calls.
const ARRIVAL_SPACING_MS: i64 = 60_000;

const ID_KEY: u64 = 0x4c69_7665_4361_6c6c;
const AGENT_KEY: u64 = 0x4c69_7665_4167_656e;
const SEED_KEYS: (u64, u64) = (0x4c69_7665_5365_6564, 0x4c69_7665_5365_3264);

/// What one call that arrived while running is, at the account's current step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    InProgress,
    FinalWithoutRecording,
    Final,
}

/// The live part of an account: arrived calls (newest last) and revisions.
pub(crate) struct Live {
    state: Mutex<LiveState>,
    /// Arrived calls start after this (epoch ms): the newest call the account started with.
    after_ms: i64,
}

#[derive(Default)]
struct LiveState {
    step: u64,
    /// The step at which arrived call `i` arrived.
    births: Vec<u64>,
    by_id: HashMap<String, u64>,
    /// Revision numbers by conversation id.
    revisions: HashMap<String, u64>,
}

/// What an advance did, as the control API answers it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AdvanceOutcome {
    /// The account's step after the advance (0 when the sandbox started).
    pub step: u64,
    /// How many calls have arrived since the sandbox started.
    pub arrived: u64,
    /// The ids of the calls this advance added, newest first.
    pub new_ids: Vec<String>,
}

impl Live {
    pub(crate) fn new(after_ms: i64) -> Live {
        Live {
            state: Mutex::default(),
            after_ms,
        }
    }

    fn state(&self) -> MutexGuard<'_, LiveState> {
        // The state is only ever replaced whole under the lock; a panic elsewhere leaves it usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Moves the account one step on: `new_calls` arrive, and the calls `revise` names (which
    /// the caller has checked exist) get a new revision.
    pub(crate) fn advance(&self, new_calls: u64, revise: &[String]) -> AdvanceOutcome {
        let mut state = self.state();
        state.step = state.step.saturating_add(1);
        let first = state.births.len() as u64;
        let mut new_ids = Vec::new();
        for i in first..first.saturating_add(new_calls) {
            let id = id_of(i);
            let step = state.step;
            state.births.push(step);
            state.by_id.insert(id.clone(), i);
            new_ids.push(id);
        }
        new_ids.reverse();
        for id in revise {
            *state.revisions.entry(id.clone()).or_insert(0) += 1;
        }
        AdvanceOutcome {
            step: state.step,
            arrived: state.births.len() as u64,
            new_ids,
        }
    }

    /// How many calls have arrived (all of them for `None`, else those sending `agent_id`).
    pub(crate) fn matching(&self, agent_id: Option<i64>) -> u64 {
        let arrived = self.state().births.len() as u64;
        match agent_id {
            None => arrived,
            Some(agent) => (0..arrived).filter(|&i| agent_of(i) == agent).count() as u64,
        }
    }

    /// The list-order place `k` (newest first) among the arrived calls sending `agent_id`:
    /// the record in the detail shape, or `None` past the end.
    pub(crate) fn nth(&self, agent_id: Option<i64>, k: u64) -> Option<Value> {
        let (i, stage) = {
            let state = self.state();
            let arrived = state.births.len() as u64;
            let i = match agent_id {
                None => arrived.checked_sub(k.checked_add(1)?)?,
                Some(agent) => (0..arrived)
                    .rev()
                    .filter(|&i| agent_of(i) == agent)
                    .nth(usize::try_from(k).ok()?)?,
            };
            (i, state.stage_of(i)?)
        };
        Some(self.record(i, stage))
    }

    /// The detail-shape record of an arrived call.
    pub(crate) fn get(&self, id: &str) -> Option<Value> {
        let (i, stage) = {
            let state = self.state();
            let i = *state.by_id.get(id)?;
            (i, state.stage_of(i)?)
        };
        Some(self.record(i, stage))
    }

    /// An arrived call's description and stage, for its recording.
    pub(crate) fn call(&self, id: &str) -> Option<(CallSpec, Stage)> {
        let (i, stage) = {
            let state = self.state();
            let i = *state.by_id.get(id)?;
            (i, state.stage_of(i)?)
        };
        Some((self.spec(i), stage))
    }

    /// Adds `x_revision` to a record (either shape) of a revised call.
    pub(crate) fn apply_revision(&self, record: &mut Value) {
        let Some(id) = record.get("conversation_id").and_then(Value::as_str) else {
            return;
        };
        let revision = self.state().revisions.get(id).copied();
        if let (Some(revision), Value::Object(fields)) = (revision, record) {
            fields.insert("x_revision".into(), json!(revision));
        }
    }

    fn spec(&self, i: u64) -> CallSpec {
        let agent = AGENTS
            .iter()
            .find(|agent| agent.id == agent_of(i))
            .unwrap_or(&AGENTS[0]);
        let seed = (u128::from(mix(i ^ SEED_KEYS.0)) << 64) | u128::from(mix(i ^ SEED_KEYS.1));
        let mut call = generated_call(i, agent, true, &mut Pcg64Mcg::new(seed));
        call.id = id_of(i);
        let offset = i64::try_from(i.saturating_add(1))
            .unwrap_or(i64::MAX)
            .saturating_mul(ARRIVAL_SPACING_MS);
        call.start_ms = self.after_ms.saturating_add(offset);
        call
    }

    fn record(&self, i: u64, stage: Stage) -> Value {
        let mut record = self.spec(i).to_json();
        if stage == Stage::InProgress {
            if let Value::Object(fields) = &mut record {
                fields.insert("status".into(), json!(IN_PROGRESS));
                for field in [
                    "duration_seconds",
                    "end_timestamp",
                    "failure_reason",
                    "transcript",
                    "results",
                ] {
                    if fields.contains_key(field) {
                        fields.insert(field.into(), Value::Null);
                    }
                }
            }
        }
        self.apply_revision(&mut record);
        record
    }
}

impl LiveState {
    fn stage_of(&self, i: u64) -> Option<Stage> {
        let birth = *self.births.get(usize::try_from(i).ok()?)?;
        Some(match self.step.saturating_sub(birth) {
            0 => Stage::InProgress,
            1 => Stage::FinalWithoutRecording,
            _ => Stage::Final,
        })
    }
}

/// The agent of arrived call `i`: every arrived call sends one.
fn agent_of(i: u64) -> i64 {
    let slot = mix(i ^ AGENT_KEY) % AGENTS.len() as u64;
    AGENTS[usize::try_from(slot).unwrap_or(0)].id
}

/// A UUID-shaped id of its own key space, so it never equals a generated call's.
fn id_of(i: u64) -> String {
    let hex = format!("{:016x}{:016x}", mix(i ^ ID_KEY), mix(!i ^ ID_KEY));
    format!(
        "{}-{}-4{}-b{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arrived_call_goes_from_in_progress_to_final_to_recorded() {
        let live = Live::new(1_773_867_201_766);
        let first = live.advance(2, &[]);
        assert_eq!((first.step, first.arrived, first.new_ids.len()), (1, 2, 2));
        let newest = &first.new_ids[0];
        let record = live.get(newest).expect("arrived");
        assert_eq!(record["status"], IN_PROGRESS);
        assert!(record["transcript"].is_null() && record["end_timestamp"].is_null());
        assert_eq!(live.nth(None, 0).as_ref(), Some(&record), "newest first");
        assert!(live
            .call(newest)
            .is_some_and(|(_, s)| s == Stage::InProgress));

        live.advance(0, &[]);
        let record = live.get(newest).expect("arrived");
        assert_ne!(record["status"], IN_PROGRESS);
        assert!(live
            .call(newest)
            .is_some_and(|(_, s)| s == Stage::FinalWithoutRecording));
        live.advance(0, &[]);
        assert!(live.call(newest).is_some_and(|(_, s)| s == Stage::Final));
        assert_eq!(live.get(newest), Some(record), "final means final");

        let starts: Vec<i64> = (0..2)
            .filter_map(|k| live.nth(None, k)?["start_timestamp"].as_i64())
            .map(|s| if s < 100_000_000_000 { s * 1000 } else { s })
            .collect();
        assert!(starts[0] > starts[1] && starts[1] > 1_773_867_201_766);
        assert_eq!(live.nth(None, 2), None);
    }

    #[test]
    fn revisions_show_in_both_shapes_and_agent_filters_count_right() {
        let live = Live::new(0);
        let outcome = live.advance(50, &[]);
        let id = outcome.new_ids[3].clone();
        live.advance(0, std::slice::from_ref(&id));
        live.advance(0, std::slice::from_ref(&id));
        assert_eq!(live.get(&id).expect("arrived")["x_revision"], 2);
        let total: u64 = AGENTS.iter().map(|a| live.matching(Some(a.id))).sum();
        assert_eq!(total, 50);
        let agent = AGENTS[1].id;
        for k in 0..live.matching(Some(agent)) {
            assert_eq!(live.nth(Some(agent), k).expect("inside")["agent_id"], agent);
        }
        assert!(!id_of(0).is_empty() && id_of(0) != id_of(1));
    }
}
