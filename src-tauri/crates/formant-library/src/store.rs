//! Opening the store: the file, its pragmas, its migrations, and what to do with a bad one.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::bucket_counts::BucketCounter;
use crate::count_cache::CountCache;
use crate::error::LibraryError;
use crate::schema;
use crate::search::MatchIds;

/// The library's file in its data dir.
pub const LIBRARY_FILE: &str = "library.sqlite3";

/// How long a write waits for another program's write to finish before giving up with
/// [`LibraryError::Busy`].
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Each connection's page cache, in KiB (a negative `cache_size`). SQLite's default of 2 MiB
/// holds the indexes of a few thousand calls: past that, every write of a sync reads its index
/// pages back from the OS, and writes slow down as the library grows.
const CACHE_KIB: i64 = -32 * 1024;

/// Pages of write-ahead log between checkpoints (SQLite's default is 1,000), and the size the
/// log is cut back to after one.
const WAL_CHECKPOINT_PAGES: i64 = 8_000;
const WAL_KEEP_BYTES: i64 = 8 * 1024 * 1024;

/// The app's data dir (Tauri's `app_data_dir` for the identifier `dev.formant.desk`), shared
/// by the app and the CLI so they see one library. `None` when the OS has no data dir.
pub fn default_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join("dev.formant.desk"))
}

/// The library file in a data dir.
pub fn library_path(data_dir: &Path) -> PathBuf {
    data_dir.join(LIBRARY_FILE)
}

/// One connection to a library file. Several may be open on one file (the app and the CLI,
/// a reader beside a syncing writer): WAL lets readers go on during a write, and writers
/// wait for each other up to a busy timeout. Not `Sync`: give each thread its own, or share
/// one behind a mutex.
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    /// Totals of recent filters, while the file is unchanged (see [`CountCache`]).
    pub(crate) counts: RefCell<CountCache>,
    /// Collects a search's matches in one pass over the index.
    pub(crate) match_ids: MatchIds,
    /// Counts calls per day or hour inside the pass over the index (triage, the timeline).
    pub(crate) bucket_counter: BucketCounter,
}

impl Store {
    /// Opens the library at `path`, creating it (and its folder) when missing and migrating an
    /// older schema. A damaged file is [`LibraryError::Corrupt`]: nothing is changed, and
    /// [`Store::rebuild`] starts a new one.
    pub fn open(path: &Path) -> Result<Store, LibraryError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| LibraryError::Unreadable {
                path: path.to_owned(),
                reason: e.to_string(),
            })?;
        }
        let err = |action| {
            let path = path.to_owned();
            move |e| LibraryError::from_sqlite(&path, action, e)
        };
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(err("open the file"))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(err("set the busy timeout"))?;
        // The first read of the file: a file that is not SQLite fails here.
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(err("read the schema version"))?;
        if version > schema::LATEST {
            return Err(LibraryError::TooNew {
                path: path.to_owned(),
                found: version,
                known: schema::LATEST,
            });
        }
        switch_to_wal(&conn).map_err(err("switch to write-ahead logging"))?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(err("set the sync mode"))?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(err("turn on foreign keys"))?;
        conn.pragma_update(None, "cache_size", CACHE_KIB)
            .map_err(err("set the cache size"))?;
        // Every write to `conversations` keeps a statement journal (its checks may abort it
        // halfway); in a temp file, that was a write system call per page of every call.
        conn.pragma_update(None, "temp_store", "MEMORY")
            .map_err(err("keep temporary data in memory"))?;
        // Copy the write-ahead log into the file every ~32 MiB rather than every 4 MiB: each
        // copy flushes the disk twice, and the index pages a sync rewrites page after page
        // are copied once instead of eight times. The log is cut back afterwards.
        conn.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)
            .map_err(err("set the checkpoint interval"))?;
        conn.pragma_update(None, "journal_size_limit", WAL_KEEP_BYTES)
            .map_err(err("set the log size limit"))?;
        migrate(&mut conn, path)?;
        let match_ids = MatchIds::default();
        match_ids.register(&conn).map_err(err("set up search"))?;
        let bucket_counter = BucketCounter::default();
        bucket_counter
            .register(&conn)
            .map_err(err("set up triage"))?;
        // No integrity check here: `quick_check` reads the whole file (seconds for a large
        // library). A damaged page surfaces as `Corrupt` from the query that reads it.
        Ok(Store {
            conn,
            path: path.to_owned(),
            counts: RefCell::default(),
            match_ids,
            bucket_counter,
        })
    }

    /// Opens the library in `data_dir` ([`library_path`]).
    pub fn open_in(data_dir: &Path) -> Result<Store, LibraryError> {
        Store::open(&library_path(data_dir))
    }

    /// Moves a damaged library aside (to `library.sqlite3.damaged-<time>`, with its `-wal` and
    /// `-shm` files) and opens a new, empty one at `path`. Nothing is deleted: the old file
    /// stays for a support request or a recovery tool. Returns the new store and where the old
    /// file went (`None` when there was no file).
    pub fn rebuild(path: &Path) -> Result<(Store, Option<PathBuf>), LibraryError> {
        let moved = if path.exists() {
            let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
            let mut aside = path.as_os_str().to_owned();
            aside.push(format!(".damaged-{stamp}"));
            let aside = PathBuf::from(aside);
            let rename = |from: &Path, to: &Path| {
                std::fs::rename(from, to).map_err(|e| LibraryError::Unreadable {
                    path: from.to_owned(),
                    reason: format!("cannot move it aside to {}: {e}", to.display()),
                })
            };
            for suffix in ["-wal", "-shm"] {
                let side = with_suffix(path, suffix);
                if side.exists() {
                    rename(&side, &with_suffix(&aside, suffix))?;
                }
            }
            rename(path, &aside)?;
            Some(aside)
        } else {
            None
        };
        Ok((Store::open(path)?, moved))
    }

    /// Caps the file's size for this connection (rounded down to whole pages): a write that
    /// would grow it past `max_bytes` fails as [`LibraryError::DiskFull`] and is rolled back,
    /// as on a full disk. Returns the cap in effect, in bytes.
    pub fn limit_size(&self, max_bytes: u64) -> Result<u64, LibraryError> {
        let page_size: i64 = self
            .conn
            .pragma_query_value(None, "page_size", |row| row.get(0))
            .map_err(self.err("read the page size"))?;
        let page_size = u64::try_from(page_size).unwrap_or(4096).max(1);
        let pages = i64::try_from(max_bytes / page_size)
            .unwrap_or(i64::MAX)
            .max(1);
        let set: i64 = self
            .conn
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |row| {
                row.get(0)
            })
            .map_err(self.err("set the size limit"))?;
        Ok(u64::try_from(set).unwrap_or(0).saturating_mul(page_size))
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A transaction that writes. It takes the file's write lock at its start (`BEGIN
    /// IMMEDIATE`), so a second writer — another sync, the app beside the CLI — waits its turn
    /// for up to the busy timeout. A deferred transaction would take the lock only at its first
    /// write, and fail at once with `Busy` when another connection wrote since it began.
    pub(crate) fn write_transaction(&self) -> rusqlite::Result<rusqlite::Transaction<'_>> {
        rusqlite::Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)
    }

    /// Maps an SQLite error of `action` to a [`LibraryError`] (full disk, damage, locks).
    pub(crate) fn err(
        &self,
        action: &'static str,
    ) -> impl Fn(rusqlite::Error) -> LibraryError + '_ {
        move |e| LibraryError::from_sqlite(&self.path, action, e)
    }
}

/// Brings the schema up to date, safely when another connection does the same at the same
/// moment (the app and `formant sync` opening a new library): the migrations take the write
/// lock at their start, so the second waits for the first; the second then finds the schema
/// made (the migrations read the version before they lock), fails, reads the version again,
/// and is done. A failure that is not such a race is reported.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), LibraryError> {
    conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
    let version = |conn: &Connection| -> Result<i64, LibraryError> {
        conn.pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| LibraryError::from_sqlite(path, "read the schema version", e))
    };
    let migrations = schema::migrations();
    let mut attempts = 0;
    let result = loop {
        attempts += 1;
        let before = version(conn)?;
        match migrations.to_latest(conn) {
            Ok(()) => break Ok(()),
            // Someone else migrated between our read of the version and our lock: go again
            // from where they left it.
            Err(e) if attempts < MIGRATION_ATTEMPTS && version(conn)? != before => {
                tracing::debug!(error = %e, "the schema was updated by another connection");
            }
            Err(e) => break Err(migration_error(path, e)),
        }
    };
    conn.set_transaction_behavior(rusqlite::TransactionBehavior::Deferred);
    result
}

/// Switches the file to write-ahead logging (a no-op once it is). The switch needs the file to
/// itself, and SQLite does not wait for that (the busy timeout does not apply): while another
/// connection is making a new library, it is tried again until the busy timeout has passed.
fn switch_to_wal(conn: &Connection) -> rusqlite::Result<()> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            other => return other,
        }
    }
}

/// How many times opening tries the migrations when other connections migrate at once: each
/// retry follows another connection's finished migration, so a few are plenty.
const MIGRATION_ATTEMPTS: u32 = 4;

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn migration_error(path: &Path, e: rusqlite_migration::Error) -> LibraryError {
    match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => {
            LibraryError::from_sqlite(path, "update the library's schema", err)
        }
        other => LibraryError::Corrupt {
            path: path.to_owned(),
            reason: format!("its schema cannot be updated: {other}"),
        },
    }
}

/// Now, in epoch milliseconds.
pub(crate) fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
