//! Formant Desk, the desktop app: plugins, managed state and the command list. Everything
//! with logic lives in the core crates (`crates/`) or in the app services below; the commands
//! are thin adapters.

// First: its `ipc_commands!` list is used by the modules below.
#[macro_use]
mod ipc_commands;

mod accounts;
mod agent_channels;
mod background_analysis;
mod commands;
#[cfg(test)]
mod contract;
mod demo;
mod files;
mod first_page;
mod ipc_error;
mod launch;
mod library;
mod logging;
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
use crate::launch::Launch;
use crate::library::Library;
use crate::player_hub::PlayerHub;
use crate::recordings::{RecordingCache, DEFAULT_CAP_BYTES};
use crate::state::AppState;
use crate::tasks::Tasks;

/// Registers every command of the list in `ipc_commands.rs` (types are the contract's, unused here).
macro_rules! command_handlers {
    ($($module:ident :: $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty ;)*) => {
        tauri::generate_handler![$(commands::$module::$name),*]
    };
}

pub fn run() {
    #[cfg(target_os = "linux")]
    webkit_rendering::choose_compositing();
    let launch = Launch::from_env();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(move |app| {
            start_log(app.handle(), &launch);
            let state = build_state(app.handle(), &launch)?;
            if launch.demo {
                tauri::async_runtime::block_on(demo::start(&state))?;
            }
            app.manage(state);
            app.state::<AppState>()
                .analysis_worker
                .start(app.handle().clone());
            prefetch_first_page(app.handle());
            Ok(())
        })
        .invoke_handler(ipc_commands!(command_handlers))
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("formant-desk: could not start: {error}");
        std::process::exit(1);
    }
}

/// The log first, so everything after it (the accounts file, the demo, the first page) is in it.
fn start_log(app: &tauri::AppHandle, launch: &Launch) {
    match app.path().app_log_dir() {
        Ok(dir) => {
            if let Err(error) = logging::install(&dir) {
                eprintln!("formant-desk: no log file: {error}");
            }
            tracing::info!(
                version = env!("CARGO_PKG_VERSION"),
                os = std::env::consts::OS,
                arch = std::env::consts::ARCH,
                demo = launch.demo,
                log_dir = %dir.display(),
                "starting"
            );
        }
        Err(error) => eprintln!("formant-desk: no log folder: {error}"),
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
        let client =
            commands::run_blocking(move || for_client.state::<AppState>().accounts.active_client())
                .await?;
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
    // The same file `formant` uses by default (formant-library's `default_data_dir`).
    let library_file = formant_library::library_path(&paths.app_data_dir()?);
    std::fs::create_dir_all(&config_dir)?;

    let loaded = AccountRegistry::load_or_move_aside(config_dir.join("accounts.json"))?;
    if let Some(moved) = &loaded.moved_aside {
        tracing::warn!(
            kept_as = %moved.display(),
            "the accounts file could not be read; it was kept aside and a new one started"
        );
    }
    let vault = Vault::new(loaded.registry, Box::new(OsKeyStore::new()));
    let accounts = Accounts::new(vault);
    if let Some((region, key)) = launch.environment_account.clone() {
        accounts.add_environment(region, key);
    }
    if let Some(problem) = &launch.environment_problem {
        tracing::warn!(%problem, "FORMANT_API_KEY ignored");
    }
    Ok(AppState {
        accounts,
        tasks: Tasks::default(),
        first_page: FirstPage::default(),
        cache: RecordingCache::new(cache_dir, DEFAULT_CAP_BYTES),
        player: PlayerHub::new(config_dir.join(player_settings::FILE_NAME)),
        demo: tokio::sync::Mutex::new(None),
        library: Library::open(library_file),
        analyses: Default::default(),
        agent_channels: agent_channels::AgentChannels::load(
            config_dir.join(agent_channels::FILE_NAME),
        ),
        background_analysis: background_analysis::BackgroundAnalysisSetting::load(
            config_dir.join(background_analysis::FILE_NAME),
        ),
        analysis_worker: Default::default(),
    })
}
