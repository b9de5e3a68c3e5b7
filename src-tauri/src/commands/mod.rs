//! The `#[tauri::command]`s, one file per area. Each is a few lines over a core crate or an
//! app service in `crate::state`; none holds logic of its own.
//!
//! Every command is an `async fn` whose body runs through [`guard`]: so none runs on the main
//! (UI) thread, a panic inside one still answers the webview (an `unknown` error), and work that
//! may wait — the keychain (D-Bus), the disk, the audio engine — runs on the blocking pool via
//! [`guard::blocking`]. (`#[tauri::command(async)]` on a sync `fn` is not enough: it runs the
//! function on an async-runtime worker, where waiting stalls every download and page.)

pub mod accounts;
pub mod analysis;
pub mod conversations;
pub mod export;
mod guard;
pub mod library;
pub mod logs;
pub mod player;
pub mod recordings;
pub(crate) mod save_dialog;

pub use guard::run_blocking;
