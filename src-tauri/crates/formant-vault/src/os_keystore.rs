//! API keys in the operating system's keychain, through `keyring`: Secret Service on Linux,
//! Keychain Services on macOS, Credential Manager on Windows. Entries are named by
//! [`KEYCHAIN_SERVICE`] and the account id (the keychain's "user").

use std::error::Error as StdError;

use formant_core::ApiKey;

use crate::account::AccountId;
use crate::error::{KeychainError, KeychainProblem};
use crate::keystore::KeyStore;

/// The service name under which every key is stored.
pub const KEYCHAIN_SERVICE: &str = "dev.formant.desk";

#[derive(Debug, Clone)]
pub struct OsKeyStore {
    service: String,
}

impl Default for OsKeyStore {
    fn default() -> Self {
        Self::new()
    }
}

impl OsKeyStore {
    pub fn new() -> Self {
        Self::with_service(KEYCHAIN_SERVICE)
    }

    /// A store under another service name (tests use their own, so they never touch the app's).
    pub fn with_service(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, account: &AccountId) -> Result<keyring::Entry, KeychainError> {
        keyring::Entry::new(&self.service, account.as_str()).map_err(|err| map_error(err, account))
    }
}

impl KeyStore for OsKeyStore {
    fn get(&self, account: &AccountId) -> Result<Option<ApiKey>, KeychainError> {
        match self.entry(account)?.get_password() {
            Ok(text) => Ok(Some(ApiKey::new(text))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(map_error(err, account)),
        }
    }

    fn set(&self, account: &AccountId, key: &ApiKey) -> Result<(), KeychainError> {
        self.entry(account)?
            .set_password(key.expose())
            .map_err(|err| map_error(err, account))
    }

    fn delete(&self, account: &AccountId) -> Result<(), KeychainError> {
        match self.entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(err) => Err(map_error(err, account)),
        }
    }
}

/// Turns keyring's error into ours, recognising the failures a user can do something about.
fn map_error(err: keyring::Error, account: &AccountId) -> KeychainError {
    let platform = |default: KeychainProblem, source: &(dyn StdError + 'static)| {
        let detail = chain_text(source);
        KeychainError::Platform {
            problem: classify(&detail).unwrap_or(default),
            detail,
        }
    };
    match err {
        keyring::Error::PlatformFailure(source) => platform(KeychainProblem::Failed, &*source),
        keyring::Error::NoStorageAccess(source) => {
            platform(KeychainProblem::AccessDenied, &*source)
        }
        keyring::Error::BadEncoding(_) => KeychainError::NotText {
            account: account.clone(),
        },
        keyring::Error::Ambiguous(_) => KeychainError::Ambiguous {
            account: account.clone(),
        },
        keyring::Error::TooLong(..) | keyring::Error::Invalid(..) => KeychainError::Rejected {
            account: account.clone(),
            detail: err.to_string(),
        },
        // NoEntry only reaches here from `set` (get and delete handle it), where it means the
        // store misbehaved; any variant added to keyring later is a platform failure too.
        other => KeychainError::Platform {
            problem: KeychainProblem::Failed,
            detail: other.to_string(),
        },
    }
}

/// The error and all its causes, joined, without repeating a cause its parent already quoted.
fn chain_text(err: &(dyn StdError + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let part = cause.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = cause.source();
    }
    text
}

/// Recognises the platform messages seen for the common headless/desktop failures.
fn classify(detail: &str) -> Option<KeychainProblem> {
    let lower = detail.to_lowercase();
    let any = |needles: &[&str]| needles.iter().any(|n| lower.contains(n));
    if any(&[
        "org.freedesktop.secrets was not provided",
        "name org.freedesktop.secrets",
    ]) {
        Some(KeychainProblem::NoSecretService)
    } else if any(&[
        "autolaunch",
        "dbus_session_bus_address",
        "failed to connect to socket",
    ]) {
        Some(KeychainProblem::NoSessionBus)
    } else if any(&["locked"]) {
        Some(KeychainProblem::Locked)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn platform_failure(text: &str) -> keyring::Error {
        keyring::Error::PlatformFailure(Box::new(std::io::Error::other(text.to_owned())))
    }

    #[test]
    fn this_build_uses_a_persistent_platform_store_not_the_mock() {
        // keyring built without platform features silently uses its mock, whose entries live
        // only as long as the Entry value; a real store keeps them until deleted.
        assert!(matches!(
            keyring::default::default_credential_builder().persistence(),
            keyring::credential::CredentialPersistence::UntilDelete
        ));
    }

    #[test]
    fn known_platform_failures_get_plain_messages() {
        let id = AccountId::generate();
        let cases = [
            (
                "D-Bus error: Unable to autolaunch a dbus-daemon without a $DISPLAY for X11",
                KeychainProblem::NoSessionBus,
                "no D-Bus session bus",
            ),
            (
                "DBus error: Failed to connect to socket /nonexistent: No such file or directory",
                KeychainProblem::NoSessionBus,
                "no D-Bus session bus",
            ),
            (
                "D-Bus error: The name org.freedesktop.secrets was not provided by any .service files",
                KeychainProblem::NoSecretService,
                "no Secret Service is running",
            ),
            (
                "D-Bus error: Cannot create an item in a locked collection",
                KeychainProblem::Locked,
                "locked",
            ),
            (
                "something unexpected",
                KeychainProblem::Failed,
                "something unexpected",
            ),
        ];
        for (text, problem, words) in cases {
            let err = map_error(platform_failure(text), &id);
            assert_eq!(err.problem(), Some(problem), "{text}");
            assert!(err.to_string().contains(words), "{err}");
        }
        let locked = keyring::Error::NoStorageAccess(Box::new(std::io::Error::other(
            "SS error: object locked",
        )));
        assert_eq!(
            map_error(locked, &id).problem(),
            Some(KeychainProblem::Locked)
        );
        let denied =
            keyring::Error::NoStorageAccess(Box::new(std::io::Error::other("prompt dismissed")));
        assert_eq!(
            map_error(denied, &id).problem(),
            Some(KeychainProblem::AccessDenied)
        );
    }

    #[test]
    fn entry_level_failures_name_the_account() {
        let id = AccountId::generate();
        let err = map_error(keyring::Error::BadEncoding(vec![0xff]), &id);
        assert!(matches!(&err, KeychainError::NotText { account } if account == &id));
        assert!(err.to_string().contains(id.as_str()));
        let err = map_error(keyring::Error::TooLong("user".into(), 8), &id);
        assert!(matches!(err, KeychainError::Rejected { .. }));
    }
}
