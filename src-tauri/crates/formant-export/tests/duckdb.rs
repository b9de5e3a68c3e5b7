//! A real consumer reads the export: DuckDB (the `duckdb` package from PyPI, installed by
//! scripts/install-deps.sh into target/tools/py) loads calls.csv and calls.jsonl, and its
//! counts and values match what went in.

mod common;
#[path = "../../formant-library/tests/common/mod.rs"]
mod library;

use std::convert::Infallible;
use std::path::PathBuf;
use std::process::Command;

use common::sample_calls;
use formant_export::{
    export_calls, export_library, CallRecord, CancelFlag, Destination, ExportFormat, ExportOptions,
};
use formant_library::Filter;
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

/// What every query starts with: both files loaded as tables `c` (calls.csv) and `j`
/// (calls.jsonl) of the export folder given as the first argument, and `one(sql)`.
const LOAD: &str = r#"
import json, sys, duckdb
folder = sys.argv[1]
con = duckdb.connect()
con.execute("CREATE TABLE c AS SELECT * FROM read_csv(?, header = true)", [folder + "/calls.csv"])
con.execute("CREATE TABLE j AS SELECT * FROM read_json(?, format = 'newline_delimited')", [folder + "/calls.jsonl"])
one = lambda sql: con.execute(sql).fetchone()[0]
"#;

/// Counts and a few values, as JSON.
const QUERY: &str = r#"
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

/// Runs `query` (Python, after [`LOAD`]) over the export `folder`; the JSON it prints.
fn ask_duckdb(python: &PathBuf, query: &str, folder: &std::path::Path) -> Value {
    let output = Command::new(python)
        .arg("-c")
        .arg(format!("{LOAD}{query}"))
        .arg(folder)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "duckdb failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("json answer")
}

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

    let got = ask_duckdb(&python, QUERY, &target);
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

/// What a team asks of an export of its library: the slow calls, the barge-ins, the agent's
/// share, over the analysis figures the store keeps, with the calls not analysed left empty.
const FIGURES_QUERY: &str = r#"
print(json.dumps({
    "rows": one("SELECT count(*) FROM c"),
    "p90_type": one("SELECT typeof(latency_p90_s) FROM c LIMIT 1"),
    "interruptions_type": one("SELECT typeof(interruptions) FROM c LIMIT 1"),
    "analysed": one("SELECT count(*) FROM c WHERE interruptions IS NOT NULL"),
    "slow": one("SELECT count(*) FROM c WHERE latency_p90_s > 2"),
    "barge_ins": one("SELECT sum(interruptions) FROM c"),
    "share": one("SELECT round(avg(agent_talk_share), 3) FROM c"),
    "no_reply_p50": one("SELECT count(*) FROM c WHERE interruptions IS NOT NULL AND latency_p50_s IS NULL"),
    "with_recording": one("SELECT count(*) FROM c WHERE has_recording"),
    "recording_unknown": one("SELECT count(*) FROM c WHERE has_recording IS NULL"),
}))
"#;

#[test]
fn duckdb_reads_the_analysis_figures_of_an_exported_library() {
    let Some(python) = duckdb_python() else {
        return;
    };
    let t = library::TestStore::new();
    let global = t.global();
    let records: Vec<Value> = (0..200)
        .map(|i| {
            library::call(
                &format!("c{i}"),
                "completed",
                7,
                1_700_000_000 + i * 60,
                &["hello", "hi"],
            )
        })
        .collect();
    library::ingest(&t.store, global, &records);
    // Every fourth call analysed: one in two of those slow (p90 3.1 s) with a barge-in, and one
    // with no hand-off at all (no latency measured); the recordings of the analysed calls were
    // downloaded, one call's was missing, the rest never tried.
    let mut slow = 0;
    for i in (0..200).step_by(4) {
        let id = format!("c{i}");
        let f = match i {
            0 => library::figures(None, 0),
            _ if i % 8 == 0 => library::figures(Some(3.1), 1),
            _ => library::figures(Some(0.9), 0),
        };
        slow += usize::from(f.latency_p90_s.is_some_and(|p| p > 2.0));
        t.store
            .set_recording_available(global, &id, true)
            .expect("recording");
        assert!(t.store.put_figures(global, &id, &f).expect("figures"));
    }
    t.store
        .set_recording_available(global, "c1", false)
        .expect("recording");

    let dir = tempfile::tempdir().expect("dir");
    let target = dir.path().join("export");
    let options = ExportOptions {
        destination: Destination::Folder(target.clone()),
        format: ExportFormat::Txt,
        total: None,
    };
    let filter = Filter {
        accounts: vec![global],
        ..Filter::default()
    };
    export_library(&t.store, &filter, options, &mut |_| {}, &CancelFlag::new()).expect("export");

    let got = ask_duckdb(&python, FIGURES_QUERY, &target);
    assert_eq!(got["rows"], 200);
    assert_eq!(got["p90_type"], "DOUBLE");
    assert_eq!(got["interruptions_type"], "BIGINT");
    assert_eq!(got["analysed"], 50);
    assert_eq!(got["slow"], slow);
    assert_eq!(got["barge_ins"], slow);
    assert_eq!(got["share"], 0.6);
    assert_eq!(got["no_reply_p50"], 1);
    assert_eq!(got["with_recording"], 50);
    assert_eq!(got["recording_unknown"], 149);
}
