//! Reading numbers a server sent, which are untrusted: anything not finite, negative or past
//! a sane bound is treated as absent (the record's raw JSON still holds what was sent), so no
//! later arithmetic on them can overflow or show nonsense.

use serde_json::Value;

/// No call lasts longer than a year; a length or turn time past it is not a real one (and,
/// being far below 2^53, every value that passes stays exact as milliseconds).
pub const MAX_SECONDS: f64 = 366.0 * 24.0 * 3600.0;

/// A finite, non-negative number of seconds (a JSON number or numeric string) up to
/// [`MAX_SECONDS`]; anything else is `None`.
pub fn seconds(v: &Value) -> Option<f64> {
    number(v).filter(|n| (0.0..=MAX_SECONDS).contains(n))
}

/// A time that may count seconds or milliseconds (a transcript turn's; see
/// `normalise_turn_times`): finite, non-negative, and a real length in either unit.
pub fn seconds_or_millis(v: &Value) -> Option<f64> {
    number(v).filter(|n| (0.0..=MAX_SECONDS * 1000.0).contains(n))
}

/// A finite JSON number or numeric string.
pub fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|n: &f64| n.is_finite())
}

/// A whole number that fits an `i64` exactly (an integer, an integral float below 2^53, or
/// a numeric string).
pub fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A count (a page's `total`): a non-negative whole number, or `None`.
pub fn count(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        _ => integer(v).and_then(|i| u64::try_from(i).ok()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hostile_numbers_are_absent() {
        for bad in [
            json!(1e300),
            json!(-1),
            json!("NaN"),
            json!("inf"),
            json!(null),
            json!([1]),
        ] {
            assert_eq!(seconds(&bad), None, "{bad}");
        }
        assert_eq!(seconds(&json!(MAX_SECONDS + 1.0)), None);
        assert_eq!(seconds(&json!("12.5")), Some(12.5));
        assert_eq!(
            seconds_or_millis(&json!(36_000_000)),
            Some(36e6),
            "10 h in ms"
        );
        assert_eq!(seconds_or_millis(&json!(1e300)), None);
        assert_eq!(number(&json!(1e300)), Some(1e300));
        assert_eq!(integer(&json!(1e300)), None);
        assert_eq!(integer(&json!(u64::MAX)), None);
        assert_eq!(count(&json!(u64::MAX)), Some(u64::MAX));
        assert_eq!(count(&json!(-3)), None);
        assert_eq!(count(&json!("7")), Some(7));
        assert_eq!(count(&json!(1e300)), None);
        assert_eq!(count(&json!(2.5)), None);
    }
}
