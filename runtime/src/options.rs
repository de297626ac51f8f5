//! Options of one call: what [`Client::send_with`](crate::Client::send_with)
//! applies on top of the client's [`Settings`](crate::Settings).
//!
//! Layer 5: imports from `retry`.

use std::fmt;
use std::time::Duration;

use crate::retry::RetryPolicy;

/// The header an idempotency key goes in when neither the caller nor the
/// operation names one: the name of the IETF draft, which Stripe, Adyen and
/// others use.
pub(crate) const DEFAULT_IDEMPOTENCY_HEADER: &str = "Idempotency-Key";

/// Settings for one call, without building another client: a timeout, a
/// retry policy, extra headers and query pairs, an idempotency key. What is
/// not set here comes from the client's [`Settings`](crate::Settings).
///
/// Extra headers are added last, so they replace a header of the same
/// name, a credential included (the caller owns both: this is how one
/// call uses another key). A credential the operation needs must still be
/// configured. Extra headers, like credentials, are never sent to another
/// origin when a redirect leads there. Extra query pairs are appended to
/// the operation's own query string.
///
/// Its `Debug` output shows the names of extra headers and query pairs,
/// never their values.
///
/// ```
/// use std::time::Duration;
/// use client_runtime::{CallOptions, RetryPolicy};
///
/// let options = CallOptions::new()
///     .timeout(Duration::from_secs(300))
///     .retry(RetryPolicy::none())
///     .header("X-Request-Source", "nightly-export")
///     .query("debug", "true")
///     .idempotency_key("export-2024-01-31");
/// assert_eq!(options.get_timeout(), Some(Duration::from_secs(300)));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CallOptions {
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
    idempotency: Option<(Option<String>, String)>,
}

impl fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = |pairs: &[(String, String)]| -> Vec<String> {
            pairs.iter().map(|(name, _)| name.clone()).collect()
        };
        f.debug_struct("CallOptions")
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("headers", &names(&self.headers))
            .field("query", &names(&self.query))
            .field("idempotency_key", &self.idempotency.as_ref().map(|_| "set"))
            .finish()
    }
}

impl CallOptions {
    /// No options: the call runs as the client's settings say.
    pub fn new() -> Self {
        CallOptions::default()
    }

    /// The timeout of each attempt of this call, instead of
    /// [`Settings::timeout`](crate::Settings::timeout).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The retry policy of this call, instead of
    /// [`Settings::retry`](crate::Settings::retry);
    /// [`RetryPolicy::none`] for a call that must not be repeated.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Adds a header (after the others: see the type's docs). A name or
    /// value that is not a valid header fails the call with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), naming the
    /// header, before anything is sent. Adding a name twice sends both
    /// values.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Appends `name=value` to the query string (form-encoded).
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Sends `key` as the idempotency key, in the header the operation
    /// documents for it, else `Idempotency-Key`.
    ///
    /// With a key the server applies a repeated request once, so the call
    /// is retried like an idempotent one: a `POST` or `PATCH` is retried
    /// after a 5xx, a timeout or a failure in transit too. The same key is
    /// sent with every attempt.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency = Some((None, key.into()));
        self
    }

    /// Like [`CallOptions::idempotency_key`], in the header `header`
    /// whatever the operation documents.
    pub fn idempotency_key_in(mut self, header: impl Into<String>, key: impl Into<String>) -> Self {
        self.idempotency = Some((Some(header.into()), key.into()));
        self
    }

    /// The timeout of this call, if set.
    pub fn get_timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The retry policy of this call, if set.
    pub fn get_retry(&self) -> Option<RetryPolicy> {
        self.retry
    }

    /// The extra headers, in order.
    pub fn get_headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The extra query pairs, in order.
    pub fn get_query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The idempotency key, if set.
    pub fn get_idempotency_key(&self) -> Option<&str> {
        self.idempotency.as_ref().map(|(_, key)| key.as_str())
    }

    /// The header the idempotency key goes in, when the caller named one.
    pub(crate) fn idempotency_header(&self) -> Option<&str> {
        self.idempotency
            .as_ref()
            .and_then(|(name, _)| name.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setters_and_getters() {
        let options = CallOptions::new()
            .timeout(Duration::from_secs(3))
            .retry(RetryPolicy::none())
            .header("X-A", "1")
            .header("X-A", "2")
            .query("q", "v")
            .idempotency_key("k1");
        assert_eq!(options.get_timeout(), Some(Duration::from_secs(3)));
        assert_eq!(options.get_retry(), Some(RetryPolicy::none()));
        assert_eq!(options.get_headers().len(), 2);
        assert_eq!(options.get_query(), [("q".to_owned(), "v".to_owned())]);
        assert_eq!(options.get_idempotency_key(), Some("k1"));
        assert_eq!(options.idempotency_header(), None);
        let named = options.idempotency_key_in("X-Idem", "k2");
        assert_eq!(named.idempotency_header(), Some("X-Idem"));
        assert_eq!(named.get_idempotency_key(), Some("k2"));
        assert_eq!(CallOptions::new(), CallOptions::default());
    }

    #[test]
    fn debug_shows_names_not_values() {
        let options = CallOptions::new()
            .header("X-Other-Key", "SECRETHEADER")
            .query("api_key", "SECRETQUERY")
            .idempotency_key("SECRETIDEM");
        let text = format!("{options:?}");
        for secret in ["SECRETHEADER", "SECRETQUERY", "SECRETIDEM"] {
            assert!(!text.contains(secret), "{text}");
        }
        assert!(
            text.contains("X-Other-Key") && text.contains("api_key"),
            "{text}"
        );
    }
}
