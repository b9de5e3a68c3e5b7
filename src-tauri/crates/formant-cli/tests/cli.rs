//! The `formant` binary against a real sandbox server running in this test process.

use assert_cmd::Command;
use formant_core::export::{default_file_name, export, ExportFormat};
use formant_core::Conversation;
use formant_sandbox::{known, Sandbox, SandboxOptions, TOTAL_CONVERSATIONS};
use predicates::prelude::*;
use serde_json::Value;

/// A sandbox served by its own runtime's worker threads while the test blocks on the CLI.
struct Server {
    sandbox: Sandbox,
    _runtime: tokio::runtime::Runtime,
}

impl Server {
    fn start() -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let sandbox = runtime
            .block_on(Sandbox::start(SandboxOptions::default()))
            .expect("sandbox");
        Self {
            sandbox,
            _runtime: runtime,
        }
    }

    /// `formant` pointed at this sandbox with its key; the caller's environment cannot leak in.
    fn formant(&self) -> Command {
        let mut cmd = Command::cargo_bin("formant").expect("binary");
        cmd.env_remove("FORMANT_REGION")
            .env("FORMANT_API_KEY", self.sandbox.api_key())
            .env("FORMANT_BASE_URL", self.sandbox.base_url());
        cmd
    }
}

/// The record as the sandbox serves it, read the way the client reads it.
fn record(id: &str) -> (Value, Conversation) {
    let raw = formant_sandbox::conversations()
        .iter()
        .find(|c| c["conversation_id"] == id)
        .expect("known call")
        .clone();
    let conversation = Conversation::from_json(raw.clone()).expect("conversation");
    (raw, conversation)
}

fn one_line(stderr: &[u8]) -> String {
    let text = String::from_utf8(stderr.to_vec()).expect("utf-8");
    assert_eq!(text.lines().count(), 1, "exactly one line: {text:?}");
    text.trim_end().to_owned()
}

#[test]
fn lists_a_page_as_a_table() {
    let server = Server::start();
    let out = server
        .formant()
        .args(["conversations", "list", "--limit", "5", "--offset", "2"])
        .assert()
        .success()
        .stderr(format!(
            "conversations 3-7 of {TOTAL_CONVERSATIONS}; next page: --offset 7\n"
        ))
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6);
    assert!(lines[0].starts_with("START (UTC)"));
    assert!(lines[0].contains("DURATION"));
    assert!(lines[1..].iter().all(|l| l.len() > 40));
}

#[test]
fn an_offset_past_the_end_says_there_is_nothing_there() {
    let server = Server::start();
    let offset = (TOTAL_CONVERSATIONS + 10).to_string();
    server
        .formant()
        .args(["conversations", "list", "--offset", &offset])
        .assert()
        .success()
        .stderr(format!(
            "no conversations at offset {offset} of {TOTAL_CONVERSATIONS}\n"
        ));
}

#[test]
fn lists_pages_as_json_as_the_api_sent_them() {
    let server = Server::start();
    let out = server
        .formant()
        .args(["conversations", "list", "--limit", "3", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let page: Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(page["total"], TOTAL_CONVERSATIONS);
    assert_eq!(page["has_more"], true);
    let data = page["data"].as_array().expect("data");
    assert_eq!(data.len(), 3);
    assert!(data.iter().all(|c| c.get("transcript").is_none()));

    let out = server
        .formant()
        .args(["conversations", "list", "--all", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let all: Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(
        all["data"].as_array().map(Vec::len),
        Some(TOTAL_CONVERSATIONS)
    );
    assert_eq!(all["has_more"], false);

    server
        .formant()
        .args(["conversations", "list", "--limit", "500"])
        .assert()
        .code(9)
        .stderr(predicate::str::starts_with(
            "formant: invalid input: limit must be between 1 and 100",
        ));
}

#[test]
fn gets_a_conversation_readably_and_as_raw_json() {
    let server = Server::start();
    let (raw, conversation) = record(known::TIMED_CALL);
    let out = server
        .formant()
        .args(["conversations", "get", known::TIMED_CALL])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.starts_with(&format!("Conversation {}\n", known::TIMED_CALL)));
    assert!(text.contains("\nTranscript\n"));
    assert!(text.contains(&conversation.turns()[0].text));

    let out = server
        .formant()
        .args(["conversations", "get", known::TIMED_CALL, "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(json, raw, "the record exactly as the API sent it");
}

#[test]
fn downloads_a_recording() {
    let server = Server::start();
    let dir = tempfile::tempdir().expect("dir");
    let dest = dir.path().join("call.wav");
    server
        .formant()
        .args(["recording", "download", known::TIMED_CALL, "-o"])
        .arg(&dest)
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::starts_with("saved "));
    let bytes = std::fs::read(&dest).expect("saved");
    assert_eq!(&bytes[..4], b"RIFF");
    let declared = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]);
    assert_eq!(declared as usize + 8, bytes.len(), "complete WAV");

    let missing = dir.path().join("none.wav");
    let assert = server
        .formant()
        .args(["recording", "download", known::NO_RECORDING_CALL, "-o"])
        .arg(&missing)
        .assert()
        .code(4);
    assert!(one_line(&assert.get_output().stderr).contains("has no recording available"));
    assert!(!missing.exists());
}

#[test]
fn exports_every_format_to_a_file_and_to_stdout() {
    let server = Server::start();
    let dir = tempfile::tempdir().expect("dir");
    let (_, conversation) = record(known::TIMED_CALL);
    for format in ExportFormat::ALL {
        let expected = export(&conversation, format).expect("exportable");
        let path = dir.path().join(format!("out.{}", format.extension()));
        server
            .formant()
            .args([
                "transcript",
                "export",
                known::TIMED_CALL,
                "--format",
                format.extension(),
                "-o",
            ])
            .arg(&path)
            .assert()
            .success()
            .stdout("");
        assert_eq!(
            std::fs::read_to_string(&path).expect("written"),
            expected,
            "{format:?}"
        );
        server
            .formant()
            .args([
                "transcript",
                "export",
                known::TIMED_CALL,
                "-f",
                format.extension(),
                "-o",
                "-",
            ])
            .assert()
            .success()
            .stdout(expected);
    }
    // Without -o: the default name, in the current folder.
    let here = tempfile::tempdir().expect("dir");
    server
        .formant()
        .current_dir(here.path())
        .args(["transcript", "export", known::TIMED_CALL, "--format", "md"])
        .assert()
        .success();
    let name = default_file_name(&conversation, ExportFormat::Markdown);
    assert!(here.path().join(&name).is_file(), "{name}");
    assert_eq!(std::fs::read_dir(here.path()).expect("ls").count(), 1);
}

#[test]
fn an_impossible_export_fails_and_keeps_the_old_file() {
    let server = Server::start();
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("subs.srt");
    std::fs::write(&path, "previous").expect("seed");
    // This call's transcript has roles and messages but no times: no subtitles possible.
    let assert = server
        .formant()
        .args([
            "transcript",
            "export",
            known::ROLE_MESSAGE_CALL,
            "--format",
            "srt",
            "-o",
        ])
        .arg(&path)
        .assert()
        .code(10);
    assert!(
        one_line(&assert.get_output().stderr).starts_with("formant: cannot export this transcript")
    );
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), "previous");
    assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 1);
}

#[test]
fn a_wrong_or_missing_key_fails_in_one_line_without_printing_it() {
    let server = Server::start();
    let assert = server
        .formant()
        .env("FORMANT_API_KEY", "sk_wrong_0123456789")
        .args(["conversations", "list"])
        .assert()
        .code(3)
        .stdout("");
    let line = one_line(&assert.get_output().stderr);
    assert_eq!(
        line,
        "formant: the API key was rejected (401): Invalid API key"
    );

    let assert = server
        .formant()
        .env_remove("FORMANT_API_KEY")
        .args(["conversations", "list"])
        .assert()
        .code(3);
    assert!(one_line(&assert.get_output().stderr).contains("set FORMANT_API_KEY"));
    assert_eq!(
        server.sandbox.request_count(),
        1,
        "no request without a key"
    );
}

#[test]
fn an_unknown_id_fails_with_not_found() {
    let server = Server::start();
    let assert = server
        .formant()
        .args(["conversations", "get", "../no-such-call"])
        .assert()
        .code(4);
    assert_eq!(
        one_line(&assert.get_output().stderr),
        "formant: conversation \"../no-such-call\" was not found: Conversation not found"
    );
}

#[test]
fn api_options_work_before_and_after_the_subcommand() {
    let server = Server::start();
    let url = server.sandbox.base_url();
    for args in [
        vec![
            "conversations",
            "--region",
            "in",
            "--base-url",
            &url,
            "list",
            "--limit",
            "1",
        ],
        vec![
            "conversations",
            "list",
            "--limit",
            "1",
            "--region",
            "in",
            "--base-url",
            &url,
        ],
        vec![
            "conversations",
            "--base-url",
            &url,
            "list",
            "--region",
            "global",
            "--limit",
            "1",
        ],
    ] {
        server
            .formant()
            .env_remove("FORMANT_BASE_URL")
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::str::starts_with("START (UTC)"));
    }
    for args in [
        vec!["conversations", "--region", "eu", "list"],
        vec!["conversations", "list", "--region", "eu"],
    ] {
        server
            .formant()
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("unknown region \"eu\""));
    }
}

#[test]
fn the_environment_still_chooses_the_api_of_api_commands() {
    let server = Server::start();
    // FORMANT_BASE_URL (set by `formant()`) wins over FORMANT_REGION, as --base-url does.
    server
        .formant()
        .env("FORMANT_REGION", "in")
        .args(["conversations", "list", "--limit", "1"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("START (UTC)"));
    // FORMANT_REGION is read and checked by every command that calls the API.
    for args in [
        &["conversations", "list"][..],
        &["conversations", "get", known::TIMED_CALL],
        &[
            "recording",
            "download",
            known::TIMED_CALL,
            "-o",
            "never.wav",
        ],
        &["transcript", "export", known::TIMED_CALL, "--format", "txt"],
    ] {
        server
            .formant()
            .env_remove("FORMANT_BASE_URL")
            .env("FORMANT_REGION", "eu")
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("unknown region \"eu\""));
    }
}

#[test]
fn api_options_are_not_options_of_formant_itself() {
    Command::cargo_bin("formant")
        .expect("binary")
        .args(["--region", "in", "conversations", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unexpected argument '--region'"));
}

#[test]
fn a_dead_server_is_a_network_error() {
    let server = Server::start();
    let url = server.sandbox.base_url();
    drop(server);
    let mut cmd = Command::cargo_bin("formant").expect("binary");
    let assert = cmd
        .env("FORMANT_API_KEY", "k")
        .env("FORMANT_BASE_URL", &url)
        .args(["conversations", "list"])
        .assert()
        .code(6);
    assert!(one_line(&assert.get_output().stderr).starts_with("formant: could not reach the API"));
}

#[test]
fn verbose_logs_every_request_with_its_status_on_stderr_and_never_the_key() {
    let server = Server::start();
    let dir = tempfile::tempdir().expect("dir");
    let dest = dir.path().join("call.wav");
    let assert = server
        .formant()
        .env_remove("RUST_LOG")
        .args(["-v", "recording", "download", known::TIMED_CALL, "-o"])
        .arg(&dest)
        .assert()
        .success()
        .stdout("");
    let log = String::from_utf8(assert.get_output().stderr.clone()).expect("utf-8");
    let request = log
        .lines()
        .find(|l| l.contains("api request"))
        .unwrap_or_else(|| panic!("a request line: {log}"));
    for part in ["method=\"GET\"", "recording", "status=200", "ms="] {
        assert!(request.contains(part), "{part} in {request}");
    }
    assert!(
        !log.contains(server.sandbox.api_key()),
        "the key leaked: {log}"
    );

    // Without -v (and without RUST_LOG) the same command logs nothing.
    let quiet = server
        .formant()
        .env_remove("RUST_LOG")
        .args(["conversations", "list", "--limit", "1"])
        .assert()
        .success();
    let stderr = String::from_utf8(quiet.get_output().stderr.clone()).expect("utf-8");
    assert!(!stderr.contains("api request"), "{stderr}");
}
