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
    let info = result?;
    let kind = info.content_type.as_deref().unwrap_or("unknown type");
    // The content type is the server's text.
    output::note(&format!(
        "saved {} bytes ({kind}) to {}",
        info.bytes,
        args.output.display()
    ));
    Ok(())
}
