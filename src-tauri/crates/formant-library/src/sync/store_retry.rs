//! Store writes a second sync (another account, the app and the CLI) may collide with.
//!
//! Two connections writing one file take turns: the store's writes begin `IMMEDIATE`, so SQLite
//! waits up to the busy timeout for the other's transaction. A write that still meets `Busy`
//! (the other held the lock longer than that) is tried again, in a new transaction, after a
//! short pause.

use std::time::Duration;

use crate::error::LibraryError;
use crate::store::Store;

const TRIES: u32 = 50;
const PAUSE: Duration = Duration::from_millis(20);

/// Runs `write` until it does not fail with [`LibraryError::Busy`] (at most a second or so).
/// The store is lent to `write` only while it runs (never across the pause), which keeps the
/// sync's future `Send`.
pub(super) async fn write<T>(
    store: &mut Store,
    mut write: impl FnMut(&Store) -> Result<T, LibraryError>,
) -> Result<T, LibraryError> {
    let mut tries = 1;
    loop {
        match write(store) {
            Err(LibraryError::Busy) if tries < TRIES => {
                tries += 1;
                tokio::time::sleep(PAUSE).await;
            }
            other => return other,
        }
    }
}
