//! The TypeScript types in `ui/src/bindings/` are generated from the Rust types (ts-rs) and
//! committed. This test regenerates them into a temp dir and fails when the committed files
//! differ; `UPDATE_BINDINGS=1 cargo test -p formant-core --test bindings` rewrites them.
//!
//! It also checks that the generated types describe what serde really emits.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use formant_core::export::{ExportFormat, ExportOption};
use formant_core::{
    Conversation, ConversationPage, Region, Speaker, StatusCategory, StatusInfo, Turn,
};
use serde_json::{json, Value};
use ts_rs::TS;

fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../ui/src/bindings")
}

/// Every type that crosses to the UI, with the types they use.
fn export_all(dir: &Path) {
    let run = |r: Result<(), ts_rs::ExportError>, name: &str| {
        r.unwrap_or_else(|e| panic!("exporting {name}: {e}"));
    };
    run(ConversationPage::export_all_to(dir), "ConversationPage");
    run(Conversation::export_all_to(dir), "Conversation");
    run(Turn::export_all_to(dir), "Turn");
    run(Speaker::export_all_to(dir), "Speaker");
    run(StatusInfo::export_all_to(dir), "StatusInfo");
    run(StatusCategory::export_all_to(dir), "StatusCategory");
    run(Region::export_all_to(dir), "Region");
    run(ExportFormat::export_all_to(dir), "ExportFormat");
    run(ExportOption::export_all_to(dir), "ExportOption");
}

fn ts_files(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ts"))
        .map(|p| {
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .expect("utf-8 name")
                .to_owned();
            (name, fs::read_to_string(&p).expect("read binding"))
        })
        .collect()
}

#[test]
fn committed_bindings_are_up_to_date() {
    let fresh = tempfile::tempdir().expect("temp dir");
    export_all(fresh.path());
    let generated = ts_files(fresh.path());
    assert!(generated.contains_key("Conversation.ts"), "{generated:?}");

    let committed_dir = committed_dir();
    if std::env::var_os("UPDATE_BINDINGS").is_some_and(|v| v == "1") {
        fs::create_dir_all(&committed_dir).expect("create ui/src/bindings");
        for stale in ts_files(&committed_dir).keys() {
            if !generated.contains_key(stale) {
                fs::remove_file(committed_dir.join(stale)).expect("remove stale binding");
            }
        }
        for (name, text) in &generated {
            fs::write(committed_dir.join(name), text).expect("write binding");
        }
        return;
    }
    let committed = ts_files(&committed_dir);
    let mut problems = Vec::new();
    for (name, text) in &generated {
        match committed.get(name) {
            None => problems.push(format!("{name} is missing")),
            Some(old) if old != text => problems.push(format!(
                "{name} differs:\n--- committed\n{old}\n--- generated\n{text}"
            )),
            Some(_) => {}
        }
    }
    for name in committed.keys().filter(|n| !generated.contains_key(*n)) {
        problems.push(format!("{name} is no longer generated"));
    }
    assert!(
        problems.is_empty(),
        "ui/src/bindings is out of date: run `UPDATE_BINDINGS=1 cargo test -p formant-core` to \
         refresh\n\n{}",
        problems.join("\n\n")
    );
}

/// The TS declarations must match serde's output: spot-check the shapes most easily broken.
#[test]
fn generated_types_describe_the_serialised_json() {
    let conversation = Conversation::from_json(json!({
        "conversation_id": "c1", "agent_id": 7, "start_timestamp": 1685606154,
        "status": "busy", "results": {"a": 1},
        "transcript": [
            {"speaker": "agent", "start_time": 0, "end_time": 1, "text": "hi"},
            {"role": "supervisor", "message": "joining"}
        ]
    }))
    .expect("conversation");
    let json = serde_json::to_value(&conversation).expect("serialises");
    let keys: Vec<&str> = json
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "conversation_id",
            "agent_id",
            "contact_number",
            "duration_seconds",
            "start_ms",
            "end_ms",
            "status",
            "failure_reason",
            "trace_id",
            "results",
            "transcript",
            "raw"
        ]
    );
    assert_eq!(json["agent_id"], json!(7));
    assert_eq!(
        json["start_ms"],
        json!(1685606154000_i64),
        "Timestamp is a number"
    );
    assert_eq!(json["contact_number"], Value::Null);
    assert_eq!(
        json["status"],
        json!({"code": "busy", "label": "Busy", "description": "Recipient was busy.",
               "category": "not_reached"})
    );
    assert_eq!(
        json["transcript"][0],
        json!({"speaker": {"kind": "agent"}, "text": "hi", "start_secs": 0.0, "end_secs": 1.0}),
        "Turn.raw is not serialised"
    );
    assert_eq!(
        json["transcript"][1]["speaker"],
        json!({"kind": "other", "name": "supervisor"})
    );

    let ts = Conversation::decl();
    for field in [
        "conversation_id: string",
        "agent_id: number | null",
        "start_ms: Timestamp | null",
        "status: StatusInfo | null",
        "results: Record<string, unknown> | null",
        "transcript: Array<Turn> | null",
        "raw: Record<string, unknown>",
    ] {
        assert!(ts.contains(field), "Conversation.ts lacks `{field}`: {ts}");
    }
    assert!(Timestamp_is_number(), "Timestamp.ts");
    let turn = Turn::decl();
    assert!(!turn.contains("raw"), "{turn}");
    let speaker = Speaker::decl();
    assert!(
        speaker.contains(
            r#"{ "kind": "agent" } | { "kind": "customer" } | { "kind": "other", "name": string }"#
        ),
        "{speaker}"
    );
    assert!(ConversationPage::decl().contains("total: number | null"));
    assert!(ExportFormat::decl().contains(r#""txt" | "md" | "json" | "csv" | "srt" | "vtt""#));
    let option = serde_json::to_value(formant_core::export::options(&conversation))
        .expect("options serialise");
    assert_eq!(option[0]["format"], "txt");
    assert!(option[4]["unavailable_reason"].is_string(), "{option}");
}

#[allow(non_snake_case)]
fn Timestamp_is_number() -> bool {
    formant_core::Timestamp::decl().contains("= number")
}
