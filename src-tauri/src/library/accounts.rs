//! The app's accounts in the library: which key each is stored under, and back.

use std::collections::HashMap;

use formant_library::{AccountKey, AccountRef, LibraryError, Store};

use crate::accounts::{AccountIdentity, AccountSource};

/// The demo's sandbox listens on a new port each launch but serves the same calls: one
/// library account for it, whatever the port.
const DEMO_BASE_URL: &str = "formant-sandbox:demo";

/// The key an app account is stored under. Saved accounts by their registry id; the
/// session accounts (environment, demo) by base URL and name, as the CLI does — so
/// `formant sync` and the app's environment account share one library account.
pub fn library_key(identity: &AccountIdentity) -> AccountKey {
    match identity.source {
        AccountSource::Saved => AccountKey::Saved {
            account_id: identity.id.clone(),
        },
        AccountSource::Environment => AccountKey::Environment {
            base_url: identity.region.base_url().to_owned(),
            name: ENVIRONMENT_NAME.to_owned(),
        },
        AccountSource::Demo => AccountKey::Environment {
            base_url: DEMO_BASE_URL.to_owned(),
            name: identity.name.clone(),
        },
    }
}

/// The name `formant sync` gives the environment account (formant-cli's `ENVIRONMENT_ACCOUNT`).
const ENVIRONMENT_NAME: &str = "environment";

/// Some of the app's accounts as the library knows them, both ways.
#[derive(Debug, Default)]
pub struct LibraryAccounts {
    by_ref: HashMap<AccountRef, String>,
}

impl LibraryAccounts {
    /// The library's handles on `identities` (accounts it has never synced are left out).
    pub fn find(store: &Store, identities: &[AccountIdentity]) -> Result<Self, LibraryError> {
        let mut by_ref = HashMap::new();
        for identity in identities {
            if let Some(account) = store.find_account(&library_key(identity))? {
                by_ref.insert(account, identity.id.clone());
            }
        }
        Ok(Self { by_ref })
    }

    pub fn refs(&self) -> Vec<AccountRef> {
        let mut refs: Vec<AccountRef> = self.by_ref.keys().copied().collect();
        refs.sort();
        refs
    }

    pub fn is_empty(&self) -> bool {
        self.by_ref.is_empty()
    }

    /// The app's account id of a library account.
    pub fn app_id(&self, account: AccountRef) -> Option<&str> {
        self.by_ref.get(&account).map(String::as_str)
    }
}
