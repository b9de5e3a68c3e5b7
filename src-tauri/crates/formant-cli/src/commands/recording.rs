//! `formant recording download`.

use formant_api::Client;

use crate::cli::DownloadArgs;
use crate::error::CliError;
use crate::{output, progress};

pub async fn download(client: &Client, args: &DownloadArgs) -> Result<(), CliError> {
    let bar = progress::bytes_bar();
    let result = client
        .download_recording(&args.id, &args.output, |received, total| {
            if let Some(total) = total {
                bar.set_length(total);
            }
            bar.set_position(received);
        })
        .await;
    bar.finish_and_clear();
    let pending = result?;
    // A proxy's HTML page or an API error served with 200 must not replace a good recording:
    // it is saved only if the player can open it. (A device or FIFO got the bytes as they came.)
    if let Some(staged) = pending.staged_path() {
        let staged = staged.to_path_buf();
        tokio::task::spawn_blocking(move || formant_audio::probe_playable(&staged))
            .await
            .map_err(|e| CliError::io("cannot check the download", std::io::Error::other(e)))?
            .map_err(|source| CliError::NotARecording {
                path: args.output.clone(),
                source,
            })?;
    }
    let info = pending.commit()?;
    let kind = info.content_type.as_deref().unwrap_or("unknown type");
    // The content type is the server's text.
    output::note(&format!(
        "saved {} bytes ({kind}) to {}",
        info.bytes,
        args.output.display()
    ));
    Ok(())
}
