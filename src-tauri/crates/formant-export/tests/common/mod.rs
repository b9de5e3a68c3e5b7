//! Calls as the API sends them, and helpers to read an export back (also used by
//! formant-cli's export tests).

#![allow(dead_code)] // each test file uses its own share

use std::fs;
use std::io::Read;
use std::path::Path;

use serde_json::{json, Value};

/// A detail call (English), a Hindi one, a failed list-only call, and one whose results hold
/// text a spreadsheet would run as a formula.
pub fn sample_calls() -> Vec<Value> {
    vec![
        json!({
            "agent_id": 452, "contact_number": "+14155552671",
            "conversation_id": "c9f8a1d2-3b4e-4f6a-9d7e-123456789abc",
            "duration_seconds": 245.7, "end_timestamp": 1685606400, "failure_reason": null,
            "results": {
                "call_quality": "excellent",
                "sentiment_analysis": { "overall_sentiment": "positive", "confidence": 0.92 },
                "tags": ["refund", "billing"]
            },
            "start_timestamp": 1685606154, "status": "completed",
            "trace_id": "trace-7f3e2a1b",
            "transcript": [
                { "speaker": "agent", "start_time": 0, "end_time": 5, "text": "Hello, how can I help?" },
                { "speaker": "customer", "start_time": 6, "end_time": 12, "text": "I want a refund, please." }
            ],
            "a_field_the_docs_do_not_list": {"nested": [1, 2, {"x": null}]}
        }),
        json!({
            "agent_id": 123, "contact_number": "+919876543210",
            "conversation_id": "e36853de-9cbb-441e-ad75-d3c8ac82abfb_1",
            "duration_seconds": 142, "end_timestamp": 1773867341766_i64,
            "start_timestamp": 1773867201766_i64, "status": "completed",
            "results": { "call_quality": "good", "language": "hi" },
            "transcript": [
                { "role": "assistant", "content": "नमस्ते, मैं आपकी कैसे मदद कर सकती हूँ?", "start_time": 0.4, "end_time": 3.1 },
                { "role": "user", "content": "मुझे रिफंड चाहिए।", "start_time": 3.5, "end_time": 5.0 }
            ]
        }),
        json!({
            "agent_id": 123, "contact_number": "+919876500000",
            "conversation_id": "f-0001", "duration_seconds": 0,
            "start_timestamp": 1773867000000_i64, "status": "telephony_failed",
            "failure_reason": "Carrier rejected the call (503)"
        }),
        json!({
            "agent_id": 7, "conversation_id": "formula-1", "status": "busy",
            "contact_number": "=HYPERLINK(\"http://evil.example/\",\"x\")",
            "results": { "summary": "-2+3+cmd|' /C calc'!A0", "score": -5, "ok": true }
        }),
    ]
}

/// Every entry of a zip file, in order, with its bytes.
pub fn zip_entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(fs::File::open(path).expect("open")).expect("zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).expect("read");
            (file.name().to_owned(), bytes)
        })
        .collect()
}

/// Reads a CSV file with the csv crate: the header and the rows.
pub fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("row").iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

/// The cell of `row` under `column`.
pub fn cell<'a>(header: &[String], row: &'a [String], column: &str) -> &'a str {
    let i = header
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("no column {column} in {header:?}"));
    &row[i]
}

/// Every entry of a folder, recursively, as paths relative to it.
pub fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in fs::read_dir(dir).expect("ls") {
        let path = entry.expect("entry").path();
        let rel = path
            .strip_prefix(root)
            .expect("inside")
            .to_string_lossy()
            .into_owned();
        if path.is_dir() {
            out.push(format!("{rel}/"));
            walk(root, &path, out);
        } else {
            out.push(rel);
        }
    }
}
