//! Measures a bulk export of N generated calls (default 100,000) to a folder or a zip:
//! `cargo run --release -p formant-export --example export_bench -- 100000 /tmp/out.zip`.
//! Prints calls per second; run under `/usr/bin/time -v` for the peak memory.

use std::convert::Infallible;
use std::path::PathBuf;
use std::time::Instant;

use formant_export::{
    export_calls, CallRecord, CancelFlag, Destination, ExportFormat, ExportOptions,
};
use serde_json::json;

fn call(i: u64) -> serde_json::Value {
    let status = ["completed", "failed", "busy", "no_answer"][(i % 4) as usize];
    json!({
        "agent_id": i % 40, "contact_number": format!("+9198765{:05}", i % 100_000),
        "conversation_id": format!("bench-{i:08}"), "duration_seconds": 30 + i % 600,
        "start_timestamp": 1_773_000_000_000_u64 + i * 60_000,
        "end_timestamp": 1_773_000_030_000_u64 + i * 60_000,
        "status": status,
        "results": {
            "call_quality": "good", "intent": format!("intent-{}", i % 25),
            "sentiment_analysis": {"overall_sentiment": "positive", "confidence": 0.5},
            "tags": ["refund", "billing"]
        },
        "transcript": (0..12).map(|t| json!({
            "speaker": if t % 2 == 0 { "agent" } else { "customer" },
            "start_time": t * 5, "end_time": t * 5 + 4,
            "text": "नमस्ते, I would like a refund for my last order please, it arrived broken."
        })).collect::<Vec<_>>()
    })
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let target = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "/tmp/formant-export-bench.zip".into()),
    );
    let options = ExportOptions {
        destination: Destination::from_path(&target),
        format: ExportFormat::Txt,
        total: Some(n),
    };
    let start = Instant::now();
    let calls = (0..n).map(|i| Ok::<_, Infallible>(CallRecord::from_json(call(i))));
    match export_calls(calls, &options, &mut |_| {}, &CancelFlag::new()) {
        Ok(summary) => {
            let secs = start.elapsed().as_secs_f64();
            println!(
                "{} calls to {} in {secs:.1} s: {:.0} calls/s",
                summary.calls,
                target.display(),
                summary.calls as f64 / secs
            );
        }
        Err(e) => {
            eprintln!("export failed: {e}");
            std::process::exit(1);
        }
    }
}
