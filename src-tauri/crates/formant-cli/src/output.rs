//! Writing results to stdout. A closed pipe (`formant ... | head`) ends the output quietly
//! instead of crashing. Text for people goes through [`crate::terminal`]; JSON and file
//! formats written to a pipe go out as they are.

use std::io::{IsTerminal, Write};

use crate::error::CliError;
use crate::terminal::{escape_controls, Layout};

/// A human-readable document (a table, a readable conversation), control characters shown
/// escaped.
pub fn print_readable(text: &str) -> Result<(), CliError> {
    print(&escape_controls(text, Layout::Lines))
}

/// A file's content (an export to `-`): as it is into a pipe or a file, escaped like any
/// readable text when a terminal would show it.
pub fn print_content(text: &str) -> Result<(), CliError> {
    if std::io::stdout().is_terminal() {
        print_readable(text)
    } else {
        print(text)
    }
}

/// One line for a person on stderr (a summary, a warning, where a file went).
pub fn note(line: &str) {
    eprintln!("{}", escape_controls(line, Layout::Inline));
}

fn print(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(CliError::io("cannot write to standard output", e))
        }
        _ => Ok(()),
    }
}

/// Pretty JSON with a final newline. Serialising a `serde_json::Value` cannot fail.
pub fn print_json(value: &serde_json::Value) -> Result<(), CliError> {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    print(&text)
}
