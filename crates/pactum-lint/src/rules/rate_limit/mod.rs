//! Rate limiting: `429` responses, `Retry-After`, and the rate-limit headers of responses.
//!
//! Rules about what the API *answers* look at `paths` operations only: in webhooks and
//! callbacks the API is the client, and the responses are the subscriber's.
//!
//! Where an API as a whole does not adopt a practice, rules report once per document (at
//! `paths`) instead of once per operation, so a large spec gets one actionable finding
//! rather than a thousand; once at least half of the API adopts it, every gap is reported
//! where it is.

mod operation_without_429;
mod rate_limit_429_without_retry_after;
mod rate_limit_header_families_mixed;
mod rate_limit_headers_missing;
mod rate_limit_response_without_body;

pub use operation_without_429::OperationWithout429;
pub use rate_limit_429_without_retry_after::RateLimit429WithoutRetryAfter;
pub use rate_limit_header_families_mixed::RateLimitHeaderFamiliesMixed;
pub use rate_limit_headers_missing::RateLimitHeadersMissing;
pub use rate_limit_response_without_body::RateLimitResponseWithoutBody;

use crate::model::OperationSite;
use crate::rule::Context;

/// The reachable operations of `paths` (not webhooks, not callbacks).
pub(crate) fn api_operations<'c, 'a>(
    cx: &'c Context<'a>,
) -> impl Iterator<Item = &'c OperationSite<'a>> + 'c {
    cx.index()
        .operations
        .iter()
        .filter(|op| op.reachable && !op.in_webhook && !op.in_callback)
}

/// A family of rate-limit header names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// The IETF draft's `RateLimit`, `RateLimit-Policy`, `RateLimit-Limit`, …
    Ietf,
    /// The de-facto `X-RateLimit-*` / `X-Rate-Limit-*`.
    X,
}

impl Family {
    /// How messages name the family.
    pub fn describe(self) -> &'static str {
        match self {
            Family::Ietf => "`RateLimit-*`",
            Family::X => "`X-RateLimit-*`",
        }
    }
}

fn starts_with_ignore_case(name: &str, prefix: &str) -> bool {
    name.len() >= prefix.len()
        && name.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// The rate-limit family of a header name, if it is one.
pub(crate) fn family(name: &str) -> Option<Family> {
    if starts_with_ignore_case(name, "ratelimit") {
        Some(Family::Ietf)
    } else if starts_with_ignore_case(name, "x-ratelimit")
        || starts_with_ignore_case(name, "x-rate-limit")
    {
        Some(Family::X)
    } else {
        None
    }
}

/// True when the header names advertise a rate limit: `RateLimit`, `RateLimit-Policy`,
/// `RateLimit-Limit` with `RateLimit-Reset`, `X-RateLimit-Limit` or `X-Rate-Limit-Limit`
/// (ASCII case-insensitive).
pub(crate) fn advertises<'n>(names: impl Iterator<Item = &'n str>) -> bool {
    let (mut limit, mut reset) = (false, false);
    for n in names {
        let is = |x: &str| n.eq_ignore_ascii_case(x);
        if is("RateLimit")
            || is("RateLimit-Policy")
            || is("X-RateLimit-Limit")
            || is("X-Rate-Limit-Limit")
        {
            return true;
        }
        limit |= is("RateLimit-Limit");
        reset |= is("RateLimit-Reset");
    }
    limit && reset
}

/// True when at least half of `total` adopt a practice (and some do): gaps are then
/// inconsistencies worth reporting one by one.
pub(crate) fn mostly(adopted: usize, total: usize) -> bool {
    adopted > 0 && adopted * 2 >= total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_and_advertising() {
        assert_eq!(family("ratelimit-policy"), Some(Family::Ietf));
        assert_eq!(family("X-Rate-Limit-Reset"), Some(Family::X));
        assert_eq!(family("x-ratelimit-used"), Some(Family::X));
        assert_eq!(family("Retry-After"), None);
        assert!(advertises(
            ["RateLimit-Reset", "ratelimit-limit"].into_iter()
        ));
        assert!(!advertises(
            ["RateLimit-Limit", "RateLimit-Remaining"].into_iter()
        ));
        assert!(advertises(["x-ratelimit-limit"].into_iter()));
        assert!(advertises(["RateLimit"].into_iter()));
        assert!(!advertises(["X-RateLimit-Remaining"].into_iter()));
        assert!(mostly(1, 2) && !mostly(1, 3) && !mostly(0, 0));
    }
}
