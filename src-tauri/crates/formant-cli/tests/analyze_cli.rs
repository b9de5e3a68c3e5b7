//! `formant analyze` end to end: the real binary over the analysis's labelled recordings.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn labelled(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../formant-analysis/tests/labelled")
        .join(name)
}

fn formant() -> Command {
    Command::cargo_bin("formant").expect("binary")
}

fn analyze_json(args: &[&str], wav: &Path) -> Value {
    let out = formant()
        .arg("analyze")
        .arg(wav)
        .args(args)
        .arg("--json")
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn truth(name: &str) -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(labelled(&format!("{name}.truth.json"))).expect("truth"),
    )
    .expect("json")
}

/// The keys the JSON shape names, at least, with their types.
fn assert_shape(v: &Value) {
    for key in [
        "duration_s",
        "channels",
        "agent_channel",
        "speech",
        "response_latencies",
        "interruptions",
        "silences",
        "talk_s",
        "summary",
    ] {
        assert!(v.get(key).is_some(), "{key} in {v}");
    }
    for side in ["agent", "customer"] {
        assert!(v["speech"][side].is_array() && v["talk_s"][side].is_f64());
    }
    for key in [
        "latency_p50_s",
        "latency_p90_s",
        "latency_max_s",
        "interruptions",
        "dead_air_s",
        "agent_talk_share",
        "time_to_first_word_s",
    ] {
        assert!(v["summary"].get(key).is_some(), "summary.{key}");
    }
    let sorted = |items: &Value, key: &str| {
        let t: Vec<f64> = items
            .as_array()
            .expect("array")
            .iter()
            .map(|e| e[key].as_f64().expect("time"))
            .collect();
        t.windows(2).all(|w| w[0] <= w[1])
    };
    assert!(sorted(&v["response_latencies"], "after_s"));
    assert!(sorted(&v["interruptions"], "at_s"));
    assert!(sorted(&v["silences"], "start_s"));
}

#[test]
fn json_has_the_documented_shape_and_the_labelled_figures() {
    let name = "en-echo24-mulaw8k";
    let v = analyze_json(
        &[
            "--transcript",
            labelled(&format!("{name}.conversation.json"))
                .to_str()
                .expect("path"),
        ],
        &labelled(&format!("{name}.wav")),
    );
    assert_shape(&v);
    assert_eq!(v["channels"], 2);
    assert_eq!(v["agent_channel"], "left");
    let truth = truth(name);
    let found = v["response_latencies"].as_array().expect("latencies");
    let expected = truth["response_latencies"].as_array().expect("latencies");
    assert_eq!(found.len(), expected.len());
    for (f, t) in found.iter().zip(expected) {
        let d = f["latency_s"].as_f64().expect("f") - t["latency_s"].as_f64().expect("t");
        assert!(d.abs() <= 0.1, "{f} vs {t}");
    }
    let by: Vec<&str> = v["interruptions"]
        .as_array()
        .expect("interruptions")
        .iter()
        .map(|i| i["by"].as_str().expect("by"))
        .collect();
    assert_eq!(by, ["customer", "agent"]);
    assert_eq!(v["summary"]["interruptions"], 2);
    assert_eq!(v["silences"].as_array().expect("silences").len(), 2);
}

#[test]
fn agent_channel_option_wins_over_the_transcript() {
    let name = "hi-clean-mulaw8k-agent-right";
    let conversation = labelled(&format!("{name}.conversation.json"));
    let wav = labelled(&format!("{name}.wav"));
    let from_transcript = analyze_json(&["--transcript", conversation.to_str().expect("p")], &wav);
    assert_eq!(from_transcript["agent_channel"], "right");
    let chosen = analyze_json(
        &[
            "--transcript",
            conversation.to_str().expect("p"),
            "--agent-channel",
            "left",
        ],
        &wav,
    );
    assert_eq!(chosen["agent_channel"], "left");
    assert_eq!(chosen["agent_channel_from"], "option");
    // Sides swapped: the customer now "answers" the agent.
    assert_ne!(
        chosen["speech"]["agent"],
        from_transcript["speech"]["agent"]
    );
}

#[test]
fn min_silence_changes_what_counts_as_dead_air() {
    let wav = labelled("en-clean-pcm8k.wav");
    let two = analyze_json(&[], &wav);
    let three = analyze_json(&["--min-silence", "3"], &wav);
    assert_eq!(two["silences"].as_array().expect("s").len(), 2);
    assert_eq!(three["silences"].as_array().expect("s").len(), 1);
}

#[test]
fn the_readable_summary_names_the_figures() {
    let name = "en-clean-pcm8k";
    let out = formant()
        .arg("analyze")
        .arg(labelled(&format!("{name}.wav")))
        .arg("--transcript")
        .arg(labelled(&format!("{name}.conversation.json")))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    for needle in [
        "agent on the left (from the transcript)",
        "Response latency  p50",
        "Interruptions     2 (agent 1, customer 1)",
        "Dead air",
        "agent share",
        "1 of 9 turns off by more than 0.5 s",
        "turn 5: stated",
    ] {
        assert!(text.contains(needle), "{needle} in\n{text}");
    }
    let mono = formant()
        .arg("analyze")
        .arg(labelled("hi-mono-u8-44k.wav"))
        .output()
        .expect("runs");
    let text = String::from_utf8(mono.stdout).expect("utf-8");
    assert!(text.contains("only whole-call figures"), "{text}");
    assert!(!text.contains("Response latency"), "{text}");
}

#[test]
fn bad_input_is_a_clear_error_with_its_exit_code() {
    let dir = tempfile::tempdir().expect("dir");
    let html = dir.path().join("call.wav");
    std::fs::write(
        &html,
        "<!DOCTYPE html><html><body>Bad gateway</body></html>",
    )
    .expect("w");
    let out = formant().arg("analyze").arg(&html).output().expect("runs");
    assert_eq!(out.status.code(), Some(11));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot analyse the recording") && err.contains("HTML"),
        "{err}"
    );

    let wav = labelled("en-clean-pcm8k.wav");
    let not_json = dir.path().join("call.json");
    std::fs::write(&not_json, "not json").expect("w");
    let out = formant()
        .arg("analyze")
        .arg(&wav)
        .arg("--transcript")
        .arg(&not_json)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(9));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("is not a call's JSON") && err.contains("conversations get"),
        "{err}"
    );

    let out = formant()
        .arg("analyze")
        .arg(&wav)
        .arg("--transcript")
        .arg(dir.path().join("missing.json"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(8));

    let out = formant()
        .arg("analyze")
        .arg(&wav)
        .args(["--min-silence", "0"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(9));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--min-silence"));

    let out = formant()
        .arg("analyze")
        .arg(&wav)
        .args(["--agent-channel", "middle"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_api_envelope_is_accepted_as_a_transcript() {
    let name = "hi-clean-mulaw8k-agent-right";
    let call: Value = serde_json::from_str(
        &std::fs::read_to_string(labelled(&format!("{name}.conversation.json"))).expect("read"),
    )
    .expect("json");
    let dir = tempfile::tempdir().expect("dir");
    let enveloped = dir.path().join("get.json");
    std::fs::write(&enveloped, serde_json::json!({ "data": call }).to_string()).expect("w");
    let v = analyze_json(
        &["--transcript", enveloped.to_str().expect("p")],
        &labelled(&format!("{name}.wav")),
    );
    assert_eq!(v["agent_channel"], "right");
}
