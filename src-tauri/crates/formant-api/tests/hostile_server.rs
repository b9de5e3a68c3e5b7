//! The client against a hostile server on 127.0.0.1 (see `support/hostile.rs`): every way an
//! API, a proxy or an attacker can answer badly ends in the right error kind with a clear
//! message, within the client's limits on time, memory and requests, and no download
//! replaces a good file.

#[path = "support/files.rs"]
mod files;
#[path = "support/hostile.rs"]
mod hostile;

use std::time::Duration;

use files::files_in;
use formant_api::{
    ApiError, ApiKey, CancellationToken, Client, ClientConfig, ErrorKind, ListQuery, PagingEnd,
    RetryPolicy, MAX_ERROR_BODY_BYTES,
};
use hostile::{HostileServer, HUGE_ERROR_BYTES, HUGE_JSON_BYTES, PAGE};

/// Tries after the first in these tests; delays of a few milliseconds.
const RETRIES: usize = 2;

fn client_for(server: &HostileServer, case: &str, timeout: Duration) -> Client {
    Client::new(ClientConfig {
        base_url: server.base_url(case),
        key: ApiKey::new("sk_test_hostile"),
        timeout,
        retry: RetryPolicy::fast(RETRIES),
    })
    .expect("client")
}

fn client(server: &HostileServer, case: &str) -> Client {
    client_for(server, case, Duration::from_secs(10))
}

async fn get_err(server: &HostileServer, case: &str) -> ApiError {
    client(server, case)
        .get("call_1")
        .await
        .expect_err("a hostile answer is an error")
}

async fn list_err(server: &HostileServer, case: &str) -> ApiError {
    client(server, case)
        .list(&ListQuery::default())
        .await
        .expect_err("a hostile answer is an error")
}

#[tokio::test]
async fn statuses_map_to_kinds_and_only_transient_ones_are_retried() {
    let server = HostileServer::start();
    for (case, kind, tries) in [
        ("status-401", ErrorKind::Auth, 1),
        ("status-403", ErrorKind::Auth, 1),
        ("status-404", ErrorKind::NotFound, 1),
        ("status-500", ErrorKind::Server, 1),
        ("status-502", ErrorKind::Server, RETRIES + 1),
        ("status-503", ErrorKind::Server, RETRIES + 1),
    ] {
        let err = get_err(&server, case).await;
        assert_eq!(err.kind(), kind, "{case}: {err}");
        let code = &case[7..];
        assert!(
            err.to_string().contains(&format!("hostile {code}")),
            "{case}: {err}"
        );
        assert_eq!(server.requests(case), tries, "{case}");
    }
}

#[tokio::test]
async fn retry_after_in_every_form() {
    let server = HostileServer::start();
    let rate_limited = |err: &ApiError| match err {
        ApiError::RateLimited { retry_after, .. } => *retry_after,
        other => panic!("not rate limited: {other}"),
    };
    // Longer than the policy sleeps through (2 s in `RetryPolicy::fast`): returned at once,
    // carrying the wait.
    let err = list_err(&server, "ratelimit-secs").await;
    assert_eq!(rate_limited(&err), Some(Duration::from_secs(7)));
    assert_eq!(
        err.to_string(),
        "the API is rate limiting requests; try again in 7 s"
    );
    assert_eq!(server.requests("ratelimit-secs"), 1);

    let err = list_err(&server, "ratelimit-huge").await;
    assert_eq!(
        rate_limited(&err),
        Some(Duration::from_secs(99_999_999_999))
    );
    assert_eq!(server.requests("ratelimit-huge"), 1);

    let err = list_err(&server, "ratelimit-future").await;
    let wait = rate_limited(&err).expect("a date is a wait");
    assert!((3500..=3600).contains(&wait.as_secs()), "{wait:?}");
    assert_eq!(server.requests("ratelimit-future"), 1);

    // No wait, a date already past, or garbage: the backoff schedule retries.
    for case in ["ratelimit-none", "ratelimit-past", "ratelimit-garbage"] {
        let err = list_err(&server, case).await;
        assert_eq!(err.kind(), ErrorKind::RateLimited, "{case}");
        assert_eq!(server.requests(case), RETRIES + 1, "{case}");
    }
}

#[tokio::test]
async fn html_and_malformed_answers_are_bad_responses_with_a_snippet() {
    let server = HostileServer::start();
    let err = get_err(&server, "html-200").await;
    assert_eq!(err.kind(), ErrorKind::BadResponse);
    assert!(err.to_string().contains("not JSON"), "{err}");
    assert!(err.to_string().contains("captive portal"), "{err}");

    let err = get_err(&server, "html-502").await;
    assert_eq!(err.kind(), ErrorKind::Server);
    assert!(
        err.to_string()
            .starts_with("the API answered 502: unexpected body: <html>"),
        "{err}"
    );
    assert_eq!(server.requests("html-502"), RETRIES + 1);

    let err = get_err(&server, "malformed").await;
    assert_eq!(err.kind(), ErrorKind::BadResponse);
    assert!(err.to_string().contains("not JSON"), "{err}");

    // Complete HTTP, JSON stopping midway: it reached the API and was cut off.
    let err = get_err(&server, "mid-json").await;
    assert_eq!(err.kind(), ErrorKind::BadResponse);
    assert!(
        err.to_string()
            .contains("cut off in the middle of its JSON"),
        "{err}"
    );

    let err = list_err(&server, "wrong-shape").await;
    assert_eq!(err.kind(), ErrorKind::BadResponse);
    assert!(
        err.to_string().contains("not a page of conversations"),
        "{err}"
    );
    let err = get_err(&server, "wrong-shape").await;
    assert!(err.to_string().contains("expected a JSON object"), "{err}");
    let err = get_err(&server, "no-data").await;
    assert!(err.to_string().contains("has no \"data\""), "{err}");
    let err = get_err(&server, "no-id").await;
    assert!(err.to_string().contains("no conversation_id"), "{err}");
    for case in [
        "html-200",
        "malformed",
        "mid-json",
        "wrong-shape",
        "no-data",
        "no-id",
    ] {
        assert!(
            server.requests(case) <= 2,
            "{case}: an unreadable answer is not retried"
        );
    }
}

#[tokio::test]
async fn bodies_cut_off_say_so_and_are_retried() {
    let server = HostileServer::start();
    for case in ["cut-length", "cut-chunked"] {
        let err = get_err(&server, case).await;
        assert_eq!(err.kind(), ErrorKind::Network, "{case}: {err}");
        let text = err.to_string();
        assert!(
            text.starts_with("the API's answer was cut off after "),
            "{case}: {text}"
        );
        assert!(!text.contains("could not reach"), "{case}: {text}");
        assert_eq!(server.requests(case), RETRIES + 1, "{case}");
    }
    let err = get_err(&server, "cut-length").await;
    assert!(err.to_string().ends_with(" of 5000 bytes"), "{err}");
}

#[tokio::test]
async fn silence_and_trickles_time_out() {
    let server = HostileServer::start();
    let patience = Duration::from_millis(400);
    // Nothing after the request: the per-read timeout.
    let err = client_for(&server, "silent", patience)
        .get("x")
        .await
        .expect_err("no answer");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert_eq!(err.to_string(), "the API did not answer in time");
    assert_eq!(server.requests("silent"), RETRIES + 1);

    // A byte a second: each wait for data passes the 400 ms.
    let err = client_for(&server, "trickle-1000", patience)
        .get("x")
        .await
        .expect_err("too slow");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");

    // A byte every 50 ms keeps every read alive; the limit on the whole request ends it.
    let err = client_for(&server, "trickle-50", patience)
        .list(&ListQuery::default())
        .await
        .expect_err("too slow");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(
        server.body_bytes_sent("trickle-50") > 0,
        "the body did start"
    );
}

#[tokio::test]
async fn redirect_loops_end_as_network_errors() {
    let server = HostileServer::start();
    let err = get_err(&server, "redirect-loop").await;
    assert_eq!(err.kind(), ErrorKind::Network);
    let text = err.to_string();
    assert!(
        text.starts_with("could not reach the API: error following redirect"),
        "{text}"
    );
    assert!(text.contains("too many redirects"), "{text}");
    assert!(!text.contains("127.0.0.1"), "no URL in the message: {text}");
}

#[tokio::test]
async fn huge_bodies_are_not_read_past_the_cap() {
    let server = HostileServer::start();
    // Announced as too large: refused before reading.
    let err = get_err(&server, "huge-json-length").await;
    assert!(matches!(err, ApiError::TooLarge { .. }), "{err}");
    assert_eq!(err.kind(), ErrorKind::BadResponse);
    assert!(
        err.to_string()
            .starts_with("the API's answer was larger than 32 MiB"),
        "{err}"
    );
    assert_eq!(server.requests("huge-json-length"), 1, "not retried");

    // Chunked, with no length: read up to the cap, then dropped.
    let err = list_err(&server, "huge-json-chunked").await;
    assert!(matches!(err, ApiError::TooLarge { .. }), "{err}");
    let sent = server.body_bytes_sent("huge-json-chunked");
    assert!(
        sent < HUGE_JSON_BYTES,
        "the client stopped reading ({sent} bytes sent)"
    );

    // A 300 MB error page: its first 64 KiB give the message, the rest is never read.
    let err = get_err(&server, "huge-error").await;
    assert_eq!(err.kind(), ErrorKind::Server);
    assert!(
        err.to_string()
            .starts_with("the API answered 500: unexpected body: [xxx"),
        "{err}"
    );
    assert!(err.to_string().len() < 400, "a snippet, not the page");
    let sent = server.body_bytes_sent("huge-error");
    // What the socket buffers took beyond the 64 KiB read, far from the 300 MB.
    assert!(
        sent < HUGE_ERROR_BYTES / 10,
        "the client stopped reading ({sent} bytes sent, {MAX_ERROR_BODY_BYTES} read)"
    );
}

#[tokio::test]
async fn paging_always_ends_and_says_why() {
    let server = HostileServer::start();
    let walk = |case: &str| {
        let c = client(&server, case).with_max_pages(5);
        async move {
            c.list_all(None, &CancellationToken::new(), |_| {})
                .await
                .expect("walk")
        }
    };
    let same = walk("paging-same").await;
    assert_eq!(same.end, PagingEnd::NoNewData);
    assert_eq!(same.conversations.len(), 2);
    assert_eq!(server.requests("paging-same"), 2);
    assert!(same
        .end
        .warning()
        .expect("a warning")
        .contains("none that were new"));

    let total = walk("paging-total").await;
    assert_eq!(total.end, PagingEnd::TotalReached);
    assert_eq!(total.conversations.len(), 2 * PAGE as usize);
    assert_eq!(server.requests("paging-total"), 2);

    let endless = walk("paging-endless").await;
    assert_eq!(endless.end, PagingEnd::PageLimit);
    assert_eq!(endless.conversations.len(), 5 * PAGE as usize);
    assert_eq!(server.requests("paging-endless"), 5);
    assert!(endless
        .end
        .warning()
        .expect("a warning")
        .contains("safety limit"));
    assert_eq!(formant_api::MAX_PAGES, 20_000, "the documented limit");

    // An offset at the very top of u64 is sent as it is; nothing overflows.
    let page = client(&server, "paging-endless")
        .list(&ListQuery {
            offset: u64::MAX,
            ..ListQuery::default()
        })
        .await
        .expect("page");
    assert_eq!(page.data[0].conversation_id, format!("c{}", u64::MAX));
}

#[tokio::test]
async fn hostile_numbers_are_absent_and_kept_raw() {
    let server = HostileServer::start();
    let page = client(&server, "hostile-data")
        .list(&ListQuery::default())
        .await
        .expect("a page, however odd");
    assert_eq!(page.total, None, "total 1e300 is no count");
    let call = &page.data[0];
    assert_eq!(
        (call.start_ms, call.end_ms, call.duration()),
        (None, None, None)
    );
    assert_eq!(call.agent_id, None);
    assert_eq!(call.raw["end_timestamp"], serde_json::json!(1e300));
    let call = client(&server, "hostile-data")
        .get("evil_1")
        .await
        .expect("call");
    assert_eq!(call.turns()[0].start_secs, None);
    assert_eq!(call.turns()[0].end_secs, None);
}

#[tokio::test]
async fn bad_keys_and_long_ids_fail_clearly_before_or_without_noise() {
    let server = HostileServer::start();
    let err = Client::new(ClientConfig::new(
        server.base_url("ok"),
        ApiKey::new("sk_test\nX-Injected: 1"),
    ))
    .expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err
        .to_string()
        .contains("the API key has characters an API key cannot have"));
    assert_eq!(server.requests("ok"), 0, "nothing was sent");

    // Too long to be an id: refused before sending, the message shows its start.
    let huge_id = "x".repeat(100_000);
    let err = client(&server, "status-404")
        .get(&huge_id)
        .await
        .expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(
        err.to_string().len() < 300,
        "{} characters",
        err.to_string().len()
    );
    assert!(err.to_string().contains("(100000 characters)"), "{err}");
    assert_eq!(server.requests("status-404"), 0, "nothing was sent");

    // Long but allowed: the server's 404 names it shortened.
    let long_id = "x".repeat(formant_api::MAX_ID_CHARS);
    let err = client(&server, "status-404")
        .get(&long_id)
        .await
        .expect_err("404");
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert!(
        err.to_string().len() < 300,
        "{} characters",
        err.to_string().len()
    );
    assert!(err.to_string().contains("(1000 characters)"), "{err}");
}

#[tokio::test]
async fn failed_downloads_leave_the_good_file_as_it_was() {
    let server = HostileServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let dest = dir.path().join("call.wav");
    let good = b"RIFF....WAVE the previous good recording".to_vec();
    std::fs::write(&dest, &good).expect("seed");
    for case in [
        "status-401",
        "status-404",
        "status-500",
        "html-502",
        "ratelimit-huge",
        "cut-length",
        "cut-chunked",
        "redirect-loop",
        "huge-error",
        "silent",
    ] {
        let err = client_for(&server, case, Duration::from_millis(400))
            .download_recording("call_1", &dest, |_, _| {})
            .await
            .expect_err(case);
        assert_ne!(err.kind(), ErrorKind::Io, "{case}: {err}");
        assert_eq!(std::fs::read(&dest).expect("still there"), good, "{case}");
        assert_eq!(
            files_in(dir.path()),
            ["call.wav"],
            "{case}: no temp file left"
        );
    }
}
