//! The shared request executor and the operation metadata it runs on.

use std::convert::Infallible;
use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};
use serde::de::DeserializeOwned;
use tracing::Instrument;

use super::config::{ConfigError, Configuration};
use super::encoding::Body;
use super::error::{
    excerpt, BodyExcerpt, Error, RateLimit, ResponseContent, ResponseError, DECODE_EXCERPT,
};
use super::retry::{self, Outcome};
use crate::Site;

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
}

impl Method {
    /// The method name, e.g. `"GET"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// Whether sending the request twice has the same effect as once, which
    /// makes it safe to retry after a timeout or server error.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }

    fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
            Method::Head => reqwest::Method::HEAD,
            Method::Options => reqwest::Method::OPTIONS,
        }
    }
}

/// A credential an operation sends, and in which header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// The configured API key.
    ApiKey {
        /// Header name, e.g. `DD-API-KEY`.
        header: &'static str,
    },
    /// The configured application key.
    AppKey {
        /// Header name, e.g. `DD-APPLICATION-KEY`.
        header: &'static str,
    },
}

/// What the runtime needs to know about one API operation.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// The spec's `operationId`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path with `{placeholders}`, as in the spec.
    pub path_template: &'static str,
    /// The credentials to send.
    pub credentials: &'static [Credential],
    /// Sites on which the operation does not exist.
    pub unavailable_sites: &'static [Site],
    /// Documented error statuses whose body decodes as the error type.
    pub error_statuses: &'static [ErrorStatus],
}

/// An error status the spec documents with a body: one code (`404`), a
/// class (`4XX`), or the `default` response (any other error status).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorStatus {
    /// Exactly this status.
    Code(u16),
    /// Any status of this hundred: `Class(4)` is `4XX`.
    Class(u16),
    /// Any error status (the spec's `default` response).
    Default,
}

impl ErrorStatus {
    /// Whether `status` is documented by this entry.
    pub fn matches(self, status: u16) -> bool {
        match self {
            ErrorStatus::Code(code) => code == status,
            ErrorStatus::Class(class) => status / 100 == class,
            ErrorStatus::Default => true,
        }
    }
}

/// A server URL with `{variables}`, as in the spec's `servers`.
#[derive(Debug, Clone, Copy)]
pub struct ServerTemplate {
    /// The URL template, e.g. `https://{subdomain}.{site}`.
    pub url: &'static str,
    /// The variables and their defaults.
    pub variables: &'static [ServerVariable],
}

/// One server variable and its default value.
#[derive(Debug, Clone, Copy)]
pub struct ServerVariable {
    /// The variable name.
    pub name: &'static str,
    /// Its default value.
    pub default: &'static str,
}

impl ServerTemplate {
    /// Substitutes `{site}` with the configured site and every other variable
    /// with its configured override or default.
    fn render(&self, config: &Configuration) -> Result<String, Error<Infallible>> {
        let invalid = |reason: String| {
            Error::InvalidRequest(format!("server URL template `{}`: {reason}", self.url))
        };
        let mut url = String::with_capacity(self.url.len() + 32);
        let mut rest = self.url;
        while let Some(open) = rest.find('{') {
            url.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = after
                .find('}')
                .ok_or_else(|| invalid("unclosed `{`".to_owned()))?;
            let name = &after[..close];
            let value = if name == "site" {
                config.get_site().as_str()
            } else {
                config
                    .get_server_variable(name)
                    .or_else(|| {
                        self.variables
                            .iter()
                            .find(|v| v.name == name)
                            .map(|v| v.default)
                    })
                    .ok_or_else(|| invalid(format!("no value for variable `{name}`")))?
            };
            url.push_str(value);
            rest = &after[close + 1..];
        }
        url.push_str(rest);
        Ok(url)
    }
}

/// Executes operations: one per [`Configuration`], cheap to clone and share
/// between tasks. Its `Debug` output never contains the keys.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Configuration,
    http: reqwest::Client,
    user_agent: HeaderValue,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("configuration", &self.inner.config)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Builds a client, and its HTTP client unless one was configured.
    pub fn new(config: Configuration) -> Result<Self, ConfigError> {
        let user_agent = HeaderValue::from_str(config.get_user_agent())
            .map_err(|_| ConfigError::InvalidUserAgent)?;
        let http = match config.get_http_client() {
            Some(client) => client.clone(),
            // Redirects would forward the credential headers to another host.
            // Timeout and user agent are set per request, for both cases.
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(ConfigError::HttpClient)?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                config,
                http,
                user_agent,
            }),
        })
    }

    /// The configuration this client was built with.
    pub fn configuration(&self) -> &Configuration {
        &self.inner.config
    }

    /// Sends one operation, retrying as the [`RetryPolicy`](super::RetryPolicy)
    /// allows, and returns the final response whatever its status.
    ///
    /// `path` must be `op.path_template` with each placeholder replaced by an
    /// [`encode_path_segment`](super::encode_path_segment)ed value; `query` is
    /// the output of [`encode_query`](super::encode_query) (possibly empty).
    pub async fn send<E>(
        &self,
        op: &Operation,
        server: &ServerTemplate,
        path: &str,
        query: &str,
        body: Option<Body>,
    ) -> Result<RawResponse, Error<E>> {
        self.execute(op, server, path, query, &[], body)
            .await
            .map_err(Error::widen)
    }

    /// [`Client::send`] for an operation with header parameters: each
    /// `(name, Some(value))` is sent as a header, `None`s are left out.
    pub async fn send_with_headers<E>(
        &self,
        op: &Operation,
        server: &ServerTemplate,
        path: &str,
        query: &str,
        headers: &[(&'static str, Option<String>)],
        body: Option<Body>,
    ) -> Result<RawResponse, Error<E>> {
        self.execute(op, server, path, query, headers, body)
            .await
            .map_err(Error::widen)
    }

    /// The non-generic body of [`Client::send`].
    async fn execute(
        &self,
        op: &Operation,
        server: &ServerTemplate,
        path: &str,
        query: &str,
        extra_headers: &[(&'static str, Option<String>)],
        body: Option<Body>,
    ) -> Result<RawResponse, Error<Infallible>> {
        let config = &self.inner.config;
        let site = config.get_site();
        // Refuse even with a base URL override: the site is what the user
        // declared, and the operation does not exist there.
        if op.unavailable_sites.contains(&site) {
            return Err(Error::SiteUnavailable {
                operation: op.id,
                site,
            });
        }
        check_path(op, path)?;
        let url = self.url(server, path, query)?;
        let mut headers = self.headers(op, body.as_ref())?;
        add_parameter_headers(&mut headers, op, extra_headers)?;
        let body = body.map(|body| body.bytes());
        let policy = config.get_retry();
        let max_attempts = policy.max_attempts.max(1);
        let mut attempt: u32 = 1;
        loop {
            let span = tracing::info_span!(
                "datadog.request",
                operation = op.id,
                method = op.method.as_str(),
                path_template = op.path_template,
                attempt,
                status = tracing::field::Empty,
            );
            let result = self
                .attempt(op, url.clone(), headers.clone(), body.clone(), &span)
                .instrument(span.clone())
                .await;
            let outcome = classify(&result);
            if attempt >= max_attempts || !retry::is_retryable(op.method, outcome) {
                return result;
            }
            let rate_limit = result.as_ref().ok().map(RawResponse::rate_limit);
            let wait = retry::delay(&policy, attempt, outcome, rate_limit.as_ref());
            tracing::debug!(
                parent: &span,
                delay_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "retrying Datadog request"
            );
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One HTTP exchange, body included; records the status on `span`.
    async fn attempt(
        &self,
        op: &Operation,
        url: url::Url,
        headers: HeaderMap,
        body: Option<Bytes>,
        span: &tracing::Span,
    ) -> Result<RawResponse, Error<Infallible>> {
        let mut request = self
            .inner
            .http
            .request(op.method.to_reqwest(), url)
            .headers(headers)
            .timeout(self.inner.config.get_timeout());
        if let Some(body) = body {
            request = request.body(body);
        }
        let response = request.send().await.map_err(Error::transport)?;
        let status = response.status().as_u16();
        span.record("status", status);
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Error::transport)?;
        Ok(RawResponse {
            status,
            headers,
            body,
            operation: op.id,
            error_statuses: op.error_statuses,
        })
    }

    fn url(
        &self,
        server: &ServerTemplate,
        path: &str,
        query: &str,
    ) -> Result<url::Url, Error<Infallible>> {
        let mut url = match self.inner.config.get_base_url() {
            Some(base) => base.as_str().trim_end_matches('/').to_owned(),
            None => server.render(&self.inner.config)?,
        };
        url.push_str(path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(query);
        }
        url::Url::parse(&url)
            .map_err(|error| Error::InvalidRequest(format!("invalid request URL: {error}")))
    }

    fn headers(&self, op: &Operation, body: Option<&Body>) -> Result<HeaderMap, Error<Infallible>> {
        let config = &self.inner.config;
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        if let Some(body) = body {
            headers.insert(CONTENT_TYPE, body.content_type().clone());
        }
        for credential in op.credentials {
            let (header, key, what, variable) = match *credential {
                Credential::ApiKey { header } => {
                    (header, config.get_api_key(), "API key", "DD_API_KEY")
                }
                Credential::AppKey { header } => (
                    header,
                    config.get_app_key(),
                    "application key",
                    "DD_APP_KEY",
                ),
            };
            // The spec says the operation needs this key: without it the
            // server can only answer 403, so say what is missing instead.
            let Some(key) = key else {
                return Err(Error::MissingCredential {
                    operation: op.id,
                    credential: what,
                    variable,
                });
            };
            let name = HeaderName::from_bytes(header.as_bytes()).map_err(|_| {
                Error::InvalidRequest(format!("`{header}` is not a valid header name"))
            })?;
            // The message must not quote the key.
            let mut value = HeaderValue::from_str(key.expose()).map_err(|_| {
                Error::InvalidRequest(format!(
                    "the configured {what} contains characters that are not allowed in an HTTP header"
                ))
            })?;
            value.set_sensitive(true);
            headers.insert(name, value);
        }
        Ok(headers)
    }
}

/// Adds the operation's header parameters. A name or value that is not a
/// valid header is refused; the message names the header, not the value.
fn add_parameter_headers(
    headers: &mut HeaderMap,
    op: &Operation,
    parameters: &[(&'static str, Option<String>)],
) -> Result<(), Error<Infallible>> {
    for (name, value) in parameters {
        let Some(value) = value else { continue };
        let invalid = || {
            Error::InvalidRequest(format!(
                "{}: the `{name}` header parameter is not a valid HTTP header",
                op.id
            ))
        };
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
        let value = HeaderValue::from_str(value).map_err(|_| invalid())?;
        headers.insert(name, value);
    }
    Ok(())
}

/// Checks that `path` has the shape of `op.path_template` and that no path
/// parameter is empty or a dot segment. URL parsers resolve `..` (even as
/// `%2E%2E`), so such a value would silently address another resource.
fn check_path(op: &Operation, path: &str) -> Result<(), Error<Infallible>> {
    let invalid = |reason: String| Error::InvalidRequest(format!("{}: {reason}", op.id));
    let template: Vec<&str> = op.path_template.split('/').collect();
    let actual: Vec<&str> = path.split('/').collect();
    if template.len() != actual.len() {
        return Err(invalid(format!(
            "the path does not match `{}`",
            op.path_template
        )));
    }
    for (expected, segment) in template.into_iter().zip(actual) {
        let whole_parameter =
            expected.len() > 2 && expected.starts_with('{') && expected.ends_with('}');
        if whole_parameter {
            if segment.is_empty() {
                return Err(invalid(format!(
                    "path parameter {expected} must not be empty"
                )));
            }
            if is_dot_segment(segment) {
                return Err(invalid(format!(
                    "path parameter {expected} must not be `.` or `..`"
                )));
            }
        } else if !expected.contains('{') && expected != segment {
            return Err(invalid(format!(
                "the path does not match `{}`",
                op.path_template
            )));
        }
    }
    Ok(())
}

fn is_dot_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "." | "%2e" | ".." | ".%2e" | "%2e." | "%2e%2e"
    )
}

/// What a finished attempt means for retrying.
fn classify(result: &Result<RawResponse, Error<Infallible>>) -> Outcome {
    match result {
        Ok(response) => Outcome::Status(response.status),
        Err(Error::Connect(_)) => Outcome::Connect,
        Err(Error::Timeout(_)) => Outcome::Timeout,
        Err(Error::Request(_)) => Outcome::Transport,
        Err(_) => Outcome::Fatal,
    }
}

/// A complete response, not yet decoded.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The whole response body.
    pub body: Bytes,
    /// The operation id.
    pub operation: &'static str,
    /// The operation's documented error statuses.
    pub error_statuses: &'static [ErrorStatus],
}

impl RawResponse {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The rate-limit headers of the response.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(&self.headers)
    }

    /// Decodes a 2xx JSON body as `T`, or the error.
    pub fn json<T: DeserializeOwned, E: DeserializeOwned>(self) -> Result<T, Error<E>> {
        if !self.is_success() {
            return Err(self.into_error());
        }
        serde_json::from_slice(&self.body).map_err(|error| Error::Decode {
            operation: self.operation,
            status: self.status,
            message: error.to_string(),
            body_excerpt: BodyExcerpt(excerpt(&self.body, DECODE_EXCERPT)),
        })
    }

    /// Succeeds on any 2xx, ignoring the body (for operations without a
    /// response body, such as `204 No Content`), or returns the error.
    pub fn empty<E: DeserializeOwned>(self) -> Result<(), Error<E>> {
        if self.is_success() {
            Ok(())
        } else {
            Err(self.into_error())
        }
    }

    /// The error for this response: [`Error::Api`] when the status is
    /// documented and the body decodes as `E`, else
    /// [`Error::UnexpectedStatus`].
    pub fn into_error<E: DeserializeOwned>(self) -> Error<E> {
        let rate_limit = self.rate_limit();
        if self.error_statuses.iter().any(|s| s.matches(self.status)) {
            if let Ok(body) = serde_json::from_slice::<E>(&self.body) {
                return Error::Api(Box::new(ResponseError {
                    operation: self.operation,
                    status: self.status,
                    rate_limit,
                    headers: self.headers,
                    body,
                    raw: self.body,
                }));
            }
        }
        Error::UnexpectedStatus(Box::new(ResponseContent {
            operation: self.operation,
            status: self.status,
            rate_limit,
            headers: self.headers,
            body: self.body,
        }))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct ApiErrors {
        errors: Vec<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Key {
        id: String,
    }

    const OP: Operation = Operation {
        id: "GetAPIKey",
        method: Method::Get,
        path_template: "/api/v2/api_keys/{api_key_id}",
        credentials: &[],
        unavailable_sites: &[],
        error_statuses: &[
            ErrorStatus::Code(400),
            ErrorStatus::Code(403),
            ErrorStatus::Code(404),
            ErrorStatus::Code(429),
        ],
    };

    const SERVER: ServerTemplate = ServerTemplate {
        url: "https://{subdomain}.{site}",
        variables: &[
            ServerVariable {
                name: "site",
                default: "datadoghq.com",
            },
            ServerVariable {
                name: "subdomain",
                default: "api",
            },
        ],
    };

    fn response(status: u16, body: &'static [u8]) -> RawResponse {
        RawResponse {
            status,
            headers: HeaderMap::new(),
            body: Bytes::from_static(body),
            operation: OP.id,
            error_statuses: OP.error_statuses,
        }
    }

    #[test]
    fn decodes_success_bodies() {
        let key: Key = response(200, br#"{"id":"k1"}"#)
            .json::<_, ApiErrors>()
            .unwrap();
        assert_eq!(key.id, "k1");
        assert!(response(204, b"").empty::<ApiErrors>().is_ok());
    }

    #[test]
    fn malformed_success_bodies_are_decode_errors() {
        for body in [&b"{\"id\":"[..], b"<html>", b"", b"\xff\xfe"] {
            let body: &'static [u8] = Box::leak(body.to_vec().into_boxed_slice());
            match response(200, body).json::<Key, ApiErrors>() {
                Err(Error::Decode {
                    status,
                    body_excerpt,
                    ..
                }) => {
                    assert_eq!(status, 200);
                    assert!(!body_excerpt.is_empty());
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        let long: &'static [u8] = Box::leak(vec![b'['; 5000].into_boxed_slice());
        match response(200, long).json::<Key, ApiErrors>() {
            Err(Error::Decode { body_excerpt, .. }) => assert!(body_excerpt.len() <= 520),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn documented_error_statuses_decode_as_e() {
        let err = response(404, br#"{"errors":["Not found"]}"#)
            .json::<Key, ApiErrors>()
            .unwrap_err();
        match err {
            Error::Api(error) => {
                assert_eq!(error.status, 404);
                assert_eq!(error.body.errors, ["Not found"]);
                assert_eq!(&error.raw[..], br#"{"errors":["Not found"]}"#);
            }
            other => panic!("unexpected {other:?}"),
        }
        let err = response(403, br#"{"errors":["Forbidden"]}"#)
            .empty::<ApiErrors>()
            .unwrap_err();
        assert!(matches!(err, Error::Api(ref e) if e.status == 403));
    }

    #[test]
    fn other_errors_are_unexpected_statuses() {
        for (status, body) in [
            (502, &b"<html>Bad Gateway</html>"[..]),
            (418, br#"{"errors":["teapot"]}"#),
            (400, b"not json"),
            (404, b""),
            (302, b""),
        ] {
            let body: &'static [u8] = Box::leak(body.to_vec().into_boxed_slice());
            match response(status, body).json::<Key, ApiErrors>() {
                Err(Error::UnexpectedStatus(content)) => {
                    assert_eq!(content.status, status);
                    assert_eq!(&content.body[..], body);
                }
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn error_rate_limits_are_parsed() {
        let mut raw = response(429, br#"{"errors":["Too many requests"]}"#);
        raw.headers
            .insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
        let err = raw.json::<Key, ApiErrors>().unwrap_err();
        assert_eq!(err.rate_limit().and_then(|r| r.remaining), Some(0));
    }

    #[test]
    fn methods() {
        assert_eq!(Method::Patch.as_str(), "PATCH");
        assert_eq!(Method::Options.to_reqwest(), reqwest::Method::OPTIONS);
        assert!(Method::Delete.is_idempotent());
        assert!(!Method::Post.is_idempotent());
    }

    #[test]
    fn renders_server_templates() {
        let config = Configuration::new();
        let default = Site::default().as_str();
        assert_eq!(
            SERVER.render(&config).unwrap(),
            format!("https://api.{default}")
        );
        let other = Site::ALL[Site::ALL.len() - 1];
        let config = Configuration::new()
            .site(other)
            .server_variable("subdomain", "intake")
            .unwrap();
        assert_eq!(
            SERVER.render(&config).unwrap(),
            format!("https://intake.{}", other.as_str())
        );
        let broken = ServerTemplate {
            url: "https://{subdomain",
            variables: &[],
        };
        assert!(matches!(
            broken.render(&config),
            Err(Error::InvalidRequest(_))
        ));
        let unknown = ServerTemplate {
            url: "https://{region}.example",
            variables: &[],
        };
        assert!(matches!(
            unknown.render(&config),
            Err(Error::InvalidRequest(_))
        ));
    }

    #[test]
    fn builds_urls() {
        let client = Client::new(Configuration::new()).unwrap();
        let url = client
            .url(&SERVER, "/api/v2/api_keys/a%2Fb", "page%5Bsize%5D=5")
            .unwrap();
        assert_eq!(
            url.as_str(),
            format!(
                "https://api.{}/api/v2/api_keys/a%2Fb?page%5Bsize%5D=5",
                Site::default().as_str()
            )
        );
        let proxied = Client::new(
            Configuration::new()
                .base_url("http://127.0.0.1:9/dd/")
                .unwrap(),
        )
        .unwrap();
        let url = proxied.url(&SERVER, "/api/v2/api_keys", "").unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:9/dd/api/v2/api_keys");
    }

    #[test]
    fn path_parameters_cannot_traverse_or_vanish() {
        assert!(check_path(&OP, "/api/v2/api_keys/abc").is_ok());
        assert!(check_path(&OP, "/api/v2/api_keys/..%2Fx").is_ok());
        for bad in [
            "/api/v2/api_keys/",
            "/api/v2/api_keys/%2E%2E",
            "/api/v2/api_keys/%2e",
            "/api/v2/api_keys/.%2E",
            "/api/v2/api_keys/..",
            "/api/v2/api_keys/a/b",
            "/api/v2/app_keys/abc",
        ] {
            assert!(
                matches!(check_path(&OP, bad), Err(Error::InvalidRequest(_))),
                "{bad}"
            );
        }
        let encoded = format!(
            "/api/v2/api_keys/{}",
            super::super::encode_path_segment("..")
        );
        assert!(check_path(&OP, &encoded).is_err());
    }

    #[test]
    fn rejects_invalid_user_agents() {
        let err = Client::new(Configuration::new().user_agent("bad\nagent")).unwrap_err();
        assert!(matches!(err, ConfigError::InvalidUserAgent));
    }

    #[test]
    fn clients_futures_and_errors_can_cross_threads() {
        fn assert_send<T: Send>(_: &T) {}
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Client>();
        assert_send_sync::<Configuration>();
        assert_send_sync::<Error<ApiErrors>>();
        let client = Client::new(Configuration::new()).unwrap();
        // Never polled: only its type matters (it must work with tokio::spawn).
        let future = client.send::<ApiErrors>(&OP, &SERVER, "/api/v2/api_keys/k", "", None);
        assert_send(&future);
    }

    #[test]
    fn client_debug_is_redacted() {
        let client = Client::new(
            Configuration::new()
                .api_key("SECRETAPIKEY123")
                .app_key("SECRETAPPKEY456"),
        )
        .unwrap();
        let text = format!("{client:?}");
        assert!(
            !text.contains("SECRETAPIKEY123") && !text.contains("SECRETAPPKEY456"),
            "{text}"
        );
        let clone = client.clone();
        assert!(Arc::ptr_eq(&client.inner, &clone.inner));
    }
}
