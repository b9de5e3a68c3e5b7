//! `formant export` end to end: a library filled with the sandbox's calls (through
//! formant-library, as a sync stores them), exported by the real binary to a zip and a folder,
//! read back; and Ctrl-C in the middle leaving nothing behind.

#[path = "../../formant-export/tests/common/mod.rs"]
mod export_common;

use std::fs;
use std::io::Read;
use std::path::Path;

use assert_cmd::Command;
use export_common::{cell, read_csv, zip_entries};
use formant_core::Region;
use formant_library::{AccountKey, Store};
use serde_json::Value;

/// A library in `dir` holding `copies` of each sandbox call (copies after the first get their
/// own ids), as details when `copies` is 1, as list pages otherwise (faster to store).
fn library_with_sandbox_calls(dir: &Path, copies: usize) -> Vec<Value> {
    let store = Store::open_in(dir).expect("store");
    let account = store
        .account(
            &AccountKey::Environment {
                base_url: "http://127.0.0.1:9".into(),
                name: "sandbox".into(),
            },
            "Sandbox",
            &Region::Custom("http://127.0.0.1:9".into()),
        )
        .expect("account");
    let mut calls = Vec::new();
    for copy in 0..copies {
        for call in formant_sandbox::conversations() {
            let mut call = call.clone();
            if copy > 0 {
                let id = format!(
                    "{}-copy{copy}",
                    call["conversation_id"].as_str().expect("id")
                );
                call["conversation_id"] = Value::String(id);
            }
            calls.push(call);
        }
    }
    if copies == 1 {
        for call in &calls {
            let id = call["conversation_id"].as_str().expect("id");
            store.apply_details(account, id, call).expect("details");
        }
    } else {
        for page in calls.chunks(100) {
            store.apply_list_page(account, page).expect("page");
        }
    }
    calls
}

/// `formant export --data-dir DIR`, to which a test adds the rest.
fn formant_export(data_dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("formant").expect("binary");
    cmd.env_remove("FORMANT_DATA_DIR")
        .arg("export")
        .arg("--data-dir")
        .arg(data_dir);
    cmd
}

#[test]
fn failed_calls_export_to_a_zip_that_reads_back() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let calls = library_with_sandbox_calls(&data, 1);
    let failed: Vec<&Value> = calls.iter().filter(|c| c["status"] == "failed").collect();
    assert!(!failed.is_empty(), "the sandbox has failed calls");

    let out = dir.path().join("failed.zip");
    let assert = formant_export(&data)
        .args(["--status", "failed", "--format", "md", "-o"])
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains(&format!("exported {} calls to", failed.len())),
        "{stderr}"
    );

    let entries = zip_entries(&out);
    let transcripts = entries
        .iter()
        .filter(|(n, _)| n.starts_with("transcripts/"))
        .count();
    assert_eq!(transcripts, failed.len());
    let jsonl = &entries
        .iter()
        .find(|(n, _)| n == "calls.jsonl")
        .expect("jsonl")
        .1;
    let lines: Vec<Value> = String::from_utf8(jsonl.clone())
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let mut got_ids: Vec<&str> = lines
        .iter()
        .map(|v| v["conversation_id"].as_str().expect("id"))
        .collect();
    let mut want_ids: Vec<&str> = failed
        .iter()
        .map(|v| v["conversation_id"].as_str().expect("id"))
        .collect();
    got_ids.sort_unstable();
    want_ids.sort_unstable();
    assert_eq!(got_ids, want_ids);
    for line in &lines {
        let sent = failed
            .iter()
            .find(|c| c["conversation_id"] == line["conversation_id"])
            .expect("sent");
        assert_eq!(line, *sent, "the JSON as the API sent it");
    }
    let csv = &entries
        .iter()
        .find(|(n, _)| n == "calls.csv")
        .expect("csv")
        .1;
    let (header, rows) = read_csv(csv);
    assert_eq!(rows.len(), failed.len());
    for row in &rows {
        assert_eq!(cell(&header, row, "status"), "failed");
        assert_eq!(cell(&header, row, "account"), "Sandbox");
        assert_eq!(cell(&header, row, "region"), "http://127.0.0.1:9");
    }
}

#[test]
fn a_search_exports_to_a_folder_and_a_bad_target_is_refused_in_words() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let calls = library_with_sandbox_calls(&data, 1);
    let out = dir.path().join("deliveries");
    formant_export(&data)
        .args(["--query", "delivery", "--format", "txt", "-o"])
        .arg(&out)
        .assert()
        .success();
    let jsonl = fs::read_to_string(out.join("calls.jsonl")).expect("jsonl");
    let found = jsonl.lines().count();
    assert!(
        found > 0 && found < calls.len(),
        "{found} of {}",
        calls.len()
    );
    for line in jsonl.lines() {
        assert!(line.to_lowercase().contains("delivery"), "{line}");
    }
    assert_eq!(
        fs::read_dir(out.join("transcripts")).expect("ls").count(),
        found
    );

    // A folder of other things is not overwritten.
    let photos = dir.path().join("photos");
    fs::create_dir(&photos).expect("mkdir");
    fs::write(photos.join("a.jpg"), b"jpeg").expect("seed");
    let assert = formant_export(&data)
        .args(["--format", "txt", "-o"])
        .arg(&photos)
        .assert()
        .code(9);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("is not an earlier export"), "{stderr}");
    assert_eq!(fs::read_dir(&photos).expect("ls").count(), 1);
}

#[cfg(unix)]
#[test]
fn ctrl_c_midway_leaves_no_export_and_the_earlier_one_as_it_was() {
    use std::process::{Command as Process, Stdio};
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    library_with_sandbox_calls(&data, 8);
    let exports = dir.path().join("exports");
    fs::create_dir(&exports).expect("mkdir");
    let out = exports.join("all.zip");
    fs::write(&out, b"the earlier export").expect("seed");

    let mut child = Process::new(assert_cmd::cargo::cargo_bin("formant"))
        .env_remove("FORMANT_DATA_DIR")
        .args(["export", "--format", "json", "--data-dir"])
        .arg(&data)
        .arg("-o")
        .arg(&out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Far longer than it takes on a loaded machine: reaching it is a failure, not a timing.
    let give_up = Instant::now() + Duration::from_secs(120);
    let part_exists = || {
        fs::read_dir(&exports).expect("ls").any(|e| {
            e.expect("entry")
                .file_name()
                .to_string_lossy()
                .ends_with(".part")
        })
    };
    while !part_exists() {
        assert!(
            child.try_wait().expect("wait").is_none(),
            "the export ended before it could be interrupted"
        );
        assert!(Instant::now() < give_up, "no temp zip appeared");
        std::thread::sleep(Duration::from_millis(2));
    }
    let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).expect("pid"));
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT).expect("SIGINT");
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < give_up, "formant did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_string(&mut stderr);
    }
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert_eq!(fs::read(&out).expect("kept"), b"the earlier export");
    let names: Vec<String> = fs::read_dir(&exports)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["all.zip"], "no temp file left");
}
