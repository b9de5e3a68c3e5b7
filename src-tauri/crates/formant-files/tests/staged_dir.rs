//! `StagedDir`: a folder appears whole under its name, or not at all.

use std::fs;
use std::io;
use std::path::Path;

use formant_files::{ExistingDir, StagedDir, TEMP_PREFIX};

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn fill(staged: &StagedDir, text: &str) {
    fs::create_dir(staged.path().join("sub")).expect("mkdir");
    fs::write(staged.path().join("sub/a.txt"), text).expect("write");
}

#[test]
fn nothing_shows_under_the_name_until_commit() {
    let dir = tempfile::tempdir().expect("dir");
    let dest = dir.path().join("export");
    let staged = StagedDir::create(&dest).expect("create");
    fill(&staged, "new");
    assert!(!dest.exists());
    let temp = names_in(dir.path());
    assert_eq!(temp.len(), 1);
    assert!(temp[0].starts_with(TEMP_PREFIX), "{temp:?}");
    staged.commit(ExistingDir::KeepIfNotEmpty).expect("commit");
    assert_eq!(names_in(dir.path()), ["export"]);
    assert_eq!(
        fs::read_to_string(dest.join("sub/a.txt")).expect("read"),
        "new"
    );
}

#[test]
fn dropping_an_uncommitted_folder_deletes_it() {
    let dir = tempfile::tempdir().expect("dir");
    let staged = StagedDir::create(&dir.path().join("export")).expect("create");
    fill(&staged, "half");
    drop(staged);
    assert!(names_in(dir.path()).is_empty());
}

#[test]
fn an_empty_folder_is_replaced_a_full_one_only_when_asked() {
    let dir = tempfile::tempdir().expect("dir");
    let dest = dir.path().join("export");
    fs::create_dir(&dest).expect("mkdir");
    let staged = StagedDir::create(&dest).expect("create");
    fill(&staged, "one");
    staged
        .commit(ExistingDir::KeepIfNotEmpty)
        .expect("empty is replaced");
    assert_eq!(names_in(&dest), ["sub"]);

    let staged = StagedDir::create(&dest).expect("create");
    fill(&staged, "two");
    let err = staged
        .commit(ExistingDir::KeepIfNotEmpty)
        .expect_err("not empty");
    assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(
        fs::read_to_string(dest.join("sub/a.txt")).expect("read"),
        "one"
    );
    assert_eq!(names_in(dir.path()), ["export"], "the temp folder is gone");

    let staged = StagedDir::create(&dest).expect("create");
    fill(&staged, "three");
    staged.commit(ExistingDir::Replace).expect("replaced");
    assert_eq!(
        fs::read_to_string(dest.join("sub/a.txt")).expect("read"),
        "three"
    );
    assert_eq!(names_in(dir.path()), ["export"], "the old folder is gone");
}

#[test]
fn a_file_or_a_link_in_the_way_is_refused_in_words() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("export");
    fs::write(&file, "a file").expect("seed");
    let err = StagedDir::create(&file).expect_err("a file");
    assert!(err.to_string().contains("is not a folder"), "{err}");
    #[cfg(unix)]
    {
        let real = dir.path().join("real");
        fs::create_dir(&real).expect("mkdir");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).expect("link");
        assert!(StagedDir::create(&link).is_err());
    }
    assert_eq!(fs::read_to_string(&file).expect("read"), "a file");
}
