//! A real consumer reads the export: DuckDB (the `duckdb` package from PyPI, installed by
//! scripts/install-deps.sh into target/tools/py) loads calls.csv and calls.jsonl, and its
//! counts and values match what went in.

mod common;

use std::convert::Infallible;
use std::path::PathBuf;
use std::process::Command;

use common::sample_calls;
use formant_export::{
    export_calls, CallRecord, CancelFlag, Destination, ExportFormat, ExportOptions,
};
use serde_json::{json, Value};

/// The venv's python, or `None` (with a loud note) when it is not installed outside CI. In CI
/// (`CI` set) a missing DuckDB fails the test: it must run there.
fn duckdb_python() -> Option<PathBuf> {
    let python = std::env::var_os("FORMANT_DUCKDB_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../target/tools/py/bin/python")
        });
    let works = Command::new(&python)
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success());
    if works {
        return Some(python);
    }
    let message = format!(
        "DuckDB is not installed at {} (run scripts/install-deps.sh)",
        python.display()
    );
    assert!(
        std::env::var_os("CI").is_none(),
        "{message}; CI must run this test"
    );
    eprintln!("\n*** SKIPPED: {message} ***\n");
    None
}

/// Loads both files and answers with counts and a few values, as JSON.
const QUERY: &str = r#"
import json, sys, duckdb
folder = sys.argv[1]
con = duckdb.connect()
con.execute("CREATE TABLE c AS SELECT * FROM read_csv(?, header = true)", [folder + "/calls.csv"])
con.execute("CREATE TABLE j AS SELECT * FROM read_json(?, format = 'newline_delimited')", [folder + "/calls.jsonl"])
one = lambda sql: con.execute(sql).fetchone()[0]
print(json.dumps({
    "csv_rows": one("SELECT count(*) FROM c"),
    "jsonl_rows": one("SELECT count(*) FROM j"),
    "csv_failed": one("SELECT count(*) FROM c WHERE status_category = 'failed'"),
    "csv_start_type": one("SELECT typeof(start_time) FROM c LIMIT 1"),
    "csv_start_ms": one("SELECT epoch_ms(start_time) FROM c WHERE conversation_id = 'e36853de-9cbb-441e-ad75-d3c8ac82abfb_1'"),
    "csv_transcript_type": one("SELECT typeof(has_transcript) FROM c LIMIT 1"),
    "csv_confidence": one("SELECT \"results.sentiment_analysis.confidence\" FROM c WHERE conversation_id = 'c9f8a1d2-3b4e-4f6a-9d7e-123456789abc'"),
    "csv_duration_sum": one("SELECT sum(duration_seconds) FROM c"),
    "csv_reason": one("SELECT failure_reason FROM c WHERE conversation_id = 'f-0001'"),
    "csv_agents": one("SELECT count(DISTINCT agent_id) FROM c"),
    "jsonl_confidence": one("SELECT results.sentiment_analysis.confidence FROM j WHERE conversation_id = 'c9f8a1d2-3b4e-4f6a-9d7e-123456789abc'"),
    "jsonl_hindi": one("SELECT transcript[1].content FROM j WHERE conversation_id = 'e36853de-9cbb-441e-ad75-d3c8ac82abfb_1'"),
    "joined": one("SELECT count(*) FROM c JOIN j USING (conversation_id)"),
}))
"#;

#[test]
fn duckdb_loads_calls_csv_and_calls_jsonl() {
    let Some(python) = duckdb_python() else {
        return;
    };
    let mut calls = sample_calls();
    // Enough rows that DuckDB's type detection samples more than a handful.
    calls.extend((0..300).map(|i| {
        json!({
            "conversation_id": format!("gen-{i}"), "agent_id": i % 5,
            "status": if i % 3 == 0 { "failed" } else { "completed" },
            "duration_seconds": 10, "start_timestamp": 1773867000000_i64 + i * 1000,
            "results": {"sentiment_analysis": {"confidence": 0.5}}
        })
    }));
    let dir = tempfile::tempdir().expect("dir");
    let target = dir.path().join("export");
    let records = calls
        .iter()
        .cloned()
        .map(|v| Ok::<_, Infallible>(CallRecord::from_json(v)));
    let options = ExportOptions {
        destination: Destination::Folder(target.clone()),
        format: ExportFormat::Txt,
        total: Some(calls.len() as u64),
    };
    export_calls(records, &options, &mut |_| {}, &CancelFlag::new()).expect("export");

    let output = Command::new(&python)
        .args(["-c", QUERY])
        .arg(&target)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "duckdb failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let got: Value = serde_json::from_slice(&output.stdout).expect("json answer");
    let expected_failed = 1 + (0..300).filter(|i| i % 3 == 0).count();
    assert_eq!(got["csv_rows"], 304);
    assert_eq!(got["jsonl_rows"], 304);
    assert_eq!(got["joined"], 304);
    assert_eq!(got["csv_failed"], expected_failed);
    assert_eq!(got["csv_start_type"], "TIMESTAMP WITH TIME ZONE");
    assert_eq!(got["csv_start_ms"], 1773867201766_i64);
    assert_eq!(got["csv_transcript_type"], "BOOLEAN");
    assert_eq!(got["csv_confidence"], 0.92);
    assert_eq!(got["jsonl_confidence"], 0.92);
    assert_eq!(got["csv_duration_sum"], 245.7 + 142.0 + 3000.0);
    assert_eq!(got["csv_reason"], "Carrier rejected the call (503)");
    assert_eq!(got["csv_agents"], 8);
    assert_eq!(got["jsonl_hindi"], "नमस्ते, मैं आपकी कैसे मदद कर सकती हूँ?");
}
