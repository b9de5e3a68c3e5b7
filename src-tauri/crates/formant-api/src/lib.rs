//! The FormantAI Voice API client: one account's base URL and key, typed errors with stable
//! kinds, retries for idempotent GETs, paging through a whole account, and recordings
//! streamed to disk atomically. No tauri: the desktop app and the CLI both sit on top.
//!
//! ```no_run
//! # async fn demo() -> Result<(), formant_api::ApiError> {
//! use formant_api::{ApiKey, Client, ClientConfig, ListQuery, Region};
//! let client = Client::new(ClientConfig::for_region(&Region::India, ApiKey::new("sk_...")))?;
//! let page = client.list(&ListQuery { limit: 50, ..ListQuery::default() }).await?;
//! # Ok(()) }
//! ```

mod body;
mod client;
mod config;
mod details;
mod download;
mod error;
mod pace;
mod pager;
mod retry;

pub use body::{MAX_ERROR_BODY_BYTES, MAX_JSON_BYTES};
pub use client::{Client, ListQuery, MAX_ID_CHARS, MAX_PAGE_SIZE, USER_AGENT};
pub use config::{ClientConfig, RetryPolicy};
pub use details::{Fetched, PauseSwitch, DEFAULT_CONCURRENCY, MAX_CONCURRENCY};
pub use download::{DownloadInfo, PendingRecording};
pub use error::{ApiError, ApiErrorBody, ErrorKind};
pub use pager::{AllConversations, PageProgress, PagingEnd, MAX_PAGES};

pub use formant_core::{ApiKey, Conversation, ConversationPage, Region};
pub use tokio_util::sync::CancellationToken;
