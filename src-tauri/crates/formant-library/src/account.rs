//! Which account a call belongs to, told apart without ever holding its key.

use formant_core::Region;
use serde::{Deserialize, Serialize};

/// An account's identity in the library. It never contains the API key, nor anything derived
/// from it: the app's saved accounts have an id already, and the environment account
/// (`FORMANT_API_KEY`) is the base URL it talks to plus a name the caller chooses.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AccountKey {
    /// One of the app's saved accounts, by its id in the accounts registry.
    Saved { account_id: String },
    /// The account of `FORMANT_API_KEY`: its base URL (trailing `/` ignored) and a name.
    Environment { base_url: String, name: String },
}

impl AccountKey {
    /// The text the store keys the account by: stable, and unique per account.
    pub(crate) fn identity(&self) -> String {
        // U+001F cannot appear in an id or URL the user typed, so the parts cannot run together.
        match self {
            Self::Saved { account_id } => format!("saved\u{1f}{account_id}"),
            Self::Environment { base_url, name } => {
                format!(
                    "environment\u{1f}{}\u{1f}{name}",
                    base_url.trim_end_matches('/')
                )
            }
        }
    }

    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Saved { .. } => "saved",
            Self::Environment { .. } => "environment",
        }
    }
}

/// The stored form of a region: `global`, `in`, or the custom base URL.
pub fn region_code(region: &Region) -> String {
    match region {
        Region::Global => "global".into(),
        Region::India => "in".into(),
        Region::Custom(_) => region.base_url().to_owned(),
    }
}

/// A handle on an account of one store (cheap to copy). Get one from
/// [`crate::Store::account`]; it is only meaningful for the store that made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountRef(pub(crate) i64);

/// An account as the library knows it: shown beside every result, so the region is never in
/// doubt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountInfo {
    #[serde(skip)]
    pub account: AccountRef,
    pub key: AccountKey,
    /// The name shown to the user ("Support line", "Environment").
    pub label: String,
    /// `global`, `in`, or the custom base URL.
    pub region: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_differ_per_account_and_ignore_a_trailing_slash() {
        let a = AccountKey::Environment {
            base_url: "http://127.0.0.1:1/".into(),
            name: "env".into(),
        };
        let b = AccountKey::Environment {
            base_url: "http://127.0.0.1:1".into(),
            name: "env".into(),
        };
        assert_eq!(a.identity(), b.identity());
        let saved = AccountKey::Saved {
            account_id: "http://127.0.0.1:1".into(),
        };
        assert_ne!(saved.identity(), b.identity());
        assert_eq!(region_code(&Region::India), "in");
        assert_eq!(
            region_code(&Region::Custom("http://x:1/".into())),
            "http://x:1"
        );
    }
}
