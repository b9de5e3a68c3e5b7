//! The documented endpoints, over real HTTP on 127.0.0.1.

mod common;

use common::{assert_error, client, get, get_json, start, start_with};
use formant_sandbox::{conversations, known, SandboxOptions, TOTAL_CONVERSATIONS};
use serde_json::{json, Value};

#[tokio::test]
async fn missing_or_wrong_key_is_401_unauthorized() {
    let sandbox = start().await;
    let url = format!("{}/v1/conversations", sandbox.base_url());
    let none = client().get(&url).send().await.expect("answered");
    assert_eq!(none.status(), 401);
    assert_error(&none.json().await.expect("json"), "unauthorized");
    let wrong = client()
        .get(&url)
        .bearer_auth("not-the-key")
        .send()
        .await
        .expect("answered");
    assert_eq!(wrong.status(), 401);
    assert_error(&wrong.json().await.expect("json"), "unauthorized");
    let custom = start_with(SandboxOptions {
        api_key: "sk-test-1".into(),
        ..Default::default()
    })
    .await;
    assert_eq!(custom.api_key(), "sk-test-1");
    assert_eq!(get(&custom, "/v1/conversations").await.status(), 200);
    assert!(
        !format!("{custom:?}").contains("sk-test-1"),
        "Debug hides the key"
    );
    assert_eq!(sandbox.request_count(), 2);
}

#[tokio::test]
async fn other_methods_are_405_with_an_error_body() {
    let sandbox = start().await;
    for path in [
        "/v1/conversations",
        &format!("/v1/conversations/{}", known::TIMED_CALL),
    ] {
        for method in [
            reqwest::Method::POST,
            reqwest::Method::DELETE,
            reqwest::Method::PUT,
        ] {
            let response = client()
                .request(method.clone(), format!("{}{path}", sandbox.base_url()))
                .bearer_auth(sandbox.api_key())
                .send()
                .await
                .expect("answered");
            assert_eq!(response.status(), 405, "{method} {path}");
            assert_error(&response.json().await.expect("json"), "invalid_request");
        }
    }
}

#[tokio::test]
async fn paging_walks_every_conversation_newest_first() {
    let sandbox = start().await;
    let (status, first) = get_json(&sandbox, "/v1/conversations").await;
    assert_eq!(status, 200);
    assert_eq!(
        first["data"].as_array().expect("data").len(),
        20,
        "default limit"
    );
    assert_eq!(first["total"], TOTAL_CONVERSATIONS);
    assert_eq!(first["has_more"], true);

    let mut seen = Vec::new();
    let mut offset = 0;
    loop {
        let (_, page) = get_json(
            &sandbox,
            &format!("/v1/conversations?limit=100&offset={offset}"),
        )
        .await;
        let items = page["data"].as_array().expect("data").clone();
        offset += items.len();
        seen.extend(items);
        if page["has_more"] == false {
            break;
        }
    }
    assert_eq!(seen.len(), TOTAL_CONVERSATIONS);
    let ids: Vec<&str> = seen
        .iter()
        .map(|c| c["conversation_id"].as_str().expect("id"))
        .collect();
    let expected: Vec<&str> = conversations()
        .iter()
        .map(|c| c["conversation_id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids, expected,
        "pages follow the dataset's newest-first order"
    );
    assert!(
        seen.iter()
            .all(|c| c.get("transcript").is_none() && c.get("results").is_none()),
        "list shape"
    );

    let (_, past_end) = get_json(&sandbox, "/v1/conversations?offset=5000").await;
    assert_eq!(past_end["data"], json!([]));
    assert_eq!(past_end["has_more"], false);
    assert_eq!(past_end["total"], TOTAL_CONVERSATIONS);
}

#[tokio::test]
async fn bad_limits_and_offsets_are_400_invalid_request() {
    let sandbox = start().await;
    for query in [
        "limit=0",
        "limit=101",
        "limit=-5",
        "limit=ten",
        "limit=",
        "offset=-1",
        "offset=x",
        "agent_id=abc",
    ] {
        let (status, body) = get_json(&sandbox, &format!("/v1/conversations?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert_error(&body, "invalid_request");
    }
    let (status, body) = get_json(&sandbox, "/v1/conversations?limit=100").await;
    assert_eq!(status, 200);
    assert_eq!(body["data"].as_array().expect("data").len(), 100);
}

#[tokio::test]
async fn agent_filter_pages_and_totals_that_agent_only() {
    let sandbox = start().await;
    let expected = conversations()
        .iter()
        .filter(|c| c["agent_id"] == 123)
        .count();
    assert!(expected > 30);
    let (_, page) = get_json(
        &sandbox,
        "/v1/conversations?agent_id=123&limit=25&offset=25",
    )
    .await;
    assert_eq!(page["total"], expected);
    let items = page["data"].as_array().expect("data");
    assert_eq!(items.len(), 25.min(expected - 25));
    assert!(items.iter().all(|c| c["agent_id"] == 123));
    assert_eq!(page["has_more"], expected > 50);
    let (_, none) = get_json(&sandbox, "/v1/conversations?agent_id=999999").await;
    assert_eq!(
        (none["total"].clone(), none["has_more"].clone()),
        (json!(0), json!(false))
    );
}

#[tokio::test]
async fn get_returns_the_documented_examples_verbatim() {
    let sandbox = start().await;
    let (status, timed) = get_json(
        &sandbox,
        &format!("/v1/conversations/{}", known::TIMED_CALL),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(timed["data"]["duration_seconds"], 245.7);
    assert_eq!(timed["data"]["start_timestamp"], 1685606154);
    assert_eq!(
        timed["data"]["transcript"][1],
        json!({
            "speaker": "customer", "start_time": 6, "end_time": 12,
            "text": "Hi, I'm having trouble accessing my account."
        })
    );
    assert_eq!(
        timed["data"]["results"]["sentiment_analysis"]["confidence"],
        0.92
    );

    // The `_1` suffix, sent plain and percent-encoded.
    for id in [
        known::ROLE_MESSAGE_CALL,
        "e36853de-9cbb-441e-ad75-d3c8ac82abfb%5F1",
    ] {
        let (status, body) = get_json(&sandbox, &format!("/v1/conversations/{id}")).await;
        assert_eq!(status, 200, "{id}");
        let data = &body["data"];
        assert_eq!(data["conversation_id"], known::ROLE_MESSAGE_CALL);
        assert_eq!(data["start_timestamp"], 1773867201766_i64);
        assert_eq!(
            data["transcript"][0],
            json!({ "role": "agent", "message": "Hello Rahul..." })
        );
        assert_eq!(
            data["results"],
            json!({ "intent": "payment_confirmed", "sentiment": "positive" })
        );
    }
}

#[tokio::test]
async fn every_record_is_served_as_the_dataset_holds_it() {
    let sandbox = start().await;
    for record in conversations().iter().step_by(17) {
        let id = record["conversation_id"].as_str().expect("id");
        let (status, body) = get_json(&sandbox, &format!("/v1/conversations/{id}")).await;
        assert_eq!(status, 200);
        assert_eq!(&body["data"], record);
    }
    let (_, failed) = get_json(
        &sandbox,
        &format!("/v1/conversations/{}", known::FAILED_CALL),
    )
    .await;
    assert_eq!(failed["data"]["status"], "failed");
    assert!(failed["data"]["failure_reason"]
        .as_str()
        .is_some_and(|r| r.contains("SIP 503")));
    let (_, hindi) = get_json(
        &sandbox,
        &format!("/v1/conversations/{}", known::HINDI_CALL),
    )
    .await;
    assert!(hindi["data"]["transcript"][0]["text"]
        .as_str()
        .is_some_and(|t| t.contains("नमस्ते")));
}

#[tokio::test]
async fn unknown_and_hostile_ids_are_404_not_found() {
    let sandbox = start().await;
    for id in [
        "does-not-exist",
        "..%2F..%2Fetc%2Fpasswd",
        "%2E%2E",
        "c9f8a1d2-3b4e-4f6a-9d7e-123456789abc%00",
        "c9f8a1d2-3b4e-4f6a-9d7e-123456789abc%2Frecording",
        &"a".repeat(5000),
    ] {
        let (status, body) = get_json(&sandbox, &format!("/v1/conversations/{id}")).await;
        assert_eq!(status, 404, "{id}");
        assert_error(&body, "not_found");
    }
    for path in ["/v1/conversations/x/y/z", "/v1/other", "/", "/etc/passwd"] {
        let (status, body) = get_json(&sandbox, path).await;
        assert_eq!(status, 404, "{path}");
        assert_error(&body, "not_found");
    }
    let (status, body) = get_json(&sandbox, "/v1/conversations/%FF%FE").await;
    assert!(status == 400 || status == 404, "invalid UTF-8 id: {status}");
    assert!(body["error"]["type"].is_string());
}

#[tokio::test]
async fn control_api_is_404_unless_enabled() {
    let plain = start().await;
    let url = format!("{}/_sandbox/faults", plain.base_url());
    let push = client()
        .post(&url)
        .json(&json!({ "fault": "status=503,times=1" }))
        .send()
        .await
        .expect("answered");
    assert_eq!(push.status(), 404);
    assert_eq!(
        client()
            .delete(&url)
            .send()
            .await
            .expect("answered")
            .status(),
        404
    );
    assert_eq!(
        get(&plain, "/v1/conversations").await.status(),
        200,
        "no fault was queued"
    );

    let controlled = start_with(SandboxOptions {
        control_api: true,
        ..Default::default()
    })
    .await;
    let url = format!("{}/_sandbox/faults", controlled.base_url());
    let push = client()
        .post(&url)
        .json(&json!({ "fault": "status=503,times=2,path=/conversations" }))
        .send()
        .await
        .expect("answered");
    assert_eq!(push.status(), 204);
    assert_eq!(controlled.faults().len(), 1);
    let (status, body) = get_json(&controlled, "/v1/conversations").await;
    assert_eq!(status, 503);
    assert_error(&body, "server_error");
    assert_eq!(
        client()
            .delete(&url)
            .send()
            .await
            .expect("answered")
            .status(),
        204
    );
    assert_eq!(
        get(&controlled, "/v1/conversations").await.status(),
        200,
        "cleared"
    );

    for (bad, reason) in [
        (json!({ "fault": "explode" }), "unknown fault \"explode\""),
        (json!({ "fault": "status" }), "status needs a value"),
        (
            json!({ "fault": "latency=soon" }),
            "latency=soon: expected a duration",
        ),
        (
            json!({ "fault": "cut-body,times=0" }),
            "times=0: expected a whole number",
        ),
        (json!({ "kind": "status", "status": 503 }), "unknown field"),
        (json!("nope"), ""),
    ] {
        let response = client()
            .post(&url)
            .json(&bad)
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 400, "{bad}");
        let body = response.json::<Value>().await.expect("json");
        assert_error(&body, "invalid_request");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(reason), "{bad}: {message}");
    }
    assert!(controlled.faults().is_empty());
}
