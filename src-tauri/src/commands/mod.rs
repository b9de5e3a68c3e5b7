//! The `#[tauri::command]`s, one file per area. Each is a few lines over a core crate or an
//! app service in `crate::state`; none holds logic of its own.
//!
//! A plain `fn` command runs on the main (UI) thread, so any command that may wait on the
//! keychain (D-Bus), the disk or the audio device is marked `#[tauri::command(async)]`, which
//! runs it on the async runtime instead.

pub mod accounts;
pub mod conversations;
pub mod export;
pub mod player;
pub mod recordings;
