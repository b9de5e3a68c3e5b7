//! The TypeScript of these types is generated (ts-rs) into `ui/src/bindings/` with the rest of
//! the IPC contract by formant-desk's `contract` test (`make bindings`), which also fails when
//! the committed files are out of date. This test checks that the TypeScript ts-rs derives from
//! the core types describes what serde really emits.

use formant_core::export::ExportFormat;
use formant_core::{Conversation, ConversationPage, Speaker, Turn};
use serde_json::{json, Value};
use ts_rs::TS;

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
