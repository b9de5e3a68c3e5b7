//! The client: one account's API, the two JSON endpoints, and turning responses into types
//! or [`ApiError`]s.

use std::sync::Arc;
use std::time::Duration;

use formant_core::{ApiKey, Conversation, ConversationPage};
use reqwest::{header, Response, StatusCode, Url};
use serde_json::Value;

use crate::body::{read_error_body, read_json_body, MAX_JSON_BYTES};
use crate::error::{body_snippet, short_id};
use crate::pace::Pacer;
use crate::retry::{parse_retry_after, with_retries};
use crate::{ApiError, ApiErrorBody, ClientConfig, RetryPolicy};

/// Sent with every request, so the API's logs can tell the app's traffic apart.
pub const USER_AGENT: &str = concat!("formant-desk/", env!("CARGO_PKG_VERSION"));

/// The API's largest page.
pub const MAX_PAGE_SIZE: u32 = 100;

/// The longest conversation id sent. Real ids are about 40 characters; one past this is
/// refused before sending (a URL can hold at most 64 KiB, and a message must stay readable).
pub const MAX_ID_CHARS: usize = 1000;

/// `GET /v1/conversations` parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListQuery {
    pub agent_id: Option<i64>,
    /// 1..=100, checked before anything is sent.
    pub limit: u32,
    pub offset: u64,
}

impl Default for ListQuery {
    /// The API's defaults: 20 from the start, every agent.
    fn default() -> Self {
        Self {
            agent_id: None,
            limit: 20,
            offset: 0,
        }
    }
}

/// A FormantAI Voice API client for one account. Cheap to clone (the connection pool is
/// shared).
#[derive(Debug, Clone)]
pub struct Client {
    pub(crate) http: reqwest::Client,
    base: Url,
    key: ApiKey,
    timeout: Duration,
    pub(crate) retry: RetryPolicy,
    /// The most pages one [`Client::list_all`] walk requests (see [`crate::MAX_PAGES`]).
    pub(crate) max_pages: u64,
    /// Shared by the clones: a wait one request is told to make, all of them make.
    pub(crate) pacer: Arc<Pacer>,
}

/// Which endpoint a response came from: a 404 means a different thing on each.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Endpoint<'a> {
    List,
    Conversation(&'a str),
    Recording(&'a str),
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        let base = parse_base_url(&config.base_url)?;
        if config.key.is_empty() {
            return Err(ApiError::InvalidInput("the API key is empty".into()));
        }
        if config.key.has_invalid_characters() {
            return Err(ApiError::InvalidInput(
                "the API key has characters an API key cannot have (a line break, a space or \
                 another character that is not plain visible ASCII); copy it again"
                    .into(),
            ));
        }
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(config.timeout)
            .read_timeout(config.timeout)
            .build()
            .map_err(ApiError::Network)?;
        Ok(Self {
            http,
            base,
            key: config.key,
            timeout: config.timeout,
            retry: config.retry,
            max_pages: crate::MAX_PAGES,
            pacer: Arc::default(),
        })
    }

    /// The same client with another safety limit on the pages of one walk (tests use a small
    /// one; the default is [`crate::MAX_PAGES`]).
    pub fn with_max_pages(mut self, max_pages: u64) -> Self {
        self.max_pages = max_pages.max(1);
        self
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.base.as_str().trim_end_matches('/')
    }

    /// One page of the account's conversations (no transcripts: the list never has them).
    pub async fn list(&self, query: &ListQuery) -> Result<ConversationPage, ApiError> {
        if !(1..=MAX_PAGE_SIZE).contains(&query.limit) {
            return Err(ApiError::InvalidInput(format!(
                "limit must be between 1 and {MAX_PAGE_SIZE}, got {}",
                query.limit
            )));
        }
        let mut url = self.url(&["v1", "conversations"])?;
        {
            let mut pairs = url.query_pairs_mut();
            if let Some(agent) = query.agent_id {
                pairs.append_pair("agent_id", &agent.to_string());
            }
            pairs.append_pair("limit", &query.limit.to_string());
            pairs.append_pair("offset", &query.offset.to_string());
        }
        let value = self.get_json(url, Endpoint::List).await?;
        serde_json::from_value(value).map_err(|e| ApiError::BadResponse {
            reason: format!("not a page of conversations: {e}"),
            body_snippet: String::new(),
        })
    }

    /// One conversation with its transcript and results, from `{"data": {...}}`.
    pub async fn get(&self, id: &str) -> Result<Conversation, ApiError> {
        let url = self.conversation_url(id, &[])?;
        let value = self.get_json(url, Endpoint::Conversation(id)).await?;
        let Value::Object(mut envelope) = value else {
            return Err(ApiError::BadResponse {
                reason: "expected a JSON object with \"data\"".into(),
                body_snippet: String::new(),
            });
        };
        let data = envelope
            .remove("data")
            .ok_or_else(|| ApiError::BadResponse {
                reason: "the response has no \"data\"".into(),
                body_snippet: body_snippet(Value::Object(envelope).to_string().as_bytes()),
            })?;
        Conversation::from_json(data).map_err(|e| ApiError::BadResponse {
            reason: e.to_string(),
            body_snippet: String::new(),
        })
    }

    /// `base/v1/conversations/{id}/...rest`, the id percent-encoded as ONE path segment so no
    /// id (`../x`, `a/b?c`, `%2e%2e`) can reach another path or add a query.
    pub(crate) fn conversation_url(&self, id: &str, rest: &[&str]) -> Result<Url, ApiError> {
        if id.trim().is_empty() {
            return Err(ApiError::InvalidInput(
                "the conversation id is empty".into(),
            ));
        }
        // A URL treats these two segments as "here" and "up" whatever the encoding; no real
        // id is one of them.
        if id == "." || id == ".." {
            return Err(ApiError::InvalidInput(format!(
                "{id:?} is not a conversation id"
            )));
        }
        if id.chars().count() > MAX_ID_CHARS {
            return Err(ApiError::InvalidInput(format!(
                "{} is not a conversation id: it is longer than {MAX_ID_CHARS} characters",
                short_id(id)
            )));
        }
        let mut url = self.url(&["v1", "conversations"])?;
        url.path_segments_mut()
            .map_err(|()| cannot_be_base())?
            .push(id)
            .extend(rest);
        Ok(url)
    }

    fn url(&self, segments: &[&str]) -> Result<Url, ApiError> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| cannot_be_base())?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }

    /// A GET with the key, built afresh for every try.
    pub(crate) fn request(&self, url: Url) -> reqwest::RequestBuilder {
        self.http.get(url).bearer_auth(self.key.expose())
    }

    /// Sends one try of a GET and logs it for support: method, path and query (the id is
    /// percent-encoded there; the key travels only in a header, which is never logged),
    /// status or error, and the time to the response's headers.
    pub(crate) async fn send_logged(
        &self,
        url: &Url,
        request: reqwest::RequestBuilder,
    ) -> Result<Response, ApiError> {
        let started = std::time::Instant::now();
        let sent = request.send().await;
        let ms = started.elapsed().as_millis();
        let path = url.path();
        let query = url.query().unwrap_or("");
        match &sent {
            Ok(response) => tracing::info!(
                method = "GET",
                path,
                query,
                status = response.status().as_u16(),
                ms,
                "api request"
            ),
            Err(error) => {
                tracing::warn!(method = "GET", path, query, %error, ms, "api request failed")
            }
        }
        sent.map_err(ApiError::from_transport)
    }

    async fn get_json(&self, url: Url, endpoint: Endpoint<'_>) -> Result<Value, ApiError> {
        let what = url.path().to_owned();
        with_retries(&self.retry, &self.pacer, &what, || async {
            let request = self
                .request(url.clone())
                .header(header::ACCEPT, "application/json")
                .timeout(self.timeout);
            let response = self.send_logged(&url, request).await?;
            let response = check_status(response, endpoint).await?;
            let expected = response.content_length();
            let body = read_json_body(response, MAX_JSON_BYTES)
                .await
                .map_err(|e| match e {
                    ApiError::Incomplete { received, .. } => {
                        ApiError::Incomplete { received, expected }
                    }
                    other => other,
                })?;
            serde_json::from_slice(&body).map_err(|e| ApiError::BadResponse {
                // A complete HTTP answer whose JSON stops midway (a proxy cut it short).
                reason: if e.is_eof() {
                    format!("the answer was cut off in the middle of its JSON: {e}")
                } else {
                    format!("not JSON: {e}")
                },
                body_snippet: body_snippet(&body),
            })
        })
        .await
    }
}

/// Passes a success through; turns anything else into the matching [`ApiError`], reading the
/// body for the API's error object.
pub(crate) async fn check_status(
    response: Response,
    endpoint: Endpoint<'_>,
) -> Result<Response, ApiError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let retry_after = parse_retry_after(response.headers().get(header::RETRY_AFTER));
    // The error body matters only for its message, so only its start is read.
    let body = read_error_body(response).await;
    Err(error_for_status(status, retry_after, &body, endpoint))
}

pub(crate) fn error_for_status(
    status: StatusCode,
    retry_after: Option<Duration>,
    body: &[u8],
    endpoint: Endpoint<'_>,
) -> ApiError {
    let api = ApiErrorBody::parse(body);
    match (status, endpoint) {
        (StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN, _) => ApiError::Auth {
            status: status.as_u16(),
            api,
        },
        (StatusCode::TOO_MANY_REQUESTS, _) => ApiError::RateLimited { retry_after, api },
        (StatusCode::NOT_FOUND, Endpoint::Recording(id))
            if api.as_ref().and_then(|a| a.kind.as_deref()) == Some("not_found") =>
        {
            ApiError::RecordingUnavailable { id: id.into(), api }
        }
        (StatusCode::NOT_FOUND, Endpoint::Conversation(id) | Endpoint::Recording(id)) => {
            ApiError::NotFound { id: id.into(), api }
        }
        _ => ApiError::Server {
            status: status.as_u16(),
            body_snippet: api.is_none().then(|| body_snippet(body)),
            api,
        },
    }
}

fn parse_base_url(text: &str) -> Result<Url, ApiError> {
    let trimmed = text.trim();
    let url = Url::parse(trimmed).map_err(|e| {
        ApiError::InvalidInput(format!("the base URL {trimmed:?} is not a URL: {e}"))
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(ApiError::InvalidInput(format!(
            "the base URL {trimmed:?} must start with https:// or http://"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(ApiError::InvalidInput(format!(
            "the base URL {trimmed:?} must not have a query or fragment"
        )));
    }
    Ok(url)
}

fn cannot_be_base() -> ApiError {
    ApiError::InvalidInput("the base URL cannot take a path".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(base: &str) -> Client {
        Client::new(ClientConfig::new(base, ApiKey::new("k"))).expect("client")
    }

    #[test]
    fn ids_stay_one_path_segment() {
        let c = client("https://api.voice.formantai.com");
        let url = |id: &str| c.conversation_url(id, &[]).expect("url").to_string();
        assert_eq!(
            url("e36853de-9cbb_1"),
            "https://api.voice.formantai.com/v1/conversations/e36853de-9cbb_1"
        );
        assert_eq!(
            url("a/b?c#d"),
            "https://api.voice.formantai.com/v1/conversations/a%2Fb%3Fc%23d"
        );
        assert_eq!(
            url("%2e%2e"),
            "https://api.voice.formantai.com/v1/conversations/%252e%252e"
        );
        for dots in [".", ".."] {
            assert!(matches!(
                c.conversation_url(dots, &[]),
                Err(ApiError::InvalidInput(_))
            ));
        }
        for hostile in ["../x", "../../v2/admin", "./..", "..\\..", "x/../../y"] {
            let u = c.conversation_url(hostile, &[]).expect("url");
            assert!(
                u.path().starts_with("/v1/conversations/") && u.path().len() > 18,
                "{hostile:?} escaped: {u}"
            );
            assert_eq!(u.query(), None);
        }
        let rec = c.conversation_url("x y", &["recording"]).expect("url");
        assert_eq!(rec.path(), "/v1/conversations/x%20y/recording");
        assert!(matches!(
            c.conversation_url("  ", &[]),
            Err(ApiError::InvalidInput(_))
        ));
    }

    #[test]
    fn base_url_prefixes_are_kept_and_bad_ones_rejected() {
        let c = client("http://127.0.0.1:8080/proxy/formant/");
        assert_eq!(
            c.conversation_url("x", &[]).expect("url").as_str(),
            "http://127.0.0.1:8080/proxy/formant/v1/conversations/x"
        );
        assert_eq!(c.base_url(), "http://127.0.0.1:8080/proxy/formant");
        for bad in [
            "",
            "api.voice.formantai.com",
            "ftp://x",
            "mailto:a@b",
            "http://x/?q=1",
        ] {
            let err = Client::new(ClientConfig::new(bad, ApiKey::new("k")));
            assert!(
                matches!(err, Err(ApiError::InvalidInput(_))),
                "{bad:?} accepted"
            );
        }
        let empty_key = Client::new(ClientConfig::new("http://x", ApiKey::new("  ")));
        assert!(matches!(empty_key, Err(ApiError::InvalidInput(_))));
        let broken_key = Client::new(ClientConfig::new("http://x", ApiKey::new("sk_a\nb")));
        assert!(matches!(
            broken_key,
            Err(ApiError::InvalidInput(ref m)) if m.starts_with("the API key has characters an API key cannot have")
        ));
    }

    #[test]
    fn statuses_map_to_error_kinds() {
        use crate::ErrorKind;
        let not_found = br#"{"error":{"message":"Recording not found","type":"not_found"}}"#;
        let kind = |status: u16, body: &[u8], endpoint| {
            error_for_status(
                StatusCode::from_u16(status).expect("status"),
                None,
                body,
                endpoint,
            )
            .kind()
        };
        assert_eq!(kind(401, b"", Endpoint::List), ErrorKind::Auth);
        assert_eq!(kind(403, b"", Endpoint::List), ErrorKind::Auth);
        assert_eq!(kind(429, b"", Endpoint::List), ErrorKind::RateLimited);
        assert_eq!(
            kind(404, not_found, Endpoint::Recording("x")),
            ErrorKind::RecordingUnavailable
        );
        assert_eq!(
            kind(404, b"", Endpoint::Recording("x")),
            ErrorKind::NotFound
        );
        assert_eq!(
            kind(404, not_found, Endpoint::Conversation("x")),
            ErrorKind::NotFound
        );
        assert_eq!(kind(404, b"", Endpoint::List), ErrorKind::Server);
        assert_eq!(kind(500, b"", Endpoint::List), ErrorKind::Server);
        let err = error_for_status(
            StatusCode::BAD_GATEWAY,
            None,
            b"<html>x</html>",
            Endpoint::List,
        );
        assert!(matches!(
            err,
            ApiError::Server { status: 502, body_snippet: Some(ref s), api: None } if s == "<html>x</html>"
        ));
    }

    #[tokio::test]
    async fn limit_is_checked_before_sending() {
        // Port 9 (discard) on localhost: if a request were sent, this would be a network error.
        let c = client("http://127.0.0.1:9");
        for limit in [0, 101] {
            let q = ListQuery {
                limit,
                ..ListQuery::default()
            };
            assert!(matches!(c.list(&q).await, Err(ApiError::InvalidInput(_))));
        }
    }
}
