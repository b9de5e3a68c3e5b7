//! The app's log folder, opened in the system's file manager so a user can attach a log to a
//! support request (see `crate::logging` for what the log holds).

use std::path::PathBuf;

use tauri::{AppHandle, Manager};
use tauri_plugin_opener::OpenerExt;

use super::guard::guarded;
use crate::ipc_error::{ErrorKind, IpcError, IpcResult};

/// Opens the log folder and answers with its path (shown too, for when no file manager runs).
#[tauri::command]
pub async fn open_logs_folder(app: AppHandle) -> IpcResult<PathBuf> {
    guarded(async {
        let dir = app.path().app_log_dir().map_err(|e| {
            IpcError::new(
                ErrorKind::Io,
                format!("The log folder is unknown here: {e}."),
            )
        })?;
        app.opener()
            .open_path(dir.to_string_lossy(), None::<&str>)
            .map_err(|e| {
                IpcError::new(
                    ErrorKind::Io,
                    format!(
                        "The log folder could not be opened ({e}); it is {}.",
                        dir.display()
                    ),
                )
            })?;
        tracing::info!(folder = %dir.display(), "log folder opened");
        Ok(dir)
    })
    .await
}
