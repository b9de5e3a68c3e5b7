//! A sandbox with a scaled account: its size over HTTP, its hour-long recording.

mod common;

use common::{get_json, start_with};
use formant_sandbox::{known, Sandbox, SandboxError, SandboxOptions, TOTAL_CONVERSATIONS};

#[tokio::test]
async fn a_scaled_sandbox_serves_its_size_and_the_default_one_is_unchanged() {
    let scaled = start_with(SandboxOptions {
        conversations: Some(1_234),
        ..Default::default()
    })
    .await;
    assert_eq!(scaled.conversation_count(), 1_234);
    let (status, page) = get_json(&scaled, "/v1/conversations?limit=100&offset=1200").await;
    assert_eq!(status, 200);
    assert_eq!(page["total"], 1_234);
    assert_eq!(page["data"].as_array().map(Vec::len), Some(34));
    assert_eq!(page["has_more"], false);
    let (status, hour) =
        get_json(&scaled, &format!("/v1/conversations/{}", known::HOUR_CALL)).await;
    assert_eq!(status, 200);
    assert_eq!(hour["data"]["duration_seconds"], 3662.5);

    // Another sandbox in the same process still serves the default account.
    let default = start_with(SandboxOptions::default()).await;
    assert_eq!(default.conversation_count(), TOTAL_CONVERSATIONS);
    let (_, page) = get_json(&default, "/v1/conversations").await;
    assert_eq!(page["total"], TOTAL_CONVERSATIONS);
    let (status, _) = get_json(&default, &format!("/v1/conversations/{}", known::HOUR_CALL)).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_hour_recording_is_an_hour_of_mulaw() {
    let scaled = start_with(SandboxOptions {
        conversations: Some(400),
        ..Default::default()
    })
    .await;
    let response = common::get(
        &scaled,
        &format!("/v1/conversations/{}/recording", known::HOUR_CALL),
    )
    .await;
    assert_eq!(response.status(), 200);
    let length = response.content_length().expect("length is announced");
    // 8,000 one-byte samples a second for 3662.5 s, plus the header.
    assert!((29_300_000..29_300_200).contains(&length), "{length} bytes");
}

#[tokio::test]
async fn too_small_a_size_is_refused_with_a_clear_error() {
    let error = Sandbox::start(SandboxOptions {
        conversations: Some(2),
        ..Default::default()
    })
    .await
    .expect_err("refused");
    assert!(matches!(error, SandboxError::DatasetTooSmall { .. }));
    assert!(error.to_string().contains("at least 9"), "{error}");
}
