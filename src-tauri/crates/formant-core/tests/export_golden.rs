//! Golden files for every export format over every input in `tests/golden/inputs/`.
//!
//! For an input `NAME.json` and a format with extension `EXT`, the expected output is
//! `tests/golden/NAME.EXT`, or `tests/golden/NAME.EXT.error` holding the error message when
//! the export must fail. `UPDATE_GOLDEN=1 cargo test -p formant-core --test export_golden`
//! rewrites them; the diff is then read and committed like code.

use std::fs;
use std::path::{Path, PathBuf};

use formant_core::export::{export, ExportFormat};
use formant_core::Conversation;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn inputs() -> Vec<(String, Conversation)> {
    let mut paths: Vec<PathBuf> = fs::read_dir(golden_dir().join("inputs"))
        .expect("tests/golden/inputs exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("utf-8 name")
                .to_owned();
            let json = fs::read_to_string(&p).expect("read input");
            let value = serde_json::from_str(&json).expect("input is JSON");
            (
                name,
                Conversation::from_json(value).expect("input is a conversation"),
            )
        })
        .collect()
}

#[test]
fn every_format_matches_its_golden_file() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let inputs = inputs();
    assert!(inputs.len() >= 7, "the golden inputs are missing");
    let mut mismatches = Vec::new();
    for (name, conversation) in &inputs {
        for format in ExportFormat::ALL {
            let ok_path = golden_dir().join(format!("{name}.{}", format.extension()));
            let err_path = golden_dir().join(format!("{name}.{}.error", format.extension()));
            let (path, stale, actual) = match export(conversation, format) {
                Ok(text) => (ok_path, err_path, text),
                Err(e) => (err_path, ok_path, format!("{e}\n")),
            };
            if update {
                fs::write(&path, &actual).expect("write golden");
                if stale.exists() {
                    fs::remove_file(&stale).expect("remove stale golden");
                }
                continue;
            }
            match fs::read_to_string(&path) {
                Ok(expected) if expected == actual => {}
                Ok(expected) => mismatches.push(format!(
                    "{}: differs\n--- expected\n{expected}\n--- actual\n{actual}",
                    path.display()
                )),
                Err(e) => mismatches.push(format!("{}: {e}", path.display())),
            }
            if stale.exists() {
                mismatches.push(format!("{} should not exist", stale.display()));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{}\n\nIf the change is intended, run `UPDATE_GOLDEN=1 cargo test -p formant-core --test \
         export_golden` and review the diff.",
        mismatches.join("\n\n")
    );
}
