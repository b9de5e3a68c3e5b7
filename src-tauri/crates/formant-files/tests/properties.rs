//! Each promise of `formant_files`, on real files, links, devices and FIFOs.

use std::ffi::OsString;
use std::fs;
use std::io::{Read, Write};
use std::path::Path;

use formant_files::{AtomicFile, Privacy, TEMP_SUFFIX};

fn names_in(dir: &Path) -> Vec<OsString> {
    let mut names: Vec<_> = fs::read_dir(dir)
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .collect();
    names.sort();
    names
}

fn no_temp_files_in(dir: &Path) {
    let temps: Vec<_> = names_in(dir)
        .into_iter()
        .filter(|n| n.to_string_lossy().ends_with(TEMP_SUFFIX))
        .collect();
    assert!(temps.is_empty(), "temp files left behind: {temps:?}");
}

#[test]
fn replaces_a_file_whole_and_leaves_no_temp_file() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("call.txt");
    fs::write(&path, "old").expect("seed");
    formant_files::write(&path, "नमस्ते".as_bytes()).expect("write");
    assert_eq!(fs::read_to_string(&path).expect("read"), "नमस्ते");
    assert_eq!(names_in(dir.path()), vec![OsString::from("call.txt")]);
}

#[test]
fn streams_chunks_and_shows_nothing_until_commit() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("call.wav");
    fs::write(&path, "old").expect("seed");
    let mut file = AtomicFile::create(&path).expect("create");
    for chunk in [&b"RIFF"[..], b"....", b"WAVE"] {
        file.write_all(chunk).expect("chunk");
    }
    let staged = file.staged_path().expect("a temp file").to_path_buf();
    assert_eq!(staged.parent(), Some(dir.path()), "beside the target");
    assert_eq!(fs::read(&staged).expect("staged"), b"RIFF....WAVE");
    assert_eq!(fs::read(&path).expect("read"), b"old", "not yet replaced");
    file.commit().expect("commit");
    assert_eq!(fs::read(&path).expect("read"), b"RIFF....WAVE");
    assert!(!staged.exists());
    no_temp_files_in(dir.path());
}

#[test]
fn a_regenerable_file_is_replaced_just_as_whole() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("peaks.json");
    fs::write(&path, "old peaks").expect("seed");
    let mut file = AtomicFile::create(&path).expect("create").regenerable();
    file.write_all(b"{\"version\":2}").expect("write");
    assert_eq!(
        fs::read(&path).expect("read"),
        b"old peaks",
        "not yet replaced"
    );
    file.commit().expect("commit");
    assert_eq!(fs::read(&path).expect("read"), b"{\"version\":2}");
    assert_eq!(names_in(dir.path()), vec![OsString::from("peaks.json")]);

    // Uncommitted, it leaves the old file just the same.
    let mut file = AtomicFile::create(&path).expect("create").regenerable();
    file.write_all(b"{\"vers").expect("write");
    drop(file);
    assert_eq!(fs::read(&path).expect("read"), b"{\"version\":2}");
    no_temp_files_in(dir.path());
}

#[test]
fn dropping_without_commit_keeps_the_old_file_and_removes_the_temp_file() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("call.wav");
    fs::write(&path, "good").expect("seed");
    {
        let mut file = AtomicFile::create(&path).expect("create");
        file.write_all(b"half a downl").expect("chunk");
        // An error or a cancellation: the writer is dropped here.
    }
    assert_eq!(fs::read(&path).expect("read"), b"good");
    assert_eq!(names_in(dir.path()), vec![OsString::from("call.wav")]);
}

#[test]
fn a_failed_rename_keeps_everything_and_removes_the_temp_file() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("taken");
    let mut file = AtomicFile::create(&path).expect("create");
    file.write_all(b"new").expect("write");
    // Something else puts a non-empty folder at the target before the rename.
    fs::create_dir(&path).expect("dir");
    fs::write(path.join("keep"), "x").expect("seed");
    file.commit().expect_err("cannot rename over a folder");
    assert_eq!(fs::read(path.join("keep")).expect("kept"), b"x");
    assert_eq!(names_in(dir.path()), vec![OsString::from("taken")]);
}

#[test]
fn a_regenerable_file_is_never_swapped_with_a_folder() {
    // The regenerable commit swaps names with the old file instead of renaming over it; a
    // folder that took the target's place must stay where it is, contents and all.
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("peaks.json");
    fs::write(&path, "old peaks").expect("seed");
    let mut file = AtomicFile::create(&path).expect("create").regenerable();
    file.write_all(b"new").expect("write");
    fs::remove_file(&path).expect("old file gone");
    fs::create_dir(&path).expect("dir");
    fs::write(path.join("keep"), "x").expect("seed");
    file.commit().expect_err("cannot replace a folder");
    assert_eq!(fs::read(path.join("keep")).expect("kept"), b"x");
    assert_eq!(names_in(dir.path()), vec![OsString::from("peaks.json")]);
}

#[test]
fn a_folder_or_a_missing_folder_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().expect("dir");
    let err = formant_files::write(dir.path(), b"x").expect_err("a folder");
    assert_eq!(err.kind(), std::io::ErrorKind::IsADirectory);
    let err = formant_files::write(&dir.path().join("nope/x.txt"), b"x").expect_err("no folder");
    assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    assert!(names_in(dir.path()).is_empty());
}

#[test]
fn copies_a_file_whole() {
    let dir = tempfile::tempdir().expect("dir");
    let source = dir.path().join("cached.wav");
    let bytes: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    fs::write(&source, &bytes).expect("seed");
    let target = dir.path().join("saved.wav");
    fs::write(&target, b"previous").expect("old file");
    assert_eq!(
        formant_files::copy(&source, &target).expect("copy"),
        bytes.len() as u64
    );
    assert_eq!(fs::read(&target).expect("read"), bytes);
    formant_files::copy(&dir.path().join("gone.wav"), &target).expect_err("no source");
    assert_eq!(fs::read(&target).expect("read"), bytes, "untouched");
    no_temp_files_in(dir.path());
}

#[cfg(unix)]
mod unix {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    use std::process::Command;

    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).expect("stat").permissions().mode() & 0o7777
    }

    #[test]
    fn an_existing_file_keeps_its_permissions() {
        let dir = tempfile::tempdir().expect("dir");
        for wanted in [0o644, 0o640, 0o600, 0o755] {
            let path = dir.path().join(format!("out-{wanted:o}.txt"));
            fs::write(&path, "old").expect("seed");
            fs::set_permissions(&path, fs::Permissions::from_mode(wanted)).expect("chmod");
            formant_files::write(&path, b"new").expect("write");
            assert_eq!(mode(&path), wanted, "{wanted:o}");
            // Even a file that was to be private keeps the mode its owner gave it.
            formant_files::write_with(&path, b"newer", Privacy::Private).expect("write");
            assert_eq!(mode(&path), wanted, "{wanted:o}");
            // And so does one replaced without waiting for the disk (a swap of names).
            let mut file = AtomicFile::create(&path).expect("create").regenerable();
            file.write_all(b"newest").expect("write");
            file.commit().expect("commit");
            assert_eq!(fs::read(&path).expect("read"), b"newest");
            assert_eq!(mode(&path), wanted, "{wanted:o}");
        }
    }

    #[test]
    fn a_new_file_gets_the_umask_mode_or_owner_only_when_private() {
        let dir = tempfile::tempdir().expect("dir");
        // std creates files as 0666 narrowed by the umask: the mode any tool gives a new file.
        let reference = dir.path().join("reference");
        fs::write(&reference, b"").expect("reference");
        let umask_mode = mode(&reference);

        let path = dir.path().join("new.txt");
        formant_files::write(&path, b"x").expect("write");
        assert_eq!(mode(&path), umask_mode);
        // Under the usual umask (022) that is 0644, not the temp file's 0600.
        if umask_mode == 0o644 {
            assert_ne!(mode(&path), 0o600);
        }

        let private = dir.path().join("accounts.json");
        formant_files::write_with(&private, b"{}", Privacy::Private).expect("write");
        assert_eq!(mode(&private), 0o600 & umask_mode);
    }

    #[test]
    fn a_symlink_stays_a_link_and_its_target_is_replaced() {
        let dir = tempfile::tempdir().expect("dir");
        let real_dir = dir.path().join("real");
        fs::create_dir(&real_dir).expect("dir");
        let real = real_dir.join("call.txt");
        fs::write(&real, "old").expect("seed");
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).expect("chmod");
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink("real/call.txt", &link).expect("relative link");

        formant_files::write(&link, b"new").expect("write through the link");
        assert!(fs::symlink_metadata(&link)
            .expect("lstat")
            .file_type()
            .is_symlink());
        assert_eq!(
            fs::read_link(&link).expect("readlink"),
            Path::new("real/call.txt")
        );
        assert_eq!(fs::read(&real).expect("read"), b"new");
        assert_eq!(mode(&real), 0o640);
        no_temp_files_in(dir.path());
        no_temp_files_in(&real_dir);

        // A dangling link: its target is created.
        let dangling = dir.path().join("dangling.txt");
        std::os::unix::fs::symlink(real_dir.join("later.txt"), &dangling).expect("link");
        formant_files::write(&dangling, b"made").expect("write");
        assert_eq!(fs::read(real_dir.join("later.txt")).expect("read"), b"made");
        assert!(fs::symlink_metadata(&dangling)
            .expect("lstat")
            .file_type()
            .is_symlink());
    }

    #[test]
    fn a_fifo_is_written_through_not_replaced() {
        let dir = tempfile::tempdir().expect("dir");
        let fifo = dir.path().join("pipe");
        let status = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
        assert!(status.success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut text = String::new();
                fs::File::open(&fifo)
                    .expect("open for reading")
                    .read_to_string(&mut text)
                    .expect("read");
                text
            })
        };
        let mut file = AtomicFile::create(&fifo).expect("open the fifo");
        assert!(file.is_write_through());
        assert!(file.staged_path().is_none());
        file.write_all(b"through the pipe").expect("write");
        file.commit().expect("commit");
        assert_eq!(reader.join().expect("reader"), "through the pipe");
        assert!(fs::symlink_metadata(&fifo)
            .expect("lstat")
            .file_type()
            .is_fifo());
        assert_eq!(names_in(dir.path()), vec![OsString::from("pipe")]);
    }

    #[test]
    fn dev_null_stays_a_device() {
        let before = fs::symlink_metadata("/dev/null").expect("lstat");
        if !before.file_type().is_char_device() {
            // This machine's /dev/null is already broken (scripts/repair-dev-null.sh).
            return;
        }
        formant_files::write(Path::new("/dev/null"), b"discarded").expect("write");
        let meta = fs::symlink_metadata("/dev/null").expect("lstat");
        assert!(meta.file_type().is_char_device(), "/dev/null was replaced");
    }
}
