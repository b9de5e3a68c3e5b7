//! The export formats, their file extensions and their names in the UI.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ExportError;

/// A file format a transcript can be exported to. Serialises as its extension (`"md"` for
/// Markdown), which is also what the CLI accepts.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
pub enum ExportFormat {
    #[serde(rename = "txt")]
    Txt,
    #[serde(rename = "md")]
    Markdown,
    #[serde(rename = "json")]
    Json,
    #[serde(rename = "csv")]
    Csv,
    #[serde(rename = "srt")]
    Srt,
    #[serde(rename = "vtt")]
    Vtt,
}

impl ExportFormat {
    /// Every format, in the order the UI lists them.
    pub const ALL: [ExportFormat; 6] = [
        Self::Txt,
        Self::Markdown,
        Self::Json,
        Self::Csv,
        Self::Srt,
        Self::Vtt,
    ];

    /// The file extension, without the dot; also the serialised name.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Txt => "txt",
            Self::Markdown => "md",
            Self::Json => "json",
            Self::Csv => "csv",
            Self::Srt => "srt",
            Self::Vtt => "vtt",
        }
    }

    /// The name a person recognises.
    pub fn label(self) -> &'static str {
        match self {
            Self::Txt => "Plain text",
            Self::Markdown => "Markdown",
            Self::Json => "JSON (as sent by the API)",
            Self::Csv => "CSV (one row per turn)",
            Self::Srt => "SubRip subtitles",
            Self::Vtt => "WebVTT subtitles",
        }
    }

    /// The MIME type, for save dialogs and drag-and-drop.
    pub fn mime_type(self) -> &'static str {
        match self {
            Self::Txt => "text/plain",
            Self::Markdown => "text/markdown",
            Self::Json => "application/json",
            Self::Csv => "text/csv",
            Self::Srt => "application/x-subrip",
            Self::Vtt => "text/vtt",
        }
    }

    /// Subtitle formats need a time for every turn.
    pub fn needs_times(self) -> bool {
        matches!(self, Self::Srt | Self::Vtt)
    }
}

/// Accepts the extensions (any case, surrounding spaces and a leading dot ignored) and
/// "markdown".
impl FromStr for ExportFormat {
    type Err = ExportError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let name = s.trim().trim_start_matches('.').to_ascii_lowercase();
        if name == "markdown" {
            return Ok(Self::Markdown);
        }
        Self::ALL
            .into_iter()
            .find(|f| f.extension() == name)
            .ok_or_else(|| ExportError::UnknownFormat(s.to_owned()))
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_from_str_and_serde() {
        for format in ExportFormat::ALL {
            assert_eq!(
                format.extension().parse::<ExportFormat>().ok(),
                Some(format)
            );
            let json = serde_json::to_string(&format).expect("serialises");
            assert_eq!(json, format!("\"{}\"", format.extension()));
            let back: ExportFormat = serde_json::from_str(&json).expect("deserialises");
            assert_eq!(back, format);
        }
        assert_eq!(
            "markdown".parse::<ExportFormat>().ok(),
            Some(ExportFormat::Markdown)
        );
        assert_eq!(
            " .SRT ".parse::<ExportFormat>().ok(),
            Some(ExportFormat::Srt)
        );
    }

    #[test]
    fn unknown_names_are_a_typed_error() {
        let err = "docx".parse::<ExportFormat>().expect_err("not a format");
        assert!(matches!(&err, ExportError::UnknownFormat(s) if s == "docx"));
        assert!(err.to_string().contains("txt, md, json, csv, srt or vtt"));
        assert!("".parse::<ExportFormat>().is_err());
    }
}
