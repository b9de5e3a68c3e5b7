//! Errors from starting the sandbox server.

use std::io;

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The listening socket could not be bound (port in use, no permission, ...).
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Bind {
        port: u16,
        #[source]
        source: io::Error,
    },
    /// The bound socket did not report its address (needed to learn a random port).
    #[error("cannot read the sandbox's listening address: {0}")]
    LocalAddr(#[source] io::Error),
    /// A dataset size below the number of fixed calls every dataset holds.
    #[error("a sandbox dataset needs at least {minimum} conversations, not {requested}")]
    DatasetTooSmall { requested: usize, minimum: usize },
    /// An advance named a call to revise that the account does not hold.
    #[error("the sandbox holds no call {0:?} to revise")]
    UnknownCall(String),
}
