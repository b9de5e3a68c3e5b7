//! The app's log, for a user to attach to a support request: one file a day in the OS's log
//! folder (the last 7 kept), and the same lines on stderr when started from a terminal.
//!
//! What goes in is what a support engineer needs — start-up, account switches (by id), every
//! API request's method, path, status and timing, retries, downloads, playback devices,
//! errors and panics — and never a key: keys are an `ApiKey`, whose `Debug` and `Display`
//! print `<redacted>`, and no log line formats a header.

use std::path::{Path, PathBuf};

use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter};

/// Our own crates at `info`, everything else (WebKit glue, HTTP internals) only when it warns.
/// `RUST_LOG` replaces it.
pub const DEFAULT_FILTER: &str = "warn,formant_desk_lib=info,formant_desk=info,formant_api=info,\
formant_audio=info,formant_vault=info,formant_sandbox=info";

/// The log files' names: `formant-desk.YYYY-MM-DD.log`.
const FILE_PREFIX: &str = "formant-desk";
const FILE_SUFFIX: &str = "log";
const FILES_KEPT: usize = 7;

#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("the log folder {} could not be made: {source}", dir.display())]
    Folder {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("the log file could not be opened: {0}")]
    File(#[from] tracing_appender::rolling::InitError),
}

/// Installs the log for the rest of the process. Without a writable log folder the app still
/// runs, logging to stderr only; the caller reports the error.
pub fn install(dir: &Path) -> Result<(), LogError> {
    let file = open_file(dir);
    let to_file = file
        .as_ref()
        .ok()
        .cloned()
        .map(|writer| fmt::layer().with_ansi(false).with_writer(writer));
    // Colours only for a person at a terminal, not in a file that stderr was sent to.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let to_stderr = fmt::layer().with_ansi(ansi).with_writer(std::io::stderr);
    // A second install (tests, or `run` called twice) keeps the first: not an error worth
    // stopping for.
    let _ = tracing_subscriber::registry()
        .with(filter())
        .with(to_file)
        .with(to_stderr)
        .try_init();
    log_panics();
    file.map(|_| ())
}

fn filter() -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER))
}

fn open_file(dir: &Path) -> Result<SharedAppender, LogError> {
    std::fs::create_dir_all(dir).map_err(|source| LogError::Folder {
        dir: dir.to_owned(),
        source,
    })?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(FILE_PREFIX)
        .filename_suffix(FILE_SUFFIX)
        .max_log_files(FILES_KEPT)
        .build(dir)?;
    Ok(SharedAppender(std::sync::Arc::new(appender)))
}

/// The appender behind an `Arc`, so the file layer can be built from a `Result` the caller
/// still inspects. Each line is written (and reaches the file) before the call returns: a log
/// is for the moments the app crashes, so nothing waits in a buffer.
#[derive(Clone)]
struct SharedAppender(std::sync::Arc<RollingFileAppender>);

impl<'a> fmt::MakeWriter<'a> for SharedAppender {
    type Writer = tracing_appender::rolling::RollingWriter<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        self.0.make_writer()
    }
}

/// A panic lands in the log (with where it happened) before the default hook prints it.
fn log_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        tracing::error!(panic = %info, "panic");
        previous(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing_subscriber::Layer;

    #[test]
    fn a_log_file_is_made_in_the_folder_and_holds_the_lines() {
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = dir.path().join("logs");
        let appender = open_file(&folder).expect("log file");
        let subscriber = tracing_subscriber::registry().with(
            fmt::layer()
                .with_ansi(false)
                .with_writer(appender)
                .with_filter(EnvFilter::new("info")),
        );
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(account = "a1", "switched account");
            tracing::debug!("not at info");
        });
        let files: Vec<_> = std::fs::read_dir(&folder)
            .expect("folder")
            .map(|e| e.expect("entry").path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        let name = files[0].file_name().and_then(|n| n.to_str()).unwrap_or("");
        assert!(
            name.starts_with("formant-desk.") && name.ends_with(".log"),
            "{name}"
        );
        let text = std::fs::read_to_string(&files[0]).expect("log text");
        assert!(
            text.contains("switched account") && text.contains("account=\"a1\""),
            "{text}"
        );
        assert!(!text.contains("not at info"), "{text}");
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_an_error_not_a_crash() {
        let dir = tempfile::tempdir().expect("temp dir");
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, b"x").expect("write");
        let error = open_file(&blocker.join("logs")).err().expect("an error");
        assert!(error.to_string().contains("could not be made"), "{error}");
    }
}
