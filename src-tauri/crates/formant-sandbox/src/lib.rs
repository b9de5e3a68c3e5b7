//! A faithful local FormantAI Voice API server.
//!
//! Serves the documented endpoints (`/v1/conversations`, `/v1/conversations/{id}`,
//! `/v1/conversations/{id}/recording`) over a deterministic sample account of
//! [`TOTAL_CONVERSATIONS`] calls with streamed recordings that speak (embedded espeak-ng
//! clips, English and Hindi, placed at the transcript's turn times), and can misbehave on
//! demand ([`Faults`]). Used by tests, by the desktop app's demo and by `formant sandbox`.
//!
//! ```no_run
//! # async fn demo() -> Result<(), formant_sandbox::SandboxError> {
//! let sandbox = formant_sandbox::Sandbox::start(Default::default()).await?;
//! println!("{} with key {}", sandbox.base_url(), sandbox.api_key());
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```

mod audio;
mod data;
mod error;
mod faults;
mod recording;
mod server;

pub use audio::plan::Side;
pub use data::known;
pub use data::{
    conversations, AdvanceOutcome, PlannedMark, PlannedTiming, SampleAccount, TimingKind,
    IN_PROGRESS, TOTAL_CONVERSATIONS,
};
pub use error::SandboxError;
pub use faults::{Fault, FaultKind, FaultSpec, FaultSpecError, Faults, Schedule, FAULT_HELP};
pub use recording::{recording_chunks, recording_len};
pub use server::{RequestCounts, Sandbox, SandboxOptions};
