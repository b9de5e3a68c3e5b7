//! The two voice detectors considered, measured on the labelled set: earshot 1.x (a small
//! neural network, the one used) and earshot 0.1 (a pure-Rust port of the WebRTC VAD, the
//! classic telephony detector, in its QUALITY and VERY_AGGRESSIVE profiles). Each reads the
//! same 16 kHz audio of every two-channel set; its raw per-frame decisions are scored every
//! 10 ms against the truth of that channel's side (before any of the analysis's own rules).
//! Then both go through the whole analysis (the same level gate, crosstalk and segment rules;
//! the WebRTC decisions replace earshot's per 16 ms frame) and are scored as the analysis is.
//! Through the analysis the edges come from the level gate, so both place them alike; what
//! tells them apart is what they call speech in the first place: a third table scores loud
//! sounds that are not speech (line noise bursts, a tone, a dial-tone pair).
//! `--nocapture` prints the tables.

mod common;

use common::*;
use formant_analysis::vad::{ChannelVad, Frame, MIN_SPEECH_LEVEL_DB};
use formant_analysis::{analyze_frames, AnalysisOptions};

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: u64,
    fp: u64,
    fn_: u64,
}

impl Counts {
    fn add(&mut self, truth: bool, found: bool) {
        match (truth, found) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            _ => {}
        }
    }
    fn f1(self) -> f64 {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn precision(self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn recall(self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
}

/// Each channel at 16 kHz, as the analysis reads it.
fn channels_16k(path: &std::path::Path) -> Vec<Vec<f32>> {
    let mut out: Vec<Vec<f32>> = Vec::new();
    formant_analysis::for_each_block_16k(path, |block| {
        out.resize_with(block.len(), Vec::new);
        for (all, samples) in out.iter_mut().zip(block) {
            all.extend_from_slice(samples);
        }
    })
    .expect("decodes");
    out
}

/// Per-10 ms decisions of a detector that decides `frame` samples at a time.
fn ticks(samples: &[f32], frame: usize, mut decide: impl FnMut(&[f32]) -> bool) -> Vec<bool> {
    let mut out = Vec::new();
    for chunk in samples.chunks_exact(frame) {
        let speech = decide(chunk);
        // 160 samples per 10 ms tick at 16 kHz.
        out.extend(std::iter::repeat_n(speech, frame / 160));
        if frame % 160 != 0 {
            out.push(speech);
        }
    }
    out
}

fn earshot_ticks(samples: &[f32]) -> Vec<bool> {
    // 256-sample frames do not fall on 10 ms ticks: decide per frame, then read per tick.
    let mut detector = earshot::Detector::default();
    let frames: Vec<bool> = samples
        .chunks_exact(256)
        .map(|f| detector.predict_f32(f) >= 0.5)
        .collect();
    (0..samples.len() / 160)
        .map(|tick| frames.get(tick * 160 / 256).copied().unwrap_or(false))
        .collect()
}

fn webrtc_ticks(samples: &[f32], profile: earshot_webrtc::VoiceActivityProfile) -> Vec<bool> {
    let mut vad = earshot_webrtc::VoiceActivityDetector::new(profile);
    ticks(samples, 480, |f| {
        let pcm: Vec<i16> = f.iter().map(|x| (x * 32767.0) as i16).collect();
        vad.predict_16khz(&pcm).unwrap_or(false)
    })
}

#[test]
fn earshot_beats_the_webrtc_vad_on_the_labelled_set() {
    use earshot_webrtc::VoiceActivityProfile;
    let names = ["earshot 1.2", "webrtc QUALITY", "webrtc VERY_AGGR"];
    let mut overall = [Counts::default(); 3];
    println!(
        "{:<30} {:>22} {:>22} {:>22}",
        "set (P/R/F1)", names[0], names[1], names[2]
    );
    for call in labelled_set().iter().filter(|c| c.truth["channels"] == 2) {
        let audio = channels_16k(&call.wav);
        let agent_index = if call.truth["agent_channel"] == "right" {
            1
        } else {
            0
        };
        let mut counts = [Counts::default(); 3];
        for (c, samples) in audio.iter().enumerate() {
            let side = if c == agent_index {
                "agent"
            } else {
                "customer"
            };
            let truth = spans(&call.truth["speech"][side]);
            let decisions = [
                earshot_ticks(samples),
                webrtc_ticks(samples, VoiceActivityProfile::QUALITY),
                webrtc_ticks(samples, VoiceActivityProfile::VERY_AGGRESSIVE),
            ];
            for (d, found) in decisions.iter().enumerate() {
                for (tick, speech) in found.iter().enumerate() {
                    let t = tick as f64 * 0.01 + 0.005;
                    let heard = truth.iter().any(|s| s.0 <= t && t < s.1);
                    counts[d].add(heard, *speech);
                    overall[d].add(heard, *speech);
                }
            }
        }
        let cell = |c: Counts| format!("{:.2}/{:.2}/{:.2}", c.precision(), c.recall(), c.f1());
        println!(
            "{:<30} {:>22} {:>22} {:>22}",
            call.name,
            cell(counts[0]),
            cell(counts[1]),
            cell(counts[2])
        );
    }
    let f1: Vec<f64> = overall.iter().map(|c| c.f1()).collect();
    println!(
        "{:<30} {:>22.3} {:>22.3} {:>22.3}",
        "overall F1", f1[0], f1[1], f1[2]
    );

    // Through the whole analysis.
    println!(
        "\n{:<30} {:>26} {:>26}",
        "set (boundary/latency ms, interr R)", "earshot 1.2", "webrtc VERY_AGGR"
    );
    let mut worst = [0.0f64; 2];
    for call in labelled_set().iter().filter(|c| c.truth["channels"] == 2) {
        let audio = channels_16k(&call.wav);
        let earshot_frames: Vec<Vec<Frame>> = audio
            .iter()
            .map(|samples| {
                let mut vad = ChannelVad::default();
                vad.push(samples);
                vad.finish()
            })
            .collect();
        let webrtc_frames: Vec<Vec<Frame>> = audio
            .iter()
            .zip(&earshot_frames)
            .map(|(samples, frames)| {
                let ticks = webrtc_ticks(samples, VoiceActivityProfile::VERY_AGGRESSIVE);
                frames
                    .iter()
                    .enumerate()
                    .map(|(k, f)| Frame {
                        // The tick at the frame's centre (16 ms frames, 10 ms ticks).
                        speech: ticks.get((k * 16 + 8) / 10).copied().unwrap_or(false)
                            && f.level_db >= MIN_SPEECH_LEVEL_DB,
                        level_db: f.level_db,
                    })
                    .collect()
            })
            .collect();
        let duration = call.truth["duration_s"].as_f64().expect("duration");
        let cells: Vec<String> = [earshot_frames, webrtc_frames]
            .into_iter()
            .enumerate()
            .map(|(d, frames)| {
                let a = analyze_frames(
                    frames,
                    duration,
                    call.conversation.turns(),
                    &AnalysisOptions::default(),
                );
                let s = score(call, &a);
                if !call.name.contains("noise32") {
                    worst[d] = worst[d].max(s.worst_boundary_s);
                }
                format!(
                    "{:.0}/{:.0}/{:.2}",
                    s.worst_boundary_s * 1000.0,
                    s.worst_latency_s * 1000.0,
                    s.interruptions.1
                )
            })
            .collect();
        println!("{:<30} {:>26} {:>26}", call.name, cells[0], cells[1]);
    }
    println!(
        "worst boundary outside -32 dBFS noise: earshot {:.0} ms, webrtc {:.0} ms",
        worst[0] * 1000.0,
        worst[1] * 1000.0
    );
    assert!(
        worst[0] <= worst[1],
        "earshot must place boundaries at least as well: {worst:?}"
    );
}

/// Seconds of `samples` (16 kHz) a detector calls speech.
fn speech_seconds(ticks: &[bool]) -> f64 {
    ticks.iter().filter(|t| **t).count() as f64 * 0.01
}

#[test]
fn earshot_does_not_call_loud_non_speech_speech_where_the_webrtc_vad_does() {
    use earshot_webrtc::VoiceActivityProfile;
    use std::f32::consts::TAU;
    let seconds = 5;
    let n = 16_000 * seconds;
    let mut state: u32 = 7;
    let mut white = || {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
        ((state >> 16) as i16) as f32 / 32768.0
    };
    let sounds: Vec<(&str, Vec<f32>)> = vec![
        (
            "white noise -20 dBFS",
            (0..n).map(|_| white() * 0.17).collect(),
        ),
        (
            "1 kHz tone -12 dBFS",
            (0..n)
                .map(|i| 0.35 * (TAU * 1000.0 * i as f32 / 16_000.0).sin())
                .collect(),
        ),
        (
            "dial tone 350+440 Hz",
            (0..n)
                .map(|i| {
                    let t = i as f32 / 16_000.0;
                    0.2 * (TAU * 350.0 * t).sin() + 0.2 * (TAU * 440.0 * t).sin()
                })
                .collect(),
        ),
    ];
    let mut totals = [0.0f64; 2];
    println!(
        "{:<24} {:>14} {:>18}",
        "sound (5 s)", "earshot 1.2", "webrtc VERY_AGGR"
    );
    for (name, samples) in &sounds {
        let e = speech_seconds(&earshot_ticks(samples));
        let w = speech_seconds(&webrtc_ticks(
            samples,
            VoiceActivityProfile::VERY_AGGRESSIVE,
        ));
        totals[0] += e;
        totals[1] += w;
        println!("{name:<24} {e:>12.2} s {w:>16.2} s");
    }
    // A dial tone's two steady partials pass for a voice with both (a known false alarm; the
    // analysis has no tone filter).
    assert!(totals[0] < totals[1], "{totals:?}");
    let tone = speech_seconds(&earshot_ticks(&sounds[2].1));
    assert!(
        totals[0] - tone < 0.5,
        "earshot calls noise or a pure tone speech"
    );
}
