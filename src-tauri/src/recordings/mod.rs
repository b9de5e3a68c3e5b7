//! Opening a call's recording: from the cache, or downloaded once into it with the waveform
//! computed while the bytes arrive; then loaded into the player.

mod cache;

use std::io::Read;
use std::path::{Path, PathBuf};

use formant_api::Client;
use formant_audio::peaks::{LivePeaks, PeaksError, PeaksUpdate, Waveform};
use formant_audio::DecodeError;
use serde::Serialize;

pub use cache::{CacheInfo, RecordingCache, DEFAULT_CAP_BYTES};

use crate::files::io_error;
use crate::ipc_error::{ErrorKind, IpcError, IpcResult};

/// The waveform's finest level: 100 columns a second (10 ms) is finer than a person can
/// point at, and keeps a 1-hour stereo call's peaks to ~1.4 M numbers.
pub const PIXELS_PER_SECOND: u32 = 100;

/// Progress events are sent at most this often (in bytes) so a fast local download does not
/// flood the webview.
const PROGRESS_STEP_BYTES: u64 = 256 * 1024;

#[derive(Clone, Serialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RecordingEvent {
    Progress {
        received_bytes: u64,
        total_bytes: Option<u64>,
    },
    Format {
        sample_rate: u32,
        channels: u16,
        duration_secs: Option<f64>,
        pixels_per_second: u32,
    },
    Peaks {
        first_pixel: usize,
        data: Vec<i16>,
    },
    Cached,
}

#[derive(Debug, Serialize, ts_rs::TS)]
pub struct RecordingInfo {
    pub id: String,
    pub sample_rate: u32,
    pub channels: u16,
    pub duration_secs: f64,
    pub pixels_per_second: u32,
    pub peaks: Vec<i16>,
    pub bytes: u64,
    pub from_cache: bool,
}

/// What `open` hands back: the file to play and what the UI shows.
pub struct OpenedRecording {
    pub path: PathBuf,
    pub info: RecordingInfo,
}

/// Finds or fetches the recording of `id` and computes its waveform, reporting to `emit`.
pub async fn open(
    cache: &RecordingCache,
    client: &Client,
    id: &str,
    emit: impl Fn(RecordingEvent) + Send + Sync + 'static,
) -> IpcResult<OpenedRecording> {
    if let Some(path) = cache.lookup(client.base_url(), id) {
        emit(RecordingEvent::Cached);
        let waveform = {
            let path = path.clone();
            tokio::task::spawn_blocking(move || peaks_of_file(&path))
                .await
                .map_err(|e| IpcError::new(ErrorKind::Unknown, e.to_string()))?
        };
        match waveform {
            Ok((waveform, bytes)) => {
                let info = recording_info(id, &waveform, bytes, true);
                return Ok(OpenedRecording { path, info });
            }
            // A cached file that no longer reads (damaged on disk): drop it and fetch again.
            Err(_) => {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    download(cache, client, id, emit).await
}

async fn download(
    cache: &RecordingCache,
    client: &Client,
    id: &str,
    emit: impl Fn(RecordingEvent) + Send + Sync + 'static,
) -> IpcResult<OpenedRecording> {
    cache.ensure_dir().map_err(|e| io_error(cache.dir(), &e))?;
    let path = cache.path_for(client.base_url(), id);
    let mut live = LiveWaveform::new();
    let mut last_progress = 0u64;
    let downloaded = client
        .download_recording_with(
            id,
            &path,
            |chunk: &[u8]| live.push(chunk, &emit),
            |received: u64, total: Option<u64>| {
                if received.abs_diff(last_progress) >= PROGRESS_STEP_BYTES
                    || Some(received) == total
                {
                    last_progress = received;
                    emit(RecordingEvent::Progress {
                        received_bytes: received,
                        total_bytes: total,
                    });
                }
            },
        )
        .await?;
    // Before it takes the cached file's place, the player's own check: the player must be able
    // to open it (and the peaks, which accept the same files, must have been computed).
    let downloaded = tokio::task::spawn_blocking(move || {
        let staged = downloaded.staged_path().ok_or_else(|| {
            IpcError::new(
                ErrorKind::Io,
                "The recordings cache is not a folder of files.",
            )
        })?;
        formant_audio::probe_playable(staged).map_err(|e| not_playable(&describe(&e)))?;
        Ok::<_, IpcError>(downloaded)
    })
    .await
    .map_err(lost_task)??;
    let waveform = live
        .finish()
        .map_err(|e| not_playable(&format!("The recording could not be read ({e})")))?;
    let info = tokio::task::spawn_blocking(move || downloaded.commit())
        .await
        .map_err(lost_task)??;
    // The caller keeps the cache under its cap (`RecordingCache::evict`, deleting files) on
    // the blocking pool.
    let info = recording_info(id, &waveform, info.bytes, false);
    Ok(OpenedRecording { path, info })
}

/// Feeds the download's bytes to the peaks computation and forwards what it finds. The first
/// error (e.g. "not a WAV") is kept and reported when the download ends.
struct LiveWaveform {
    peaks: LivePeaks,
    error: Option<PeaksError>,
    format_sent: bool,
}

impl LiveWaveform {
    fn new() -> Self {
        Self {
            peaks: LivePeaks::new(PIXELS_PER_SECOND),
            error: None,
            format_sent: false,
        }
    }

    fn push(&mut self, chunk: &[u8], emit: &impl Fn(RecordingEvent)) {
        if self.error.is_some() {
            return;
        }
        match self.peaks.push(chunk) {
            Ok(Some(update)) => self.forward(update, emit),
            Ok(None) => {}
            Err(e) => self.error = Some(e),
        }
    }

    fn forward(&mut self, update: PeaksUpdate, emit: &impl Fn(RecordingEvent)) {
        if !self.format_sent {
            self.format_sent = true;
            let format = &update.format;
            emit(RecordingEvent::Format {
                sample_rate: format.sample_rate,
                channels: format.channels,
                duration_secs: format
                    .frames
                    .map(|frames| frames as f64 / f64::from(format.sample_rate.max(1))),
                pixels_per_second: PIXELS_PER_SECOND,
            });
        }
        emit(RecordingEvent::Peaks {
            first_pixel: update.first_pixel,
            data: update.data,
        });
    }

    fn finish(self) -> Result<Waveform, PeaksError> {
        match self.error {
            Some(e) => Err(e),
            None => self.peaks.finish(),
        }
    }
}

/// The waveform of a cached file, read in the same chunks a download would deliver.
fn peaks_of_file(path: &Path) -> Result<(Waveform, u64), PeaksError> {
    let mut file = std::fs::File::open(path).map_err(PeaksError::from)?;
    let mut peaks = LivePeaks::new(PIXELS_PER_SECOND);
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(PeaksError::from)?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        peaks.push(&buf[..n])?;
    }
    Ok((peaks.finish()?, bytes))
}

fn recording_info(id: &str, waveform: &Waveform, bytes: u64, from_cache: bool) -> RecordingInfo {
    RecordingInfo {
        id: id.to_owned(),
        sample_rate: waveform.sample_rate,
        channels: waveform.channels,
        duration_secs: waveform.duration_secs(),
        pixels_per_second: PIXELS_PER_SECOND,
        peaks: waveform.data.clone(),
        bytes,
        from_cache,
    }
}

fn lost_task(e: tokio::task::JoinError) -> IpcError {
    IpcError::new(ErrorKind::Unknown, e.to_string())
}

/// What was wrong with a downloaded body, said of the server that sent it.
/// The decoder's verdict on a download, as a sentence for the call view.
fn describe(e: &DecodeError) -> String {
    let problem = e.as_download_problem();
    let mut chars = problem.chars();
    chars.next().map_or(String::new(), |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn not_playable(what: &str) -> IpcError {
    IpcError::new(
        ErrorKind::BadResponse,
        format!("{what}. It was not saved; try again later."),
    )
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use formant_api::{ClientConfig, RetryPolicy};
    use formant_core::ApiKey;
    use formant_sandbox::{known, Fault, FaultKind, Sandbox, SandboxOptions};

    use super::*;

    async fn setup() -> (Sandbox, Client, tempfile::TempDir, RecordingCache) {
        let sandbox = Sandbox::start(SandboxOptions::default())
            .await
            .expect("sandbox");
        let mut config = ClientConfig::new(sandbox.base_url(), ApiKey::new(sandbox.api_key()));
        config.retry = RetryPolicy::fast(2);
        let client = Client::new(config).expect("client");
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = RecordingCache::new(dir.path().join("recordings"), DEFAULT_CAP_BYTES);
        (sandbox, client, dir, cache)
    }

    fn collector() -> (
        Arc<Mutex<Vec<RecordingEvent>>>,
        impl Fn(RecordingEvent) + Send + Sync + 'static,
    ) {
        let events = Arc::new(Mutex::new(Vec::new()));
        let sink = events.clone();
        (events, move |e| sink.lock().expect("lock").push(e))
    }

    fn cached_files(cache: &RecordingCache) -> usize {
        std::fs::read_dir(cache.dir())
            .map(|d| d.count())
            .unwrap_or(0)
    }

    #[tokio::test]
    async fn downloads_once_streams_the_waveform_then_opens_from_the_cache() {
        let (sandbox, client, _dir, cache) = setup().await;
        let (events, emit) = collector();
        let first = open(&cache, &client, known::STEREO_CALL, emit)
            .await
            .expect("download");
        assert!(!first.info.from_cache);
        assert_eq!(first.info.channels, 2);
        assert!(first.path.exists());

        let events = events.lock().expect("lock").clone();
        let format_at = events
            .iter()
            .position(|e| matches!(e, RecordingEvent::Format { .. }));
        let peaks_at = events
            .iter()
            .position(|e| matches!(e, RecordingEvent::Peaks { .. }));
        assert!(
            format_at.is_some() && format_at < peaks_at,
            "the format comes before any peaks"
        );
        // The peaks streamed while downloading add up to the final waveform.
        let streamed: usize = events
            .iter()
            .map(|e| match e {
                RecordingEvent::Peaks { data, .. } => data.len(),
                _ => 0,
            })
            .sum();
        assert!(streamed > 0 && streamed <= first.info.peaks.len());

        let requests = sandbox.request_count();
        let (events, emit) = collector();
        let second = open(&cache, &client, known::STEREO_CALL, emit)
            .await
            .expect("cached");
        assert!(second.info.from_cache);
        assert_eq!(
            second.info.peaks, first.info.peaks,
            "same waveform from the cache"
        );
        assert_eq!(sandbox.request_count(), requests, "no second download");
        assert!(matches!(
            events.lock().expect("lock").first(),
            Some(RecordingEvent::Cached)
        ));
    }

    #[tokio::test]
    async fn a_body_that_is_not_a_wav_is_reported_and_not_cached() {
        let (sandbox, client, _dir, cache) = setup().await;
        sandbox.faults().push(Fault {
            kind: FaultKind::NotWav,
            times: 1,
            path_contains: None,
        });
        let (_, emit) = collector();
        let err = open(&cache, &client, known::TIMED_CALL, emit)
            .await
            .err()
            .expect("refused");
        assert_eq!(err.kind, ErrorKind::BadResponse, "{}", err.message);
        assert!(
            err.message
                .contains("not a WAV recording: it looks like an XML document"),
            "{}",
            err.message
        );
        assert_eq!(cached_files(&cache), 0, "nothing kept, no temp file left");
        // The next try (the fault is gone) works.
        let (_, emit) = collector();
        open(&cache, &client, known::TIMED_CALL, emit)
            .await
            .expect("second try");
    }

    #[tokio::test]
    async fn a_cut_off_download_leaves_nothing_in_the_cache() {
        let (sandbox, client, _dir, cache) = setup().await;
        sandbox.faults().push(Fault {
            kind: FaultKind::TruncatedBody,
            times: 3,
            path_contains: Some("/recording".into()),
        });
        let (_, emit) = collector();
        let err = open(&cache, &client, known::STEREO_CALL, emit)
            .await
            .err()
            .expect("cut off");
        assert_eq!(err.kind, ErrorKind::Network, "{}", err.message);
        assert_eq!(cached_files(&cache), 0);
    }

    #[tokio::test]
    async fn a_missing_recording_is_its_own_kind() {
        let (_sandbox, client, _dir, cache) = setup().await;
        let (_, emit) = collector();
        let err = open(&cache, &client, known::NO_RECORDING_CALL, emit)
            .await
            .err()
            .expect("none");
        assert_eq!(err.kind, ErrorKind::RecordingUnavailable);
    }
}
