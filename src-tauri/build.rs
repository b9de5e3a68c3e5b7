//! Generates the app's permission set from its command list, so `capabilities/` can grant the
//! webview exactly the commands the UI calls and nothing else.

/// Every `#[tauri::command]` registered in `src/lib.rs`. A command missing here cannot be
/// granted; a capability naming a command not here fails the build.
const COMMANDS: &[&str] = &[
    "get_accounts",
    "add_account",
    "update_account",
    "remove_account",
    "set_active_account",
    "start_demo",
    "list_conversations",
    "load_all_conversations",
    "cancel_task",
    "get_conversation",
    "export_options",
    "export_transcript",
    "open_recording",
    "save_recording",
    "recording_cache_info",
    "clear_recording_cache",
    "player_subscribe",
    "player_play",
    "player_pause",
    "player_seek",
    "player_set_volume",
    "player_set_speed",
    "player_set_channel_mode",
    "player_settings",
    "player_set_muted",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    if let Err(error) =
        tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
    {
        // A build script has no better channel than a panic to fail the build with a message.
        panic!("tauri build step failed: {error:#}");
    }
}
