//! Bad input gets what `formant peaks` gets: a clear error, or — for audio with nobody
//! speaking — empty but valid figures, never nonsense, a crash or a hang.

mod common;

use std::path::{Path, PathBuf};

use formant_analysis::{analyze_path, AnalysisError, AnalysisOptions, CallAnalysis};

fn decode_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../formant-audio/tests/fixtures/decode")
        .join(name)
}

fn analyze(path: &Path) -> Result<CallAnalysis, AnalysisError> {
    analyze_path(path, &[], &AnalysisOptions::default())
}

/// A 16-bit PCM WAV of `channels` channels, frame `i` of channel `c` given by `sample`.
fn write_wav(
    path: &Path,
    rate: u32,
    channels: u16,
    frames: usize,
    mut sample: impl FnMut(usize, u16) -> i16,
) {
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(path, spec).expect("create");
    for i in 0..frames {
        for c in 0..channels {
            writer.write_sample(sample(i, c)).expect("write");
        }
    }
    writer.finalize().expect("finalize");
}

/// A labelled call's format and interleaved 16-bit samples.
fn labelled_samples(name: &str) -> (hound::WavSpec, Vec<i16>) {
    let call = common::load(name);
    let mut reader = hound::WavReader::open(&call.wav).expect("open");
    let samples = reader
        .samples::<i16>()
        .map(|s| s.expect("sample"))
        .collect();
    (reader.spec(), samples)
}

/// Nothing found: no speech, no events, no figures that would need speech.
fn assert_empty(a: &CallAnalysis) {
    assert!(a.voice.is_empty(), "{:?}", a.voice);
    assert!(a.speech.agent.is_empty() && a.speech.customer.is_empty());
    assert!(a.response_latencies.is_empty() && a.interruptions.is_empty());
    assert!(
        a.silences.is_empty(),
        "no speech, so no dead air between speech"
    );
    assert_eq!(a.summary.latency_p50_s, None);
    assert_eq!(a.summary.agent_talk_share, None);
    assert_eq!(a.summary.time_to_first_word_s, None);
    assert_eq!(a.summary.speech_s, 0.0);
}

#[test]
fn files_that_are_not_recordings_are_clear_errors() {
    for name in [
        "broken-not-wav.wav",
        "broken-empty.wav",
        "broken-riff-only.wav",
    ] {
        let err = analyze(&decode_fixture(name)).expect_err(name);
        assert!(matches!(err, AnalysisError::Decode(_)), "{name}: {err:?}");
        assert!(
            err.to_string().contains("WAV") || err.to_string().contains("audio"),
            "{name}: {err}"
        );
    }
    let missing = analyze(&decode_fixture("no-such-file.wav")).expect_err("missing");
    assert!(
        missing.to_string().contains("no-such-file.wav"),
        "{missing}"
    );
    let four = analyze(&decode_fixture("speech-8k-4ch.wav")).expect_err("four channels");
    assert!(four.to_string().contains("4 channels"), "{four}");
}

#[test]
fn damaged_files_are_analysed_as_far_as_they_go_or_refused() {
    for name in [
        "broken-truncated.wav",
        "broken-data-size-too-long.wav",
        "broken-data-size-too-short.wav",
        "broken-data-exceeds-riff.wav",
        "broken-zero-samples.wav",
    ] {
        match analyze(&decode_fixture(name)) {
            Ok(a) => {
                assert!(a.duration_s >= 0.0 && a.duration_s < 60.0, "{name}");
                assert!(a.summary.dead_air_s <= a.duration_s, "{name}");
            }
            Err(err) => assert!(!err.to_string().is_empty(), "{name}"),
        }
    }
}

#[test]
fn a_labelled_call_cut_in_half_keeps_what_was_heard_before_the_cut() {
    let call = common::load("en-clean-pcm8k");
    let bytes = std::fs::read(&call.wav).expect("read");
    let dir = tempfile::tempdir().expect("dir");
    let cut = dir.path().join("cut.wav");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("write");
    let a = analyze(&cut).expect("the first half is analysed");
    let full = call.truth["duration_s"].as_f64().expect("duration");
    assert!((a.duration_s - full / 2.0).abs() < 0.1, "{}", a.duration_s);
    let first = a.speech.agent.first().expect("the greeting");
    assert!((first.0 - 0.6).abs() < 0.08, "{first:?}");
}

#[test]
fn silence_noise_and_a_single_sample_give_empty_figures() {
    let dir = tempfile::tempdir().expect("dir");
    let silence = dir.path().join("silence.wav");
    write_wav(&silence, 8000, 2, 8000 * 10, |_, _| 0);
    assert_empty(&analyze(&silence).expect("silence"));

    // White noise at about -20 dBFS, on both channels: no one is speaking.
    let noise = dir.path().join("noise.wav");
    let mut state: u32 = 12345;
    write_wav(&noise, 8000, 2, 8000 * 10, |_, _| {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
        ((state >> 16) as i16) / 6
    });
    assert_empty(&analyze(&noise).expect("noise"));

    let one = dir.path().join("one.wav");
    write_wav(&one, 8000, 1, 1, |_, _| 1000);
    let a = analyze(&one).expect("a single sample");
    assert_empty(&a);
    assert!(a.duration_s < 0.001);
}

#[test]
fn a_recording_at_full_scale_is_analysed() {
    // A labelled call turned up until it clips (a hot line, or a mono mix of two voices
    // talking at once): resampling to the detector's 16 kHz overshoots ±1 at the clipped
    // edges, which the detector refuses; the analysis must still find the speech.
    let (spec, samples) = labelled_samples("en-clean-pcm8k");
    let loud: Vec<i16> = samples.iter().map(|s| s.saturating_mul(16)).collect();
    let dir = tempfile::tempdir().expect("dir");
    let hot = dir.path().join("hot.wav");
    let channels = spec.channels;
    write_wav(
        &hot,
        spec.sample_rate,
        channels,
        loud.len() / usize::from(channels),
        |i, c| loud[i * usize::from(channels) + usize::from(c)],
    );
    let a = analyze(&hot).expect("a clipped recording is analysed");
    assert!(!a.speech.agent.is_empty() && !a.speech.customer.is_empty());
}

#[test]
fn one_silent_channel_gives_one_side_and_no_hand_offs() {
    let (spec, samples) = labelled_samples("en-clean-pcm8k");
    let dir = tempfile::tempdir().expect("dir");
    let agent_only = dir.path().join("agent-only.wav");
    write_wav(
        &agent_only,
        spec.sample_rate,
        2,
        samples.len() / 2,
        |i, c| {
            if c == 0 {
                samples[i * 2]
            } else {
                0
            }
        },
    );
    let a = analyze(&agent_only).expect("analyses");
    assert_eq!(a.speech.agent.len(), 5, "{:?}", a.speech.agent);
    assert!(a.speech.customer.is_empty());
    assert!(a.response_latencies.is_empty() && a.interruptions.is_empty());
    assert_eq!(a.summary.agent_talk_share, Some(1.0));
}

#[test]
fn an_impossible_minimum_silence_is_refused() {
    let call = common::load("en-clean-pcm8k");
    for bad in [0.0, -1.0, f64::NAN, 1e9] {
        let options = AnalysisOptions {
            min_silence_s: bad,
            ..AnalysisOptions::default()
        };
        let err = analyze_path(&call.wav, &[], &options).expect_err("refused");
        assert!(
            matches!(err, AnalysisError::InvalidMinSilence(_)),
            "{err:?}"
        );
    }
}
