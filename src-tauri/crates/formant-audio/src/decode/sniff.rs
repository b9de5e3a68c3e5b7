//! What a file that is not a WAV looks like, so the error can say "it looks like an HTML page"
//! rather than only "not a WAV": the usual culprit is a proxy's or a login page's answer saved
//! as the recording.

use std::fmt;

/// A guess at what a non-WAV file is, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LooksLike {
    Empty,
    HtmlPage,
    XmlDocument,
    JsonDocument,
    Text,
    OtherAudio(&'static str),
    Unknown,
}

impl fmt::Display for LooksLike {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LooksLike::Empty => f.write_str("an empty file"),
            LooksLike::HtmlPage => f.write_str("an HTML page"),
            LooksLike::XmlDocument => f.write_str("an XML document"),
            LooksLike::JsonDocument => f.write_str("a JSON document"),
            LooksLike::Text => f.write_str("plain text"),
            LooksLike::OtherAudio(kind) => write!(f, "{kind} audio, not WAV"),
            LooksLike::Unknown => f.write_str("binary data of an unknown kind"),
        }
    }
}

/// Looks at the first bytes of a file (a few hundred are plenty).
pub fn sniff(prefix: &[u8]) -> LooksLike {
    if prefix.is_empty() {
        return LooksLike::Empty;
    }
    let audio = [
        (&b"ID3"[..], "MP3"),
        (b"\xFF\xFB", "MP3"),
        (b"\xFF\xF3", "MP3"),
        (b"OggS", "Ogg"),
        (b"fLaC", "FLAC"),
        (b"RIFX", "big-endian RIFF"),
        (b"RF64", "RF64"),
    ];
    if let Some((_, kind)) = audio.iter().find(|(magic, _)| prefix.starts_with(magic)) {
        return LooksLike::OtherAudio(kind);
    }
    let text = String::from_utf8_lossy(prefix);
    let start = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    if start.starts_with("<!doctype html") || start.starts_with("<html") || start.contains("<body")
    {
        return LooksLike::HtmlPage;
    }
    if start.starts_with("<?xml") || start.starts_with('<') {
        return LooksLike::XmlDocument;
    }
    if start.starts_with('{') || start.starts_with('[') {
        return LooksLike::JsonDocument;
    }
    let printable = prefix
        .iter()
        .filter(|&&b| b == b'\n' || b == b'\r' || b == b'\t' || (0x20..0x7f).contains(&b))
        .count();
    // Mostly printable ASCII (UTF-8 text would show its lead bytes here too, but those are rare
    // in what a proxy answers with).
    if printable * 10 >= prefix.len() * 9 {
        return LooksLike::Text;
    }
    LooksLike::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_servers_send_instead_of_a_recording() {
        let cases: [(&[u8], &str); 8] = [
            (b"", "an empty file"),
            (b"\n  <!DOCTYPE html><html><body>502</body>", "an HTML page"),
            (b"<HTML><HEAD><TITLE>Login</TITLE>", "an HTML page"),
            (
                b"<?xml version=\"1.0\"?><Error><Code>AccessDenied",
                "an XML document",
            ),
            (
                b"{\"error\":{\"message\":\"not ready\"}}",
                "a JSON document",
            ),
            (b"Service Unavailable\r\n", "plain text"),
            (b"ID3\x04\x00\x00\x00\x00", "MP3 audio, not WAV"),
            (
                b"\x00\x01\x02\x03\x80\x81\x82\x83",
                "binary data of an unknown kind",
            ),
        ];
        for (bytes, said) in cases {
            assert_eq!(sniff(bytes).to_string(), said, "{bytes:?}");
        }
    }
}
