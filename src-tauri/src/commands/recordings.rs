//! Opening, saving and caching recordings.

use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use super::guard::{active_client, blocking, guarded, run_blocking};
use super::save_dialog::{ask_where_to_save, suggested_name, SaveOutcome, SaveRequest};
use crate::files::{copy_atomically, io_error};
use crate::ipc_error::{ErrorKind, IpcError, IpcResult};
use crate::recordings::{self, CacheInfo, RecordingEvent, RecordingInfo};
use crate::state::AppState;

const OPEN_RECORDING_TASK: &str = "open_recording";

/// Downloads (or takes from the cache) the recording, streaming progress and waveform peaks,
/// and loads it into the player, paused at the start.
#[tauri::command]
pub async fn open_recording(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
    on_event: Channel<RecordingEvent>,
) -> IpcResult<RecordingInfo> {
    guarded(async {
        let client = active_client(&app).await?;
        // One recording opens at a time: opening another call cancels this download (its
        // temp file is removed when the download future is dropped).
        let task = state.tasks.start(OPEN_RECORDING_TASK);
        let open = recordings::open(&state.cache, &client, &id, move |event| {
            let _ = on_event.send(event);
        });
        let opened = tokio::select! {
            opened = open => opened,
            () = task.token.cancelled() => {
                return Err(IpcError::new(ErrorKind::Cancelled, "Another call was opened."));
            }
        };
        // What the download found is the only way to know whether a call has a recording (the
        // API's objects do not say): the library keeps it for its filters and exports.
        let found = match &opened {
            Ok(_) => Some(true),
            Err(e) if e.kind == ErrorKind::RecordingUnavailable => Some(false),
            Err(_) => None,
        };
        if let Some(available) = found {
            let for_library = id.clone();
            let _ = blocking(&app, move |state| {
                state
                    .library
                    .note_recording(&state.accounts, &for_library, available);
                Ok(())
            })
            .await;
        }
        let opened = opened?;
        let path = opened.path;
        blocking(&app, move |state| {
            // Keeps the cache under its cap (deleting files), never the file being opened.
            let _ = state.cache.evict(Some(&path));
            // Reads the header and sets up the decoder.
            Ok(state.player.player.load(&path)?)
        })
        .await?;
        Ok(opened.info)
    })
    .await
}

/// Asks the user where to save the cached recording, and copies it there atomically; a
/// cancelled dialog writes nothing.
#[tauri::command]
pub async fn save_recording(app: AppHandle, id: String) -> IpcResult<SaveOutcome> {
    guarded(async {
        let client = active_client(&app).await?;
        let for_lookup = id.clone();
        let source = blocking(&app, move |state| {
            Ok(state.cache.lookup(client.base_url(), &for_lookup))
        })
        .await?;
        let Some(source) = source else {
            return Err(IpcError::new(
                ErrorKind::NotFound,
                "The recording is not downloaded yet: open the call and wait for it to load.",
            ));
        };
        let request = SaveRequest {
            title: "Save recording",
            file_name: suggested_name(&id, "wav"),
            filter_name: "WAV audio".to_owned(),
            extension: "wav".to_owned(),
        };
        let Some(path) = ask_where_to_save(&app, request).await? else {
            return Ok(SaveOutcome::Cancelled);
        };
        let written = run_blocking(move || copy_atomically(&source, &path)).await?;
        Ok(written.into())
    })
    .await
}

#[tauri::command]
pub async fn recording_cache_info(app: AppHandle) -> IpcResult<CacheInfo> {
    blocking(&app, |state| {
        state
            .cache
            .info()
            .map_err(|e| io_error(state.cache.dir(), &e))
    })
    .await
}

#[tauri::command]
pub async fn clear_recording_cache(app: AppHandle) -> IpcResult<CacheInfo> {
    // The open recording's file goes too; the player has it open already and keeps playing.
    blocking(&app, |state| {
        state
            .cache
            .clear()
            .map_err(|e| io_error(state.cache.dir(), &e))
    })
    .await
}
