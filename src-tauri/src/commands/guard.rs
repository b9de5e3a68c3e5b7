//! The one way a command runs its body, so that the webview always gets an answer.
//!
//! A command that panics (a bug, an overflow on a number from a server, a dependency's
//! `unwrap`) would otherwise never answer: tauri drops the reply and the UI waits forever
//! ("Loading calls…"). Here a panic becomes an `unknown` error with a message instead.
//!
//! - [`guarded`] runs an async body on the async runtime;
//! - [`blocking`] runs work that may wait — the keychain (D-Bus), the disk, the audio engine —
//!   on tauri's blocking pool. Sync code on the async runtime would occupy one of its few
//!   worker threads (two on a 2-core machine) and stall every download and page meanwhile.

use std::any::Any;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};

use formant_api::Client;
use futures_util::FutureExt;
use tauri::{AppHandle, Manager};

use crate::ipc_error::{ErrorKind, IpcError, IpcResult};
use crate::state::AppState;

/// Runs a command's async body; a panic inside it is answered as an `unknown` error.
pub async fn guarded<T>(body: impl Future<Output = IpcResult<T>>) -> IpcResult<T> {
    AssertUnwindSafe(body)
        .catch_unwind()
        .await
        .unwrap_or_else(|payload| Err(panicked(payload.as_ref())))
}

/// Runs `work` with the app's state on the blocking pool; a panic inside it is answered as
/// an `unknown` error.
pub async fn blocking<T, F>(app: &AppHandle, work: F) -> IpcResult<T>
where
    T: Send + 'static,
    F: FnOnce(&AppState) -> IpcResult<T> + Send + 'static,
{
    let app = app.clone();
    run_blocking(move || work(&app.state::<AppState>())).await
}

/// The active account's client: reading a saved account's key is a keychain round trip.
pub async fn active_client(app: &AppHandle) -> IpcResult<Client> {
    blocking(app, |state| state.accounts.active_client()).await
}

/// [`blocking`] without the app's state.
pub async fn run_blocking<T, F>(work: F) -> IpcResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> IpcResult<T> + Send + 'static,
{
    let joined =
        tauri::async_runtime::spawn_blocking(move || catch_unwind(AssertUnwindSafe(work))).await;
    match joined {
        Ok(Ok(answer)) => answer,
        Ok(Err(payload)) => Err(panicked(payload.as_ref())),
        // Only when the runtime is shutting down: the app is closing.
        Err(e) => Err(IpcError::new(
            ErrorKind::Unknown,
            format!("Formant Desk could not finish this ({e})."),
        )),
    }
}

/// The error for a panic, with the panic's own words (they name what went wrong; a panic
/// message never holds a key: keys are never formatted, `ApiKey`'s `Debug` hides them).
fn panicked(payload: &(dyn Any + Send)) -> IpcError {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no details".to_owned());
    IpcError::new(
        ErrorKind::Unknown,
        format!(
            "Formant Desk hit an internal error ({what}). Try again; if it happens again, \
             please report it."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_answered_as_unknown(answer: IpcResult<u32>) {
        let err = answer.expect_err("a panic is an error, not an answer");
        assert_eq!(err.kind, ErrorKind::Unknown);
        assert!(
            err.message.contains("attempt to subtract with overflow"),
            "{}",
            err.message
        );
    }

    /// What `conversation.rs` did with a server's timestamps before it was fixed.
    fn overflowing(a: u64, b: u64) -> u32 {
        // black_box: the compiler must not see the overflow coming.
        u32::try_from(std::hint::black_box(a) - std::hint::black_box(b)).unwrap_or(0)
    }

    #[test]
    #[cfg(debug_assertions)]
    fn a_panic_in_blocking_work_is_answered_as_unknown() {
        let answer = tauri::async_runtime::block_on(run_blocking(|| Ok(overflowing(0, 1))));
        assert_answered_as_unknown(answer);
        // The pool is still usable afterwards.
        let fine = tauri::async_runtime::block_on(run_blocking(|| Ok(overflowing(2, 1))));
        assert_eq!(fine.expect("answer"), 1);
    }

    #[test]
    #[cfg(debug_assertions)]
    fn a_panic_in_an_async_body_is_answered_as_unknown() {
        let answer = tauri::async_runtime::block_on(guarded(async {
            tokio::task::yield_now().await;
            Ok(overflowing(0, 1))
        }));
        assert_answered_as_unknown(answer);
    }

    #[test]
    fn a_panic_with_a_formatted_message_keeps_it() {
        let answer: IpcResult<()> = tauri::async_runtime::block_on(run_blocking(|| {
            let id = std::hint::black_box("call-42");
            panic!("no such turn in {id}")
        }));
        let err = answer.expect_err("panicked");
        assert_eq!(err.kind, ErrorKind::Unknown);
        assert!(
            err.message.contains("no such turn in call-42"),
            "{}",
            err.message
        );
    }

    #[test]
    fn errors_and_answers_pass_through_unchanged() {
        let err = tauri::async_runtime::block_on(guarded(async {
            Err::<(), _>(IpcError::invalid_input("Bad."))
        }))
        .expect_err("error");
        assert_eq!(
            (err.kind, err.message.as_str()),
            (ErrorKind::InvalidInput, "Bad.")
        );
        let ok = tauri::async_runtime::block_on(run_blocking(|| Ok(7)));
        assert_eq!(ok.expect("answer"), 7);
    }
}
