//! The keys of the saved accounts: the OS keychain, with an in-memory fallback for the session
//! when the keychain cannot be used.
//!
//! [`Keys`] is a cheap, shareable handle (`Clone`, `Send + Sync`, `&self` everywhere), so a
//! caller that keeps the account registry under its own lock can do keychain IO — D-Bus round
//! trips that may wait on an unlock prompt — without holding that lock.

use std::sync::{Arc, Mutex, PoisonError};

use formant_core::ApiKey;
use serde::Serialize;

use crate::account::AccountId;
use crate::error::{KeychainError, KeychainProblem};
use crate::keystore::{KeyStore, MemoryKeyStore};
use crate::status::{probe, KeychainStatus};

/// Where an account's key is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum KeyStorage {
    /// In the OS keychain: survives restarts.
    Keychain,
    /// In this process only, because the keychain failed: gone when the app quits.
    Memory,
}

#[derive(Clone)]
pub struct Keys {
    shared: Arc<Shared>,
}

struct Shared {
    keychain: Box<dyn KeyStore>,
    memory: MemoryKeyStore,
    /// The keychain failure that last sent a key to memory. A leaf lock: held for a clone or
    /// an assignment only.
    fallback_reason: Mutex<Option<KeychainError>>,
}

impl Keys {
    pub fn new(keychain: Box<dyn KeyStore>) -> Self {
        Self {
            shared: Arc::new(Shared {
                keychain,
                memory: MemoryKeyStore::new(),
                fallback_reason: Mutex::new(None),
            }),
        }
    }

    /// The account's key: from memory when it was kept there, else from the keychain.
    /// `Ok(None)` when no key is stored for it.
    pub fn get(&self, id: &AccountId) -> Result<Option<ApiKey>, KeychainError> {
        if let Some(key) = self.shared.memory.get(id)? {
            return Ok(Some(key));
        }
        self.shared.keychain.get(id)
    }

    /// Stores the key in the keychain, or in memory when the keychain fails (the failure is
    /// kept as [`Self::fallback_reason`]); says where it went. Never fails.
    pub fn store(&self, id: &AccountId, key: &ApiKey) -> KeyStorage {
        match self.shared.keychain.set(id, key) {
            Ok(()) => {
                // MemoryKeyStore never fails.
                let _ = self.shared.memory.delete(id);
                KeyStorage::Keychain
            }
            Err(err) => {
                let _ = self.shared.memory.set(id, key);
                *self
                    .shared
                    .fallback_reason
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) = Some(err);
                KeyStorage::Memory
            }
        }
    }

    /// Deletes the key of an account about to be removed.
    ///
    /// When the keychain cannot be reached at all (no session bus, no Secret Service) that is
    /// not an error, or a user without a keychain could never remove an account. When it is
    /// reachable but refuses (locked, denied), the error says why, so the caller keeps the
    /// account and no key is left behind in the keychain unnoticed.
    pub fn delete_for_removal(&self, id: &AccountId) -> Result<(), KeychainError> {
        match self.shared.keychain.delete(id) {
            Ok(()) => {}
            Err(err)
                if matches!(
                    err.problem(),
                    Some(KeychainProblem::NoSessionBus | KeychainProblem::NoSecretService)
                ) => {}
            Err(err) => return Err(err),
        }
        self.forget(id);
        Ok(())
    }

    /// Drops the in-memory copy (no IO).
    pub(crate) fn forget(&self, id: &AccountId) {
        // MemoryKeyStore never fails.
        let _ = self.shared.memory.delete(id);
    }

    /// Where the account's key is kept (no IO: memory is asked, not the keychain).
    pub fn storage(&self, id: &AccountId) -> KeyStorage {
        if self.shared.memory.contains(id) {
            KeyStorage::Memory
        } else {
            KeyStorage::Keychain
        }
    }

    /// The keychain failure that last sent a key to memory, if any did this session.
    pub fn fallback_reason(&self) -> Option<KeychainError> {
        self.shared
            .fallback_reason
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Checks the keychain now (one lookup: a D-Bus round trip on Linux).
    pub fn status(&self) -> KeychainStatus {
        probe(self.shared.keychain.as_ref())
    }
}
