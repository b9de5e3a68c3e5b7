//! Where an account's API lives: the two production regions, or any base URL (a proxy, the
//! local sandbox).

use serde::{Deserialize, Serialize};

pub const GLOBAL_BASE_URL: &str = "https://api.voice.formantai.com";
pub const INDIA_BASE_URL: &str = "https://api.in.voice.formantai.com";

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", content = "base_url", rename_all = "snake_case")]
pub enum Region {
    Global,
    India,
    Custom(String),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown region {0:?}: use \"global\" or \"in\", or give a base URL")]
pub struct UnknownRegion(pub String);

impl Region {
    /// The base URL without a trailing slash.
    pub fn base_url(&self) -> &str {
        match self {
            Self::Global => GLOBAL_BASE_URL,
            Self::India => INDIA_BASE_URL,
            Self::Custom(url) => url.trim_end_matches('/'),
        }
    }

    /// "global" | "in" | "india" (any case).
    pub fn parse(name: &str) -> Result<Self, UnknownRegion> {
        match name.trim().to_lowercase().as_str() {
            "global" => Ok(Self::Global),
            "in" | "india" => Ok(Self::India),
            _ => Err(UnknownRegion(name.to_owned())),
        }
    }

    /// A short label for badges: "Global", "India", or the custom URL's host.
    pub fn label(&self) -> String {
        match self {
            Self::Global => "Global".into(),
            Self::India => "India".into(),
            Self::Custom(url) => {
                let without_scheme = url.split("://").nth(1).unwrap_or(url);
                without_scheme
                    .split('/')
                    .next()
                    .unwrap_or(without_scheme)
                    .to_owned()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_map_to_base_urls() {
        assert_eq!(
            Region::parse("global").map(|r| r.base_url().to_owned()),
            Ok(GLOBAL_BASE_URL.into())
        );
        assert_eq!(Region::parse("IN"), Ok(Region::India));
        assert_eq!(
            Region::India.base_url(),
            "https://api.in.voice.formantai.com"
        );
        assert!(Region::parse("eu").is_err());
        let custom = Region::Custom("http://127.0.0.1:8080/".into());
        assert_eq!(custom.base_url(), "http://127.0.0.1:8080");
        assert_eq!(custom.label(), "127.0.0.1:8080");
        assert_eq!(
            serde_json::to_value(&custom).expect("json"),
            serde_json::json!({"kind": "custom", "base_url": "http://127.0.0.1:8080/"})
        );
    }
}
