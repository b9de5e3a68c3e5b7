//! Decode matrix over the fixtures in `fixtures/decode` (made by `fixtures/decode/generate.sh`).
//! Every case runs under a timeout guard so a decoder that hangs fails the test instead of
//! stalling the run.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use formant_audio::decode::{self, AudioInfo, DecodeError, LooksLike};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/decode")
        .join(name)
}

/// Runs `work` on its own thread and fails the test if it takes longer than 10 s.
fn with_timeout<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(work());
    });
    rx.recv_timeout(Duration::from_secs(10))
        .expect("decoding hung (or panicked) instead of finishing")
}

/// Decodes a whole file in small reads, as the player does.
fn decode_all(name: &str) -> Result<(AudioInfo, Vec<f32>), DecodeError> {
    let path = fixture(name);
    with_timeout(move || {
        let mut decoder = decode::open(&path)?;
        let info = *decoder.info();
        let mut all = Vec::new();
        let mut buf = vec![0.0f32; 333 * info.channels];
        loop {
            let frames = decoder.read(&mut buf)?;
            if frames == 0 {
                break;
            }
            all.extend_from_slice(&buf[..frames * info.channels]);
        }
        assert_eq!(decoder.position() as usize, all.len() / info.channels);
        Ok((info, all))
    })
}

fn correlation(a: &[f32], b: &[f32]) -> f64 {
    let n = a.len().min(b.len());
    let (mut ab, mut aa, mut bb) = (0.0f64, 0.0f64, 0.0f64);
    for i in 0..n {
        let (x, y) = (f64::from(a[i]), f64::from(b[i]));
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    ab / (aa.sqrt() * bb.sqrt()).max(f64::MIN_POSITIVE)
}

fn rms(samples: &[f32]) -> f64 {
    let sum: f64 = samples.iter().map(|s| f64::from(*s).powi(2)).sum();
    (sum / samples.len().max(1) as f64).sqrt()
}

#[test]
fn every_8k_encoding_decodes_to_the_same_speech() {
    let (ref_info, reference) = decode_all("speech-8k-s16.wav").expect("reference decodes");
    assert_eq!(ref_info.sample_rate, 8000);
    assert_eq!(ref_info.channels, 1);
    assert_eq!(ref_info.frames, Some(20_000));
    assert!(rms(&reference) > 0.01, "the reference holds speech");
    // (file, expected frames, minimum correlation: the 8-bit codecs are lossy)
    let cases = [
        ("speech-8k-u8.wav", 20_000, 0.98),
        ("speech-8k-s24.wav", 20_000, 0.9999),
        ("speech-8k-s32.wav", 20_000, 0.9999),
        ("speech-8k-f32.wav", 20_000, 0.9999),
        ("speech-8k-f64.wav", 9_600, 0.9999),
        ("speech-8k-mulaw.wav", 20_000, 0.99),
        ("speech-8k-alaw.wav", 20_000, 0.99),
    ];
    for (name, frames, min_corr) in cases {
        let (info, samples) = decode_all(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(info.sample_rate, 8000, "{name}");
        assert_eq!(info.channels, 1, "{name}");
        assert_eq!(info.frames, Some(frames), "{name}");
        assert_eq!(samples.len() as u64, frames, "{name}");
        let corr = correlation(&samples, &reference[..samples.len()]);
        assert!(corr > min_corr, "{name}: correlation {corr}");
    }
}

#[test]
fn other_rates_and_layouts_decode_with_their_header_facts() {
    let cases = [
        ("speech-16k-s16.wav", 16_000, 1, 40_000),
        ("speech-48k-stereo.wav", 48_000, 2, 24_000),
        ("speech-96k-s16.wav", 96_000, 1, 48_000),
        ("speech-8k-4ch.wav", 8_000, 4, 12_000),
        ("dual-440-1000-8k.wav", 8_000, 2, 16_000),
    ];
    for (name, rate, channels, frames) in cases {
        let (info, samples) = decode_all(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            (info.sample_rate, info.channels, info.frames),
            (rate, channels, Some(frames)),
            "{name}"
        );
        let duration = info.duration_secs.expect("duration known");
        assert!((duration - frames as f64 / f64::from(rate)).abs() < 1e-9);
        assert_eq!(samples.len() as u64, frames * channels as u64, "{name}");
        assert!(rms(&samples) > 0.01, "{name} holds sound");
    }
}

#[test]
fn multichannel_keeps_channels_apart() {
    let (_, quad) = decode_all("speech-8k-4ch.wav").expect("decodes");
    let channel = |c: usize| {
        quad.iter()
            .skip(c)
            .step_by(4)
            .copied()
            .collect::<Vec<f32>>()
    };
    assert!(rms(&channel(0)) > 0.01);
    for silent in 1..4 {
        assert!(rms(&channel(silent)) < 1e-6, "channel {silent} is silent");
    }
    let (_, reference) = decode_all("speech-8k-s16.wav").expect("decodes");
    assert!(correlation(&channel(0), &reference) > 0.9999);
}

#[test]
fn seek_is_sample_accurate() {
    let (_, reference) = decode_all("speech-8k-s16.wav").expect("decodes");
    let path = fixture("speech-8k-s16.wav");
    let reference_for_thread = reference.clone();
    with_timeout(move || {
        let mut decoder = decode::open(&path).expect("opens");
        for target in [12_345u64, 1, 19_999, 0, 7_777] {
            assert_eq!(decoder.seek(target).expect("seeks"), target);
            let mut buf = [0.0f32; 64];
            let frames = decoder.read(&mut buf).expect("reads");
            let want = &reference_for_thread[target as usize..];
            assert_eq!(frames, want.len().min(64), "at {target}");
            assert_eq!(&buf[..frames], &want[..frames], "at {target}");
            assert_eq!(decoder.position(), target + frames as u64);
        }
        // Past the end clamps to the end: nothing more to read, no error.
        assert_eq!(decoder.seek(1_000_000).expect("seeks"), 20_000);
        let mut buf = [0.0f32; 64];
        assert_eq!(decoder.read(&mut buf).expect("reads"), 0);
    });
}

#[test]
fn seek_in_stereo_and_mulaw_lands_on_the_frame() {
    for name in [
        "speech-48k-stereo.wav",
        "speech-8k-mulaw.wav",
        "speech-8k-s24.wav",
    ] {
        let (info, all) = decode_all(name).expect("decodes");
        let path = fixture(name);
        let got = with_timeout(move || {
            let mut decoder = decode::open(&path).expect("opens");
            decoder.seek(5_001).expect("seeks");
            let mut buf = vec![0.0f32; 10 * info.channels];
            let frames = decoder.read(&mut buf).expect("reads");
            buf.truncate(frames * info.channels);
            buf
        });
        let start = 5_001 * info.channels;
        assert_eq!(got, all[start..start + got.len()].to_vec(), "{name}");
        assert_eq!(got.len(), 10 * info.channels, "{name}");
    }
}

#[test]
fn a_data_size_larger_than_the_file_decodes_what_is_there() {
    let (info, samples) = decode_all("broken-data-size-too-long.wav").expect("best effort");
    let (_, reference) = decode_all("speech-8k-s16.wav").expect("decodes");
    assert_eq!(info.channels, 1);
    assert_eq!(samples.len(), reference.len());
    assert_eq!(samples, reference);
}

#[test]
fn a_data_chunk_larger_than_its_riff_parent_is_a_clear_error_or_decodes() {
    match decode_all("broken-data-exceeds-riff.wav") {
        Ok((_, samples)) => assert_eq!(samples.len(), 20_000),
        Err(err) => assert!(err.to_string().contains("WAV"), "{err}"),
    }
}

#[test]
fn a_data_size_smaller_than_the_data_stops_at_the_declared_end() {
    let (info, samples) = decode_all("broken-data-size-too-short.wav").expect("best effort");
    let (_, reference) = decode_all("speech-8k-s16.wav").expect("decodes");
    assert_eq!(info.frames, Some(5_000));
    assert_eq!(samples, reference[..5_000].to_vec());
}

#[test]
fn a_truncated_file_decodes_up_to_the_cut() {
    let (_, samples) = decode_all("broken-truncated.wav").expect("best effort");
    let (_, reference) = decode_all("speech-8k-s16.wav").expect("decodes");
    // 8001 data bytes: 4000 whole samples survive; the half sample is dropped.
    assert!(
        (3_000..=4_000).contains(&samples.len()),
        "{} samples",
        samples.len()
    );
    assert_eq!(samples, reference[..samples.len()].to_vec());
}

#[test]
fn zero_samples_is_an_empty_recording_or_a_clear_error() {
    match decode_all("broken-zero-samples.wav") {
        Ok((info, samples)) => {
            assert!(samples.is_empty());
            assert_eq!(info.frames.unwrap_or(0), 0);
        }
        Err(err) => assert!(!err.to_string().is_empty()),
    }
}

#[test]
fn files_that_are_not_wav_say_what_they_look_like() {
    for (name, looks) in [
        ("broken-not-wav.wav", LooksLike::JsonDocument),
        ("broken-empty.wav", LooksLike::Empty),
    ] {
        match decode_all(name) {
            Err(DecodeError::NotWav { looks_like }) => assert_eq!(looks_like, looks, "{name}"),
            Err(other) => panic!("{name}: unexpected error {other:?}"),
            Ok((info, samples)) => {
                panic!("{name}: decoded {info:?} with {} samples", samples.len())
            }
        }
    }
    match decode_all("broken-riff-only.wav") {
        Err(DecodeError::Unsupported { reason }) => {
            assert!(reason.contains("ends inside its header"), "{reason}")
        }
        other => panic!("riff-only: {:?}", other.map(|(info, _)| info)),
    }
}

#[test]
fn a_missing_file_names_the_path() {
    let err = decode::open(&fixture("no-such-file.wav"))
        .err()
        .expect("fails");
    assert!(matches!(err, DecodeError::Open { .. }));
    assert!(err.to_string().contains("no-such-file.wav"), "{err}");
}

#[test]
fn a_buffer_smaller_than_a_frame_is_rejected() {
    let mut decoder = decode::open(&fixture("speech-48k-stereo.wav")).expect("opens");
    let mut buf = [0.0f32; 1];
    assert!(matches!(
        decoder.read(&mut buf),
        Err(DecodeError::BufferTooSmall {
            len: 1,
            channels: 2
        })
    ));
}
