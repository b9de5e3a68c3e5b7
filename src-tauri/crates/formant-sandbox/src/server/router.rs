//! The routes and the order of the layers around them.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::{Extension, Router};

use super::api_error::ApiError;
use super::counts::Counters;
use super::{control, conversations, middleware};
use crate::data::Account;
use crate::faults::Faults;

pub(crate) fn router(
    api_key: Arc<str>,
    faults: Faults,
    requests: Arc<Counters>,
    control_api: bool,
    data: Arc<Account>,
) -> Router {
    let mut router = Router::new()
        .route("/v1/conversations", get(conversations::list))
        .route(
            "/v1/conversations/{conversation_id}",
            get(conversations::get),
        )
        .route(
            "/v1/conversations/{conversation_id}/recording",
            get(conversations::recording),
        );
    if control_api {
        router = router
            .route(
                "/_sandbox/faults",
                post(control::push_fault).delete(control::clear_faults),
            )
            .route("/_sandbox/advance", post(control::advance))
            .route("/_sandbox/requests", get(control::request_counts));
    }
    router
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "invalid_request",
                "Method not allowed",
            )
        })
        .fallback(|| async { ApiError::not_found("Resource not found") })
        .with_state(faults.clone())
        .layer(Extension(data))
        .layer(Extension(requests.clone()))
        // The last layer added runs first: count, then faults, then the key check.
        .layer(from_fn_with_state(api_key, middleware::require_api_key))
        .layer(from_fn_with_state(faults, middleware::inject_faults))
        .layer(from_fn_with_state(requests, middleware::count_requests))
}
