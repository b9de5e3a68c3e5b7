//! The second pass: `calls.csv` from the `calls.jsonl` just written (one call in memory at a
//! time), once the first pass has seen every result path for the header.

use std::io::{BufRead, Write};

use csv::{Terminator, WriterBuilder};
use formant_core::Conversation;

use crate::columns::{
    guard_formula, metadata_cells, result_cells, ResultColumns, FIGURE_COLUMNS, METADATA_COLUMNS,
};
use crate::notes::Notes;
use crate::{BulkExportError, CancelFlag, Progress, Stage};

pub(crate) struct TablePass<'a> {
    pub columns: &'a ResultColumns,
    pub calls: u64,
    pub progress: &'a mut dyn FnMut(Progress),
    pub cancel: &'a CancelFlag,
}

impl TablePass<'_> {
    pub(crate) fn write(
        self,
        out: &mut dyn Write,
        jsonl: impl BufRead,
        notes: impl BufRead,
    ) -> Result<(), BulkExportError> {
        // RFC 4180 with CRLF, as formant-core's transcript CSV.
        let mut writer = WriterBuilder::new()
            .terminator(Terminator::CRLF)
            .from_writer(out);
        // No name needs guarding: the fixed ones are plain words, the others start `results.`.
        let header = METADATA_COLUMNS
            .iter()
            .chain(FIGURE_COLUMNS.iter())
            .copied()
            .chain(self.columns.names().iter().map(String::as_str));
        writer.write_record(header)?;
        let spool_error = |e| BulkExportError::io("cannot read back the export's calls.jsonl", e);
        let mut done: u64 = 0;
        for (line, note) in jsonl.lines().zip(notes.lines()) {
            if self.cancel.is_cancelled() {
                return Err(BulkExportError::Cancelled);
            }
            let (line, note) = (line.map_err(spool_error)?, note.map_err(spool_error)?);
            done = done.saturating_add(1);
            let value = serde_json::from_str(&line).map_err(|source| BulkExportError::NotJson {
                number: done,
                source,
            })?;
            let c = Conversation::from_json(value).map_err(|source| {
                BulkExportError::NotAConversation {
                    number: done,
                    source,
                }
            })?;
            let mut notes = Notes::from_line(&note);
            let figures = std::mem::take(&mut notes.figures);
            let metadata = metadata_cells(&c, notes);
            let results = self.columns.row(result_cells(&c));
            let cells = metadata.into_iter().chain(figures).chain(results);
            writer.write_record(cells.map(guard_formula))?;
            (self.progress)(Progress {
                stage: Stage::Table,
                done,
                total: Some(self.calls),
            });
        }
        writer
            .flush()
            .map_err(|e| BulkExportError::io("cannot write calls.csv", e))?;
        Ok(())
    }
}
