//! One decision on what is playable: `probe_playable` (the player's and the downloads' check)
//! and the waveform peaks (whole-file and live, as the app computes them while downloading)
//! accept exactly the same files, on every fixture, broken ones first.

use std::path::{Path, PathBuf};

use formant_audio::decode;
use formant_audio::peaks::{peaks_from_path, LivePeaks, PeaksOptions, Waveform};
use formant_audio::{probe_playable, DecodeError, LooksLike};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decode");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "wav"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 20, "the fixtures are there: {paths:?}");
    paths
}

/// The app's live computation: the file in download-sized chunks.
fn live_peaks(path: &Path) -> Result<Waveform, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let mut live = LivePeaks::new(100);
    for chunk in bytes.chunks(1000) {
        live.push(chunk).map_err(|e| e.to_string())?;
    }
    live.finish().map_err(|e| e.to_string())
}

#[test]
fn the_probe_and_the_peaks_accept_the_same_files() {
    let mut broken = 0;
    for path in fixtures() {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let probe = probe_playable(&path);
        let whole = peaks_from_path(&path, &PeaksOptions::default());
        let live = live_peaks(&path);
        assert_eq!(
            probe.is_ok(),
            whole.is_ok(),
            "{name}: probe {probe:?}, peaks {whole:?}"
        );
        assert_eq!(
            probe.is_ok(),
            live.is_ok(),
            "{name}: probe {probe:?}, live peaks {live:?}"
        );
        if let (Ok(_), Ok(waveform)) = (&probe, &whole) {
            same_audio(&path, waveform, &name);
        }
        if name.starts_with("broken-") {
            broken += 1;
        }
    }
    assert!(broken >= 8, "every broken fixture was tried");
}

/// What the probe accepts the player plays, and the frames it plays are the ones the waveform
/// was drawn from (256 frames a pixel, the last one partial).
fn same_audio(path: &Path, waveform: &Waveform, name: &str) {
    let mut decoder = decode::open(path).expect("the player opens it");
    assert_eq!(decoder.info().sample_rate, waveform.sample_rate, "{name}");
    let channels = decoder.info().channels;
    let mut buf = vec![0.0f32; 1000 * channels];
    let mut frames = 0usize;
    loop {
        let n = decoder.read(&mut buf).expect("reads");
        if n == 0 {
            break;
        }
        frames += n;
    }
    assert!(frames > 0, "{name}");
    assert_eq!(
        frames.div_ceil(256),
        waveform.len(),
        "{name}: {frames} frames"
    );
}

/// Size fields as streaming writers, careless tools and hostile servers leave them.
#[test]
fn odd_size_fields_are_read_the_same_way_by_both() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decode");
    let good = std::fs::read(dir.join("speech-8k-s16.wav")).expect("fixture");
    let data_at = good
        .windows(4)
        .position(|w| w == b"data")
        .expect("a data chunk");
    let variants = [
        ("RIFF size 0", 4, 0),
        ("RIFF size 2", 4, 2),
        ("RIFF size unknown", 4, u32::MAX),
        ("RIFF size too small", 4, 1000),
        ("data size 0", data_at + 4, 0),
        ("data size unknown", data_at + 4, u32::MAX),
        ("data size 10 MB", data_at + 4, 10_000_000),
    ];
    let temp = tempfile::tempdir().expect("dir");
    for (what, at, value) in variants {
        let mut bytes = good.clone();
        bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
        let path = temp.path().join("variant.wav");
        std::fs::write(&path, &bytes).expect("variant");
        let probe = probe_playable(&path);
        let whole = peaks_from_path(&path, &PeaksOptions::default());
        assert_eq!(
            probe.is_ok(),
            whole.is_ok(),
            "{what}: {probe:?} / {whole:?}"
        );
        if let Ok(waveform) = &whole {
            same_audio(&path, waveform, what);
        }
    }
}

#[test]
fn good_recordings_pass_and_name_their_format() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decode");
    let info = probe_playable(&dir.join("speech-48k-stereo.wav")).expect("playable");
    assert_eq!((info.sample_rate, info.channels), (48_000, 2));
    let info = probe_playable(&dir.join("speech-8k-mulaw.wav")).expect("playable");
    assert_eq!((info.sample_rate, info.channels), (8_000, 1));
}

#[test]
fn what_is_refused_is_said_in_words() {
    let dir = tempfile::tempdir().expect("dir");
    let page = dir.path().join("call.wav");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head></html>",
    )
    .expect("page");
    let err = probe_playable(&page).expect_err("not a recording");
    assert!(matches!(
        err,
        DecodeError::NotWav {
            looks_like: LooksLike::HtmlPage
        }
    ));
    assert_eq!(
        err.to_string(),
        "the file is not a WAV recording: it looks like an HTML page"
    );

    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decode");
    let err = probe_playable(&fixtures.join("broken-zero-samples.wav")).expect_err("empty");
    assert!(matches!(err, DecodeError::NoSamples), "{err:?}");
}
