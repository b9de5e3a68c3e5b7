//! The accounts of a store.

use formant_core::Region;
use rusqlite::{params, OptionalExtension};

use crate::account::{region_code, AccountInfo, AccountKey, AccountRef};
use crate::error::LibraryError;
use crate::store::{now_ms, Store};

impl Store {
    /// The account with this key, created when missing. Its label and region are updated when
    /// they changed (an account renamed in the app).
    pub fn account(
        &self,
        key: &AccountKey,
        label: &str,
        region: &Region,
    ) -> Result<AccountRef, LibraryError> {
        let key_json =
            serde_json::to_string(key).map_err(|e| LibraryError::InvalidQuery(e.to_string()))?;
        let id: i64 = self
            .conn
            .query_row(
                "INSERT INTO accounts (identity, kind, key_json, label, region, created_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (identity) DO UPDATE SET label = excluded.label, region = excluded.region
                 RETURNING id",
                params![
                    key.identity(),
                    key.kind(),
                    key_json,
                    label,
                    region_code(region),
                    now_ms()
                ],
                |row| row.get(0),
            )
            .map_err(self.err("save the account"))?;
        Ok(AccountRef(id))
    }

    /// The account with this key, if the store has it (never creates one).
    pub fn find_account(&self, key: &AccountKey) -> Result<Option<AccountRef>, LibraryError> {
        self.conn
            .query_row(
                "SELECT id FROM accounts WHERE identity = ?1",
                [key.identity()],
                |row| row.get(0).map(AccountRef),
            )
            .optional()
            .map_err(self.err("look up the account"))
    }

    /// Every account in the store, in the order they were added.
    pub fn accounts(&self) -> Result<Vec<AccountInfo>, LibraryError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, key_json, label, region FROM accounts ORDER BY id")
            .map_err(self.err("list the accounts"))?;
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            })
            .map_err(self.err("list the accounts"))?;
        let mut accounts = Vec::new();
        for row in rows {
            let (id, key_json, label, region) = row.map_err(self.err("list the accounts"))?;
            let key = serde_json::from_str(&key_json).map_err(|e| LibraryError::Corrupt {
                path: self.path.clone(),
                reason: format!("an account's key cannot be read: {e}"),
            })?;
            accounts.push(AccountInfo {
                account: AccountRef(id),
                key,
                label,
                region,
            });
        }
        Ok(accounts)
    }

    /// One account's details.
    pub fn account_info(&self, account: AccountRef) -> Result<AccountInfo, LibraryError> {
        self.accounts()?
            .into_iter()
            .find(|a| a.account == account)
            .ok_or(LibraryError::UnknownAccount)
    }

    /// Removes an account and every call of it from the store (one transaction).
    pub fn remove_account(&self, account: AccountRef) -> Result<(), LibraryError> {
        let tx = self
            .write_transaction()
            .map_err(self.err("remove the account"))?;
        // The full-text index has no foreign key: its rows go first.
        tx.execute(
            "DELETE FROM search_index WHERE rowid IN
                (SELECT id FROM conversations WHERE account_id = ?1)",
            [account.0],
        )
        .map_err(self.err("remove the account"))?;
        tx.execute("DELETE FROM accounts WHERE id = ?1", params![account.0])
            .map_err(self.err("remove the account"))?;
        tx.commit().map_err(self.err("remove the account"))
    }

    /// Fails with [`LibraryError::UnknownAccount`] for a handle this store did not make.
    pub(crate) fn check_account(&self, account: AccountRef) -> Result<(), LibraryError> {
        let found: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM accounts WHERE id = ?1",
                [account.0],
                |row| row.get(0),
            )
            .optional()
            .map_err(self.err("look up the account"))?;
        found.map(|_| ()).ok_or(LibraryError::UnknownAccount)
    }
}
