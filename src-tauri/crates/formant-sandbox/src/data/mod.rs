//! The sample account: >= 300 deterministic calls and their recordings' plans.

mod call;
mod generate;
pub mod known;
mod scripts;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use crate::audio::plan::RecordingPlan;
use crate::error::SandboxError;

/// Number of conversations in the sample account.
pub const TOTAL_CONVERSATIONS: usize = 320;

/// The sample account (built once on first use), or a larger one for benchmarks.
pub(crate) struct Dataset {
    /// Detail-shape records, newest first (records without a start time last).
    records: Vec<Value>,
    recordings: Vec<Option<RecordingPlan>>,
    by_id: HashMap<String, usize>,
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
    DATASET.get_or_init(|| Arc::new(Dataset::build(known::known_calls(), TOTAL_CONVERSATIONS)))
}

/// The account of `total` calls a sandbox serves: the default one for `None` or
/// [`TOTAL_CONVERSATIONS`]; otherwise a scaled one, built anew, holding the same known calls plus
/// [`known::HOUR_CALL`] and as many generated calls as make `total` (the first generated calls are
/// the default account's, since the generator is seeded the same way).
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
            Ok(Arc::new(Dataset::build(known, total)))
        }
    }
}

impl Dataset {
    /// `known` calls plus generated ones up to `total`, sorted newest first.
    fn build(mut calls: Vec<(Value, Option<RecordingPlan>)>, total: usize) -> Dataset {
        let generated = generate::generated_calls(total.saturating_sub(calls.len()));
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
        let (records, recordings) = calls.into_iter().unzip();
        Dataset {
            records,
            recordings,
            by_id,
        }
    }

    /// Every record, newest first.
    pub(crate) fn records(&self) -> &[Value] {
        &self.records
    }

    pub(crate) fn get(&self, id: &str) -> Option<&Value> {
        self.by_id.get(id).map(|&index| &self.records[index])
    }

    pub(crate) fn recording(&self, id: &str) -> Option<&RecordingPlan> {
        self.by_id
            .get(id)
            .and_then(|&index| self.recordings[index].as_ref())
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
        let item = list_item(record);
        assert!(item.get("transcript").is_none() && item.get("results").is_none());
        assert_eq!(item["status"], "completed");
        assert_eq!(item["duration_seconds"], 245.7);
    }

    /// FNV-1a over every record and recording length: a fingerprint of the whole account.
    fn fingerprint(data: &Dataset) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: &[u8]| {
            for &byte in bytes {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
        };
        for (record, plan) in data.records.iter().zip(&data.recordings) {
            eat(serde_json::to_string(record)
                .expect("serialises")
                .as_bytes());
            eat(&plan
                .as_ref()
                .map_or(0, RecordingPlan::file_len)
                .to_le_bytes());
        }
        hash
    }

    #[test]
    fn the_default_account_is_exactly_the_one_tests_rely_on() {
        // Recorded from the default account; any change to it (ids, order, fields, recordings)
        // breaks tests and demos that name its calls, so it must be deliberate.
        assert_eq!(fingerprint(dataset()), DEFAULT_FINGERPRINT);
        let unscaled = dataset_of(None).expect("default size");
        assert!(Arc::ptr_eq(&unscaled, default_dataset()));
        let explicit = dataset_of(Some(TOTAL_CONVERSATIONS)).expect("default size");
        assert!(Arc::ptr_eq(&explicit, default_dataset()));
        assert!(dataset().get(known::HOUR_CALL).is_none());
    }

    const DEFAULT_FINGERPRINT: u64 = 773_014_294_290_555_397;

    #[test]
    fn a_scaled_account_has_its_size_the_known_calls_and_an_hour_long_call() {
        let scaled = dataset_of(Some(2_000)).expect("scaled");
        assert_eq!(scaled.records().len(), 2_000);
        assert_eq!(scaled.by_id.len(), 2_000, "ids are unique");
        let starts: Vec<i64> = scaled.records().iter().filter_map(start_ms).collect();
        assert!(starts.windows(2).all(|w| w[0] >= w[1]), "newest first");
        // It holds the default account whole, record for record.
        for record in conversations() {
            let id = conversation_id(record);
            assert_eq!(scaled.get(id), Some(record), "{id}");
        }
        let hour = scaled.get(known::HOUR_CALL).expect("hour call");
        assert_eq!(hour["duration_seconds"], 3662.5);
        let plan = scaled.recording(known::HOUR_CALL).expect("hour recording");
        assert!(plan.duration_s >= 3600.0);
        let last_turn = plan.turns.last().expect("turns");
        assert!(last_turn.end_s > 3500.0 && last_turn.end_s <= plan.duration_s);
        // The same size twice is the same account.
        let again = dataset_of(Some(2_000)).expect("scaled");
        assert_eq!(fingerprint(&scaled), fingerprint(&again));
    }

    #[test]
    fn a_size_below_the_known_calls_is_refused() {
        let Err(error) = dataset_of(Some(3)) else {
            panic!("a size of 3 is refused");
        };
        assert!(matches!(
            error,
            SandboxError::DatasetTooSmall {
                requested: 3,
                minimum: 8
            }
        ));
        assert_eq!(dataset_of(Some(8)).expect("minimum").records().len(), 8);
    }
}
