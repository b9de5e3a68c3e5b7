//! Every reference output of BBC audiowaveform 1.10.3 in tests/fixtures/waveform is reproduced
//! byte for byte.

use std::path::{Path, PathBuf};

use formant_audio::peaks::{peaks_from_path, Bits, PeaksOptions, Scale};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/waveform")
}

/// `NAME.z256.b16.split.json` → (NAME.wav, options).
fn options_for(json_name: &str) -> (String, PeaksOptions) {
    let parts: Vec<&str> = json_name.trim_end_matches(".json").split('.').collect();
    let mut options = PeaksOptions::default();
    for part in &parts[1..] {
        if let Some(n) = part.strip_prefix("pps") {
            options.scale = Scale::PixelsPerSecond(n.parse().expect("pps"));
        } else if let Some(n) = part.strip_prefix('z') {
            options.scale = Scale::SamplesPerPixel(n.parse().expect("zoom"));
        } else if let Some(n) = part.strip_prefix('b') {
            options.bits = Bits::try_from(n.parse::<u32>().expect("bits")).expect("8 or 16");
        } else if *part == "split" {
            options.split_channels = true;
        } else {
            panic!("unknown option {part} in {json_name}");
        }
    }
    (format!("{}.wav", parts[0]), options)
}

#[test]
fn all_audiowaveform_fixtures_are_reproduced_exactly() {
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(fixtures())
        .expect("fixtures dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    entries.sort();
    let mut failures = Vec::new();
    for name in &entries {
        let (wav, options) = options_for(name);
        let expected = std::fs::read_to_string(fixtures().join(name)).expect("read json");
        let waveform = peaks_from_path(&fixtures().join(&wav), &options).expect("peaks");
        let mut actual = Vec::new();
        waveform
            .write_audiowaveform_json(&mut actual)
            .expect("write json");
        let actual = String::from_utf8(actual).expect("utf8");
        if actual != expected {
            let e: serde_json::Value = serde_json::from_str(&expected).expect("json");
            let a: serde_json::Value = serde_json::from_str(&actual).expect("json");
            let (ed, ad) = (
                e["data"].as_array().expect("data"),
                a["data"].as_array().expect("data"),
            );
            let diffs = ed.iter().zip(ad).filter(|(x, y)| x != y).count();
            let first = ed.iter().zip(ad).position(|(x, y)| x != y);
            failures.push(format!(
                "{name}: {diffs} values differ (first at {first:?}), lengths {} vs {}, header {} vs {}",
                ed.len(),
                ad.len(),
                &expected[..expected.find("\"data\"").unwrap_or(0)],
                &actual[..actual.find("\"data\"").unwrap_or(0)],
            ));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(checked, 27, "all 27 reference outputs are checked");
}
