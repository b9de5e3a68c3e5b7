//! `formant export`: calls from the library to a folder or a `.zip` (formant-export), with a
//! progress bar on a terminal. Ctrl-C or SIGTERM cancels the export, waits until it has
//! deleted what it wrote, and leaves the target (an earlier export included) as it was.

use std::sync::Arc;

use formant_export::{
    export_calls, CallRecord, CancelFlag, ExportOptions, ExportSummary, Progress, Stage,
};

use crate::error::CliError;
use crate::interrupt::Interrupt;
use crate::output;
use crate::progress;

/// Runs the export on a blocking thread (it is disk bound, and the library's reads are
/// synchronous). `source` runs on that thread too and gives the calls and, when known, how
/// many there are. On a signal the export is told to stop and waited for, so its temp folder
/// or temp zip is gone before the process exits.
pub async fn export_in_background<S, I, E>(
    source: S,
    mut options: ExportOptions,
    interrupt: &Interrupt,
) -> Result<ExportSummary, CliError>
where
    S: FnOnce() -> Result<(I, Option<u64>), CliError> + Send + 'static,
    I: IntoIterator<Item = Result<CallRecord, E>>,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let cancel = CancelFlag::new();
    let bar = Arc::new(progress::calls_bar());
    let mut task = tokio::task::spawn_blocking({
        let (cancel, bar) = (cancel.clone(), bar.clone());
        move || -> Result<ExportSummary, CliError> {
            let (calls, total) = source()?;
            options.total = total;
            let mut report = |p: Progress| show_progress(&bar, p);
            Ok(export_calls(calls, &options, &mut report, &cancel)?)
        }
    });
    let result = tokio::select! {
        biased;
        () = interrupt.token().cancelled() => {
            cancel.cancel();
            match task.await.map_err(lost_thread)? {
                // It had already finished: the export is whole.
                Ok(summary) => Ok(summary),
                Err(_) => Err(interrupt.error()),
            }
        }
        done = &mut task => done.map_err(lost_thread)?,
    };
    bar.finish_and_clear();
    result
}

fn show_progress(bar: &indicatif::ProgressBar, p: Progress) {
    if p.done == 1 {
        bar.set_message(match p.stage {
            Stage::Calls => "exporting calls",
            Stage::Table => "writing calls.csv",
        });
        bar.set_position(0);
        match p.total {
            Some(total) => bar.set_length(total),
            None => bar.unset_length(),
        }
    }
    bar.set_position(p.done);
}

fn lost_thread(e: tokio::task::JoinError) -> CliError {
    CliError::io("the export stopped", std::io::Error::other(e))
}

/// The line printed when the export is in place.
pub fn report(summary: &ExportSummary) {
    let mut line = format!(
        "exported {} to {} ({} transcript {})",
        plural(summary.calls, "call"),
        summary.destination.display(),
        summary.transcripts,
        if summary.transcripts == 1 {
            "file"
        } else {
            "files"
        },
    );
    if summary.transcripts_skipped > 0 {
        line.push_str(&format!(
            "; {} without a transcript file: {}",
            plural(summary.transcripts_skipped, "call"),
            summary
                .skip_reason
                .as_deref()
                .unwrap_or("the format cannot hold it")
        ));
    }
    if summary.result_paths_left_out > 0 {
        line.push_str(&format!(
            "; {} result fields beyond the first {} columns are only in calls.jsonl",
            summary.result_paths_left_out,
            formant_export::MAX_RESULT_COLUMNS
        ));
    }
    output::note(&line);
}

fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
