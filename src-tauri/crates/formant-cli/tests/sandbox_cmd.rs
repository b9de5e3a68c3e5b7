//! `formant sandbox` as a real process, answering real HTTP requests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use assert_cmd::Command as Formant;
use predicates::prelude::*;
use serde_json::Value;

/// The server process; killed when the test ends, pass or fail.
struct Running {
    child: Child,
    /// `127.0.0.1:PORT`, from the first line it printed.
    address: String,
    /// What it printed before it started waiting for Ctrl-C.
    banner: Vec<String>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `formant sandbox ARGS` on a free port and reads its banner, up to "Press Ctrl-C".
/// FORMANT_REGION and FORMANT_BASE_URL hold nonsense: the sandbox does not read them.
fn sandbox(args: &[&str]) -> Running {
    let child = Command::new(env!("CARGO_BIN_EXE_formant"))
        .arg("sandbox")
        .args(args)
        .env("FORMANT_REGION", "mars")
        .env("FORMANT_BASE_URL", "not a url")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let mut running = Running {
        child,
        address: String::new(),
        banner: Vec::new(),
    };
    let stdout = running.child.stdout.take().expect("stdout");
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("a UTF-8 line");
        let done = line.starts_with("Press Ctrl-C");
        running.banner.push(line);
        if done {
            break;
        }
    }
    let first = running.banner.first().expect("a banner");
    let url = first
        .strip_prefix("FormantAI sandbox listening on http://")
        .expect("the first line names the address");
    running.address = url.to_owned();
    running
}

/// An HTTP answer read off the socket as it came: the body is what arrived before the
/// connection closed, whatever the headers promised.
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

fn request(address: &str, method: &str, path: &str, key: &str, body: &str) -> Answer {
    let mut stream = TcpStream::connect(address).expect("connects");
    // A server that stops answering fails the test rather than hanging it.
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("a timeout");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {key}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("sends");
    let mut bytes = Vec::new();
    let mut buffer = [0u8; 64 * 1024];
    // Until the server closes the connection, cleanly or not (a cut body may end in a reset).
    while let Ok(read @ 1..) = stream.read(&mut buffer) {
        bytes.extend_from_slice(&buffer[..read]);
    }
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP response");
    let head = String::from_utf8(bytes[..split].to_vec()).expect("ASCII headers");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    Answer {
        status,
        head,
        body: bytes[split + 4..].to_vec(),
    }
}

fn get(server: &Running, path: &str, key: &str) -> Answer {
    request(&server.address, "GET", path, key, "")
}

#[test]
fn the_sandbox_serves_the_size_it_is_asked_for() {
    let server = sandbox(&["--conversations", "500", "--key", "bench-key"]);
    assert_eq!(
        server.banner[2], "Conversations: 500",
        "{:?}",
        server.banner
    );
    let page = get(
        &server,
        "/v1/conversations?limit=100&offset=450",
        "bench-key",
    )
    .json();
    assert_eq!(page["total"], 500);
    assert_eq!(page["data"].as_array().map(Vec::len), Some(50));
    let hour = get(
        &server,
        &format!("/v1/conversations/{}", formant_sandbox::known::HOUR_CALL),
        "bench-key",
    )
    .json();
    assert_eq!(hour["data"]["duration_seconds"], 3662.5);
}

#[test]
fn a_hundred_million_calls_start_and_serve_their_last_page() {
    let server = sandbox(&["--conversations", "100000000"]);
    assert_eq!(server.banner[2], "Conversations: 100000000");
    let page = get(
        &server,
        "/v1/conversations?limit=100&offset=99999900",
        "sandbox",
    );
    assert_eq!(page.status, 200);
    let page = page.json();
    assert_eq!(page["total"], 100_000_000);
    let items = page["data"].as_array().expect("data");
    assert_eq!(items.len(), 100);
    let id = items[42]["conversation_id"].as_str().expect("an id");
    let call = get(&server, &format!("/v1/conversations/{id}"), "sandbox");
    assert_eq!(call.status, 200);
    assert_eq!(call.json()["data"]["conversation_id"], id);
}

#[test]
fn faults_switched_on_from_the_command_line_happen() {
    let timed = formant_sandbox::known::TIMED_CALL;
    let server = sandbox(&[
        "--fault",
        "rate-limit=7,times=2,path=/v1/conversations",
        "--fault",
        "cut-body,path=/recording",
        "--fault",
        &format!("status=503,path={timed}"),
        "--fault",
        "latency=20ms",
    ]);
    for fault in [
        "Fault: rate-limit=7,times=2,path=/v1/conversations",
        "Fault: cut-body,path=/recording",
        "Fault: latency=20ms",
    ] {
        assert!(
            server.banner.iter().any(|line| line == fault),
            "{fault}: {:?}",
            server.banner
        );
    }

    // Rate limited twice, with the Retry-After asked for, then served.
    for _ in 0..2 {
        let answer = get(&server, "/v1/conversations", "sandbox");
        assert_eq!(answer.status, 429);
        assert_eq!(answer.header("retry-after"), Some("7"));
        assert_eq!(answer.json()["error"]["type"], "rate_limited");
    }
    let answer = get(&server, "/v1/conversations?limit=2", "sandbox");
    assert_eq!(
        answer.status, 200,
        "the rate limit was used up; latency only delays"
    );
    assert_eq!(answer.json()["data"].as_array().map(Vec::len), Some(2));

    // Every recording stops halfway through what its Content-Length promises.
    let recording = format!(
        "/v1/conversations/{}/recording",
        formant_sandbox::known::ROLE_MESSAGE_CALL
    );
    for _ in 0..2 {
        let answer = get(&server, &recording, "sandbox");
        assert_eq!(answer.status, 200);
        let promised: usize = answer
            .header("content-length")
            .and_then(|length| length.parse().ok())
            .expect("a Content-Length");
        assert!(promised > 100_000, "{promised}");
        assert!(
            answer.body.len() < promised,
            "{} of {promised} bytes",
            answer.body.len()
        );
    }

    // Only the timed call fails with 503, every time.
    for _ in 0..2 {
        let answer = get(&server, &format!("/v1/conversations/{timed}"), "sandbox");
        assert_eq!(answer.status, 503);
        assert_eq!(answer.json()["error"]["type"], "server_error");
    }
}

#[test]
fn the_control_api_switches_faults_on_and_off_while_it_runs() {
    let server = sandbox(&["--control-api"]);
    assert!(server
        .banner
        .iter()
        .any(|line| line.starts_with("Control API:")));
    let faults = "/_sandbox/faults";
    let push = request(
        &server.address,
        "POST",
        faults,
        "",
        r#"{"fault": "html-error,times=1"}"#,
    );
    assert_eq!(push.status, 204);
    let answer = get(&server, "/v1/conversations", "sandbox");
    assert_eq!(answer.status, 502);
    assert_eq!(answer.header("content-type"), Some("text/html"));
    let push = request(
        &server.address,
        "POST",
        faults,
        "",
        r#"{"fault": "malformed-json"}"#,
    );
    assert_eq!(push.status, 204);
    assert!(serde_json::from_slice::<Value>(&get(&server, "/v1", "sandbox").body).is_err());
    let bad = request(
        &server.address,
        "POST",
        faults,
        "",
        r#"{"fault": "explode"}"#,
    );
    assert_eq!(bad.status, 400);
    assert!(bad.json()["error"]["message"]
        .as_str()
        .is_some_and(|message| message.starts_with("unknown fault \"explode\"")));
    assert_eq!(
        request(&server.address, "DELETE", faults, "", "").status,
        204
    );
    assert_eq!(get(&server, "/v1/conversations", "sandbox").status, 200);
}

#[test]
fn a_bad_fault_is_refused_with_the_reason_before_anything_starts() {
    for (fault, reason) in [
        (
            "explode",
            "invalid value 'explode' for '--fault <FAULT>': unknown fault \"explode\": use one of \
             latency, rate-limit, status, cut-body, malformed-json, html-error, not-wav",
        ),
        (
            "latency=300",
            "latency=300: expected a duration such as 300ms or 2s",
        ),
        (
            "status=302",
            "status=302: expected an HTTP status from 400 to 599",
        ),
        (
            "cut-body,times=0",
            "times=0: expected a whole number from 1",
        ),
        ("not-wav,sometimes", "unknown fault option \"sometimes\""),
    ] {
        Formant::cargo_bin("formant")
            .expect("binary")
            .args(["sandbox", "--fault", fault])
            .timeout(Duration::from_secs(30))
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(reason));
    }
}

#[test]
fn help_shows_each_command_only_the_options_it_uses() {
    let help = |args: &[&str]| {
        let output = Formant::cargo_bin("formant")
            .expect("binary")
            .args(args)
            .arg("--help")
            .output()
            .expect("runs");
        assert!(output.status.success(), "{args:?}");
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    let sandbox = help(&["sandbox"]);
    for text in [
        "--fault <FAULT>",
        "latency=DURATION",
        "rate-limit[=SECS]",
        "status=CODE",
        "cut-body",
        "malformed-json",
        "html-error",
        "not-wav",
        "times=N",
        "every=N",
        "path=TEXT",
        "--control-api",
    ] {
        assert!(sandbox.contains(text), "{text} in {sandbox}");
    }
    for args in [&["sandbox"][..], &["peaks"]] {
        let text = help(args);
        assert!(
            !text.contains("--region") && !text.contains("--base-url"),
            "{args:?}: {text}"
        );
    }
    for args in [
        &["conversations", "list"][..],
        &["conversations", "get"],
        &["recording", "download"],
        &["transcript", "export"],
    ] {
        let text = help(args);
        assert!(
            text.contains("--region") && text.contains("--base-url"),
            "{args:?}: {text}"
        );
        assert!(text.contains("FORMANT_REGION") && text.contains("FORMANT_BASE_URL"));
    }
    for args in [
        &["sandbox", "--region", "in"][..],
        &["sandbox", "--base-url", "http://127.0.0.1:1"],
        &["peaks", "a.wav", "-o", "b.json", "--region", "in"],
    ] {
        Formant::cargo_bin("formant")
            .expect("binary")
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("unexpected argument '--"));
    }
}
