//! Call status: the seven documented values, each with a label and a category; any other
//! string the API may add later is kept verbatim instead of failing the whole record.

use serde::{Serialize, Serializer};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Status {
    Completed,
    Failed,
    Busy,
    NoAnswer,
    SocketFailure,
    TelephonyFailed,
    Unreachable,
    /// A value the API documentation does not list, kept as sent.
    Other(String),
}

/// How a reviewer groups statuses: did the call reach a person, not reach one, or break?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum StatusCategory {
    Connected,
    NotReached,
    Failed,
    Unknown,
}

impl Status {
    pub fn parse(code: &str) -> Self {
        match code {
            "completed" => Self::Completed,
            "failed" => Self::Failed,
            "busy" => Self::Busy,
            "no_answer" => Self::NoAnswer,
            "socket_failure" => Self::SocketFailure,
            "telephony_failed" => Self::TelephonyFailed,
            "unreachable" => Self::Unreachable,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The string the API uses.
    pub fn code(&self) -> &str {
        match self {
            Self::Completed => "completed",
            Self::Failed => "failed",
            Self::Busy => "busy",
            Self::NoAnswer => "no_answer",
            Self::SocketFailure => "socket_failure",
            Self::TelephonyFailed => "telephony_failed",
            Self::Unreachable => "unreachable",
            Self::Other(s) => s,
        }
    }

    pub fn label(&self) -> String {
        match self {
            Self::Completed => "Completed".into(),
            Self::Failed => "Failed".into(),
            Self::Busy => "Busy".into(),
            Self::NoAnswer => "No answer".into(),
            Self::SocketFailure => "Voice stream failed".into(),
            Self::TelephonyFailed => "Telephony failed".into(),
            Self::Unreachable => "Unreachable".into(),
            Self::Other(s) => humanize(s),
        }
    }

    /// The documented meaning, for tooltips.
    pub fn description(&self) -> &'static str {
        match self {
            Self::Completed => "Call connected and ended normally.",
            Self::Failed => "Call setup or provider interaction failed.",
            Self::Busy => "Recipient was busy.",
            Self::NoAnswer => "Recipient did not answer.",
            Self::SocketFailure => "Call connected but voice streaming failed.",
            Self::TelephonyFailed => "Telephony provider failed after initiation.",
            Self::Unreachable => "Destination number could not be reached.",
            Self::Other(_) => "A status this version of Formant Desk does not know yet.",
        }
    }

    pub fn category(&self) -> StatusCategory {
        match self {
            Self::Completed => StatusCategory::Connected,
            Self::Busy | Self::NoAnswer | Self::Unreachable => StatusCategory::NotReached,
            Self::Failed | Self::SocketFailure | Self::TelephonyFailed => StatusCategory::Failed,
            Self::Other(_) => StatusCategory::Unknown,
        }
    }

    /// Statuses whose failure reason deserves top billing in the call view.
    pub fn is_failure(&self) -> bool {
        self.category() == StatusCategory::Failed
    }
}

/// `"voicemail_detected"` → `"Voicemail detected"`.
fn humanize(code: &str) -> String {
    let spaced = code.replace(['_', '-'], " ");
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Unknown".into(),
    }
}

/// What crosses to the UI: `{code, label, description, category}`, so the front end never
/// re-implements the mapping.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct StatusInfo {
    pub code: String,
    pub label: String,
    pub description: String,
    pub category: StatusCategory,
}

impl Status {
    pub fn info(&self) -> StatusInfo {
        StatusInfo {
            code: self.code().to_owned(),
            label: self.label(),
            description: self.description().to_owned(),
            category: self.category(),
        }
    }
}

/// Statuses serialise as their info object (see [`StatusInfo`]).
impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.info().serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_values_round_trip_with_categories() {
        let cases = [
            ("completed", StatusCategory::Connected),
            ("failed", StatusCategory::Failed),
            ("busy", StatusCategory::NotReached),
            ("no_answer", StatusCategory::NotReached),
            ("socket_failure", StatusCategory::Failed),
            ("telephony_failed", StatusCategory::Failed),
            ("unreachable", StatusCategory::NotReached),
        ];
        for (code, category) in cases {
            let status = Status::parse(code);
            assert!(!matches!(status, Status::Other(_)), "{code} is documented");
            assert_eq!(status.code(), code);
            assert_eq!(status.category(), category, "{code}");
        }
        assert_eq!(Status::parse("no_answer").label(), "No answer");
    }

    #[test]
    fn unknown_values_are_kept_and_labelled() {
        let s = Status::parse("voicemail_detected");
        assert_eq!(s, Status::Other("voicemail_detected".into()));
        assert_eq!(s.code(), "voicemail_detected");
        assert_eq!(s.label(), "Voicemail detected");
        assert_eq!(s.category(), StatusCategory::Unknown);
        let json = serde_json::to_value(&s).expect("serialises");
        assert_eq!(json["code"], "voicemail_detected");
        assert_eq!(json["category"], "unknown");
    }
}
