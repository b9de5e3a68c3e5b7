//! Ctrl-C (SIGINT) and SIGTERM: the command stops, the files it was writing are removed (their
//! `AtomicFile`s are dropped, which deletes the temp files), files that were there stay as they
//! were, and the process exits 130 or 143 as a shell expects of a killed command.

use std::future::Future;
use std::sync::{Arc, OnceLock};

use formant_api::CancellationToken;

use crate::error::CliError;

/// The signal that stopped the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    Interrupt,
    Terminate,
}

impl Signal {
    pub fn name(self) -> &'static str {
        match self {
            Signal::Interrupt => "SIGINT",
            Signal::Terminate => "SIGTERM",
        }
    }

    /// 128 + the signal's number, the code a shell shows for a command the signal killed.
    pub fn exit_code(self) -> u8 {
        match self {
            Signal::Interrupt => 130,
            Signal::Terminate => 143,
        }
    }
}

/// Listens for the signals from creation on; [`Interrupt::token`] is cancelled when one
/// arrives. Must be created inside the runtime.
pub struct Interrupt {
    token: CancellationToken,
    received: Arc<OnceLock<Signal>>,
}

impl Interrupt {
    pub fn listen() -> std::io::Result<Self> {
        let token = CancellationToken::new();
        let received = Arc::new(OnceLock::new());
        let signals = Signals::register()?;
        let (cancel, record) = (token.clone(), received.clone());
        tokio::spawn(async move {
            let signal = signals.next().await;
            let _ = record.set(signal);
            cancel.cancel();
        });
        Ok(Self { token, received })
    }

    pub fn token(&self) -> &CancellationToken {
        &self.token
    }

    /// The error that ends the process with the signal's exit code.
    pub fn error(&self) -> CliError {
        CliError::Interrupted(self.received.get().copied().unwrap_or(Signal::Interrupt))
    }

    /// Runs `command` until it ends or a signal arrives; on a signal the command's future is
    /// dropped, which removes whatever it was writing.
    pub async fn guard<T>(
        &self,
        command: impl Future<Output = Result<T, CliError>>,
    ) -> Result<T, CliError> {
        tokio::select! {
            biased;
            () = self.token.cancelled() => Err(self.error()),
            result = command => result,
        }
    }
}

/// The registered signal streams. Registered at once (not on first poll), so a signal sent
/// right after start-up is not missed.
#[cfg(unix)]
struct Signals {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl Signals {
    fn register() -> std::io::Result<Self> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(Self {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    async fn next(mut self) -> Signal {
        tokio::select! {
            _ = self.interrupt.recv() => Signal::Interrupt,
            _ = self.terminate.recv() => Signal::Terminate,
        }
    }
}

#[cfg(not(unix))]
struct Signals;

#[cfg(not(unix))]
impl Signals {
    fn register() -> std::io::Result<Self> {
        Ok(Self)
    }

    async fn next(self) -> Signal {
        // Windows has no SIGTERM; Ctrl-C and Ctrl-Break both arrive as ctrl_c.
        match tokio::signal::ctrl_c().await {
            Ok(()) => Signal::Interrupt,
            // No console to listen to: no signal will ever come.
            Err(_) => std::future::pending().await,
        }
    }
}
