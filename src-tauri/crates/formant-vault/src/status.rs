//! Whether the OS keychain can be used right now, in words the app can show as they are.

use serde::Serialize;

use crate::account::AccountId;
use crate::error::{KeychainError, KeychainProblem};
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

    /// The notice for a keychain that failed, e.g. "Your system keychain is not available (no
    /// Secret Service such as GNOME Keyring or KWallet is running), so keys are kept in memory
    /// until you quit." A failure not recognised is named by the platform's own words.
    pub fn unavailable(err: &KeychainError) -> Self {
        let reason = match err.problem().and_then(KeychainProblem::short_reason) {
            Some(reason) => reason.to_owned(),
            None => match err {
                KeychainError::Platform { detail, .. } => format!("it failed: {detail}"),
                other => other.to_string(),
            },
        };
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
                    "Your system keychain is not available (no Secret Service such as \
                     GNOME Keyring or KWallet is running), so keys are kept in memory until \
                     you quit."
                        .into()
                ),
            }
        );
        assert_eq!(probe(&MemoryKeyStore::new()), KeychainStatus::available());
    }

    #[test]
    fn every_reason_names_what_is_missing_never_just_an_error() {
        let status = |problem, detail: &str| {
            KeychainStatus::unavailable(&KeychainError::Platform {
                problem,
                detail: detail.into(),
            })
            .message
            .expect("message")
        };
        assert!(status(KeychainProblem::NoSessionBus, "x").contains("no D-Bus session bus"));
        assert!(status(KeychainProblem::Locked, "x").contains("it is locked"));
        // Unrecognised: the platform's words, not "it reported an error".
        let failed = status(KeychainProblem::Failed, "SS error: weird answer");
        assert!(
            failed.contains("it failed: SS error: weird answer"),
            "{failed}"
        );
        assert!(!failed.contains("reported an error"));
    }
}
