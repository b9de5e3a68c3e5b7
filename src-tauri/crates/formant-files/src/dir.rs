//! A folder written the same way as a file: whole or not at all.
//!
//! [`StagedDir`] is a hidden temp folder (`.formant-XXXXXX.part`) beside the target, so the
//! final rename never crosses file systems. The caller fills it, and [`StagedDir::commit`]
//! flushes its contents to disk and renames it to the target. Dropping an uncommitted
//! `StagedDir` (an error, a cancel, Ctrl-C unwinding) deletes the temp folder and leaves the
//! target as it was: nobody ever sees a half-written folder under the target's name.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::target::parent_dir;
use crate::{sync_dir, TEMP_PREFIX, TEMP_SUFFIX};

/// What [`StagedDir::commit`] may do to a folder already at the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExistingDir {
    /// Only a missing or empty folder is replaced; anything else is an error
    /// ([`io::ErrorKind::AlreadyExists`]) and stays as it was.
    KeepIfNotEmpty,
    /// A non-empty folder is replaced as a whole (the caller has checked it is one of its own,
    /// such as an earlier export). It is moved aside first and deleted only once the new
    /// folder is in place; if the new one cannot be put there, the old one is moved back.
    Replace,
}

/// A folder being written; see the module docs.
#[derive(Debug)]
pub struct StagedDir {
    temp: TempDir,
    dest: PathBuf,
}

impl StagedDir {
    /// Starts writing the folder `dest`. Fails when `dest` is a file or a symlink, or its
    /// parent folder does not exist.
    pub fn create(dest: &Path) -> io::Result<Self> {
        if dest.file_name().is_none() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is not a folder name", dest.display()),
            ));
        }
        // A link is not followed: the rename at the end would replace the link, not its folder.
        match fs::symlink_metadata(dest) {
            Ok(meta) if !meta.is_dir() => {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("{} exists and is not a folder", dest.display()),
                ))
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let temp = staging_builder().tempdir_in(parent_dir(dest))?;
        Ok(Self {
            temp,
            dest: dest.to_path_buf(),
        })
    }

    /// The temp folder to write into.
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    /// The folder it will become.
    pub fn destination(&self) -> &Path {
        &self.dest
    }

    /// Makes the temp folder the target: its contents flushed to disk, renamed into place, the
    /// parent folder flushed. On an error the target is as it was and the temp folder gone.
    pub fn commit(self, existing: ExistingDir) -> io::Result<()> {
        flush_contents(self.temp.path())?;
        let parent = parent_dir(&self.dest).to_path_buf();
        match fs::symlink_metadata(&self.dest) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::rename(self.temp.path(), &self.dest)?;
            }
            Err(e) => return Err(e),
            Ok(meta) if !meta.is_dir() => {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("{} is not a folder", self.dest.display()),
                ))
            }
            Ok(_) if is_empty_dir(&self.dest)? => {
                // Unix renames a folder over an empty one in one step; Windows cannot.
                if fs::rename(self.temp.path(), &self.dest).is_err() {
                    fs::remove_dir(&self.dest)?;
                    fs::rename(self.temp.path(), &self.dest)?;
                }
            }
            Ok(_) => match existing {
                ExistingDir::KeepIfNotEmpty => {
                    return Err(io::Error::new(
                        io::ErrorKind::AlreadyExists,
                        format!("{} already exists and is not empty", self.dest.display()),
                    ))
                }
                ExistingDir::Replace => self.swap_in()?,
            },
        }
        // The rename happened: the temp folder is the target now, nothing left to delete.
        let _ = self.temp.keep();
        sync_dir(&parent)
    }

    /// Moves the old folder into a hidden folder beside it, the new one into place, then
    /// deletes the old one. A crash between the two renames leaves the old folder whole
    /// under `.formant-XXXXXX.part/`, never a mix of old and new.
    fn swap_in(&self) -> io::Result<()> {
        let aside = staging_builder().tempdir_in(parent_dir(&self.dest))?;
        let old = aside.path().join("previous");
        fs::rename(&self.dest, &old)?;
        if let Err(e) = fs::rename(self.temp.path(), &self.dest) {
            // Put the old folder back; if even that fails it is kept, not deleted.
            return match fs::rename(&old, &self.dest) {
                Ok(()) => Err(e),
                Err(back) => {
                    let kept = aside.keep();
                    Err(io::Error::new(
                        back.kind(),
                        format!(
                            "{e}; the previous {} could not be moved back and is in {}",
                            self.dest.display(),
                            kept.join("previous").display()
                        ),
                    ))
                }
            };
        }
        // Dropping `aside` deletes the old folder.
        drop(aside);
        Ok(())
    }
}

fn staging_builder() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    builder
}

fn is_empty_dir(path: &Path) -> io::Result<bool> {
    Ok(fs::read_dir(path)?.next().is_none())
}

/// Everything written into the folder on disk before the rename, so a power cut cannot leave a
/// renamed folder of empty files. Linux flushes the whole file system in one call (one fsync
/// per file would take minutes for a million transcripts); elsewhere each file is flushed.
#[cfg(target_os = "linux")]
fn flush_contents(dir: &Path) -> io::Result<()> {
    let handle = fs::File::open(dir)?;
    rustix::fs::syncfs(&handle).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn flush_contents(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            flush_contents(&entry.path())?;
        } else {
            fs::File::open(entry.path())?.sync_all()?;
        }
    }
    Ok(())
}
