//! Transcript turns.
//!
//! The API documents two item shapes — `{speaker, start_time, end_time, text}` and
//! `{role, message}` — and its schema allows any object. Both normalise to a [`Turn`]; the
//! original item is kept in [`Turn::raw`] so the lossless export can give it back unchanged.

use serde::Serialize;
use serde_json::Value;

use crate::numbers;

/// Who spoke a turn. Synonyms from the two shapes collapse to `Agent` and `Customer`; any other
/// name (a supervisor, "system", a tool) is kept by name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, ts_rs::TS)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum Speaker {
    Agent,
    Customer,
    Other(String),
}

impl Speaker {
    pub fn parse(name: &str) -> Self {
        match name.trim().to_lowercase().as_str() {
            "agent" | "assistant" | "bot" | "ai" => Self::Agent,
            "customer" | "human" | "user" | "caller" => Self::Customer,
            "" => Self::Other("unknown".into()),
            _ => Self::Other(name.trim().to_owned()),
        }
    }

    /// "Agent", "Customer", or the other speaker's name with its first letter capitalised.
    pub fn label(&self) -> String {
        match self {
            Self::Agent => "Agent".into(),
            Self::Customer => "Customer".into(),
            Self::Other(name) => {
                let mut chars = name.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect(),
                    None => "Unknown".into(),
                }
            }
        }
    }
}

/// One normalised transcript item.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Turn {
    pub speaker: Speaker,
    pub text: String,
    /// Seconds from the start of the call, when the item carries times.
    pub start_secs: Option<f64>,
    pub end_secs: Option<f64>,
    /// The item exactly as the API sent it.
    #[serde(skip)]
    #[ts(skip)]
    pub raw: Value,
}

impl Turn {
    pub fn from_json(item: &Value) -> Self {
        let Value::Object(map) = item else {
            // Not an object: keep whatever text there is rather than dropping the line.
            let text = match item {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            return Self {
                speaker: Speaker::Other("unknown".into()),
                text,
                start_secs: None,
                end_secs: None,
                raw: item.clone(),
            };
        };
        let first_str = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| map.get(*k).and_then(Value::as_str).map(str::to_owned))
        };
        let first_secs = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| map.get(*k).and_then(numbers::seconds_or_millis))
        };
        Self {
            speaker: Speaker::parse(&first_str(&["speaker", "role"]).unwrap_or_default()),
            text: first_str(&["text", "message", "content"]).unwrap_or_default(),
            start_secs: first_secs(&["start_time", "start"]),
            end_secs: first_secs(&["end_time", "end"]),
            raw: item.clone(),
        }
    }

    /// Both ends known and in order: the turn can be placed on a timeline.
    pub fn has_times(&self) -> bool {
        matches!((self.start_secs, self.end_secs), (Some(s), Some(e)) if e >= s)
    }
}

/// A call longer than this does not happen; turn times beyond it can only be milliseconds.
const LONGEST_CALL_SECS: f64 = 24.0 * 3600.0;

/// Turn times in seconds, whatever unit the transcript used. The API documents seconds
/// (`start_time: 6`), but transcripts in milliseconds occur (`start_time: 7400` in a 39 s call),
/// as they do for the conversation's own timestamps. One unit per transcript: milliseconds when
/// the times run far past the call's length but fit it once divided by 1,000 — or, with no
/// length known, when they run past a day.
pub fn normalise_turn_times(turns: &mut [Turn], call_secs: Option<f64>) {
    let latest = turns
        .iter()
        .flat_map(|t| [t.start_secs, t.end_secs])
        .flatten()
        .fold(0.0f64, f64::max);
    // Turns may run a little past the recorded length (rounding, trailing silence).
    let fits = |secs: f64, call: f64| secs <= call * 1.5 + 5.0;
    let milliseconds = match call_secs.filter(|c| *c > 0.0) {
        Some(call) => !fits(latest, call) && fits(latest / 1000.0, call),
        None => latest > LONGEST_CALL_SECS,
    };
    let unit = if milliseconds { 1000.0 } else { 1.0 };
    // Still past any real call once in seconds: not a time, so absent (the raw item keeps it).
    let in_seconds = |v: f64| Some(v / unit).filter(|s| *s <= numbers::MAX_SECONDS);
    for turn in turns {
        turn.start_secs = turn.start_secs.and_then(in_seconds);
        turn.end_secs = turn.end_secs.and_then(in_seconds);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_documented_shapes_normalise() {
        let a = Turn::from_json(
            &json!({"speaker": "agent", "start_time": 0, "end_time": 5, "text": "Hello"}),
        );
        assert_eq!(a.speaker, Speaker::Agent);
        assert_eq!(a.text, "Hello");
        assert_eq!((a.start_secs, a.end_secs), (Some(0.0), Some(5.0)));
        assert!(a.has_times());

        let b = Turn::from_json(&json!({"role": "human", "message": "Yes, I can talk."}));
        assert_eq!(b.speaker, Speaker::Customer);
        assert_eq!(b.text, "Yes, I can talk.");
        assert!(!b.has_times());
        assert_eq!(
            b.raw,
            json!({"role": "human", "message": "Yes, I can talk."})
        );
    }

    #[test]
    fn synonyms_and_other_speakers() {
        for name in ["agent", "Assistant", "bot"] {
            assert_eq!(Speaker::parse(name), Speaker::Agent, "{name}");
        }
        for name in ["customer", "human", "USER", "caller"] {
            assert_eq!(Speaker::parse(name), Speaker::Customer, "{name}");
        }
        assert_eq!(
            Speaker::parse("supervisor"),
            Speaker::Other("supervisor".into())
        );
        assert_eq!(Speaker::parse("supervisor").label(), "Supervisor");
    }

    #[test]
    fn odd_items_keep_their_text() {
        let t = Turn::from_json(&json!("just a line"));
        assert_eq!(t.text, "just a line");
        let t = Turn::from_json(&json!({"role": "agent", "message": null}));
        assert_eq!(t.text, "");
        let t = Turn::from_json(
            &json!({"speaker": "agent", "text": "नमस्ते 🙏", "start_time": "1.5", "end_time": -2}),
        );
        assert_eq!(t.text, "नमस्ते 🙏");
        assert_eq!(t.start_secs, Some(1.5));
        assert_eq!(t.end_secs, None);
    }

    #[test]
    fn speaker_serialises_tagged() {
        assert_eq!(
            serde_json::to_value(Speaker::Agent).expect("json"),
            json!({"kind": "agent"})
        );
        assert_eq!(
            serde_json::to_value(Speaker::Other("system".into())).expect("json"),
            json!({"kind": "other", "name": "system"})
        );
    }
}
