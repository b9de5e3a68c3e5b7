//! The running server: start, address, counters, shutdown.

mod api_error;
mod control;
mod conversations;
mod counts;
mod middleware;
mod router;

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::data::{Account, AdvanceOutcome, UnknownCall};
use crate::error::SandboxError;
use crate::faults::{FaultSpec, Faults};
use counts::Counters;
pub use counts::RequestCounts;

/// How long `shutdown` waits for open responses (e.g. a recording download) to finish.
const GRACEFUL_SHUTDOWN_LIMIT: Duration = Duration::from_secs(5);

/// How to run a sandbox.
#[derive(Clone)]
pub struct SandboxOptions {
    /// The one API key the server accepts as `Authorization: Bearer <key>`.
    pub api_key: String,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Serve `POST`/`DELETE /_sandbox/faults` so another process can inject faults.
    pub control_api: bool,
    /// How many conversations the account holds. `None` (or [`crate::TOTAL_CONVERSATIONS`])
    /// serves the default sample account, unchanged; any other size serves a deterministic
    /// scaled account with the same known calls plus [`crate::known::HOUR_CALL`], for
    /// benchmarks (e.g. 10,000 calls). Any size takes the same memory: the calls past the
    /// default account's are generated from their place in the list when asked for.
    pub conversations: Option<usize>,
    /// Faults in place from the first request on (more can be added through
    /// [`Sandbox::faults`] or the control API).
    pub faults: Vec<FaultSpec>,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        SandboxOptions {
            api_key: "sandbox".to_owned(),
            port: 0,
            control_api: false,
            conversations: None,
            faults: Vec::new(),
        }
    }
}

impl fmt::Debug for SandboxOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxOptions")
            .field("api_key", &"<redacted>")
            .field("port", &self.port)
            .field("control_api", &self.control_api)
            .field("conversations", &self.conversations)
            .field("faults", &self.faults)
            .finish()
    }
}

/// A running sandbox server on 127.0.0.1. Stops on `shutdown()` or when dropped.
pub struct Sandbox {
    address: SocketAddr,
    api_key: String,
    faults: Faults,
    requests: Arc<Counters>,
    account: Arc<Account>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Binds 127.0.0.1:`opts.port` and starts serving on the current tokio runtime.
    pub async fn start(opts: SandboxOptions) -> Result<Sandbox, SandboxError> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, opts.port))
            .await
            .map_err(|source| SandboxError::Bind {
                port: opts.port,
                source,
            })?;
        let address = listener.local_addr().map_err(SandboxError::LocalAddr)?;
        // Build the sample data now, not during the first request.
        let account = Arc::new(Account::new(crate::data::dataset_of(opts.conversations)?));

        let faults = Faults::default();
        for fault in opts.faults {
            faults.add(fault);
        }
        let requests = Arc::new(Counters::default());
        let app = router::router(
            Arc::from(opts.api_key.as_str()),
            faults.clone(),
            requests.clone(),
            opts.control_api,
            account.clone(),
        );
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serving = axum::serve(listener, app).with_graceful_shutdown(async {
                // A dropped sender stops the server as well.
                let _ = stopped.await;
            });
            if let Err(error) = serving.await {
                tracing::warn!(%error, "sandbox server stopped with an error");
            }
        });
        tracing::info!(%address, control_api = opts.control_api, "sandbox listening");
        Ok(Sandbox {
            address,
            api_key: opts.api_key,
            faults,
            requests,
            account,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// The API key the server accepts.
    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// The fault queue; push faults to make the next requests misbehave.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// How many conversations this sandbox's account holds now (arrived calls included).
    pub fn conversation_count(&self) -> usize {
        usize::try_from(self.account.len()).unwrap_or(usize::MAX)
    }

    /// Requests received so far, of any path and method, faults included.
    pub fn request_count(&self) -> u64 {
        self.requests.snapshot().total
    }

    /// Requests received so far, by endpoint.
    pub fn request_counts(&self) -> RequestCounts {
        self.requests.snapshot()
    }

    /// Moves the account one step on, as a running API changes: `new_calls` calls arrive on
    /// top of the list (in progress at first; final, without a recording yet, one step later;
    /// with their recording from the step after), and each call `revise` names gets a new
    /// revision (its `x_revision` field, in the list and the detail). Deterministic: the same
    /// advances give the same account. A call `revise` names that the account does not hold
    /// is refused, changing nothing. The control API's `POST /_sandbox/advance` does the same.
    pub fn advance(
        &self,
        new_calls: u64,
        revise: &[String],
    ) -> Result<AdvanceOutcome, SandboxError> {
        self.account
            .advance(new_calls, revise)
            .map_err(|UnknownCall(id)| SandboxError::UnknownCall(id))
    }

    /// Stops accepting connections, lets open responses finish (up to a few seconds), stops.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(GRACEFUL_SHUTDOWN_LIMIT, &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox")
            .field("address", &self.address)
            .field("api_key", &"<redacted>")
            .field("request_count", &self.request_count())
            .finish()
    }
}
