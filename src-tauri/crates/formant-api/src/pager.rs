//! Walking every page of an account's conversations, with progress and cancellation.

use std::collections::HashSet;

use formant_core::Conversation;
use tokio_util::sync::CancellationToken;

use crate::{ApiError, Client, ListQuery, MAX_PAGE_SIZE};

/// The most pages one walk requests: 20,000 pages, 2,000,000 calls at 100 a page. A server
/// that keeps saying `has_more` with new ids each time is stopped here rather than followed
/// until memory runs out.
pub const MAX_PAGES: u64 = 20_000;

/// Handed to the progress callback after each page.
#[derive(Debug)]
pub struct PageProgress<'a> {
    /// The page's new conversations (ones already seen on an earlier page are left out).
    pub page: &'a [Conversation],
    /// Conversations loaded so far, this page included.
    pub loaded: usize,
    /// The account's total for this filter, when the API says.
    pub total: Option<u64>,
}

/// Why the walk ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagingEnd {
    /// The API said `has_more: false`.
    Complete,
    /// The API said `has_more` but sent nothing new (an empty page, or only conversations
    /// already loaded): stopping is the only way not to loop forever.
    NoNewData,
    /// The API said `has_more`, but as many conversations as its `total` are loaded.
    TotalReached,
    /// The API still said `has_more` after [`MAX_PAGES`] pages (or the client's own limit).
    PageLimit,
    /// The token was cancelled; `conversations` holds what was loaded before.
    Cancelled,
}

impl PagingEnd {
    /// Why the walk stopped before the API said it was done, in words for a person; `None`
    /// when it ended normally (complete, or cancelled by the user).
    pub fn warning(self) -> Option<&'static str> {
        match self {
            Self::Complete | Self::Cancelled => None,
            Self::NoNewData => Some(
                "stopped paging: the API said there were more calls but sent none that were new",
            ),
            Self::TotalReached => Some(
                "stopped paging: all the calls the API counted are loaded, though it said there were more",
            ),
            Self::PageLimit => Some(
                "stopped paging at the safety limit of pages; the API kept saying there were more calls",
            ),
        }
    }
}

/// What a walk loaded.
#[derive(Debug, Clone)]
pub struct AllConversations {
    pub conversations: Vec<Conversation>,
    /// The last total the API reported.
    pub total: Option<u64>,
    pub end: PagingEnd,
}

impl Client {
    /// Loads every conversation (optionally of one agent), 100 per request, calling
    /// `on_page` after each page so a UI can show them as they arrive.
    ///
    /// Cancelling `cancel` stops the walk at once (an in-flight request is dropped) and
    /// returns what was loaded, with [`PagingEnd::Cancelled`]. A failed page (after the
    /// client's retries) ends the walk with that error; the pages before it have already
    /// reached `on_page`.
    ///
    /// Calls that arrive while paging shift later pages by one; conversations already loaded
    /// are therefore skipped by id rather than listed twice.
    ///
    /// The walk never runs on without end, whatever the server says: it stops when a page
    /// brings nothing new, when the reported `total` is loaded, or after [`MAX_PAGES`]
    /// pages; [`AllConversations::end`] says which ([`PagingEnd::warning`] in words).
    pub async fn list_all(
        &self,
        agent_id: Option<i64>,
        cancel: &CancellationToken,
        mut on_page: impl FnMut(PageProgress<'_>),
    ) -> Result<AllConversations, ApiError> {
        let mut conversations: Vec<Conversation> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut total = None;
        let mut offset: u64 = 0;
        let mut pages: u64 = 0;
        loop {
            let query = ListQuery {
                agent_id,
                limit: MAX_PAGE_SIZE,
                offset,
            };
            let page = tokio::select! {
                biased;
                () = cancel.cancelled() => None,
                page = self.list(&query) => Some(page?),
            };
            let Some(page) = page else {
                return Ok(AllConversations {
                    conversations,
                    total,
                    end: PagingEnd::Cancelled,
                });
            };
            pages += 1;
            total = page.total.or(total);
            offset = offset.saturating_add(page.data.len() as u64);
            let has_more = page.has_more;
            let first_new = conversations.len();
            for conversation in page.data {
                if seen.insert(conversation.conversation_id.clone()) {
                    conversations.push(conversation);
                }
            }
            let new_count = conversations.len() - first_new;
            on_page(PageProgress {
                page: &conversations[first_new..],
                loaded: conversations.len(),
                total,
            });
            let end = if !has_more {
                Some(PagingEnd::Complete)
            } else if new_count == 0 {
                Some(PagingEnd::NoNewData)
            } else if total.is_some_and(|t| conversations.len() as u64 >= t) {
                Some(PagingEnd::TotalReached)
            } else if pages >= self.max_pages {
                Some(PagingEnd::PageLimit)
            } else {
                None
            };
            if let Some(end) = end {
                return Ok(AllConversations {
                    conversations,
                    total,
                    end,
                });
            }
        }
    }
}
