//! The conversation record, read leniently from whatever the API sends.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::numbers;
use crate::transcript::normalise_turn_times;
use crate::{Status, StatusInfo, Timestamp, Turn};

/// One call. Every documented field may be null or absent; `raw` is the object as the API sent
/// it (unknown fields included), which the lossless JSON export and the UI's raw view use.
///
/// Serialises (for the UI) as the normalised view plus `raw`; deserialises from the API's JSON.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Conversation {
    pub conversation_id: String,
    // serde writes a JSON number; ts-rs would otherwise say `bigint`.
    #[ts(type = "number | null")]
    pub agent_id: Option<i64>,
    pub contact_number: Option<String>,
    pub duration_seconds: Option<f64>,
    /// `start_timestamp`, normalised to epoch milliseconds.
    pub start_ms: Option<Timestamp>,
    /// `end_timestamp`, normalised to epoch milliseconds.
    pub end_ms: Option<Timestamp>,
    /// Serialises as [`StatusInfo`] (see `Status`'s `Serialize`).
    #[ts(as = "Option<StatusInfo>")]
    pub status: Option<Status>,
    pub failure_reason: Option<String>,
    pub trace_id: Option<String>,
    #[ts(type = "Record<string, unknown> | null")]
    pub results: Option<Map<String, Value>>,
    /// `None` when the API sent no transcript (the list endpoint never does).
    pub transcript: Option<Vec<Turn>>,
    #[ts(type = "Record<string, unknown>")]
    pub raw: Map<String, Value>,
}

/// Why a JSON value is not a conversation record.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConversationError {
    #[error("a conversation must be a JSON object, got {0}")]
    NotAnObject(&'static str),
    #[error("the conversation has no conversation_id")]
    MissingId,
}

impl Conversation {
    pub fn from_json(value: Value) -> Result<Self, ConversationError> {
        let Value::Object(raw) = value else {
            return Err(ConversationError::NotAnObject(json_kind(&value)));
        };
        let conversation_id = match raw.get("conversation_id") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => return Err(ConversationError::MissingId),
        };
        let string = |key: &str| raw.get(key).and_then(Value::as_str).map(str::to_owned);
        let timestamp = |key: &str| raw.get(key).and_then(Timestamp::from_json);
        let mut conversation = Self {
            agent_id: raw.get("agent_id").and_then(numbers::integer),
            contact_number: string("contact_number"),
            duration_seconds: raw.get("duration_seconds").and_then(numbers::seconds),
            start_ms: timestamp("start_timestamp"),
            end_ms: timestamp("end_timestamp"),
            status: string("status").map(|s| Status::parse(&s)),
            failure_reason: string("failure_reason").filter(|s| !s.trim().is_empty()),
            trace_id: string("trace_id"),
            results: match raw.get("results") {
                Some(Value::Object(m)) => Some(m.clone()),
                _ => None,
            },
            transcript: match raw.get("transcript") {
                Some(Value::Array(items)) => Some(items.iter().map(Turn::from_json).collect()),
                _ => None,
            },
            conversation_id,
            raw,
        };
        let call_secs = conversation.duration();
        if let Some(turns) = conversation.transcript.as_mut() {
            normalise_turn_times(turns, call_secs);
        }
        Ok(conversation)
    }

    /// The call's length: `duration_seconds`, or end − start when only the times are known
    /// (and in order, and no longer than a call can be).
    pub fn duration(&self) -> Option<f64> {
        self.duration_seconds.or_else(|| {
            let (start, end) = (self.start_ms?, self.end_ms?);
            let ms = end.as_millis().checked_sub(start.as_millis())?;
            // i64 → f64 is exact here: both instants lie within years 1970..=9999.
            let secs = ms as f64 / 1000.0;
            (0.0..=numbers::MAX_SECONDS).contains(&secs).then_some(secs)
        })
    }

    /// The turns, or none when there is no transcript.
    pub fn turns(&self) -> &[Turn] {
        self.transcript.as_deref().unwrap_or_default()
    }

    /// The object exactly as the API sent it.
    pub fn raw_json(&self) -> Value {
        Value::Object(self.raw.clone())
    }
}

impl<'de> Deserialize<'de> for Conversation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::from_json(Value::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One page of `GET /v1/conversations`.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ConversationPage {
    pub data: Vec<Conversation>,
    pub has_more: bool,
    /// The account's total for this filter, when the API says (and it is a count: anything
    /// else, such as `-1` or `1e300`, reads as unknown).
    #[ts(type = "number | null")]
    pub total: Option<u64>,
}

impl<'de> Deserialize<'de> for ConversationPage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// The page as sent: every field may be missing; `total` is read leniently.
        #[derive(Deserialize)]
        struct Wire {
            #[serde(default)]
            data: Vec<Conversation>,
            #[serde(default)]
            has_more: bool,
            #[serde(default)]
            total: Value,
        }
        let wire = Wire::deserialize(d)?;
        Ok(Self {
            data: wire.data,
            has_more: wire.has_more,
            total: numbers::count(&wire.total),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Speaker, StatusCategory};
    use serde_json::json;

    /// The list page's example, verbatim.
    const LIST_EXAMPLE: &str = r#"{
      "data": [
        {
          "agent_id": 123,
          "contact_number": "+919876543210",
          "conversation_id": "e36853de-9cbb-441e-ad75-d3c8ac82abfb_1",
          "duration_seconds": 142,
          "end_timestamp": 1773867341766,
          "start_timestamp": 1773867201766,
          "status": "completed"
        }
      ],
      "has_more": false,
      "total": 1
    }"#;

    /// The detail page's example, verbatim (the `data` inside the envelope).
    const DETAIL_EXAMPLE: &str = r#"{
        "agent_id": 452,
        "contact_number": "+14155552671",
        "conversation_id": "c9f8a1d2-3b4e-4f6a-9d7e-123456789abc",
        "duration_seconds": 245.7,
        "end_timestamp": 1685606400,
        "failure_reason": null,
        "results": {
          "call_quality": "excellent",
          "sentiment_analysis": { "overall_sentiment": "positive", "confidence": 0.92 }
        },
        "start_timestamp": 1685606154,
        "status": "completed",
        "trace_id": "trace-7f3e2a1b-9c4d-4e5f-b8a1-2d3c4e5f6a7b",
        "transcript": [
          { "speaker": "agent", "start_time": 0, "end_time": 5,
            "text": "Hello, thank you for calling FormantAI support. How can I assist you today?" },
          { "speaker": "customer", "start_time": 6, "end_time": 12,
            "text": "Hi, I'm having trouble accessing my account." }
        ]
    }"#;

    #[test]
    fn list_example_reads_with_millisecond_times() {
        let page: ConversationPage = serde_json::from_str(LIST_EXAMPLE).expect("page");
        assert_eq!(page.total, Some(1));
        assert!(!page.has_more);
        let c = &page.data[0];
        assert_eq!(c.conversation_id, "e36853de-9cbb-441e-ad75-d3c8ac82abfb_1");
        assert_eq!(c.agent_id, Some(123));
        assert_eq!(c.duration_seconds, Some(142.0));
        assert_eq!(c.start_ms.map(Timestamp::as_millis), Some(1773867201766));
        assert_eq!(c.status, Some(Status::Completed));
        assert_eq!(c.transcript, None);
    }

    #[test]
    fn detail_example_reads_with_second_times() {
        let c: Conversation = serde_json::from_str(DETAIL_EXAMPLE).expect("conversation");
        assert_eq!(c.start_ms.map(Timestamp::as_millis), Some(1685606154000));
        assert_eq!(c.end_ms.map(Timestamp::as_millis), Some(1685606400000));
        assert_eq!(c.duration_seconds, Some(245.7));
        assert_eq!(c.failure_reason, None);
        assert_eq!(c.turns().len(), 2);
        assert_eq!(c.turns()[1].speaker, Speaker::Customer);
        let results = c.results.as_ref().expect("results");
        assert_eq!(results["sentiment_analysis"]["confidence"], json!(0.92));
    }

    #[test]
    fn nulls_absent_fields_and_unknown_fields_survive() {
        let v = json!({
            "conversation_id": "x", "agent_id": null, "status": "voicemail",
            "duration_seconds": "12.5", "transcript": null, "new_field": {"nested": [1, 2]}
        });
        let c = Conversation::from_json(v.clone()).expect("conversation");
        assert_eq!(c.agent_id, None);
        assert_eq!(c.duration_seconds, Some(12.5));
        assert_eq!(
            c.status.as_ref().map(Status::category),
            Some(StatusCategory::Unknown)
        );
        assert_eq!(c.raw_json(), v, "raw keeps everything, in order");
        let out = serde_json::to_value(&c).expect("serialises");
        assert_eq!(out["raw"]["new_field"]["nested"], json!([1, 2]));
        assert_eq!(out["status"]["label"], "Voicemail");
    }

    #[test]
    fn duration_falls_back_to_times() {
        let c = Conversation::from_json(json!({
            "conversation_id": "x", "start_timestamp": 1685606154, "end_timestamp": 1685606400
        }))
        .expect("conversation");
        assert_eq!(c.duration(), Some(246.0));
    }

    fn turn_times(c: &Conversation) -> Vec<(Option<f64>, Option<f64>)> {
        c.turns()
            .iter()
            .map(|t| (t.start_secs, t.end_secs))
            .collect()
    }

    #[test]
    fn turn_times_in_milliseconds_become_seconds() {
        // A 39 s call whose turns count milliseconds (as one the sandbox serves in Hindi).
        let c = Conversation::from_json(json!({
            "conversation_id": "x", "duration_seconds": 39,
            "transcript": [
                { "speaker": "agent", "start_time": 429, "end_time": 6832, "text": "नमस्ते" },
                { "speaker": "customer", "start_time": 7400, "end_time": 9036, "text": "हाँ" },
                { "role": "user", "message": "no times" }
            ]
        }))
        .expect("conversation");
        assert_eq!(
            turn_times(&c),
            vec![
                (Some(0.429), Some(6.832)),
                (Some(7.4), Some(9.036)),
                (None, None)
            ]
        );
        // The item itself is kept as sent.
        assert_eq!(c.turns()[1].raw["start_time"], 7400);
    }

    #[test]
    fn turn_times_in_seconds_stay_and_the_call_length_can_come_from_its_timestamps() {
        let seconds = Conversation::from_json(json!({
            "conversation_id": "x", "start_timestamp": 1685606154, "end_timestamp": 1685606400,
            "transcript": [{ "speaker": "agent", "start_time": 6, "end_time": 244, "text": "Hi" }]
        }))
        .expect("conversation");
        assert_eq!(turn_times(&seconds), vec![(Some(6.0), Some(244.0))]);

        let millis = Conversation::from_json(json!({
            "conversation_id": "x", "start_timestamp": 1685606154, "end_timestamp": 1685606400,
            "transcript": [{ "speaker": "agent", "start_time": 6000, "end_time": 244000, "text": "Hi" }]
        }))
        .expect("conversation");
        assert_eq!(turn_times(&millis), vec![(Some(6.0), Some(244.0))]);
    }

    #[test]
    fn without_a_call_length_only_impossible_times_are_milliseconds() {
        let hour = |end: i64| {
            let c = Conversation::from_json(json!({
                "conversation_id": "x",
                "transcript": [{ "speaker": "agent", "start_time": 0, "end_time": end, "text": "Hi" }]
            }))
            .expect("conversation");
            turn_times(&c)[0].1
        };
        assert_eq!(hour(3600), Some(3600.0), "an hour, in seconds");
        assert_eq!(hour(3_600_000), Some(3600.0), "an hour, in milliseconds");
    }

    #[test]
    fn hostile_numbers_read_as_absent_and_stay_in_raw() {
        // The audit's record: a year-1 start and an end at 1e300 overflowed `end - start`.
        let v: Value = serde_json::from_str(
            r#"{"conversation_id": "x", "start_timestamp": "0001-01-01T00:00:00Z",
                "end_timestamp": 1e300, "agent_id": 1e300, "duration_seconds": -5,
                "transcript": [{"speaker": "agent", "text": "Hi",
                                "start_time": 1e300, "end_time": 1.7976931348623157e308}]}"#,
        )
        .expect("json");
        let c = Conversation::from_json(v.clone()).expect("conversation");
        assert_eq!((c.start_ms, c.end_ms), (None, None));
        assert_eq!(c.duration(), None);
        assert_eq!(c.agent_id, None);
        assert_eq!(c.duration_seconds, None);
        assert_eq!(turn_times(&c), vec![(None, None)]);
        assert_eq!(c.raw_json(), v, "the values as sent are kept");
        assert_eq!(c.raw["end_timestamp"], json!(1e300));

        // Extremes that are valid instants still cannot overflow the fallback length.
        let far = Conversation::from_json(json!({
            "conversation_id": "x", "start_timestamp": 0, "end_timestamp": "9999-12-31T23:59:59Z"
        }))
        .expect("conversation");
        assert!(far.end_ms.is_some());
        assert_eq!(far.duration(), None, "longer than any call");
        let backwards = Conversation::from_json(json!({
            "conversation_id": "x", "start_timestamp": 1685606400, "end_timestamp": 1685606154
        }))
        .expect("conversation");
        assert_eq!(backwards.duration(), None);
    }

    #[test]
    fn a_page_total_that_is_not_a_count_is_unknown() {
        for total in ["-1", "1e300", "\"many\"", "null", "18446744073709551616"] {
            let page: ConversationPage = serde_json::from_str(&format!(
                r#"{{"data": [], "has_more": false, "total": {total}}}"#
            ))
            .expect("page");
            assert_eq!(page.total, None, "{total}");
        }
        let page: ConversationPage =
            serde_json::from_str(r#"{"data": [], "total": 18446744073709551615}"#).expect("page");
        assert_eq!(page.total, Some(u64::MAX));
    }

    #[test]
    fn records_without_an_id_are_rejected() {
        assert_eq!(
            Conversation::from_json(json!({"status": "busy"})),
            Err(ConversationError::MissingId)
        );
        assert_eq!(
            Conversation::from_json(json!([1])),
            Err(ConversationError::NotAnObject("an array"))
        );
    }
}
