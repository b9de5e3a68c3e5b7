//! Seconds-from-call-start as text: subtitle timecodes and the short clock used in
//! txt/md. All rounding is to the millisecond, once, so a turn's start and end never drift.

/// Whole milliseconds; the inputs are finite and non-negative (see `Turn::from_json`).
fn millis(secs: f64) -> u64 {
    // `as` saturates, so even absurd values give a (huge) time rather than a panic.
    (secs.max(0.0) * 1000.0).round() as u64
}

fn split(ms: u64) -> (u64, u64, u64, u64) {
    (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
}

/// `00:00:05,000` (SubRip) or `00:00:05.000` (WebVTT); hours grow past two digits as needed.
pub(super) fn timecode(secs: f64, decimal_separator: char) -> String {
    let (h, m, s, ms) = split(millis(secs));
    format!("{h:02}:{m:02}:{s:02}{decimal_separator}{ms:03}")
}

/// `0:05`, `12:34`, `1:02:03`; a fraction only when there is one (`0:01.5`).
pub(super) fn short(secs: f64) -> String {
    let (h, m, s, ms) = split(millis(secs));
    let mut out = if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    };
    if ms > 0 {
        let fraction = format!("{ms:03}");
        out.push('.');
        out.push_str(fraction.trim_end_matches('0'));
    }
    out
}

/// `2:22 (142 s)`: a clock rounded to the second, then the exact figure the API gave.
pub(super) fn duration(secs: f64) -> String {
    format!("{} ({secs} s)", short(secs.round()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timecodes_for_both_subtitle_formats() {
        assert_eq!(timecode(5.0, ','), "00:00:05,000");
        assert_eq!(timecode(5.0, '.'), "00:00:05.000");
        assert_eq!(timecode(0.0, ','), "00:00:00,000");
        assert_eq!(timecode(61.2345, '.'), "00:01:01.235");
        assert_eq!(timecode(3723.004, ','), "01:02:03,004");
        assert_eq!(timecode(100.0 * 3600.0, ','), "100:00:00,000");
    }

    #[test]
    fn rounding_carries_into_the_next_second() {
        assert_eq!(timecode(59.9996, ','), "00:01:00,000");
        assert_eq!(short(59.9996), "1:00");
    }

    #[test]
    fn short_clock_and_duration() {
        assert_eq!(short(5.0), "0:05");
        assert_eq!(short(1.5), "0:01.5");
        assert_eq!(short(754.25), "12:34.25");
        assert_eq!(short(3723.0), "1:02:03");
        assert_eq!(duration(142.0), "2:22 (142 s)");
        assert_eq!(duration(245.7), "4:06 (245.7 s)");
        assert_eq!(duration(3600.0), "1:00:00 (3600 s)");
    }
}
