//! Asking the user where to save a file (or into which folder), from Rust.
//!
//! The commands that write a user's file open the native save dialog themselves and write only
//! where the user chose: the webview never passes a path, so even a compromised webview cannot
//! make the app overwrite a file the user did not pick (and it needs no dialog permission).

use std::path::PathBuf;

use serde::Serialize;
use tauri::{AppHandle, Manager, Wry};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

use crate::files::WrittenFile;
use crate::ipc_error::{ErrorKind, IpcError, IpcResult};

/// What the dialog shows.
#[derive(Debug, PartialEq, Eq)]
pub struct SaveRequest {
    /// Also the dialog window's title (the e2e test finds the native dialog by it).
    pub title: &'static str,
    pub file_name: String,
    pub filter_name: String,
    pub extension: String,
}

/// The answer of a command that asked where to save.
#[derive(Debug, Serialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SaveOutcome {
    Saved {
        path: PathBuf,
        bytes: u64,
    },
    /// The user closed the dialog: nothing was written.
    Cancelled,
}

impl From<WrittenFile> for SaveOutcome {
    fn from(written: WrittenFile) -> Self {
        Self::Saved {
            path: written.path,
            bytes: written.bytes,
        }
    }
}

/// Opens the save dialog over the main window; `None` when the user cancels.
pub async fn ask_where_to_save(
    app: &AppHandle,
    request: SaveRequest,
) -> IpcResult<Option<PathBuf>> {
    let dialog = over_main_window(app, app.dialog().file().set_title(request.title))
        .set_file_name(request.file_name)
        .add_filter(request.filter_name, &[request.extension.as_str()]);
    answer_of(|answer| dialog.save_file(answer)).await
}

/// Opens the folder dialog titled `title` over the main window; `None` when the user cancels.
pub async fn ask_for_folder(app: &AppHandle, title: &'static str) -> IpcResult<Option<PathBuf>> {
    let mut dialog = over_main_window(app, app.dialog().file().set_title(title));
    // Opened in a folder, not in GTK's default "Recent" view, where no folder can be chosen
    // (its Open button stays greyed until the user goes to one).
    let start = (app.path().document_dir().ok())
        .filter(|dir| dir.is_dir())
        .or_else(|| app.path().home_dir().ok());
    if let Some(start) = start {
        dialog = dialog.set_directory(start);
    }
    answer_of(|answer| dialog.pick_folder(answer)).await
}

fn over_main_window(app: &AppHandle, dialog: FileDialogBuilder<Wry>) -> FileDialogBuilder<Wry> {
    match app.get_webview_window("main") {
        Some(window) => dialog.set_parent(&window),
        None => dialog,
    }
}

/// Waits for the dialog `open` starts: the dialog runs on the main thread, this task waits
/// without holding a thread.
async fn answer_of(
    open: impl FnOnce(Box<dyn FnOnce(Option<FilePath>) + Send>),
) -> IpcResult<Option<PathBuf>> {
    let (answer, answered) = tokio::sync::oneshot::channel();
    open(Box::new(move |chosen| {
        let _ = answer.send(chosen);
    }));
    let chosen = answered
        .await
        .map_err(|_| IpcError::new(ErrorKind::Unknown, "The dialog closed without an answer."))?;
    chosen
        .map(|path| {
            path.into_path().map_err(|e| {
                IpcError::new(
                    ErrorKind::InvalidInput,
                    format!("The chosen place is not on this computer ({e})."),
                )
            })
        })
        .transpose()
}

/// A suggested file name from an id the webview sent: the dialog is the user's to confirm,
/// but it should not start in another folder.
pub fn suggested_name(stem: &str, extension: &str) -> String {
    let stem: String = stem
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("{stem}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_names_stay_in_the_chosen_folder() {
        assert_eq!(suggested_name("conv_01", "wav"), "conv_01.wav");
        assert_eq!(suggested_name("../a/b\\c\n", "wav"), ".._a_b_c_.wav");
    }

    #[test]
    fn outcomes_say_saved_or_cancelled() {
        let saved = SaveOutcome::from(WrittenFile {
            path: PathBuf::from("/tmp/call.txt"),
            bytes: 12,
        });
        assert_eq!(
            serde_json::to_value(saved).expect("json"),
            serde_json::json!({"kind": "saved", "path": "/tmp/call.txt", "bytes": 12})
        );
        assert_eq!(
            serde_json::to_value(SaveOutcome::Cancelled).expect("json"),
            serde_json::json!({"kind": "cancelled"})
        );
    }
}
