//! Transport controls over the app's one player.

use formant_audio::playback::{ChannelMode, PlayerSettings};
use serde::Deserialize;
use tauri::ipc::Channel;
use tauri::State;

use crate::ipc_error::{IpcError, IpcResult};
use crate::player_hub::PlayerEventView;
use crate::state::AppState;

#[tauri::command]
pub fn player_subscribe(state: State<'_, AppState>, on_event: Channel<PlayerEventView>) {
    state.player.subscribe(on_event);
}

#[tauri::command(async)]
pub fn player_play(state: State<'_, AppState>) -> IpcResult<()> {
    Ok(state.player.player.play()?)
}

#[tauri::command]
pub fn player_pause(state: State<'_, AppState>) {
    state.player.player.pause();
}

#[tauri::command(async)]
pub fn player_seek(state: State<'_, AppState>, secs: f64) -> IpcResult<()> {
    if !secs.is_finite() {
        return Err(IpcError::invalid_input(
            "The position must be a number of seconds.",
        ));
    }
    Ok(state.player.player.seek(secs.max(0.0))?)
}

/// What the engine plays with now; changes arrive as `settings` player events.
#[tauri::command]
pub fn player_settings(state: State<'_, AppState>) -> PlayerSettings {
    state.player.player.settings()
}

#[tauri::command]
pub fn player_set_muted(state: State<'_, AppState>, muted: bool) {
    state.player.player.set_muted(muted);
}

#[tauri::command]
pub fn player_set_volume(state: State<'_, AppState>, volume: f32) {
    state.player.player.set_volume(volume.clamp(0.0, 1.0));
}

#[tauri::command(async)]
pub fn player_set_speed(state: State<'_, AppState>, speed: f32) -> IpcResult<()> {
    Ok(state.player.player.set_speed(speed)?)
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelModeArg {
    Both,
    Left,
    Right,
}

#[tauri::command]
pub fn player_set_channel_mode(state: State<'_, AppState>, mode: ChannelModeArg) {
    state.player.player.set_channel_mode(match mode {
        ChannelModeArg::Both => ChannelMode::Both,
        ChannelModeArg::Left => ChannelMode::Left,
        ChannelModeArg::Right => ChannelMode::Right,
    });
}
