//! Streaming a recording to a file: chunk by chunk into a temp file beside the destination,
//! flushed to disk, then renamed over it. The destination is either untouched or complete.

use std::path::Path;

use futures_util::StreamExt;
use reqwest::{header, Url};
use tempfile::NamedTempFile;
use tokio::io::AsyncWriteExt;

use crate::client::{check_status, Endpoint};
use crate::retry::is_retryable;
use crate::{ApiError, Client};

/// What a finished download wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadInfo {
    pub bytes: u64,
    /// The response's `Content-Type`, e.g. `audio/wav`.
    pub content_type: Option<String>,
}

// `Send` so the download future can run on a multi-threaded runtime (the desktop app's).
type ChunkSink<'a> = Option<&'a mut (dyn FnMut(&[u8]) + Send)>;

impl Client {
    /// Downloads `GET /v1/conversations/{id}/recording` to `dest`.
    ///
    /// `progress(received, total)` is called after every chunk (`total` from
    /// `Content-Length`, when sent). The body never sits whole in memory. If the body is cut
    /// off, the temp file is removed and `dest` keeps what it had. Dropping the future
    /// cancels the download the same way.
    ///
    /// Retries follow the client's policy; a body that fails midway is fetched again from
    /// the start (progress then starts again from 0).
    pub async fn download_recording(
        &self,
        id: &str,
        dest: &Path,
        progress: impl FnMut(u64, Option<u64>),
    ) -> Result<DownloadInfo, ApiError> {
        self.download(id, dest, None, progress).await
    }

    /// Like [`Client::download_recording`], and hands each chunk to `on_chunk` as it arrives
    /// (the app computes waveform peaks while downloading).
    ///
    /// Once a chunk has reached `on_chunk`, a failure is no longer retried: starting again
    /// would feed the caller the same bytes twice. A failure before the first chunk (no
    /// connection, a 503) is retried as usual.
    pub async fn download_recording_with(
        &self,
        id: &str,
        dest: &Path,
        mut on_chunk: impl FnMut(&[u8]) + Send,
        progress: impl FnMut(u64, Option<u64>),
    ) -> Result<DownloadInfo, ApiError> {
        self.download(id, dest, Some(&mut on_chunk), progress).await
    }

    async fn download(
        &self,
        id: &str,
        dest: &Path,
        mut on_chunk: ChunkSink<'_>,
        mut progress: impl FnMut(u64, Option<u64>),
    ) -> Result<DownloadInfo, ApiError> {
        let url = self.conversation_url(id, &["recording"])?;
        let dir = target_dir(dest)?;
        let mut schedule = self.retry.schedule();
        let mut delivered = false;
        loop {
            let attempt = self
                .download_once(
                    &url,
                    id,
                    dest,
                    dir,
                    &mut on_chunk,
                    &mut progress,
                    &mut delivered,
                )
                .await;
            let err = match attempt {
                Ok(info) => return Ok(info),
                Err(err) => err,
            };
            let wait = if is_retryable(&err) && !delivered {
                self.retry.next_delay(&err, schedule.next())
            } else {
                None
            };
            let Some(wait) = wait else {
                return Err(err);
            };
            tracing::warn!(request = url.path(), error = %err, ?wait, "retrying download");
            tokio::time::sleep(wait).await;
        }
    }

    #[allow(clippy::too_many_arguments)] // one private step of `download`, which owns them all
    async fn download_once(
        &self,
        url: &Url,
        id: &str,
        dest: &Path,
        dir: &Path,
        on_chunk: &mut ChunkSink<'_>,
        progress: &mut impl FnMut(u64, Option<u64>),
        delivered: &mut bool,
    ) -> Result<DownloadInfo, ApiError> {
        let response = self
            .request(url.clone())
            .header(header::ACCEPT, "audio/*, */*")
            .send()
            .await
            .map_err(ApiError::from_transport)?;
        let response = check_status(response, Endpoint::Recording(id)).await?;
        let total = response.content_length();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);

        // Dropping `temp_path` (on any error below, or if this future is dropped) deletes
        // the partial file.
        let (file, temp_path) = tempfile::Builder::new()
            .prefix(".formant-download-")
            .suffix(".part")
            .tempfile_in(dir)
            .map_err(|e| ApiError::io(format!("cannot create a file in {}", dir.display()), e))?
            .into_parts();
        let mut file = tokio::fs::File::from_std(file);
        let write_error = |e| ApiError::io(format!("cannot write {}", temp_path.display()), e);

        let mut received: u64 = 0;
        let mut body = response.bytes_stream();
        progress(0, total);
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| ApiError::from_body(e, received))?;
            file.write_all(&chunk).await.map_err(write_error)?;
            received += chunk.len() as u64;
            if let Some(sink) = on_chunk.as_mut() {
                sink(&chunk);
                *delivered = true;
            }
            progress(received, total);
        }
        if let Some(expected) = total.filter(|&t| t != received) {
            return Err(ApiError::Incomplete {
                received,
                expected: Some(expected),
            });
        }
        file.flush().await.map_err(write_error)?;
        // On disk before the rename, so a crash cannot leave a renamed but empty file.
        file.sync_all().await.map_err(write_error)?;
        let file = file.into_std().await;
        NamedTempFile::from_parts(file, temp_path)
            .persist(dest)
            .map_err(|e| ApiError::io(format!("cannot save {}", dest.display()), e.error))?;
        Ok(DownloadInfo {
            bytes: received,
            content_type,
        })
    }
}

/// The directory the temp file goes in: dest's own, so the final rename never crosses file
/// systems. Checked before anything is downloaded.
fn target_dir(dest: &Path) -> Result<&Path, ApiError> {
    if dest.as_os_str().is_empty() {
        return Err(ApiError::InvalidInput("no destination file given".into()));
    }
    if dest.is_dir() {
        return Err(ApiError::InvalidInput(format!(
            "{} is a directory; give a file name",
            dest.display()
        )));
    }
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(ApiError::io(
            format!("cannot save to {}", dest.display()),
            std::io::Error::new(std::io::ErrorKind::NotFound, "the folder does not exist"),
        ));
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destination_is_checked_before_downloading() {
        let dir = tempfile::tempdir().expect("dir");
        assert!(matches!(
            target_dir(dir.path()),
            Err(ApiError::InvalidInput(_))
        ));
        assert!(matches!(
            target_dir(Path::new("")),
            Err(ApiError::InvalidInput(_))
        ));
        assert!(matches!(
            target_dir(&dir.path().join("missing/x.wav")),
            Err(ApiError::Io { .. })
        ));
        let file = dir.path().join("x.wav");
        assert_eq!(target_dir(&file).expect("dir"), dir.path());
        assert_eq!(target_dir(Path::new("x.wav")).expect("dir"), Path::new("."));
    }
}
