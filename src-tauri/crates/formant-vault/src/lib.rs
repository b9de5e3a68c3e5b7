//! Accounts and their API keys.
//!
//! - [`AccountRegistry`]: the accounts (name, region, colour) and the active one, kept in a JSON
//!   file that never holds a secret. Saved atomically; a corrupt file is reported, never
//!   overwritten.
//! - [`KeyStore`]: where API keys live. [`OsKeyStore`] is the OS keychain (Secret Service,
//!   macOS Keychain, Windows Credential Manager); [`MemoryKeyStore`] holds keys for this
//!   process only.
//! - [`Vault`]: what the app uses: registry + keychain, falling back to memory (and saying so)
//!   when the keychain cannot be used.

mod account;
mod error;
mod keystore;
mod os_keystore;
mod registry;
mod status;
mod vault;

pub use account::{Account, AccountId, MAX_NAME_CHARS};
pub use error::{KeychainError, KeychainProblem, NameError, VaultError};
pub use keystore::{KeyStore, MemoryKeyStore};
pub use os_keystore::{OsKeyStore, KEYCHAIN_SERVICE};
pub use registry::{AccountRegistry, LoadedRegistry};
pub use status::{probe, KeychainStatus};
pub use vault::{KeyStorage, Vault};
