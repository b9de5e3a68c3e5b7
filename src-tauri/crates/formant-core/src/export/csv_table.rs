//! CSV: a header row, then one row per turn: `index,speaker,start_secs,end_secs,text`.
//!
//! - RFC 4180: CRLF line ends, fields quoted only when they hold a comma, quote or line
//!   break, quotes doubled (the `csv` crate does the quoting).
//! - `index` counts from 1; `speaker` is the label shown in the app ("Agent", "Customer", or
//!   the other speaker's name); times are seconds from call start as the API gave them, empty
//!   when unknown; `text` is the turn's text unchanged, line breaks included.
//! - UTF-8 without a byte-order mark, which every CSV reader but old Excel expects.
//! - Cells are not prefixed against spreadsheet formulas: the file is data, and altering text
//!   would break the promise that it survives unchanged.
//! - No transcript gives just the header row.

use csv::{Terminator, WriterBuilder};

use crate::Conversation;

use super::ExportError;

pub(super) const COLUMNS: [&str; 5] = ["index", "speaker", "start_secs", "end_secs", "text"];

pub(super) fn render(c: &Conversation) -> Result<String, ExportError> {
    let mut writer = WriterBuilder::new()
        .terminator(Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    let seconds = |s: Option<f64>| s.map(|v| v.to_string()).unwrap_or_default();
    for (i, turn) in c.turns().iter().enumerate() {
        writer.write_record([
            (i + 1).to_string(),
            turn.speaker.label(),
            seconds(turn.start_secs),
            seconds(turn.end_secs),
            turn.text.clone(),
        ])?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| ExportError::Csv(e.into_error().into()))?;
    String::from_utf8(bytes).map_err(|_| ExportError::CsvNotUtf8)
}
