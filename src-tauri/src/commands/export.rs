//! Transcript export: which formats a call allows, and writing one to a file the user chose.

use std::path::PathBuf;

use formant_core::export::{self, ExportFormat};
use serde::Serialize;
use tauri::State;

use crate::files::{write_atomically, WrittenFile};
use crate::ipc_error::IpcResult;
use crate::state::AppState;

#[derive(Serialize)]
pub struct FormatOption {
    format: ExportFormat,
    label: &'static str,
    extension: &'static str,
    available: bool,
    reason: Option<String>,
}

#[derive(Serialize)]
pub struct ExportOptions {
    formats: Vec<FormatOption>,
    default_file_name: String,
}

#[tauri::command]
pub async fn export_options(state: State<'_, AppState>, id: String) -> IpcResult<ExportOptions> {
    let conversation = state.accounts.active_client()?.get(&id).await?;
    let formats = ExportFormat::ALL
        .into_iter()
        .map(|format| {
            let check = export::availability(&conversation, format);
            FormatOption {
                format,
                label: format.label(),
                extension: format.extension(),
                available: check.is_ok(),
                reason: check.err().map(|e| e.to_string()),
            }
        })
        .collect();
    Ok(ExportOptions {
        formats,
        default_file_name: export::default_file_name(&conversation, ExportFormat::ALL[0]),
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
    let written = tauri::async_runtime::spawn_blocking(move || write_atomically(&path, text.as_bytes()))
        .await
        .map_err(|e| crate::ipc_error::IpcError::new(crate::ipc_error::ErrorKind::Unknown, e.to_string()))??;
    Ok(written)
}
