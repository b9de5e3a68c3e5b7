//! Where the bytes for a path really go: the file at the end of any symlinks, and whether that
//! is a file to replace or something (a device, a FIFO, a terminal) to write into as it is.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Symlink hops followed before giving up, as Linux's own limit (`ELOOP`).
const MAX_SYMLINK_HOPS: usize = 40;

/// How a path is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A regular file, or a name that does not exist yet: replaced as a whole through a temp
    /// file in `path`'s directory. `path` is the end of any symlink chain, so the link stays a
    /// link and its target gets the new content. `permissions` are the current file's, if any.
    Replace {
        path: PathBuf,
        permissions: Option<fs::Permissions>,
    },
    /// Not a regular file (`/dev/null`, `/dev/stdout`, a FIFO, a terminal): opened and written
    /// directly. Renaming a file over it would replace the device itself.
    WriteThrough { path: PathBuf },
}

pub(crate) fn classify(path: &Path) -> io::Result<Target> {
    if path.as_os_str().is_empty() || path.file_name().is_none() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a file name", path.display()),
        ));
    }
    let resolved = follow_symlinks(path)?;
    // `/dev/stdout` is a link through /proc to whatever fd 1 is, and that may be a regular file
    // the shell opened (`> out.txt`, `>> log`): it must be written through that descriptor's
    // file, never renamed over. Anything under /dev or /proc is the system's, not a document.
    if is_system_path(path) || is_system_path(&resolved) {
        return Ok(Target::WriteThrough { path: resolved });
    }
    // `metadata` follows /proc's "magic" links too (`pipe:[123]` is no path, but the kernel
    // knows the pipe), so it tells what is really at the end.
    match fs::metadata(&resolved) {
        Ok(meta) if meta.is_file() => Ok(Target::Replace {
            path: resolved,
            permissions: Some(meta.permissions()),
        }),
        Ok(meta) if meta.is_dir() => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            format!("{} is a directory", path.display()),
        )),
        Ok(_) => Ok(Target::WriteThrough { path: resolved }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Target::Replace {
            path: resolved,
            permissions: None,
        }),
        Err(e) => Err(e),
    }
}

/// Follows `path` while it is a symlink (also a dangling one, whose target is then created).
fn follow_symlinks(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_SYMLINK_HOPS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = if link.is_absolute() {
                    link
                } else {
                    parent_dir(&current).join(link)
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{} is a loop of symbolic links", path.display()),
    ))
}

fn is_system_path(path: &Path) -> bool {
    path.starts_with("/dev") || path.starts_with("/proc")
}

/// The directory `path` lives in (`.` for a bare file name).
pub(crate) fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_name_lives_in_the_current_directory() {
        assert_eq!(parent_dir(Path::new("out.json")), Path::new("."));
        assert_eq!(parent_dir(Path::new("a/out.json")), Path::new("a"));
    }

    #[test]
    fn no_file_name_is_refused() {
        for bad in ["", "/", "a/.."] {
            let err = classify(Path::new(bad)).expect_err(bad);
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_system_paths_are_written_through() {
        for path in ["/dev/null", "/dev/stdout"] {
            assert!(
                matches!(classify(Path::new(path)), Ok(Target::WriteThrough { .. })),
                "{path}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_an_error_in_words() {
        let dir = tempfile::tempdir().expect("dir");
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::os::unix::fs::symlink(&b, &a).expect("a -> b");
        std::os::unix::fs::symlink(&a, &b).expect("b -> a");
        let err = classify(&a).expect_err("loop");
        assert!(err.to_string().contains("loop"), "{err}");
    }
}
