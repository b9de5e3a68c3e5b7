//! One module per subcommand group; each is a few lines over `formant-api` and
//! `formant-core`.

pub mod analyze;
pub mod conversations;
pub mod export;
pub mod library;
pub mod recording;
pub mod sandbox;
pub mod search;
pub mod sync;
pub mod transcript;
pub mod triage;

use std::env::VarError;
use std::time::Duration;

use formant_api::{ApiKey, Client, ClientConfig, RetryPolicy};

use crate::cli::ApiArgs;
use crate::error::CliError;

/// The environment variable that holds the key. There is deliberately no `--key` option:
/// a command line is visible to every user of the machine.
pub const KEY_VAR: &str = "FORMANT_API_KEY";

/// Seconds to wait for a connection and for each answer (default 30; decimals allowed).
pub const TIMEOUT_VAR: &str = "FORMANT_TIMEOUT";

/// Tries after the first for a request that failed in a way a retry can fix (default 3).
pub const RETRIES_VAR: &str = "FORMANT_RETRIES";

/// A client for the account the global options and the environment describe.
pub fn client(api: &ApiArgs) -> Result<Client, CliError> {
    let key = match std::env::var(KEY_VAR) {
        Ok(text) => Some(ApiKey::new(text)).filter(|k| !k.is_empty()),
        Err(VarError::NotPresent) => None,
        Err(VarError::NotUnicode(_)) => return Err(CliError::KeyNotText),
    }
    .ok_or(CliError::MissingKey)?;
    let mut config = ClientConfig::for_region(&api.region(), key);
    if let Some(timeout) = setting(TIMEOUT_VAR, parse_timeout)? {
        config.timeout = timeout;
    }
    if let Some(retries) = setting(RETRIES_VAR, parse_retries)? {
        config.retry = RetryPolicy {
            max_retries: retries,
            ..RetryPolicy::default()
        };
    }
    Ok(Client::new(config)?)
}

/// An optional setting from the environment; a value that is set but unreadable is an error
/// (silently ignoring it would leave the user wondering why it has no effect).
fn setting<T>(name: &'static str, parse: fn(&str) -> Option<T>) -> Result<Option<T>, CliError> {
    match std::env::var(name) {
        Err(VarError::NotPresent) => Ok(None),
        Ok(text) if text.trim().is_empty() => Ok(None),
        Ok(text) => parse(text.trim())
            .map(Some)
            .ok_or(CliError::BadSetting { name }),
        Err(VarError::NotUnicode(_)) => Err(CliError::BadSetting { name }),
    }
}

/// 0.1 to 3600 seconds.
fn parse_timeout(text: &str) -> Option<Duration> {
    let secs: f64 = text.parse().ok()?;
    (0.1..=3600.0)
        .contains(&secs)
        .then(|| Duration::from_secs_f64(secs))
}

/// 0 to 10 retries.
fn parse_retries(text: &str) -> Option<usize> {
    text.parse().ok().filter(|n| *n <= 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_read_within_bounds() {
        assert_eq!(parse_timeout("0.5"), Some(Duration::from_millis(500)));
        assert_eq!(parse_timeout("30"), Some(Duration::from_secs(30)));
        for bad in ["0", "-1", "NaN", "inf", "1e300", "soon", "3601"] {
            assert_eq!(parse_timeout(bad), None, "{bad}");
        }
        assert_eq!(parse_retries("0"), Some(0));
        assert_eq!(parse_retries("10"), Some(10));
        assert_eq!(parse_retries("11"), None);
        assert_eq!(parse_retries("18446744073709551616"), None);
    }
}
