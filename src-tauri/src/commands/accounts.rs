//! Adding, switching and removing accounts, and the demo.

use formant_core::{ApiKey, Region};
use tauri::{AppHandle, Manager};

use super::guard::{blocking, guarded};
use crate::accounts::{verified_client, AccountsState};
use crate::ipc_error::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub async fn get_accounts(app: AppHandle) -> IpcResult<AccountsState> {
    blocking(&app, |state| Ok(state.accounts.state())).await
}

#[tauri::command]
pub async fn add_account(
    app: AppHandle,
    name: String,
    region: Region,
    api_key: String,
) -> IpcResult<AccountsState> {
    guarded(async {
        let key = ApiKey::new(api_key);
        let client = verified_client(&region, key.clone()).await?;
        blocking(&app, move |state| {
            state.accounts.add_verified(&name, region, key, client)
        })
        .await
    })
    .await
}

#[tauri::command]
pub async fn update_account(
    app: AppHandle,
    id: String,
    name: Option<String>,
    api_key: Option<String>,
) -> IpcResult<AccountsState> {
    guarded(async {
        let verified = match api_key.map(ApiKey::new) {
            Some(key) => {
                let for_region = id.clone();
                let region =
                    blocking(&app, move |state| state.accounts.region_of(&for_region)).await?;
                Some((key.clone(), verified_client(&region, key).await?))
            }
            None => None,
        };
        blocking(&app, move |state| {
            state
                .accounts
                .update_verified(&id, name.as_deref(), verified)
        })
        .await
    })
    .await
}

#[tauri::command]
pub async fn remove_account(app: AppHandle, id: String) -> IpcResult<AccountsState> {
    blocking(&app, move |state| {
        // Who it was, before the registry forgets it: its calls leave the library with it.
        let identity = state.accounts.identity(&id).ok();
        let accounts = state.accounts.remove(&id)?;
        if let Some(identity) = identity {
            state.library.forget_account(&identity);
        }
        Ok(accounts)
    })
    .await
}

#[tauri::command]
pub async fn set_active_account(app: AppHandle, id: String) -> IpcResult<AccountsState> {
    blocking(&app, move |state| state.accounts.set_active(&id)).await
}

#[tauri::command]
pub async fn start_demo(app: AppHandle) -> IpcResult<AccountsState> {
    guarded(async {
        crate::demo::start(&app.state::<AppState>()).await?;
        blocking(&app, |state| Ok(state.accounts.state())).await
    })
    .await
}
