//! A hostile API server on 127.0.0.1 for the client's and the CLI's tests: raw HTTP over a
//! tokio `TcpListener`, so it can answer in ways no well-behaved framework would (bodies cut
//! off, trickled, endless, redirect loops, silence).
//!
//! One server serves every case; the first path segment picks it, so a test points a client
//! at `HostileServer::base_url("cut-length")` and the client's own paths follow
//! (`/cut-length/v1/conversations/...`). Huge bodies are generated as they are sent, never
//! held in memory. Shared by `formant-api/tests/hostile_server.rs` and
//! `formant-cli/tests/hostile_cli.rs` (through `#[path]`).

#![allow(dead_code)] // each test crate uses its own subset of the cases

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A body far past the client's 32 MiB cap on JSON answers.
pub const HUGE_JSON_BYTES: u64 = 64 * 1024 * 1024;
/// An error page as large as the audit's (300 MB), of which the client must read only 64 KiB.
pub const HUGE_ERROR_BYTES: u64 = 300 * 1024 * 1024;
/// Ids on a page of the endless listings.
pub const PAGE: u64 = 100;

#[derive(Default)]
struct Stats {
    requests: HashMap<String, usize>,
    body_bytes_sent: HashMap<String, u64>,
}

pub struct HostileServer {
    addr: SocketAddr,
    stats: Arc<Mutex<Stats>>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl HostileServer {
    /// Starts on its own runtime thread, so it serves whether the test is async or blocks on
    /// a child process.
    pub fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let stats = Arc::new(Mutex::new(Stats::default()));
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        std_listener.set_nonblocking(true).expect("nonblocking");
        let addr = std_listener.local_addr().expect("addr");
        let shared = Arc::clone(&stats);
        runtime.spawn(async move {
            let listener = TcpListener::from_std(std_listener).expect("listener");
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                tokio::spawn(serve(stream, Arc::clone(&shared)));
            }
        });
        Self {
            addr,
            stats,
            runtime: Some(runtime),
        }
    }

    /// The base URL of one case, e.g. `http://127.0.0.1:PORT/status-401`.
    pub fn base_url(&self, case: &str) -> String {
        format!("http://{}/{case}", self.addr)
    }

    /// Requests the case has received.
    pub fn requests(&self, case: &str) -> usize {
        let stats = self.stats.lock().expect("stats");
        stats.requests.get(case).copied().unwrap_or(0)
    }

    /// Body bytes the case managed to hand to the socket before the client stopped reading.
    pub fn body_bytes_sent(&self, case: &str) -> u64 {
        let stats = self.stats.lock().expect("stats");
        stats.body_bytes_sent.get(case).copied().unwrap_or(0)
    }
}

impl Drop for HostileServer {
    fn drop(&mut self) {
        // Ends every connection (the silent ones too); allowed inside an async test.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// The request's path, or `None` when the client went away first.
async fn read_request_path(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut buf = [0u8; 8192];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 || head.len() > 4 * 1024 * 1024 {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
    }
    let line = head.split(|b| *b == b'\r').next()?;
    let line = String::from_utf8_lossy(line);
    line.split(' ').nth(1).map(str::to_owned)
}

/// Which endpoint the client asked for, below the case prefix.
enum Endpoint {
    List { offset: u64 },
    Get,
    Recording,
    Other,
}

fn endpoint(rest: &str) -> Endpoint {
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match segments.as_slice() {
        ["v1", "conversations"] => Endpoint::List {
            offset: query
                .split('&')
                .find_map(|p| p.strip_prefix("offset="))
                .and_then(|o| o.parse().ok())
                .unwrap_or(0),
        },
        ["v1", "conversations", _] => Endpoint::Get,
        ["v1", "conversations", _, "recording"] => Endpoint::Recording,
        _ => Endpoint::Other,
    }
}

async fn serve(mut stream: TcpStream, stats: Arc<Mutex<Stats>>) {
    let Some(path) = read_request_path(&mut stream).await else {
        return;
    };
    let (case, rest) = match path.trim_start_matches('/').split_once('/') {
        Some((case, rest)) => (case.to_owned(), format!("/{rest}")),
        None => (path.trim_start_matches('/').to_owned(), "/".to_owned()),
    };
    *stats
        .lock()
        .expect("stats")
        .requests
        .entry(case.clone())
        .or_default() += 1;
    let endpoint = endpoint(&rest);
    let sent = answer(&mut stream, &case, &path, endpoint).await;
    if sent > 0 {
        *stats
            .lock()
            .expect("stats")
            .body_bytes_sent
            .entry(case)
            .or_default() += sent;
    }
    let _ = stream.shutdown().await;
}

fn api_error(message: &str, kind: &str) -> String {
    format!(r#"{{"error":{{"message":"{message}","type":"{kind}"}}}}"#)
}

const GOOD_CALL: &str = r#"{"conversation_id": "good_1", "agent_id": 7, "contact_number": "+14155552671",
  "duration_seconds": 12, "start_timestamp": 1685606154, "end_timestamp": 1685606166, "status": "completed",
  "transcript": [{"speaker": "agent", "start_time": 0, "end_time": 5, "text": "Hello"}]}"#;

/// Server text meant to drive a terminal, and numbers meant to overflow.
const HOSTILE_CALL: &str = r#"{"conversation_id": "evil_1", "agent_id": 1e300,
  "contact_number": "\u001b]0;title\u0007+1 555 0100", "status": "\u001b[2Jdone",
  "start_timestamp": "0001-01-01T00:00:00Z", "end_timestamp": 1e300,
  "results": {"note": "\u202eevil.exe"},
  "transcript": [{"speaker": "\u001b[31magent", "start_time": 1e300, "end_time": -1,
                  "text": "hi \u001b]0;title\u0007 there \u001b[2J \u202ereversed\u009b"}]}"#;

/// Writes one answer for `case`; returns the body bytes written for the huge cases.
async fn answer(stream: &mut TcpStream, case: &str, path: &str, endpoint: Endpoint) -> u64 {
    let (name, param) = case.rsplit_once('-').unwrap_or((case, ""));
    let json = "application/json";
    let html = "text/html";
    match (case, &endpoint) {
        ("ok", Endpoint::List { .. }) => {
            let body = format!(r#"{{"data": [{GOOD_CALL}], "has_more": false, "total": 1}}"#);
            respond(stream, "200 OK", json, &[], body.as_bytes()).await;
        }
        ("ok", _) => {
            respond(
                stream,
                "200 OK",
                json,
                &[],
                format!(r#"{{"data": {GOOD_CALL}}}"#).as_bytes(),
            )
            .await
        }
        ("hostile-data", Endpoint::List { .. }) => {
            let body =
                format!(r#"{{"data": [{HOSTILE_CALL}], "has_more": false, "total": 1e300}}"#);
            respond(stream, "200 OK", json, &[], body.as_bytes()).await;
        }
        ("hostile-data", _) => {
            let body = format!(r#"{{"data": {HOSTILE_CALL}}}"#);
            respond(stream, "200 OK", json, &[], body.as_bytes()).await;
        }
        ("hostile-error", _) => {
            let body = api_error(
                r"\u001b]0;pwned\u0007key \u001b[2Jrejected \u202eyek",
                "authentication_error",
            );
            respond(stream, "401 Unauthorized", json, &[], body.as_bytes()).await;
        }
        ("html-200", _) => {
            let body =
                "<!DOCTYPE html><html><body><h1>Welcome to the captive portal</h1></body></html>";
            respond(stream, "200 OK", html, &[], body.as_bytes()).await;
        }
        ("html-502", _) => {
            let body = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center></body></html>";
            respond(stream, "502 Bad Gateway", html, &[], body.as_bytes()).await;
        }
        ("malformed", _) => respond(stream, "200 OK", json, &[], b"{\"data\": nope}").await,
        ("mid-json", _) => {
            respond(
                stream,
                "200 OK",
                json,
                &[],
                br#"{"data": [{"conversation_id": "a", "sta"#,
            )
            .await
        }
        ("wrong-shape", Endpoint::List { .. }) => {
            respond(
                stream,
                "200 OK",
                json,
                &[],
                br#"{"data": "calls", "has_more": "yes"}"#,
            )
            .await
        }
        ("wrong-shape", _) => respond(stream, "200 OK", json, &[], b"[1, 2, 3]").await,
        ("no-data", _) => respond(stream, "200 OK", json, &[], br#"{"result": {}}"#).await,
        ("no-id", _) => {
            respond(
                stream,
                "200 OK",
                json,
                &[],
                br#"{"data": {"status": "completed"}}"#,
            )
            .await
        }
        ("cut-length", _) => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 5000\r\nconnection: close\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream
                .write_all(br#"{"data": {"conversation_id": "cut", "transcript": [{"text": "hel"#)
                .await;
            let _ = stream.flush().await;
        }
        ("cut-chunked", _) => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n";
            let chunk = br#"{"data": {"conversation_id": "cut", "transcript": [{"text": "hel"#;
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream
                .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                .await;
            let _ = stream.write_all(chunk).await;
            let _ = stream.write_all(b"\r\n").await;
            let _ = stream.flush().await;
        }
        ("silent", _) => {
            // Never answers; the connection stays open until the server is dropped.
            tokio::time::sleep(Duration::from_secs(600)).await;
        }
        ("redirect-loop", _) => {
            let headers = [("location", path.to_owned())];
            respond(stream, "302 Found", html, &headers, b"").await;
        }
        ("huge-json-chunked", _) => {
            return stream_body(stream, "200 OK", json, None, HUGE_JSON_BYTES, b' ').await
        }
        ("huge-json-length", _) => {
            return stream_body(
                stream,
                "200 OK",
                json,
                Some(HUGE_JSON_BYTES),
                HUGE_JSON_BYTES,
                b' ',
            )
            .await
        }
        ("huge-error", _) => {
            return stream_body(
                stream,
                "500 Internal Server Error",
                html,
                None,
                HUGE_ERROR_BYTES,
                b'x',
            )
            .await
        }
        ("paging-same", Endpoint::List { .. }) => {
            respond(stream, "200 OK", json, &[], &page(0, 2, None)).await
        }
        ("paging-endless", Endpoint::List { offset }) => {
            respond(stream, "200 OK", json, &[], &page(*offset, PAGE, None)).await
        }
        ("paging-total", Endpoint::List { offset }) => {
            respond(stream, "200 OK", json, &[], &page(*offset, PAGE, Some(150))).await
        }
        _ => match (name, param) {
            ("status", code) => {
                let (reason, kind) = match code {
                    "401" => ("Unauthorized", "authentication_error"),
                    "403" => ("Forbidden", "permission_error"),
                    "404" => ("Not Found", "not_found"),
                    "500" => ("Internal Server Error", "server_error"),
                    "502" => ("Bad Gateway", "server_error"),
                    _ => ("Service Unavailable", "server_error"),
                };
                let status = format!("{code} {reason}");
                let body = api_error(&format!("hostile {code}"), kind);
                respond(stream, &status, json, &[], body.as_bytes()).await;
            }
            ("ratelimit", form) => {
                let after = match form {
                    "secs" => Some("7".to_owned()),
                    "huge" => Some("99999999999".to_owned()),
                    "past" => Some("Wed, 21 Oct 2015 07:28:00 GMT".to_owned()),
                    "future" => Some(http_date_in(Duration::from_secs(3600))),
                    "garbage" => Some("soon, maybe".to_owned()),
                    _ => None,
                };
                let headers: Vec<(&str, String)> =
                    after.into_iter().map(|a| ("retry-after", a)).collect();
                let body = api_error("slow down", "rate_limit_error");
                respond(
                    stream,
                    "429 Too Many Requests",
                    json,
                    &headers,
                    body.as_bytes(),
                )
                .await;
            }
            ("trickle", ms) => {
                // One byte per interval, forever (as far as any client's patience goes).
                let every = Duration::from_millis(ms.parse().unwrap_or(1000));
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\nconnection: close\r\n\r\n";
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return 0;
                }
                let mut sent = 0;
                loop {
                    tokio::time::sleep(every).await;
                    if stream.write_all(b" ").await.is_err() || stream.flush().await.is_err() {
                        return sent;
                    }
                    sent += 1;
                }
            }
            _ => respond(stream, "404 Not Found", json, &[], b"{}").await,
        },
    }
    0
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) `from_now` ahead, for `Retry-After`.
fn http_date_in(from_now: Duration) -> String {
    let secs = (std::time::SystemTime::now() + from_now)
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    let name = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(month - 1) as usize];
    format!(
        "{weekday}, {day:02} {name} {year} {:02}:{:02}:{:02} GMT",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// A listing page of `count` calls from `offset`, always saying there are more.
fn page(offset: u64, count: u64, total: Option<u64>) -> Vec<u8> {
    let calls: Vec<String> = (0..count)
        .map(|i| {
            let n = u128::from(offset) + u128::from(i);
            format!(r#"{{"conversation_id": "c{n}", "status": "completed"}}"#)
        })
        .collect();
    let total = total.map_or("null".to_owned(), |t| t.to_string());
    format!(
        r#"{{"data": [{}], "has_more": true, "total": {total}}}"#,
        calls.join(",")
    )
    .into_bytes()
}

async fn respond(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    headers: &[(&str, String)],
    body: &[u8],
) {
    let mut head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(body).await;
    let _ = stream.flush().await;
}

/// `total` bytes of `fill` (a JSON document's worth of spaces inside `[` `]`, or an HTML
/// page's), generated 64 KiB at a time; returns how many bytes the socket took before the
/// client stopped reading.
async fn stream_body(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    length: Option<u64>,
    total: u64,
    fill: u8,
) -> u64 {
    let framing = match length {
        Some(n) => format!("content-length: {n}"),
        None => "transfer-encoding: chunked".to_owned(),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\n{framing}\r\nconnection: close\r\n\r\n"
    );
    if stream.write_all(head.as_bytes()).await.is_err() {
        return 0;
    }
    let chunk = vec![fill; 64 * 1024];
    let mut sent: u64 = 0;
    while sent < total {
        let n = chunk
            .len()
            .min(usize::try_from(total - sent).unwrap_or(usize::MAX));
        let mut piece = chunk[..n].to_vec();
        if sent == 0 {
            piece[0] = b'[';
        }
        if sent + n as u64 == total {
            piece[n - 1] = b']';
        }
        let written = if length.is_some() {
            stream.write_all(&piece).await
        } else {
            let mut framed = format!("{n:x}\r\n").into_bytes();
            framed.extend_from_slice(&piece);
            framed.extend_from_slice(b"\r\n");
            stream.write_all(&framed).await
        };
        if written.is_err() {
            return sent;
        }
        sent += n as u64;
    }
    if length.is_none() {
        let _ = stream.write_all(b"0\r\n\r\n").await;
    }
    sent
}
