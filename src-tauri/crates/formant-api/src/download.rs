//! Streaming a recording to a file: chunk by chunk into a temp file beside the destination
//! (`formant_files`), flushed to disk. The caller checks what arrived — the API client cannot
//! tell a playable recording from a proxy's HTML page served with status 200 — and only then
//! [`PendingRecording::commit`]s it over the destination. Until then the destination is
//! untouched; dropping the `PendingRecording` (or the download future) removes the temp file.

use std::path::{Path, PathBuf};

use formant_files::AtomicFile;
use futures_util::StreamExt;
use reqwest::{header, Url};
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

/// A complete download, on disk beside its destination but not yet in its place.
#[derive(Debug)]
#[must_use = "a download replaces nothing until it is committed; dropping it removes it"]
pub struct PendingRecording {
    pub info: DownloadInfo,
    file: AtomicFile,
    dest: PathBuf,
}

impl PendingRecording {
    /// The downloaded bytes, to check before [`commit`](Self::commit). `None` when the
    /// destination is a device or FIFO (`-o /dev/stdout`): the bytes have gone there as they
    /// arrived, and there is nothing to read back.
    pub fn staged_path(&self) -> Option<&Path> {
        self.file.staged_path()
    }

    /// Puts the download in its place (rename over the destination, directory flushed).
    pub fn commit(self) -> Result<DownloadInfo, ApiError> {
        let dest = self.dest;
        self.file
            .commit()
            .map_err(|e| ApiError::io(format!("cannot save {}", dest.display()), e))?;
        Ok(self.info)
    }
}

// `Send` so the download future can run on a multi-threaded runtime (the desktop app's).
type ChunkSink<'a> = Option<&'a mut (dyn FnMut(&[u8]) + Send)>;

impl Client {
    /// Downloads `GET /v1/conversations/{id}/recording` for `dest`; see [`PendingRecording`].
    ///
    /// `progress(received, total)` is called after every chunk (`total` from
    /// `Content-Length`, when sent). The body never sits whole in memory. If the body is cut
    /// off, the temp file is removed and `dest` keeps what it had. Dropping the future
    /// cancels the download the same way.
    ///
    /// Retries follow the client's policy; a body that fails midway is fetched again from
    /// the start (progress then starts again from 0), unless its bytes already went out to a
    /// device or FIFO.
    pub async fn download_recording(
        &self,
        id: &str,
        dest: &Path,
        progress: impl FnMut(u64, Option<u64>),
    ) -> Result<PendingRecording, ApiError> {
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
    ) -> Result<PendingRecording, ApiError> {
        self.download(id, dest, Some(&mut on_chunk), progress).await
    }

    async fn download(
        &self,
        id: &str,
        dest: &Path,
        mut on_chunk: ChunkSink<'_>,
        mut progress: impl FnMut(u64, Option<u64>),
    ) -> Result<PendingRecording, ApiError> {
        let url = self.conversation_url(id, &["recording"])?;
        check_destination(dest)?;
        let mut schedule = self.retry.schedule();
        let mut delivered = false;
        loop {
            self.pacer.ready().await;
            let attempt = self
                .download_once(&url, id, dest, &mut on_chunk, &mut progress, &mut delivered)
                .await;
            let err = match attempt {
                Ok(pending) => return Ok(pending),
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
            self.pacer.hold(wait);
            tracing::warn!(request = url.path(), error = %err, ?wait, "retrying download");
            tokio::time::sleep(wait).await;
        }
    }

    async fn download_once(
        &self,
        url: &Url,
        id: &str,
        dest: &Path,
        on_chunk: &mut ChunkSink<'_>,
        progress: &mut impl FnMut(u64, Option<u64>),
        delivered: &mut bool,
    ) -> Result<PendingRecording, ApiError> {
        let request = self
            .request(url.clone())
            .header(header::ACCEPT, "audio/*, */*");
        let response = self.send_logged(url, request).await?;
        let response = check_status(response, Endpoint::Recording(id)).await?;
        let total = response.content_length();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);

        let write_error = |e| ApiError::io(format!("cannot write {}", dest.display()), e);
        // Dropping `pending` (on any error below, or if this future is dropped) deletes the
        // partial file.
        // Off the runtime: opening a FIFO waits for its reader, and Ctrl-C must still be heard.
        let pending = {
            let dest = dest.to_path_buf();
            tokio::task::spawn_blocking(move || AtomicFile::create(&dest))
                .await
                .map_err(|e| write_error(std::io::Error::other(e)))?
                .map_err(write_error)?
        };
        // The same open file, written through tokio so a slow disk does not stall the runtime.
        let mut file =
            tokio::fs::File::from_std(pending.as_file().try_clone().map_err(write_error)?);

        let mut received: u64 = 0;
        let mut body = response.bytes_stream();
        progress(0, total);
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| ApiError::from_body(e, received))?;
            file.write_all(&chunk).await.map_err(write_error)?;
            // Bytes written into a device or FIFO have gone out: a retry would repeat them.
            *delivered |= pending.is_write_through();
            received = received.saturating_add(chunk.len() as u64);
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
        // Waits for tokio's last write to land before the file is handed on.
        file.flush().await.map_err(write_error)?;
        if pending.staged_path().is_some() {
            // The slow part of the commit, here where it does not block the runtime.
            file.sync_all().await.map_err(write_error)?;
        }
        Ok(PendingRecording {
            info: DownloadInfo {
                bytes: received,
                content_type,
            },
            file: pending,
            dest: dest.to_path_buf(),
        })
    }
}

/// The destination's folder must exist (the temp file goes there, so the final rename never
/// crosses file systems). Checked before anything is downloaded.
fn check_destination(dest: &Path) -> Result<(), ApiError> {
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destination_is_checked_before_downloading() {
        let dir = tempfile::tempdir().expect("dir");
        assert!(matches!(
            check_destination(dir.path()),
            Err(ApiError::InvalidInput(_))
        ));
        assert!(matches!(
            check_destination(Path::new("")),
            Err(ApiError::InvalidInput(_))
        ));
        assert!(matches!(
            check_destination(&dir.path().join("missing/x.wav")),
            Err(ApiError::Io { .. })
        ));
        check_destination(&dir.path().join("x.wav")).expect("a new file in a folder");
        check_destination(Path::new("x.wav")).expect("a new file here");
    }
}
