//! The analysis against the labelled set: real speech (espeak-ng, English and Hindi) placed at
//! known times, clean, with line noise and with echo, 8 kHz PCM and mu-law, mono at 16 and
//! 44.1 kHz. Prints the figures per set (`cargo test -p formant-analysis --test labelled --
//! --nocapture`) and asserts the accuracy the analysis promises.

mod common;

use common::*;
use formant_analysis::{analyze_path, AnalysisOptions};
use serde_json::Value;

fn scores() -> Vec<SetScore> {
    labelled_set()
        .iter()
        .map(|call| {
            let result = analyze_path(
                &call.wav,
                call.conversation.turns(),
                &AnalysisOptions::default(),
            )
            .expect("analyses");
            score(call, &result)
        })
        .collect()
}

#[test]
fn the_labelled_set_is_measured_within_the_promised_accuracy() {
    let scores = scores();
    println!(
        "{:<30} {:>9} {:>6} {:>5} {:>9} {:>7} {:>11} {:>11}",
        "set", "boundary", "missed", "extra", "latency", "n", "interr P/R", "dead air P/R"
    );
    for s in &scores {
        println!(
            "{:<30} {:>8.0}ms {:>6} {:>5} {:>7.0}ms {:>3}/{:<3} {:>5.2}/{:<5.2} {:>5.2}/{:<5.2}",
            s.name,
            s.worst_boundary_s * 1000.0,
            s.missed,
            s.extra,
            s.worst_latency_s * 1000.0,
            s.latencies.1,
            s.latencies.0,
            s.interruptions.0,
            s.interruptions.1,
            s.dead_air.0,
            s.dead_air.1
        );
    }
    let mut failures = Vec::new();
    for s in &scores {
        let limits = Limits::of(s);
        if s.worst_boundary_s > limits.boundary_s || s.missed > 0 || s.extra > 0 {
            failures.push(format!("{}: speech boundaries", s.name));
        }
        if s.worst_latency_s > limits.latency_s || s.latencies.0 != s.latencies.1 {
            failures.push(format!("{}: response latencies", s.name));
        }
        if s.interruptions.0 < limits.events || s.interruptions.1 < limits.events {
            failures.push(format!("{}: interruptions", s.name));
        }
        if s.dead_air.0 < limits.dead_air || s.dead_air.1 < limits.dead_air {
            failures.push(format!("{}: dead air", s.name));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// What each kind of set must meet.
struct Limits {
    boundary_s: f64,
    latency_s: f64,
    /// Interruptions: precision and recall at least this.
    events: f64,
    dead_air: f64,
}

impl Limits {
    fn of(set: &SetScore) -> Limits {
        let floor = if set.noisy { 0.9 } else { 1.0 };
        if set.name.contains("mono") {
            // One channel cannot tell two voices apart: where both sides speak at once, the
            // edge between them is the transcript's stated time, not the audio's.
            return Limits {
                boundary_s: 0.11,
                latency_s: LATENCY_TOLERANCE_S,
                events: floor,
                dead_air: floor,
            };
        }
        Limits {
            boundary_s: BOUNDARY_TOLERANCE_S,
            latency_s: LATENCY_TOLERANCE_S,
            events: floor,
            dead_air: floor,
        }
    }
}

fn analyze_with(
    call: &LabelledCall,
    turns: &[formant_core::Turn],
    options: AnalysisOptions,
) -> Value {
    let result = analyze_path(&call.wav, turns, &options).expect("analyses");
    serde_json::to_value(result).expect("serialises")
}

#[test]
fn the_agent_channel_comes_from_the_option_then_the_transcript_then_defaults_to_left() {
    use formant_analysis::Channel;
    let call = load("hi-clean-mulaw8k-agent-right");
    let from_transcript =
        analyze_with(&call, call.conversation.turns(), AnalysisOptions::default());
    assert_eq!(from_transcript["agent_channel"], "right");
    assert_eq!(from_transcript["agent_channel_from"], "transcript");
    let s = score_segments(
        &spans(&call.truth["speech"]["agent"]),
        &spans(&from_transcript["speech"]["agent"]),
    );
    assert!(s.worst_boundary_s <= BOUNDARY_TOLERANCE_S && s.missed == 0);

    let chosen = AnalysisOptions {
        agent_channel: Some(Channel::Left),
        ..AnalysisOptions::default()
    };
    let overridden = analyze_with(&call, call.conversation.turns(), chosen);
    assert_eq!(overridden["agent_channel"], "left");
    assert_eq!(overridden["agent_channel_from"], "option");

    let default = analyze_with(&call, &[], AnalysisOptions::default());
    assert_eq!(default["agent_channel"], "left");
    assert_eq!(default["agent_channel_from"], "default");
    assert_eq!(default["drift"], serde_json::json!([]));
    assert_eq!(default["words_per_minute"]["agent"], Value::Null);
}

#[test]
fn mono_without_turn_times_gives_whole_call_figures_only() {
    let call = load("en-mono-pcm16k");
    // The same call with its turns in the other documented shape, which has no times.
    let untimed: Vec<formant_core::Turn> = call
        .conversation
        .turns()
        .iter()
        .map(|t| {
            formant_core::Turn::from_json(&serde_json::json!({
                "role": if t.speaker == formant_core::Speaker::Agent { "assistant" } else { "user" },
                "message": t.text,
            }))
        })
        .collect();
    let a = analyze_with(&call, &untimed, AnalysisOptions::default());
    assert_eq!(a["agent_channel"], Value::Null);
    assert_eq!(a["speech"]["agent"], serde_json::json!([]));
    assert_eq!(a["response_latencies"], serde_json::json!([]));
    assert_eq!(a["summary"]["latency_p50_s"], Value::Null);
    assert_eq!(a["summary"]["agent_talk_share"], Value::Null);
    // Both sides' truth as one voice; gaps near the turn-pause limit (a 0.45 s reply) may fall
    // either way, so both lists are compared with gaps under 0.6 s closed.
    let close = |mut all: Vec<(f64, f64)>| {
        all.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut merged: Vec<(f64, f64)> = Vec::new();
        for s in all {
            match merged.last_mut() {
                Some(last) if s.0 - last.1 < 0.6 => last.1 = last.1.max(s.1),
                _ => merged.push(s),
            }
        }
        merged
    };
    let mut truth_voice = spans(&call.truth["speech"]["agent"]);
    truth_voice.extend(spans(&call.truth["speech"]["customer"]));
    let truth_voice = close(truth_voice);
    let s = score_segments(&truth_voice, &close(spans(&a["voice"])));
    assert!(
        s.worst_boundary_s <= BOUNDARY_TOLERANCE_S,
        "{}",
        s.worst_boundary_s
    );
    assert_eq!((s.missed, s.extra), (0, 0));
    let (p, r) = precision_recall(
        &times(&call.truth["silences"], "start_s"),
        &times(&a["silences"], "start_s"),
        EVENT_TOLERANCE_S,
    );
    assert_eq!((p, r), (1.0, 1.0));
}

#[test]
fn the_late_turn_is_flagged_as_drift_and_no_other() {
    for name in ["en-clean-pcm8k", "hi-clean-mulaw8k", "en-mono-pcm16k"] {
        let call = load(name);
        let a = analyze_with(&call, call.conversation.turns(), AnalysisOptions::default());
        let flagged: Vec<u64> = a["drift"]
            .as_array()
            .expect("drift")
            .iter()
            .filter(|d| d["flagged"] == true)
            .map(|d| d["turn"].as_u64().expect("turn"))
            .collect();
        assert_eq!(flagged, vec![4], "{name}: {}", a["drift"]);
        let late = &a["drift"][4];
        let offset = late["offset_s"].as_f64().expect("offset");
        assert!((offset + 0.8).abs() < 0.1, "{name}: {late}");
        assert_eq!(a["summary"]["drifted_turns"], 1);
    }
}

#[test]
fn a_longer_minimum_silence_finds_less_dead_air() {
    let call = load("en-clean-pcm8k");
    let options = AnalysisOptions {
        min_silence_s: 3.0,
        ..AnalysisOptions::default()
    };
    let a = analyze_with(&call, call.conversation.turns(), options);
    // Of the two dead-air stretches (3.2 s and 2.4 s) only the first is 3 s or more.
    let found = times(&a["silences"], "start_s");
    assert_eq!(found.len(), 1, "{found:?}");
    let first = call.truth["silences"][0]["start_s"]
        .as_f64()
        .expect("start");
    assert!((found[0] - first).abs() < EVENT_TOLERANCE_S);
    assert_eq!(a["settings"]["min_silence_s"], 3.0);
}
