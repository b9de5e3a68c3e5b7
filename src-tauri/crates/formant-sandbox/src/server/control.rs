//! The control API (`control_api`, `formant sandbox --control-api`): lets a test running the
//! sandbox out of process switch faults on and off while it runs, move the account on (new
//! calls, calls finishing, revisions: see `data::live`) and read the request counts.

use axum::extract::rejection::JsonRejection;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::Deserialize;

use super::api_error::ApiError;
use super::counts::{Counters, RequestCounts};
use crate::data::{Account, AdvanceOutcome, UnknownCall};
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

/// `POST /_sandbox/advance` body: `{"new_calls": 3, "revise": ["<id>", ...]}`, both optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct AdvanceRequest {
    new_calls: u64,
    revise: Vec<String>,
}

/// The most calls one advance adds: arrived calls are held in memory (a few bytes each).
const MAX_NEW_CALLS: u64 = 100_000;

/// Moves the account one step on (see [`crate::Sandbox::advance`]); answers the outcome.
pub(crate) async fn advance(
    Extension(account): Extension<Arc<Account>>,
    body: Result<Json<AdvanceRequest>, JsonRejection>,
) -> Result<Json<AdvanceOutcome>, ApiError> {
    let Json(request) = body.map_err(|e| ApiError::invalid_request(e.body_text()))?;
    if request.new_calls > MAX_NEW_CALLS {
        return Err(ApiError::invalid_request(format!(
            "new_calls must be at most {MAX_NEW_CALLS}"
        )));
    }
    account
        .advance(request.new_calls, &request.revise)
        .map(Json)
        .map_err(|UnknownCall(id)| ApiError::invalid_request(format!("no call {id:?} to revise")))
}

/// `GET /_sandbox/requests`: the requests counted so far, by endpoint.
pub(crate) async fn request_counts(
    Extension(counters): Extension<Arc<Counters>>,
) -> Json<RequestCounts> {
    Json(counters.snapshot())
}
