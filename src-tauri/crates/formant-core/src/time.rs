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

/// 9999-12-31T23:59:59.999Z, the last instant RFC 3339 can write. Later values (`1e300`) and
/// ones before 1970 (`0001-01-01T00:00:00Z`) are not times a call can have: they read as
/// absent, so arithmetic between two timestamps can never overflow.
const LATEST_MS: i64 = 253_402_300_799_999;

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
        let ms = ms.round();
        // Checked before the conversion, which would otherwise saturate to a nonsense year.
        (ms <= LATEST_MS as f64).then_some(Self(ms as i64))
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
                        .map(|d| d.timestamp_millis())
                        .filter(|ms| (0..=LATEST_MS).contains(ms))
                        .map(Self)
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
        // Out of range: absent rather than a saturated or negative instant.
        assert_eq!(Timestamp::from_json(&json!(1e300)), None);
        assert_eq!(Timestamp::from_json(&json!("1e300")), None);
        assert_eq!(Timestamp::from_json(&json!("0001-01-01T00:00:00Z")), None);
        assert_eq!(Timestamp::from_json(&json!(LATEST_MS + 1)), None);
        assert_eq!(
            Timestamp::from_json(&json!(LATEST_MS)).map(Timestamp::to_rfc3339),
            Some("9999-12-31T23:59:59.999Z".to_owned())
        );
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
