//! The API key as a type that cannot leak by accident: `Debug` and `Display` print
//! `<redacted>`, it is not `Serialize`, and the only way to the text is [`ApiKey::expose`],
//! used where the Authorization header is built and where the keychain stores it.

use std::fmt;

#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Surrounding whitespace is dropped: keys pasted from a web page often carry a newline.
    pub fn new(key: impl Into<String>) -> Self {
        let key: String = key.into();
        Self(key.trim().to_owned())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the key holds anything but visible ASCII (a line break, a control character,
    /// a space, a letter from another script): no real key does, and such a key cannot go
    /// into an `Authorization` header. Checked before anything is sent.
    pub fn has_invalid_characters(&self) -> bool {
        !self.0.chars().all(|c| c.is_ascii_graphic())
    }

    /// `…a1b2`: enough for a person to tell two keys apart, useless to anyone else.
    /// Keys of 8 characters or fewer show nothing.
    pub fn hint(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() <= 8 {
            return "…".into();
        }
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("…{tail}")
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_the_key() {
        let key = ApiKey::new("  sk_live_1234567890abcdef\n");
        assert_eq!(key.expose(), "sk_live_1234567890abcdef");
        assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
        assert_eq!(format!("{key}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&key)), "Some(ApiKey(<redacted>))");
        assert_eq!(key.hint(), "…cdef");
        assert_eq!(ApiKey::new("short").hint(), "…");
    }

    #[test]
    fn keys_with_control_characters_are_flagged() {
        assert!(!ApiKey::new(" sk_live_abc-123.XYZ\n").has_invalid_characters());
        for bad in [
            "sk_live\nabc",
            "sk\r\nX-Evil: 1",
            "sk\u{1b}[2J",
            "sk key",
            "sk\u{202e}x",
            "ключ",
        ] {
            assert!(ApiKey::new(bad).has_invalid_characters(), "{bad:?}");
        }
    }
}
