//! Transcript export: which formats a call allows, and writing one to a file the user chose.

use std::path::PathBuf;

use formant_core::export::{self, ExportFormat};
use serde::Serialize;
use tauri::State;

use crate::files::{write_atomically, WrittenFile};
use crate::ipc_error::{ErrorKind, IpcError, IpcResult};
use crate::state::AppState;

#[derive(Serialize, ts_rs::TS)]
pub struct FormatOption {
    format: ExportFormat,
    label: String,
    extension: String,
    available: bool,
    reason: Option<String>,
}

#[derive(Serialize, ts_rs::TS)]
pub struct ExportOptions {
    formats: Vec<FormatOption>,
    default_file_name: String,
}

#[tauri::command]
pub async fn export_options(state: State<'_, AppState>, id: String) -> IpcResult<ExportOptions> {
    let conversation = state.accounts.active_client()?.get(&id).await?;
    let options = export::options(&conversation);
    let default_file_name = options
        .first()
        .map(|o| o.default_file_name.clone())
        .unwrap_or_else(|| export::default_file_name(&conversation, ExportFormat::Txt));
    let formats = options
        .into_iter()
        .map(|o| FormatOption {
            format: o.format,
            label: o.label,
            extension: o.extension,
            available: o.unavailable_reason.is_none(),
            reason: o.unavailable_reason,
        })
        .collect();
    Ok(ExportOptions {
        formats,
        default_file_name,
    })
}

/// Fetches the call fresh (so the export is what the API holds now), renders it, and writes
/// it atomically: a failure leaves any existing file at `path` as it was.
#[tauri::command]
pub async fn export_transcript(
    state: State<'_, AppState>,
    id: String,
    format: ExportFormat,
    path: PathBuf,
) -> IpcResult<WrittenFile> {
    let conversation = state.accounts.active_client()?.get(&id).await?;
    let text = export::export(&conversation, format)?;
    let written =
        tauri::async_runtime::spawn_blocking(move || write_atomically(&path, text.as_bytes()))
            .await
            .map_err(|e| IpcError::new(ErrorKind::Unknown, e.to_string()))??;
    Ok(written)
}
