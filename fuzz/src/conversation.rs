//! What the conversation and export fuzz targets check, for one input (JSON text). Shared (by
//! `#[path]`) with `formant-core/tests/fuzz_replay.rs`, which replays the seed corpus and every
//! input a fuzzer ever found on stable, so a fixed crash stays fixed without nightly.
//!
//! Every check either returns quietly (input that is not a conversation is refused with an
//! error) or panics with the property it found broken; a panic is what the fuzzer reports.

use formant_core::export::{self, ExportFormat};
use formant_core::{Conversation, ConversationPage};
use serde_json::Value;

/// The input as a conversation, when it is one.
pub fn read_conversation(input: &[u8]) -> Option<Conversation> {
    let value: Value = serde_json::from_slice(input).ok()?;
    let conversation = Conversation::from_json(value.clone()).ok()?;
    assert_eq!(
        conversation.raw_json(),
        value,
        "the raw object is not what was sent"
    );
    Some(conversation)
}

/// JSON → `Conversation` (and a page of them): every normalising accessor gives a sane value.
pub fn check_conversation(input: &[u8]) {
    if let Ok(page) = serde_json::from_slice::<ConversationPage>(input) {
        page.data.iter().for_each(check_normalised);
    }
    if let Some(conversation) = read_conversation(input) {
        check_normalised(&conversation);
    }
}

fn check_normalised(c: &Conversation) {
    if let Some(duration) = c.duration() {
        assert!(duration.is_finite(), "duration {duration}");
    }
    for turn in c.turns() {
        for secs in [turn.start_secs, turn.end_secs].into_iter().flatten() {
            assert!(secs.is_finite() && secs >= 0.0, "turn time {secs}");
        }
        if turn.has_times() {
            assert!(turn.start_secs <= turn.end_secs);
        }
        assert!(
            !turn.speaker.label().is_empty(),
            "a speaker without a label"
        );
    }
    for instant in [c.start_ms, c.end_ms].into_iter().flatten() {
        assert!(!instant.to_rfc3339().is_empty());
        if let Some(utc) = instant.to_utc() {
            assert_eq!(utc.timestamp_millis(), instant.as_millis());
        }
    }
    if let Some(status) = &c.status {
        // Any string is a status: the seven documented ones and whatever else the API sends.
        assert_eq!(status.info().code, status.code());
        let _ = (status.label(), status.category(), status.is_failure());
    }
    let ui = serde_json::to_value(c).expect("a conversation serialises for the UI");
    assert_eq!(ui["conversation_id"], c.conversation_id.as_str());
}

/// Every export format of the conversation: the availability check agrees with the export, the
/// file name is safe, and the lossless formats give back what was read.
pub fn check_exports(input: &[u8]) {
    let Some(c) = read_conversation(input) else {
        return;
    };
    for format in ExportFormat::ALL {
        let available = export::availability(&c, format);
        let rendered = export::export(&c, format);
        assert_eq!(
            available.is_ok(),
            rendered.is_ok(),
            "{format}: availability says {available:?}, export says {rendered:?}"
        );
        check_file_name(&export::default_file_name(&c, format), format);
        let Ok(text) = rendered else {
            assert!(format.needs_times(), "{format} refused: {rendered:?}");
            continue;
        };
        match format {
            ExportFormat::Json => {
                let back: Value = serde_json::from_str(&text).expect("the JSON export parses");
                assert_eq!(back, c.raw_json(), "the JSON export is not lossless");
            }
            ExportFormat::Csv => check_csv(&text, &c),
            ExportFormat::Srt | ExportFormat::Vtt => {
                let spoken = c
                    .turns()
                    .iter()
                    .filter(|t| !t.text.trim().is_empty())
                    .count();
                let arrows = text.matches(" --> ").count();
                // WebVTT escapes `>`, so only its cue lines hold an arrow; SubRip text may.
                if format == ExportFormat::Vtt {
                    assert_eq!(arrows, spoken, "one WebVTT cue per spoken turn");
                } else {
                    assert!(arrows >= spoken, "one SubRip cue per spoken turn");
                }
            }
            ExportFormat::Txt | ExportFormat::Markdown => assert!(!text.is_empty()),
        }
    }
    assert_eq!(export::options(&c).len(), ExportFormat::ALL.len());
}

fn check_csv(text: &str, c: &Conversation) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("the CSV export reads back");
    assert_eq!(rows.len(), c.turns().len(), "one CSV row per turn");
    for (row, turn) in rows.iter().zip(c.turns()) {
        assert_eq!(row.get(4), Some(turn.text.as_str()), "CSV text changed");
    }
}

fn check_file_name(name: &str, format: ExportFormat) {
    assert!(name.starts_with("call"), "{name}");
    assert!(
        name.ends_with(&format!(".{}", format.extension())),
        "{name}"
    );
    assert!(name.len() <= 255, "{} bytes", name.len());
    assert!(
        !name.chars().any(|ch| ch.is_control()
            || ch.is_whitespace()
            || matches!(ch, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')),
        "unsafe file name {name:?}"
    );
}
