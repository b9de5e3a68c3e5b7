//! Writing a user's file safely, through `formant_files` (temp file beside the target, flushed,
//! renamed over it; permissions, symlinks and devices respected) — so a failure (a full disk, a
//! vanished folder) never leaves half a file where a good one was. Errors are worded for the
//! person who chose the path.

use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::ipc_error::{ErrorKind, IpcError};

#[derive(Debug, Serialize, ts_rs::TS)]
pub struct WrittenFile {
    pub path: PathBuf,
    pub bytes: u64,
}

pub fn write_atomically(path: &Path, contents: &[u8]) -> Result<WrittenFile, IpcError> {
    check_file_name(path)?;
    formant_files::write(path, contents).map_err(|e| io_error(path, &e))?;
    Ok(WrittenFile {
        path: path.to_owned(),
        bytes: contents.len() as u64,
    })
}

/// Copies `source` to `path` the same safe way.
pub fn copy_atomically(source: &Path, path: &Path) -> Result<WrittenFile, IpcError> {
    check_file_name(path)?;
    if let Err(e) = std::fs::metadata(source) {
        return Err(io_error(source, &e));
    }
    let bytes = formant_files::copy(source, path).map_err(|e| io_error(path, &e))?;
    Ok(WrittenFile {
        path: path.to_owned(),
        bytes,
    })
}

fn check_file_name(path: &Path) -> Result<(), IpcError> {
    if path.file_name().is_none() {
        return Err(IpcError::invalid_input(format!(
            "{} is not a file name.",
            path.display()
        )));
    }
    Ok(())
}

/// An IO failure in words a user understands, naming the file or folder.
pub fn io_error(path: &Path, e: &io::Error) -> IpcError {
    let shown = path.display();
    let message = match e.kind() {
        io::ErrorKind::NotFound => format!("The folder for {shown} does not exist."),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            format!("Formant Desk is not allowed to write {shown}. Choose another folder.")
        }
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            format!("The disk is full: {shown} was not written. Nothing was changed.")
        }
        io::ErrorKind::IsADirectory => format!("{shown} is a folder."),
        _ => format!("Could not write {shown}: {e}."),
    };
    IpcError::new(ErrorKind::Io, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_files_and_replaces_old_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("call.txt");
        std::fs::write(&path, "old").expect("seed");
        let written = write_atomically(&path, "नमस्ते".as_bytes()).expect("write");
        assert_eq!(written.bytes, "नमस्ते".len() as u64);
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "नमस्ते");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            names,
            vec![std::ffi::OsString::from("call.txt")],
            "no temp file left behind"
        );
    }

    #[test]
    fn a_missing_folder_is_an_io_error_in_words() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = write_atomically(&dir.path().join("nope/call.txt"), b"x").expect_err("no folder");
        assert_eq!(err.kind, ErrorKind::Io);
        assert!(err.message.contains("does not exist"), "{}", err.message);
    }

    #[test]
    fn a_full_disk_is_an_io_error_in_words() {
        let err = io_error(
            Path::new("call.txt"),
            &io::Error::new(io::ErrorKind::StorageFull, "full"),
        );
        assert_eq!(err.kind, ErrorKind::Io);
        assert!(err.message.contains("disk is full"), "{}", err.message);
    }

    #[test]
    fn copies_whole_files_and_a_missing_source_changes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let source = dir.path().join("cached.wav");
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&source, &bytes).expect("seed");
        let target = dir.path().join("saved.wav");
        std::fs::write(&target, b"previous").expect("old file");

        let written = copy_atomically(&source, &target).expect("copy");
        assert_eq!(written.bytes, bytes.len() as u64);
        assert_eq!(std::fs::read(&target).expect("read"), bytes);

        let err = copy_atomically(&dir.path().join("gone.wav"), &target).expect_err("no source");
        assert_eq!(err.kind, ErrorKind::Io);
        assert_eq!(
            std::fs::read(&target).expect("read"),
            bytes,
            "the saved file is untouched"
        );
    }
}
