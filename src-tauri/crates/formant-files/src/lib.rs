//! The one way this project writes a file: readers see the old content or the complete new
//! content, never half of either, and the file stays the file the user had.
//!
//! [`AtomicFile`] writes into a temp file in the target's own directory (so the rename never
//! crosses file systems), and [`AtomicFile::commit`] flushes it to disk, renames it over the
//! target and flushes the directory (on Unix the rename lives there). Dropping an uncommitted
//! `AtomicFile` — an error, a cancelled download, Ctrl-C unwinding a task — removes the temp
//! file and leaves the target as it was.
//!
//! What "the file the user had" means:
//! - an existing file keeps its permissions (a 0644 file stays 0644); a new file gets the mode
//!   the umask gives (`0666 & !umask`), or 0600 when asked for [`Privacy::Private`];
//! - a symlink stays a link: the file it points to is replaced;
//! - a target that is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO, a terminal) is
//!   opened and written directly: there is no file to replace, and a rename would put a
//!   regular file in place of the device.
//!
//! [`StagedDir`] does the same for a whole folder (a bulk export): a hidden temp folder beside
//! the target, renamed into place once complete.
//!
//! A file that is computed from another and can be computed again (waveform peaks) may be
//! marked [`AtomicFile::regenerable`]: it is renamed into place without waiting for the disk
//! (the two flushes cost more than computing an hour of peaks). A crash of the program still
//! leaves the old file or the whole new one — the page cache outlives the process — and only
//! an operating-system crash or a power cut before the kernel writes it back can leave the
//! file empty, to be computed again.

mod dir;
mod target;

use std::fs::{self, File};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::target::{classify, parent_dir, Target};

pub use crate::dir::{ExistingDir, StagedDir};

/// Temp files are named `.formant-XXXXXX.part`, hidden, and recognisable as ours if a crash
/// (not an error: those clean up) ever leaves one.
pub const TEMP_PREFIX: &str = ".formant-";
pub const TEMP_SUFFIX: &str = ".part";

/// Who may read a file that does not exist yet. An existing file always keeps its own mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Privacy {
    /// The mode the user's umask gives any new file, as `cp` or an editor would.
    #[default]
    Umask,
    /// Owner only (0600), for files that say something about the user's accounts.
    Private,
}

/// A file being written; see the crate docs. Write into it, then [`commit`](Self::commit).
#[derive(Debug)]
pub struct AtomicFile {
    output: Output,
    durability: Durability,
}

/// Whether [`AtomicFile::commit`] waits for the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Durability {
    /// Flushed before and after the rename: survives a power cut.
    Durable,
    /// Renamed without flushing; see the crate docs.
    Regenerable,
}

#[derive(Debug)]
enum Output {
    /// Bytes go to `temp`, renamed over `dest` on commit.
    Staged { temp: NamedTempFile, dest: PathBuf },
    /// Bytes go straight into a device, FIFO or terminal.
    Direct { file: File },
}

impl AtomicFile {
    /// Starts writing `path` (new files get the umask's mode).
    pub fn create(path: &Path) -> io::Result<Self> {
        Self::create_with(path, Privacy::Umask)
    }

    pub fn create_with(path: &Path, privacy: Privacy) -> io::Result<Self> {
        let output = match classify(path)? {
            Target::WriteThrough { path } => Output::Direct {
                // Append: when `/dev/stdout` is a file the shell opened with `>>`, a fresh
                // descriptor at offset 0 would overwrite what is already there.
                file: File::options().append(true).open(path)?,
            },
            Target::Replace { path, permissions } => {
                let temp = temp_builder(privacy).tempfile_in(parent_dir(&path))?;
                if let Some(permissions) = permissions {
                    // fchmod is not subject to the umask: the file keeps exactly its mode.
                    temp.as_file().set_permissions(permissions)?;
                }
                Output::Staged { temp, dest: path }
            }
        };
        Ok(Self {
            output,
            durability: Durability::Durable,
        })
    }

    /// Commit without waiting for the disk, for a file that can be computed again from its
    /// source (see the crate docs). Readers still see the old file or the whole new one.
    pub fn regenerable(mut self) -> Self {
        self.durability = Durability::Regenerable;
        self
    }

    /// The file the bytes go to (the temp file, or the device itself when written through),
    /// e.g. to hand a clone of it to an async writer.
    pub fn as_file(&self) -> &File {
        match &self.output {
            Output::Staged { temp, .. } => temp.as_file(),
            Output::Direct { file } => file,
        }
    }

    /// Where the new content waits before [`commit`](Self::commit), to check it (a download
    /// that must be a playable recording). `None` when written through: there is nothing to
    /// read back from a device or a FIFO.
    pub fn staged_path(&self) -> Option<&Path> {
        match &self.output {
            Output::Staged { temp, .. } => Some(temp.path()),
            Output::Direct { .. } => None,
        }
    }

    /// True when the bytes go straight to a device, FIFO or terminal: whatever was written
    /// has been delivered, and cannot be taken back.
    pub fn is_write_through(&self) -> bool {
        matches!(self.output, Output::Direct { .. })
    }

    /// Makes the new content the file's: flushed to disk, renamed over the target, the
    /// directory flushed. On an error before the rename the target is unchanged and the temp
    /// file removed.
    pub fn commit(self) -> io::Result<()> {
        match self.output {
            Output::Direct { mut file } => file.flush(),
            Output::Staged { temp, dest } if self.durability == Durability::Regenerable => {
                replace_unflushed(temp, &dest)
            }
            Output::Staged { temp, dest } => {
                // On disk before the rename, so a crash cannot leave a renamed but empty file.
                temp.as_file().sync_all()?;
                temp.persist(&dest).map_err(|e| e.error)?;
                sync_dir(parent_dir(&dest))
            }
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.output {
            Output::Staged { temp, .. } => temp.write(buf),
            Output::Direct { file } => file.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.output {
            Output::Staged { temp, .. } => temp.write_all(buf),
            Output::Direct { file } => file.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.output {
            Output::Staged { temp, .. } => temp.flush(),
            Output::Direct { file } => file.flush(),
        }
    }
}

/// A zip archive is written with seeks back to patch each entry's header; on a device or FIFO
/// the seek fails (there is nothing to go back to).
impl Seek for AtomicFile {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        match &mut self.output {
            Output::Staged { temp, .. } => temp.seek(pos),
            Output::Direct { file } => file.seek(pos),
        }
    }
}

/// Puts `temp` in `dest`'s place without waiting for the disk.
///
/// Renaming over an existing file makes ext4 write the new file's data out first (its
/// `auto_da_alloc` guard for programs that never flush): 1.4 ms for the 1.2 MB of an hour's
/// peaks on this project's VM, a fifth of computing them. Exchanging the two names (Linux's
/// `renameat2` with `RENAME_EXCHANGE`) is just as atomic for readers, is not guarded that way,
/// and took 0.1 ms; the old content, now under the temp name, goes when `temp` is dropped.
fn replace_unflushed(temp: NamedTempFile, dest: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    if exchange_with_file(temp.path(), dest) {
        // Dropping `temp` deletes what its name now holds: the old content.
        drop(temp);
        return Ok(());
    }
    temp.persist(dest).map(|_| ()).map_err(|e| e.error)
}

/// Swaps the names of `temp` and `dest` when `dest` is a regular file; false when it is not (a
/// new name, a folder put there meanwhile) or the file system cannot swap (then a rename does).
#[cfg(target_os = "linux")]
fn exchange_with_file(temp: &Path, dest: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    let is_file = |path: &Path| fs::symlink_metadata(path).is_ok_and(|m| m.is_file());
    if !is_file(dest) || renameat_with(CWD, temp, CWD, dest, RenameFlags::EXCHANGE).is_err() {
        return false;
    }
    if is_file(temp) {
        return true;
    }
    // Something other than a file took `dest`'s place between the check and the swap: put it
    // back where it was (deleting it with the temp file would lose it) and let the rename fail.
    let _ = renameat_with(CWD, temp, CWD, dest, RenameFlags::EXCHANGE);
    false
}

/// Writes `contents` to `path` whole (see the crate docs).
pub fn write(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_with(path, contents, Privacy::Umask)
}

pub fn write_with(path: &Path, contents: &[u8], privacy: Privacy) -> io::Result<()> {
    let mut file = AtomicFile::create_with(path, privacy)?;
    file.write_all(contents)?;
    file.commit()
}

/// Copies the file at `source` to `path` whole; returns the bytes copied.
pub fn copy(source: &Path, path: &Path) -> io::Result<u64> {
    let mut input = File::open(source)?;
    let mut file = AtomicFile::create(path)?;
    let bytes = io::copy(&mut input, &mut file)?;
    file.commit()?;
    Ok(bytes)
}

/// A temp-file builder whose file is created with the mode a new target should have.
fn temp_builder(privacy: Privacy) -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The mode asked of open(2), which the kernel narrows by the umask (tempfile's own
        // default is 0600 whatever the umask says).
        builder.permissions(fs::Permissions::from_mode(match privacy {
            Privacy::Umask => 0o666,
            Privacy::Private => 0o600,
        }));
    }
    // Windows has no modes: a new file inherits its folder's ACL either way.
    #[cfg(not(unix))]
    let _ = privacy;
    builder
}

/// Makes the rename itself durable: on Unix a rename is a change to the directory.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    match File::open(dir).and_then(|d| d.sync_all()) {
        // Some file systems (FUSE, network mounts) cannot flush a directory; the rename has
        // happened, which is all they can give.
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported
            ) =>
        {
            Ok(())
        }
        other => other,
    }
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    // NTFS journals the rename (MoveFileEx) itself; a directory cannot be opened to flush.
    Ok(())
}
