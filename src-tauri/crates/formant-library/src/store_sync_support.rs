//! Store reads the sync engine needs beyond the store's own API (kept apart so the store's
//! files and the sync's do not collide).

use rusqlite::params;

use crate::account::AccountRef;
use crate::error::LibraryError;
use crate::schema::PENDING;
use crate::store::Store;

impl Store {
    /// The newest start (epoch ms) among `account`'s stored calls, `None` when it has none.
    pub fn newest_start_ms(&self, account: AccountRef) -> Result<Option<i64>, LibraryError> {
        self.conn
            .query_row(
                "SELECT max(start_ms) FROM conversations WHERE account_id = ?1",
                [account.0],
                |row| row.get(0),
            )
            .map_err(self.err("read the newest call"))
    }

    /// How many calls [`Store::pending_details`] would list with this `checked_before_ms`.
    pub fn count_pending_details(
        &self,
        account: AccountRef,
        checked_before_ms: i64,
    ) -> Result<u64, LibraryError> {
        let count: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM conversations INDEXED BY conversations_pending
                 WHERE account_id = ?1 AND {PENDING}
                   AND (details_checked_ms IS NULL OR details_checked_ms < ?2)"
            ))
            .map_err(self.err("count the calls that need details"))?
            .query_row(params![account.0, checked_before_ms], |row| row.get(0))
            .map_err(self.err("count the calls that need details"))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}
