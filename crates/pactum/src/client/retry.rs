//! The retry policy: which failures are retried, exponential backoff with full jitter, and
//! `Retry-After`.

use std::time::{Duration, SystemTime};

/// When and how long to wait before trying a request again.
///
/// A request is retried only when it is safe: its method is idempotent (`GET`, `HEAD`,
/// `OPTIONS`, `PUT`, `DELETE`, `TRACE`) or it carries an idempotency key (see
/// [`Request::idempotency_key`](super::Request::idempotency_key)). A connection that could
/// not be opened is retried for every method, since nothing was sent.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retries). Default 3.
    pub max_retries: u32,
    /// Backoff before retry *n* (from 1) is a random duration in
    /// `0..=min(max_delay, base_delay * 2^(n-1))` ("full jitter"). Default 200 ms.
    pub base_delay: Duration,
    /// Upper bound of one backoff. Default 10 s.
    pub max_delay: Duration,
    /// The longest `Retry-After` the client waits for; a longer one is not waited for and the
    /// response is returned as is. Default 60 s.
    pub max_retry_after: Duration,
    /// Statuses that are retried. Default 429, 502, 503, 504.
    pub statuses: Vec<u16>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
            statuses: vec![429, 502, 503, 504],
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The backoff before retry `retry` (1 for the first retry), with full jitter.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)));
        let ceiling = exp.min(self.max_delay);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

/// Whether a method may be repeated without changing the outcome (RFC 9110 §9.2.2).
pub fn idempotent(method: &reqwest::Method) -> bool {
    matches!(
        method.as_str(),
        "GET" | "HEAD" | "OPTIONS" | "PUT" | "DELETE" | "TRACE"
    )
}

/// The wait a `Retry-After` value asks for: delay-seconds or an HTTP-date (a date in the
/// past means "now"). `None` when absent or unreadable.
pub fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(retry_after("7", now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(retry_after(&later, now), Some(Duration::from_secs(30)));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(retry_after("soon", now), None);
    }

    #[test]
    fn backoff_is_bounded_full_jitter() {
        let p = RetryPolicy {
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(35),
            ..RetryPolicy::default()
        };
        for _ in 0..200 {
            assert!(p.backoff(1) <= Duration::from_millis(10));
            assert!(p.backoff(2) <= Duration::from_millis(20));
            assert!(p.backoff(3) <= Duration::from_millis(35));
            assert!(p.backoff(30) <= Duration::from_millis(35));
        }
        // jitter: not always the ceiling
        assert!((0..50).any(|_| p.backoff(3) < Duration::from_millis(30)));
    }

    #[test]
    fn idempotent_methods() {
        assert!(idempotent(&reqwest::Method::GET));
        assert!(idempotent(&reqwest::Method::PUT));
        assert!(!idempotent(&reqwest::Method::POST));
        assert!(!idempotent(&reqwest::Method::PATCH));
    }
}
