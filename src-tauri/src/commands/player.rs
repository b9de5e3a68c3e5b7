//! Transport controls over the app's one player. Commands that wait for the engine's answer
//! (`play`, `seek`) run on the blocking pool; the others only post a message to it.

use formant_audio::playback::{ChannelMode, PlayerSettings};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use super::guard::{blocking, guarded};
use crate::ipc_error::{IpcError, IpcResult};
use crate::player_hub::PlayerEventView;
use crate::state::AppState;

#[tauri::command]
pub async fn player_subscribe(
    state: State<'_, AppState>,
    on_event: Channel<PlayerEventView>,
) -> IpcResult<()> {
    guarded(async {
        state.player.subscribe(on_event);
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn player_play(app: AppHandle) -> IpcResult<()> {
    blocking(&app, |state| Ok(state.player.player.play()?)).await
}

#[tauri::command]
pub async fn player_pause(state: State<'_, AppState>) -> IpcResult<()> {
    guarded(async {
        state.player.player.pause();
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn player_seek(app: AppHandle, secs: f64) -> IpcResult<()> {
    if !secs.is_finite() {
        return Err(IpcError::invalid_input(
            "The position must be a number of seconds.",
        ));
    }
    blocking(&app, move |state| {
        Ok(state.player.player.seek(secs.max(0.0))?)
    })
    .await
}

/// What the engine plays with now; changes arrive as `settings` player events.
#[tauri::command]
pub async fn player_settings(state: State<'_, AppState>) -> IpcResult<PlayerSettings> {
    guarded(async { Ok(state.player.player.settings()) }).await
}

#[tauri::command]
pub async fn player_set_muted(state: State<'_, AppState>, muted: bool) -> IpcResult<()> {
    guarded(async {
        state.player.player.set_muted(muted);
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn player_set_volume(state: State<'_, AppState>, volume: f32) -> IpcResult<()> {
    guarded(async {
        state.player.player.set_volume(volume.clamp(0.0, 1.0));
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn player_set_speed(state: State<'_, AppState>, speed: f32) -> IpcResult<()> {
    guarded(async { Ok(state.player.player.set_speed(speed)?) }).await
}

#[tauri::command]
pub async fn player_set_channel_mode(
    state: State<'_, AppState>,
    mode: ChannelMode,
) -> IpcResult<()> {
    guarded(async {
        state.player.player.set_channel_mode(mode);
        Ok(())
    })
    .await
}
