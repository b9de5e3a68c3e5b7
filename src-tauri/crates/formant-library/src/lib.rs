//! The library: every call of every account on this machine, in one SQLite file, answering
//! what the API cannot — full-text search over all transcripts, filters and sorting on any
//! column, triage — instantly and offline.
//!
//! - [`Store::open`] opens (creates, migrates) the file; [`default_data_dir`] is the app's
//!   data dir, shared with the CLI. A damaged file is [`LibraryError::Corrupt`];
//!   [`Store::rebuild`] moves it aside and starts a new one.
//! - Accounts ([`AccountKey`]) are told apart without their key.
//! - The sync engine writes through [`Store::apply_list_page`] and [`Store::apply_details`]
//!   (each one transaction, the JSON kept exactly as sent), asks [`Store::pending_details`]
//!   what to fetch, and keeps its place in [`SyncState`].

mod account;
mod accounts;
mod bucket_counts;
mod count_cache;
mod error;
mod figures;
mod filter;
mod ingest;
mod latency;
mod list;
mod picked;
mod schema;
mod search;
mod search_terms;
mod store;
mod store_sync_support;
mod stored_json;
pub mod sync;
mod sync_state;
mod text;
mod tokens;
mod triage;

pub use account::{region_code, AccountInfo, AccountKey, AccountRef};
pub use error::LibraryError;
pub use figures::{AnalysisCandidate, CallFigures, FiguresWanted, StoredChannel};
pub use filter::Filter;
pub use ingest::{category_code, DetailsProgress, PageOutcome};
pub use latency::{LatencyGroup, LatencyTriage};
pub use list::{CallRow, ListQuery, ListWindow, Sort, SortColumn, StoredCall, MAX_WINDOW};
pub use picked::{Picked, MAX_PICKED_IDS};
pub use search::{
    SearchHit, SearchQuery, SearchResults, Snippet, SnippetPart, MAX_RANKED, MAX_RESULTS,
};
pub use store::{default_data_dir, library_path, Store, LIBRARY_FILE};
pub use sync_state::SyncState;
pub use triage::{
    Timeline, TimelineBucket, TimelinePoint, Triage, TriageBy, TriageGroup, TriageQuery,
};
