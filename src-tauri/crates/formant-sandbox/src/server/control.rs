//! The control API (`--control`): lets a test running the sandbox out of process queue faults.

use std::time::Duration;

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

use super::api_error::ApiError;
use crate::faults::{Fault, FaultKind, Faults};

/// `POST /_sandbox/faults` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FaultRequest {
    kind: String,
    status: Option<u16>,
    millis: Option<u64>,
    retry_after_secs: Option<u64>,
    #[serde(default = "one")]
    times: u32,
    path_contains: Option<String>,
}

fn one() -> u32 {
    1
}

impl FaultRequest {
    fn into_fault(self) -> Result<Fault, ApiError> {
        let kind = match self.kind.as_str() {
            "status" => match self.status {
                Some(code @ 400..=599) => FaultKind::Status(code),
                _ => {
                    return Err(ApiError::invalid_request(
                        "status fault needs status 400..=599",
                    ))
                }
            },
            "latency" => match self.millis {
                Some(millis) => FaultKind::Latency(Duration::from_millis(millis)),
                None => return Err(ApiError::invalid_request("latency fault needs millis")),
            },
            "rate_limited" => FaultKind::RateLimited {
                retry_after_secs: self.retry_after_secs.unwrap_or(1),
            },
            "truncated_body" => FaultKind::TruncatedBody,
            "malformed_json" => FaultKind::MalformedJson,
            "html_error_page" => FaultKind::HtmlErrorPage,
            "not_wav" => FaultKind::NotWav,
            other => {
                return Err(ApiError::invalid_request(format!(
                    "unknown fault kind {other:?}"
                )))
            }
        };
        if self.times == 0 {
            return Err(ApiError::invalid_request("times must be at least 1"));
        }
        Ok(Fault {
            kind,
            times: self.times,
            path_contains: self.path_contains,
        })
    }
}

/// Queues a fault; answers 204.
pub(crate) async fn push_fault(
    State(faults): State<Faults>,
    body: Result<Json<FaultRequest>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let Json(request) = body.map_err(|e| ApiError::invalid_request(e.body_text()))?;
    faults.push(request.into_fault()?);
    Ok(StatusCode::NO_CONTENT)
}

/// Clears every queued fault; answers 204.
pub(crate) async fn clear_faults(State(faults): State<Faults>) -> StatusCode {
    faults.clear();
    StatusCode::NO_CONTENT
}
