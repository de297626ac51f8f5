//! The shared request executor.
//!
//! Layer 9: imports from `located`, `error`, `operation`, `retry`,
//! `encoding`, `config`, `target`, `auth`, `request` and `streaming`.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::auth::Auth;
use crate::config::Settings;
use crate::encoding::Body;
use crate::error::{
    excerpt, BodyExcerpt, ConfigError, Error, RateLimit, ResponseContent, ResponseError,
    DECODE_EXCERPT,
};
use crate::located;
use crate::operation::{ErrorStatus, Operation};
use crate::request::Request;
use crate::retry::{self, Outcome};
use crate::streaming::{ByteStream, EventStream};
use crate::target;

/// A request ready to be sent, as many times as the retry policy allows.
struct Prepared {
    url: url::Url,
    headers: HeaderMap,
    body: Option<Bytes>,
}

/// Executes operations: one per [`Settings`], cheap to clone and share
/// between tasks. Its `Debug` output never contains a credential.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    settings: Settings,
    http: reqwest::Client,
    user_agent: HeaderValue,
    /// The credentials' token cache.
    auth: Auth,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("configuration", &self.inner.settings)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Builds a client and its HTTP client.
    ///
    /// The HTTP client is `reqwest::Client::builder()`, adjusted by the
    /// customization given to [`Settings::http_client`] if any, then told
    /// never to follow redirects (see the [crate docs](crate#redirects)) and
    /// never to log the bytes it sends and receives (see the [crate
    /// docs](crate#tracing)).
    pub fn new(settings: impl Into<Settings>) -> Result<Self, ConfigError> {
        let settings = settings.into();
        let user_agent = HeaderValue::from_str(settings.get_user_agent())
            .map_err(|_| ConfigError::InvalidUserAgent)?;
        // Set after the customization, so that no caller setting can undo
        // them: a followed redirect sends the key headers to another host,
        // and wire logging writes them (and bodies holding new keys) to the
        // `log` records. Timeout and user agent are set per request.
        let http = settings
            .http_client_builder()
            .redirect(reqwest::redirect::Policy::none())
            .connection_verbose(false)
            .build()
            .map_err(ConfigError::HttpClient)?;
        Ok(Client {
            inner: Arc::new(Inner {
                settings,
                auth: Auth::new(http.clone()),
                http,
                user_agent,
            }),
        })
    }

    /// The settings this client was built with.
    pub fn configuration(&self) -> &Settings {
        &self.inner.settings
    }

    /// Sends one operation call, retrying as the
    /// [`RetryPolicy`](crate::RetryPolicy) allows, and returns the final
    /// response whatever its status.
    ///
    /// `request` is the call's arguments, encoded by generated code; the
    /// settings add the server and standard headers, and each attempt the
    /// credentials. The whole
    /// HTTP request is built before this returns, so the future borrows
    /// nothing but the client: it is `Send` whatever the argument types. Not
    /// generic, so that it is compiled once; give its error the operation's
    /// type with [`Error::widen`].
    #[doc(hidden)]
    pub fn send(
        &self,
        request: Request,
    ) -> impl Future<Output = Result<RawResponse, Error<Infallible>>> + Send + '_ {
        let op = request.operation;
        let prepared = self.prepare(request);
        async move {
            let request = prepared?;
            self.execute(op, request).await
        }
    }

    /// Sends one operation call like [`Client::send`], but reads the body of
    /// a 2xx response only as the caller takes it: no `max_response_body`
    /// cap, and retries end when a 2xx response's head has arrived. Any
    /// other response is read whole (capped) and retried as by `send`, so
    /// that [`StreamingResponse::bytes`] and [`StreamingResponse::events`]
    /// decode it as [`RawResponse::into_error`] does.
    ///
    /// A generated streaming method is
    /// `client.send_streaming(request).await.map_err(Error::widen)?.events()`.
    #[doc(hidden)]
    pub fn send_streaming(
        &self,
        request: Request,
    ) -> impl Future<Output = Result<StreamingResponse, Error<Infallible>>> + Send + '_ {
        let op = request.operation;
        let prepared = self.prepare(request);
        async move {
            let request = prepared?;
            self.execute(op, request).await
        }
    }

    /// Everything that does not need the network: site check, URL, headers
    /// (credentials are added per attempt).
    fn prepare(&self, request: Request) -> Result<Prepared, Error<Infallible>> {
        let op = request.operation;
        if op.unstable && !self.inner.settings.is_unstable_enabled(op.id) {
            return Err(Error::UnstableDisabled { operation: op.id });
        }
        // Refuse even with a base URL override: the site is what the user
        // declared, and the operation does not exist there.
        if let Some(site) = self.inner.settings.get_site() {
            if op.unavailable_sites.contains(&site) {
                return Err(Error::SiteUnavailable {
                    operation: op.id,
                    site,
                });
            }
        }
        let path = request.path?;
        let url = target::url(&self.inner.settings, op, &path, &request.query)?;
        let mut headers = self.headers(op, request.body.as_ref())?;
        add_parameter_headers(&mut headers, op, &request.headers)?;
        Ok(Prepared {
            url,
            headers,
            body: request.body.map(|body| body.bytes()),
        })
    }

    /// The attempts of one prepared request. An attempt that sent an access
    /// token and got a 401 is followed, once, by one with a renewed token,
    /// which the retry policy does not count.
    async fn execute<R: Received>(
        &self,
        op: &'static Operation,
        request: Prepared,
    ) -> Result<R, Error<Infallible>> {
        let policy = self.inner.settings.get_retry();
        let mut max_attempts = policy.max_attempts.max(1);
        let mut attempt: u32 = 1;
        let mut renewed = false;
        loop {
            let span = (op.profile.span)(op, attempt);
            let mut url = request.url.clone();
            let mut headers = request.headers.clone();
            let attached = self
                .inner
                .auth
                .attach(&self.inner.settings, op, &mut url, &mut headers)
                .instrument(span.clone())
                .await?;
            let result = self
                .attempt::<R>(op, url, headers, request.body.clone(), &span)
                .instrument(span.clone())
                .await;
            let refused = matches!(&result, Ok(response) if response.status() == 401);
            if refused && attached.has_tokens() && !renewed {
                tracing::debug!(parent: &span, "access token refused; renewing it");
                self.inner.auth.renew(&attached).await;
                renewed = true;
                max_attempts = max_attempts.saturating_add(1);
                attempt += 1;
                continue;
            }
            let outcome = classify(&result);
            if attempt >= max_attempts || !retry::is_retryable(op.method, outcome) {
                return result;
            }
            let rate_limit = result
                .as_ref()
                .ok()
                .map(|response| RateLimit::from_headers(response.headers()));
            let wait = retry::delay(&policy, attempt, outcome, rate_limit.as_ref());
            tracing::debug!(
                parent: &span,
                delay_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "retrying request"
            );
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One HTTP exchange, as much of the body as `R` reads; records the
    /// status on `span`.
    async fn attempt<R: Received>(
        &self,
        op: &'static Operation,
        url: url::Url,
        headers: HeaderMap,
        body: Option<Bytes>,
        span: &tracing::Span,
    ) -> Result<R, Error<Infallible>> {
        let mut request = self
            .inner
            .http
            .request(op.method.to_reqwest(), url)
            .headers(headers)
            .timeout(self.inner.settings.get_timeout());
        if let Some(body) = body {
            request = request.body(body);
        }
        let response = request.send().await.map_err(Error::transport)?;
        span.record("status", response.status().as_u16());
        R::receive(op, response, self.inner.settings.get_max_response_body()).await
    }

    /// The standard headers.
    fn headers(&self, op: &Operation, body: Option<&Body>) -> Result<HeaderMap, Error<Infallible>> {
        let mut headers = HeaderMap::new();
        let accept = HeaderValue::from_str(op.accept).map_err(|_| {
            Error::InvalidRequest(format!(
                "{}: `{}` is not a valid Accept header",
                op.id, op.accept
            ))
        })?;
        headers.insert(ACCEPT, accept);
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        if let Some(body) = body {
            headers.insert(CONTENT_TYPE, body.content_type().clone());
        }
        Ok(headers)
    }
}

/// Adds the operation's header parameters. A name or value that is not a
/// valid header is refused; the message names the header, not the value.
pub(crate) fn add_parameter_headers(
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

/// The whole body of `response`, or `None` if it is larger than `limit`
/// bytes: known at once when its length is declared, else as soon as more
/// than `limit` bytes have arrived. Nothing beyond the limit is kept, so an
/// endless body costs at most `limit` bytes of memory.
async fn read_body(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<Option<Bytes>, reqwest::Error> {
    let declared = response.content_length().map(usize::try_from);
    let mut body = match declared {
        // Reserved up to a megabyte: the length is the server's word, and
        // the limit may be lifted.
        Some(Ok(length)) if length <= limit => BytesMut::with_capacity(length.min(1 << 20)),
        Some(_) => return Ok(None),
        None => BytesMut::new(),
    };
    while let Some(chunk) = response.chunk().await? {
        if chunk.len() > limit - body.len() {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body.freeze()))
}

/// What an attempt takes of a response whose head has arrived: all of it
/// ([`RawResponse`]), or the head of a 2xx response and its body to read
/// later ([`StreamingResponse`]).
trait Received: Sized {
    /// The HTTP status.
    fn status(&self) -> u16;

    /// The response headers.
    fn headers(&self) -> &HeaderMap;

    /// Takes `response`, reading at most `limit` bytes of it.
    fn receive(
        op: &'static Operation,
        response: reqwest::Response,
        limit: usize,
    ) -> impl Future<Output = Result<Self, Error<Infallible>>> + Send;
}

impl Received for RawResponse {
    fn status(&self) -> u16 {
        self.status
    }

    fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    async fn receive(
        op: &'static Operation,
        mut response: reqwest::Response,
        limit: usize,
    ) -> Result<Self, Error<Infallible>> {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = read_body(&mut response, limit)
            .await
            .map_err(Error::transport)?
            .ok_or(Error::ResponseTooLarge {
                operation: op.id,
                status,
                limit,
            })?;
        Ok(RawResponse {
            status,
            headers,
            body,
            operation: op.id,
            error_statuses: op.error_statuses,
        })
    }
}

/// What an attempt means for retrying.
fn classify<R: Received>(result: &Result<R, Error<Infallible>>) -> Outcome {
    match result {
        Ok(response) => Outcome::Status(response.status()),
        Err(Error::Connect(_)) => Outcome::Connect,
        Err(Error::Timeout(_)) => Outcome::Timeout,
        Err(Error::Request(_)) => Outcome::Transport,
        Err(_) => Outcome::Fatal,
    }
}

/// A complete response, not yet decoded.
#[doc(hidden)]
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
        located::from_slice(&self.body).map_err(|located| Error::Decode {
            operation: self.operation,
            status: self.status,
            path: located.path.to_string(),
            message: located.reason,
            body_excerpt: BodyExcerpt(excerpt(&self.body, DECODE_EXCERPT)),
        })
    }

    /// A 2xx `text/*` body as text, or the error. A body that is not UTF-8
    /// is a decode error.
    pub fn text<E: DeserializeOwned>(self) -> Result<String, Error<E>> {
        if !self.is_success() {
            return Err(self.into_error());
        }
        String::from_utf8(self.body.to_vec()).map_err(|error| Error::Decode {
            operation: self.operation,
            status: self.status,
            path: String::new(),
            message: format!("the text body is not UTF-8: {error}"),
            body_excerpt: BodyExcerpt(excerpt(&self.body, DECODE_EXCERPT)),
        })
    }

    /// A 2xx body of any media type, as it came, or the error.
    pub fn bytes<E: DeserializeOwned>(self) -> Result<Bytes, Error<E>> {
        if self.is_success() {
            Ok(self.body)
        } else {
            Err(self.into_error())
        }
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

/// The response of [`Client::send_streaming`]: a 2xx response whose body
/// is still to be read, or any other response read whole.
#[doc(hidden)]
#[derive(Debug)]
pub struct StreamingResponse {
    received: Streamed,
    /// `max_response_body`, the most one event of an event stream holds.
    limit: usize,
}

#[derive(Debug)]
enum Streamed {
    Open(ByteStream<Infallible>),
    Whole(RawResponse),
}

impl StreamingResponse {
    /// The body of a 2xx response as a stream of chunks, or the error
    /// ([`Error::Api`] or [`Error::UnexpectedStatus`]).
    pub fn bytes<E: DeserializeOwned>(self) -> Result<ByteStream<E>, Error<E>> {
        match self.received {
            Streamed::Open(stream) => Ok(stream.widen()),
            Streamed::Whole(raw) if raw.is_success() => Ok(ByteStream::whole(
                raw.operation,
                raw.status,
                raw.headers,
                raw.body,
            )),
            Streamed::Whole(raw) => Err(raw.into_error()),
        }
    }

    /// The body of a 2xx `text/event-stream` response as a stream of
    /// events decoded as `T`, or the error.
    pub fn events<T: DeserializeOwned, E: DeserializeOwned>(
        self,
    ) -> Result<EventStream<T, E>, Error<E>> {
        let limit = self.limit;
        self.bytes().map(|bytes| EventStream::new(bytes, limit))
    }
}

impl Received for StreamingResponse {
    fn status(&self) -> u16 {
        match &self.received {
            Streamed::Open(stream) => stream.status(),
            Streamed::Whole(raw) => raw.status,
        }
    }

    fn headers(&self) -> &HeaderMap {
        match &self.received {
            Streamed::Open(stream) => stream.headers(),
            Streamed::Whole(raw) => &raw.headers,
        }
    }

    async fn receive(
        op: &'static Operation,
        response: reqwest::Response,
        limit: usize,
    ) -> Result<Self, Error<Infallible>> {
        let received = if response.status().is_success() {
            Streamed::Open(ByteStream::new(op.id, response))
        } else {
            Streamed::Whole(RawResponse::receive(op, response, limit).await?)
        };
        Ok(StreamingResponse { received, limit })
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;
    use crate::operation::{
        CredentialKind, CredentialSpec, KeyLocation, Method, Profile, Requirement, Server,
        ServerVariable, TemplatePart,
    };

    #[derive(Debug, Deserialize, PartialEq)]
    struct ApiErrors {
        errors: Vec<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Key {
        id: String,
    }

    fn span(_: &Operation, attempt: u32) -> tracing::Span {
        tracing::info_span!("test.request", attempt, status = tracing::field::Empty)
    }

    const PROFILE: Profile = Profile {
        name: "Test API",
        sites: &["one.example", "two.example"],
        default_site: 0,
        site_variable: Some("site"),
        site_env: None,
        credentials: &[
            CredentialSpec {
                scheme: "apiKeyAuth",
                kind: CredentialKind::ApiKey {
                    location: KeyLocation::Header,
                    name: "X-Api-Key",
                },
                label: "API key",
                setter: None,
                env: &[],
            },
            CredentialSpec {
                scheme: "appKeyAuth",
                kind: CredentialKind::ApiKey {
                    location: KeyLocation::Header,
                    name: "X-App-Key",
                },
                label: "application key",
                setter: None,
                env: &[],
            },
        ],
        user_agent: "test/1",
        span,
    };

    const SERVER: Server = Server {
        url: &[
            TemplatePart::Literal("https://"),
            TemplatePart::Variable("subdomain"),
            TemplatePart::Literal("."),
            TemplatePart::Variable("site"),
        ],
        variables: &[
            ServerVariable {
                name: "site",
                default: "one.example",
            },
            ServerVariable {
                name: "subdomain",
                default: "api",
            },
        ],
    };

    const OP: Operation = Operation {
        id: "GetAPIKey",
        method: Method::Get,
        path: &[
            TemplatePart::Literal("/api/v2/api_keys/"),
            TemplatePart::Variable("api_key_id"),
        ],
        server: &SERVER,
        profile: &PROFILE,
        security: &[&[
            Requirement {
                scheme: "apiKeyAuth",
                scopes: &[],
            },
            Requirement {
                scheme: "appKeyAuth",
                scopes: &[],
            },
        ]],
        unavailable_sites: &[],
        accept: "application/json",
        unstable: false,
        error_statuses: &[
            ErrorStatus::Code(400),
            ErrorStatus::Code(403),
            ErrorStatus::Code(404),
            ErrorStatus::Code(429),
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
    fn rejects_invalid_user_agents() {
        let err = Client::new(Settings::new(&PROFILE).user_agent("bad\nagent")).unwrap_err();
        assert!(matches!(err, ConfigError::InvalidUserAgent));
    }

    #[tokio::test]
    async fn unknown_schemes_are_invalid_requests() {
        static ODD: Operation = Operation {
            security: &[&[Requirement {
                scheme: "nope",
                scopes: &[],
            }]],
            ..OP
        };
        let client = Client::new(Settings::new(&PROFILE)).unwrap();
        let error = client
            .send(Request::new(&ODD, &[&"k"], String::new(), &[], None))
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::InvalidRequest(ref m) if m.contains("`nope`")),
            "{error:?}"
        );
    }

    #[test]
    fn clients_futures_and_errors_can_cross_threads() {
        fn assert_send<T: Send>(_: &T) {}
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Client>();
        assert_send_sync::<Settings>();
        assert_send_sync::<Error<ApiErrors>>();
        assert_send_sync::<RawResponse>();
        let client = Client::new(Settings::new(&PROFILE)).unwrap();
        // Never polled: only its type matters (it must work with tokio::spawn),
        // and it must not borrow the arguments (`Rc` is neither `Send` nor
        // `Sync`, and the value is dropped before the future).
        let id = std::rc::Rc::new("k".to_owned());
        let future = client.send(Request::new(&OP, &[&id], String::new(), &[], None));
        drop(id);
        assert_send(&future);
    }

    #[test]
    fn client_debug_is_redacted() {
        let client = Client::new(
            Settings::new(&PROFILE)
                .credential("apiKeyAuth", "SECRETAPIKEY123")
                .credential("appKeyAuth", "SECRETAPPKEY456"),
        )
        .unwrap();
        let text = format!("{client:?}");
        assert!(
            !text.contains("SECRETAPIKEY123") && !text.contains("SECRETAPPKEY456"),
            "{text}"
        );
        let clone = client.clone();
        assert!(Arc::ptr_eq(&client.inner, &clone.inner));
        assert_eq!(client.configuration().get_user_agent(), "test/1");
    }
}
