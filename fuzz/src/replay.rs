//! Runs a fuzz target's committed inputs through its check, for the stable replay tests.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// Every file in `fuzz/seeds/<target>` and `fuzz/regressions/<target>` through `check`; fails
/// naming each input that panics (all of them, not only the first), and fails when there are no
/// seeds, so the test cannot pass by finding nothing.
pub fn each_input(target: &str, check: fn(&[u8])) {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../fuzz");
    let seeds = files_in(&fuzz.join("seeds").join(target));
    assert!(!seeds.is_empty(), "no seed inputs for {target}");
    let regressions = files_in(&fuzz.join("regressions").join(target));
    let failed: Vec<String> = seeds
        .iter()
        .chain(&regressions)
        .filter(|path| {
            let input = std::fs::read(path).expect("read a fuzz input");
            catch_unwind(AssertUnwindSafe(|| check(&input))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "{target}: these inputs fail: {failed:#?}"
    );
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    files
}
