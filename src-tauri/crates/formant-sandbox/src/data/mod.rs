//! The sample account: >= 300 deterministic calls and their recordings' plans, or an account
//! of any size that holds them and generates the rest from their index.

mod account;
mod agent_pattern;
mod call;
mod generate;
pub mod known;
mod live;
mod mix;
mod scripts;
mod tail;
mod timing;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use crate::audio::plan::RecordingPlan;
use crate::error::SandboxError;
use tail::Tail;

pub(crate) use account::{Account, UnknownCall};
pub use live::{AdvanceOutcome, IN_PROGRESS};
pub use timing::{PlannedMark, PlannedTiming, TimingKind};

/// Number of conversations in the sample account.
pub const TOTAL_CONVERSATIONS: usize = 320;

/// A sandbox's account: the sample calls, held in memory, then (in a larger account) as many
/// generated calls as its size asks, made on demand and never stored.
pub(crate) struct Dataset {
    /// The calls held in memory, as detail-shape records, newest first (records without a
    /// start time last).
    records: Vec<Value>,
    recordings: Vec<Option<RecordingPlan>>,
    by_id: HashMap<String, usize>,
    /// What the generator placed in the timing of the held generated calls, by id.
    timings: HashMap<String, PlannedTiming>,
    /// The generated calls after `records`, all older than them.
    tail: Tail,
}

/// One page of a listing: list-shape records and how many match in all.
pub(crate) struct Page {
    pub items: Vec<Value>,
    pub total: u64,
}

/// The account a sandbox of `total` calls serves, read without HTTP (to fill a store fast in
/// a benchmark): the same pages and the same records as the server's.
pub struct SampleAccount(Arc<Dataset>);

impl SampleAccount {
    /// The account of `formant sandbox --conversations N` (`None`: the default one).
    pub fn of_size(total: Option<usize>) -> Result<SampleAccount, SandboxError> {
        Ok(SampleAccount(dataset_of(total)?))
    }

    /// How many calls it holds.
    pub fn len(&self) -> u64 {
        self.0.len()
    }

    /// Whether it holds no call (never, for a valid size).
    pub fn is_empty(&self) -> bool {
        self.0.len() == 0
    }

    /// The list page at `offset` (list-shape records, newest first), as
    /// `GET /v1/conversations?offset=..&limit=..` sends its `data`.
    pub fn list_page(&self, offset: u64, limit: u64) -> Vec<Value> {
        self.0.page(None, offset, limit).items
    }

    /// A call's detail record, as `GET /v1/conversations/{id}` sends its `data`.
    pub fn details(&self, id: &str) -> Option<Value> {
        self.0.get(id).map(Cow::into_owned)
    }

    /// What the generator put in a generated call's timing (slow replies, a barge-in, dead
    /// air, or nothing of note), in seconds from the recording's start; `None` for the known
    /// calls and for calls that never connected. For checking call analysis against what is
    /// really there.
    pub fn planned_timing(&self, id: &str) -> Option<PlannedTiming> {
        self.0.timing(id)
    }
}

/// Every sample conversation as the API would send it in the detail shape, newest first.
pub fn conversations() -> &'static [Value] {
    &dataset().records
}

pub(crate) fn dataset() -> &'static Dataset {
    default_dataset()
}

/// The default sample account, shared by every sandbox that does not ask for another size.
pub(crate) fn default_dataset() -> &'static Arc<Dataset> {
    static DATASET: OnceLock<Arc<Dataset>> = OnceLock::new();
    DATASET.get_or_init(|| Arc::new(Dataset::build(known::known_calls(), TOTAL_CONVERSATIONS, 0)))
}

/// The account of `total` calls a sandbox serves: the default one for `None` or
/// [`TOTAL_CONVERSATIONS`]; otherwise a scaled one holding the same known calls plus
/// [`known::HOUR_CALL`] and generated calls up to `total`. Its first generated calls, up to the
/// default account's, are the default account's (the generator is seeded the same way) and are
/// held in memory; any further ones, older than all of those, are generated from their index
/// on each request, so any size takes the same memory.
pub(crate) fn dataset_of(total: Option<usize>) -> Result<Arc<Dataset>, SandboxError> {
    match total {
        None | Some(TOTAL_CONVERSATIONS) => Ok(Arc::clone(default_dataset())),
        Some(total) => {
            let known = known::scaled_known_calls();
            if total < known.len() {
                return Err(SandboxError::DatasetTooSmall {
                    requested: total,
                    minimum: known.len(),
                });
            }
            let held = total.min(TOTAL_CONVERSATIONS + known::SCALED_ONLY_CALLS);
            let generated_on_demand = (total - held) as u64;
            Ok(Arc::new(Dataset::build(known, held, generated_on_demand)))
        }
    }
}

impl Dataset {
    /// `known` calls plus generated ones up to `held`, sorted newest first, then
    /// `generated_on_demand` calls older than all of them.
    fn build(
        mut calls: Vec<(Value, Option<RecordingPlan>)>,
        held: usize,
        generated_on_demand: u64,
    ) -> Dataset {
        let generated = generate::generated_calls(held.saturating_sub(calls.len()));
        let timings = generated
            .iter()
            .filter_map(|spec| Some((spec.id.clone(), spec.timing.clone()?)))
            .collect();
        calls.extend(
            generated
                .iter()
                .map(|spec| (spec.to_json(), spec.recording_plan())),
        );
        calls.sort_by(|(a, _), (b, _)| {
            start_ms(b)
                .cmp(&start_ms(a))
                .then_with(|| conversation_id(a).cmp(conversation_id(b)))
        });
        let by_id = calls
            .iter()
            .enumerate()
            .map(|(index, (record, _))| (conversation_id(record).to_owned(), index))
            .collect();
        let oldest_held = calls
            .iter()
            .filter_map(|(record, _)| start_ms(record))
            .min()
            .unwrap_or(generate::NEWEST_START_MS);
        let (records, recordings) = calls.into_iter().unzip();
        Dataset {
            records,
            recordings,
            by_id,
            timings,
            tail: Tail::new(generated_on_demand, oldest_held),
        }
    }

    /// How many calls the account holds.
    pub(crate) fn len(&self) -> u64 {
        (self.records.len() as u64).saturating_add(self.tail.len())
    }

    /// The page of list-shape records at `offset` (at most `limit`), of `agent_id`'s calls
    /// or of all of them.
    pub(crate) fn page(&self, agent_id: Option<i64>, offset: u64, limit: u64) -> Page {
        let held: Vec<&Value> = self
            .records
            .iter()
            .filter(|record| agent_id.is_none_or(|id| record["agent_id"].as_i64() == Some(id)))
            .collect();
        let held_len = held.len() as u64;
        let total = held_len.saturating_add(self.tail.matching(agent_id));
        let end = offset.saturating_add(limit).min(total);
        let items = (offset..end)
            .filter_map(
                |k| match usize::try_from(k).ok().and_then(|k| held.get(k)) {
                    Some(record) => Some(list_item(record)),
                    None => {
                        let j = self.tail.nth_matching(agent_id, k - held_len)?;
                        Some(list_item(&self.tail.call(j)?.to_json()))
                    }
                },
            )
            .collect();
        Page { items, total }
    }

    /// The detail-shape record of a call.
    pub(crate) fn get(&self, id: &str) -> Option<Cow<'_, Value>> {
        match self.by_id.get(id) {
            Some(&index) => Some(Cow::Borrowed(&self.records[index])),
            None => Some(Cow::Owned(self.generated(id)?.to_json())),
        }
    }

    /// Whether the account holds a call with this id.
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id) || self.tail.find(id).is_some()
    }

    /// A call's recording plan; `None` when the call or its recording does not exist.
    pub(crate) fn recording(&self, id: &str) -> Option<Cow<'_, RecordingPlan>> {
        match self.by_id.get(id) {
            Some(&index) => self.recordings[index].as_ref().map(Cow::Borrowed),
            None => self.generated(id)?.recording_plan().map(Cow::Owned),
        }
    }

    /// What the generator placed in a generated call's timing.
    pub(crate) fn timing(&self, id: &str) -> Option<PlannedTiming> {
        match self.by_id.get(id) {
            Some(_) => self.timings.get(id).cloned(),
            None => self.generated(id)?.timing,
        }
    }

    fn generated(&self, id: &str) -> Option<call::CallSpec> {
        self.tail.call(self.tail.find(id)?)
    }
}

fn conversation_id(record: &Value) -> &str {
    record["conversation_id"].as_str().unwrap_or_default()
}

/// A record's start in epoch ms, whichever unit it is sent in: values below 10^11 are
/// seconds (10^11 ms is 1973; 10^11 s is far in the future).
pub(crate) fn start_ms(record: &Value) -> Option<i64> {
    let start = record.get("start_timestamp")?.as_i64()?;
    Some(if start < 100_000_000_000 {
        start * 1000
    } else {
        start
    })
}

/// The list shape of a record: everything but the transcript and the results.
pub(crate) fn list_item(record: &Value) -> Value {
    let mut item = record.clone();
    if let Value::Object(fields) = &mut item {
        fields.shift_remove("transcript");
        fields.shift_remove("results");
    }
    item
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn dataset_has_unique_ids_every_status_and_both_shapes() {
        let records = conversations();
        assert_eq!(records.len(), TOTAL_CONVERSATIONS);
        assert_eq!(dataset().by_id.len(), TOTAL_CONVERSATIONS, "ids are unique");
        for status in [
            "completed",
            "failed",
            "busy",
            "no_answer",
            "socket_failure",
            "telephony_failed",
            "unreachable",
        ] {
            assert!(
                records.iter().any(|r| r["status"] == status),
                "status {status}"
            );
        }
        let turns = records
            .iter()
            .filter_map(|r| r["transcript"].as_array())
            .flatten();
        let (timed, role): (Vec<&Value>, Vec<&Value>) =
            turns.partition(|t| t.get("speaker").is_some());
        assert!(timed.len() > 100 && role.len() > 50);
        assert!(records.iter().any(|r| r["contact_number"]
            .as_str()
            .is_some_and(|n| n.starts_with("+91"))));
        assert!(records.iter().any(|r| r["contact_number"]
            .as_str()
            .is_some_and(|n| n.starts_with("+1"))));
        assert!(records.iter().any(|r| r.get("x_campaign").is_some()));
        assert!(records.iter().any(|r| r.get("trace_id").is_none()));
        assert!(records.iter().any(|r| r["agent_id"].is_null()));
        assert!(records.iter().any(|r| r["duration_seconds"].is_f64()));
        assert!(records.iter().any(|r| r["duration_seconds"].is_i64()));
        let text = serde_json::to_string(records).expect("serialises");
        assert!(text.contains("नमस्ते") && text.contains("வணக்கம்"));
        for word in known::SEARCH_WORDS {
            assert!(text.contains(word), "{word}");
        }
    }

    #[test]
    fn newest_first_and_mixed_timestamp_units() {
        let starts: Vec<i64> = conversations().iter().filter_map(start_ms).collect();
        assert!(starts.windows(2).all(|w| w[0] >= w[1]));
        let raw: Vec<i64> = conversations()
            .iter()
            .filter_map(|r| r["start_timestamp"].as_i64())
            .collect();
        assert!(
            raw.iter().any(|&s| s > 100_000_000_000) && raw.iter().any(|&s| s < 100_000_000_000)
        );
    }

    #[test]
    fn recordings_exist_exactly_for_connected_calls_and_span_their_turns() {
        let data = dataset();
        let mut formats = std::collections::HashSet::new();
        for record in conversations() {
            let id = conversation_id(record);
            let Some(plan) = data.recording(id) else {
                continue;
            };
            formats.insert((
                plan.format.sample_rate,
                plan.format.channels,
                plan.format.coding as u8,
            ));
            assert!(
                matches!(
                    record["status"].as_str(),
                    Some("completed" | "socket_failure")
                ),
                "{id}"
            );
            let duration = record["duration_seconds"]
                .as_f64()
                .expect("recorded calls have a duration");
            assert_eq!(plan.duration_s, duration, "{id}");
            assert!(
                plan.turns
                    .iter()
                    .all(|t| t.start_s < t.end_s && t.end_s <= duration),
                "{id}"
            );
        }
        assert_eq!(formats.len(), 5, "all five encodings are used: {formats:?}");
        assert!(data.recording(known::NO_RECORDING_CALL).is_none());
        assert!(data.recording(known::FAILED_CALL).is_none());
        assert!(data
            .recording(known::LONG_CALL)
            .is_some_and(|p| p.duration_s > 1800.0));
    }

    #[test]
    fn list_items_drop_transcript_and_results_only() {
        let record = dataset().get(known::TIMED_CALL).expect("known call");
        let item = list_item(&record);
        assert!(item.get("transcript").is_none() && item.get("results").is_none());
        assert_eq!(item["status"], "completed");
        assert_eq!(item["duration_seconds"], 245.7);
    }

    /// FNV-1a over the records (detail shape) and recording lengths of the calls at these
    /// places in the list: a fingerprint of an account, or of a sample of a large one.
    fn fingerprint(data: &Dataset, places: impl IntoIterator<Item = u64>) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: &[u8]| {
            for &byte in bytes {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
        };
        for place in places {
            let id = id_at(data, place);
            let record = data.get(&id).expect("listed calls exist");
            eat(serde_json::to_string(&record)
                .expect("serialises")
                .as_bytes());
            let length = data.recording(&id).map_or(0, |plan| plan.file_len());
            eat(&length.to_le_bytes());
        }
        hash
    }

    fn id_at(data: &Dataset, place: u64) -> String {
        let page = data.page(None, place, 1);
        let item = page.items.first().expect("a call at this place");
        conversation_id(item).to_owned()
    }

    /// Every call of an account, in list order, in the detail shape.
    fn every_record(data: &Dataset) -> Vec<Value> {
        data.page(None, 0, u64::MAX)
            .items
            .iter()
            .map(|item| {
                let record = data.get(conversation_id(item)).expect("listed calls exist");
                record.into_owned()
            })
            .collect()
    }

    #[test]
    fn the_default_account_is_exactly_the_one_tests_rely_on() {
        // Recorded from the default account; any change to it (ids, order, fields, recordings)
        // breaks tests and demos that name its calls, so it must be deliberate.
        let places = 0..TOTAL_CONVERSATIONS as u64;
        assert_eq!(fingerprint(dataset(), places), DEFAULT_FINGERPRINT);
        assert_eq!(dataset().len(), TOTAL_CONVERSATIONS as u64);
        let unscaled = dataset_of(None).expect("default size");
        assert!(Arc::ptr_eq(&unscaled, default_dataset()));
        let explicit = dataset_of(Some(TOTAL_CONVERSATIONS)).expect("default size");
        assert!(Arc::ptr_eq(&explicit, default_dataset()));
        assert!(dataset().get(known::HOUR_CALL).is_none());
    }

    const DEFAULT_FINGERPRINT: u64 = 3_824_380_472_361_365_782;

    #[test]
    fn a_scaled_account_has_its_size_the_known_calls_and_an_hour_long_call() {
        let scaled = dataset_of(Some(2_000)).expect("scaled");
        assert_eq!(scaled.len(), 2_000);
        let records = every_record(&scaled);
        assert_eq!(records.len(), 2_000);
        let ids: HashSet<&str> = records.iter().map(conversation_id).collect();
        assert_eq!(ids.len(), 2_000, "ids are unique");
        let starts: Vec<i64> = records.iter().filter_map(start_ms).collect();
        assert_eq!(starts.len(), 2_000);
        assert!(starts.windows(2).all(|w| w[0] >= w[1]), "newest first");
        // It holds the default account whole, record for record, before the generated calls.
        for record in conversations() {
            let id = conversation_id(record);
            assert_eq!(scaled.get(id).as_deref(), Some(record), "{id}");
            assert!(records[..321].contains(record), "{id}");
        }
        let hour = scaled.get(known::HOUR_CALL).expect("hour call");
        assert_eq!(hour["duration_seconds"], 3662.5);
        let plan = scaled.recording(known::HOUR_CALL).expect("hour recording");
        assert!(plan.duration_s >= 3600.0);
        let last_turn = plan.turns.last().expect("turns");
        assert!(last_turn.end_s > 3500.0 && last_turn.end_s <= plan.duration_s);
        // The same size twice is the same account.
        let again = dataset_of(Some(2_000)).expect("scaled");
        assert_eq!(
            fingerprint(&scaled, 0..2_000),
            fingerprint(&again, 0..2_000)
        );
    }

    #[test]
    fn generated_calls_look_like_the_held_ones() {
        let scaled = dataset_of(Some(3_000)).expect("scaled");
        let generated = &every_record(&scaled)[321..];
        for status in ["completed", "failed", "no_answer", "socket_failure"] {
            assert!(generated.iter().any(|r| r["status"] == status), "{status}");
        }
        assert!(generated.iter().any(|r| r["agent_id"].is_null()));
        assert!(generated.iter().any(|r| r.get("x_campaign").is_some()));
        assert!(generated
            .iter()
            .any(|r| r["start_timestamp"].as_i64() < Some(100_000_000_000)));
        let text = serde_json::to_string(generated).expect("serialises");
        assert!(text.contains("नमस्ते") && text.contains("வணக்கம்"));
        for word in known::SEARCH_WORDS {
            assert!(text.contains(word), "{word}");
        }
        // Recordings exist exactly for connected calls and last as long as the call.
        let mut recorded = 0;
        for record in generated {
            let Some(plan) = scaled.recording(conversation_id(record)) else {
                continue;
            };
            recorded += 1;
            assert!(matches!(
                record["status"].as_str(),
                Some("completed" | "socket_failure")
            ));
            assert_eq!(Some(plan.duration_s), record["duration_seconds"].as_f64());
        }
        assert!(recorded > 1_000, "{recorded}");
    }

    #[test]
    fn an_agent_filter_pages_through_exactly_its_calls() {
        let scaled = dataset_of(Some(5_000)).expect("scaled");
        let all = scaled.page(None, 0, u64::MAX).items;
        for agent in [123, 452, 301, 517, 608, 999] {
            let expected: Vec<&Value> = all.iter().filter(|r| r["agent_id"] == agent).collect();
            let page = scaled.page(Some(agent), 0, u64::MAX);
            assert_eq!(page.total, expected.len() as u64, "{agent}");
            assert_eq!(page.items.iter().collect::<Vec<_>>(), expected, "{agent}");
            // A page that starts among the held calls and ends among the generated ones.
            if let Some(window) = expected.get(40..90) {
                let page = scaled.page(Some(agent), 40, 50);
                assert_eq!(page.items.iter().collect::<Vec<_>>(), window, "{agent}");
            }
        }
    }

    #[test]
    fn a_hundred_million_calls_are_served_from_their_index_the_same_every_time() {
        let size = 100_000_000;
        let huge = dataset_of(Some(size)).expect("any size");
        assert_eq!(huge.len(), size as u64);
        assert!(huge.records.len() <= 321, "only the sample calls are held");
        let last = huge.page(None, 99_999_990, 100);
        assert_eq!((last.total, last.items.len()), (size as u64, 10));
        assert!(huge.page(None, size as u64, 100).items.is_empty());
        assert!(huge.page(None, u64::MAX, 100).items.is_empty());
        let deep = id_at(&huge, 67_108_864);
        assert_eq!(
            huge.get(&deep).as_deref().map(conversation_id),
            Some(deep.as_str())
        );
        // Pinned: the same places hold the same calls in every run, on every platform.
        let places = [0, 1, 320, 321, 322, 1_000, 65_536, 12_345_678, 99_999_999];
        assert_eq!(fingerprint(&huge, places), HUNDRED_MILLION_FINGERPRINT);
    }

    const HUNDRED_MILLION_FINGERPRINT: u64 = 5_022_612_563_571_541_734;

    #[test]
    fn a_size_below_the_known_calls_is_refused() {
        let Err(error) = dataset_of(Some(3)) else {
            panic!("a size of 3 is refused");
        };
        assert!(matches!(
            error,
            SandboxError::DatasetTooSmall {
                requested: 3,
                minimum: 9
            }
        ));
        assert_eq!(dataset_of(Some(9)).expect("minimum").len(), 9);
    }
}
