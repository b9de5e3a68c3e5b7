//! The text form of a fault, as `formant sandbox --fault` and the control API take it:
//! `KIND[=VALUE][,times=N | ,every=N][,path=TEXT]`.

use std::fmt;
use std::num::NonZeroU32;
use std::str::FromStr;
use std::time::Duration;

use super::{FaultKind, FaultSpec, Schedule};

/// What each fault does and how to write one; shown by `formant sandbox --help`.
pub const FAULT_HELP: &str = "\
Make the sandbox misbehave, to test a client against a broken API. Repeatable: the first fault
that matches a request and is due applies to it.

  KIND[=VALUE][,times=N | ,every=N][,path=TEXT]

Kinds:
  latency=DURATION   wait before answering normally (e.g. 300ms, 2s; at most 1h)
  rate-limit[=SECS]  429 rate_limited with Retry-After: SECS (default 1)
  status=CODE        that status (400-599) with the API's error body for it
  cut-body           promise the whole Content-Length, send half, drop the connection
  malformed-json     200 application/json that does not parse
  html-error         502 text/html, as a reverse proxy answers when the API is down
  not-wav            a recording answered 200 audio/wav with an XML error page as its body

Options (default: every matching request, any path):
  times=N            only the next N matching requests, then the fault is gone
  every=N            every Nth matching request (a flaky API)
  path=TEXT          only requests whose path contains TEXT (e.g. path=/recording)

Examples: --fault latency=300ms   --fault rate-limit=5,times=2   --fault status=503,every=3
          --fault cut-body,path=/recording";

/// The longest latency a fault may add.
const MAX_LATENCY: Duration = Duration::from_secs(3600);

/// The kinds' names, in the order the help lists them.
const KIND_NAMES: [&str; 7] = [
    "latency",
    "rate-limit",
    "status",
    "cut-body",
    "malformed-json",
    "html-error",
    "not-wav",
];

/// Why a fault's text does not describe a fault; each says what would.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FaultSpecError {
    #[error("unknown fault {0:?}: use one of {kinds}", kinds = KIND_NAMES.join(", "))]
    UnknownKind(String),
    #[error("{kind} needs a value: {expected}")]
    MissingValue {
        kind: &'static str,
        expected: &'static str,
    },
    #[error("{kind} takes no value (got {kind}={value})")]
    UnexpectedValue { kind: &'static str, value: String },
    #[error("{kind}={value}: expected {expected}")]
    BadValue {
        kind: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error("unknown fault option {0:?}: use times=N, every=N or path=TEXT")]
    UnknownOption(String),
    #[error("{option}={value}: expected a whole number from 1 to {max}", max = u32::MAX)]
    BadCount { option: &'static str, value: String },
    #[error("path= needs the text a request's path must contain")]
    EmptyPath,
    #[error("{0} is given twice")]
    Repeated(&'static str),
    #[error("times and every cannot be combined: use one of them")]
    TimesAndEvery,
}

impl FromStr for FaultSpec {
    type Err = FaultSpecError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut parts = text.trim().split(',');
        let head = parts.next().unwrap_or_default().trim();
        let (name, value) = match head.split_once('=') {
            Some((name, value)) => (name.trim(), Some(value.trim())),
            None => (head, None),
        };
        let kind = parse_kind(name, value)?;
        let mut times = None;
        let mut every = None;
        let mut path_contains = None;
        for option in parts {
            let (key, value) = option.split_once('=').unwrap_or((option, ""));
            match key.trim() {
                "times" => set_once(&mut times, "times", count("times", value)?)?,
                "every" => set_once(&mut every, "every", count("every", value)?)?,
                // Not trimmed: the text is matched exactly as given.
                "path" if value.is_empty() => return Err(FaultSpecError::EmptyPath),
                "path" => set_once(&mut path_contains, "path", value.to_owned())?,
                _ => return Err(FaultSpecError::UnknownOption(option.trim().to_owned())),
            }
        }
        let schedule = match (times, every) {
            (Some(_), Some(_)) => return Err(FaultSpecError::TimesAndEvery),
            (Some(times), None) => Schedule::Times(times),
            (None, Some(every)) => Schedule::Every(every),
            (None, None) => Schedule::Every(NonZeroU32::MIN),
        };
        Ok(FaultSpec {
            kind,
            schedule,
            path_contains,
        })
    }
}

fn parse_kind(name: &str, value: Option<&str>) -> Result<FaultKind, FaultSpecError> {
    let kind = match name {
        "latency" => {
            let expected = "a duration such as 300ms or 2s, at most 1h";
            let value = required("latency", value, expected)?;
            let delay = parse_duration(value)
                .filter(|delay| *delay <= MAX_LATENCY)
                .ok_or_else(|| bad("latency", value, expected))?;
            FaultKind::Latency(delay)
        }
        "rate-limit" => {
            let retry_after_secs = match value {
                None => 1,
                Some(value) => value
                    .parse::<u64>()
                    .map_err(|_| bad("rate-limit", value, "Retry-After in whole seconds"))?,
            };
            FaultKind::RateLimited { retry_after_secs }
        }
        "status" => {
            let expected = "an HTTP status from 400 to 599, e.g. 503";
            let value = required("status", value, expected)?;
            match value.parse::<u16>() {
                Ok(code @ 400..=599) => FaultKind::Status(code),
                _ => return Err(bad("status", value, expected)),
            }
        }
        "cut-body" => no_value("cut-body", value, FaultKind::TruncatedBody)?,
        "malformed-json" => no_value("malformed-json", value, FaultKind::MalformedJson)?,
        "html-error" => no_value("html-error", value, FaultKind::HtmlErrorPage)?,
        "not-wav" => no_value("not-wav", value, FaultKind::NotWav)?,
        other => return Err(FaultSpecError::UnknownKind(other.to_owned())),
    };
    Ok(kind)
}

fn required<'a>(
    kind: &'static str,
    value: Option<&'a str>,
    expected: &'static str,
) -> Result<&'a str, FaultSpecError> {
    value
        .filter(|value| !value.is_empty())
        .ok_or(FaultSpecError::MissingValue { kind, expected })
}

fn no_value(
    kind: &'static str,
    value: Option<&str>,
    fault: FaultKind,
) -> Result<FaultKind, FaultSpecError> {
    match value {
        None => Ok(fault),
        Some(value) => Err(FaultSpecError::UnexpectedValue {
            kind,
            value: value.to_owned(),
        }),
    }
}

fn bad(kind: &'static str, value: &str, expected: &'static str) -> FaultSpecError {
    FaultSpecError::BadValue {
        kind,
        value: value.to_owned(),
        expected,
    }
}

fn count(option: &'static str, value: &str) -> Result<NonZeroU32, FaultSpecError> {
    value
        .trim()
        .parse::<NonZeroU32>()
        .map_err(|_| FaultSpecError::BadCount {
            option,
            value: value.to_owned(),
        })
}

fn set_once<T>(slot: &mut Option<T>, name: &'static str, value: T) -> Result<(), FaultSpecError> {
    if slot.replace(value).is_some() {
        return Err(FaultSpecError::Repeated(name));
    }
    Ok(())
}

/// `300ms`, `2s`, `1m`, `1h`: a whole number and a unit.
fn parse_duration(text: &str) -> Option<Duration> {
    let digits = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(digits);
    let number: u64 = number.parse().ok()?;
    match unit {
        "ms" => Some(Duration::from_millis(number)),
        "s" => Some(Duration::from_secs(number)),
        "m" => number.checked_mul(60).map(Duration::from_secs),
        "h" => number.checked_mul(3600).map(Duration::from_secs),
        _ => None,
    }
}

/// The canonical text of a fault, which parses back to the same fault.
impl fmt::Display for FaultSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            FaultKind::Latency(delay) => write!(f, "latency={}ms", delay.as_millis())?,
            FaultKind::RateLimited { retry_after_secs } => {
                write!(f, "rate-limit={retry_after_secs}")?
            }
            FaultKind::Status(code) => write!(f, "status={code}")?,
            FaultKind::TruncatedBody => f.write_str("cut-body")?,
            FaultKind::MalformedJson => f.write_str("malformed-json")?,
            FaultKind::HtmlErrorPage => f.write_str("html-error")?,
            FaultKind::NotWav => f.write_str("not-wav")?,
        }
        match self.schedule {
            Schedule::Times(times) => write!(f, ",times={times}")?,
            Schedule::Every(every) if every.get() > 1 => write!(f, ",every={every}")?,
            Schedule::Every(_) => {}
        }
        if let Some(path) = &self.path_contains {
            write!(f, ",path={path}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<FaultSpec, FaultSpecError> {
        text.parse()
    }

    fn n(value: u32) -> NonZeroU32 {
        NonZeroU32::new(value).expect("non-zero")
    }

    #[test]
    fn every_kind_parses_and_defaults_to_every_request() {
        let cases = [
            (
                "latency=300ms",
                FaultKind::Latency(Duration::from_millis(300)),
            ),
            ("latency=2s", FaultKind::Latency(Duration::from_secs(2))),
            ("latency=1h", FaultKind::Latency(Duration::from_secs(3600))),
            (
                "rate-limit",
                FaultKind::RateLimited {
                    retry_after_secs: 1,
                },
            ),
            (
                "rate-limit=120",
                FaultKind::RateLimited {
                    retry_after_secs: 120,
                },
            ),
            ("status=503", FaultKind::Status(503)),
            ("status=401", FaultKind::Status(401)),
            ("cut-body", FaultKind::TruncatedBody),
            ("malformed-json", FaultKind::MalformedJson),
            ("html-error", FaultKind::HtmlErrorPage),
            ("not-wav", FaultKind::NotWav),
        ];
        for (text, kind) in cases {
            assert_eq!(
                parse(text),
                Ok(FaultSpec {
                    kind,
                    schedule: Schedule::Every(n(1)),
                    path_contains: None
                }),
                "{text}"
            );
        }
        // The help describes every kind the parser knows.
        for name in KIND_NAMES {
            assert!(FAULT_HELP.contains(&format!("\n  {name}")), "{name}");
        }
    }

    #[test]
    fn options_set_the_schedule_and_the_path() {
        assert_eq!(
            parse("status=502, times=3,path=/recording"),
            Ok(FaultSpec {
                kind: FaultKind::Status(502),
                schedule: Schedule::Times(n(3)),
                path_contains: Some("/recording".into()),
            })
        );
        assert_eq!(
            parse("cut-body,every=4").map(|spec| spec.schedule),
            Ok(Schedule::Every(n(4)))
        );
    }

    #[test]
    fn the_canonical_text_parses_back() {
        for text in [
            "latency=300ms",
            "rate-limit=7,times=2",
            "status=504,every=3,path=/v1/conversations",
            "cut-body,path=/recording",
            "malformed-json,times=1",
            "html-error",
            "not-wav,every=2",
        ] {
            let spec = parse(text).expect("parses");
            assert_eq!(spec.to_string(), text);
            assert_eq!(parse(&spec.to_string()), Ok(spec));
        }
    }

    #[test]
    fn bad_text_says_what_is_wrong() {
        let cases = [
            ("explode", "unknown fault \"explode\": use one of latency, rate-limit, status, cut-body, malformed-json, html-error, not-wav"),
            ("", "unknown fault \"\": use one of"),
            ("latency", "latency needs a value: a duration such as 300ms or 2s"),
            ("latency=300", "latency=300: expected a duration such as 300ms or 2s"),
            ("latency=2h", "latency=2h: expected a duration such as 300ms or 2s, at most 1h"),
            ("latency=99999999999999999999h", "latency=99999999999999999999h: expected a duration"),
            ("latency=-5ms", "latency=-5ms: expected a duration"),
            ("status", "status needs a value: an HTTP status from 400 to 599"),
            ("status=200", "status=200: expected an HTTP status from 400 to 599"),
            ("status=abc", "status=abc: expected"),
            ("rate-limit=soon", "rate-limit=soon: expected Retry-After in whole seconds"),
            ("cut-body=5", "cut-body takes no value (got cut-body=5)"),
            ("cut-body,times=0", "times=0: expected a whole number from 1 to 4294967295"),
            ("cut-body,every=x", "every=x: expected a whole number"),
            ("cut-body,times=1,every=2", "times and every cannot be combined"),
            ("cut-body,times=1,times=2", "times is given twice"),
            ("cut-body,path=", "path= needs the text"),
            ("cut-body,often", "unknown fault option \"often\": use times=N, every=N or path=TEXT"),
        ];
        for (text, message) in cases {
            let error = parse(text).expect_err(text);
            assert!(
                error.to_string().starts_with(message),
                "{text}: {error} does not start with {message}"
            );
        }
    }
}
