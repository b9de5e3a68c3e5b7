//! One call handed to the export: the API's JSON object, as a value or as the text it came in.

use formant_core::Conversation;
use formant_library::CallFigures;
use serde_json::Value;

use crate::columns::figure_cells;
use crate::notes::Notes;
use crate::BulkExportError;

/// A call to export. `calls.jsonl` gets exactly this JSON: text is written as it is (only its
/// line breaks, which JSON allows between tokens and never inside a string, are dropped so it
/// fits on one line); a value is written as serde_json writes it (keys in their order).
#[derive(Debug, Clone, PartialEq)]
pub struct CallRecord {
    body: Body,
    notes: Notes,
}

#[derive(Debug, Clone, PartialEq)]
enum Body {
    Json(Value),
    Text(String),
}

impl CallRecord {
    pub fn from_json(value: Value) -> Self {
        Self {
            body: Body::Json(value),
            notes: Notes::default(),
        }
    }

    /// The object as the text the API sent (or the store kept): numbers keep their digits.
    pub fn from_text(text: impl Into<String>) -> Self {
        Self {
            body: Body::Text(text.into()),
            notes: Notes::default(),
        }
    }

    /// Whether the call's recording could be downloaded, when the caller knows (the API's JSON
    /// does not say; the library learns it by trying). `None` leaves the column empty.
    pub fn with_recording(mut self, available: Option<bool>) -> Self {
        self.notes.has_recording = available;
        self
    }

    /// The account the call belongs to (its name as the user knows it) and its region
    /// (`global`, `in`, or a base URL): the `account` and `region` columns, so an export of
    /// several accounts keeps them apart. The API's JSON does not say.
    pub fn with_account(mut self, name: impl Into<String>, region: impl Into<String>) -> Self {
        self.notes.account = name.into();
        self.notes.region = region.into();
        self
    }

    /// The figures of the call's analysis, as the library stores them: `calls.csv`'s figure
    /// columns (empty without).
    pub fn with_figures(mut self, figures: Option<&CallFigures>) -> Self {
        self.notes.figures = figures.map(figure_cells).unwrap_or_default();
        self
    }

    /// The conversation, read as formant-core reads it, its `calls.jsonl` line (no line
    /// break) and its notes. `number` counts calls from 1, for the error message.
    pub(crate) fn into_parts(
        self,
        number: u64,
    ) -> Result<(Conversation, String, Notes), BulkExportError> {
        let (value, line) = match self.body {
            Body::Json(value) => {
                let line = serde_json::to_string(&value)
                    .map_err(|source| BulkExportError::NotJson { number, source })?;
                (value, line)
            }
            Body::Text(text) => {
                let value: Value = serde_json::from_str(&text)
                    .map_err(|source| BulkExportError::NotJson { number, source })?;
                (value, one_line(text))
            }
        };
        let conversation = Conversation::from_json(value)
            .map_err(|source| BulkExportError::NotAConversation { number, source })?;
        Ok((conversation, line, self.notes))
    }
}

/// Valid JSON holds a raw CR or LF only as whitespace between tokens (inside strings they
/// must be escaped), and no two tokens that need a separator are ever apart by whitespace
/// alone, so dropping them changes nothing the JSON means and keeps every other byte.
fn one_line(text: String) -> String {
    if text.contains(['\n', '\r']) {
        text.replace(['\n', '\r'], "")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_keeps_its_bytes_on_one_line() {
        let text = "{\n  \"conversation_id\": \"a\",\r\n  \"n\": 18446744073709551616,\n  \"t\": \"x\\ny\"\n}";
        let (c, line, _) = CallRecord::from_text(text).into_parts(1).expect("parts");
        assert_eq!(c.conversation_id, "a");
        assert_eq!(
            line,
            "{  \"conversation_id\": \"a\",  \"n\": 18446744073709551616,  \"t\": \"x\\ny\"}"
        );
        let back: Value = serde_json::from_str(&line).expect("json");
        assert_eq!(back, serde_json::from_str::<Value>(text).expect("json"));
    }

    #[test]
    fn bad_records_name_their_number() {
        let err = CallRecord::from_text("{nope")
            .into_parts(7)
            .expect_err("bad");
        assert!(err.to_string().starts_with("call number 7 "), "{err}");
        let err = CallRecord::from_json(serde_json::json!({"status": "busy"}))
            .into_parts(3)
            .expect_err("no id");
        assert!(err.to_string().contains("no conversation_id"), "{err}");
    }
}
