//! `-v` and `RUST_LOG`: what the crates log (requests with their status and timing, retries,
//! downloads), on stderr, so it never mixes with output a script reads from stdout.

use tracing_subscriber::EnvFilter;

/// Quiet by default; each `-v` says more. `RUST_LOG` wins when set.
pub fn install(verbose: u8) {
    let filter = match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.trim().is_empty() => EnvFilter::new(spec),
        _ => EnvFilter::new(level_for(verbose)),
    };
    // Colours only for a person at a terminal.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .try_init();
}

fn level_for(verbose: u8) -> &'static str {
    match verbose {
        0 => "off",
        1 => "warn,formant_api=info,formant_sandbox=info,formant_audio=info",
        _ => "info,formant_api=debug,formant_sandbox=debug,formant_audio=debug",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_v_says_more() {
        assert_eq!(level_for(0), "off");
        assert!(level_for(1).contains("formant_api=info"));
        assert!(level_for(2).contains("formant_api=debug"));
        assert_eq!(level_for(9), level_for(2));
    }
}
