//! Retrying GETs under a [`RetryPolicy`], with `backon` for the backoff schedule.

use std::future::Future;
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder, Retryable};

use crate::pace::Pacer;
use crate::{ApiError, RetryPolicy};

impl RetryPolicy {
    /// The delays between tries, for loops that cannot use [`with_retries`].
    pub(crate) fn schedule(&self) -> impl Iterator<Item = Duration> {
        self.backoff().build()
    }

    fn backoff(&self) -> ExponentialBuilder {
        let builder = ExponentialBuilder::default()
            .with_min_delay(self.initial_delay)
            .with_max_delay(self.max_delay)
            .with_factor(2.0)
            .with_max_times(self.max_retries);
        if self.jitter {
            builder.with_jitter()
        } else {
            builder
        }
    }

    /// The wait before the next try after `err`, given the schedule's own next delay
    /// (`None` when the tries are used up). `None` means: give up and return `err`.
    pub(crate) fn next_delay(
        &self,
        err: &ApiError,
        scheduled: Option<Duration>,
    ) -> Option<Duration> {
        let scheduled = scheduled?;
        match err {
            ApiError::RateLimited {
                retry_after: Some(wait),
                ..
            } => (*wait <= self.max_retry_after).then_some(*wait),
            _ => Some(scheduled),
        }
    }
}

/// Whether a second try can fix this failure (see [`RetryPolicy`]).
pub(crate) fn is_retryable(err: &ApiError) -> bool {
    match err {
        ApiError::Network(_)
        | ApiError::Incomplete { .. }
        | ApiError::Timeout
        | ApiError::RateLimited { .. } => true,
        ApiError::Server { status, .. } => matches!(status, 502..=504),
        _ => false,
    }
}

/// Runs `attempt` (which builds a fresh request each time) until it succeeds, fails in a way
/// that is not retryable, or the policy gives up. `what` names the request in the logs. Every
/// try first waits for `pacer`, and every wait before a retry holds the pacer (so the client's
/// other requests wait as well).
pub(crate) async fn with_retries<T, F, Fut>(
    policy: &RetryPolicy,
    pacer: &Pacer,
    what: &str,
    mut attempt: F,
) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let paced = || {
        let attempt = attempt();
        async move {
            pacer.ready().await;
            attempt.await
        }
    };
    paced
        .retry(policy.backoff())
        .when(is_retryable)
        .adjust(|err, scheduled| policy.next_delay(err, scheduled))
        .notify(|err, wait| {
            pacer.hold(wait);
            tracing::warn!(request = what, error = %err, ?wait, "retrying");
        })
        .await
}

/// `Retry-After` as whole seconds (the form the API uses) or as an HTTP date (a proxy's),
/// as the wait from now; a date already past is no wait. Garbage is ignored and the backoff
/// schedule applies instead. Any number of seconds is kept as sent (`Duration` holds every
/// `u64`): a wait past the policy's cap is not slept through but reported.
pub(crate) fn parse_retry_after(value: Option<&reqwest::header::HeaderValue>) -> Option<Duration> {
    let text = value?.to_str().ok()?.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(text).ok()?;
    let wait = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn server(status: u16) -> ApiError {
        ApiError::Server {
            status,
            api: None,
            body_snippet: None,
        }
    }

    #[test]
    fn only_transient_failures_are_retryable() {
        assert!(is_retryable(&ApiError::Timeout));
        assert!(is_retryable(&server(502)));
        assert!(is_retryable(&server(503)));
        assert!(is_retryable(&server(504)));
        assert!(is_retryable(&ApiError::RateLimited {
            retry_after: None,
            api: None
        }));
        assert!(!is_retryable(&server(500)));
        assert!(!is_retryable(&server(418)));
        assert!(!is_retryable(&ApiError::Auth {
            status: 401,
            api: None
        }));
        assert!(!is_retryable(&ApiError::NotFound {
            id: "x".into(),
            api: None
        }));
        assert!(!is_retryable(&ApiError::BadResponse {
            reason: "x".into(),
            body_snippet: String::new()
        }));
        assert!(!is_retryable(&ApiError::Cancelled));
    }

    #[test]
    fn retry_after_wins_up_to_the_cap() {
        let policy = RetryPolicy::default();
        let limited = |secs| ApiError::RateLimited {
            retry_after: Some(Duration::from_secs(secs)),
            api: None,
        };
        let scheduled = Some(Duration::from_millis(300));
        assert_eq!(
            policy.next_delay(&limited(3), scheduled),
            Some(Duration::from_secs(3))
        );
        assert_eq!(policy.next_delay(&limited(3600), scheduled), None);
        assert_eq!(policy.next_delay(&limited(3), None), None, "tries used up");
        assert_eq!(policy.next_delay(&ApiError::Timeout, scheduled), scheduled);
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        use reqwest::header::HeaderValue;
        let v = HeaderValue::from_static(" 12 ");
        assert_eq!(parse_retry_after(Some(&v)), Some(Duration::from_secs(12)));
        let past = HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(parse_retry_after(Some(&past)), Some(Duration::ZERO));
        let soon = (chrono::Utc::now() + chrono::Duration::seconds(120)).to_rfc2822();
        let soon = HeaderValue::from_str(&soon).expect("header");
        let wait = parse_retry_after(Some(&soon)).expect("a date");
        assert!((100..=120).contains(&wait.as_secs()), "{wait:?}");
        let huge = HeaderValue::from_static("99999999999");
        assert_eq!(
            parse_retry_after(Some(&huge)),
            Some(Duration::from_secs(99_999_999_999))
        );
        let garbage = HeaderValue::from_static("soon, maybe");
        assert_eq!(parse_retry_after(Some(&garbage)), None);
        assert_eq!(parse_retry_after(None), None);
    }

    #[tokio::test]
    async fn tries_max_retries_plus_one_times_then_gives_up() {
        let calls = AtomicUsize::new(0);
        let result: Result<(), ApiError> =
            with_retries(&RetryPolicy::fast(2), &Pacer::default(), "test", || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(server(503))
            })
            .await;
        assert!(matches!(result, Err(ApiError::Server { status: 503, .. })));
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn stops_at_the_first_non_retryable_error_or_success() {
        let calls = AtomicUsize::new(0);
        let result: Result<(), ApiError> =
            with_retries(&RetryPolicy::fast(5), &Pacer::default(), "test", || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(server(500))
            })
            .await;
        assert!(result.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 1);

        let calls = AtomicUsize::new(0);
        let result = with_retries(&RetryPolicy::fast(5), &Pacer::default(), "test", || async {
            match calls.fetch_add(1, Ordering::SeqCst) {
                0 | 1 => Err(ApiError::Timeout),
                n => Ok(n),
            }
        })
        .await;
        assert_eq!(result.ok(), Some(2));
    }

    #[tokio::test]
    async fn a_policy_of_none_tries_once() {
        let calls = AtomicUsize::new(0);
        let _ = with_retries(&RetryPolicy::none(), &Pacer::default(), "test", || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err::<(), _>(ApiError::Timeout)
        })
        .await;
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
