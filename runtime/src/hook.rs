//! Hooks around every HTTP exchange: see and change the outgoing request,
//! see the response and how long it took.
//!
//! Why a hook trait of the runtime rather than the reqwest-middleware
//! ecosystem is explained in the [crate docs](crate#hooks).
//!
//! Layer 1: imports nothing from the crate.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::Method;
use url::Url;

/// Code run around every HTTP exchange of a client: each attempt, and
/// each hop of a followed redirect. Registered with
/// [`Settings::hook`](crate::Settings::hook); hooks run in the order they
/// were registered.
///
/// Typical uses: propagating trace context (OpenTelemetry's
/// `traceparent`), signing requests, counting and timing requests.
///
/// Hooks are synchronous: they run on the task that sends the request, and
/// must not block. Both methods do nothing by default.
///
/// What a hook cannot do, so that the keys stay home: it sees the request
/// before the credentials are attached, so it never sees them; a header it
/// sets with the name of a credential is replaced by the credential on the
/// request's origin and removed on any other; and if it moves the URL to
/// another origin (scheme, host or port), the request is refused with
/// [`Error::InvalidRequest`](crate::Error::InvalidRequest) and nothing is
/// sent.
pub trait Hook: Send + Sync {
    /// Called before each exchange is sent, with the request as it will
    /// go, credentials aside.
    fn before_send(&self, request: &mut OutgoingRequest<'_>) {
        let _ = request;
    }

    /// Called when an exchange has ended: its response read (status,
    /// headers, time to the end of the body) or its failure (no status).
    /// A redirect that is followed ends its exchange when its headers
    /// arrive.
    fn after_response(&self, exchange: &Exchange<'_>) {
        let _ = exchange;
    }
}

/// The request of one exchange, as a [`Hook`] sees it before it is sent.
#[derive(Debug)]
pub struct OutgoingRequest<'a> {
    pub(crate) operation: &'static str,
    pub(crate) attempt: u32,
    pub(crate) hop: u32,
    pub(crate) original_origin: bool,
    pub(crate) method: &'a Method,
    pub(crate) url: &'a mut Url,
    pub(crate) headers: &'a mut HeaderMap,
    pub(crate) body: Option<&'a Bytes>,
}

impl OutgoingRequest<'_> {
    /// The operation id, e.g. `"ListAPIKeys"`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The attempt, from 1 (see [`RetryPolicy`](crate::RetryPolicy)).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// How many redirects led to this exchange: 0 for the request itself.
    pub fn redirect_hop(&self) -> u32 {
        self.hop
    }

    /// Whether the exchange goes to the request's own origin, where the
    /// credentials are sent. A redirect to another origin is `false`: what
    /// a hook adds there must not be secret (credential headers are removed
    /// after the hooks have run).
    pub fn is_original_origin(&self) -> bool {
        self.original_origin
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The URL. Its path and query may hold argument values; a hook that
    /// records it should consider whether they are secret.
    pub fn url(&self) -> &Url {
        self.url
    }

    /// The URL, to change its path or query (a signature in the query
    /// string). Moving it to another origin refuses the request.
    pub fn url_mut(&mut self) -> &mut Url {
        self.url
    }

    /// The headers, without the credentials.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The headers, to add or change some (`traceparent`, a signature).
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.headers
    }

    /// The body, if any, as it will be sent (for a signature).
    pub fn body(&self) -> Option<&Bytes> {
        self.body
    }
}

/// One ended exchange, as a [`Hook`] sees it.
#[derive(Debug)]
pub struct Exchange<'a> {
    pub(crate) operation: &'static str,
    pub(crate) attempt: u32,
    pub(crate) hop: u32,
    pub(crate) method: &'a Method,
    pub(crate) url: &'a Url,
    pub(crate) status: Option<u16>,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) elapsed: Duration,
}

impl Exchange<'_> {
    /// The operation id.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The attempt, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// How many redirects led to this exchange: 0 for the request itself.
    pub fn redirect_hop(&self) -> u32 {
        self.hop
    }

    /// The HTTP method that was sent.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The URL that was sent (see [`OutgoingRequest::url`]).
    pub fn url(&self) -> &Url {
        self.url
    }

    /// The response status; `None` when the exchange failed before a
    /// response came (connection refused, timeout, reset) or its body
    /// could not be read.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The response headers; empty when there was no response.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The time from sending the request to the end of the response body
    /// (for a followed redirect, to its headers), or to the failure.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }
}
