//! Transcript file names that are safe (formant-core's `default_file_name`: no path
//! separators, control or bidi characters, bounded length, never a device name) and unique
//! within one export, also on file systems that ignore case (macOS, Windows).

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use formant_core::export::{default_file_name, ExportFormat};
use formant_core::Conversation;

/// The folder inside the export that holds one transcript file per call.
pub const TRANSCRIPTS_DIR: &str = "transcripts";

/// Hands out names, adding `-2`, `-3`, ... before the extension when a name (compared without
/// case) was already given. Keeps a 64-bit hash per name rather than the name, so a million
/// calls cost a few megabytes; a hash collision only adds a needless suffix, never a clash.
#[derive(Debug, Default)]
pub(crate) struct UniqueNames {
    taken: HashSet<u64>,
}

impl UniqueNames {
    /// The name for this call's transcript file (without the folder).
    pub(crate) fn next(&mut self, conversation: &Conversation, format: ExportFormat) -> String {
        let name = default_file_name(conversation, format);
        if self.take(&name) {
            return name;
        }
        let extension = format!(".{}", format.extension());
        let stem = name.strip_suffix(&extension).unwrap_or(&name);
        // Ends: every failed try inserts one more hash, so a free number is always found.
        (2u64..)
            .map(|n| format!("{stem}-{n}{extension}"))
            .find(|candidate| self.take(candidate))
            .unwrap_or(name)
    }

    /// Marks `name` taken; false when it already was.
    fn take(&mut self, name: &str) -> bool {
        let mut hasher = DefaultHasher::new();
        name.to_lowercase().hash(&mut hasher);
        self.taken.insert(hasher.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(id: &str) -> Conversation {
        Conversation::from_json(json!({ "conversation_id": id })).expect("conversation")
    }

    #[test]
    fn clashing_ids_get_numbered_names() {
        let mut names = UniqueNames::default();
        let got: Vec<String> = ["a/b", "a:b", "A_B", "a_b", "..", "..."]
            .into_iter()
            .map(|id| names.next(&call(id), ExportFormat::Txt))
            .collect();
        assert_eq!(
            got,
            [
                "call-a_b.txt",
                "call-a_b-2.txt",
                "call-A_B-3.txt",
                "call-a_b-4.txt",
                "call.txt",
                "call-2.txt"
            ]
        );
    }
}
