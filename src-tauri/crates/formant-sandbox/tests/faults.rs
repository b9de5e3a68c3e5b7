//! Each injected fault, observed by a real HTTP client.

mod common;

use std::time::{Duration, Instant};

use common::{assert_error, get, get_json, start, start_with};
use formant_sandbox::{known, Fault, FaultKind, SandboxOptions};
use serde_json::json;

#[tokio::test]
async fn latency_delays_then_answers_normally() {
    let sandbox = start().await;
    sandbox
        .faults()
        .push(Fault::once(FaultKind::Latency(Duration::from_millis(400))));
    let began = Instant::now();
    let (status, body) = get_json(&sandbox, "/v1/conversations?limit=1").await;
    assert!(began.elapsed() >= Duration::from_millis(400));
    assert_eq!(status, 200);
    assert_eq!(body["data"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn rate_limited_sends_429_with_retry_after() {
    let sandbox = start().await;
    sandbox.faults().push(Fault {
        kind: FaultKind::RateLimited {
            retry_after_secs: 7,
        },
        times: 2,
        path_contains: None,
    });
    for _ in 0..2 {
        let response = get(&sandbox, "/v1/conversations").await;
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()["retry-after"], "7");
        assert_error(&response.json().await.expect("json"), "rate_limited");
    }
    assert_eq!(
        get(&sandbox, "/v1/conversations").await.status(),
        200,
        "used up after two"
    );
    assert_eq!(sandbox.request_count(), 3);
}

#[tokio::test]
async fn status_faults_send_that_status_with_an_error_body() {
    let sandbox = start().await;
    for code in [500u16, 502, 503, 504] {
        sandbox.faults().push(Fault::once(FaultKind::Status(code)));
        let (status, body) = get_json(
            &sandbox,
            &format!("/v1/conversations/{}", known::TIMED_CALL),
        )
        .await;
        assert_eq!(status, code);
        assert_error(&body, "server_error");
    }
}

#[tokio::test]
async fn path_filter_leaves_other_requests_alone() {
    let sandbox = start().await;
    sandbox.faults().push(Fault {
        kind: FaultKind::Status(500),
        times: 1,
        path_contains: Some("/recording".into()),
    });
    assert_eq!(get(&sandbox, "/v1/conversations").await.status(), 200);
    let recording = get(
        &sandbox,
        &format!("/v1/conversations/{}/recording", known::ROLE_MESSAGE_CALL),
    )
    .await;
    assert_eq!(recording.status(), 500);
}

#[tokio::test]
async fn truncated_body_promises_more_than_it_sends() {
    let sandbox = start().await;
    for path in [
        "/v1/conversations".to_owned(),
        format!("/v1/conversations/{}/recording", known::ROLE_MESSAGE_CALL),
    ] {
        sandbox.faults().push(Fault::once(FaultKind::TruncatedBody));
        let response = get(&sandbox, &path).await;
        assert_eq!(response.status(), 200);
        let promised = response.content_length().expect("Content-Length");
        assert!(promised > 100);
        let outcome = response.bytes().await;
        assert!(
            outcome.is_err(),
            "{path}: the body must fail, not end cleanly"
        );
        // The same request without the fault delivers everything it promises.
        let whole = get(&sandbox, &path)
            .await
            .bytes()
            .await
            .expect("complete body");
        assert_eq!(whole.len() as u64, promised, "{path}");
    }
}

#[tokio::test]
async fn malformed_json_is_200_json_that_does_not_parse() {
    let sandbox = start().await;
    sandbox.faults().push(Fault::once(FaultKind::MalformedJson));
    let response = get(&sandbox, "/v1/conversations").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let text = response.text().await.expect("body");
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_err(),
        "{text}"
    );
}

#[tokio::test]
async fn html_error_page_looks_like_a_proxy() {
    let sandbox = start().await;
    sandbox.faults().push(Fault::once(FaultKind::HtmlErrorPage));
    let response = get(&sandbox, "/v1/conversations").await;
    assert_eq!(response.status(), 502);
    assert!(response.headers()["content-type"]
        .to_str()
        .expect("ascii")
        .starts_with("text/html"));
    assert!(response
        .text()
        .await
        .expect("body")
        .contains("502 Bad Gateway"));
}

#[tokio::test]
async fn not_wav_only_hits_recordings() {
    let sandbox = start().await;
    sandbox.faults().push(Fault::once(FaultKind::NotWav));
    assert_eq!(get(&sandbox, "/v1/conversations").await.status(), 200);
    let response = get(
        &sandbox,
        &format!("/v1/conversations/{}/recording", known::TIMED_CALL),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "audio/wav");
    let body = response.bytes().await.expect("body");
    assert!(!body.starts_with(b"RIFF"));
    let again = get(
        &sandbox,
        &format!("/v1/conversations/{}/recording", known::ROLE_MESSAGE_CALL),
    )
    .await;
    assert!(
        again.bytes().await.expect("body").starts_with(b"RIFF"),
        "used up"
    );
}

#[tokio::test]
async fn control_api_drives_every_fault_kind() {
    let sandbox = start_with(SandboxOptions {
        control_api: true,
        ..Default::default()
    })
    .await;
    let url = format!("{}/_sandbox/faults", sandbox.base_url());
    let client = common::client();
    let cases = [
        (
            json!({ "kind": "rate_limited", "retry_after_secs": 3, "times": 1 }),
            429,
        ),
        (json!({ "kind": "status", "status": 504, "times": 1 }), 504),
        (json!({ "kind": "html_error_page", "times": 1 }), 502),
        (json!({ "kind": "malformed_json", "times": 1 }), 200),
        (json!({ "kind": "latency", "millis": 50, "times": 1 }), 200),
    ];
    for (fault, expected) in cases {
        assert_eq!(
            client
                .post(&url)
                .json(&fault)
                .send()
                .await
                .expect("answered")
                .status(),
            204
        );
        assert_eq!(
            get(&sandbox, "/v1/conversations").await.status(),
            expected,
            "{fault}"
        );
    }
    let recording = format!("/v1/conversations/{}/recording", known::ROLE_MESSAGE_CALL);
    for kind in ["not_wav", "truncated_body"] {
        let fault = json!({ "kind": kind, "times": 1, "path_contains": "/recording" });
        assert_eq!(
            client
                .post(&url)
                .json(&fault)
                .send()
                .await
                .expect("answered")
                .status(),
            204
        );
        let body = get(&sandbox, &recording).await.bytes().await;
        assert!(
            body.map_or(true, |b| !b.starts_with(b"RIFF") || b.len() < 1000),
            "{kind}"
        );
    }
}
