//! The demo: the local sandbox API on 127.0.0.1 (a random port), opened as a session-only
//! "Demo" account, so a newcomer sees every feature without a key.

use formant_core::ApiKey;
use formant_sandbox::{Sandbox, SandboxOptions};

use crate::ipc_error::{ErrorKind, IpcError, IpcResult};
use crate::state::AppState;

/// Starts the sandbox once; later calls just make the demo account active again.
pub async fn start(state: &AppState) -> IpcResult<()> {
    let mut demo = state.demo.lock().await;
    if demo.is_none() {
        let sandbox = Sandbox::start(SandboxOptions::default())
            .await
            .map_err(|e| {
                IpcError::new(
                    ErrorKind::Network,
                    format!("The demo server could not start: {e}."),
                )
            })?;
        *demo = Some(sandbox);
    }
    if let Some(sandbox) = demo.as_ref() {
        state
            .accounts
            .add_demo(sandbox.base_url(), ApiKey::new(sandbox.api_key()));
    }
    Ok(())
}
