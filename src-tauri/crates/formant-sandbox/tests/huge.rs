//! A sandbox of 100,000,000 calls starts, serves its last page and calls from deep inside it,
//! and takes no more memory than a small one. One test in its own binary, so that no other
//! test's allocations move this process's resident set size while it is measured.

mod common;

use common::{get, get_json, start_with};
use formant_sandbox::SandboxOptions;
use serde_json::Value;

const SIZE: u64 = 100_000_000;

/// This process's resident set size in KiB, as the kernel reports it.
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmRSS line")
}

fn start_ms(record: &Value) -> i64 {
    let start = record["start_timestamp"].as_i64().expect("a start");
    if start < 100_000_000_000 {
        start * 1000
    } else {
        start
    }
}

fn id(record: &Value) -> &str {
    record["conversation_id"].as_str().expect("an id")
}

/// The list item of a call is its detail record without the transcript and the results.
fn assert_detail_matches(detail: &Value, item: &Value) {
    let mut trimmed = detail.clone();
    let fields = trimmed.as_object_mut().expect("an object");
    fields.shift_remove("transcript");
    fields.shift_remove("results");
    assert_eq!(&trimmed, item);
}

#[tokio::test]
async fn a_hundred_million_calls_start_and_serve_deep_pages_in_flat_memory() {
    let before = rss_kib();
    let sandbox = start_with(SandboxOptions {
        conversations: Some(SIZE as usize),
        ..Default::default()
    })
    .await;
    assert_eq!(sandbox.conversation_count() as u64, SIZE);

    // The last page: full, newest first, and the end of the list.
    let last_page = "/v1/conversations?limit=100&offset=99999900";
    let (status, page) = get_json(&sandbox, last_page).await;
    assert_eq!(status, 200);
    assert_eq!(page["total"], SIZE);
    assert_eq!(page["has_more"], false);
    let items = page["data"].as_array().expect("data").clone();
    assert_eq!(items.len(), 100);
    assert!(items
        .windows(2)
        .all(|pair| start_ms(&pair[0]) >= start_ms(&pair[1])));
    let (_, again) = get_json(&sandbox, last_page).await;
    assert_eq!(again, page, "the same page every time");

    // Calls from deep inside, by the id the list gave: found, and the same call.
    let (_, middle) = get_json(&sandbox, "/v1/conversations?limit=1&offset=54321987").await;
    let deep_items = [&items[0], &items[63], &items[99], &middle["data"][0]];
    for item in deep_items {
        let (status, detail) = get_json(&sandbox, &format!("/v1/conversations/{}", id(item))).await;
        assert_eq!(status, 200, "{}", id(item));
        assert_detail_matches(&detail["data"], item);
    }
    // An id of the same shape, one digit off, is not a call of the account.
    let mut unknown = id(&items[0]).as_bytes().to_vec();
    unknown[35] = if unknown[35] == b'0' { b'1' } else { b'0' };
    let unknown = String::from_utf8(unknown).expect("ascii");
    let (status, _) = get_json(&sandbox, &format!("/v1/conversations/{unknown}")).await;
    assert_eq!(status, 404, "{unknown}");

    // A recording of a deep call streams whole.
    let mut downloaded = false;
    for item in items.iter().filter(|item| item["status"] == "completed") {
        let response = get(
            &sandbox,
            &format!("/v1/conversations/{}/recording", id(item)),
        )
        .await;
        if response.status() == 404 {
            continue; // some calls have no recording
        }
        assert_eq!(response.status(), 200);
        let promised = response.content_length().expect("a length");
        let body = response.bytes().await.expect("the whole body");
        assert_eq!(body.len() as u64, promised);
        assert!(body.starts_with(b"RIFF"));
        downloaded = true;
        break;
    }
    assert!(
        downloaded,
        "some completed call of the last page has a recording"
    );

    // One agent's last calls, far down the list.
    let (_, first) = get_json(&sandbox, "/v1/conversations?agent_id=452&limit=1").await;
    let total = first["total"].as_u64().expect("a total");
    assert!(total > SIZE / 10, "{total}");
    let path = format!(
        "/v1/conversations?agent_id=452&limit=100&offset={}",
        total - 3
    );
    let (_, tail) = get_json(&sandbox, &path).await;
    let tail = tail["data"].as_array().expect("data");
    assert_eq!(tail.len(), 3);
    assert!(tail.iter().all(|item| item["agent_id"] == 452));

    let grown_kib = rss_kib().saturating_sub(before);
    eprintln!("a sandbox of {SIZE} calls, paged and read deep: +{grown_kib} KiB resident");
    assert!(
        grown_kib < 50 * 1024,
        "a sandbox of {SIZE} calls grew the process by {grown_kib} KiB"
    );
}
