//! The active account's first page of calls, requested at launch while the webview is still
//! starting. Without it the list waits for WebKit, the page's script, the accounts round trip
//! and only then the API; with it the API round trip (a few ms on the sandbox, often hundreds
//! against the real API, plus the keychain read for a saved account) overlaps the webview's
//! start. It is handed out once, to the first `list_conversations` asking for exactly that page
//! of that account soon after launch; anything else goes to the API as usual.

use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use formant_api::ListQuery;
use formant_core::ConversationPage;
use tauri::async_runtime::JoinHandle;

use crate::ipc_error::IpcResult;

/// What the list asks for first (`PAGE_SIZE` in ui/src/lib/paging.ts, no agent filter).
pub const FIRST_PAGE: ListQuery = ListQuery {
    agent_id: None,
    limit: 100,
    offset: 0,
};

/// An answer older than this is not shown as "the list now": the request is made again.
const FRESH_FOR: Duration = Duration::from_secs(15);

type PageTask = JoinHandle<IpcResult<ConversationPage>>;

struct Pending {
    account_id: String,
    started: Instant,
    task: PageTask,
}

#[derive(Default)]
pub struct FirstPage {
    pending: Mutex<Option<Pending>>,
}

impl FirstPage {
    /// Starts fetching `FIRST_PAGE` of `account_id` with `fetch` on the async runtime.
    pub fn start<F>(&self, account_id: String, fetch: F)
    where
        F: Future<Output = IpcResult<ConversationPage>> + Send + 'static,
    {
        let task = tauri::async_runtime::spawn(fetch);
        *self.lock() = Some(Pending {
            account_id,
            started: Instant::now(),
            task,
        });
    }

    /// The prefetched answer, if `query` for `account_id` is what was prefetched and it is
    /// fresh; taken, so only the first asker gets it. `None`: ask the API.
    pub async fn take(
        &self,
        account_id: &str,
        query: &ListQuery,
    ) -> Option<IpcResult<ConversationPage>> {
        self.take_at(account_id, query, Instant::now()).await
    }

    async fn take_at(
        &self,
        account_id: &str,
        query: &ListQuery,
        now: Instant,
    ) -> Option<IpcResult<ConversationPage>> {
        if *query != FIRST_PAGE {
            return None;
        }
        let pending = {
            let mut slot = self.lock();
            match slot.as_ref() {
                Some(p) if p.account_id == account_id => slot.take()?,
                _ => return None,
            }
        };
        if now.duration_since(pending.started) > FRESH_FOR {
            pending.task.abort();
            return None;
        }
        // A task that panicked or was aborted has no answer: the caller asks the API itself.
        pending.task.await.ok()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Pending>> {
        self.pending.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc_error::{ErrorKind, IpcError};

    fn page(total: u64) -> ConversationPage {
        ConversationPage {
            data: vec![],
            has_more: false,
            total: Some(total),
        }
    }

    #[test]
    fn is_the_page_the_list_asks_for_first() {
        // Drift between the two would silently turn the prefetch off.
        let paging = include_str!("../../ui/src/lib/paging.ts");
        let expected = format!("export const PAGE_SIZE = {};", FIRST_PAGE.limit);
        assert!(
            paging.contains(&expected),
            "ui/src/lib/paging.ts lacks `{expected}`"
        );
    }

    #[tokio::test]
    async fn hands_the_page_once_to_the_same_account_and_query() {
        let first = FirstPage::default();
        first.start("acc-1".into(), async { Ok(page(7)) });

        let other_query = ListQuery {
            offset: 100,
            ..FIRST_PAGE
        };
        assert!(first.take("acc-1", &other_query).await.is_none());
        assert!(first.take("acc-2", &FIRST_PAGE).await.is_none());

        let answer = first.take("acc-1", &FIRST_PAGE).await;
        assert_eq!(answer.and_then(Result::ok).and_then(|p| p.total), Some(7));
        assert!(
            first.take("acc-1", &FIRST_PAGE).await.is_none(),
            "taken once"
        );
    }

    #[tokio::test]
    async fn an_old_answer_is_not_used() {
        let first = FirstPage::default();
        first.start("acc-1".into(), async { Ok(page(7)) });
        let later = Instant::now() + FRESH_FOR + Duration::from_secs(1);
        assert!(first.take_at("acc-1", &FIRST_PAGE, later).await.is_none());
        assert!(first.take("acc-1", &FIRST_PAGE).await.is_none(), "dropped");
    }

    #[tokio::test]
    async fn a_failed_request_is_the_answer_and_a_crashed_one_is_not() {
        let first = FirstPage::default();
        first.start("acc-1".into(), async {
            Err(IpcError::new(ErrorKind::Auth, "The API key was rejected."))
        });
        let answer = first.take("acc-1", &FIRST_PAGE).await;
        assert!(matches!(answer, Some(Err(e)) if e.kind == ErrorKind::Auth));

        first.start("acc-1".into(), async { panic!("prefetch crashed") });
        assert!(first.take("acc-1", &FIRST_PAGE).await.is_none());
    }

    #[tokio::test]
    async fn waits_for_a_request_still_in_flight() {
        let first = FirstPage::default();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        first.start("acc-1".into(), async move {
            let _ = rx.await;
            Ok(page(3))
        });
        let taker = first.take("acc-1", &FIRST_PAGE);
        let release = async {
            tokio::time::sleep(Duration::from_millis(20)).await;
            let _ = tx.send(());
        };
        let (answer, ()) = tokio::join!(taker, release);
        assert_eq!(answer.and_then(Result::ok).and_then(|p| p.total), Some(3));
    }
}
