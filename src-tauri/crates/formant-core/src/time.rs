//! One instant type for the API's two timestamp units.
//!
//! The list page shows `start_timestamp: 1773867201766` (milliseconds), the detail page
//! `1685606154` (seconds). Any epoch value below [`MS_THRESHOLD`] is read as seconds: as
//! seconds that bound is the year 5138, as milliseconds it is March 1973 — no call record
//! falls on the wrong side of it.

use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};
use serde_json::Value;

/// Epoch values at or above this are milliseconds, below it seconds.
const MS_THRESHOLD: f64 = 100_000_000_000.0;

/// An instant, held as milliseconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ts_rs::TS)]
#[ts(type = "number")]
pub struct Timestamp(i64);

impl Timestamp {
    pub fn from_millis(ms: i64) -> Self {
        Self(ms)
    }

    /// Reads an epoch number in either unit (see the module docs).
    pub fn from_epoch(value: f64) -> Option<Self> {
        if !value.is_finite() || value < 0.0 {
            return None;
        }
        let ms = if value >= MS_THRESHOLD {
            value
        } else {
            value * 1000.0
        };
        // f64 → i64 saturates; anything past year 292 million is nonsense anyway.
        Some(Self(ms.round() as i64))
    }

    /// Reads a JSON value: a number in either unit, a numeric string, or an RFC 3339 string.
    /// Anything else (null, objects, garbage) is `None`; the raw JSON keeps it.
    pub fn from_json(value: &Value) -> Option<Self> {
        match value {
            Value::Number(n) => n.as_f64().and_then(Self::from_epoch),
            Value::String(s) => {
                let s = s.trim();
                if let Ok(n) = s.parse::<f64>() {
                    Self::from_epoch(n)
                } else {
                    DateTime::parse_from_rfc3339(s)
                        .ok()
                        .map(|d| Self(d.timestamp_millis()))
                }
            }
            _ => None,
        }
    }

    pub fn as_millis(self) -> i64 {
        self.0
    }

    pub fn to_utc(self) -> Option<DateTime<Utc>> {
        DateTime::<Utc>::from_timestamp_millis(self.0)
    }

    /// `2023-06-01T07:55:54Z` (milliseconds shown only when not zero).
    pub fn to_rfc3339(self) -> String {
        match self.to_utc() {
            Some(d) if self.0 % 1000 == 0 => d.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            Some(d) => d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            None => self.0.to_string(),
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn seconds_and_milliseconds_meet_on_one_instant() {
        let secs = Timestamp::from_json(&json!(1685606154)).expect("seconds");
        let ms = Timestamp::from_json(&json!(1685606154000_i64)).expect("ms");
        assert_eq!(secs, ms);
        assert_eq!(secs.to_rfc3339(), "2023-06-01T07:55:54Z");
        let list = Timestamp::from_json(&json!(1773867201766_i64)).expect("list example");
        assert_eq!(list.as_millis(), 1773867201766);
        assert_eq!(list.to_rfc3339(), "2026-03-18T20:53:21.766Z");
    }

    #[test]
    fn odd_values_are_none_or_read_leniently() {
        assert_eq!(Timestamp::from_json(&json!(null)), None);
        assert_eq!(Timestamp::from_json(&json!(-5)), None);
        assert_eq!(Timestamp::from_json(&json!({"a": 1})), None);
        assert_eq!(Timestamp::from_json(&json!("soon")), None);
        assert_eq!(
            Timestamp::from_json(&json!("1685606154")).map(Timestamp::as_millis),
            Some(1685606154000)
        );
        assert_eq!(
            Timestamp::from_json(&json!("2023-06-01T07:55:54Z")).map(Timestamp::as_millis),
            Some(1685606154000)
        );
        assert_eq!(
            Timestamp::from_json(&json!(1685606154.5)).map(Timestamp::as_millis),
            Some(1685606154500)
        );
    }
}
