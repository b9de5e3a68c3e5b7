//! `formant` against a hostile server on 127.0.0.1 (the API client's, see
//! `formant-api/tests/support/hostile.rs`): each bad answer ends with its exit code and one
//! clear line on stderr, server text cannot drive the terminal, and no file is changed.

#[path = "../../formant-api/tests/support/hostile.rs"]
mod hostile;

use assert_cmd::Command;
use hostile::HostileServer;
use serde_json::Value;

/// `formant` pointed at one case of the server, quick to give up (no retries, 0.5 s timeout)
/// unless a test says otherwise; the caller's environment cannot leak in.
fn formant(server: &HostileServer, case: &str) -> Command {
    let mut cmd = Command::cargo_bin("formant").expect("binary");
    cmd.env_remove("FORMANT_REGION")
        .env("FORMANT_API_KEY", "sk_test_hostile")
        .env("FORMANT_BASE_URL", server.base_url(case))
        .env("FORMANT_RETRIES", "0")
        .env("FORMANT_TIMEOUT", "0.5");
    cmd
}

struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Outcome {
    let out = cmd.output().expect("runs");
    Outcome {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

/// No character that acts on a terminal reached it.
fn assert_terminal_safe(text: &str) {
    for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
        assert!(!text.contains(c), "{c:?} reached the terminal: {text:?}");
    }
}

#[test]
fn every_bad_answer_has_its_exit_code_and_one_clear_line() {
    let server = HostileServer::start();
    for (case, code, message) in [
        ("status-401", 3, "formant: the API key was rejected (401): hostile 401"),
        ("status-403", 3, "formant: the API key was rejected (403): hostile 403"),
        ("status-404", 4, "formant: conversation \"call_1\" was not found: hostile 404"),
        ("ratelimit-huge", 5, "formant: the API is rate limiting requests; try again in 99999999999 s"),
        ("ratelimit-secs", 5, "formant: the API is rate limiting requests; try again in 7 s"),
        ("status-500", 7, "formant: the API answered 500: hostile 500"),
        ("status-503", 7, "formant: the API answered 503: hostile 503"),
        ("html-502", 7, "formant: the API answered 502: unexpected body: <html>"),
        ("html-200", 7, "formant: the API sent a response that could not be read (not JSON"),
        ("mid-json", 7, "formant: the API sent a response that could not be read (the answer was cut off in the middle of its JSON"),
        ("wrong-shape", 7, "formant: the API sent a response that could not be read (expected a JSON object"),
        ("cut-length", 6, "formant: the API's answer was cut off after "),
        ("cut-chunked", 6, "formant: the API's answer was cut off after "),
        ("silent", 6, "formant: the API did not answer in time"),
        ("trickle-1000", 6, "formant: the API did not answer in time"),
        ("redirect-loop", 6, "formant: could not reach the API: error following redirect"),
        ("huge-json-length", 7, "formant: the API's answer was larger than 32 MiB"),
        ("huge-error", 7, "formant: the API answered 500: unexpected body: [xxx"),
    ] {
        let out = run(formant(&server, case).args(["conversations", "get", "call_1"]));
        assert_eq!(out.code, Some(code), "{case}: {}", out.stderr);
        assert!(out.stderr.starts_with(message), "{case}: {:?}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{case}: {:?}", out.stderr);
        assert!(out.stderr.len() < 500, "{case}: {} bytes", out.stderr.len());
        assert!(out.stdout.is_empty(), "{case}");
    }
}

#[test]
fn server_text_is_shown_escaped_but_json_stays_lossless() {
    let server = HostileServer::start();
    let table = run(formant(&server, "hostile-data").args(["conversations", "list"]));
    assert_eq!(table.code, Some(0), "{}", table.stderr);
    assert_terminal_safe(&table.stdout);
    assert!(
        table.stdout.contains(r"\u{1b}]0;title\u{7}+1 555 0100"),
        "{}",
        table.stdout
    );
    assert!(table.stdout.contains(r"\u{1b}[2Jdone"), "{}", table.stdout);
    assert_eq!(
        table.stdout.lines().count(),
        2,
        "header and one row: {}",
        table.stdout
    );
    assert_eq!(
        table.stderr, "1 conversation(s)\n",
        "total 1e300 is no count"
    );

    let readable = run(formant(&server, "hostile-data").args(["conversations", "get", "evil_1"]));
    assert_eq!(readable.code, Some(0), "{}", readable.stderr);
    assert_terminal_safe(&readable.stdout);
    assert!(
        readable
            .stdout
            .contains(r"hi \u{1b}]0;title\u{7} there \u{1b}[2J \u{202e}reversed\u{9b}"),
        "{}",
        readable.stdout
    );
    assert!(
        readable.stdout.contains(r"\u{202e}evil.exe"),
        "{}",
        readable.stdout
    );

    let json =
        run(formant(&server, "hostile-data").args(["conversations", "get", "evil_1", "--json"]));
    assert_eq!(json.code, Some(0));
    let value: Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(
        value["contact_number"], "\u{1b}]0;title\u{7}+1 555 0100",
        "lossless"
    );
    assert_eq!(value["end_timestamp"], serde_json::json!(1e300));
    assert_eq!(value["start_timestamp"], "0001-01-01T00:00:00Z");

    let error = run(formant(&server, "hostile-error").args(["conversations", "list"]));
    assert_eq!(error.code, Some(3));
    assert_terminal_safe(&error.stderr);
    assert_eq!(
        error.stderr,
        "formant: the API key was rejected (401): \\u{1b}]0;pwned\\u{7}key \\u{1b}[2Jrejected \\u{202e}yek\n"
    );
}

#[test]
fn paging_stops_with_a_warning_and_offsets_cannot_overflow() {
    let server = HostileServer::start();
    let same = run(formant(&server, "paging-same").args(["conversations", "list", "--all"]));
    assert_eq!(same.code, Some(0), "{}", same.stderr);
    assert_eq!(
        same.stderr,
        "formant: warning: stopped paging: the API said there were more calls but sent none that were new\n2 conversation(s)\n"
    );
    assert_eq!(server.requests("paging-same"), 2);

    let total =
        run(formant(&server, "paging-total").args(["conversations", "list", "--all", "--json"]));
    assert_eq!(total.code, Some(0), "{}", total.stderr);
    assert!(
        total
            .stderr
            .starts_with("formant: warning: stopped paging: all the calls"),
        "{}",
        total.stderr
    );
    let value: Value = serde_json::from_str(&total.stdout).expect("json");
    assert_eq!(value["data"].as_array().map(Vec::len), Some(200));

    let top = run(formant(&server, "paging-endless").args([
        "conversations",
        "list",
        "--offset",
        "18446744073709551615",
        "--limit",
        "3",
    ]));
    assert_eq!(top.code, Some(0), "no overflow: {}", top.stderr);
    assert_eq!(
        top.stderr,
        "conversations 18446744073709551615-18446744073709551615; next page: --offset 18446744073709551615\n"
    );
}

#[test]
fn bad_keys_and_settings_are_refused_before_anything_is_sent() {
    let server = HostileServer::start();
    let out = run(formant(&server, "ok")
        .env("FORMANT_API_KEY", "sk_test\nX-Injected: 1")
        .args(["conversations", "list"]));
    assert_eq!(out.code, Some(9));
    assert!(
        out.stderr.starts_with(
            "formant: invalid input: the API key has characters an API key cannot have"
        ),
        "{}",
        out.stderr
    );

    // Environment values that are not UTF-8 exist only on Unix.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        let not_text = std::ffi::OsString::from_vec(vec![b's', b'k', 0xff, 0xfe]);
        let out = run(formant(&server, "ok")
            .env("FORMANT_API_KEY", not_text)
            .args(["conversations", "list"]));
        assert_eq!(out.code, Some(3));
        assert!(
            out.stderr
                .starts_with("formant: FORMANT_API_KEY is set but is not text"),
            "{}",
            out.stderr
        );
    }

    let out = run(formant(&server, "ok")
        .env("FORMANT_TIMEOUT", "soon")
        .args(["conversations", "list"]));
    assert_eq!(out.code, Some(9));
    assert!(
        out.stderr
            .starts_with("formant: FORMANT_TIMEOUT is set to a value that cannot be used"),
        "{}",
        out.stderr
    );
    assert_eq!(server.requests("ok"), 0, "nothing was sent");

    // The same client works with a good key.
    let out = run(formant(&server, "ok").args(["conversations", "list"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("good_1"));
}

#[test]
fn a_huge_id_is_shortened_in_the_message() {
    let server = HostileServer::start();
    let huge = "x".repeat(100_000);
    let out = run(formant(&server, "status-404").args(["conversations", "get", &huge]));
    assert_eq!(out.code, Some(9), "refused before sending: {}", out.stderr);
    assert!(out.stderr.len() < 300, "{} bytes", out.stderr.len());
    assert!(out.stderr.contains("(100000 characters)"), "{}", out.stderr);
    assert_eq!(server.requests("status-404"), 0);

    let long = "x".repeat(1000);
    let out = run(formant(&server, "status-404").args(["conversations", "get", &long]));
    assert_eq!(out.code, Some(4));
    assert!(out.stderr.len() < 300, "{} bytes", out.stderr.len());
    assert!(out.stderr.contains("(1000 characters)"), "{}", out.stderr);
    let out = run(formant(&server, "redirect-loop").args(["conversations", "get", &long]));
    assert_eq!(out.code, Some(6));
    assert!(
        out.stderr.len() < 300,
        "no URL with the id: {} bytes",
        out.stderr.len()
    );
}

#[test]
fn failed_downloads_and_exports_leave_files_unchanged() {
    let server = HostileServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let recording = dir.path().join("call.wav");
    let transcript = dir.path().join("call.txt");
    let good_wav = b"RIFF....WAVE the previous good recording".to_vec();
    let good_txt = b"the previous good transcript\n".to_vec();
    std::fs::write(&recording, &good_wav).expect("seed");
    std::fs::write(&transcript, &good_txt).expect("seed");
    for (case, code) in [
        ("status-401", 3),
        ("status-404", 4),
        ("ratelimit-huge", 5),
        ("cut-length", 6),
        ("cut-chunked", 6),
        ("silent", 6),
        ("redirect-loop", 6),
        ("status-500", 7),
        ("html-502", 7),
        ("huge-error", 7),
    ] {
        let out = run(formant(&server, case)
            .args(["recording", "download", "call_1", "-o"])
            .arg(&recording));
        assert_eq!(out.code, Some(code), "download {case}: {}", out.stderr);
        let out = run(formant(&server, case)
            .args(["transcript", "export", "call_1", "--format", "txt", "-o"])
            .arg(&transcript));
        assert_eq!(out.code, Some(code), "export {case}: {}", out.stderr);
        assert_eq!(std::fs::read(&recording).expect("kept"), good_wav, "{case}");
        assert_eq!(
            std::fs::read(&transcript).expect("kept"),
            good_txt,
            "{case}"
        );
    }
    for case in ["html-200", "mid-json", "wrong-shape", "huge-json-length"] {
        let out = run(formant(&server, case)
            .args(["transcript", "export", "call_1", "--format", "txt", "-o"])
            .arg(&transcript));
        assert_eq!(out.code, Some(7), "export {case}: {}", out.stderr);
        assert_eq!(
            std::fs::read(&transcript).expect("kept"),
            good_txt,
            "{case}"
        );
    }
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["call.txt", "call.wav"], "no temp files left");
}
