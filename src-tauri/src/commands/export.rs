//! Transcript export: which formats a call allows, and writing one to a file the user picks.

use formant_core::export::{self, ExportFormat};
use formant_core::Conversation;
use serde::Serialize;
use tauri::AppHandle;

use super::conversations::{active_conversation, Source};
use super::guard::{guarded, run_blocking};
use super::save_dialog::{ask_where_to_save, SaveOutcome, SaveRequest};
use crate::files::write_atomically;
use crate::ipc_error::IpcResult;

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
pub async fn export_options(app: AppHandle, id: String) -> IpcResult<ExportOptions> {
    guarded(async {
        let conversation = active_conversation(&app, &id, Source::ApiFirst).await?;
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
    })
    .await
}

/// Fetches the call fresh (so the export is what the API holds now) and renders it, then asks
/// the user where to save it and writes it there atomically: a failure leaves any existing
/// file as it was; a cancelled dialog writes nothing.
#[tauri::command]
pub async fn export_transcript(
    app: AppHandle,
    id: String,
    format: ExportFormat,
) -> IpcResult<SaveOutcome> {
    guarded(async {
        let conversation = active_conversation(&app, &id, Source::ApiFirst).await?;
        let text = export::export(&conversation, format)?;
        let Some(path) = ask_where_to_save(&app, export_request(&conversation, format)).await?
        else {
            return Ok(SaveOutcome::Cancelled);
        };
        let written = run_blocking(move || write_atomically(&path, text.as_bytes())).await?;
        Ok(written.into())
    })
    .await
}

fn export_request(conversation: &Conversation, format: ExportFormat) -> SaveRequest {
    SaveRequest {
        title: "Export transcript",
        file_name: export::default_file_name(conversation, format),
        filter_name: format.label().to_owned(),
        extension: format.extension().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dialog_suggests_the_calls_name_and_filters_by_the_format() {
        let conversation: Conversation = serde_json::from_value(serde_json::json!({
            "conversation_id": "conv_7",
            "status": "completed"
        }))
        .expect("conversation");
        for format in ExportFormat::ALL {
            let request = export_request(&conversation, format);
            assert_eq!(request.title, "Export transcript");
            assert_eq!(
                request.file_name,
                export::default_file_name(&conversation, format)
            );
            assert!(
                request
                    .file_name
                    .ends_with(&format!(".{}", format.extension())),
                "{}",
                request.file_name
            );
            assert_eq!(request.filter_name, format.label());
        }
    }
}
