//! The recordings cache: one WAV per conversation in the app's cache dir, capped in size,
//! evicting the least recently used. Files only ever appear complete (the download writes a
//! temp file and renames it), so anything named `*.wav` here is whole.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Serialize;

/// 2 GB: about 70 hours of 8 kHz mu-law, or 3 hours of 48 kHz stereo.
pub const DEFAULT_CAP_BYTES: u64 = 2_000_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct CacheInfo {
    pub bytes: u64,
    pub files: u64,
    pub cap_bytes: u64,
}

pub struct RecordingCache {
    dir: PathBuf,
    cap_bytes: u64,
}

impl RecordingCache {
    pub fn new(dir: PathBuf, cap_bytes: u64) -> Self {
        Self { dir, cap_bytes }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the recording of `conversation_id` for the account at `base_url` lives. Ids are
    /// hashed into the name: they come from the network and may hold `/`, `..` or characters a
    /// file system rejects; the base URL keeps two accounts' same-named calls apart.
    pub fn path_for(&self, base_url: &str, conversation_id: &str) -> PathBuf {
        self.dir.join(format!(
            "{:016x}.wav",
            stable_hash(&[base_url, conversation_id])
        ))
    }

    /// The cached file, if present, marked as just used.
    pub fn lookup(&self, base_url: &str, conversation_id: &str) -> Option<PathBuf> {
        let path = self.path_for(base_url, conversation_id);
        let file = fs::File::options().append(true).open(&path).ok()?;
        // Recency is the file's mtime: touching it is one syscall and survives restarts.
        let _ = file.set_modified(SystemTime::now());
        Some(path)
    }

    pub fn ensure_dir(&self) -> io::Result<()> {
        fs::create_dir_all(&self.dir)
    }

    pub fn info(&self) -> io::Result<CacheInfo> {
        let entries = self.entries()?;
        Ok(CacheInfo {
            bytes: entries.iter().map(|e| e.bytes).sum(),
            files: entries.len() as u64,
            cap_bytes: self.cap_bytes,
        })
    }

    /// Removes least recently used recordings until the total fits the cap, never touching
    /// `keep` (the one just opened, even if it alone is over the cap).
    pub fn evict(&self, keep: Option<&Path>) -> io::Result<CacheInfo> {
        let mut entries = self.entries()?;
        entries.sort_by_key(|e| e.used);
        let mut total: u64 = entries.iter().map(|e| e.bytes).sum();
        for entry in &entries {
            if total <= self.cap_bytes {
                break;
            }
            if Some(entry.path.as_path()) == keep {
                continue;
            }
            match fs::remove_file(&entry.path) {
                Ok(()) => total -= entry.bytes,
                Err(e) if e.kind() == io::ErrorKind::NotFound => total -= entry.bytes,
                Err(e) => return Err(e),
            }
        }
        self.info()
    }

    /// Deletes every cached recording (and stray temp files from interrupted downloads).
    pub fn clear(&self) -> io::Result<CacheInfo> {
        match fs::read_dir(&self.dir) {
            Ok(read) => {
                for entry in read.flatten() {
                    if entry.file_type().is_ok_and(|t| t.is_file()) {
                        fs::remove_file(entry.path())?;
                    }
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        self.info()
    }

    fn entries(&self) -> io::Result<Vec<Entry>> {
        let read = match fs::read_dir(&self.dir) {
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        Ok(read
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "wav"))
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                meta.is_file().then(|| Entry {
                    path: e.path(),
                    bytes: meta.len(),
                    used: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                })
            })
            .collect())
    }
}

struct Entry {
    path: PathBuf,
    bytes: u64,
    used: SystemTime,
}

/// FNV-1a over the parts with a separator: stable across runs and platforms (unlike std's
/// `DefaultHasher`), which a file name must be.
fn stable_hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0xff)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn put(cache: &RecordingCache, id: &str, bytes: usize, age_secs: u64) -> PathBuf {
        let path = cache.path_for("http://a", id);
        fs::write(&path, vec![0u8; bytes]).expect("write");
        let when = SystemTime::now() - Duration::from_secs(age_secs);
        fs::File::options()
            .append(true)
            .open(&path)
            .and_then(|f| f.set_modified(when))
            .expect("mtime");
        path
    }

    #[test]
    fn names_are_safe_and_distinct_per_account() {
        let cache = RecordingCache::new(PathBuf::from("/c"), 10);
        let hostile = cache.path_for("http://a", "../../etc/passwd");
        assert_eq!(hostile.parent(), Some(Path::new("/c")));
        assert_ne!(
            cache.path_for("http://a", "x"),
            cache.path_for("http://b", "x")
        );
        assert_eq!(
            cache.path_for("http://a", "x"),
            cache.path_for("http://a", "x")
        );
    }

    #[test]
    fn evicts_least_recently_used_until_under_the_cap() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = RecordingCache::new(dir.path().to_owned(), 250);
        let old = put(&cache, "old", 100, 300);
        let mid = put(&cache, "mid", 100, 200);
        let new = put(&cache, "new", 100, 100);
        // Using "old" makes it the most recent.
        assert_eq!(cache.lookup("http://a", "old"), Some(old.clone()));
        let info = cache.evict(None).expect("evict");
        assert_eq!(
            info,
            CacheInfo {
                bytes: 200,
                files: 2,
                cap_bytes: 250
            }
        );
        assert!(old.exists() && new.exists() && !mid.exists());
    }

    #[test]
    fn the_recording_in_use_is_kept_even_over_the_cap() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = RecordingCache::new(dir.path().to_owned(), 50);
        let big = put(&cache, "big", 100, 0);
        let other = put(&cache, "other", 10, 500);
        cache.evict(Some(&big)).expect("evict");
        assert!(big.exists());
        assert!(!other.exists());
    }

    #[test]
    fn clear_empties_and_a_missing_dir_is_empty() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = RecordingCache::new(dir.path().join("never-made"), 50);
        assert_eq!(cache.info().expect("info").files, 0);
        cache.ensure_dir().expect("mkdir");
        put(&cache, "a", 10, 0);
        fs::write(cache.dir().join(".tmp123"), b"partial").expect("temp");
        let info = cache.clear().expect("clear");
        assert_eq!((info.files, info.bytes), (0, 0));
        assert_eq!(fs::read_dir(cache.dir()).expect("read").count(), 0);
        assert_eq!(cache.lookup("http://a", "a"), None);
    }
}
