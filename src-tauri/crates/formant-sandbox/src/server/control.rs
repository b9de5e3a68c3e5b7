//! The control API (`control_api`, `formant sandbox --control-api`): lets a test running the
//! sandbox out of process switch faults on and off while it runs.

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

use super::api_error::ApiError;
use crate::faults::{FaultSpec, Faults};

/// `POST /_sandbox/faults` body: `{"fault": "status=503,times=2"}`, in the text form
/// `formant sandbox --fault` takes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FaultRequest {
    fault: String,
}

/// Queues a fault after those already queued; answers 204.
pub(crate) async fn push_fault(
    State(faults): State<Faults>,
    body: Result<Json<FaultRequest>, JsonRejection>,
) -> Result<StatusCode, ApiError> {
    let Json(request) = body.map_err(|e| ApiError::invalid_request(e.body_text()))?;
    let spec = request
        .fault
        .parse::<FaultSpec>()
        .map_err(|e| ApiError::invalid_request(e.to_string()))?;
    faults.add(spec);
    Ok(StatusCode::NO_CONTENT)
}

/// Clears every queued fault; answers 204.
pub(crate) async fn clear_faults(State(faults): State<Faults>) -> StatusCode {
    faults.clear();
    StatusCode::NO_CONTENT
}
