//! Errors returned by operations, the rate-limit headers they carry, and
//! configuration errors.
//!
//! Layer 2: imports nothing from the crate (the configuration error lives here
//! so that [`Error`] can wrap it without depending on the configuration).

use std::convert::Infallible;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;

/// How many bytes of a response body an error message quotes.
const DISPLAY_EXCERPT: usize = 200;
/// How many bytes of an undecodable body [`Error::Decode`] keeps.
pub(crate) const DECODE_EXCERPT: usize = 512;

/// The start of a response body that could not be decoded. It may hold a
/// secret (a created key), so `Debug` shows its length only; read it with
/// [`BodyExcerpt::as_str`].
#[derive(Clone, PartialEq, Eq)]
pub struct BodyExcerpt(pub(crate) String);

impl BodyExcerpt {
    /// The excerpt itself.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the body was empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl From<String> for BodyExcerpt {
    fn from(text: String) -> Self {
        BodyExcerpt(text)
    }
}

impl fmt::Debug for BodyExcerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BodyExcerpt(<{} bytes>)", self.0.len())
    }
}

/// The error of an operation whose documented error body is `E`.
///
/// No variant's `Debug` or `Display` output contains a configured credential.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E> {
    /// The operation does not exist on the configured site; nothing was sent.
    #[error("operation {operation} is not available on site {site}")]
    SiteUnavailable {
        /// The operation id.
        operation: &'static str,
        /// The configured site (its wire name).
        site: &'static str,
    },
    /// The operation is unstable (a preview the spec marks `x-unstable`) and
    /// was not enabled with
    /// [`Settings::enable_unstable`](crate::Settings::enable_unstable);
    /// nothing was sent.
    #[error("operation {operation} is unstable and may change; enable it first with enable_unstable(\"{operation}\")")]
    UnstableDisabled {
        /// The operation id.
        operation: &'static str,
    },
    /// The server answered with a documented error status and body.
    ///
    /// Boxed, like [`Error::UnexpectedStatus`], to keep `Result`s small.
    #[error("{0}")]
    Api(Box<ResponseError<E>>),
    /// The server answered with an undocumented status, or with an error body
    /// that does not match the documented schema (e.g. an HTML 502 page).
    #[error("{0}")]
    UnexpectedStatus(Box<ResponseContent>),
    /// A successful response whose body could not be decoded.
    ///
    /// The message names where the failing value is (`path`) and what was
    /// wrong with it, but does not quote the body: a successful response can
    /// hold a secret, such as a newly created key. The start of the body is
    /// kept in `body_excerpt` for callers that decide to look at it.
    #[error(
        "could not decode the HTTP {status} response of {operation}{}: {message}",
        at_path(.path)
    )]
    Decode {
        /// The operation id.
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// The JSON path of the value that failed, outermost first, e.g.
        /// `data[3].attributes.created_at`: keys after a dot, array indices
        /// in brackets, a key with any character other than ASCII letters,
        /// digits, `_` and `-` as a JSON string in brackets
        /// (`meta["page[size]"]`). Empty when the failure is at the document
        /// root (a body that is not JSON, a missing top-level field) or the
        /// body is not meant to be JSON (a text body that is not UTF-8).
        /// Keys are the document's structure, and shown.
        path: String,
        /// What the decoder objected to, without the value it found: the
        /// kind of value and the expected type (`invalid type: string,
        /// expected u64`); for a body that is not JSON, the syntax error with
        /// its line and column.
        message: String,
        /// The start of the body (lossy UTF-8); `Debug` shows only its length.
        body_excerpt: BodyExcerpt,
    },
    /// The response body is larger than
    /// [`Settings::max_response_body`](crate::Settings::max_response_body)
    /// allows: refused from its `Content-Length`, or once that many bytes
    /// had arrived. The body is not kept; the request is not retried.
    #[error(
        "the HTTP {status} response of {operation} is larger than the limit of {limit} bytes (max_response_body)"
    )]
    ResponseTooLarge {
        /// The operation id.
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The operation needs a credential that the configuration does not
    /// hold; nothing was sent. When the operation accepts several
    /// alternatives, none of which is fully configured, this names what the
    /// first one lacks and lists the others.
    #[error(
        "operation {operation} needs the {credential} (security scheme `{scheme}`), which is not configured: set it with `{setter}`{}{}",
        or_variable(.variable),
        other_schemes(.alternatives)
    )]
    MissingCredential {
        /// The operation id.
        operation: &'static str,
        /// The security scheme, e.g. `appKeyAuth`.
        scheme: &'static str,
        /// Which credential, e.g. "application key".
        credential: &'static str,
        /// The method that sets it: the generated `Configuration`
        /// method (e.g. `app_key`), or the [`Settings`](crate::Settings)
        /// method for the scheme's kind (e.g. `Settings::basic_auth`).
        setter: &'static str,
        /// The environment variable that sets it, e.g. `DD_APP_KEY`, if the
        /// API reads one.
        variable: Option<&'static str>,
        /// The schemes of the operation's other alternatives, each of
        /// which would do instead (the first credential each lacks).
        alternatives: Vec<&'static str>,
    },
    /// An `oauth2` or `openIdConnect` access token could not be had: the
    /// token endpoint refused the client credentials, answered something
    /// that is not a token, could not be reached, or the caller's token
    /// provider failed. Nothing was sent to the API.
    #[error(
        "could not get an access token for the security scheme `{scheme}` of {operation}: {source}"
    )]
    Token {
        /// The operation id.
        operation: &'static str,
        /// The security scheme.
        scheme: &'static str,
        /// Why.
        #[source]
        source: TokenError,
    },
    /// The request timed out (see [`Settings::timeout`](crate::Settings::timeout)).
    ///
    /// Like [`Error::Connect`] and [`Error::Request`], the cause is the
    /// error's `source()`, and carries no URL: some APIs put keys in paths.
    #[error("the request timed out")]
    Timeout(#[source] reqwest::Error),
    /// No connection could be established with the server.
    #[error("could not connect to the server")]
    Connect(#[source] reqwest::Error),
    /// Another transport failure, e.g. the connection was reset.
    #[error("the HTTP request failed")]
    Request(#[source] reqwest::Error),
    /// A redirect was not followed: the policy refused it, the hops ran
    /// out, it looped, or its `Location` was not a URL the client can
    /// follow. The error keeps the status and the `Location` (without user
    /// name, password or query); see the [crate docs](crate#redirects).
    #[error("{0}")]
    Redirect(Box<RedirectError>),
    /// The request could not be built from the given arguments or
    /// configuration (e.g. a key with characters not allowed in a header).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The configuration is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
}

impl<E> Error<E> {
    /// The HTTP status of the response behind this error, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(error) => Some(error.status),
            Error::UnexpectedStatus(content) => Some(content.status),
            Error::Decode { status, .. } | Error::ResponseTooLarge { status, .. } => Some(*status),
            Error::Redirect(redirect) => Some(redirect.status),
            Error::Timeout(error) | Error::Connect(error) | Error::Request(error) => {
                error.status().map(|status| status.as_u16())
            }
            _ => None,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout(_) => true,
            Error::Connect(error) | Error::Request(error) => error.is_timeout(),
            _ => false,
        }
    }

    /// Whether no connection could be established.
    pub fn is_connect(&self) -> bool {
        match self {
            Error::Connect(_) => true,
            Error::Timeout(error) | Error::Request(error) => error.is_connect(),
            _ => false,
        }
    }

    /// The rate-limit headers of the response behind this error, if any.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        match self {
            Error::Api(error) => Some(&error.rate_limit),
            Error::UnexpectedStatus(content) => Some(&content.rate_limit),
            _ => None,
        }
    }

    /// Classifies a transport error by what it means for retrying.
    pub(crate) fn transport(error: reqwest::Error) -> Self {
        // The URL goes: a path can carry a key itself (e.g. `/api/v1/api_key/{key}`).
        let error = error.without_url();
        // A connect timeout is both: it is a connect error first, because the
        // request never reached the server.
        if error.is_connect() {
            Error::Connect(error)
        } else if error.is_timeout() {
            Error::Timeout(error)
        } else if error.is_builder() {
            Error::InvalidRequest(error.to_string())
        } else {
            Error::Request(error)
        }
    }
}

impl Error<Infallible> {
    /// Gives an error of the non-generic request path its operation's type.
    /// (Keeping that path non-generic avoids compiling the retry loop once per
    /// error type.)
    ///
    /// Generated code calls it after [`Client::send`](crate::Client::send):
    /// `client.send(..).await.map_err(Error::widen)?`.
    #[doc(hidden)]
    pub fn widen<E>(self) -> Error<E> {
        match self {
            Error::SiteUnavailable { operation, site } => {
                Error::SiteUnavailable { operation, site }
            }
            Error::UnstableDisabled { operation } => Error::UnstableDisabled { operation },
            Error::Api(error) => match error.body {},
            Error::UnexpectedStatus(content) => Error::UnexpectedStatus(content),
            Error::Decode {
                operation,
                status,
                path,
                message,
                body_excerpt,
            } => Error::Decode {
                operation,
                status,
                path,
                message,
                body_excerpt,
            },
            Error::ResponseTooLarge {
                operation,
                status,
                limit,
            } => Error::ResponseTooLarge {
                operation,
                status,
                limit,
            },
            Error::Timeout(error) => Error::Timeout(error),
            Error::Connect(error) => Error::Connect(error),
            Error::Request(error) => Error::Request(error),
            Error::MissingCredential {
                operation,
                scheme,
                credential,
                setter,
                variable,
                alternatives,
            } => Error::MissingCredential {
                operation,
                scheme,
                credential,
                setter,
                variable,
                alternatives,
            },
            Error::Token {
                operation,
                scheme,
                source,
            } => Error::Token {
                operation,
                scheme,
                source,
            },
            Error::Redirect(redirect) => Error::Redirect(redirect),
            Error::InvalidRequest(message) => Error::InvalidRequest(message),
            Error::Config(error) => Error::Config(error),
        }
    }
}

/// The ` at PATH` of a [`Error::Decode`] message; nothing at the root.
fn at_path(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!(" at {path}")
    }
}

/// The ` or the VARIABLE environment variable` of a
/// [`Error::MissingCredential`] message; nothing without a variable.
fn or_variable(variable: &Option<&'static str>) -> String {
    variable
        .map(|name| format!(" or the {name} environment variable"))
        .unwrap_or_default()
}

/// The end of a [`Error::MissingCredential`] message that lists the other
/// alternatives; nothing when there are none.
fn other_schemes(alternatives: &[&'static str]) -> String {
    if alternatives.is_empty() {
        return String::new();
    }
    let names: Vec<String> = alternatives.iter().map(|s| format!("`{s}`")).collect();
    format!(
        "; the operation also accepts instead the security scheme {}",
        names.join(" or ")
    )
}

/// Why an `oauth2` or `openIdConnect` access token could not be had (see
/// [`Error::Token`]). No variant holds a credential or a token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The token endpoint answered with an error status, and the OAuth2
    /// error code (`invalid_client`, `invalid_scope`, ...) and
    /// description when its body had them (RFC 6749, section 5.2).
    #[error("the token endpoint answered HTTP {status}{}", oauth_error(.error, .description))]
    Refused {
        /// The HTTP status.
        status: u16,
        /// The `error` code of the body.
        error: Option<String>,
        /// The `error_description` of the body, at most 200 bytes of it.
        description: Option<String>,
    },
    /// The token endpoint answered a success that is not a token
    /// response (not JSON, no `access_token`, a bad `expires_in`).
    #[error("the HTTP {status} answer of the token endpoint is not a token: {reason}")]
    InvalidResponse {
        /// The HTTP status.
        status: u16,
        /// What is wrong with it (never the body itself).
        reason: String,
    },
    /// The token request could not be built or sent: a bad token URL,
    /// a connection failure, a timeout.
    #[error("the token request failed: {reason}")]
    Transport {
        /// What failed.
        reason: String,
        /// The transport error, if there was one (without its URL).
        #[source]
        source: Option<reqwest::Error>,
    },
    /// The caller's token provider failed.
    #[error("the token provider failed: {0}")]
    Provider(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// The `: code (description)` of a [`TokenError::Refused`] message.
fn oauth_error(error: &Option<String>, description: &Option<String>) -> String {
    match (error, description) {
        (Some(error), Some(description)) => format!(": {error} ({description})"),
        (Some(error), None) => format!(": {error}"),
        (None, Some(description)) => format!(": {description}"),
        (None, None) => String::new(),
    }
}

/// An invalid configuration value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The site name is not one of the sites the API is served from.
    #[error("unknown site `{given}`; valid sites are: {}", .valid.join(", "))]
    UnknownSite {
        /// The site name that was given.
        given: String,
        /// Every valid site name.
        valid: Vec<&'static str>,
    },
    /// The base URL override is not usable.
    #[error("invalid base URL: {reason}")]
    InvalidBaseUrl {
        /// Why it was rejected (never the URL itself, which may hold secrets).
        reason: String,
    },
    /// An OAuth2 token URL override is not usable.
    #[error("invalid token URL: {reason}")]
    InvalidTokenUrl {
        /// Why it was rejected (never the URL itself).
        reason: String,
    },
    /// A server variable override is not usable.
    #[error("invalid value for server variable `{name}`: {reason}")]
    InvalidServerVariable {
        /// The variable name.
        name: String,
        /// Why the value was rejected.
        reason: String,
    },
    /// No server has the index or description given.
    #[error("unknown server `{given}`; valid servers are: {}", .valid.join(", "))]
    UnknownServer {
        /// The index or description that was given.
        given: String,
        /// Every valid index or description.
        valid: Vec<&'static str>,
    },
    /// The user agent is not a valid header value.
    #[error("the user agent contains characters that are not allowed in an HTTP header")]
    InvalidUserAgent,
    /// The HTTP client could not be built (e.g. TLS initialisation failed).
    #[error("could not build the HTTP client")]
    HttpClient(#[source] reqwest::Error),
}

impl ConfigError {
    /// The error for a server index or description `given` that no server
    /// has, listing the `valid` ones; meant for the generated
    /// `Configuration::server_index` and `server_description`.
    pub fn unknown_server(given: &str, valid: &[&'static str]) -> Self {
        ConfigError::UnknownServer {
            given: given.to_owned(),
            valid: valid.to_vec(),
        }
    }

    /// The error for a value `given` of server variable `name` that is not
    /// one of `valid`; meant for the generated `FromStr` of a variable's
    /// enum.
    pub fn unknown_variable_value(name: &str, given: &str, valid: &[&str]) -> Self {
        ConfigError::InvalidServerVariable {
            name: name.to_owned(),
            reason: format!("`{given}` is not one of {}", valid.join(", ")),
        }
    }

    /// The error for an unknown site name `given`, listing the `valid` ones;
    /// meant for the generated `FromStr for Site`.
    pub fn unknown_site(given: &str, valid: &[&'static str]) -> Self {
        ConfigError::UnknownSite {
            given: given.to_owned(),
            valid: valid.to_vec(),
        }
    }
}

/// A redirect the client did not follow.
///
/// Its `Display` and `Debug` output show only the origin of the
/// `Location` (scheme, host and port): some APIs put keys in paths (a
/// chain that loops back to such a path would show it). Read the path in
/// [`RedirectError::location`].
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RedirectError {
    /// The operation id.
    pub operation: &'static str,
    /// The status of the redirect response (301, 302, 303, 307 or 308).
    pub status: u16,
    /// Where it pointed, resolved against the URL that answered, without
    /// user name, password, query or fragment (they can hold credentials);
    /// `None` when the `Location` was not a URL.
    pub location: Option<String>,
    /// Why it was not followed.
    pub reason: RedirectFailure,
}

impl RedirectError {
    /// The origin of the location, for messages: `https://host:port/…`.
    fn shown_location(&self) -> String {
        let parsed = self.location.as_deref().map(url::Url::parse);
        match parsed {
            Some(Ok(url)) => format!("{}/…", url.origin().ascii_serialization()),
            _ => "an invalid location".to_owned(),
        }
    }
}

impl fmt::Display for RedirectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} was redirected (HTTP {}) to {}: {}",
            self.operation,
            self.status,
            self.shown_location(),
            self.reason
        )
    }
}

impl fmt::Debug for RedirectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedirectError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("location", &self.shown_location())
            .field("reason", &self.reason)
            .finish()
    }
}

/// Why a redirect was not followed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RedirectFailure {
    /// The redirect leaves the request's origin (scheme, host and port) and
    /// the policy follows same-origin redirects only.
    #[error("the redirect policy does not follow redirects to another origin")]
    CrossOrigin,
    /// The request was already redirected as many times as the policy
    /// allows.
    #[error("more than {limit} redirects")]
    TooManyHops {
        /// The policy's limit.
        limit: u32,
    },
    /// The redirect leads to a request (method and URL) already sent in
    /// this chain.
    #[error("the redirects loop")]
    Loop,
    /// The `Location` is not an `http` or `https` URL.
    #[error("the location is not an http or https URL")]
    InvalidLocation,
}

/// A documented error response, with its decoded body.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ResponseError<E> {
    /// The operation id.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// The rate-limit headers of the response.
    pub rate_limit: RateLimit,
    /// All response headers.
    pub headers: HeaderMap,
    /// The decoded error body.
    pub body: E,
    /// The raw error body.
    pub raw: Bytes,
}

impl<E> fmt::Display for ResponseError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed with HTTP {}: {}",
            self.operation,
            self.status,
            excerpt(&self.raw, DISPLAY_EXCERPT)
        )
    }
}

/// A response that the operation does not document, kept raw.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ResponseContent {
    /// The operation id.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// The rate-limit headers of the response.
    pub rate_limit: RateLimit,
    /// All response headers.
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Bytes,
}

impl fmt::Display for ResponseContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} returned unexpected HTTP {}: {}",
            self.operation,
            self.status,
            excerpt(&self.body, DISPLAY_EXCERPT)
        )
    }
}

/// The `X-RateLimit-*` headers (as sent by Datadog and others), plus
/// `Retry-After`. Absent or malformed headers are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// `X-RateLimit-Limit`: requests allowed per period.
    pub limit: Option<u64>,
    /// `X-RateLimit-Period`: length of the rate-limit window.
    pub period: Option<Duration>,
    /// `X-RateLimit-Remaining`: requests left in the current window.
    pub remaining: Option<u64>,
    /// `X-RateLimit-Reset`: time until the current window resets.
    pub reset: Option<Duration>,
    /// `X-RateLimit-Name`: which rate limit applies.
    pub name: Option<String>,
    /// `Retry-After`: how long to wait before retrying. Read from seconds
    /// (`120`) or from an HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`, the
    /// form RFC 9110 has servers send), as the time from reading the
    /// headers to that date: zero for a date in the past.
    pub retry_after: Option<Duration>,
}

impl RateLimit {
    /// Reads the rate-limit headers from `headers`.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::trim)
                .filter(|value| !value.is_empty())
        };
        let number = |name: &str| text(name).and_then(|value| value.parse::<u64>().ok());
        let seconds = |name: &str| number(name).map(Duration::from_secs);
        RateLimit {
            limit: number("x-ratelimit-limit"),
            period: seconds("x-ratelimit-period"),
            remaining: number("x-ratelimit-remaining"),
            reset: seconds("x-ratelimit-reset"),
            name: text("x-ratelimit-name").map(str::to_owned),
            retry_after: seconds("retry-after")
                .or_else(|| text("retry-after").and_then(until_http_date)),
        }
    }
}

/// The time from now to the HTTP-date `text`, zero if it is past; `None`
/// if `text` is not a date. An IMF-fixdate is an RFC 2822 date in `GMT`;
/// the obsolete RFC 850 and asctime forms, which servers no longer send,
/// are not read.
fn until_http_date(text: &str) -> Option<Duration> {
    let date = chrono::DateTime::parse_from_rfc2822(text).ok()?;
    let left = date.with_timezone(&chrono::Utc) - chrono::Utc::now();
    // `to_std` fails on a negative duration: the date is past.
    Some(left.to_std().unwrap_or(Duration::ZERO))
}

/// The first `max` bytes of `body` as lossy UTF-8, marked when cut short.
pub(crate) fn excerpt(body: &[u8], max: usize) -> String {
    if body.is_empty() {
        return "(empty body)".to_owned();
    }
    let cut = body.len() > max;
    let mut text = String::from_utf8_lossy(&body[..body.len().min(max)]).into_owned();
    if cut {
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn content(status: u16, body: &'static [u8]) -> ResponseContent {
        ResponseContent {
            operation: "ListAPIKeys",
            status,
            rate_limit: RateLimit::default(),
            headers: HeaderMap::new(),
            body: Bytes::from_static(body),
        }
    }

    #[test]
    fn parses_rate_limit_headers() {
        let limits = RateLimit::from_headers(&headers(&[
            ("x-ratelimit-limit", "100"),
            ("x-ratelimit-period", "60"),
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", " 7 "),
            ("x-ratelimit-name", "api_keys"),
            ("retry-after", "3"),
        ]));
        assert_eq!(limits.limit, Some(100));
        assert_eq!(limits.period, Some(Duration::from_secs(60)));
        assert_eq!(limits.remaining, Some(0));
        assert_eq!(limits.reset, Some(Duration::from_secs(7)));
        assert_eq!(limits.name.as_deref(), Some("api_keys"));
        assert_eq!(limits.retry_after, Some(Duration::from_secs(3)));
    }

    #[test]
    fn retry_after_is_read_from_an_http_date() {
        let past = RateLimit::from_headers(&headers(&[(
            "retry-after",
            "Wed, 21 Oct 2015 07:28:00 GMT",
        )]));
        assert_eq!(past.retry_after, Some(Duration::ZERO));
        let far = RateLimit::from_headers(&headers(&[(
            "retry-after",
            "Fri, 31 Dec 9999 23:59:59 GMT",
        )]));
        let years = Duration::from_secs(365 * 24 * 3600);
        assert!(far.retry_after > Some(years * 7000), "{far:?}");
        // A minute from now, written as a server would.
        let soon = (chrono::Utc::now() + chrono::Duration::seconds(60))
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string();
        let mut map = HeaderMap::new();
        map.insert("retry-after", HeaderValue::from_str(&soon).unwrap());
        let wait = RateLimit::from_headers(&map).retry_after.unwrap();
        assert!(
            wait > Duration::from_secs(55) && wait <= Duration::from_secs(60),
            "{wait:?}"
        );
        // Seconds win; RFC 850 and asctime dates are not read.
        for obsolete in ["Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"] {
            let map = headers(&[("retry-after", obsolete)]);
            assert_eq!(
                RateLimit::from_headers(&map).retry_after,
                None,
                "{obsolete}"
            );
        }
    }

    #[test]
    fn malformed_rate_limit_headers_are_ignored() {
        let limits = RateLimit::from_headers(&headers(&[
            ("x-ratelimit-limit", "lots"),
            ("x-ratelimit-reset", "-1"),
            ("retry-after", "Wed, 32 Oct 2015 07:28:00 GMT"),
            ("x-ratelimit-name", ""),
        ]));
        assert_eq!(limits, RateLimit::default());
        for nonsense in [
            "-5",
            "1.5",
            "soon",
            "18446744073709551616",
            "Wed, 21 Oct 2015",
        ] {
            let map = headers(&[("retry-after", nonsense)]);
            assert_eq!(
                RateLimit::from_headers(&map).retry_after,
                None,
                "{nonsense}"
            );
        }
        let map = headers(&[("retry-after", "18446744073709551615")]);
        assert_eq!(
            RateLimit::from_headers(&map).retry_after,
            Some(Duration::from_secs(u64::MAX))
        );
        let mut map = HeaderMap::new();
        map.insert(
            "x-ratelimit-name",
            HeaderValue::from_bytes(b"caf\xe9").unwrap(),
        );
        assert_eq!(RateLimit::from_headers(&map).name, None);
    }

    #[test]
    fn excerpts_are_bounded_and_lossy() {
        assert_eq!(excerpt(b"", 10), "(empty body)");
        assert_eq!(excerpt(b"short", 10), "short");
        assert_eq!(excerpt(b"0123456789abc", 10), "0123456789…");
        // Cutting inside a multi-byte character must not panic.
        assert_eq!(excerpt("é".as_bytes(), 1), "\u{fffd}…");
        assert_eq!(excerpt(&[0xff, 0xfe], 10), "\u{fffd}\u{fffd}");
    }

    #[test]
    fn display_names_operation_status_and_excerpt() {
        let unexpected: Error<()> =
            Error::UnexpectedStatus(Box::new(content(502, b"<html>Bad gateway</html>")));
        assert_eq!(
            unexpected.to_string(),
            "ListAPIKeys returned unexpected HTTP 502: <html>Bad gateway</html>"
        );
        assert_eq!(unexpected.status(), Some(502));
        let api: Error<Vec<String>> = Error::Api(Box::new(ResponseError {
            operation: "GetAPIKey",
            status: 404,
            rate_limit: RateLimit::default(),
            headers: HeaderMap::new(),
            body: vec!["Not found".to_owned()],
            raw: Bytes::from_static(br#"{"errors":["Not found"]}"#),
        }));
        assert_eq!(
            api.to_string(),
            r#"GetAPIKey failed with HTTP 404: {"errors":["Not found"]}"#
        );
        assert_eq!(api.status(), Some(404));
        assert!(api.rate_limit().is_some());
        let refused: Error<()> = Error::SiteUnavailable {
            operation: "ListAPIKeys",
            site: "eu.example",
        };
        assert_eq!(
            refused.to_string(),
            "operation ListAPIKeys is not available on site eu.example"
        );
        assert_eq!(refused.status(), None);
        assert!(!refused.is_timeout() && !refused.is_connect());
        let large = Error::<Infallible>::ResponseTooLarge {
            operation: "ListAPIKeys",
            status: 200,
            limit: 1024,
        }
        .widen::<()>();
        assert_eq!(
            large.to_string(),
            "the HTTP 200 response of ListAPIKeys is larger than the limit of 1024 bytes \
             (max_response_body)"
        );
        assert_eq!(large.status(), Some(200));
        assert!(large.rate_limit().is_none());
    }

    #[test]
    fn decode_errors_name_the_path_when_there_is_one() {
        let decode = |path: &str| -> Error<()> {
            Error::Decode {
                operation: "ListAPIKeys",
                status: 200,
                path: path.to_owned(),
                message: "invalid type: null, expected a string".to_owned(),
                body_excerpt: BodyExcerpt(r#"{"data":"SECRET"}"#.to_owned()),
            }
        };
        let located = decode("data[3].attributes.created_at");
        assert_eq!(
            located.to_string(),
            "could not decode the HTTP 200 response of ListAPIKeys at \
             data[3].attributes.created_at: invalid type: null, expected a string"
        );
        assert!(!format!("{located:?}").contains("SECRET"));
        assert_eq!(
            decode("").to_string(),
            "could not decode the HTTP 200 response of ListAPIKeys: \
             invalid type: null, expected a string"
        );
        let widened = Error::<Infallible>::Decode {
            operation: "ListAPIKeys",
            status: 200,
            path: "data".to_owned(),
            message: "m".to_owned(),
            body_excerpt: BodyExcerpt(String::new()),
        }
        .widen::<()>();
        assert!(matches!(widened, Error::Decode { ref path, .. } if path == "data"));
    }

    #[test]
    fn long_bodies_are_cut_in_messages() {
        let body: &'static [u8] = Box::leak(vec![b'x'; 10_000].into_boxed_slice());
        let message = Error::<()>::UnexpectedStatus(Box::new(content(500, body))).to_string();
        assert!(message.len() < 300, "{}", message.len());
    }

    #[test]
    fn errors_stay_small() {
        // Every operation returns `Result<_, Error<E>>`; large response data
        // is boxed so that those results stay cheap to move.
        assert!(std::mem::size_of::<Error<serde_json::Value>>() <= 128);
    }

    #[test]
    fn widen_keeps_the_variant() {
        let error = Error::<Infallible>::InvalidRequest("bad".to_owned()).widen::<String>();
        assert!(matches!(error, Error::InvalidRequest(ref m) if m == "bad"));
        let error =
            Error::<Infallible>::UnexpectedStatus(Box::new(content(418, b""))).widen::<String>();
        assert_eq!(error.status(), Some(418));
    }

    #[test]
    fn missing_credentials_name_the_variable_only_when_there_is_one() {
        let with: Error<()> = Error::MissingCredential {
            operation: "GetAPIKey",
            scheme: "appKeyAuth",
            credential: "application key",
            setter: "app_key",
            variable: Some("TEST_APP_KEY"),
            alternatives: Vec::new(),
        };
        assert_eq!(
            with.to_string(),
            "operation GetAPIKey needs the application key (security scheme `appKeyAuth`), which is not configured: set it with `app_key` or the TEST_APP_KEY environment variable"
        );
        let without: Error<()> = Error::MissingCredential {
            operation: "GetAPIKey",
            scheme: "oauth",
            credential: "token",
            setter: "Settings::credential",
            variable: None,
            alternatives: vec!["basicAuth", "bearerAuth"],
        };
        assert_eq!(
            without.to_string(),
            "operation GetAPIKey needs the token (security scheme `oauth`), which is not configured: set it with `Settings::credential`; the operation also accepts instead the security scheme `basicAuth` or `bearerAuth`"
        );
    }

    #[test]
    fn token_errors_say_what_the_endpoint_said() {
        let refused = TokenError::Refused {
            status: 401,
            error: Some("invalid_client".to_owned()),
            description: Some("unknown client".to_owned()),
        };
        let error: Error<()> = Error::<Infallible>::Token {
            operation: "ListPets",
            scheme: "petstore_auth",
            source: refused,
        }
        .widen();
        assert_eq!(
            error.to_string(),
            "could not get an access token for the security scheme `petstore_auth` of ListPets: the token endpoint answered HTTP 401: invalid_client (unknown client)"
        );
        assert!(std::error::Error::source(&error).is_some());
        let bare = TokenError::Refused {
            status: 500,
            error: None,
            description: None,
        };
        assert_eq!(bare.to_string(), "the token endpoint answered HTTP 500");
    }

    #[test]
    fn unknown_sites_list_the_valid_ones() {
        let error = ConfigError::unknown_site("nowhere", &["a.example", "b.example"]);
        assert_eq!(
            error.to_string(),
            "unknown site `nowhere`; valid sites are: a.example, b.example"
        );
        assert!(matches!(
            error,
            ConfigError::UnknownSite { ref given, ref valid }
                if given == "nowhere" && valid == &["a.example", "b.example"]
        ));
        let wrapped: Error<()> = error.into();
        assert!(matches!(wrapped, Error::Config(_)));
    }

    #[test]
    fn redirect_errors_show_the_origin_of_the_location_only() {
        let error = RedirectError {
            operation: "GetAPIKey",
            status: 302,
            location: Some("https://api.example:8443/api/v1/api_key/SECRETPATHKEY".to_owned()),
            reason: RedirectFailure::Loop,
        };
        assert_eq!(
            error.to_string(),
            "GetAPIKey was redirected (HTTP 302) to https://api.example:8443/…: the redirects loop"
        );
        let wrapped: Error<()> = Error::Redirect(Box::new(error.clone()));
        assert_eq!(wrapped.status(), Some(302));
        for text in [format!("{wrapped:?}"), wrapped.to_string()] {
            assert!(!text.contains("SECRETPATHKEY"), "{text}");
        }
        let invalid = RedirectError {
            location: None,
            reason: RedirectFailure::InvalidLocation,
            ..error
        };
        assert_eq!(
            invalid.to_string(),
            "GetAPIKey was redirected (HTTP 302) to an invalid location: \
             the location is not an http or https URL"
        );
    }
}
