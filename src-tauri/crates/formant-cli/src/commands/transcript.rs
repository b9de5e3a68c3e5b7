//! `formant transcript export`.

use std::path::{Path, PathBuf};

use formant_api::Client;
use formant_core::export::{default_file_name, export};

use crate::cli::ExportArgs;
use crate::error::CliError;
use crate::output;

pub async fn export_transcript(client: &Client, args: &ExportArgs) -> Result<(), CliError> {
    let conversation = client.get(&args.id).await?;
    let text = export(&conversation, args.format)?;
    let path = match &args.output {
        Some(p) if p.as_os_str() == "-" => return output::print_content(&text),
        Some(p) => p.clone(),
        None => PathBuf::from(default_file_name(&conversation, args.format)),
    };
    formant_files::write(&path, text.as_bytes())
        .map_err(|e| CliError::io(format!("cannot write {}", path.display()), e))?;
    output::note(&format!("wrote {}", Path::new(&path).display()));
    Ok(())
}
