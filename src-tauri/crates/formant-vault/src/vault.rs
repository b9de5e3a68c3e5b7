//! The facade over the accounts: the registry (saved before any change is applied in memory, so
//! a failed save leaves both the file and this value as they were) and their keys ([`Keys`]:
//! the OS keychain, with an in-memory fallback so a machine without a usable keychain still
//! works for the session).
//!
//! Each change that involves a key comes in two steps — the registry part here, the keychain
//! part through [`Vault::keys`] — so a caller that keeps the vault under a lock can do the
//! keychain IO outside it. The combined methods (`add_account`, `remove_account`, …) are the
//! same steps in order, for callers without a lock.

use formant_core::{ApiKey, Region};

use crate::account::{Account, AccountId};
use crate::error::{KeychainError, VaultError};
use crate::keys::{KeyStorage, Keys};
use crate::keystore::KeyStore;
use crate::registry::AccountRegistry;
use crate::status::KeychainStatus;

pub struct Vault {
    registry: AccountRegistry,
    keys: Keys,
}

impl Vault {
    pub fn new(registry: AccountRegistry, keychain: Box<dyn KeyStore>) -> Self {
        Self {
            registry,
            keys: Keys::new(keychain),
        }
    }

    /// The keys, to read or write them without holding the vault.
    pub fn keys(&self) -> Keys {
        self.keys.clone()
    }

    pub fn registry(&self) -> &AccountRegistry {
        &self.registry
    }

    pub fn accounts(&self) -> &[Account] {
        self.registry.list()
    }

    pub fn account(&self, id: &AccountId) -> Option<&Account> {
        self.registry.get(id)
    }

    pub fn active(&self) -> Option<&Account> {
        self.registry.active()
    }

    /// Adds the account and stores its key (in the keychain, or in memory when the keychain
    /// fails: see [`Self::key_storage`] and [`Self::fallback_reason`]). The key is expected to
    /// have been checked against the API already.
    pub fn add_account(
        &mut self,
        name: &str,
        region: Region,
        key: &ApiKey,
    ) -> Result<Account, VaultError> {
        if key.is_empty() {
            return Err(VaultError::EmptyKey);
        }
        let account = self.register_account(name, region)?;
        self.keys.store(&account.id, key);
        Ok(account)
    }

    /// The registry step of [`Self::add_account`]: the account is saved, its key is not
    /// stored yet (store it with `keys().store`). Storing a key cannot fail (it falls back to
    /// memory), so nothing has to be undone afterwards.
    pub fn register_account(&mut self, name: &str, region: Region) -> Result<Account, VaultError> {
        self.commit(|registry| registry.add(name, region))
    }

    pub fn rename_account(&mut self, id: &AccountId, name: &str) -> Result<Account, VaultError> {
        self.commit(|registry| registry.rename(id, name).cloned())
    }

    pub fn set_region(&mut self, id: &AccountId, region: Region) -> Result<Account, VaultError> {
        self.commit(|registry| registry.set_region(id, region).cloned())
    }

    pub fn set_active(&mut self, id: &AccountId) -> Result<(), VaultError> {
        self.commit(|registry| registry.set_active(id))
    }

    /// The account's key: from memory when it was kept there, else from the keychain.
    /// `Ok(None)` when the account has no key stored.
    pub fn key_for(&self, id: &AccountId) -> Result<Option<ApiKey>, VaultError> {
        self.require(id)?;
        Ok(self.keys.get(id)?)
    }

    /// Replaces the account's key; says where the new one is kept.
    pub fn change_key(&mut self, id: &AccountId, key: &ApiKey) -> Result<KeyStorage, VaultError> {
        self.require(id)?;
        if key.is_empty() {
            return Err(VaultError::EmptyKey);
        }
        Ok(self.keys.store(id, key))
    }

    /// Deletes the account's key ([`Keys::delete_for_removal`]), then the account.
    pub fn remove_account(&mut self, id: &AccountId) -> Result<Account, VaultError> {
        self.require(id)?;
        self.keys.delete_for_removal(id)?;
        self.forget_account(id)
    }

    /// The registry step of [`Self::remove_account`], once the key is deleted.
    pub fn forget_account(&mut self, id: &AccountId) -> Result<Account, VaultError> {
        let removed = self.commit(|registry| registry.remove(id))?;
        self.keys.forget(id);
        Ok(removed)
    }

    pub fn key_storage(&self, id: &AccountId) -> Result<KeyStorage, VaultError> {
        self.require(id)?;
        Ok(self.keys.storage(id))
    }

    /// The keychain failure that last sent a key to memory, if any did this session.
    pub fn fallback_reason(&self) -> Option<KeychainError> {
        self.keys.fallback_reason()
    }

    /// Checks the keychain now.
    pub fn keychain_status(&self) -> KeychainStatus {
        self.keys.status()
    }

    fn require(&self, id: &AccountId) -> Result<&Account, VaultError> {
        self.registry
            .get(id)
            .ok_or_else(|| VaultError::UnknownAccount(id.clone()))
    }

    fn commit<T>(
        &mut self,
        change: impl FnOnce(&mut AccountRegistry) -> Result<T, VaultError>,
    ) -> Result<T, VaultError> {
        let mut next = self.registry.clone();
        let out = change(&mut next)?;
        next.save()?;
        self.registry = next;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::error::KeychainProblem;
    use crate::keystore::MemoryKeyStore;

    /// A keychain that fails every call the way a platform does.
    struct Broken(KeychainProblem);

    impl Broken {
        fn err(&self) -> KeychainError {
            KeychainError::Platform {
                problem: self.0,
                detail: "test failure".into(),
            }
        }
    }

    impl KeyStore for Broken {
        fn get(&self, _: &AccountId) -> Result<Option<ApiKey>, KeychainError> {
            Err(self.err())
        }
        fn set(&self, _: &AccountId, _: &ApiKey) -> Result<(), KeychainError> {
            Err(self.err())
        }
        fn delete(&self, _: &AccountId) -> Result<(), KeychainError> {
            Err(self.err())
        }
    }

    fn accounts_path() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("accounts.json");
        (dir, path)
    }

    fn shared_vault(path: &PathBuf) -> (Vault, Arc<MemoryKeyStore>) {
        let keychain = Arc::new(MemoryKeyStore::new());
        let vault = Vault::new(
            AccountRegistry::empty(path),
            Box::new(Arc::clone(&keychain)),
        );
        (vault, keychain)
    }

    #[test]
    fn add_stores_the_key_in_the_keychain_and_never_in_the_file() {
        let (_dir, path) = accounts_path();
        let (mut vault, keychain) = shared_vault(&path);
        let key = ApiKey::new("sk_live_secret_value_1234");
        let account = vault
            .add_account("Production", Region::Global, &key)
            .expect("add");

        assert_eq!(keychain.get(&account.id).expect("get"), Some(key.clone()));
        assert_eq!(vault.key_for(&account.id).expect("key"), Some(key.clone()));
        assert_eq!(
            vault.key_storage(&account.id).expect("storage"),
            KeyStorage::Keychain
        );
        assert_eq!(vault.active(), Some(&account));
        let file = std::fs::read_to_string(&path).expect("saved");
        assert!(file.contains("Production"));
        assert!(
            !file.contains(key.expose()),
            "the key must not reach accounts.json"
        );
        assert!(!file.contains("secret"), "no key-like field either");
        assert!(vault.fallback_reason().is_none());
    }

    #[test]
    fn a_failing_keychain_keeps_the_key_in_memory_and_says_why() {
        let (_dir, path) = accounts_path();
        let mut vault = Vault::new(
            AccountRegistry::empty(&path),
            Box::new(Broken(KeychainProblem::NoSecretService)),
        );
        let key = ApiKey::new("sk_live_memory_only_5678");
        let account = vault
            .add_account("Mumbai", Region::India, &key)
            .expect("add works without a keychain");
        assert_eq!(
            vault.key_storage(&account.id).expect("storage"),
            KeyStorage::Memory
        );
        assert_eq!(vault.key_for(&account.id).expect("key"), Some(key.clone()));
        assert_eq!(
            vault
                .fallback_reason()
                .as_ref()
                .and_then(KeychainError::problem),
            Some(KeychainProblem::NoSecretService)
        );
        let status = vault.keychain_status();
        assert!(!status.available);
        assert!(status
            .message
            .is_some_and(|m| m.contains("no Secret Service such as GNOME Keyring or KWallet")));
        assert!(!std::fs::read_to_string(&path)
            .expect("saved")
            .contains(key.expose()));

        // Unreachable keychain: removal still goes through and forgets the key.
        vault.remove_account(&account.id).expect("remove");
        assert!(vault.accounts().is_empty());
        assert_eq!(
            vault.keys.storage(&account.id),
            KeyStorage::Keychain,
            "the in-memory copy is gone"
        );
    }

    #[test]
    fn a_locked_keychain_blocks_removal_so_no_key_is_orphaned() {
        let (_dir, path) = accounts_path();
        let mut registry = AccountRegistry::empty(&path);
        let account = registry.add("Kept", Region::Global).expect("add");
        registry.save().expect("save");
        let mut vault = Vault::new(registry, Box::new(Broken(KeychainProblem::Locked)));
        let err = vault.remove_account(&account.id).expect_err("locked");
        assert!(err.to_string().contains("locked"), "{err}");
        assert_eq!(vault.accounts(), std::slice::from_ref(&account));
        let reloaded = AccountRegistry::load(&path).expect("reload");
        assert_eq!(reloaded.list(), &[account]);
    }

    #[test]
    fn change_key_and_remove_account() {
        let (_dir, path) = accounts_path();
        let (mut vault, keychain) = shared_vault(&path);
        let account = vault
            .add_account("Ops", Region::Global, &ApiKey::new("sk_old_key_0001"))
            .expect("add");
        let new_key = ApiKey::new("sk_new_key_0002");
        assert_eq!(
            vault.change_key(&account.id, &new_key).expect("change"),
            KeyStorage::Keychain
        );
        assert_eq!(vault.key_for(&account.id).expect("key"), Some(new_key));
        assert!(matches!(
            vault.change_key(&account.id, &ApiKey::new("   ")),
            Err(VaultError::EmptyKey)
        ));

        let removed = vault.remove_account(&account.id).expect("remove");
        assert_eq!(removed.id, account.id);
        assert_eq!(
            keychain.get(&account.id).expect("get"),
            None,
            "key deleted too"
        );
        assert!(AccountRegistry::load(&path)
            .expect("reload")
            .list()
            .is_empty());
        assert!(matches!(
            vault.key_for(&account.id),
            Err(VaultError::UnknownAccount(_))
        ));
        assert!(matches!(
            vault.remove_account(&account.id),
            Err(VaultError::UnknownAccount(_))
        ));
    }

    #[test]
    fn bad_input_changes_nothing() {
        let (_dir, path) = accounts_path();
        let (mut vault, keychain) = shared_vault(&path);
        let first = vault
            .add_account("First", Region::Global, &ApiKey::new("sk_first_0001"))
            .expect("add");
        assert!(matches!(
            vault.add_account("first ", Region::India, &ApiKey::new("sk_dup_0002")),
            Err(VaultError::InvalidName(_))
        ));
        assert!(matches!(
            vault.add_account("Second", Region::India, &ApiKey::new("")),
            Err(VaultError::EmptyKey)
        ));
        assert!(matches!(
            vault.rename_account(&first.id, ""),
            Err(VaultError::InvalidName(_))
        ));
        assert_eq!(vault.accounts(), std::slice::from_ref(&first));
        assert_eq!(
            AccountRegistry::load(&path).expect("reload").list(),
            &[first]
        );
        assert_eq!(keychain.get(&AccountId::generate()).expect("get"), None);
    }

    #[test]
    fn a_failed_save_rolls_back_the_account_and_its_key() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A parent that is a file: every save fails, even for root.
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, b"x").expect("blocker");
        let (mut vault, keychain) = shared_vault(&blocker.join("accounts.json"));
        let err = vault
            .add_account("Lost", Region::Global, &ApiKey::new("sk_rolled_back_01"))
            .expect_err("save fails");
        assert!(matches!(err, VaultError::Io { .. }));
        assert!(vault.accounts().is_empty());
        assert!(keychain.is_empty(), "no key left behind");
    }

    #[test]
    fn rename_region_and_active_are_saved() {
        let (_dir, path) = accounts_path();
        let (mut vault, _keychain) = shared_vault(&path);
        let a = vault
            .add_account("A", Region::Global, &ApiKey::new("sk_a_0000001"))
            .expect("add");
        let b = vault
            .add_account("B", Region::Global, &ApiKey::new("sk_b_0000002"))
            .expect("add");
        vault.rename_account(&a.id, "Alpha").expect("rename");
        let moved = vault.set_region(&b.id, Region::India).expect("region");
        vault.set_active(&b.id).expect("active");
        let reloaded = AccountRegistry::load(&path).expect("reload");
        assert_eq!(reloaded.get(&a.id).map(|x| x.name.as_str()), Some("Alpha"));
        assert_eq!(reloaded.get(&b.id), Some(&moved));
        assert_eq!(reloaded.active().map(|x| &x.id), Some(&b.id));
        assert_ne!(reloaded.get(&a.id).map(|x| &x.color), Some(&moved.color));
    }
}
