//! Formant Desk, the desktop app: plugins, managed state and the command list. Everything
//! with logic lives in the core crates (`crates/`) or in the app services below; the commands
//! are thin adapters.

mod accounts;
mod commands;
mod demo;
mod files;
mod first_page;
mod ipc_error;
mod launch;
mod player_hub;
mod player_settings;
mod recordings;
mod state;
mod tasks;
#[cfg(target_os = "linux")]
mod webkit_rendering;

use std::path::PathBuf;

use formant_vault::{AccountRegistry, OsKeyStore, Vault};
use tauri::Manager;

use crate::accounts::Accounts;
use crate::first_page::{FirstPage, FIRST_PAGE};
use crate::ipc_error::{ErrorKind, IpcError};
use crate::launch::Launch;
use crate::player_hub::PlayerHub;
use crate::recordings::{RecordingCache, DEFAULT_CAP_BYTES};
use crate::state::AppState;
use crate::tasks::Tasks;

pub fn run() {
    #[cfg(target_os = "linux")]
    webkit_rendering::choose_compositing();
    let launch = Launch::from_env();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(move |app| {
            let state = build_state(app.handle(), &launch)?;
            if launch.demo {
                tauri::async_runtime::block_on(demo::start(&state))?;
            }
            app.manage(state);
            prefetch_first_page(app.handle());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::accounts::get_accounts,
            commands::accounts::add_account,
            commands::accounts::update_account,
            commands::accounts::remove_account,
            commands::accounts::set_active_account,
            commands::accounts::start_demo,
            commands::conversations::list_conversations,
            commands::conversations::load_all_conversations,
            commands::conversations::cancel_task,
            commands::conversations::get_conversation,
            commands::export::export_options,
            commands::export::export_transcript,
            commands::recordings::open_recording,
            commands::recordings::save_recording,
            commands::recordings::recording_cache_info,
            commands::recordings::clear_recording_cache,
            commands::player::player_subscribe,
            commands::player::player_play,
            commands::player::player_pause,
            commands::player::player_seek,
            commands::player::player_set_volume,
            commands::player::player_set_speed,
            commands::player::player_set_channel_mode,
            commands::player::player_settings,
            commands::player::player_set_muted,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("formant-desk: could not start: {error}");
        std::process::exit(1);
    }
}

/// Asks for the active account's first page while the webview starts (see `first_page`).
fn prefetch_first_page(app: &tauri::AppHandle) {
    let state = app.state::<AppState>();
    let Some(account_id) = state.accounts.active_id() else {
        return;
    };
    let app = app.clone();
    state.first_page.start(account_id, async move {
        // A saved account's key comes from the keychain: a blocking D-Bus round trip.
        let for_client = app.clone();
        let client = tauri::async_runtime::spawn_blocking(move || {
            for_client.state::<AppState>().accounts.active_client()
        })
        .await
        .map_err(|e| {
            IpcError::new(
                ErrorKind::Unknown,
                format!("The first page could not be requested: {e}."),
            )
        })??;
        Ok(client.list(&FIRST_PAGE).await?)
    });
}

fn build_state(
    app: &tauri::AppHandle,
    launch: &Launch,
) -> Result<AppState, Box<dyn std::error::Error>> {
    let paths = app.path();
    let config_dir: PathBuf = paths.app_config_dir()?;
    let cache_dir: PathBuf = paths.app_cache_dir()?.join("recordings");
    std::fs::create_dir_all(&config_dir)?;

    let loaded = AccountRegistry::load_or_move_aside(config_dir.join("accounts.json"))?;
    if let Some(moved) = &loaded.moved_aside {
        eprintln!(
            "formant-desk: the accounts file could not be read; it was kept as {} and a new one started",
            moved.display()
        );
    }
    let vault = Vault::new(loaded.registry, Box::new(OsKeyStore::new()));
    let accounts = Accounts::new(vault);
    if let Some((region, key)) = launch.environment_account.clone() {
        accounts.add_environment(region, key);
    }
    if let Some(problem) = &launch.environment_problem {
        eprintln!("formant-desk: FORMANT_API_KEY ignored: {problem}");
    }
    Ok(AppState {
        accounts,
        tasks: Tasks::default(),
        first_page: FirstPage::default(),
        cache: RecordingCache::new(cache_dir, DEFAULT_CAP_BYTES),
        player: PlayerHub::new(config_dir.join(player_settings::FILE_NAME)),
        demo: tokio::sync::Mutex::new(None),
    })
}
