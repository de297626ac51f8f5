//! Runtime support shared by every generated operation.
//!
//! This module is copied verbatim into the generated crate; the generated API
//! methods are thin wrappers that build a path, a query string and an optional
//! JSON body, then hand them to [`Client::send`] and decode the
//! [`RawResponse`] into their typed result.
//!
//! # Configuration
//!
//! A [`Configuration`] holds the Datadog site, the API and application keys
//! (kept in [`Secret`]s, which never print their content), an optional base URL
//! override (for proxies and tests), the per-request timeout (60 seconds by
//! default), the user agent and the [`RetryPolicy`].
//! [`Configuration::from_env`] reads `DD_SITE`, `DD_API_KEY` and `DD_APP_KEY`.
//!
//! # Retries
//!
//! Retries are on by default: at most 3 attempts in total. A request is retried
//! when
//!
//! * the response is `429 Too Many Requests`, for every method: a rate-limited
//!   request was not applied, so sending it again is safe;
//! * the response is `500`, `502`, `503` or `504`, or the request timed out or
//!   failed in transit, **only** for idempotent methods (GET, HEAD, PUT, DELETE,
//!   OPTIONS): a POST or PATCH may already have been applied, and repeating it
//!   could for instance create a second key;
//! * the connection could not be established, for every method: the request
//!   never reached the server.
//!
//! The delay before the next attempt is the `Retry-After` header (seconds) when
//! present, else `X-RateLimit-Reset` (seconds until the rate limit window
//! resets) for a 429, else an exponential backoff with full jitter; it is always
//! capped at [`RetryPolicy::max_delay`]. After the last attempt the last
//! response or error is returned. Use [`RetryPolicy::none`] to disable retries.
//!
//! # Errors
//!
//! Every operation returns [`Error<E>`], where `E` is the operation's
//! documented error body. A non-2xx response whose status is documented and
//! whose body decodes as `E` is an [`Error::Api`]; any other non-2xx response is
//! an [`Error::UnexpectedStatus`] that keeps the raw body.
//!
//! # Tracing
//!
//! Each attempt runs inside a `datadog.request` span with the fields
//! `operation`, `method`, `path_template`, `attempt` and `status`. Keys, bodies
//! and concrete paths are never recorded.
//!
//! # Redirects
//!
//! The HTTP client built by [`Client::new`] does not follow redirects, because
//! the credential headers would be forwarded to wherever the redirect points. A
//! 3xx response is reported as [`Error::UnexpectedStatus`]. A client passed
//! through [`Configuration::http_client`] is used as configured.

mod client;
mod config;
mod encoding;
mod error;
mod nullable;
mod pagination;
mod retry;

pub use client::{
    Client, Credential, ErrorStatus, Method, Operation, RawResponse, ServerTemplate, ServerVariable,
};
pub use config::{ConfigError, Configuration, Secret};
pub use encoding::{
    comma_separated, decode_variant, encode_path_segment, encode_query, form_body, json_body, Body,
    InvalidContentType,
};
pub use error::{BodyExcerpt, Error, RateLimit, ResponseContent, ResponseError};
pub use nullable::Nullable;
pub use pagination::{paginate, Page};
pub use retry::RetryPolicy;

#[cfg(test)]
mod tests;
