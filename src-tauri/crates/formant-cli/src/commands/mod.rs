//! One module per subcommand group; each is a few lines over `formant-api` and
//! `formant-core`.

pub mod conversations;
pub mod recording;
pub mod sandbox;
pub mod transcript;

use formant_api::{ApiKey, Client, ClientConfig};

use crate::cli::ApiArgs;
use crate::error::CliError;

/// The environment variable that holds the key. There is deliberately no `--key` option:
/// a command line is visible to every user of the machine.
pub const KEY_VAR: &str = "FORMANT_API_KEY";

/// A client for the account the global options and `FORMANT_API_KEY` describe.
pub fn client(api: &ApiArgs) -> Result<Client, CliError> {
    let key = std::env::var(KEY_VAR)
        .ok()
        .map(ApiKey::new)
        .filter(|k| !k.is_empty())
        .ok_or(CliError::MissingKey)?;
    Ok(Client::new(ClientConfig::for_region(&api.region(), key))?)
}
