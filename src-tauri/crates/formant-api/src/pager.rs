//! Walking every page of an account's conversations, with progress and cancellation.

use std::collections::HashSet;

use formant_core::Conversation;
use tokio_util::sync::CancellationToken;

use crate::{ApiError, Client, ListQuery, MAX_PAGE_SIZE};

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
    /// The token was cancelled; `conversations` holds what was loaded before.
    Cancelled,
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
            total = page.total.or(total);
            offset += page.data.len() as u64;
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
