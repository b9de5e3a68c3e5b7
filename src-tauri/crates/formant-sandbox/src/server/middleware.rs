//! What happens around every request: counting, injected faults, and the API key check.

use std::io;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::{stream, StreamExt};

use super::api_error::ApiError;
use super::counts::Counters;
use crate::faults::{FaultKind, Faults};

/// Paths of the control API, which faults and the API key never apply to.
pub(crate) const CONTROL_PREFIX: &str = "/_sandbox/";

/// How long a truncated body stalls before its connection is dropped.
const TRUNCATION_PAUSE: std::time::Duration = std::time::Duration::from_millis(100);

pub(crate) async fn count_requests(
    State(counters): State<Arc<Counters>>,
    request: Request,
    next: Next,
) -> Response {
    counters.count(request.uri().path());
    next.run(request).await
}

/// Checks `Authorization: Bearer <key>` on the API's paths.
pub(crate) async fn require_api_key(
    State(api_key): State<Arc<str>>,
    request: Request,
    next: Next,
) -> Response {
    if !request.uri().path().starts_with("/v1/") && request.uri().path() != "/v1" {
        return next.run(request).await;
    }
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, key)| key.trim());
    match presented {
        Some(key) if key == &*api_key => next.run(request).await,
        Some(_) => ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "Invalid API key")
            .into_response(),
        None => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Missing API key: send Authorization: Bearer <key>",
        )
        .into_response(),
    }
}

/// Applies the first queued fault matching the request, if any.
pub(crate) async fn inject_faults(
    State(faults): State<Faults>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if path.starts_with(CONTROL_PREFIX) {
        return next.run(request).await;
    }
    let Some(fault) = faults.take_for(path) else {
        return next.run(request).await;
    };
    match fault {
        FaultKind::Latency(delay) => {
            tokio::time::sleep(delay).await;
            next.run(request).await
        }
        FaultKind::RateLimited { retry_after_secs } => {
            let mut response = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "Rate limit exceeded, retry later",
            )
            .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            response
        }
        FaultKind::Status(code) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let message = status.canonical_reason().unwrap_or("Injected error");
            ApiError::new(status, error_type(status), message).into_response()
        }
        FaultKind::TruncatedBody => truncate(next.run(request).await).await,
        FaultKind::MalformedJson => (
            [(header::CONTENT_TYPE, "application/json")],
            // Cut inside a string, with a stray brace: no JSON parser accepts it.
            r#"{"data": [{"agent_id": 123, "conversation_id": "e36853de-9cbb-}"#,
        )
            .into_response(),
        FaultKind::HtmlErrorPage => (
            StatusCode::BAD_GATEWAY,
            [(header::CONTENT_TYPE, "text/html")],
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
             <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n\
             </body>\r\n</html>\r\n",
        )
            .into_response(),
        // What an expired storage link returns, mislabelled as audio by the server.
        FaultKind::NotWav => (
            [(header::CONTENT_TYPE, "audio/wav")],
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code>\
             <Message>Request has expired</Message></Error>\n",
        )
            .into_response(),
    }
}

/// The ErrorResponse `type` the API sends with a status.
fn error_type(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 | 422 => "invalid_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        429 => "rate_limited",
        _ => "server_error",
    }
}

/// Keeps the response's full Content-Length but sends only half the body, then fails the
/// body stream, which makes the server close the connection mid-body.
async fn truncate(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let announced = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    let (body, total) = match announced {
        Some(total) => (body, total),
        None => match axum::body::to_bytes(body, usize::MAX).await {
            Ok(bytes) => {
                let total = bytes.len() as u64;
                (Body::from(bytes), total)
            }
            Err(error) => return broken_body(error.to_string()),
        },
    };
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(total));
    Response::from_parts(parts, Body::from_stream(first_half_then_abort(body, total)))
}

fn first_half_then_abort(
    body: Body,
    total: u64,
) -> impl futures_util::Stream<Item = Result<Bytes, io::Error>> + Send + 'static {
    let cut = total / 2;
    let abort = || {
        io::Error::new(
            io::ErrorKind::ConnectionAborted,
            "body truncated by an injected fault",
        )
    };
    let half = body.into_data_stream().scan(0u64, move |sent, chunk| {
        let room = cut.saturating_sub(*sent) as usize;
        let item = match chunk {
            Ok(_) if room == 0 => None,
            Ok(bytes) => {
                let bytes = if bytes.len() > room {
                    bytes.slice(..room)
                } else {
                    bytes
                };
                *sent += bytes.len() as u64;
                Some(Ok(bytes))
            }
            Err(error) => Some(Err(io::Error::other(error))),
        };
        futures_util::future::ready(item)
    });
    // The pause lets the headers and the first half reach the client before the connection
    // drops, as when a peer dies mid-transfer (an immediate error would drop them unsent).
    half.chain(stream::once(async move {
        tokio::time::sleep(TRUNCATION_PAUSE).await;
        Err(abort())
    }))
}

fn broken_body(reason: String) -> Response {
    ApiError::new(StatusCode::BAD_GATEWAY, "server_error", reason).into_response()
}
