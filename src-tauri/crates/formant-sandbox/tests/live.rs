//! The account moving on while the sandbox runs, driven over the control API as an
//! out-of-process test drives it: calls arrive on top, finish, get their recording; old calls
//! get revised; requests are counted by endpoint. And a million-call account, deep inside:
//! every status, transcripts in English, Hindi and Tamil, each call found by its id.

mod common;

use common::{assert_error, client, get, get_json, start_with};
use formant_sandbox::{RequestCounts, Sandbox, SandboxOptions, IN_PROGRESS};
use serde_json::{json, Value};

async fn post(sandbox: &Sandbox, path: &str, body: Value) -> (u16, Value) {
    let response = client()
        .post(format!("{}{path}", sandbox.base_url()))
        .json(&body)
        .send()
        .await
        .expect("answered");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn ids(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|item| item["conversation_id"].as_str().expect("id").to_owned())
        .collect()
}

#[tokio::test]
async fn calls_arrive_finish_and_get_their_recording_one_step_at_a_time() {
    let sandbox = start_with(SandboxOptions {
        control_api: true,
        ..Default::default()
    })
    .await;
    let (_, before) = get_json(&sandbox, "/v1/conversations?limit=100").await;

    let (status, outcome) = post(&sandbox, "/_sandbox/advance", json!({"new_calls": 2})).await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(outcome["step"], 1);
    let new_ids: Vec<String> = serde_json::from_value(outcome["new_ids"].clone()).expect("ids");
    let (_, after) = get_json(&sandbox, "/v1/conversations?limit=100").await;
    assert_eq!(after["total"], 322);
    assert_eq!(ids(&after)[..2], new_ids[..]);
    assert_eq!(
        ids(&after)[2..],
        ids(&before)[..98],
        "the rest moved down by two"
    );
    assert_eq!(sandbox.conversation_count(), 322);

    let newest = &new_ids[0];
    let detail_path = format!("/v1/conversations/{newest}");
    let recording_path = format!("{detail_path}/recording");
    let (_, detail) = get_json(&sandbox, &detail_path).await;
    assert_eq!(detail["data"]["status"], IN_PROGRESS);
    assert!(detail["data"]["transcript"].is_null());
    assert_eq!(after["data"][0]["status"], IN_PROGRESS);

    // Step 2: final; a completed call still has no recording. Step 3: it has.
    let mut finished = None;
    for step in 2..=3 {
        let (status, outcome) = post(&sandbox, "/_sandbox/advance", json!({})).await;
        assert_eq!((status, outcome["step"].as_u64()), (200, Some(step)));
        let (_, detail) = get_json(&sandbox, &detail_path).await;
        assert_ne!(detail["data"]["status"], IN_PROGRESS);
        let recording = get(&sandbox, &recording_path).await.status().as_u16();
        let connected = detail["data"]["status"] == "completed";
        if step == 2 && connected {
            assert_eq!(recording, 404, "no recording yet");
        }
        if step == 3 {
            finished = Some((detail, recording));
        }
    }
    let (final_detail, recording) = finished.expect("step 3");
    if final_detail["data"]["status"] == "completed" {
        assert!(recording == 200 || recording == 404); // some completed calls have none
    }

    // A revision of an old call, seen in the list; an unknown id is refused, changing nothing.
    let old = ids(&before)[90].clone();
    let (status, body) = post(&sandbox, "/_sandbox/advance", json!({"revise": [old]})).await;
    assert_eq!(status, 200, "{body}");
    let (_, page) = get_json(&sandbox, "/v1/conversations?limit=100").await;
    assert_eq!(page["data"][92]["x_revision"], 1);
    let (status, body) = post(&sandbox, "/_sandbox/advance", json!({"revise": ["nope"]})).await;
    assert_eq!(status, 400);
    assert_error(&body, "invalid_request");
    let (status, _) = post(&sandbox, "/_sandbox/advance", json!({"new_calls": -1})).await;
    assert_eq!(status, 400);

    let counts: RequestCounts = {
        let (_, body) = get_json(&sandbox, "/_sandbox/requests").await;
        serde_json::from_value(body).expect("counts")
    };
    assert_eq!((counts.list, counts.detail, counts.recording), (3, 3, 2));
    assert_eq!(sandbox.request_counts().list, 3);
}

#[tokio::test]
async fn the_control_api_is_only_there_when_asked_for() {
    let sandbox = start_with(SandboxOptions::default()).await;
    let (status, _) = post(&sandbox, "/_sandbox/advance", json!({"new_calls": 1})).await;
    assert_eq!(status, 404);
    assert_eq!(sandbox.conversation_count(), 320);
    let outcome = sandbox.advance(1, &[]).expect("in process, always");
    assert_eq!(outcome.arrived, 1);
}

#[tokio::test]
async fn a_million_calls_deep_inside_have_every_status_all_three_languages_and_their_ids_work() {
    let sandbox = start_with(SandboxOptions {
        conversations: Some(1_000_000),
        ..Default::default()
    })
    .await;
    let mut statuses = std::collections::BTreeSet::new();
    let mut text = String::new();
    for offset in (600_000..602_000).step_by(100) {
        let (status, page) = get_json(
            &sandbox,
            &format!("/v1/conversations?limit=100&offset={offset}"),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(page["total"], 1_000_000);
        for (n, id) in ids(&page).iter().enumerate() {
            let (status, detail) = get_json(&sandbox, &format!("/v1/conversations/{id}")).await;
            assert_eq!(status, 200, "{id}");
            statuses.insert(
                detail["data"]["status"]
                    .as_str()
                    .expect("status")
                    .to_owned(),
            );
            assert_eq!(
                detail["data"]["start_timestamp"],
                page["data"][n]["start_timestamp"]
            );
            text.push_str(&detail["data"]["transcript"].to_string());
        }
    }
    let every = [
        "busy",
        "completed",
        "failed",
        "no_answer",
        "socket_failure",
        "telephony_failed",
        "unreachable",
    ];
    assert_eq!(
        statuses.iter().map(String::as_str).collect::<Vec<_>>(),
        every
    );
    assert!(text.contains("Hello"), "English");
    assert!(text.contains("नमस्ते"), "Hindi");
    assert!(text.contains("வணக்கம்"), "Tamil");
}
