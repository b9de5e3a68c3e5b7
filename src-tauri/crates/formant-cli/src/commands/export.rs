//! `formant export`: calls from the library to a folder or a `.zip` (formant-export), with a
//! progress bar on a terminal. Ctrl-C or SIGTERM cancels the export, waits until it has
//! deleted what it wrote, and leaves the target (an earlier export included) as it was.

use std::path::PathBuf;
use std::sync::Arc;

use formant_export::{
    export_library, CancelFlag, Destination, ExportFormat, ExportOptions, ExportSummary, Progress,
    Stage,
};

use crate::cli::{parse_format, FilterArgs, LibraryArgs};
use crate::commands::library::{filter, open_store};
use crate::error::CliError;
use crate::interrupt::Interrupt;
use crate::output;
use crate::progress;

#[derive(clap::Args, Debug)]
pub struct BulkExportArgs {
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Only calls that match this search (words as `formant search` takes them).
    #[arg(long, value_name = "Q")]
    pub query: Option<String>,
    /// The transcript files' format: txt, md, json, csv, srt or vtt.
    #[arg(short, long, value_name = "FMT", value_parser = parse_format)]
    pub format: ExportFormat,
    /// A folder, or a file ending in .zip. An existing folder is replaced only when it is an
    /// earlier export (it has calls.csv and calls.jsonl); the export appears there only once
    /// it is complete.
    #[arg(short, long, value_name = "DIR|FILE.zip", value_parser = parse_target)]
    pub output: PathBuf,
    #[command(flatten)]
    pub library: LibraryArgs,
}

/// A bulk export is many files: it cannot go to standard output.
fn parse_target(text: &str) -> Result<PathBuf, String> {
    if text == "-" || text.trim().is_empty() {
        return Err("an export is a folder or a .zip file, not standard output: name one".into());
    }
    Ok(PathBuf::from(text))
}

pub async fn run(args: &BulkExportArgs, interrupt: &Interrupt) -> Result<(), CliError> {
    let library = args.library.clone();
    let mut filter = filter(&args.filters);
    filter.text = args.query.clone().filter(|q| !q.trim().is_empty());
    let options = ExportOptions {
        destination: Destination::from_path(&args.output),
        format: args.format,
        total: None,
    };
    let summary = export_in_background(
        move |options, report, cancel| {
            let store = open_store(&library)?;
            Ok(export_library(&store, &filter, options, report, cancel)?)
        },
        options,
        interrupt,
    )
    .await?;
    report(&summary);
    Ok(())
}

/// Runs `export` on a blocking thread (it is disk bound, and the library's reads are
/// synchronous), with a progress bar on a terminal. On a signal the export is told to stop and
/// waited for, so its temp folder or temp zip is gone before the process exits.
async fn export_in_background<F>(
    export: F,
    options: ExportOptions,
    interrupt: &Interrupt,
) -> Result<ExportSummary, CliError>
where
    F: FnOnce(
            ExportOptions,
            &mut dyn FnMut(Progress),
            &CancelFlag,
        ) -> Result<ExportSummary, CliError>
        + Send
        + 'static,
{
    let cancel = CancelFlag::new();
    let bar = Arc::new(progress::calls_bar());
    let mut task = tokio::task::spawn_blocking({
        let (cancel, bar) = (cancel.clone(), bar.clone());
        move || export(options, &mut |p: Progress| show_progress(&bar, p), &cancel)
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
fn report(summary: &ExportSummary) {
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
