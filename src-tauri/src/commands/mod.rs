//! The `#[tauri::command]`s, one file per area. Each is a few lines over a core crate or an
//! app service in `crate::state`; none holds logic of its own.

pub mod accounts;
pub mod conversations;
pub mod export;
pub mod player;
pub mod recordings;
