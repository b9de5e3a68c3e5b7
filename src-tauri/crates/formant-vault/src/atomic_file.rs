//! Replace a file so that readers see the old content or the new, never half of either:
//! write a temp file beside the target, flush it to disk, rename it over the target.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent)?;
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Dropping the temp file on any error below deletes it, so no stray file is left.
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{file_name}."))
        .suffix(".tmp")
        .tempfile_in(parent)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|err| err.error)?;
    sync_dir(parent)
}

/// Makes the rename itself durable (on Unix a rename lives in the directory).
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("nested/accounts.json");
        write_atomically(&path, b"one").expect("first write");
        write_atomically(&path, b"two").expect("second write");
        assert_eq!(fs::read(&path).expect("read"), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().expect("parent"))
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("accounts.json")]);
    }

    #[test]
    fn failure_leaves_the_old_file_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("accounts.json");
        fs::write(&path, b"good").expect("seed");
        // A directory at the target: the rename over it fails after the temp file is written.
        let blocked = dir.path().join("blocked");
        fs::create_dir(&blocked).expect("dir");
        fs::write(blocked.join("x"), b"x").expect("fill");
        assert!(write_atomically(&blocked, b"new").is_err());
        assert_eq!(fs::read(&path).expect("read"), b"good");
        let count = fs::read_dir(dir.path()).expect("list").count();
        assert_eq!(count, 2, "no temp file left behind");
    }
}
