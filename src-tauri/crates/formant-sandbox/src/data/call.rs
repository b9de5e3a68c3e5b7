//! Turns a call's description into the JSON the API sends and the plan of its recording.

use serde_json::{json, Map, Value};

use super::scripts::{Language, Scenario};
use super::timing::PlannedTiming;
use crate::audio::plan::{RecordingPlan, Side, SpeechLanguage, TurnSpan};
use crate::audio::wav_format::WavFormat;

/// The unit of a record's times: epoch timestamps and transcript turn times share it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TimeUnit {
    Millis,
    Seconds,
}

/// The two transcript shapes the API documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TranscriptShape {
    /// `{speaker, start_time, end_time, text}`
    Timed,
    /// `{role, message}`, with no times
    RoleMessage,
}

/// One spoken line laid out in time (seconds from the start of the call).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub side: Side,
    pub text: String,
    pub start_s: f64,
    pub end_s: f64,
}

/// Everything that makes up one sample call.
#[derive(Debug, Clone)]
pub(crate) struct CallSpec {
    pub id: String,
    pub agent_id: Option<i64>,
    pub contact_number: Option<String>,
    pub status: &'static str,
    pub failure_reason: Option<&'static str>,
    /// Call start, epoch milliseconds.
    pub start_ms: i64,
    pub unit: TimeUnit,
    /// `None` renders `duration_seconds: null`.
    pub duration_s: Option<f64>,
    /// Whether `duration_seconds` is sent as an integer.
    pub integer_duration: bool,
    pub lines: Option<Vec<Line>>,
    pub shape: TranscriptShape,
    pub results: Option<Value>,
    pub trace_id: Option<String>,
    pub recording: Option<WavFormat>,
    /// The language of the transcript, and so of the recording's speech.
    pub language: Language,
    pub seed: u64,
    pub agent_pitch_hz: f32,
    pub customer_pitch_hz: f32,
    /// Fields real records sometimes lack entirely (rather than sending null).
    pub absent_fields: &'static [&'static str],
    /// A field this API version does not document, which clients must ignore.
    pub extra_field: Option<(&'static str, Value)>,
    #[allow(dead_code)] // kept for readability when inspecting the dataset in a debugger
    pub scenario: Scenario,
    /// What the generator placed in the turns' timing (generated calls with a transcript).
    pub timing: Option<PlannedTiming>,
}

impl CallSpec {
    /// The record in the detail shape, with fields in the API's (alphabetical) order.
    pub(crate) fn to_json(&self) -> Value {
        let mut record = Map::new();
        record.insert("agent_id".into(), json!(self.agent_id));
        record.insert("contact_number".into(), json!(self.contact_number));
        record.insert("conversation_id".into(), json!(self.id));
        record.insert("duration_seconds".into(), self.duration_json());
        let end_ms = self
            .duration_s
            .map(|d| self.start_ms + (d * 1000.0).round() as i64);
        record.insert(
            "end_timestamp".into(),
            json!(end_ms.map(|ms| self.epoch(ms))),
        );
        record.insert("failure_reason".into(), json!(self.failure_reason));
        record.insert(
            "results".into(),
            self.results.clone().unwrap_or(Value::Null),
        );
        record.insert("start_timestamp".into(), json!(self.epoch(self.start_ms)));
        record.insert("status".into(), json!(self.status));
        record.insert("trace_id".into(), json!(self.trace_id));
        record.insert("transcript".into(), self.transcript_json());
        if let Some((name, value)) = &self.extra_field {
            record.insert((*name).into(), value.clone());
        }
        for field in self.absent_fields {
            record.remove(*field);
        }
        Value::Object(record)
    }

    /// The recording's plan, whose speech spans are exactly the transcript's turns.
    pub(crate) fn recording_plan(&self) -> Option<RecordingPlan> {
        let format = self.recording?;
        let duration_s = self.duration_s?;
        let turns = self
            .lines
            .iter()
            .flatten()
            .map(|line| TurnSpan {
                side: line.side,
                start_s: line.start_s,
                end_s: line.end_s,
            })
            .collect();
        Some(RecordingPlan {
            format,
            duration_s,
            turns,
            language: match self.language {
                Language::Hindi => SpeechLanguage::Hindi,
                // No Tamil clips: a Tamil call's recording speaks English.
                Language::English | Language::Tamil => SpeechLanguage::English,
            },
            seed: self.seed,
            agent_pitch_hz: self.agent_pitch_hz,
            customer_pitch_hz: self.customer_pitch_hz,
        })
    }

    fn epoch(&self, ms: i64) -> i64 {
        match self.unit {
            TimeUnit::Millis => ms,
            TimeUnit::Seconds => ms.div_euclid(1000),
        }
    }

    fn duration_json(&self) -> Value {
        match self.duration_s {
            None => Value::Null,
            Some(d) if self.integer_duration => json!(d.round() as i64),
            Some(d) => json!(d),
        }
    }

    fn transcript_json(&self) -> Value {
        let Some(lines) = &self.lines else {
            return Value::Null;
        };
        let turns = lines.iter().map(|line| match self.shape {
            TranscriptShape::Timed => json!({
                "speaker": match line.side { Side::Agent => "agent", Side::Customer => "customer" },
                "start_time": self.turn_time(line.start_s),
                "end_time": self.turn_time(line.end_s),
                "text": line.text,
            }),
            TranscriptShape::RoleMessage => json!({
                "role": match line.side { Side::Agent => "agent", Side::Customer => "human" },
                "message": line.text,
            }),
        });
        Value::Array(turns.collect())
    }

    /// Turn times: integer milliseconds, or seconds (whole where they are whole).
    fn turn_time(&self, seconds: f64) -> Value {
        match self.unit {
            TimeUnit::Millis => json!((seconds * 1000.0).round() as i64),
            TimeUnit::Seconds if seconds.fract() == 0.0 => json!(seconds as i64),
            TimeUnit::Seconds => json!(seconds),
        }
    }
}
