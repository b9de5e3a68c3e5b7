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

#[cfg(test)]
mod tests {
    use super::*;
    use formant_core::Region;

    fn identity(id: &str, source: AccountSource, region: Region) -> AccountIdentity {
        AccountIdentity {
            id: id.into(),
            name: "Support line".into(),
            region,
            source,
        }
    }

    #[test]
    fn saved_accounts_by_id_and_session_accounts_by_address_never_by_key() {
        let saved = identity("acc_1", AccountSource::Saved, Region::India);
        assert_eq!(
            library_key(&saved),
            AccountKey::Saved {
                account_id: "acc_1".into()
            }
        );
        // The environment account is the one `formant sync` fills: same base URL, same name.
        let env = identity(
            "environment",
            AccountSource::Environment,
            Region::Custom("http://127.0.0.1:4010/".into()),
        );
        assert_eq!(
            library_key(&env),
            AccountKey::Environment {
                base_url: "http://127.0.0.1:4010".into(),
                name: "environment".into()
            }
        );
        // The demo keeps one library account whatever port its sandbox got this launch.
        let demo_a = identity(
            "demo",
            AccountSource::Demo,
            Region::Custom("http://127.0.0.1:1111".into()),
        );
        let demo_b = identity(
            "demo",
            AccountSource::Demo,
            Region::Custom("http://127.0.0.1:2222".into()),
        );
        assert_eq!(library_key(&demo_a), library_key(&demo_b));
    }

    #[test]
    fn finds_only_the_accounts_the_library_has_and_maps_them_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("library.sqlite3")).expect("store");
        let synced = identity("acc_1", AccountSource::Saved, Region::Global);
        let never = identity("acc_2", AccountSource::Saved, Region::Global);
        let account = store
            .account(&library_key(&synced), &synced.name, &synced.region)
            .expect("account");
        let found = LibraryAccounts::find(&store, &[synced, never]).expect("find");
        assert_eq!(found.refs(), vec![account]);
        assert_eq!(found.app_id(account), Some("acc_1"));
        assert!(LibraryAccounts::find(&store, &[]).expect("find").is_empty());
    }
}
