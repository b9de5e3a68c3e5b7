//! Where API keys live, behind one small trait so the vault does not care which store it has.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use formant_core::ApiKey;

use crate::account::AccountId;
use crate::error::KeychainError;

/// A store of one API key per account. A missing key is `Ok(None)`, and deleting a missing key
/// succeeds, so callers never have to tell "absent" from "failed" by inspecting errors.
pub trait KeyStore: Send + Sync {
    fn get(&self, account: &AccountId) -> Result<Option<ApiKey>, KeychainError>;
    fn set(&self, account: &AccountId, key: &ApiKey) -> Result<(), KeychainError>;
    fn delete(&self, account: &AccountId) -> Result<(), KeychainError>;
}

/// A store shared with its owner (tests look into a store they handed over).
impl<T: KeyStore + ?Sized> KeyStore for std::sync::Arc<T> {
    fn get(&self, account: &AccountId) -> Result<Option<ApiKey>, KeychainError> {
        (**self).get(account)
    }
    fn set(&self, account: &AccountId, key: &ApiKey) -> Result<(), KeychainError> {
        (**self).set(account, key)
    }
    fn delete(&self, account: &AccountId) -> Result<(), KeychainError> {
        (**self).delete(account)
    }
}

/// Keys held in this process only: for tests, and for the session when the OS keychain cannot
/// be used. Nothing is written anywhere.
#[derive(Debug, Default)]
pub struct MemoryKeyStore {
    keys: Mutex<HashMap<AccountId, ApiKey>>,
}

impl MemoryKeyStore {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn contains(&self, account: &AccountId) -> bool {
        self.lock().contains_key(account)
    }

    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    // A panic while holding the lock cannot leave the map half-updated (every operation is a
    // single insert/remove/clone), so a poisoned lock is safe to keep using.
    fn lock(&self) -> MutexGuard<'_, HashMap<AccountId, ApiKey>> {
        self.keys.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl KeyStore for MemoryKeyStore {
    fn get(&self, account: &AccountId) -> Result<Option<ApiKey>, KeychainError> {
        Ok(self.lock().get(account).cloned())
    }

    fn set(&self, account: &AccountId, key: &ApiKey) -> Result<(), KeychainError> {
        self.lock().insert(account.clone(), key.clone());
        Ok(())
    }

    fn delete(&self, account: &AccountId) -> Result<(), KeychainError> {
        self.lock().remove(account);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_get_delete_and_idempotent_delete() {
        let store = MemoryKeyStore::new();
        let id = AccountId::generate();
        assert_eq!(store.get(&id).expect("get"), None);
        store.set(&id, &ApiKey::new("sk_one")).expect("set");
        store.set(&id, &ApiKey::new("sk_two")).expect("replace");
        assert_eq!(store.get(&id).expect("get"), Some(ApiKey::new("sk_two")));
        assert!(store.contains(&id));
        store.delete(&id).expect("delete");
        store.delete(&id).expect("delete again");
        assert_eq!(store.get(&id).expect("get"), None);
        assert!(
            !format!("{store:?}").contains("sk_"),
            "Debug never shows keys"
        );
    }
}
