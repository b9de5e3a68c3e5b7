//! The three documented endpoints: list, get one, download the recording.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use futures_util::stream;
use serde_json::{json, Value};

use super::api_error::ApiError;
use crate::audio::wav_stream::WavChunks;
use crate::data::Account;

const DEFAULT_LIMIT: u64 = 20;
const MAX_LIMIT: u64 = 100;

/// `GET /v1/conversations?agent_id&limit&offset`
pub(crate) async fn list(
    Extension(data): Extension<Arc<Account>>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(params) = query.map_err(|e| ApiError::invalid_request(e.body_text()))?;
    let limit = match params.get("limit") {
        None => DEFAULT_LIMIT,
        Some(raw) => match raw.trim().parse::<u64>() {
            Ok(limit @ 1..=MAX_LIMIT) => limit,
            _ => {
                return Err(ApiError::invalid_request(format!(
                    "limit must be an integer between 1 and {MAX_LIMIT}"
                )))
            }
        },
    };
    let offset = match params.get("offset") {
        None => 0,
        Some(raw) => raw
            .trim()
            .parse::<u64>()
            .map_err(|_| ApiError::invalid_request("offset must be a non-negative integer"))?,
    };
    let agent_id = match params.get("agent_id") {
        None => None,
        Some(raw) => Some(
            raw.trim()
                .parse::<i64>()
                .map_err(|_| ApiError::invalid_request("agent_id must be an integer"))?,
        ),
    };

    let page = data.page(agent_id, offset, limit);
    let has_more = offset.saturating_add(page.items.len() as u64) < page.total;
    Ok(Json(
        json!({ "data": page.items, "has_more": has_more, "total": page.total }),
    ))
}

/// `GET /v1/conversations/{conversation_id}`
pub(crate) async fn get(
    Extension(data): Extension<Arc<Account>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = conversation_id(id)?;
    let record = data
        .get(&id)
        .ok_or_else(|| ApiError::not_found("Conversation not found"))?;
    Ok(Json(json!({ "data": record.as_ref() })))
}

/// `GET /v1/conversations/{conversation_id}/recording`: a WAV streamed as it is synthesised.
pub(crate) async fn recording(
    Extension(data): Extension<Arc<Account>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = conversation_id(id)?;
    if !data.contains(&id) {
        return Err(ApiError::not_found("Conversation not found"));
    }
    let plan = data
        .recording(&id)
        .ok_or_else(|| ApiError::not_found("Recording not found"))?
        .into_owned();
    let length = plan.file_len();
    let chunks = stream::iter(WavChunks::new(plan).map(Ok::<_, Infallible>));
    Ok((
        [
            (header::CONTENT_TYPE, "audio/wav".to_owned()),
            (header::CONTENT_LENGTH, length.to_string()),
        ],
        Body::from_stream(chunks),
    )
        .into_response())
}

/// The decoded id; ids are only ever looked up in memory, so no id can reach anything else.
fn conversation_id(id: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    id.map(|Path(id)| id)
        .map_err(|_| ApiError::invalid_request("conversation_id is not a valid path segment"))
}
