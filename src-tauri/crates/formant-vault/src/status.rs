//! Whether the OS keychain can be used right now, in words the app can show as they are.

use serde::Serialize;

use crate::account::AccountId;
use crate::error::KeychainError;
use crate::keystore::KeyStore;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct KeychainStatus {
    pub available: bool,
    /// Set when unavailable: one sentence for the user.
    pub message: Option<String>,
}

impl KeychainStatus {
    pub fn available() -> Self {
        Self {
            available: true,
            message: None,
        }
    }

    /// The notice for a keychain that failed, e.g. "Your system keychain is not available
    /// (no Secret Service running), so keys are kept in memory until you quit."
    pub fn unavailable(err: &KeychainError) -> Self {
        let reason = err
            .problem()
            .map(|p| p.short_reason())
            .unwrap_or("it reported an error");
        Self {
            available: false,
            message: Some(format!(
                "Your system keychain is not available ({reason}), \
                 so keys are kept in memory until you quit."
            )),
        }
    }
}

/// Looks up an entry that never exists: cheap, writes nothing, and fails exactly when the
/// keychain cannot be reached.
pub fn probe(store: &dyn KeyStore) -> KeychainStatus {
    let probe_id = AccountId::parse("keychain-probe");
    match probe_id.map(|id| store.get(&id)) {
        Ok(Err(err)) => KeychainStatus::unavailable(&err),
        _ => KeychainStatus::available(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::KeychainProblem;
    use crate::keystore::MemoryKeyStore;

    #[test]
    fn unavailable_message_names_the_reason() {
        let err = KeychainError::Platform {
            problem: KeychainProblem::NoSecretService,
            detail: "org.freedesktop.secrets was not provided".into(),
        };
        assert_eq!(
            KeychainStatus::unavailable(&err),
            KeychainStatus {
                available: false,
                message: Some(
                    "Your system keychain is not available (no Secret Service running), \
                     so keys are kept in memory until you quit."
                        .into()
                ),
            }
        );
        assert_eq!(probe(&MemoryKeyStore::new()), KeychainStatus::available());
    }
}
