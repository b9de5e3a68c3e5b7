//! Opening, saving and caching recordings.

use std::path::PathBuf;

use tauri::ipc::Channel;
use tauri::State;

use crate::files::{copy_atomically, io_error, WrittenFile};
use crate::ipc_error::{ErrorKind, IpcError, IpcResult};
use crate::recordings::{self, CacheInfo, RecordingEvent, RecordingInfo};
use crate::state::AppState;

const OPEN_RECORDING_TASK: &str = "open_recording";

/// Downloads (or takes from the cache) the recording, streaming progress and waveform peaks,
/// and loads it into the player, paused at the start.
#[tauri::command]
pub async fn open_recording(
    state: State<'_, AppState>,
    id: String,
    on_event: Channel<RecordingEvent>,
) -> IpcResult<RecordingInfo> {
    let client = state.accounts.active_client()?;
    // One recording opens at a time: opening another call cancels this download (its
    // temp file is removed when the download future is dropped).
    let task = state.tasks.start(OPEN_RECORDING_TASK);
    let open = recordings::open(&state.cache, &client, &id, move |event| {
        let _ = on_event.send(event);
    });
    let opened = tokio::select! {
        opened = open => opened?,
        () = task.token.cancelled() => {
            return Err(IpcError::new(ErrorKind::Cancelled, "Another call was opened."));
        }
    };
    state.player.player.load(&opened.path)?;
    Ok(opened.info)
}

/// Copies the cached recording to where the user chose, atomically.
#[tauri::command]
pub async fn save_recording(
    state: State<'_, AppState>,
    id: String,
    path: PathBuf,
) -> IpcResult<WrittenFile> {
    let client = state.accounts.active_client()?;
    let Some(source) = state.cache.lookup(client.base_url(), &id) else {
        return Err(IpcError::new(
            ErrorKind::NotFound,
            "The recording is not downloaded yet: open the call and wait for it to load.",
        ));
    };
    tauri::async_runtime::spawn_blocking(move || copy_atomically(&source, &path))
        .await
        .map_err(|e| IpcError::new(ErrorKind::Unknown, e.to_string()))?
}

#[tauri::command(async)]
pub fn recording_cache_info(state: State<'_, AppState>) -> IpcResult<CacheInfo> {
    state
        .cache
        .info()
        .map_err(|e| io_error(state.cache.dir(), &e))
}

#[tauri::command(async)]
pub fn clear_recording_cache(state: State<'_, AppState>) -> IpcResult<CacheInfo> {
    // The open recording's file goes too; the player has it open already and keeps playing.
    state
        .cache
        .clear()
        .map_err(|e| io_error(state.cache.dir(), &e))
}
