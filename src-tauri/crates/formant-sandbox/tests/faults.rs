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
    let push = |fault: &'static str| {
        let request = client.post(&url).json(&json!({ "fault": fault }));
        async move { request.send().await.expect("answered").status() }
    };
    let cases = [
        ("rate-limit=3,times=1", 429),
        ("status=504,times=1", 504),
        ("status=404,times=1", 404),
        ("html-error,times=1", 502),
        ("malformed-json,times=1", 200),
        ("latency=50ms,times=1", 200),
    ];
    for (fault, expected) in cases {
        assert_eq!(push(fault).await, 204, "{fault}");
        assert_eq!(
            get(&sandbox, "/v1/conversations").await.status(),
            expected,
            "{fault}"
        );
    }
    assert!(sandbox.faults().is_empty(), "each was used up");
    let recording = format!("/v1/conversations/{}/recording", known::ROLE_MESSAGE_CALL);
    for fault in ["not-wav,times=1", "cut-body,times=1,path=/recording"] {
        assert_eq!(push(fault).await, 204, "{fault}");
        let body = get(&sandbox, &recording).await.bytes().await;
        assert!(
            body.map_or(true, |b| !b.starts_with(b"RIFF") || b.len() < 1000),
            "{fault}"
        );
    }
}

#[tokio::test]
async fn faults_given_at_start_apply_from_the_first_request_on_their_schedule() {
    let faults = ["status=503,every=2", "rate-limit=9,times=1,path=/recording"]
        .map(|text| text.parse().expect("a fault"));
    let sandbox = start_with(SandboxOptions {
        faults: faults.to_vec(),
        ..Default::default()
    })
    .await;
    let statuses: Vec<u16> = {
        let mut statuses = Vec::new();
        for _ in 0..6 {
            statuses.push(get(&sandbox, "/v1/conversations").await.status().as_u16());
        }
        statuses
    };
    assert_eq!(statuses, [200, 503, 200, 503, 200, 503]);
    let recording = format!("/v1/conversations/{}/recording", known::TIMED_CALL);
    // The every-2 fault counts this request (its 7th) and lets it through to the next fault.
    let response = get(&sandbox, &recording).await;
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "9");
    assert_eq!(get(&sandbox, &recording).await.status(), 503);
}

#[tokio::test]
async fn status_faults_send_the_error_type_that_goes_with_the_status() {
    let sandbox = start().await;
    for (code, kind) in [
        (400, "invalid_request"),
        (401, "unauthorized"),
        (403, "forbidden"),
        (404, "not_found"),
        (429, "rate_limited"),
        (500, "server_error"),
        (599, "server_error"),
    ] {
        sandbox.faults().push(Fault::once(FaultKind::Status(code)));
        let (status, body) = get_json(&sandbox, "/v1/conversations").await;
        assert_eq!(status, code);
        assert_error(&body, kind);
    }
}
