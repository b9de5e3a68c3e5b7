//! The labelled set (`tests/labelled/`, made by `make-labelled-set.py`) and how a result is
//! scored against its truth.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use formant_analysis::CallAnalysis;
use formant_core::Conversation;
use serde_json::Value;

/// Speech boundaries must be found within this of the truth.
pub const BOUNDARY_TOLERANCE_S: f64 = 0.08;
/// Every response latency within this of the truth.
pub const LATENCY_TOLERANCE_S: f64 = 0.1;
/// An interruption or a dead-air stretch is the same event when its time is within this.
pub const EVENT_TOLERANCE_S: f64 = 0.25;

pub fn labelled_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/labelled")
}

pub struct LabelledCall {
    pub name: String,
    pub wav: PathBuf,
    pub truth: Value,
    pub conversation: Conversation,
}

impl LabelledCall {
    pub fn noisy(&self) -> bool {
        !self.truth["noise_dbfs"].is_null() || !self.truth["echo_db"].is_null()
    }
}

pub fn labelled_set() -> Vec<LabelledCall> {
    let mut names: Vec<String> = std::fs::read_dir(labelled_dir())
        .expect("the labelled set")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".truth.json"))
                .map(str::to_owned)
        })
        .collect();
    names.sort();
    names.into_iter().map(|name| load(&name)).collect()
}

pub fn load(name: &str) -> LabelledCall {
    let dir = labelled_dir();
    let read = |suffix: &str| -> Value {
        let text = std::fs::read_to_string(dir.join(format!("{name}{suffix}"))).expect("read");
        serde_json::from_str(&text).expect("json")
    };
    LabelledCall {
        name: name.to_owned(),
        wav: dir.join(format!("{name}.wav")),
        truth: read(".truth.json"),
        conversation: Conversation::from_json(read(".conversation.json")).expect("a call"),
    }
}

pub fn spans(value: &Value) -> Vec<(f64, f64)> {
    value
        .as_array()
        .expect("spans")
        .iter()
        .map(|s| (s[0].as_f64().expect("start"), s[1].as_f64().expect("end")))
        .collect()
}

/// Largest boundary error over the true segments (each matched to the found one it overlaps
/// most), and how many found segments match no true one.
pub struct SegmentScore {
    pub worst_boundary_s: f64,
    pub missed: usize,
    pub extra: usize,
    /// found − true, of every matched start and end.
    pub start_errors: Vec<f64>,
    pub end_errors: Vec<f64>,
}

pub fn score_segments(truth: &[(f64, f64)], found: &[(f64, f64)]) -> SegmentScore {
    let overlap = |a: (f64, f64), b: (f64, f64)| (a.1.min(b.1) - a.0.max(b.0)).max(0.0);
    let mut worst: f64 = 0.0;
    let mut missed = 0;
    let (mut start_errors, mut end_errors) = (Vec::new(), Vec::new());
    for t in truth {
        match found
            .iter()
            .filter(|f| overlap(*t, **f) > 0.0)
            .max_by(|a, b| overlap(*t, **a).total_cmp(&overlap(*t, **b)))
        {
            Some(f) => {
                worst = worst.max((f.0 - t.0).abs()).max((f.1 - t.1).abs());
                start_errors.push(f.0 - t.0);
                end_errors.push(f.1 - t.1);
            }
            None => missed += 1,
        }
    }
    let extra = found
        .iter()
        .filter(|f| !truth.iter().any(|t| overlap(*t, **f) > 0.0))
        .count();
    SegmentScore {
        worst_boundary_s: worst,
        missed,
        extra,
        start_errors,
        end_errors,
    }
}

/// Precision and recall of found event times against true ones (greedy one-to-one matching
/// within `tolerance`).
pub fn precision_recall(truth: &[f64], found: &[f64], tolerance: f64) -> (f64, f64) {
    let mut used = vec![false; found.len()];
    let mut hits = 0;
    for t in truth {
        if let Some(i) = (0..found.len())
            .filter(|&i| !used[i] && (found[i] - t).abs() <= tolerance)
            .min_by(|&a, &b| (found[a] - t).abs().total_cmp(&(found[b] - t).abs()))
        {
            used[i] = true;
            hits += 1;
        }
    }
    let ratio = |n: usize, d: usize| if d == 0 { 1.0 } else { n as f64 / d as f64 };
    (ratio(hits, found.len()), ratio(hits, truth.len()))
}

pub fn times(value: &Value, key: &str) -> Vec<f64> {
    value
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e[key].as_f64().expect("a time"))
        .collect()
}

pub struct SetScore {
    pub name: String,
    pub noisy: bool,
    pub worst_boundary_s: f64,
    pub missed: usize,
    pub extra: usize,
    pub worst_latency_s: f64,
    pub latencies: (usize, usize),
    pub interruptions: (f64, f64),
    pub dead_air: (f64, f64),
}

pub fn score(call: &LabelledCall, result: &CallAnalysis) -> SetScore {
    let json = serde_json::to_value(result).expect("serialises");
    let truth = &call.truth;
    let mut worst_boundary_s: f64 = 0.0;
    let (mut missed, mut extra) = (0, 0);
    for side in ["agent", "customer"] {
        let s = score_segments(
            &spans(&truth["speech"][side]),
            &spans(&json["speech"][side]),
        );
        worst_boundary_s = worst_boundary_s.max(s.worst_boundary_s);
        missed += s.missed;
        extra += s.extra;
    }
    let true_latencies = truth["response_latencies"].as_array().expect("latencies");
    let found_latencies = json["response_latencies"].as_array().expect("latencies");
    let mut worst_latency_s: f64 = 0.0;
    for t in true_latencies {
        let after = t["after_s"].as_f64().expect("after");
        let found = found_latencies.iter().min_by(|a, b| {
            let d = |x: &Value| (x["after_s"].as_f64().unwrap_or(f64::MAX) - after).abs();
            d(a).total_cmp(&d(b))
        });
        let error = found.map_or(f64::INFINITY, |f| {
            (f["latency_s"].as_f64().unwrap_or(f64::MAX) - t["latency_s"].as_f64().expect("l"))
                .abs()
        });
        worst_latency_s = worst_latency_s.max(error);
    }
    SetScore {
        name: call.name.clone(),
        noisy: call.noisy(),
        worst_boundary_s,
        missed,
        extra,
        worst_latency_s,
        latencies: (true_latencies.len(), found_latencies.len()),
        interruptions: precision_recall(
            &times(&truth["interruptions"], "at_s"),
            &times(&json["interruptions"], "at_s"),
            EVENT_TOLERANCE_S,
        ),
        dead_air: precision_recall(
            &times(&truth["silences"], "start_s"),
            &times(&json["silences"], "start_s"),
            EVENT_TOLERANCE_S,
        ),
    }
}
