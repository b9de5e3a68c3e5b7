//! `formant peaks` end to end: the real binary against audiowaveform's reference outputs.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../formant-audio/tests/fixtures/waveform")
        .join(name)
}

fn formant() -> Command {
    Command::cargo_bin("formant").expect("binary")
}

#[test]
fn writes_audiowaveform_json_to_a_file_and_to_stdout() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("peaks.json");
    formant()
        .args(["peaks", "-z", "256", "-b", "8", "-o"])
        .arg(&out)
        .arg(fixture("mono-8k-mulaw.wav"))
        .assert()
        .success();
    let expected = std::fs::read(fixture("mono-8k-mulaw.z256.b8.json")).expect("reference");
    assert_eq!(std::fs::read(&out).expect("output"), expected);

    let assert = formant()
        .args([
            "peaks",
            "--pixels-per-second",
            "100",
            "--bits",
            "8",
            "-o",
            "-",
        ])
        .arg(fixture("stereo-44k-f32.wav"))
        .assert()
        .success();
    let expected = std::fs::read(fixture("stereo-44k-f32.pps100.b8.json")).expect("reference");
    assert_eq!(assert.get_output().stdout, expected);

    let split = formant()
        .args(["peaks", "--split-channels", "-o", "-"])
        .arg(fixture("dual-8k-s16.wav"))
        .assert()
        .success();
    let expected = std::fs::read(fixture("dual-8k-s16.z256.b16.split.json")).expect("reference");
    assert_eq!(split.get_output().stdout, expected);
}

#[test]
fn bad_input_fails_clearly_and_keeps_the_old_output() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("peaks.json");
    std::fs::write(&out, "previous").expect("seed");
    let not_wav = dir.path().join("notes.wav");
    std::fs::write(&not_wav, "just text").expect("seed");
    formant()
        .args(["peaks", "-o"])
        .arg(&out)
        .arg(&not_wav)
        .assert()
        .failure()
        .stderr(predicates::str::contains("not a WAV file"));
    assert_eq!(std::fs::read_to_string(&out).expect("kept"), "previous");
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("ls").count(),
        2,
        "no temp file left"
    );

    formant()
        .args(["peaks", "-b", "12", "-o"])
        .arg(&out)
        .arg(fixture("mono-8k-u8.wav"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("8 or 16"));
    formant()
        .args(["peaks", "-z", "256", "--pixels-per-second", "10", "-o", "-"])
        .arg(fixture("mono-8k-u8.wav"))
        .assert()
        .failure();
}
