//! What the caller knows about a call beyond its JSON (the account, whether the recording
//! could be downloaded, the figures of its analysis) and what the first pass learnt (the
//! transcript file's name), kept in a temp file between the passes: one line per call, fields
//! apart by tabs.

use crate::columns::FIGURE_COLUMNS;

/// The extra cells of one call's row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Notes {
    pub account: String,
    pub region: String,
    pub has_recording: Option<bool>,
    pub transcript_file: String,
    /// The cells of [`FIGURE_COLUMNS`], in order; empty for a call not analysed.
    pub figures: [String; FIGURE_COLUMNS.len()],
}

impl Notes {
    /// One line. Tabs and line breaks in the caller's text (an account's name) become spaces;
    /// file names never hold any (formant-core replaces control characters).
    pub(crate) fn to_line(&self) -> String {
        let flag = match self.has_recording {
            Some(true) => "t",
            Some(false) => "f",
            None => "-",
        };
        let clean = |s: &str| s.replace(|c: char| c.is_control(), " ");
        let mut line = format!(
            "{flag}\t{}\t{}\t{}",
            clean(&self.account),
            clean(&self.region),
            clean(&self.transcript_file)
        );
        for cell in &self.figures {
            line.push('\t');
            line.push_str(&clean(cell));
        }
        line.push('\n');
        line
    }

    pub(crate) fn from_line(line: &str) -> Self {
        let mut fields = line.split('\t');
        let has_recording = match fields.next() {
            Some("t") => Some(true),
            Some("f") => Some(false),
            _ => None,
        };
        let mut next = || fields.next().unwrap_or_default().to_owned();
        Self {
            has_recording,
            account: next(),
            region: next(),
            transcript_file: next(),
            figures: std::array::from_fn(|_| next()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_survive_their_line() {
        let notes = Notes {
            account: "Support\tIndia\nteam".into(),
            region: "in".into(),
            has_recording: Some(false),
            transcript_file: "transcripts/call-क.txt".into(),
            figures: std::array::from_fn(|i| {
                if i == 0 {
                    "1.250".into()
                } else {
                    String::new()
                }
            }),
        };
        let line = notes.to_line();
        assert_eq!(line.matches('\n').count(), 1);
        let back = Notes::from_line(line.trim_end_matches('\n'));
        assert_eq!(back.account, "Support India team");
        assert_eq!(back.region, "in");
        assert_eq!(back.has_recording, Some(false));
        assert_eq!(back.transcript_file, "transcripts/call-क.txt");
        assert_eq!(back.figures, notes.figures);
        assert_eq!(Notes::from_line(""), Notes::default());
    }
}
