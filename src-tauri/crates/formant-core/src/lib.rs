//! FormantAI Voice domain types and transcript export.
//!
//! Everything here is pure (no IO), so the API client, the sandbox, the CLI and the desktop
//! app all agree on one reading of the API's loosely specified JSON:
//! - [`Conversation`] accepts every documented field, in both documented shapes, and keeps the
//!   object exactly as the API sent it ([`Conversation::raw`]) so nothing is ever lost.
//! - [`Timestamp`] normalises seconds and milliseconds to one instant.
//! - [`Status`] knows the seven documented values and keeps any other string.
//! - [`Turn`] normalises both transcript item shapes.

mod conversation;
pub mod export;
pub mod numbers;
mod region;
mod secret;
mod status;
mod time;
mod transcript;

pub use conversation::{Conversation, ConversationError, ConversationPage};
pub use region::{Region, UnknownRegion, GLOBAL_BASE_URL, INDIA_BASE_URL};
pub use secret::ApiKey;
pub use status::{Status, StatusCategory, StatusInfo};
pub use time::Timestamp;
pub use transcript::{Speaker, Turn};
