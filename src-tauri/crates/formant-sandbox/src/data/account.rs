//! One running sandbox's account: the fixed dataset it started with (shared, immutable) and
//! what has happened to it since ([`Live`]): arrived calls on top of the list, revisions.

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::Value;

use super::live::{AdvanceOutcome, Live, Stage};
use super::{list_item, start_ms, Dataset, Page};
use crate::audio::plan::RecordingPlan;

pub(crate) struct Account {
    base: Arc<Dataset>,
    live: Live,
}

/// A revision named a call the account does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnknownCall(pub String);

impl Account {
    pub(crate) fn new(base: Arc<Dataset>) -> Account {
        let newest = base.newest_start_ms();
        Account {
            base,
            live: Live::new(newest),
        }
    }

    pub(crate) fn len(&self) -> u64 {
        self.base.len().saturating_add(self.live.matching(None))
    }

    /// Arrived calls first (they are the newest), then the dataset's.
    pub(crate) fn page(&self, agent_id: Option<i64>, offset: u64, limit: u64) -> Page {
        let live = self.live.matching(agent_id);
        let mut items = Vec::new();
        let end = offset.saturating_add(limit);
        for k in offset..end.min(live) {
            if let Some(record) = self.live.nth(agent_id, k) {
                items.push(list_item(&record));
            }
        }
        let base_offset = offset.saturating_sub(live);
        let base_limit = end.saturating_sub(live.max(offset));
        let base = self.base.page(agent_id, base_offset, base_limit);
        items.extend(base.items.into_iter().map(|mut item| {
            self.live.apply_revision(&mut item);
            item
        }));
        Page {
            items,
            total: base.total.saturating_add(live),
        }
    }

    pub(crate) fn get(&self, id: &str) -> Option<Cow<'_, Value>> {
        if let Some(record) = self.live.get(id) {
            return Some(Cow::Owned(record));
        }
        let record = self.base.get(id)?;
        let mut revised = record.clone().into_owned();
        self.live.apply_revision(&mut revised);
        Some(if revised == *record {
            record
        } else {
            Cow::Owned(revised)
        })
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.live.get(id).is_some() || self.base.contains(id)
    }

    /// `None` when the call has no recording, or none yet.
    pub(crate) fn recording(&self, id: &str) -> Option<Cow<'_, RecordingPlan>> {
        match self.live.call(id) {
            Some((call, Stage::Final)) => call.recording_plan().map(Cow::Owned),
            Some(_) => None,
            None => self.base.recording(id),
        }
    }

    /// See [`Live::advance`]; refuses (changing nothing) when `revise` names an unknown call.
    pub(crate) fn advance(
        &self,
        new_calls: u64,
        revise: &[String],
    ) -> Result<AdvanceOutcome, UnknownCall> {
        if let Some(unknown) = revise.iter().find(|id| !self.contains(id)) {
            return Err(UnknownCall(unknown.clone()));
        }
        Ok(self.live.advance(new_calls, revise))
    }
}

impl Dataset {
    /// The newest start among the calls held (all generated ones are older).
    fn newest_start_ms(&self) -> i64 {
        self.records
            .iter()
            .filter_map(start_ms)
            .max()
            .unwrap_or(super::generate::NEWEST_START_MS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::dataset_of;

    #[test]
    fn arrived_calls_sit_on_top_and_shift_the_rest_down_by_their_number() {
        let account = Account::new(dataset_of(Some(1_000)).expect("scaled"));
        let before = account.page(None, 0, 100).items;
        let outcome = account.advance(3, &[]).expect("advance");
        let after = account.page(None, 0, 100);
        assert_eq!(after.total, 1_003);
        let ids: Vec<&str> = after.items[..3]
            .iter()
            .filter_map(|item| item["conversation_id"].as_str())
            .collect();
        assert_eq!(ids, outcome.new_ids);
        assert_eq!(&after.items[3..], &before[..97]);
        // A page across the border, and one past it, of one agent too.
        let across = account.page(None, 2, 3).items;
        assert_eq!(across[0], after.items[2]);
        assert_eq!(across[1..], before[..2]);
        for agent in [Some(123), None] {
            let all = account.page(agent, 0, u64::MAX);
            assert_eq!(all.items.len() as u64, all.total);
            let pieced: Vec<Value> = (0..all.total)
                .step_by(7)
                .flat_map(|at| account.page(agent, at, 7).items)
                .collect();
            assert_eq!(pieced, all.items);
        }
    }

    #[test]
    fn a_revision_changes_an_old_call_in_the_list_and_the_detail() {
        let account = Account::new(dataset_of(Some(1_000)).expect("scaled"));
        let deep = account.page(None, 900, 1).items[0].clone();
        let id = deep["conversation_id"].as_str().expect("id").to_owned();
        assert!(account.advance(0, &["no-such-call".into()]).is_err());
        account
            .advance(0, std::slice::from_ref(&id))
            .expect("advance");
        let listed = &account.page(None, 900, 1).items[0];
        assert_eq!(listed["x_revision"], 1);
        assert_eq!(account.get(&id).expect("held")["x_revision"], 1);
        let mut without = listed.clone();
        without
            .as_object_mut()
            .expect("object")
            .shift_remove("x_revision");
        assert_eq!(without, deep, "nothing else changed");
    }
}
