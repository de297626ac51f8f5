//! The runtime shared by generated OpenAPI clients.
//!
//! A generated client crate holds the types and one thin method per
//! operation; everything else lives here, compiled once: settings and
//! secrets, sending a request with retries, turning a response into a typed
//! result or an [`Error`], encoding parameters and bodies, and paging. The
//! runtime knows nothing of any one API: generated code hands it a
//! `Profile` (sites, credentials, user agent, spans) and, per operation, an
//! `Operation`. Example values in these docs (`DD_API_KEY`,
//! `datadoghq.com`) come from the Datadog Key Management client this
//! repository generates.
//!
//! # Public face
//!
//! What users of a generated client see: [`Client`], [`Settings`],
//! [`ClientCredentials`] and [`ClientAuthentication`], [`TokenProvider`]
//! with [`TokenRequest`], [`TokenFuture`], [`AccessToken`] and
//! [`StaticToken`], [`TokenError`], [`Secret`], [`Nullable`],
//! [`AdditionalProperties`], [`DateTime`] and [`Date`], [`RetryPolicy`], [`Error`] with
//! [`ResponseError`], [`ResponseContent`], [`RateLimit`], [`BodyExcerpt`] and
//! [`ConfigError`], [`Body`] and [`InvalidContentType`], [`Method`] and
//! [`ErrorStatus`]; [`RedirectPolicy`], [`RedirectError`] and
//! [`RedirectFailure`]; [`Hook`], [`OutgoingRequest`] and [`Exchange`];
//! [`CallOptions`]; [`ResponseValue`] and [`HeaderError`]; [`VERSION`], the
//! version of the generator this runtime ships with, which generated code
//! checks at build time.
//! Streamed bodies: [`ByteStream`], [`EventStream`] and the [`sse`] parser.
//!
//! With the `mock` feature (off by default), the `mock` module: a local
//! mock server on which a generated crate's typed mocks program
//! expectations of its operations, for the tests of code that calls it.
//!
//! Everything else is public only because generated code calls it, and
//! hidden from the docs: `Profile`, `CredentialSpec`, `CredentialKind`,
//! `KeyLocation`, `Requirement`, `Operation`,
//! `Server`, `ServerVariable`, `TemplatePart`, `Request`, `RawResponse`,
//! `Client::send`, `Client::send_with`, `Request::idempotency_header`,
//! `Error::widen`, `Settings::with_site`,
//! `Client::send_streaming`, `StreamingResponse`,
//! `encode_query`, `json_body`, `form_body`, `comma_separated`,
//! `paginate`, `page_total`, `Page` and the `model`
//! module.
//!
//! # For generator authors
//!
//! A generated crate declares, all in `const`s or `static`s:
//!
//! * one `Profile`: the API's name (for messages), its sites (the wire
//!   values of the server's site variable, possibly none), the default site,
//!   the name of the site variable, the environment variables that
//!   [`Settings::from_env`] reads (each optional), one `CredentialSpec` per
//!   security scheme (scheme name, `CredentialKind`, label, the setter that
//!   sets it, its environment variables), the
//!   default user agent, and a function that creates the span of one attempt.
//!   That span must declare the fields `attempt` and `status`
//!   (`status = tracing::field::Empty`); the runtime records `status`, and
//!   the span must not record anything secret;
//! * one list of `Server`s per distinct list of servers operations are sent
//!   to, each URL parsed into `TemplatePart`s, each variable with its
//!   default and the values it allows;
//! * one `Operation` per operation: its id, method, path template parsed
//!   into `TemplatePart`s (written back as text by
//!   `Operation::path_template` for spans and messages), its servers (the configured
//!   `Settings::server_index` picks one, else the first) and profile, its security requirements
//!   (alternatives of `Requirement`s, with OAuth2 scopes), the sites where it does not exist and its
//!   documented error statuses.
//!
//! The runtime parses no template. A generated crate encodes each
//! operation's arguments in one function: its query parameters with
//! `encode_query`, its body with `json_body` or `form_body`, and the path
//! parameter values in template order, into a `Request`. The operation's
//! method sends that `Request` with the non-generic `Client::send` and
//! decodes the `RawResponse`; with the `mock` feature, the operation's mock
//! expects the same `Request` (see the `mock` module):
//!
//! ```no_run
//! use client_runtime as runtime;
//!
//! static PROFILE: runtime::__private::Profile = runtime::__private::Profile {
//!     name: "Example",
//!     sites: &["eu.example.com", "us.example.com"],
//!     default_site: 0,
//!     site_variable: Some("site"),
//!     site_env: Some("EXAMPLE_SITE"),
//!     credentials: &[runtime::__private::CredentialSpec {
//!         scheme: "apiKeyAuth",
//!         kind: runtime::__private::CredentialKind::ApiKey {
//!             location: runtime::__private::KeyLocation::Header,
//!             name: "X-Api-Key",
//!         },
//!         label: "API key",
//!         setter: None,
//!         env: &["EXAMPLE_API_KEY"],
//!     }],
//!     user_agent: "example-rust/1.0",
//!     span,
//! };
//!
//! fn span(operation: &runtime::__private::Operation, attempt: u32) -> runtime::__private::tracing::Span {
//!     runtime::__private::tracing::info_span!(
//!         "example.request",
//!         operation = operation.id,
//!         attempt,
//!         status = runtime::__private::tracing::field::Empty,
//!     )
//! }
//!
//! static SERVERS: [runtime::__private::Server; 1] = [runtime::__private::Server {
//!     url: &[
//!         runtime::__private::TemplatePart::Literal("https://api."),
//!         runtime::__private::TemplatePart::Variable("site"),
//!     ],
//!     variables: &[runtime::__private::ServerVariable {
//!         name: "site",
//!         default: "eu.example.com",
//!         values: &["eu.example.com", "us.example.com"],
//!     }],
//! }];
//!
//! static UPDATE_THING: runtime::__private::Operation = runtime::__private::Operation {
//!     id: "UpdateThing",
//!     method: runtime::Method::Patch,
//!     path: &[
//!         runtime::__private::TemplatePart::Literal("/things/"),
//!         runtime::__private::TemplatePart::Variable("thing_id"),
//!     ],
//!     servers: &SERVERS,
//!     profile: &PROFILE,
//!     security: &[&[
//!         runtime::__private::Requirement {
//!             scheme: "apiKeyAuth",
//!             scopes: &[],
//!         },
//!     ]],
//!     unavailable_sites: &["us.example.com"],
//!     accept: "application/json",
//!     unstable: false,
//!     error_statuses: &[runtime::ErrorStatus::Class(4)],
//! };
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Thing {
//!     name: String,
//! }
//!
//! #[derive(serde::Deserialize)]
//! struct ApiError {
//!     message: String,
//! }
//!
//! fn update_thing_request(
//!     thing_id: &str,
//!     body: &Thing,
//! ) -> Result<runtime::__private::Request, runtime::Error<std::convert::Infallible>> {
//!     let body = Some(runtime::__private::json_body(body, "application/json")?);
//!     Ok(runtime::__private::Request::new(&UPDATE_THING, &[&thing_id], String::new(), &[], body))
//! }
//!
//! async fn update_thing(
//!     client: &runtime::Client,
//!     thing_id: &str,
//!     body: &Thing,
//! ) -> Result<Thing, runtime::Error<ApiError>> {
//!     use runtime::__private::{Encoded as _, Sent as _};
//!     update_thing_request(thing_id, body).send(client).await.json()
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let settings = runtime::Settings::from_env(&PROFILE)?.credential("apiKeyAuth", "secret");
//! let client = runtime::Client::new(settings)?;
//! let thing = update_thing(&client, "t1", &Thing { name: "new".to_owned() }).await;
//! # let _ = thing.map(|thing| thing.name).map_err(|error| error.status());
//! # Ok(())
//! # }
//! ```
//!
//! `Error::widen` gives the `Error<Infallible>` of `send` the operation's
//! error type (`?` cannot: `From<Error<Infallible>> for Error<E>` would
//! overlap `From<T> for T`). A generated `Configuration` wraps [`Settings`]
//! (typed site through `Settings::with_site`, one setter per credential
//! through [`Settings::credential`]) and implements `From<Configuration> for
//! Settings`, which is what [`Client::new`] takes.
//!
//! # Configuration
//!
//! [`Settings`] holds the site, the credentials (kept in [`Secret`]s, which
//! never print their content), an optional base URL override (for proxies
//! and tests), overrides of other server variables, the per-request timeout
//! (60 seconds by default), the largest response body it reads (32 MiB by
//! default, see [Response size](#response-size)), the user agent, the
//! [`RetryPolicy`], the [`RedirectPolicy`], the [`Hook`]s and an optional
//! customization of the HTTP client. [`Settings::from_env`] reads
//! the site and the credentials from the environment variables the profile
//! names, and no other.
//!
//! # Authentication
//!
//! Every OpenAPI security scheme is sent: `apiKey` in a header, the query
//! or a cookie; `http` `basic`, `bearer` and any other `http` scheme;
//! `oauth2` and `openIdConnect` as bearer tokens. Each attempt sends the
//! first of the operation's security requirements whose schemes are all
//! configured; none configured is [`Error::MissingCredential`], before
//! anything is sent. Credentials are set by scheme:
//!
//! ```
//! use client_runtime::__private::Profile;
//! use client_runtime::{ClientCredentials, Settings, StaticToken};
//!
//! fn settings(profile: &'static Profile) -> Settings {
//!     Settings::new(profile)
//!         .credential("api_key", "an API key or a bearer token")
//!         .basic_auth("basicAuth", "user", "password")
//!         // Tokens fetched from the scheme's tokenUrl, with each
//!         // operation's scopes, cached and renewed before they expire
//!         // and after a 401.
//!         .client_credentials("petstore_auth", ClientCredentials::new("id", "secret"))
//!         // Any other flow: the caller's `TokenProvider`.
//!         .token_provider("openId", StaticToken::new("a token"))
//! }
//! ```
//!
//! A token endpoint's refusal, or an answer without a token, is
//! [`Error::Token`]. The client secret goes to the token URL only; keys and
//! tokens go to the API's host only.
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
//!   OPTIONS, TRACE): a POST or PATCH may already have been applied, and
//!   repeating it could for instance create a second key;
//! * the connection could not be established, for every method: the request
//!   never reached the server.
//!
//! The delay before the next attempt is the `Retry-After` header (seconds, or
//! an HTTP-date: the time until then, nothing for a date past) when present,
//! else `X-RateLimit-Reset` (seconds until the rate limit window resets) for a
//! 429, else an exponential backoff with full jitter; it is always capped at
//! [`RetryPolicy::max_delay`], so a server asking for days (or sending an
//! epoch timestamp as `X-RateLimit-Reset`) waits that long at most. A header
//! that is not a number or date (negative, fractional, beyond `u64`) is
//! ignored, as if absent. After the last attempt the last response or error
//! is returned. Use [`RetryPolicy::none`] to disable retries.
//!
//! # Errors
//!
//! Every operation returns [`Error<E>`], where `E` is the operation's
//! documented error body. A non-2xx response whose status is documented and
//! whose body decodes as `E` is an [`Error::Api`]; any other non-2xx response is
//! an [`Error::UnexpectedStatus`] that keeps the raw body. A 2xx body that
//! does not decode is an [`Error::Decode`] naming the JSON path of the value
//! that failed (`data[3].attributes.created_at`) and what kind of value it
//! was, never the value itself: a successful body may hold a new key.
//!
//! The response's `Content-Type` is not consulted: a body is decoded as the
//! media type the operation documents (it is what `Accept` asked for), so
//! JSON labelled `text/html` or unlabelled decodes, and an HTML page on a
//! 2xx is an [`Error::Decode`], not a success. On an error status the body
//! decides too: the documented error body is an [`Error::Api`] whatever
//! its label, an HTML error page an [`Error::UnexpectedStatus`] that keeps
//! it, with its headers.
//!
//! A transport failure is [`Error::Connect`] (no connection),
//! [`Error::Timeout`] (the timeout covers the whole exchange: headers that
//! never come and a body that trickles forever alike) or [`Error::Request`]
//! (a connection reset or closed before the response or in its body, a body
//! shorter than its `Content-Length`, a chunked body cut short). Those have
//! no status; the attempt's span records it when the headers had come.
//!
//! # Response size
//!
//! A response body is read whole into memory, then decoded, which takes
//! several times its size. So the runtime reads at most
//! [`Settings::max_response_body`] bytes (32 MiB by default, a hundred
//! times a page of a hundred keys): a response whose `Content-Length` is
//! larger is refused before its body is read, and one without a length (an
//! endless chunked body) as soon as more has arrived, both with
//! [`Error::ResponseTooLarge`], which is not retried. Without that limit a
//! faulty server or proxy could exhaust memory well before the timeout
//! ended the request. An API that downloads large files raises it;
//! `usize::MAX` lifts it.
//!
//! # Streams
//!
//! An operation may take its body as it comes instead:
//! `Client::send_streaming` retries like `Client::send` until the head of
//! a 2xx response arrives, then hands over the body unread; any other
//! response is read whole (capped) and becomes the same [`Error::Api`] or
//! [`Error::UnexpectedStatus`] as through `send`. A generated method is one
//! line, `request.send_streaming(&self.client).await` followed by
//!
//! * `.bytes()`: a [`ByteStream`] of the body's chunks, without the
//!   `max_response_body` cap (a download of any size);
//! * `.events()`: for `text/event-stream`, an [`EventStream`] of events
//!   parsed by the [`sse`] rules (WHATWG EventSource), each event's data
//!   decoded as JSON into the operation's event type; it ends with the body
//!   or at a sentinel ([`EventStream::until`], e.g. `[DONE]`), keeps the last
//!   event id and retry delay for reconnecting, and bounds each event (not
//!   the stream) by `max_response_body`.
//!
//! A failure while the body is read ends the stream with
//! [`Error::Request`] or [`Error::Timeout`]; it is not retried. The
//! timeout covers the whole exchange, the streamed body included: a
//! caller of a long stream raises [`Settings::timeout`].
//!
//! # Tracing
//!
//! Each attempt runs inside the span the profile creates (for instance
//! `datadog.request` with the fields `operation`, `method`, `path_template`,
//! `attempt` and `status`); the runtime records `status` and logs retries at
//! debug level. Credentials, bodies and concrete paths are never recorded.
//!
//! reqwest can also log every byte it writes and reads, headers included
//! (`ClientBuilder::connection_verbose`, as `log` records at trace level).
//! Those bytes hold the credential headers and bodies that may hold new
//! keys, so [`Client::new`] turns it off after the customization given to
//! [`Settings::http_client`], as it does with redirects: to see the
//! traffic, use a proxy.
//!
//! # Redirects
//!
//! [`Client::new`] always builds its own HTTP client: `reqwest`'s builder,
//! adjusted by the customization given to [`Settings::http_client`] (proxies,
//! TLS roots, pools), and then told never to follow a redirect itself, which
//! no customization can undo: reqwest strips only the standard credential
//! headers (`Authorization`, `Cookie`, ...) when a redirect leaves the host,
//! so it would send an API's own key headers to whatever host a redirect
//! names. The client follows redirects itself, as the [`RedirectPolicy`] of
//! [`Settings::redirect`] says:
//!
//! * [`RedirectPolicy::follow`] (the default) follows 301, 302, 303, 307 and
//!   308 responses that carry a `Location` (absolute, relative or
//!   scheme-relative). A hop to the request's own origin (scheme, host and
//!   port) gets the credentials, header parameters and the caller's extra
//!   headers, attached anew for that hop; a hop to any other origin gets
//!   only `Accept`, `User-Agent` and `Content-Type`, and any
//!   `Authorization`, `Proxy-Authorization`, `Cookie` or credential header
//!   a hook adds there is removed. A chain that leaves and comes back to
//!   the origin gets the credentials again at home, never on the way.
//! * [`RedirectPolicy::same_origin`] follows redirects within the origin
//!   only; one to another origin fails with [`Error::Redirect`]
//!   ([`RedirectFailure::CrossOrigin`]).
//! * [`RedirectPolicy::never`] follows nothing: a 3xx is returned, and
//!   becomes an [`Error::UnexpectedStatus`] with its `Location` header.
//!
//! A 303 becomes a `GET` without a body (a `HEAD` stays `HEAD`), and so do
//! a 301 and a 302 answering a `POST`, as browsers do; 307 and 308 keep the
//! method and the body. At most 10 redirects are followed in a row
//! ([`RedirectPolicy::max_hops`]); one more fails with
//! [`RedirectFailure::TooManyHops`], and a redirect to a request (method
//! and URL) already sent in the chain with [`RedirectFailure::Loop`]. A
//! `Location` that is not an `http` or `https` URL is
//! [`RedirectFailure::InvalidLocation`]. Each [`RedirectError`] keeps the
//! status and the `Location` without user name, password, query or
//! fragment; its messages show only the location's origin, since some
//! APIs put keys in paths.
//!
//! Headers given to reqwest's builder through [`Settings::http_client`]
//! (`default_headers`) are reqwest's: it adds them to every exchange,
//! other origins included. Credentials belong in the [`Settings`], or in
//! a [`CallOptions`] header. The attempt's timeout covers the whole chain; a retry starts
//! it again from the first URL.
//!
//! # Hooks
//!
//! A [`Hook`], registered with [`Settings::hook`], runs around every HTTP
//! exchange (each attempt, each redirect hop): it sees and may change the
//! outgoing request ([`OutgoingRequest`]: method, URL, headers, body) to
//! add trace context (`traceparent`) or a signature, and sees how it ended
//! ([`Exchange`]: status, headers, elapsed time) for metrics.
//!
//! A trait of the runtime rather than the reqwest-middleware ecosystem
//! (which Datadog's official client uses), because:
//!
//! * the keys stay in the runtime's hands: a middleware runs after the
//!   request is complete, so it sees the credential headers, and can send
//!   the request anywhere. A hook runs before the credentials are
//!   attached, never sees them, cannot replace them (they are attached
//!   after it), and cannot move a request to another origin (the request is
//!   refused with [`Error::InvalidRequest`] and nothing is sent);
//! * retries and redirects are the runtime's, with their rules on
//!   idempotency and credentials; a middleware stack brings its own
//!   (reqwest-retry), which would retry under the runtime's retries and
//!   see redirects the runtime has not vetted;
//! * no dependency: reqwest-middleware adds a crate, `async-trait` and
//!   `anyhow`, and ties every generated client to the reqwest version it
//!   wraps, while a hook is one object-safe trait compiled once.
//!
//! Hooks are synchronous and must not block; what needs to wait (fetching
//! a token) belongs to the credentials, not to a hook.
//!
//! # Per-call options
//!
//! [`CallOptions`] change one call without building another client (which
//! would have its own connection pool): its timeout, its [`RetryPolicy`]
//! ([`RetryPolicy::none`] for a call that must not be repeated), extra
//! headers and query pairs, and an idempotency key, sent in the header the
//! operation documents (else `Idempotency-Key`) with every attempt, which
//! lets a `POST` or `PATCH` be retried like an idempotent call. Extra
//! headers are added after the credentials and replace a header of the
//! same name, a credential included: the caller owns both, and this is how
//! one call uses another key. They are never sent to another origin. A
//! generated `…_with_options` method passes them to `Client::send_with`.
//!
//! # Responses with their metadata
//!
//! A [`ResponseValue`] is the decoded body of a success with its status and
//! headers (a `Location` on a 201, a request id, the rate-limit headers):
//! [`ResponseValue::header`], [`ResponseValue::header_as`] (parsed with
//! `FromStr`), [`ResponseValue::rate_limit`], [`ResponseValue::into_inner`].
//! A generated `…_with_response` method decodes with
//! `RawResponse::json_response` (or `text_response`, `bytes_response`,
//! `empty_response`).
//!
//! # Module layering
//!
//! Each module imports only from modules of an earlier layer (a unit test
//! checks it), so there are no import cycles and nothing refers to
//! generated code:
//!
//! 1. `nullable`, `properties`, `secret`: leaf types; `hook`: [`Hook`] and what it sees; `located`: where a decode failed,
//!    and why without the value (see its docs);
//!    [`sse`]: the Server-Sent Events parser;
//! 2. `error`: [`Error`] and its parts, [`ConfigError`]; `model`: serde for
//!    generated structs without derive (one line per field; see its docs);
//! 3. `operation`: [`Method`], [`ErrorStatus`] and the data generated code
//!    hands over (`Profile`, `Operation`, `Server`, ...);
//! 4. `retry`: [`RetryPolicy`] and the retry rules; `redirect`:
//!    [`RedirectPolicy`] and the redirect rules;
//! 5. `encoding`: query strings, bodies, path segments, unions; `options`:
//!    [`CallOptions`];
//! 6. `config`: [`Settings`];
//! 7. `target`: rendering the server URL and assembling the path and URL;
//! 8. `request`: `Request`, one operation call encoded;
//!    `streaming`: [`ByteStream`], [`EventStream`];
//! 9. `client`: [`Client`] and `RawResponse`;
//! 10. `pagination`: `paginate` and `Page`; `mock` (feature `mock`): the
//!     mock server and typed expectations; `response`: [`ResponseValue`];
//! 11. `call`: the body of every generated method; `cli` (feature `cli`):
//!     the command line of a generated client.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

// In layer order: each module imports only from the ones above it.
mod content;
mod hook;
mod located;
mod nullable;
mod properties;
mod secret;
pub mod sse;
// --
mod error;
mod model;
// --
mod operation;
mod token;
// --
mod redirect;
mod retry;
// --
mod encoding;
// --
mod config;
mod multipart;
mod options;
// --
mod auth;
mod target;
// --
mod request;
mod streaming;
// --
mod client;
// --
#[cfg(feature = "mock")]
pub mod mock;
mod pagination;
mod response;
// --
mod call;
#[cfg(feature = "cli")]
mod cli;
// --
mod version;

pub use client::Client;
pub use config::{ClientAuthentication, ClientCredentials, Settings};
pub use encoding::{Body, InvalidContentType};
pub use error::{
    BodyExcerpt, ConfigError, Error, RateLimit, RedirectError, RedirectFailure, ResponseContent,
    ResponseError, TokenError,
};
pub use hook::{Exchange, Hook, OutgoingRequest};
pub use multipart::File;
pub use nullable::Nullable;
pub use operation::{ErrorStatus, Method};
pub use options::CallOptions;
pub use properties::AdditionalProperties;

pub use redirect::RedirectPolicy;

pub use response::{HeaderError, ResponseValue};
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use streaming::{ByteStream, EventStream};
pub use token::{AccessToken, StaticToken, TokenFuture, TokenProvider, TokenRequest};

pub use version::VERSION;

/// What generated code uses and a user does not: the operation and
/// profile statics, the encoders of each parameter style, the model and
/// pagination helpers, the command-line support. Hidden from the docs and
/// kept out of the crate root, so the root is the API users call; no
/// semver promise is made for it beyond the generator version that
/// [`__private::require_version`] checks.
#[doc(hidden)]
pub mod __private {
    pub use crate::call::{Encoded, Sent, Streamed};
    pub use crate::client::{RawResponse, StreamingResponse};
    pub use crate::encoding::{
        append_object_query, comma_separated, cookie_header, encode_query, form_body, header_list,
        json_body, json_text, pipe_separated, raw_body, space_separated, PathList, PathObject,
        PathValue,
    };
    pub use crate::multipart::Multipart;
    pub use crate::operation::{
        CredentialKind, CredentialSpec, KeyLocation, Operation, Profile, Requirement, Server,
        ServerVariable, TemplatePart,
    };
    pub use crate::pagination::{
        page_param, page_total, page_value, paginate, paginate_cursor, Advance, Page,
    };
    pub use crate::request::Request;
    pub use crate::version::require_version;

    /// The span function of generated profiles uses it, so that a generated
    /// crate needs no `tracing` dependency of its own.
    pub use tracing;

    /// Decoding and encoding helpers of generated models.
    pub mod model {
        pub use crate::model::*;
    }

    /// The generated command line's parsing and printing (feature `cli`).
    #[cfg(feature = "cli")]
    pub mod cli {
        pub use crate::cli::*;
    }
}

/// The HTTP client crate: [`Settings::http_client`] customizes a
/// `reqwest::ClientBuilder`, and errors carry `reqwest` header maps.
pub use reqwest;

/// The URL crate: [`Settings::get_base_url`] returns a `url::Url`.
pub use url;

/// The byte buffer crate: response bodies are `bytes::Bytes`.
pub use bytes;

/// The date and time crate: [`DateTime`] and [`Date`] are its types, so a
/// caller can compare them, do arithmetic on them and format them.
///
/// chrono rather than jiff or time: it is what most of the ecosystem's
/// crates (sqlx, diesel, serde formats) and Datadog's official client
/// already use, so values pass between them without conversion.
pub use chrono;

/// A point in time (`format: date-time`), in UTC.
///
/// Read from RFC 3339 text with `Z` or any offset and any fractional
/// precision (`2020-11-23T10:00:00.123456+01:00`), converted to UTC; written
/// back as RFC 3339 in UTC (`2020-11-23T09:00:00.123456Z`). A value that
/// does not parse fails the decoding of the response with an
/// [`Error::Decode`] that names the field.
pub type DateTime = chrono::DateTime<chrono::Utc>;

/// A calendar date (`format: date`), as `2024-01-31`.
pub type Date = chrono::NaiveDate;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;

#[cfg(test)]
mod layering {
    /// Every module, by layer, with its source.
    const MODULES: &[(usize, &str, &str)] = &[
        (1, "content", include_str!("content.rs")),
        (1, "hook", include_str!("hook.rs")),
        (1, "located", include_str!("located.rs")),
        (1, "nullable", include_str!("nullable.rs")),
        (1, "properties", include_str!("properties.rs")),
        (1, "secret", include_str!("secret.rs")),
        (1, "sse", include_str!("sse.rs")),
        (2, "error", include_str!("error.rs")),
        (2, "model", include_str!("model.rs")),
        (3, "operation", include_str!("operation.rs")),
        (3, "token", include_str!("token.rs")),
        (4, "redirect", include_str!("redirect.rs")),
        (4, "retry", include_str!("retry.rs")),
        (5, "encoding", include_str!("encoding.rs")),
        (6, "config", include_str!("config.rs")),
        (6, "multipart", include_str!("multipart.rs")),
        (7, "auth", include_str!("auth.rs")),
        (5, "options", include_str!("options.rs")),
        (7, "target", include_str!("target.rs")),
        (8, "request", include_str!("request.rs")),
        (8, "streaming", include_str!("streaming.rs")),
        (9, "client", include_str!("client.rs")),
        (10, "pagination", include_str!("pagination.rs")),
        (10, "mock", include_str!("mock.rs")),
        (10, "response", include_str!("response.rs")),
        (11, "call", include_str!("call.rs")),
        (11, "cli", include_str!("cli.rs")),
        (1, "version", include_str!("version.rs")),
    ];

    /// The identifiers that follow `crate::` in the code (not the comments)
    /// of `source`.
    fn crate_paths(source: &str) -> Vec<String> {
        let mut found = Vec::new();
        for line in source.lines() {
            let code = line.split("//").next().unwrap_or_default();
            for (index, _) in code.match_indices("crate::") {
                let rest = &code[index + "crate::".len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                found.push(name);
            }
        }
        found
    }

    #[test]
    fn modules_import_only_from_earlier_layers() {
        for (layer, module, source) in MODULES {
            assert!(
                !source.contains("use super::") || {
                    // Only the `tests` submodules may look at their parent.
                    source
                        .lines()
                        .filter(|line| line.contains("use super::"))
                        .all(|line| line.trim() == "use super::*;")
                },
                "{module} imports through `super`"
            );
            for name in crate_paths(source) {
                // The test data, built from `operation`'s types, serves
                // the tests of every layer.
                if name == "fixtures" {
                    continue;
                }
                let Some((other, _, _)) = MODULES.iter().find(|(_, m, _)| *m == name) else {
                    panic!("{module} uses `crate::{name}`: import from the defining module");
                };
                assert!(
                    other < layer || name == *module,
                    "{module} (layer {layer}) imports from {name} (layer {other})"
                );
            }
        }
    }

    #[test]
    fn the_layer_list_is_complete() {
        let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src")).unwrap();
        for file in files {
            let name = file.unwrap().file_name().into_string().unwrap();
            let module = name.trim_end_matches(".rs");
            if matches!(module, "lib" | "tests" | "fixtures") {
                continue;
            }
            assert!(
                MODULES.iter().any(|(_, m, _)| *m == module),
                "{name} is missing from the layering"
            );
        }
    }
}
