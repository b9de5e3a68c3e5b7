//! Progress on stderr, drawn only when a person is watching (stderr is a terminal), so
//! scripts and logs get clean output.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

fn attended() -> bool {
    std::io::stderr().is_terminal()
}

/// A byte bar for a download; a spinner with a byte count when the size is unknown.
pub fn bytes_bar() -> ProgressBar {
    drawn_bar("{spinner} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
}

/// Calls of a bulk export: a bar when the count is known, with the export's stage as message.
pub fn calls_bar() -> ProgressBar {
    drawn_bar("{spinner} {msg}: [{bar:30}] {pos}/{len} eta {eta}")
}

/// A bar in `template`, drawn with `=>`; hidden when nobody watches.
fn drawn_bar(template: &str) -> ProgressBar {
    if !attended() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::no_length();
    bar.set_style(
        ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}

/// A counter for paging through conversations.
pub fn count_bar() -> ProgressBar {
    if !attended() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::no_length();
    bar.set_style(
        ProgressStyle::with_template("{spinner} loading conversations: {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}
