//! `formant search` and `formant triage` over a library filled through formant-library.

use assert_cmd::Command;
use formant_core::Region;
use formant_library::{AccountKey, Store};
use serde_json::{json, Value};

fn list_item(record: &Value) -> Value {
    let mut item = record.clone();
    if let Value::Object(map) = &mut item {
        map.shift_remove("transcript");
        map.shift_remove("results");
    }
    item
}

/// A library of the sandbox's sample account (as the India account) plus one hostile call.
fn library() -> (tempfile::TempDir, Vec<Value>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in(dir.path()).expect("store");
    let account = store
        .account(
            &AccountKey::Saved {
                account_id: "acct-in".into(),
            },
            "Collections",
            &Region::India,
        )
        .expect("account");
    let mut records = formant_sandbox::conversations().to_vec();
    records.push(json!({
        "conversation_id": "hostile-1", "status": "failed", "agent_id": 9,
        "start_timestamp": 1_773_000_000,
        "failure_reason": "\u{1b}]0;pwned\u{7}carrier said no",
        "transcript": [{"speaker": "agent", "text": "zebracrossing \u{1b}[2J now"}]
    }));
    let items: Vec<Value> = records.iter().map(list_item).collect();
    for page in items.chunks(100) {
        store.apply_list_page(account, page).expect("page");
    }
    let batch: Vec<(&str, &Value)> = records
        .iter()
        .map(|r| (r["conversation_id"].as_str().expect("id"), r))
        .collect();
    store.apply_details_batch(account, &batch).expect("details");
    (dir, records)
}

fn formant(dir: &tempfile::TempDir) -> Command {
    let mut cmd = Command::cargo_bin("formant").expect("binary");
    cmd.env_remove("FORMANT_DATA_DIR")
        .env("FORMANT_DATA_DIR", dir.path());
    cmd
}

fn json_of(out: &[u8]) -> Value {
    serde_json::from_slice(out).expect("JSON")
}

/// Runs `formant ARGS` over the library in `dir`, which must succeed, and reads its JSON.
fn json_output(dir: &tempfile::TempDir, args: &[&str]) -> Value {
    let out = formant(dir).args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_of(&out.stdout)
}

#[test]
fn search_json_has_the_documented_shape() {
    let (dir, records) = library();
    let v = json_output(&dir, &["search", "नमस्ते", "--json", "--limit", "3"]);
    let expected = records
        .iter()
        .filter(|r| r.to_string().contains("नमस्ते"))
        .count() as u64;
    assert!(expected > 0);
    assert_eq!(v["total"], expected);
    let results = v["results"].as_array().expect("results");
    assert_eq!(results.len(), 3.min(expected as usize));
    for hit in results {
        for key in [
            "conversation_id",
            "account",
            "region",
            "start_timestamp",
            "status",
            "snippet",
            "turn_index",
        ] {
            assert!(hit.get(key).is_some(), "{key} in {hit}");
        }
        assert_eq!(hit["account"], "Collections");
        assert_eq!(hit["region"], "in");
        assert!(hit["snippet"].as_str().expect("text").contains("नमस्ते"));
        let [start, end] = &hit["highlights"][0].as_array().expect("range")[..] else {
            panic!("a range");
        };
        let chars: Vec<char> = hit["snippet"].as_str().expect("text").chars().collect();
        let marked: String = chars
            [start.as_u64().expect("n") as usize..end.as_u64().expect("n") as usize]
            .iter()
            .collect();
        assert_eq!(marked, "नमस्ते");
        assert!(hit["turn_index"].is_u64());
    }
}

#[test]
fn search_takes_filters_and_the_data_dir_after_or_before_the_query() {
    let (dir, records) = library();
    let failed_hello = records
        .iter()
        .filter(|r| r["status"] == "failed")
        .filter(|r| r["transcript"].to_string().to_lowercase().contains("hello"))
        .count();
    let data_dir = dir.path().to_str().expect("utf-8 path");
    for argv in [
        vec![
            "search",
            "hello",
            "--status",
            "failed",
            "--json",
            "--data-dir",
            data_dir,
        ],
        vec![
            "search",
            "--data-dir",
            data_dir,
            "--status",
            "failed",
            "hello",
            "--json",
        ],
    ] {
        let out = Command::cargo_bin("formant")
            .expect("binary")
            .env_remove("FORMANT_DATA_DIR")
            .args(&argv)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v = json_of(&out.stdout);
        assert_eq!(v["total"], failed_hello as u64, "{argv:?}");
        assert!(v["results"]
            .as_array()
            .expect("results")
            .iter()
            .all(|h| h["status"] == "failed"));
    }
    // --data-dir belongs to the library commands only.
    Command::cargo_bin("formant")
        .expect("binary")
        .args(["sandbox", "--data-dir", data_dir])
        .assert()
        .failure()
        .code(2);
}

#[test]
fn readable_search_shows_the_match_and_escapes_control_characters() {
    let (dir, _) = library();
    let out = formant(&dir)
        .args(["search", "zebracrossing"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.starts_with("1 call matches"), "{text}");
    assert!(text.contains("[zebracrossing]"), "{text}");
    assert!(text.contains("Collections [in]"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(text.contains("\\u{1b}[2J"), "{text}");
}

#[test]
fn triage_json_counts_match_the_records() {
    let (dir, records) = library();
    let v = json_output(&dir, &["triage", "--by", "status", "--json"]);
    assert_eq!(v["by"], "status");
    assert_eq!(v["total"], records.len() as u64);
    let groups = v["groups"].as_array().expect("groups");
    for group in groups {
        let key = group["key"].as_str().expect("a status");
        let count = records.iter().filter(|r| r["status"] == key).count() as u64;
        assert_eq!(group["count"], count, "{key}");
        let share = group["share"].as_f64().expect("share");
        assert!((share - count as f64 / records.len() as f64).abs() < 1e-9);
    }
    assert_eq!(
        groups
            .iter()
            .map(|g| g["count"].as_u64().expect("n"))
            .sum::<u64>(),
        records.len() as u64
    );
    // Dates narrow it: one day of calls.
    let out = formant(&dir)
        .args([
            "triage",
            "--by",
            "day",
            "--from",
            "2026-03-18",
            "--to",
            "2026-03-18",
            "--json",
        ])
        .output()
        .expect("runs");
    let v = json_of(&out.stdout);
    let groups = v["groups"].as_array().expect("groups");
    assert!(groups.len() <= 1, "{v}");
    if let Some(g) = groups.first() {
        assert_eq!(g["key"], "2026-03-18");
        assert_eq!(g["share"], 1.0);
    }
}

#[test]
fn readable_triage_is_a_table_and_bad_input_is_refused() {
    let (dir, _) = library();
    let out = formant(&dir)
        .args(["triage", "--by", "reason"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.starts_with("REASON"), "{text}");
    assert!(text.contains("(none)"), "{text}");
    assert!(
        text.contains("\\u{1b}]0;pwned\\u{7}carrier said no"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'));
    formant(&dir)
        .args(["triage", "--from", "yesterday"])
        .assert()
        .failure()
        .code(2)
        .stderr(predicates::str::contains("is not a date"));
}

#[test]
fn a_damaged_library_says_so_and_exits_12() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("library.sqlite3"),
        b"not a database at all".repeat(200),
    )
    .expect("write");
    let out = formant(&dir).args(["triage"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(12));
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert!(
        stderr.contains("damaged") && stderr.contains("rebuilt"),
        "{stderr}"
    );
}

#[test]
fn triage_latency_per_agent_is_over_the_stored_figures() {
    let (dir, records) = library();
    let store = Store::open_in(dir.path()).expect("store");
    let account = store
        .find_account(&AccountKey::Saved {
            account_id: "acct-in".into(),
        })
        .expect("lookup")
        .expect("account");
    // Two analysed calls of one agent: p90s of 1 s and 3 s.
    let agent = records[0]["agent_id"].as_i64().expect("agent");
    let of_agent: Vec<&str> = records
        .iter()
        .filter(|r| r["agent_id"].as_i64() == Some(agent))
        .filter_map(|r| r["conversation_id"].as_str())
        .take(2)
        .collect();
    for (id, p90) in of_agent.iter().zip([1.0, 3.0]) {
        let figures = formant_library::CallFigures {
            latency_p50_s: Some(p90 / 2.0),
            latency_p90_s: Some(p90),
            latency_max_s: Some(p90),
            handoffs: 2,
            interruptions: 0,
            dead_air_s: 0.0,
            agent_talk_share: None,
            time_to_first_word_s: None,
            agent_channel: None,
            agent_channel_set: false,
            analysis_version: 1,
            analysed_ms: 0,
        };
        assert!(store.put_figures(account, id, &figures).expect("put"));
    }
    drop(store);
    let v = json_output(&dir, &["triage", "--by", "agent", "--latency", "--json"]);
    assert_eq!(
        v,
        json!({"by": "agent", "calls": 2, "groups": [
            {"key": agent.to_string(), "calls": 2, "p50_s": 1.0, "p90_s": 2.8}
        ]})
    );
    let out = formant(&dir)
        .args(["triage", "--by", "agent", "--latency"])
        .output()
        .expect("runs");
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.starts_with("AGENT"), "{table}");
    assert!(table.contains("2.80s"), "{table}");
}
