//! JSON: the conversation object exactly as the API sent it (`Conversation::raw`), unknown
//! fields included and keys in their original order, pretty-printed with a final newline.
//! Text is written as UTF-8, not `\u` escapes, so every script stays readable.

use crate::Conversation;

use super::ExportError;

pub(super) fn render(c: &Conversation) -> Result<String, ExportError> {
    let mut out = serde_json::to_string_pretty(&c.raw)?;
    out.push('\n');
    Ok(out)
}
