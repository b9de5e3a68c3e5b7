//! Adding, switching and removing accounts, and the demo.

use formant_core::{ApiKey, Region};
use tauri::State;

use crate::accounts::AccountsState;
use crate::ipc_error::IpcResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn get_accounts(state: State<'_, AppState>) -> AccountsState {
    state.accounts.state()
}

#[tauri::command]
pub async fn add_account(
    state: State<'_, AppState>,
    name: String,
    region: Region,
    api_key: String,
) -> IpcResult<AccountsState> {
    state
        .accounts
        .add(&name, region, ApiKey::new(api_key))
        .await
}

#[tauri::command]
pub async fn update_account(
    state: State<'_, AppState>,
    id: String,
    name: Option<String>,
    api_key: Option<String>,
) -> IpcResult<AccountsState> {
    state
        .accounts
        .update(&id, name.as_deref(), api_key.map(ApiKey::new))
        .await
}

#[tauri::command(async)]
pub fn remove_account(state: State<'_, AppState>, id: String) -> IpcResult<AccountsState> {
    state.accounts.remove(&id)
}

#[tauri::command(async)]
pub fn set_active_account(state: State<'_, AppState>, id: String) -> IpcResult<AccountsState> {
    state.accounts.set_active(&id)
}

#[tauri::command]
pub async fn start_demo(state: State<'_, AppState>) -> IpcResult<AccountsState> {
    crate::demo::start(&state).await?;
    Ok(state.accounts.state())
}
