//! The client against the real sandbox server on 127.0.0.1: every endpoint, paging, every
//! fault mapped to its error kind, retries counted by the server, atomic downloads.

#[path = "support/files.rs"]
mod files;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use files::files_in;
use formant_api::{
    ApiError, ApiKey, CancellationToken, Client, ClientConfig, ErrorKind, ListQuery, PagingEnd,
    RetryPolicy,
};
use formant_sandbox::{known, Fault, FaultKind, Sandbox, SandboxOptions, TOTAL_CONVERSATIONS};

async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxOptions::default())
        .await
        .expect("sandbox starts")
}

fn client_with(sb: &Sandbox, retry: RetryPolicy) -> Client {
    Client::new(ClientConfig {
        base_url: sb.base_url(),
        key: ApiKey::new(sb.api_key()),
        timeout: Duration::from_secs(10),
        retry,
    })
    .expect("client")
}

fn client(sb: &Sandbox) -> Client {
    client_with(sb, RetryPolicy::fast(3))
}

fn fault(kind: FaultKind, times: u32, path: Option<&str>) -> Fault {
    Fault {
        kind,
        times,
        path_contains: path.map(str::to_owned),
    }
}

#[tokio::test]
async fn lists_a_page_and_filters_by_agent() {
    let sb = sandbox().await;
    let c = client(&sb);
    let page = c
        .list(&ListQuery {
            agent_id: None,
            limit: 20,
            offset: 0,
        })
        .await
        .expect("page");
    assert_eq!(page.data.len(), 20);
    assert!(page.has_more);
    assert_eq!(page.total, Some(TOTAL_CONVERSATIONS as u64));
    assert!(page.data.iter().all(|c| c.transcript.is_none()));

    let agent = page.data[0].agent_id.expect("agent id");
    let filtered = c
        .list(&ListQuery {
            agent_id: Some(agent),
            limit: 100,
            offset: 0,
        })
        .await
        .expect("filtered");
    assert!(!filtered.data.is_empty());
    assert!(filtered.data.iter().all(|c| c.agent_id == Some(agent)));
    assert!(filtered.total.expect("total") < TOTAL_CONVERSATIONS as u64);

    let last = c
        .list(&ListQuery {
            agent_id: None,
            limit: 100,
            offset: TOTAL_CONVERSATIONS as u64 - 5,
        })
        .await
        .expect("last page");
    assert_eq!(last.data.len(), 5);
    assert!(!last.has_more);
    sb.shutdown().await;
}

#[tokio::test]
async fn an_invalid_limit_is_refused_before_sending() {
    let sb = sandbox().await;
    let c = client(&sb);
    for limit in [0, 101, 5000] {
        let err = c
            .list(&ListQuery {
                limit,
                ..ListQuery::default()
            })
            .await
            .expect_err("invalid limit");
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
    }
    assert_eq!(sb.request_count(), 0, "nothing was sent");
    sb.shutdown().await;
}

#[tokio::test]
async fn pages_through_every_conversation_once() {
    let sb = sandbox().await;
    let c = client(&sb);
    let mut progress = Vec::new();
    let all = c
        .list_all(None, &CancellationToken::new(), |p| {
            progress.push((p.page.len(), p.loaded, p.total));
        })
        .await
        .expect("all");
    assert_eq!(all.end, PagingEnd::Complete);
    assert_eq!(all.conversations.len(), TOTAL_CONVERSATIONS);
    assert_eq!(all.total, Some(TOTAL_CONVERSATIONS as u64));
    let ids: HashSet<&str> = all
        .conversations
        .iter()
        .map(|c| c.conversation_id.as_str())
        .collect();
    assert_eq!(ids.len(), TOTAL_CONVERSATIONS, "no duplicates");
    for id in [
        known::TIMED_CALL,
        known::NO_RECORDING_CALL,
        known::HINDI_CALL,
    ] {
        assert!(ids.contains(id), "{id} listed");
    }
    let pages = TOTAL_CONVERSATIONS.div_ceil(100);
    assert_eq!(progress.len(), pages);
    assert_eq!(progress[0], (100, 100, Some(TOTAL_CONVERSATIONS as u64)));
    assert_eq!(
        progress.last().map(|p| p.1),
        Some(TOTAL_CONVERSATIONS),
        "the last report counts everything"
    );
    assert_eq!(sb.request_count(), pages as u64, "one request per page");
    sb.shutdown().await;
}

#[tokio::test]
async fn paging_can_be_cancelled_and_keeps_what_it_loaded() {
    let sb = sandbox().await;
    let c = client(&sb);
    let cancelled = CancellationToken::new();
    cancelled.cancel();
    let none = c
        .list_all(None, &cancelled, |_| {})
        .await
        .expect("cancelled walk");
    assert_eq!(none.end, PagingEnd::Cancelled);
    assert!(none.conversations.is_empty());
    assert_eq!(sb.request_count(), 0);

    let token = CancellationToken::new();
    let some = c
        .list_all(None, &token, |p| {
            if p.loaded >= 100 {
                token.cancel();
            }
        })
        .await
        .expect("walk");
    assert_eq!(some.end, PagingEnd::Cancelled);
    assert_eq!(some.conversations.len(), 100);
    assert_eq!(sb.request_count(), 1);

    // Cancelled while a slow page is in flight: returns at once, without that page.
    sb.faults()
        .push(fault(FaultKind::Latency(Duration::from_secs(30)), 1, None));
    let token = CancellationToken::new();
    let canceller = token.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        canceller.cancel();
    });
    let walk = tokio::time::timeout(Duration::from_secs(10), c.list_all(None, &token, |_| {}))
        .await
        .expect("cancel interrupts the request")
        .expect("walk");
    assert_eq!(walk.end, PagingEnd::Cancelled);
    assert!(walk.conversations.is_empty());
    sb.shutdown().await;
}

#[tokio::test]
async fn gets_conversations_in_both_transcript_shapes() {
    let sb = sandbox().await;
    let c = client(&sb);
    let timed = c.get(known::TIMED_CALL).await.expect("timed call");
    assert_eq!(timed.conversation_id, known::TIMED_CALL);
    assert!(!timed.turns().is_empty());
    assert!(timed.turns().iter().all(|t| t.start_secs.is_some()));

    let role = c.get(known::ROLE_MESSAGE_CALL).await.expect("role call");
    assert!(!role.turns().is_empty());
    assert!(role.turns().iter().all(|t| !t.text.is_empty()));
    assert_eq!(
        role.raw_json()["conversation_id"],
        serde_json::json!(known::ROLE_MESSAGE_CALL)
    );

    let failed = c.get(known::FAILED_CALL).await.expect("failed call");
    assert!(failed.failure_reason.is_some());
    sb.shutdown().await;
}

#[tokio::test]
async fn unknown_and_hostile_ids_are_not_found_and_cannot_escape() {
    let sb = sandbox().await;
    let c = client(&sb);
    let hostile = [
        "no-such-call",
        "../conversations",
        "../../v1/conversations",
        "a/b?c=1",
        "x#fragment",
        "%2e%2e",
        "..%2f..",
        "🙂 spaces and ünïcode",
    ];
    for (i, id) in hostile.iter().enumerate() {
        let err = c.get(id).await.expect_err("not a conversation");
        assert_eq!(err.kind(), ErrorKind::NotFound, "{id:?}: {err}");
        assert_eq!(sb.request_count(), i as u64 + 1, "not retried");
    }
    for id in ["", "  ", ".", ".."] {
        let err = c.get(id).await.expect_err("refused");
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{id:?}");
    }
    assert_eq!(
        sb.request_count(),
        hostile.len() as u64,
        "refused ids were never sent"
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn a_wrong_key_is_an_auth_error_with_the_api_message_and_no_retry() {
    let sb = sandbox().await;
    let c = Client::new(ClientConfig {
        retry: RetryPolicy::fast(3),
        ..ClientConfig::new(sb.base_url(), ApiKey::new("wrong-key"))
    })
    .expect("client");
    let err = c.get(known::TIMED_CALL).await.expect_err("rejected");
    assert_eq!(err.kind(), ErrorKind::Auth);
    assert_eq!(
        err.to_string(),
        "the API key was rejected (401): Invalid API key"
    );
    assert_eq!(
        err.api_error().and_then(|a| a.kind.as_deref()),
        Some("unauthorized")
    );
    assert!(!format!("{err:?}").contains("wrong-key"));
    assert_eq!(sb.request_count(), 1);
    sb.shutdown().await;
}

#[tokio::test]
async fn transient_server_errors_are_retried_until_they_pass() {
    let sb = sandbox().await;
    let c = client(&sb);
    for status in [502, 503, 504] {
        let before = sb.request_count();
        sb.faults().push(fault(FaultKind::Status(status), 2, None));
        c.get(known::TIMED_CALL).await.expect("third try succeeds");
        assert_eq!(
            sb.request_count() - before,
            3,
            "{status}: two failures, one success"
        );
    }
    sb.shutdown().await;
}

#[tokio::test]
async fn retries_give_up_after_the_policy_s_limit() {
    let sb = sandbox().await;
    let c = client_with(&sb, RetryPolicy::fast(2));
    sb.faults().push(fault(FaultKind::Status(503), 10, None));
    let err = c.get(known::TIMED_CALL).await.expect_err("gives up");
    assert!(
        matches!(err, ApiError::Server { status: 503, .. }),
        "{err:?}"
    );
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(sb.request_count(), 3, "one try and two retries");
    sb.shutdown().await;
}

#[tokio::test]
async fn a_500_and_other_client_errors_are_not_retried() {
    let sb = sandbox().await;
    let c = client(&sb);
    sb.faults().push(fault(FaultKind::Status(500), 5, None));
    let err = c.get(known::TIMED_CALL).await.expect_err("500");
    assert!(matches!(err, ApiError::Server { status: 500, .. }));
    assert_eq!(
        err.api_error().and_then(|a| a.kind.as_deref()),
        Some("server_error")
    );
    assert_eq!(sb.request_count(), 1);
    sb.faults().clear();

    sb.faults().push(fault(FaultKind::Status(400), 5, None));
    let err = c.get(known::TIMED_CALL).await.expect_err("400");
    assert_eq!(err.status(), Some(400));
    assert_eq!(sb.request_count(), 2);
    sb.shutdown().await;
}

#[tokio::test]
async fn rate_limits_honour_retry_after_up_to_the_cap() {
    let sb = sandbox().await;
    let c = client(&sb);
    sb.faults().push(fault(
        FaultKind::RateLimited {
            retry_after_secs: 1,
        },
        1,
        None,
    ));
    let started = Instant::now();
    c.get(known::TIMED_CALL)
        .await
        .expect("retried after waiting");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited as Retry-After asked, not the policy's 1 ms"
    );
    assert_eq!(sb.request_count(), 2);

    // Longer than the policy's cap: fail at once and say when to come back.
    sb.faults().push(fault(
        FaultKind::RateLimited {
            retry_after_secs: 3600,
        },
        1,
        None,
    ));
    let err = c.get(known::TIMED_CALL).await.expect_err("rate limited");
    assert!(matches!(
        err,
        ApiError::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(3600)
    ));
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(sb.request_count(), 3);
    sb.shutdown().await;
}

#[tokio::test]
async fn unreadable_bodies_keep_a_snippet() {
    let sb = sandbox().await;
    let c = client_with(&sb, RetryPolicy::fast(1));
    sb.faults().push(fault(FaultKind::MalformedJson, 1, None));
    let err = c.list(&ListQuery::default()).await.expect_err("malformed");
    assert_eq!(err.kind(), ErrorKind::BadResponse);
    let ApiError::BadResponse { body_snippet, .. } = &err else {
        panic!("{err:?}");
    };
    assert!(body_snippet.starts_with(r#"{"data": [{"agent_id": 123"#));
    assert_eq!(sb.request_count(), 1, "a bad body is not retried");

    // A proxy's HTML 502 page: a server error, retried, and the page is kept for the message.
    sb.faults().push(fault(FaultKind::HtmlErrorPage, 5, None));
    let err = c.get(known::TIMED_CALL).await.expect_err("html");
    assert_eq!(err.kind(), ErrorKind::Server);
    assert!(err.to_string().contains("502 Bad Gateway"), "{err}");
    assert!(err.api_error().is_none());
    assert_eq!(sb.request_count(), 3);
    sb.shutdown().await;
}

#[tokio::test]
async fn slow_answers_time_out_and_dead_servers_are_network_errors() {
    let sb = sandbox().await;
    let c = Client::new(ClientConfig {
        base_url: sb.base_url(),
        key: ApiKey::new(sb.api_key()),
        timeout: Duration::from_millis(300),
        retry: RetryPolicy::fast(1),
    })
    .expect("client");
    sb.faults()
        .push(fault(FaultKind::Latency(Duration::from_secs(5)), 2, None));
    let err = c.get(known::TIMED_CALL).await.expect_err("timeout");
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert_eq!(sb.request_count(), 2, "a timeout is retried");
    let base = sb.base_url();
    sb.shutdown().await;

    let dead = Client::new(ClientConfig {
        retry: RetryPolicy::fast(1),
        ..ClientConfig::new(base, ApiKey::new("k"))
    })
    .expect("client");
    let err = dead.list(&ListQuery::default()).await.expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::Network);
    assert!(err.to_string().starts_with("could not reach the API"));
}

#[tokio::test]
async fn a_cut_off_json_body_is_retried() {
    let sb = sandbox().await;
    let c = client(&sb);
    sb.faults().push(fault(FaultKind::TruncatedBody, 1, None));
    let conversation = c.get(known::TIMED_CALL).await.expect("second try");
    assert_eq!(conversation.conversation_id, known::TIMED_CALL);
    assert_eq!(sb.request_count(), 2);

    sb.faults().push(fault(FaultKind::TruncatedBody, 10, None));
    let err = c.get(known::TIMED_CALL).await.expect_err("always cut off");
    assert_eq!(err.kind(), ErrorKind::Network);
    sb.shutdown().await;
}

#[tokio::test]
async fn downloads_a_recording_with_progress() {
    let sb = sandbox().await;
    let c = client(&sb);
    let dir = tempfile::tempdir().expect("dir");
    let dest = dir.path().join("call.wav");
    let mut reports = Vec::new();
    let info = c
        .download_recording(known::TIMED_CALL, &dest, |received, total| {
            reports.push((received, total));
        })
        .await
        .expect("downloaded")
        .commit()
        .expect("committed");
    let bytes = std::fs::read(&dest).expect("saved");
    assert_eq!(info.bytes, bytes.len() as u64);
    assert_eq!(info.content_type.as_deref(), Some("audio/wav"));
    assert_eq!(&bytes[..4], b"RIFF");
    assert_eq!(&bytes[8..12], b"WAVE");
    assert!(reports.len() > 2, "progress per chunk: {reports:?}");
    assert_eq!(reports.last(), Some(&(info.bytes, Some(info.bytes))));
    assert!(reports.windows(2).all(|w| w[0].0 <= w[1].0));
    assert_eq!(files_in(dir.path()), ["call.wav"]);
    sb.shutdown().await;
}

#[tokio::test]
async fn chunks_reach_the_caller_as_they_arrive() {
    let sb = sandbox().await;
    let c = client(&sb);
    let dir = tempfile::tempdir().expect("dir");
    let dest = dir.path().join("stereo.wav");
    let mut seen = Vec::new();
    let mut chunks = 0;
    let info = c
        .download_recording_with(
            known::STEREO_CALL,
            &dest,
            |chunk| {
                chunks += 1;
                seen.extend_from_slice(chunk);
            },
            |_, _| {},
        )
        .await
        .expect("downloaded")
        .commit()
        .expect("committed");
    assert!(chunks > 1);
    assert_eq!(seen.len() as u64, info.bytes);
    assert_eq!(std::fs::read(&dest).expect("saved"), seen);
    sb.shutdown().await;
}

#[tokio::test]
async fn a_call_without_a_recording_is_recording_unavailable() {
    let sb = sandbox().await;
    let c = client(&sb);
    let dir = tempfile::tempdir().expect("dir");
    let dest = dir.path().join("none.wav");
    let err = c
        .download_recording(known::NO_RECORDING_CALL, &dest, |_, _| {})
        .await
        .expect_err("no recording");
    assert_eq!(err.kind(), ErrorKind::RecordingUnavailable);
    assert!(err.to_string().contains("Recording not found"), "{err}");
    assert_eq!(sb.request_count(), 1);
    assert!(files_in(dir.path()).is_empty(), "nothing created");
    sb.shutdown().await;
}

#[tokio::test]
async fn a_cut_off_download_leaves_the_previous_file_untouched() {
    let sb = sandbox().await;
    let c = client_with(&sb, RetryPolicy::fast(2));
    let dir = tempfile::tempdir().expect("dir");
    let dest = dir.path().join("call.wav");
    std::fs::write(&dest, b"the previous good recording").expect("seed");
    sb.faults()
        .push(fault(FaultKind::TruncatedBody, 10, Some("/recording")));
    let mut last_progress = 0;
    let err = c
        .download_recording(known::TIMED_CALL, &dest, |received, _| {
            last_progress = received;
        })
        .await
        .expect_err("always cut off");
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    assert!(last_progress > 0, "part of the body did arrive");
    assert_eq!(sb.request_count(), 3, "retried from scratch twice");
    assert_eq!(
        std::fs::read(&dest).expect("still there"),
        b"the previous good recording"
    );
    assert_eq!(files_in(dir.path()), ["call.wav"], "no temp file left");
    sb.shutdown().await;
}

#[tokio::test]
async fn a_cut_off_download_is_retried_only_before_chunks_reach_the_caller() {
    let sb = sandbox().await;
    let c = client(&sb);
    let dir = tempfile::tempdir().expect("dir");

    // Nothing handed out: the plain download starts again and completes.
    let dest = dir.path().join("retried.wav");
    sb.faults()
        .push(fault(FaultKind::TruncatedBody, 1, Some("/recording")));
    let info = c
        .download_recording(known::TIMED_CALL, &dest, |_, _| {})
        .await
        .expect("second try completes")
        .commit()
        .expect("committed");
    assert_eq!(std::fs::metadata(&dest).expect("saved").len(), info.bytes);
    assert_eq!(sb.request_count(), 2);

    // Chunks already handed out: no second try, the caller must not get bytes twice.
    let dest = dir.path().join("streamed.wav");
    sb.faults()
        .push(fault(FaultKind::TruncatedBody, 1, Some("/recording")));
    let mut handed_out = 0;
    let err = c
        .download_recording_with(
            known::TIMED_CALL,
            &dest,
            |chunk| handed_out += chunk.len(),
            |_, _| {},
        )
        .await
        .expect_err("not retried");
    assert_eq!(err.kind(), ErrorKind::Network);
    assert!(handed_out > 0);
    assert_eq!(sb.request_count(), 3);
    assert!(!dest.exists());
    assert_eq!(files_in(dir.path()), ["retried.wav"]);

    // A failure before any chunk (a 503) is still retried.
    sb.faults()
        .push(fault(FaultKind::Status(503), 1, Some("/recording")));
    c.download_recording_with(known::TIMED_CALL, &dest, |_| {}, |_, _| {})
        .await
        .expect("retried")
        .commit()
        .expect("committed");
    assert_eq!(sb.request_count(), 5);
    sb.shutdown().await;
}

#[tokio::test]
async fn dropping_a_download_removes_its_temp_file() {
    let sb = sandbox().await;
    let c = client(&sb);
    let dir = tempfile::tempdir().expect("dir");
    let dest = dir.path().join("call.wav");
    {
        let download = c.download_recording(known::LONG_CALL, &dest, |_, _| {});
        // Long enough for the body to start, far too short for an hour of audio to finish.
        let _ = tokio::time::timeout(Duration::from_millis(50), download).await;
    }
    assert!(!dest.exists());
    assert!(files_in(dir.path()).is_empty(), "temp file removed on drop");
    sb.shutdown().await;
}

#[tokio::test]
async fn a_download_replaces_nothing_until_it_is_committed() {
    let sb = sandbox().await;
    let c = client(&sb);
    let dir = tempfile::tempdir().expect("dir");
    let dest = dir.path().join("call.wav");
    std::fs::write(&dest, b"the previous good recording").expect("seed");
    let pending = c
        .download_recording(known::TIMED_CALL, &dest, |_, _| {})
        .await
        .expect("downloaded");
    let staged = pending.staged_path().expect("a temp file").to_path_buf();
    let bytes = std::fs::read(&staged).expect("staged bytes");
    assert_eq!(bytes.len() as u64, pending.info.bytes);
    assert_eq!(&bytes[..4], b"RIFF");
    assert_eq!(
        std::fs::read(&dest).expect("old"),
        b"the previous good recording",
        "the caller has not accepted it yet"
    );
    // The caller finds it unacceptable: dropping it changes nothing.
    drop(pending);
    assert_eq!(
        std::fs::read(&dest).expect("old"),
        b"the previous good recording"
    );
    assert_eq!(files_in(dir.path()), ["call.wav"], "no temp file left");
    sb.shutdown().await;
}

#[cfg(unix)]
#[tokio::test]
async fn a_download_into_a_fifo_is_written_through() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;

    let sb = sandbox().await;
    let c = client(&sb);
    let dir = tempfile::tempdir().expect("dir");
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            std::fs::File::open(&fifo)
                .expect("open for reading")
                .read_to_end(&mut bytes)
                .expect("read");
            bytes
        })
    };
    let pending = c
        .download_recording(known::TIMED_CALL, &fifo, |_, _| {})
        .await
        .expect("downloaded");
    assert!(pending.staged_path().is_none(), "nothing to read back");
    let info = pending.commit().expect("committed");
    let bytes = tokio::task::spawn_blocking(move || reader.join().expect("reader"))
        .await
        .expect("join");
    assert_eq!(bytes.len() as u64, info.bytes);
    assert_eq!(&bytes[..4], b"RIFF");
    let meta = std::fs::symlink_metadata(&fifo).expect("lstat");
    assert!(meta.file_type().is_fifo(), "still a FIFO");
    assert_eq!(files_in(dir.path()), ["pipe"]);
    sb.shutdown().await;
}
