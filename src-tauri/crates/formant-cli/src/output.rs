//! Writing results to stdout. A closed pipe (`formant ... | head`) ends the output quietly
//! instead of crashing.

use std::io::Write;

use crate::error::CliError;

pub fn print(text: &str) -> Result<(), CliError> {
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
