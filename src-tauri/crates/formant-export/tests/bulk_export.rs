//! Bulk exports written to real folders and zip files in a temp dir, then read back.

mod common;

use std::convert::Infallible;
use std::fs;
use std::path::Path;

use common::{cell, read_csv, sample_calls, tree, zip_entries};
use formant_core::export::{default_file_name, export};
use formant_core::Conversation;
use formant_export::{
    export_calls, BulkExportError, CallRecord, CancelFlag, Destination, ExportFormat,
    ExportOptions, ExportSummary, Progress, Stage, FIGURE_COLUMNS, METADATA_COLUMNS,
};
use serde_json::Value;

fn options(path: &Path, format: ExportFormat) -> ExportOptions {
    ExportOptions {
        destination: Destination::from_path(path),
        format,
        total: None,
    }
}

fn run(
    calls: Vec<Value>,
    path: &Path,
    format: ExportFormat,
) -> Result<ExportSummary, BulkExportError> {
    let records = calls
        .into_iter()
        .map(|v| Ok::<_, Infallible>(CallRecord::from_json(v)));
    export_calls(
        records,
        &options(path, format),
        &mut |_| {},
        &CancelFlag::new(),
    )
}

fn conversation(v: &Value) -> Conversation {
    Conversation::from_json(v.clone()).expect("conversation")
}

/// Only the given names (and no `.formant-*.part` leftovers) are in `dir`.
fn only_entries(dir: &Path, expected: &[&str]) {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, expected, "entries of {}", dir.display());
}

#[test]
fn a_folder_export_reads_back_whole() {
    let dir = tempfile::tempdir().expect("dir");
    let target = dir.path().join("export");
    let calls = sample_calls();
    let summary = run(calls.clone(), &target, ExportFormat::Markdown).expect("export");
    assert_eq!(summary.calls, 4);
    assert_eq!(summary.transcripts, 4);
    assert_eq!(summary.transcripts_skipped, 0);
    only_entries(dir.path(), &["export"]);

    // calls.jsonl: one line per call, each exactly the JSON handed in.
    let jsonl = fs::read_to_string(target.join("calls.jsonl")).expect("jsonl");
    let lines: Vec<&str> = jsonl.lines().collect();
    assert_eq!(lines.len(), calls.len());
    for (line, call) in lines.iter().zip(&calls) {
        assert_eq!(*line, serde_json::to_string(call).expect("json"));
        assert_eq!(&serde_json::from_str::<Value>(line).expect("parses"), call);
    }

    // transcripts/: formant-core's own export of each call under its own name.
    for call in &calls {
        let c = conversation(call);
        let name = default_file_name(&c, ExportFormat::Markdown);
        let written = fs::read_to_string(target.join("transcripts").join(&name)).expect(&name);
        assert_eq!(written, export(&c, ExportFormat::Markdown).expect("md"));
    }

    // calls.csv: metadata, the analysis figures, then the union of result paths in first-seen
    // order.
    let (header, rows) = read_csv(&fs::read(target.join("calls.csv")).expect("csv"));
    let fixed = METADATA_COLUMNS.len() + FIGURE_COLUMNS.len();
    assert_eq!(&header[..METADATA_COLUMNS.len()], METADATA_COLUMNS);
    assert_eq!(&header[METADATA_COLUMNS.len()..fixed], FIGURE_COLUMNS);
    assert_eq!(
        &header[fixed..],
        [
            "results.call_quality",
            "results.sentiment_analysis.overall_sentiment",
            "results.sentiment_analysis.confidence",
            "results.tags",
            "results.language",
            "results.summary",
            "results.score",
            "results.ok"
        ]
    );
    assert_eq!(summary.result_columns, 8);
    assert_eq!(rows.len(), 4);
    let first = &rows[0];
    assert_eq!(
        cell(&header, first, "conversation_id"),
        "c9f8a1d2-3b4e-4f6a-9d7e-123456789abc"
    );
    assert_eq!(cell(&header, first, "status_category"), "connected");
    assert_eq!(cell(&header, first, "start_time"), "2023-06-01T07:55:54Z");
    assert_eq!(cell(&header, first, "duration_seconds"), "245.7");
    assert_eq!(cell(&header, first, "contact_number"), "+14155552671");
    assert_eq!(cell(&header, first, "has_transcript"), "true");
    assert_eq!(cell(&header, first, "transcript_turns"), "2");
    assert_eq!(cell(&header, first, "has_recording"), "");
    assert_eq!(cell(&header, first, "account"), "");
    assert_eq!(
        cell(&header, first, "results.sentiment_analysis.confidence"),
        "0.92"
    );
    assert_eq!(
        cell(&header, first, "results.tags"),
        r#"["refund","billing"]"#
    );
    assert_eq!(cell(&header, first, "results.language"), "");
    let name = default_file_name(&conversation(&calls[0]), ExportFormat::Markdown);
    assert_eq!(
        cell(&header, first, "transcript_file"),
        format!("transcripts/{name}")
    );
    let hindi = &rows[1];
    assert_eq!(
        cell(&header, hindi, "start_time"),
        "2026-03-18T20:53:21.766Z"
    );
    assert_eq!(cell(&header, hindi, "results.language"), "hi");
    let failed = &rows[2];
    assert_eq!(cell(&header, failed, "status"), "telephony_failed");
    assert_eq!(cell(&header, failed, "status_category"), "failed");
    assert_eq!(
        cell(&header, failed, "failure_reason"),
        "Carrier rejected the call (503)"
    );
    assert_eq!(cell(&header, failed, "has_transcript"), "false");
    assert_eq!(cell(&header, failed, "has_results"), "false");
}

#[test]
fn cells_a_spreadsheet_would_run_are_quoted_but_numbers_are_not() {
    let dir = tempfile::tempdir().expect("dir");
    let target = dir.path().join("export");
    run(sample_calls(), &target, ExportFormat::Txt).expect("export");
    let (header, rows) = read_csv(&fs::read(target.join("calls.csv")).expect("csv"));
    let row = &rows[3];
    assert_eq!(
        cell(&header, row, "contact_number"),
        "'=HYPERLINK(\"http://evil.example/\",\"x\")"
    );
    assert_eq!(
        cell(&header, row, "results.summary"),
        "'-2+3+cmd|' /C calc'!A0"
    );
    assert_eq!(cell(&header, row, "results.score"), "-5");
    assert_eq!(cell(&header, row, "results.ok"), "true");
    // The JSONL keeps the text as sent.
    let jsonl = fs::read_to_string(target.join("calls.jsonl")).expect("jsonl");
    assert!(
        jsonl.contains(r#""contact_number":"=HYPERLINK("#),
        "{jsonl}"
    );
}

#[test]
fn a_zip_export_lists_every_file_with_its_content() {
    let dir = tempfile::tempdir().expect("dir");
    let target = dir.path().join("calls.ZIP");
    let calls = sample_calls();
    let summary = run(calls.clone(), &target, ExportFormat::Json).expect("export");
    assert_eq!(summary.calls, 4);
    only_entries(dir.path(), &["calls.ZIP"]);

    let entries = zip_entries(&target);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    let mut expected: Vec<String> = calls
        .iter()
        .map(|c| {
            format!(
                "transcripts/{}",
                default_file_name(&conversation(c), ExportFormat::Json)
            )
        })
        .collect();
    expected.extend(["calls.jsonl".into(), "calls.csv".into()]);
    assert_eq!(names, expected);

    for ((_, bytes), call) in entries.iter().zip(&calls) {
        let text = String::from_utf8(bytes.clone()).expect("utf-8");
        assert_eq!(
            text,
            export(&conversation(call), ExportFormat::Json).expect("json")
        );
    }
    let jsonl = String::from_utf8(entries[4].1.clone()).expect("utf-8");
    let expected_jsonl: String = calls
        .iter()
        .map(|c| serde_json::to_string(c).expect("json") + "\n")
        .collect();
    assert_eq!(jsonl, expected_jsonl);
    let (header, rows) = read_csv(&entries[5].1);
    assert_eq!(rows.len(), 4);
    assert_eq!(cell(&header, &rows[2], "conversation_id"), "f-0001");
}

#[test]
fn raw_text_goes_to_jsonl_byte_for_byte() {
    let dir = tempfile::tempdir().expect("dir");
    let target = dir.path().join("export");
    // Digits serde_json could not keep (beyond u64, more precision than f64), spacing, key order.
    let text = r#"{"status": "completed", "conversation_id":"big",  "n": 18446744073709551616, "x": 0.30000000000000000001}"#;
    let records = [Ok::<_, Infallible>(
        CallRecord::from_text(text)
            .with_recording(Some(true))
            .with_account("Support India", "in"),
    )];
    export_calls(
        records,
        &options(&target, ExportFormat::Txt),
        &mut |_| {},
        &CancelFlag::new(),
    )
    .expect("export");
    let jsonl = fs::read_to_string(target.join("calls.jsonl")).expect("jsonl");
    assert_eq!(jsonl, format!("{text}\n"));
    let (header, rows) = read_csv(&fs::read(target.join("calls.csv")).expect("csv"));
    assert_eq!(cell(&header, &rows[0], "has_recording"), "true");
    assert_eq!(cell(&header, &rows[0], "account"), "Support India");
    assert_eq!(cell(&header, &rows[0], "region"), "in");
}

#[test]
fn hostile_ids_stay_inside_the_export_with_unique_names() {
    let dir = tempfile::tempdir().expect("dir");
    let target = dir.path().join("export");
    let ids = [
        "../../escape",
        "/etc/passwd",
        "..\\..\\windows",
        "a/b",
        "a:b",
        "A_B",
        "..",
        "...",
        "CON",
        "nul.txt",
        "\u{0}\u{1b}[31mred\n",
        "\u{202e}txt.exe",
        &"क".repeat(400),
        &"क".repeat(401),
        " -rf ",
    ];
    let calls: Vec<Value> = ids
        .iter()
        .map(|id| serde_json::json!({"conversation_id": id, "transcript": [{"speaker": "agent", "text": id}]}))
        .collect();
    let summary = run(calls, &target, ExportFormat::Txt).expect("export");
    assert_eq!(summary.transcripts, ids.len() as u64);

    only_entries(dir.path(), &["export"]);
    only_entries(&target, &["calls.csv", "calls.jsonl", "transcripts"]);
    let files = tree(&target.join("transcripts"));
    assert_eq!(files.len(), ids.len(), "{files:#?}");
    let mut lower: Vec<String> = files.iter().map(|f| f.to_lowercase()).collect();
    lower.sort();
    lower.dedup();
    assert_eq!(lower.len(), ids.len(), "unique without case: {files:#?}");
    for name in &files {
        assert!(name.starts_with("call"), "{name}");
        assert!(name.ends_with(".txt"), "{name}");
        assert!(name.len() <= 160, "{} bytes: {name}", name.len());
        assert!(
            !name
                .chars()
                .any(|c| c.is_control() || c == '/' || c == '\\' || c == '\u{202e}'),
            "{name:?}"
        );
    }
    // Every row names a file that exists.
    let (header, rows) = read_csv(&fs::read(target.join("calls.csv")).expect("csv"));
    for row in &rows {
        let file = cell(&header, row, "transcript_file");
        assert!(target.join(file).is_file(), "{file}");
    }
}

#[test]
fn subtitles_skip_calls_without_timings_and_say_why() {
    let dir = tempfile::tempdir().expect("dir");
    let target = dir.path().join("export");
    let summary = run(sample_calls(), &target, ExportFormat::Srt).expect("export");
    assert_eq!(summary.transcripts, 2);
    assert_eq!(summary.transcripts_skipped, 2);
    assert_eq!(
        summary.skip_reason.as_deref(),
        Some("this call has no transcript to turn into subtitles")
    );
    let (header, rows) = read_csv(&fs::read(target.join("calls.csv")).expect("csv"));
    assert_eq!(cell(&header, &rows[2], "transcript_file"), "");
    assert_eq!(tree(&target.join("transcripts")).len(), 2);
}

/// Calls made on the fly, cancelled from the progress callback after `stop_after` of them.
fn cancelled_midway(target: &Path) -> (Result<ExportSummary, BulkExportError>, Vec<Progress>) {
    let cancel = CancelFlag::new();
    let mut seen = Vec::new();
    let calls = (0..1000).map(|i| {
        Ok::<_, Infallible>(CallRecord::from_json(serde_json::json!({
            "conversation_id": format!("call-{i}"),
            "transcript": [{"speaker": "agent", "text": "hi"}]
        })))
    });
    let result = {
        let stopper = cancel.clone();
        let options = ExportOptions {
            destination: Destination::from_path(target),
            format: ExportFormat::Txt,
            total: Some(1000),
        };
        export_calls(
            calls,
            &options,
            &mut |p| {
                seen.push(p);
                if p.done == 10 {
                    stopper.cancel();
                }
            },
            &cancel,
        )
    };
    (result, seen)
}

#[test]
fn a_cancel_midway_leaves_nothing_behind() {
    for name in ["export", "export.zip"] {
        let dir = tempfile::tempdir().expect("dir");
        let target = dir.path().join(name);
        let (result, seen) = cancelled_midway(&target);
        assert!(
            matches!(result, Err(BulkExportError::Cancelled)),
            "{result:?}"
        );
        assert_eq!(seen.len(), 10, "stopped at the next call");
        assert_eq!(
            seen[9],
            Progress {
                stage: Stage::Calls,
                done: 10,
                total: Some(1000)
            }
        );
        only_entries(dir.path(), &[]);
    }
}

#[test]
fn an_earlier_export_is_untouched_by_a_failed_or_cancelled_one_and_replaced_by_a_good_one() {
    let dir = tempfile::tempdir().expect("dir");
    for name in ["export", "export.zip"] {
        let target = dir.path().join(name);
        run(sample_calls()[..1].to_vec(), &target, ExportFormat::Txt).expect("first export");
        let before = snapshot(&target);

        // The source fails at the third call.
        let failing = (0..5).map(|i| {
            if i == 2 {
                Err("the library could not be read".to_owned())
            } else {
                Ok(CallRecord::from_json(
                    serde_json::json!({"conversation_id": format!("n{i}")}),
                ))
            }
        });
        let err = export_calls(
            failing,
            &options(&target, ExportFormat::Txt),
            &mut |_| {},
            &CancelFlag::new(),
        )
        .expect_err("fails");
        assert!(
            err.to_string().contains("the library could not be read"),
            "{err}"
        );
        assert_eq!(snapshot(&target), before, "{name} after a failure");

        // A call that is not JSON.
        let bad = [Ok::<_, Infallible>(CallRecord::from_text("{not json"))];
        let err = export_calls(
            bad,
            &options(&target, ExportFormat::Txt),
            &mut |_| {},
            &CancelFlag::new(),
        )
        .expect_err("not json");
        assert!(err.to_string().contains("call number 1 "), "{err}");
        assert_eq!(snapshot(&target), before, "{name} after bad input");

        let (result, _) = cancelled_midway(&target);
        assert!(matches!(result, Err(BulkExportError::Cancelled)));
        assert_eq!(snapshot(&target), before, "{name} after a cancel");

        run(sample_calls(), &target, ExportFormat::Txt).expect("second export");
        assert_ne!(snapshot(&target), before, "{name} replaced");
    }
    only_entries(dir.path(), &["export", "export.zip"]);
    let (_, rows) = read_csv(&fs::read(dir.path().join("export/calls.csv")).expect("csv"));
    assert_eq!(rows.len(), 4);
}

/// Every file under `path` (or the file itself) with its bytes.
fn snapshot(path: &Path) -> Vec<(String, Vec<u8>)> {
    if path.is_file() {
        return vec![(String::new(), fs::read(path).expect("read"))];
    }
    tree(path)
        .into_iter()
        .map(|rel| {
            let bytes = if rel.ends_with('/') {
                Vec::new()
            } else {
                fs::read(path.join(&rel)).expect("read")
            };
            (rel, bytes)
        })
        .collect()
}

#[test]
fn a_folder_that_is_not_an_export_is_refused_before_any_work() {
    let dir = tempfile::tempdir().expect("dir");
    let target = dir.path().join("photos");
    fs::create_dir(&target).expect("mkdir");
    fs::write(target.join("holiday.jpg"), b"jpeg").expect("seed");
    let err = run(sample_calls(), &target, ExportFormat::Txt).expect_err("refused");
    assert!(matches!(err, BulkExportError::FolderInUse(_)), "{err}");
    assert!(err.to_string().contains("not an earlier export"), "{err}");
    only_entries(&target, &["holiday.jpg"]);
    only_entries(dir.path(), &["photos"]);

    // An empty folder is fine.
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).expect("mkdir");
    run(sample_calls(), &empty, ExportFormat::Txt).expect("export");
    only_entries(&empty, &["calls.csv", "calls.jsonl", "transcripts"]);

    // A zip name that is a folder.
    let zip_dir = dir.path().join("folder.zip");
    fs::create_dir(&zip_dir).expect("mkdir");
    let err = run(sample_calls(), &zip_dir, ExportFormat::Txt).expect_err("refused");
    assert!(matches!(err, BulkExportError::ZipIsAFolder(_)), "{err}");
}

#[test]
fn an_empty_export_has_the_header_and_nothing_else() {
    let dir = tempfile::tempdir().expect("dir");
    let target = dir.path().join("none");
    let summary = run(Vec::new(), &target, ExportFormat::Vtt).expect("export");
    assert_eq!(summary.calls, 0);
    let (header, rows) = read_csv(&fs::read(target.join("calls.csv")).expect("csv"));
    assert_eq!(
        header,
        [&METADATA_COLUMNS[..], &FIGURE_COLUMNS[..]].concat()
    );
    assert!(rows.is_empty());
    assert_eq!(fs::read(target.join("calls.jsonl")).expect("jsonl"), b"");
}

#[test]
fn a_cancel_while_writing_the_csv_or_an_unfinished_push_export_leaves_nothing() {
    for name in ["export", "export.zip"] {
        let dir = tempfile::tempdir().expect("dir");
        let target = dir.path().join(name);
        let cancel = CancelFlag::new();
        let stopper = cancel.clone();
        let records = sample_calls()
            .into_iter()
            .map(|v| Ok::<_, Infallible>(CallRecord::from_json(v)));
        let result = export_calls(
            records,
            &options(&target, ExportFormat::Txt),
            &mut |p| {
                if p.stage == Stage::Table && p.done == 2 {
                    stopper.cancel();
                }
            },
            &cancel,
        );
        assert!(
            matches!(result, Err(BulkExportError::Cancelled)),
            "{result:?}"
        );
        only_entries(dir.path(), &[]);

        let mut export = formant_export::BulkExport::create(&options(&target, ExportFormat::Txt))
            .expect("create");
        for call in sample_calls() {
            export.add(CallRecord::from_json(call)).expect("add");
        }
        assert_eq!(export.calls(), 4);
        drop(export);
        only_entries(dir.path(), &[]);
    }
}
