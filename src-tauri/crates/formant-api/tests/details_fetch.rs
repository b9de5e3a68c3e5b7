//! Fetching many calls' details against the real sandbox: every call arrives once and whole
//! through 429s, 503s and cut-off bodies; the number in flight is bounded; a pause stops new
//! requests until resumed; a 429 holds the client's other requests too.

use std::collections::BTreeMap;
use std::time::Duration;

use formant_api::{ApiKey, Client, ClientConfig, Fetched, PauseSwitch, RetryPolicy};
use formant_sandbox::{conversations, FaultSpec, Sandbox, SandboxOptions};
use futures_util::{stream, StreamExt};
use serde_json::Value;

fn client(sb: &Sandbox, retries: usize) -> Client {
    Client::new(ClientConfig {
        base_url: sb.base_url(),
        key: ApiKey::new(sb.api_key()),
        timeout: Duration::from_secs(10),
        retry: RetryPolicy::fast(retries),
    })
    .expect("client")
}

fn all_ids() -> Vec<String> {
    conversations()
        .iter()
        .filter_map(|record| record["conversation_id"].as_str().map(str::to_owned))
        .collect()
}

async fn fetch_all(
    client: &Client,
    ids: Vec<String>,
    concurrency: usize,
) -> BTreeMap<String, Value> {
    let pause = PauseSwitch::default();
    client
        .fetch_details(stream::iter(ids), concurrency, &pause)
        .map(|Fetched { id, result }| {
            let conversation = result.unwrap_or_else(|e| panic!("{id}: {e}"));
            (id, conversation.raw_json())
        })
        .collect()
        .await
}

#[tokio::test]
async fn every_call_arrives_whole_through_rate_limits_server_errors_and_cut_bodies() {
    let clean_sandbox = Sandbox::start(SandboxOptions::default())
        .await
        .expect("starts");
    let clean = fetch_all(&client(&clean_sandbox, 3), all_ids(), 8).await;
    assert_eq!(clean.len(), 320);

    let faults = [
        "rate-limit=1,times=2",
        "status=503,every=9",
        "cut-body,every=11",
        "status=502,times=3",
    ];
    let faulty = Sandbox::start(SandboxOptions {
        faults: faults
            .iter()
            .map(|f| f.parse::<FaultSpec>().expect("fault"))
            .collect(),
        ..Default::default()
    })
    .await
    .expect("starts");
    let fetched = fetch_all(&client(&faulty, 6), all_ids(), 8).await;
    assert_eq!(fetched, clean, "the same calls, byte for byte");
    let counts = faulty.request_counts();
    assert!(counts.detail > 320, "faults were retried: {counts:?}");
}

#[tokio::test]
async fn a_pause_starts_no_new_request_until_resumed() {
    let sandbox = Sandbox::start(SandboxOptions::default())
        .await
        .expect("starts");
    let client = client(&sandbox, 0);
    let pause = PauseSwitch::default();
    let mut fetch = Box::pin(client.fetch_details(stream::iter(all_ids()), 4, &pause));
    let mut received = 0;
    while received < 10 {
        fetch.next().await.expect("a call").result.expect("details");
        received += 1;
    }
    pause.pause();
    assert!(pause.is_paused());
    // Those already in flight (at most 4, and one more already taken) finish; then nothing.
    while let Ok(Some(item)) = tokio::time::timeout(Duration::from_millis(300), fetch.next()).await
    {
        item.result.expect("details");
        received += 1;
    }
    assert!(received <= 10 + 5, "{received}");
    let asked = sandbox.request_counts().detail;
    assert_eq!(asked, received as u64, "no request started while paused");
    pause.resume();
    while let Some(item) = fetch.next().await {
        item.result.expect("details");
        received += 1;
    }
    assert_eq!(received, 320);
}

#[tokio::test]
async fn a_missing_call_fails_alone_and_the_rest_arrive() {
    let sandbox = Sandbox::start(SandboxOptions::default())
        .await
        .expect("starts");
    let mut ids = all_ids();
    ids.truncate(20);
    ids.insert(7, "no-such-call".to_owned());
    let pause = PauseSwitch::default();
    let client = client(&sandbox, 1);
    let results: Vec<Fetched> = client
        .fetch_details(stream::iter(ids), 8, &pause)
        .collect()
        .await;
    assert_eq!(results.len(), 21);
    let failed: Vec<&str> = results
        .iter()
        .filter(|f| f.result.is_err())
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(failed, ["no-such-call"]);
}
