//! When to retry an attempt and how long to wait first.
//!
//! The rules are documented in the [crate docs](crate#retries); this file
//! keeps them as pure functions so they can be tested without a server.
//!
//! Layer 4: imports from `error` (and, in its tests, `operation`).

use std::time::Duration;

use crate::error::RateLimit;

/// How many times, and how patiently, a request is retried.
///
/// The default is 3 attempts in total, with a 500 ms backoff base and a 30 s
/// cap on any single delay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total number of attempts, the first one included (0 counts as 1).
    pub max_attempts: u32,
    /// Backoff before the second attempt; doubled for each further attempt.
    pub base_delay: Duration,
    /// Upper bound of any single delay, including server-provided ones.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// A single attempt, never retried.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }
}

/// What an attempt produced, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The server answered with this status.
    Status(u16),
    /// The connection could not be established: the server saw nothing.
    Connect,
    /// The attempt timed out; the server may have acted on it.
    Timeout,
    /// Another transport failure (e.g. connection reset); the server may have
    /// acted on it.
    Transport,
    /// A failure that another attempt cannot fix.
    Fatal,
}

/// Whether `outcome` of a request is worth another attempt, when repeating
/// it is harmless (`idempotent`: its method is, or it carries an
/// idempotency key) or not.
pub(crate) fn is_retryable_when(idempotent: bool, outcome: Outcome) -> bool {
    match outcome {
        // Rate-limited requests were not applied; unreached servers saw nothing.
        Outcome::Status(429) | Outcome::Connect => true,
        // The request may have been applied: only repeat it if that is harmless.
        Outcome::Status(500 | 502 | 503 | 504) | Outcome::Timeout | Outcome::Transport => {
            idempotent
        }
        Outcome::Status(_) | Outcome::Fatal => false,
    }
}

/// How long to wait after failed attempt number `attempt` (1-based).
///
/// `Retry-After` wins, then `X-RateLimit-Reset` for a 429, then jittered
/// exponential backoff; the result never exceeds `policy.max_delay`.
pub(crate) fn delay(
    policy: &RetryPolicy,
    attempt: u32,
    outcome: Outcome,
    rate_limit: Option<&RateLimit>,
) -> Duration {
    let from_server = rate_limit.and_then(|limits| {
        let reset = if outcome == Outcome::Status(429) {
            limits.reset
        } else {
            None
        };
        limits.retry_after.or(reset)
    });
    let delay = from_server.unwrap_or_else(|| full_jitter(backoff(policy, attempt)));
    delay.min(policy.max_delay)
}

/// `base_delay * 2^(attempt - 1)`, saturating, capped at `max_delay`.
fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
    policy
        .base_delay
        .saturating_mul(factor)
        .min(policy.max_delay)
}

/// A uniformly random duration in `[0, cap)`: "full jitter" spreads out
/// clients that failed at the same moment so they do not retry in lockstep.
fn full_jitter(cap: Duration) -> Duration {
    let fraction: f64 = rand::random();
    Duration::try_from_secs_f64(cap.as_secs_f64() * fraction)
        .unwrap_or(cap)
        .min(cap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::Method;

    /// What the client asks for a request without an idempotency key.
    fn is_retryable(method: Method, outcome: Outcome) -> bool {
        is_retryable_when(method.is_idempotent(), outcome)
    }

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(2),
        }
    }

    #[test]
    fn defaults_and_none() {
        let default = RetryPolicy::default();
        assert_eq!(default.max_attempts, 3);
        assert_eq!(default.base_delay, Duration::from_millis(500));
        assert_eq!(default.max_delay, Duration::from_secs(30));
        assert_eq!(RetryPolicy::none().max_attempts, 1);
    }

    #[test]
    fn rate_limits_and_connect_errors_retry_every_method() {
        for method in [
            Method::Get,
            Method::Post,
            Method::Patch,
            Method::Put,
            Method::Delete,
        ] {
            assert!(is_retryable(method, Outcome::Status(429)), "{method:?}");
            assert!(is_retryable(method, Outcome::Connect), "{method:?}");
        }
    }

    #[test]
    fn server_errors_and_timeouts_retry_only_idempotent_methods() {
        for outcome in [
            Outcome::Status(500),
            Outcome::Status(502),
            Outcome::Status(503),
            Outcome::Status(504),
            Outcome::Timeout,
            Outcome::Transport,
        ] {
            for method in [
                Method::Get,
                Method::Head,
                Method::Put,
                Method::Delete,
                Method::Options,
                Method::Trace,
            ] {
                assert!(is_retryable(method, outcome), "{method:?} {outcome:?}");
            }
            for method in [Method::Post, Method::Patch] {
                assert!(!is_retryable(method, outcome), "{method:?} {outcome:?}");
            }
        }
    }

    #[test]
    fn other_outcomes_are_final() {
        for outcome in [
            Outcome::Status(200),
            Outcome::Status(400),
            Outcome::Status(404),
            Outcome::Status(501),
            Outcome::Fatal,
        ] {
            assert!(!is_retryable(Method::Get, outcome), "{outcome:?}");
        }
    }

    #[test]
    fn retry_after_wins_and_is_capped() {
        let limits = RateLimit {
            retry_after: Some(Duration::from_secs(1)),
            reset: Some(Duration::from_secs(9)),
            ..RateLimit::default()
        };
        let wait = delay(&policy(), 1, Outcome::Status(429), Some(&limits));
        assert_eq!(wait, Duration::from_secs(1));
        let long = RateLimit {
            retry_after: Some(Duration::from_secs(3600)),
            ..RateLimit::default()
        };
        assert_eq!(
            delay(&policy(), 1, Outcome::Status(503), Some(&long)),
            Duration::from_secs(2)
        );
    }

    #[test]
    fn rate_limit_reset_is_used_for_429_only() {
        let limits = RateLimit {
            reset: Some(Duration::from_secs(1)),
            ..RateLimit::default()
        };
        assert_eq!(
            delay(&policy(), 1, Outcome::Status(429), Some(&limits)),
            Duration::from_secs(1)
        );
        // For a 503 the reset header says nothing about the outage: back off.
        assert!(
            delay(&policy(), 1, Outcome::Status(503), Some(&limits)) < Duration::from_millis(100)
        );
    }

    #[test]
    fn backoff_doubles_and_saturates() {
        let policy = policy();
        assert_eq!(backoff(&policy, 1), Duration::from_millis(100));
        assert_eq!(backoff(&policy, 2), Duration::from_millis(200));
        assert_eq!(backoff(&policy, 4), Duration::from_millis(800));
        assert_eq!(backoff(&policy, 10), Duration::from_secs(2));
        assert_eq!(backoff(&policy, u32::MAX), Duration::from_secs(2));
        let huge = RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::MAX,
            max_delay: Duration::MAX,
        };
        assert_eq!(backoff(&huge, 40), Duration::MAX);
        assert!(full_jitter(Duration::MAX) <= Duration::MAX);
    }

    #[test]
    fn jitter_stays_below_the_backoff() {
        for attempt in 1..=8 {
            for _ in 0..50 {
                let wait = delay(&policy(), attempt, Outcome::Timeout, None);
                assert!(wait <= backoff(&policy(), attempt), "{attempt}: {wait:?}");
            }
        }
        assert_eq!(full_jitter(Duration::ZERO), Duration::ZERO);
    }
}
