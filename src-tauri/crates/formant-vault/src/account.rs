//! One account: who it is (a short random id), what the user calls it, where its API lives,
//! and the colour that marks it in the UI. No secret here: the key is in a [`crate::KeyStore`].

use std::fmt;

use formant_core::Region;
use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::error::{NameError, VaultError};

/// Names longer than this do not fit the account switcher and are refused.
pub const MAX_NAME_CHARS: usize = 64;

/// A short random id (12 hex characters). It is also the keychain entry's user name, so it is
/// restricted to characters every platform keychain accepts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ts_rs::TS)]
#[ts(type = "string")]
pub struct AccountId(String);

const MAX_ID_CHARS: usize = 64;

impl AccountId {
    pub fn generate() -> Self {
        let bytes: [u8; 6] = rand::rng().random();
        Self(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Accepts any id this crate could have written: 1–64 ASCII letters, digits, `-` or `_`.
    pub fn parse(text: &str) -> Result<Self, VaultError> {
        let valid = !text.is_empty()
            && text.len() <= MAX_ID_CHARS
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if valid {
            Ok(Self(text.to_owned()))
        } else {
            Err(VaultError::InvalidAccountId(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Serialize for AccountId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

// Validated on the way in, so an id from the UI or a hand-edited file is as safe to use as a
// keychain user name as a generated one.
impl<'de> Deserialize<'de> for AccountId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Account {
    pub id: AccountId,
    pub name: String,
    pub region: Region,
    /// A CSS hex colour, `#rrggbb`.
    pub color: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
}

/// Trims the name and checks it against the rules and the other accounts' names
/// (case-insensitively; `except` is the account being renamed).
pub(crate) fn validate_name<'a>(
    name: &str,
    existing: impl IntoIterator<Item = &'a Account>,
    except: Option<&AccountId>,
) -> Result<String, NameError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(NameError::TooLong {
            max: MAX_NAME_CHARS,
        });
    }
    if name.chars().any(char::is_control) {
        return Err(NameError::ControlCharacter);
    }
    let folded = name.to_lowercase();
    let clash = existing
        .into_iter()
        .filter(|account| Some(&account.id) != except)
        .find(|account| account.name.to_lowercase() == folded);
    match clash {
        Some(account) => Err(NameError::Duplicate {
            existing: account.name.clone(),
        }),
        None => Ok(name.to_owned()),
    }
}

// Each region draws from its own family of colours (cool for global, warm for India, neutral
// for custom URLs), so a global and an India account can never look alike, however many
// accounts there are.
const GLOBAL_COLORS: &[&str] = &[
    "#2563eb", "#0891b2", "#059669", "#4f46e5", "#0d9488", "#16a34a",
];
const INDIA_COLORS: &[&str] = &[
    "#ea580c", "#db2777", "#d97706", "#dc2626", "#c026d3", "#b45309",
];
const CUSTOM_COLORS: &[&str] = &["#7c3aed", "#64748b", "#9333ea", "#475569"];

fn palette(region: &Region) -> &'static [&'static str] {
    match region {
        Region::Global => GLOBAL_COLORS,
        Region::India => INDIA_COLORS,
        Region::Custom(_) => CUSTOM_COLORS,
    }
}

/// True when `color` belongs to `region`'s family.
pub(crate) fn color_fits_region(color: &str, region: &Region) -> bool {
    palette(region).contains(&color)
}

/// The first colour of the region's family that no account uses yet; once all are taken, they
/// repeat in order.
pub(crate) fn pick_color<'a>(
    region: &Region,
    existing: impl IntoIterator<Item = &'a Account>,
) -> String {
    let colors = palette(region);
    let used: Vec<&str> = existing.into_iter().map(|a| a.color.as_str()).collect();
    let free = colors.iter().find(|c| !used.contains(c));
    let color = match free {
        Some(color) => color,
        None => {
            let same_family = used.iter().filter(|c| colors.contains(c)).count();
            colors[same_family % colors.len()]
        }
    };
    color.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(name: &str, region: Region, color: &str) -> Account {
        Account {
            id: AccountId::generate(),
            name: name.into(),
            region,
            color: color.into(),
            created_at_ms: 0,
        }
    }

    #[test]
    fn ids_are_12_hex_chars_and_differ() {
        let a = AccountId::generate();
        let b = AccountId::generate();
        assert_eq!(a.as_str().len(), 12);
        assert!(a.as_str().bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert_eq!(AccountId::parse(a.as_str()).expect("parse"), a);
    }

    #[test]
    fn ids_with_unsafe_characters_are_refused() {
        for bad in ["", "a b", "../x", "é", &"x".repeat(65)] {
            assert!(
                matches!(AccountId::parse(bad), Err(VaultError::InvalidAccountId(_))),
                "{bad:?}"
            );
        }
        let json: Result<AccountId, _> = serde_json::from_str("\"a/b\"");
        assert!(json.is_err());
        let id: AccountId = serde_json::from_str("\"0a1b2c3d4e5f\"").expect("valid id");
        assert_eq!(
            serde_json::to_string(&id).expect("json"),
            "\"0a1b2c3d4e5f\""
        );
    }

    #[test]
    fn names_are_trimmed_bounded_and_unique_ignoring_case() {
        let existing = [account("Production", Region::Global, "#2563eb")];
        assert_eq!(
            validate_name("  Staging \n", &existing, None),
            Ok("Staging".into())
        );
        assert_eq!(validate_name("   ", &existing, None), Err(NameError::Empty));
        assert_eq!(
            validate_name(&"n".repeat(MAX_NAME_CHARS + 1), &existing, None),
            Err(NameError::TooLong {
                max: MAX_NAME_CHARS
            })
        );
        assert!(validate_name(&"é".repeat(MAX_NAME_CHARS), &existing, None).is_ok());
        assert_eq!(
            validate_name("a\u{7}b", &existing, None),
            Err(NameError::ControlCharacter)
        );
        assert_eq!(
            validate_name("PRODUCTION", &existing, None),
            Err(NameError::Duplicate {
                existing: "Production".into()
            })
        );
        // Renaming an account to a new spelling of its own name is fine.
        assert_eq!(
            validate_name("production", &existing, Some(&existing[0].id)),
            Ok("production".into())
        );
    }

    #[test]
    fn global_and_india_never_share_a_colour() {
        let mut accounts = Vec::new();
        for i in 0..20 {
            let region = if i % 3 == 0 {
                Region::India
            } else {
                Region::Global
            };
            let color = pick_color(&region, &accounts);
            assert!(color_fits_region(&color, &region));
            accounts.push(account(&format!("a{i}"), region, &color));
        }
        for g in accounts.iter().filter(|a| a.region == Region::Global) {
            for i in accounts.iter().filter(|a| a.region == Region::India) {
                assert_ne!(g.color, i.color);
            }
        }
        // The first accounts of a family get distinct colours.
        let first_global: Vec<_> = accounts
            .iter()
            .filter(|a| a.region == Region::Global)
            .take(GLOBAL_COLORS.len())
            .map(|a| a.color.clone())
            .collect();
        let mut unique = first_global.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), first_global.len());
    }

    #[test]
    fn colours_are_css_hex() {
        for color in GLOBAL_COLORS
            .iter()
            .chain(INDIA_COLORS)
            .chain(CUSTOM_COLORS)
        {
            assert_eq!(color.len(), 7);
            assert!(color.starts_with('#'));
            assert!(color[1..].bytes().all(|c| c.is_ascii_hexdigit()));
        }
    }
}
