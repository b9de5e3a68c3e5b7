//! Writing a file so that it is either the old file or the complete new one, never half.

use std::io::Write;
use std::path::Path;

use crate::error::CliError;

/// Writes `contents` to a temp file beside `path`, flushes it to disk, then renames it over
/// `path`. On any failure the temp file is removed and `path` is untouched.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), CliError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let shown = path.display();
    let mut temp = tempfile::Builder::new()
        .prefix(".formant-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(|e| CliError::io(format!("cannot write {shown}"), e))?;
    temp.write_all(contents)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| CliError::io(format!("cannot write {shown}"), e))?;
    temp.persist(path)
        .map_err(|e| CliError::io(format!("cannot save {shown}"), e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_whole_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("out.txt");
        std::fs::write(&path, "old").expect("seed");
        write_atomic(&path, b"new contents").expect("written");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "new contents"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(names.len(), 1, "no temp file left behind");
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().expect("dir");
        // A directory in the way: the rename must fail and nothing else may change.
        let path = dir.path().join("taken");
        std::fs::create_dir(&path).expect("dir");
        std::fs::write(path.join("keep"), "x").expect("seed");
        let err = write_atomic(&path, b"new").expect_err("cannot replace a directory");
        assert!(err.one_line().starts_with("formant: cannot save"));
        assert!(path.join("keep").exists());
        let names: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(names.len(), 1, "the temp file was removed");
        assert!(write_atomic(&dir.path().join("missing/out.txt"), b"x").is_err());
    }
}
