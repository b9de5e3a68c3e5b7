//! Accounts and their API keys.
//!
//! - [`AccountRegistry`]: the accounts (name, region, colour) and the active one, kept in a JSON
//!   file that never holds a secret. Saved atomically; a corrupt file is reported, never
//!   overwritten.
//! - [`KeyStore`]: where API keys live. [`OsKeyStore`] is the OS keychain (Secret Service,
//!   macOS Keychain, Windows Credential Manager); [`MemoryKeyStore`] holds keys for this
//!   process only.
//! - [`Keys`]: the accounts' keys, in the keychain or, when it cannot be used, in memory (and
//!   saying so); a shareable handle, so keychain IO needs no lock of the caller's.
//! - [`Vault`]: what the app uses: registry + keys.

mod account;
mod error;
mod keys;
mod keystore;
mod os_keystore;
mod registry;
mod status;
mod vault;

pub use account::{Account, AccountId, MAX_NAME_CHARS};
pub use error::{KeychainError, KeychainProblem, NameError, VaultError};
pub use keys::{KeyStorage, Keys};
pub use keystore::{KeyStore, MemoryKeyStore};
pub use os_keystore::{OsKeyStore, KEYCHAIN_SERVICE};
pub use registry::{AccountRegistry, LoadedRegistry};
pub use status::{probe, KeychainStatus};
pub use vault::Vault;
