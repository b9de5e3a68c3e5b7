//! Properties of the exports that must hold for every input, and the error cases.

use std::fs;
use std::path::Path;

use formant_core::export::{availability, csv_columns, export, options, ExportError, ExportFormat};
use formant_core::Conversation;
use serde_json::{json, Value};

fn input(name: &str) -> Conversation {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/inputs")
        .join(format!("{name}.json"));
    let value: Value =
        serde_json::from_str(&fs::read_to_string(path).expect("read input")).expect("JSON");
    Conversation::from_json(value).expect("conversation")
}

const ALL_INPUTS: [&str; 7] = [
    "list-example",
    "detail-example",
    "role-message",
    "empty-transcript",
    "special-characters",
    "multilingual",
    "partial-times",
];

#[test]
fn availability_agrees_with_export_for_every_input_and_format() {
    for name in ALL_INPUTS {
        let c = input(name);
        for format in ExportFormat::ALL {
            let exported = export(&c, format).map_err(|e| e.to_string());
            let available = availability(&c, format).map_err(|e| e.to_string());
            assert_eq!(exported.err(), available.err(), "{name} as {format}");
        }
    }
}

#[test]
fn text_in_any_script_survives_every_format_byte_for_byte() {
    let c = input("multilingual");
    for format in ExportFormat::ALL {
        let out = export(&c, format).expect("exports");
        for turn in c.turns() {
            for line in turn.text.lines() {
                assert!(out.contains(line), "{format} lost {line:?}:\n{out}");
            }
        }
        if matches!(format, ExportFormat::Json | ExportFormat::Markdown) {
            assert!(
                out.contains("\"भाषा\": \"हिन्दी\""),
                "{format} results:\n{out}"
            );
        }
    }
}

#[test]
fn json_export_is_the_api_object_with_its_key_order() {
    for name in ALL_INPUTS {
        let c = input(name);
        let out = export(&c, ExportFormat::Json).expect("json");
        let back: Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(back, c.raw_json(), "{name}");
        let keys: Vec<&String> = back.as_object().expect("object").keys().collect();
        let raw_keys: Vec<&String> = c.raw.keys().collect();
        assert_eq!(keys, raw_keys, "{name}: key order");
        assert!(out.ends_with("}\n"));
    }
}

#[test]
fn csv_reads_back_to_the_same_turns() {
    for name in ALL_INPUTS {
        let c = input(name);
        let out = export(&c, ExportFormat::Csv).expect("csv");
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let headers = reader.headers().expect("header row").clone();
        assert_eq!(headers.iter().collect::<Vec<_>>(), csv_columns());
        let rows: Vec<csv::StringRecord> = reader
            .records()
            .collect::<Result<_, _>>()
            .expect("valid CSV");
        assert_eq!(rows.len(), c.turns().len(), "{name}");
        for (i, (row, turn)) in rows.iter().zip(c.turns()).enumerate() {
            assert_eq!(&row[0], (i + 1).to_string(), "{name}");
            assert_eq!(&row[1], turn.speaker.label(), "{name}");
            let secs = |s: &str| (!s.is_empty()).then(|| s.parse::<f64>().expect("number"));
            assert_eq!(secs(&row[2]), turn.start_secs, "{name}");
            assert_eq!(secs(&row[3]), turn.end_secs, "{name}");
            assert_eq!(&row[4], turn.text, "{name}: text unchanged");
        }
    }
}

#[test]
fn subtitles_without_any_times_name_the_reason() {
    let c = input("role-message");
    for format in [ExportFormat::Srt, ExportFormat::Vtt] {
        let err = export(&c, format).expect_err("no times");
        assert!(
            matches!(
                err,
                ExportError::NoTimes {
                    turns_without_times: 2,
                    total: 2
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("no timings"), "{err}");
    }
}

#[test]
fn subtitles_with_some_bad_times_count_them() {
    // One turn has no times, one ends before it starts, one has no end.
    let err = export(&input("partial-times"), ExportFormat::Srt).expect_err("bad times");
    assert!(
        matches!(
            err,
            ExportError::NoTimes {
                turns_without_times: 3,
                total: 4
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().starts_with("3 of 4 transcript turns"),
        "{err}"
    );
}

#[test]
fn subtitles_of_no_transcript_or_only_silence_are_refused() {
    let silent = Conversation::from_json(json!({
        "conversation_id": "x",
        "transcript": [{"speaker": "agent", "start_time": 0, "end_time": 1, "text": "  \n "}]
    }))
    .expect("conversation");
    for c in [input("list-example"), input("empty-transcript"), silent] {
        for format in [ExportFormat::Srt, ExportFormat::Vtt] {
            let err = export(&c, format).expect_err("nothing to show");
            assert!(
                matches!(err, ExportError::EmptyTranscriptForSubtitles),
                "{err:?}"
            );
        }
        // The other formats still export, saying there is nothing.
        let txt = export(&c, ExportFormat::Txt).expect("txt");
        let md = export(&c, ExportFormat::Markdown).expect("md");
        if c.turns().is_empty() {
            assert!(txt.ends_with("Transcript\nNo transcript.\n"), "{txt}");
            assert!(md.ends_with("## Transcript\n\n*No transcript.*\n"), "{md}");
        }
    }
}

#[test]
fn empty_turns_are_skipped_and_cues_numbered_consecutively() {
    let srt = export(&input("special-characters"), ExportFormat::Srt).expect("srt");
    let numbers: Vec<&str> = srt
        .split("\n\n")
        .map(|cue| cue.lines().next().expect("cue number"))
        .collect();
    assert_eq!(numbers, ["1", "2", "3", "4"]);
    assert!(!srt.contains("00:00:11,000"), "the blank turn has no cue");
}

#[test]
fn options_grey_out_subtitles_with_the_reason() {
    let opts = options(&input("role-message"));
    assert_eq!(
        opts.iter().map(|o| o.format).collect::<Vec<_>>(),
        ExportFormat::ALL
    );
    for o in &opts {
        assert_eq!(
            o.unavailable_reason.is_some(),
            o.format.needs_times(),
            "{o:?}"
        );
        assert!(o.default_file_name.ends_with(&format!(".{}", o.extension)));
    }
    let all_available = options(&input("detail-example"));
    assert!(all_available.iter().all(|o| o.unavailable_reason.is_none()));
}
