//! Every way a call to the API can fail, each with a message a person understands, and a
//! small stable [`ErrorKind`] the app maps to its UI (it never matches on message text).

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The API's own error object, `{"error": {"message": "...", "type": "..."}}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ApiErrorBody {
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

impl ApiErrorBody {
    /// Reads `{"error": {...}}`; `None` when the body is not that shape (an HTML page from a
    /// proxy, an empty body, another JSON document).
    pub fn parse(body: &[u8]) -> Option<Self> {
        #[derive(Deserialize)]
        struct Envelope {
            error: ApiErrorBody,
        }
        serde_json::from_slice::<Envelope>(body)
            .ok()
            .map(|e| e.error)
            .filter(|e| e.message.is_some() || e.kind.is_some())
    }

    fn message_or<'a>(&'a self, fallback: &'a str) -> &'a str {
        self.message
            .as_deref()
            .filter(|m| !m.trim().is_empty())
            .unwrap_or(fallback)
    }
}

/// The stable kinds the app maps to its UI.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS, strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Auth,
    NotFound,
    RecordingUnavailable,
    RateLimited,
    Network,
    Timeout,
    InvalidInput,
    Io,
    BadResponse,
    Server,
    Cancelled,
}

impl ErrorKind {
    /// The serde name, e.g. `"not_found"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auth => "auth",
            Self::NotFound => "not_found",
            Self::RecordingUnavailable => "recording_unavailable",
            Self::RateLimited => "rate_limited",
            Self::Network => "network",
            Self::Timeout => "timeout",
            Self::InvalidInput => "invalid_input",
            Self::Io => "io",
            Self::BadResponse => "bad_response",
            Self::Server => "server",
            Self::Cancelled => "cancelled",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 401 or 403: the key is wrong, revoked, or not allowed to see this.
    #[error("the API key was rejected ({status}): {}", api_message(.api, "check the key and the region"))]
    Auth {
        status: u16,
        api: Option<ApiErrorBody>,
    },

    #[error("conversation {} was not found: {}", short_id(.id), api_message(.api, "check the id and the account's region"))]
    NotFound {
        id: String,
        api: Option<ApiErrorBody>,
    },

    /// The call exists but its recording does not (yet): the API answers `not_found` on the
    /// recording path.
    #[error("conversation {} has no recording available: {}", short_id(.id), api_message(.api, "it may not be ready yet"))]
    RecordingUnavailable {
        id: String,
        api: Option<ApiErrorBody>,
    },

    #[error("the API is rate limiting requests{}", retry_after_hint(.retry_after))]
    RateLimited {
        retry_after: Option<Duration>,
        api: Option<ApiErrorBody>,
    },

    /// Any other unexpected status. `body_snippet` keeps the start of a body that was not the
    /// API's error JSON (e.g. a proxy's HTML page).
    #[error("the API answered {status}: {}", server_message(.api, .body_snippet))]
    Server {
        status: u16,
        api: Option<ApiErrorBody>,
        body_snippet: Option<String>,
    },

    /// No answer: the connection failed, broke before the status arrived, or redirected
    /// without end. The error's URL is left out (an id can be 100,000 characters long).
    #[error("could not reach the API: {}", transport_message(.0))]
    Network(#[source] reqwest::Error),

    /// The API answered, but the connection ended before the body was complete.
    #[error("the API's answer was cut off after {received}{} bytes", of_expected(.expected))]
    Incomplete {
        received: u64,
        expected: Option<u64>,
    },

    /// The body passed the client's cap for this kind of answer (see [`crate::MAX_JSON_BYTES`]).
    #[error("the API's answer was larger than {} MiB, more than any real answer; it was not read", .limit_bytes / (1024 * 1024))]
    TooLarge { limit_bytes: u64 },

    #[error("the API did not answer in time")]
    Timeout,

    /// A success status with a body that is not what the API documents.
    #[error("the API sent a response that could not be read ({reason}){}", snippet_hint(.body_snippet))]
    BadResponse {
        reason: String,
        body_snippet: String,
    },

    #[error("invalid input: {0}")]
    InvalidInput(String),

    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },

    #[error("cancelled")]
    Cancelled,
}

impl ApiError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Auth { .. } => ErrorKind::Auth,
            Self::NotFound { .. } => ErrorKind::NotFound,
            Self::RecordingUnavailable { .. } => ErrorKind::RecordingUnavailable,
            Self::RateLimited { .. } => ErrorKind::RateLimited,
            Self::Server { .. } => ErrorKind::Server,
            Self::Network(_) | Self::Incomplete { .. } => ErrorKind::Network,
            Self::Timeout => ErrorKind::Timeout,
            Self::BadResponse { .. } | Self::TooLarge { .. } => ErrorKind::BadResponse,
            Self::InvalidInput(_) => ErrorKind::InvalidInput,
            Self::Io { .. } => ErrorKind::Io,
            Self::Cancelled => ErrorKind::Cancelled,
        }
    }

    /// The API's parsed `{error:{message,type}}`, where the response had one.
    pub fn api_error(&self) -> Option<&ApiErrorBody> {
        match self {
            Self::Auth { api, .. }
            | Self::NotFound { api, .. }
            | Self::RecordingUnavailable { api, .. }
            | Self::RateLimited { api, .. }
            | Self::Server { api, .. } => api.as_ref(),
            _ => None,
        }
    }

    /// The HTTP status behind this error, when there was a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Auth { status, .. } | Self::Server { status, .. } => Some(*status),
            Self::NotFound { .. } | Self::RecordingUnavailable { .. } => Some(404),
            Self::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io {
            context: context.into(),
            source,
        }
    }

    /// Sorts a transport error: timeouts apart from everything else that kept the request
    /// from completing.
    pub(crate) fn from_transport(err: reqwest::Error) -> Self {
        if err.is_timeout() {
            Self::Timeout
        } else if err.is_builder() {
            // Nothing was sent: the request itself could not be made.
            Self::InvalidInput(format!(
                "the request could not be made: {}",
                transport_message(&err.without_url())
            ))
        } else {
            Self::Network(err.without_url())
        }
    }

    /// Sorts an error while reading a body, after `received` bytes of it: the API did
    /// answer, so apart from a timeout this is an answer cut off, not an unreachable API.
    pub(crate) fn from_body(err: reqwest::Error, received: u64) -> Self {
        if err.is_timeout() {
            Self::Timeout
        } else {
            tracing::debug!(error = %err.without_url(), received, "body cut off");
            Self::Incomplete {
                received,
                expected: None,
            }
        }
    }
}

/// The transport error and its innermost cause (`error sending request: Connection refused
/// (os error 111)`), which says more than either alone.
fn transport_message(err: &reqwest::Error) -> String {
    let top = err.to_string();
    let mut innermost = None;
    let mut next = std::error::Error::source(err);
    while let Some(cause) = next {
        innermost = Some(cause.to_string());
        next = cause.source();
    }
    match innermost {
        Some(cause) if !top.contains(&cause) => format!("{top}: {cause}"),
        _ => top,
    }
}

/// The most of an id a message shows.
const ID_CHARS: usize = 80;

/// An id for a message: quoted with its control characters escaped, and cut short when
/// long (a message with a 100,000-character id in it is not readable).
pub(crate) fn short_id(id: &str) -> String {
    let count = id.chars().count();
    if count <= ID_CHARS {
        return format!("{id:?}");
    }
    let head: String = id.chars().take(ID_CHARS).collect();
    format!("{:?} ({count} characters)", format!("{head}…"))
}

/// How much of an unreadable body is kept for the message and the logs.
pub(crate) const SNIPPET_CHARS: usize = 300;

/// The start of a body as text, cut at a character boundary, whitespace collapsed. Only the
/// first few KiB are looked at, however long the body.
pub(crate) fn body_snippet(body: &[u8]) -> String {
    const LOOK_AT_BYTES: usize = 16 * 1024;
    let text = String::from_utf8_lossy(&body[..body.len().min(LOOK_AT_BYTES)]);
    let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = collapsed.chars();
    let mut out: String = chars.by_ref().take(SNIPPET_CHARS).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

fn api_message<'a>(api: &'a Option<ApiErrorBody>, fallback: &'a str) -> &'a str {
    api.as_ref().map_or(fallback, |a| a.message_or(fallback))
}

fn server_message(api: &Option<ApiErrorBody>, snippet: &Option<String>) -> String {
    match (api, snippet) {
        (Some(api), _) => api.message_or("no details").to_owned(),
        (None, Some(s)) if !s.is_empty() => format!("unexpected body: {s}"),
        _ => "no details".to_owned(),
    }
}

fn retry_after_hint(retry_after: &Option<Duration>) -> String {
    match retry_after {
        Some(d) => format!("; try again in {} s", d.as_secs().max(1)),
        None => "; try again shortly".to_owned(),
    }
}

fn of_expected(expected: &Option<u64>) -> String {
    expected.map(|e| format!(" of {e}")).unwrap_or_default()
}

fn snippet_hint(snippet: &str) -> String {
    if snippet.is_empty() {
        String::new()
    } else {
        format!(": {snippet}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_api_error_object_and_nothing_else() {
        let body = br#"{"error":{"message":"Invalid API key","type":"authentication_error"}}"#;
        let api = ApiErrorBody::parse(body).expect("error object");
        assert_eq!(api.message.as_deref(), Some("Invalid API key"));
        assert_eq!(api.kind.as_deref(), Some("authentication_error"));
        assert_eq!(ApiErrorBody::parse(b"<html>bad gateway</html>"), None);
        assert_eq!(ApiErrorBody::parse(br#"{"error":{}}"#), None);
        assert_eq!(ApiErrorBody::parse(br#"{"data":[]}"#), None);
    }

    #[test]
    fn messages_use_the_api_text_when_there_is_one() {
        let err = ApiError::Auth {
            status: 401,
            api: ApiErrorBody::parse(br#"{"error":{"message":"Invalid API key","type":"x"}}"#),
        };
        assert_eq!(
            err.to_string(),
            "the API key was rejected (401): Invalid API key"
        );
        assert_eq!(err.kind(), ErrorKind::Auth);
        let bare = ApiError::Auth {
            status: 401,
            api: None,
        };
        assert_eq!(
            bare.to_string(),
            "the API key was rejected (401): check the key and the region"
        );
        let limited = ApiError::RateLimited {
            retry_after: Some(Duration::from_secs(7)),
            api: None,
        };
        assert_eq!(
            limited.to_string(),
            "the API is rate limiting requests; try again in 7 s"
        );
        let html = ApiError::Server {
            status: 502,
            api: None,
            body_snippet: Some(body_snippet(b"<html>\n  <h1>Bad   Gateway</h1></html>")),
        };
        assert_eq!(
            html.to_string(),
            "the API answered 502: unexpected body: <html> <h1>Bad Gateway</h1></html>"
        );
    }

    #[test]
    fn snippets_are_cut_at_a_character_boundary() {
        let long = "é".repeat(SNIPPET_CHARS + 50);
        let snippet = body_snippet(long.as_bytes());
        assert_eq!(snippet.chars().count(), SNIPPET_CHARS + 1);
        assert!(snippet.ends_with('…'));
        assert_eq!(body_snippet(b"short"), "short");
    }

    #[test]
    fn long_ids_are_shortened_in_messages() {
        let id = "a".repeat(100_000);
        let err = ApiError::NotFound {
            id: id.clone(),
            api: None,
        };
        let text = err.to_string();
        assert!(text.len() < 300, "{} characters", text.len());
        assert!(text.contains("(100000 characters)"), "{text}");
        assert!(text.starts_with(&format!("conversation \"{}…\"", "a".repeat(80))));
        let short = ApiError::NotFound {
            id: "x\u{1b}y".into(),
            api: None,
        };
        assert!(short
            .to_string()
            .starts_with(r#"conversation "x\u{1b}y" was not found"#));
    }

    #[test]
    fn cut_off_and_oversized_answers_say_so() {
        let cut = ApiError::Incomplete {
            received: 100,
            expected: Some(1000),
        };
        assert_eq!(
            cut.to_string(),
            "the API's answer was cut off after 100 of 1000 bytes"
        );
        assert_eq!(cut.kind(), ErrorKind::Network);
        let big = ApiError::TooLarge {
            limit_bytes: crate::MAX_JSON_BYTES,
        };
        assert!(big
            .to_string()
            .starts_with("the API's answer was larger than 32 MiB"));
        assert_eq!(big.kind(), ErrorKind::BadResponse);
    }

    #[test]
    fn snippets_of_huge_bodies_look_at_the_start_only() {
        let mut body = b"<html>".to_vec();
        body.resize(10 * 1024 * 1024, b'x');
        let snippet = body_snippet(&body);
        assert!(snippet.starts_with("<html>xxx"), "{snippet}");
        assert_eq!(snippet.chars().count(), SNIPPET_CHARS + 1);
    }

    #[test]
    fn kinds_serialise_to_their_stable_names() {
        for kind in [
            ErrorKind::Auth,
            ErrorKind::NotFound,
            ErrorKind::RecordingUnavailable,
            ErrorKind::RateLimited,
            ErrorKind::Network,
            ErrorKind::Timeout,
            ErrorKind::InvalidInput,
            ErrorKind::Io,
            ErrorKind::BadResponse,
            ErrorKind::Server,
            ErrorKind::Cancelled,
        ] {
            assert_eq!(
                serde_json::to_value(kind).expect("serialises"),
                serde_json::Value::String(kind.as_str().to_owned())
            );
        }
    }
}
