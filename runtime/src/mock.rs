//! Typed mocks of generated operations (feature `mock`): a local server
//! that answers the calls a test programs with typed values, so code that
//! calls a generated client is tested without JSON strings and without a
//! network beyond 127.0.0.1.
//!
//! A generated crate built with its `mock` feature wraps [`MockServer`] and
//! gives it one method per operation, taking the operation's own
//! arguments; each returns an [`Expectation`] of that call. Answer it with
//! [`Expectation::respond`] (the operation's success type, with its
//! documented status) or [`Expectation::fail`] (its error body, with a
//! status), then `.await` the result to mount it:
//!
//! ```ignore
//! let mock = MockServer::start().await?;
//! mock.v2()
//!     .get_api_key("key-1", GetApiKeyParams::default())
//!     .respond(&ApiKeyResponse::default())
//!     .times(1)
//!     .await?;
//! let api = KeyManagementApi::new(mock.configuration())?;
//! ```
//!
//! # What an expectation matches
//!
//! Exactly the request the client sends for the same arguments: the
//! generated crate encodes a call in one function per operation, which
//! both the operation's method and its mock use, and the expected URL is
//! built by the same function as the client's. So an expectation matches
//!
//! * the operation's method and path, with the path parameter values
//!   encoded as the client encodes them;
//! * the **whole query string**: every parameter the expectation sets, with
//!   its value, and **no other**. An optional parameter left unset in the
//!   expectation must be absent from the request; a test that does not know
//!   a value cannot match the call (usually what a test wants: a call with
//!   an unexpected filter or page is a bug, and gets a 404);
//! * each header and cookie parameter: the value the expectation sets, or
//!   absent when it leaves it unset;
//! * the body: its `Content-Type`, and its bytes exactly as the client
//!   encodes them (form, text, binary and multipart bodies, whose boundary
//!   depends only on the parts, are compared byte for byte); a JSON body
//!   is compared as a JSON value, so object keys may come in any order.
//!   [`Expectation::any_body`] accepts any body instead.
//!
//! Credentials, the user agent and `Accept` are not matched: they come from
//! the configuration of the code under test, not from the call.
//!
//! A request no expectation matches is answered `404` with an empty body,
//! which the client reports as [`Error::UnexpectedStatus`]. When several
//! expectations match, the first one mounted answers. Mount one
//! expectation per page to mock a listing that pages.
//!
//! [`Mounting::times`] says how many calls are expected; the server checks
//! it when it is dropped, and panics (failing the test) when it was not
//! met, as wiremock does.
//!
//! Layer 10: imports from `error`, `operation`, `retry`, `encoding`,
//! `config`, `target`, `request` and `client`.

use std::convert::Infallible;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::net::{Ipv4Addr, TcpListener};
use std::pin::Pin;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
use serde::Serialize;
use wiremock::{Match, ResponseTemplate};

use crate::client::add_parameter_headers;
use crate::config::Settings;
use crate::encoding::Body;
use crate::error::{ConfigError, Error};
use crate::operation::{Method, Operation, Profile};
use crate::request::Request;
use crate::retry::RetryPolicy;
use crate::target;

/// The mock server crate, for what typed expectations do not cover: raw
/// responses ([`wiremock::ResponseTemplate`]), extra matchers, the
/// received [`wiremock::Request`]s.
pub use wiremock;

/// The value the configuration of a [`MockServer`] holds for every
/// credential: the server does not check credentials.
pub const PLACEHOLDER_CREDENTIAL: &str = "mock-credential";

/// Why a mock server could not start or an expectation could not be
/// mounted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MockError {
    /// No port could be bound on 127.0.0.1.
    #[error("the mock server could not listen on 127.0.0.1: {0}")]
    Listen(#[source] std::io::Error),
    /// The server's URL was refused as a base URL.
    #[error("the mock server's URL is not a valid base URL: {0}")]
    Config(#[source] ConfigError),
    /// The expected call cannot be encoded: the client refuses the same
    /// arguments with this error, before sending anything.
    #[error("the expected call cannot be encoded: {0}")]
    Request(#[source] Error<Infallible>),
    /// The response value could not be serialized.
    #[error("the response of {operation} could not be serialized: {source}")]
    Response {
        /// The operation id.
        operation: &'static str,
        /// The serializer's error.
        source: serde_json::Error,
    },
    /// The status is not an HTTP status code (100 to 999).
    #[error("{0} is not an HTTP status code")]
    Status(u16),
}

/// A mock server on 127.0.0.1, and the settings of a client that talks to
/// it. Requests that no mounted expectation matches are answered `404`.
///
/// A generated crate's `mock::MockServer` wraps it with its own
/// configuration and one accessor per API.
pub struct MockServer {
    server: wiremock::MockServer,
    settings: Settings,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.server.uri())
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts a server on a free port of 127.0.0.1 for the API described by
    /// `profile`.
    #[doc(hidden)]
    pub async fn start(profile: &'static Profile) -> Result<Self, MockError> {
        // Bound here rather than by wiremock, which panics when it cannot.
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(MockError::Listen)?;
        let server = wiremock::MockServer::builder()
            .listener(listener)
            .start()
            .await;
        let settings = settings(profile, &server.uri()).map_err(MockError::Config)?;
        Ok(MockServer { server, settings })
    }

    /// Settings that send every request to this server: a placeholder
    /// ([`PLACEHOLDER_CREDENTIAL`]) for every credential, and no retries, so
    /// that each call gets the one response programmed for it.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The server's base URL, `http://127.0.0.1:<port>`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// Every request the server received, in order, matched or not.
    pub async fn received_requests(&self) -> Vec<wiremock::Request> {
        // Recording is on: `start` leaves wiremock's default.
        self.server.received_requests().await.unwrap_or_default()
    }

    /// The wiremock server itself, to mount a [`wiremock::Mock`] of its own.
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.server
    }

    /// An expectation of `request`, answered as `success` says.
    #[doc(hidden)]
    pub fn expect<T, E>(
        &self,
        request: Result<Request, Error<Infallible>>,
        success: Success<T>,
    ) -> Expectation<'_, T, E> {
        Expectation {
            server: self,
            request,
            success,
            any_body: false,
            types: PhantomData,
        }
    }
}

/// The settings of a client of the server at `uri`.
fn settings(profile: &'static Profile, uri: &str) -> Result<Settings, ConfigError> {
    let settings = profile
        .credentials
        .iter()
        .fold(Settings::new(profile), |settings, spec| {
            settings.credential(spec.scheme, PLACEHOLDER_CREDENTIAL)
        });
    settings.retry(RetryPolicy::none()).base_url(uri)
}

/// How an operation's success value becomes a response: its documented
/// status, media type and encoding.
#[doc(hidden)]
pub struct Success<T> {
    status: u16,
    /// `None`: no body.
    content_type: Option<&'static str>,
    encode: fn(&T) -> Result<Vec<u8>, serde_json::Error>,
}

impl<T: Serialize> Success<T> {
    /// A JSON body.
    pub fn json(status: u16, content_type: &'static str) -> Self {
        Success {
            status,
            content_type: Some(content_type),
            encode: |value| serde_json::to_vec(value),
        }
    }
}

impl<T: Serialize> Success<Vec<T>> {
    /// A `text/event-stream` body: one event per value, its data the value
    /// as JSON.
    pub fn events(status: u16, content_type: &'static str) -> Self {
        Success {
            status,
            content_type: Some(content_type),
            encode: |events| {
                let mut body = Vec::new();
                for event in events {
                    body.extend_from_slice(b"data: ");
                    serde_json::to_writer(&mut body, event)?;
                    body.extend_from_slice(b"\n\n");
                }
                Ok(body)
            },
        }
    }
}

impl Success<String> {
    /// A text body, sent as it is.
    pub fn text(status: u16, content_type: &'static str) -> Self {
        Success {
            status,
            content_type: Some(content_type),
            encode: |text| Ok(text.as_bytes().to_vec()),
        }
    }
}

impl Success<Bytes> {
    /// A body of any other media type, sent as it is.
    pub fn bytes(status: u16, content_type: &'static str) -> Self {
        Success {
            status,
            content_type: Some(content_type),
            encode: |bytes| Ok(bytes.to_vec()),
        }
    }
}

impl Success<()> {
    /// No body.
    pub fn empty(status: u16) -> Self {
        Success {
            status,
            content_type: None,
            encode: |()| Ok(Vec::new()),
        }
    }
}

/// One expected call of an operation whose success value is `T` and whose
/// documented error body is `E`: answer it with [`respond`](Self::respond),
/// [`fail`](Self::fail) or [`respond_with`](Self::respond_with), then
/// `.await` the [`Mounting`] to mount it. See the [module docs](self) for
/// what it matches.
#[must_use = "an expectation does nothing until it is answered and mounted (`.respond(..).await`)"]
pub struct Expectation<'a, T, E> {
    server: &'a MockServer,
    request: Result<Request, Error<Infallible>>,
    success: Success<T>,
    any_body: bool,
    types: PhantomData<fn(&E)>,
}

impl<T, E> fmt::Debug for Expectation<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let operation = self.request.as_ref().ok().map(|r| r.operation.id);
        f.debug_struct("Expectation")
            .field("operation", &operation)
            .field("any_body", &self.any_body)
            .finish_non_exhaustive()
    }
}

impl<'a, T, E> Expectation<'a, T, E> {
    /// Accepts any request body (and `Content-Type`), for a test that does
    /// not know the body its code sends (a timestamp, a random name). The
    /// body given to the operation's mock is then not used.
    pub fn any_body(mut self) -> Self {
        self.any_body = true;
        self
    }

    /// Answers with `value` and the operation's documented success status
    /// (`()` for an operation without a response body).
    pub fn respond(self, value: &T) -> Mounting<'a> {
        let operation = self.operation_id();
        let success = &self.success;
        let response = (success.encode)(value)
            .map_err(|source| MockError::Response { operation, source })
            .and_then(|bytes| response(success.status, success.content_type, bytes));
        self.mounting(response)
    }

    /// Answers with `status` and `body` as a JSON error body: with a status
    /// the operation documents, the client returns [`Error::Api`] holding
    /// `body`.
    pub fn fail(self, status: u16, body: &E) -> Mounting<'a>
    where
        E: Serialize,
    {
        let operation = self.operation_id();
        let response = serde_json::to_vec(body)
            .map_err(|source| MockError::Response { operation, source })
            .and_then(|bytes| response(status, Some("application/json"), bytes));
        self.mounting(response)
    }

    /// Answers with `template` as it is: any status, headers, body or
    /// delay, for tests of what happens on the wire.
    pub fn respond_with(self, template: ResponseTemplate) -> Mounting<'a> {
        self.mounting(Ok(template))
    }

    fn operation_id(&self) -> &'static str {
        self.request
            .as_ref()
            .map_or("the operation", |request| request.operation.id)
    }

    /// The mock answering with `response`: the part that does not depend
    /// on `T` and `E`, compiled once.
    fn mounting(self, response: Result<ResponseTemplate, MockError>) -> Mounting<'a> {
        let server = self.server;
        let mock = self
            .request
            .map_err(MockError::Request)
            .and_then(|request| RequestMatcher::new(&server.settings, request, self.any_body))
            .and_then(|matcher| {
                let name = matcher.operation.id;
                Ok(wiremock::Mock::given(matcher)
                    .respond_with(response?)
                    .named(name))
            });
        Mounting { server, mock }
    }
}

/// A response with `status`, and `bytes` as its body when `content_type`
/// is set.
fn response(
    status: u16,
    content_type: Option<&str>,
    bytes: Vec<u8>,
) -> Result<ResponseTemplate, MockError> {
    // wiremock panics on a status outside 100..=999.
    if !(100..=999).contains(&status) {
        return Err(MockError::Status(status));
    }
    let template = ResponseTemplate::new(status);
    Ok(match content_type {
        Some(content_type) => template.set_body_raw(bytes, content_type),
        None => template,
    })
}

/// An answered expectation: `.await` it to mount it on the server.
#[must_use = "a mock is mounted only when awaited"]
pub struct Mounting<'a> {
    server: &'a MockServer,
    mock: Result<wiremock::Mock, MockError>,
}

impl fmt::Debug for Mounting<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mounting")
            .field("ready", &self.mock.is_ok())
            .finish_non_exhaustive()
    }
}

impl Mounting<'_> {
    /// Expects this many matching calls (`1`, `2..`, `..=3`), checked when
    /// the server is dropped: fewer or more fail the test.
    pub fn times(mut self, times: impl Into<wiremock::Times>) -> Self {
        self.mock = self.mock.map(|mock| mock.expect(times));
        self
    }
}

impl<'a> IntoFuture for Mounting<'a> {
    type Output = Result<(), MockError>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            self.server.server.register(self.mock?).await;
            Ok(())
        })
    }
}

/// Matches the one request a call sends (see the module docs).
struct RequestMatcher {
    operation: &'static Operation,
    method: Method,
    path: String,
    query: Option<String>,
    /// The header parameters that are set, as the client writes them.
    headers: HeaderMap,
    /// The header parameters that are not: they must be absent.
    absent: Vec<&'static str>,
    /// `None`: any body.
    body: Option<ExpectedBody>,
}

/// What the request body must be.
enum ExpectedBody {
    /// No body and no `Content-Type`.
    Empty,
    /// This `Content-Type` and these bytes; when the body is JSON, its
    /// value, which a received body may match instead of the bytes.
    Bytes {
        content_type: HeaderValue,
        bytes: Bytes,
        json: Option<serde_json::Value>,
    },
}

impl RequestMatcher {
    /// Encodes `request` as the client sends it with `settings`.
    fn new(settings: &Settings, request: Request, any_body: bool) -> Result<Self, MockError> {
        let op = request.operation;
        let path = request.path.map_err(MockError::Request)?;
        let url = target::url(settings, op, &path, &request.query).map_err(MockError::Request)?;
        let mut headers = HeaderMap::new();
        add_parameter_headers(&mut headers, op, &request.headers).map_err(MockError::Request)?;
        let absent = request
            .headers
            .iter()
            .filter(|(_, value)| value.is_none())
            .map(|(name, _)| *name)
            .collect();
        Ok(RequestMatcher {
            operation: op,
            method: op.method,
            path: url.path().to_owned(),
            query: url.query().map(str::to_owned),
            headers,
            absent,
            body: (!any_body).then(|| ExpectedBody::new(request.body.as_ref())),
        })
    }

    fn headers_match(&self, headers: &HeaderMap) -> bool {
        let set = self.headers.iter().all(|(name, value)| {
            let mut received = headers.get_all(name).iter();
            received.next() == Some(value) && received.next().is_none()
        });
        set && self.absent.iter().all(|name| !headers.contains_key(*name))
    }
}

impl Match for RequestMatcher {
    fn matches(&self, request: &wiremock::Request) -> bool {
        request.method.as_str() == self.method.as_str()
            && request.url.path() == self.path
            && request.url.query() == self.query.as_deref()
            && self.headers_match(&request.headers)
            && self
                .body
                .as_ref()
                .is_none_or(|body| body.matches(&request.headers, &request.body))
    }
}

impl ExpectedBody {
    fn new(body: Option<&Body>) -> Self {
        let Some(body) = body else {
            return ExpectedBody::Empty;
        };
        let content_type = body.content_type().clone();
        let json = is_json(&content_type)
            .then(|| serde_json::from_slice(body.as_bytes()).ok())
            .flatten();
        ExpectedBody::Bytes {
            content_type,
            bytes: body.bytes(),
            json,
        }
    }

    fn matches(&self, headers: &HeaderMap, received: &[u8]) -> bool {
        match self {
            ExpectedBody::Empty => received.is_empty() && !headers.contains_key(CONTENT_TYPE),
            ExpectedBody::Bytes {
                content_type,
                bytes,
                json,
            } => {
                headers.get(CONTENT_TYPE) == Some(content_type)
                    && (received == bytes.as_ref()
                        || json.as_ref().is_some_and(|expected| {
                            serde_json::from_slice::<serde_json::Value>(received)
                                .is_ok_and(|value| value == *expected)
                        }))
            }
        }
    }
}

/// Whether a media type is JSON: `application/json` or a `+json` type.
fn is_json(content_type: &HeaderValue) -> bool {
    let essence = content_type
        .to_str()
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Client;
    use crate::encoding::{encode_query, json_body, raw_body};
    use crate::fixtures::{LITERAL_SERVER, OPERATION, PROFILE};
    use crate::operation::{ErrorStatus, Requirement, TemplatePart};

    /// `PUT /things/{id}`, with a query, a header and a body.
    static PUT_THING: Operation = Operation {
        id: "PutThing",
        method: Method::Put,
        path: &[
            TemplatePart::Literal("/things/"),
            TemplatePart::Variable("id"),
        ],
        servers: &[LITERAL_SERVER],
        security: &[&[Requirement {
            scheme: "apiKeyAuth",
            scopes: &[],
        }]],
        error_statuses: &[ErrorStatus::Code(404)],
        ..OPERATION
    };

    #[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
    struct Thing {
        name: String,
        tags: std::collections::BTreeMap<String, String>,
    }

    #[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
    struct Problem {
        errors: Vec<String>,
    }

    #[derive(Serialize, Default)]
    struct Params {
        #[serde(skip_serializing_if = "Option::is_none")]
        limit: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        filter: Option<String>,
    }

    fn thing(name: &str) -> Thing {
        Thing {
            name: name.to_owned(),
            tags: [
                ("a".to_owned(), "1".to_owned()),
                ("b".to_owned(), "2".to_owned()),
            ]
            .into(),
        }
    }

    /// What a generated crate's request function does for `PutThing`.
    fn put_thing(
        id: &str,
        params: &Params,
        trace: Option<&str>,
        body: &Thing,
    ) -> Result<Request, Error<Infallible>> {
        let query = encode_query(params)?;
        let body = Some(json_body(body, "application/json")?);
        let headers = [("X-Trace", trace.map(str::to_owned))];
        Ok(Request::new(&PUT_THING, &[&id], query, &headers, body))
    }

    /// The operation's method: send, and decode a 2xx body as `Thing`.
    async fn call(
        client: &Client,
        request: Result<Request, Error<Infallible>>,
    ) -> Result<Thing, Error<Problem>> {
        let request = request.map_err(Error::widen)?;
        client.send(request).await.map_err(Error::widen)?.json()
    }

    async fn started() -> (MockServer, Client) {
        let mock = MockServer::start(&PROFILE).await.unwrap();
        let client = Client::new(mock.settings().clone()).unwrap();
        (mock, client)
    }

    fn expect_put<'a>(
        mock: &'a MockServer,
        params: &Params,
        trace: Option<&str>,
    ) -> Expectation<'a, Thing, Problem> {
        mock.expect(
            put_thing("a b/c", params, trace, &thing("in")),
            Success::json(201, "application/json"),
        )
    }

    #[tokio::test]
    async fn the_matching_call_gets_the_typed_response() {
        let (mock, client) = started().await;
        let params = Params {
            limit: Some(5),
            ..Params::default()
        };
        expect_put(&mock, &params, Some("t-1"))
            .respond(&thing("out"))
            .times(1)
            .await
            .unwrap();

        let got = call(
            &client,
            put_thing("a b/c", &params, Some("t-1"), &thing("in")),
        )
        .await;
        assert_eq!(got.unwrap(), thing("out"));
        let received = mock.received_requests().await;
        assert_eq!(received[0].url.path(), "/things/a%20b%2Fc");
        assert_eq!(received[0].url.query(), Some("limit=5"));
        assert_eq!(
            received[0].headers["x-api-key"].to_str().unwrap(),
            PLACEHOLDER_CREDENTIAL
        );
    }

    #[tokio::test]
    async fn the_query_and_headers_must_match_exactly() {
        let (mock, client) = started().await;
        let limited = Params {
            limit: Some(5),
            ..Params::default()
        };
        expect_put(&mock, &limited, None)
            .respond(&thing("out"))
            .times(1)
            .await
            .unwrap();

        let filtered = Params {
            limit: Some(5),
            filter: Some("x".to_owned()),
        };
        for (params, trace) in [
            (&filtered, None),
            (&Params::default(), None),
            (&limited, Some("t-1")),
        ] {
            let got = call(&client, put_thing("a b/c", params, trace, &thing("in"))).await;
            assert_eq!(got.unwrap_err().status(), Some(404));
        }
        let got = call(&client, put_thing("a b/c", &limited, None, &thing("in"))).await;
        assert_eq!(got.unwrap(), thing("out"));
    }

    #[tokio::test]
    async fn the_path_and_body_must_match_unless_any_body() {
        let (mock, client) = started().await;
        let params = Params::default();
        expect_put(&mock, &params, None)
            .respond(&thing("out"))
            .await
            .unwrap();

        let other_id = call(&client, put_thing("a b", &params, None, &thing("in"))).await;
        assert_eq!(other_id.unwrap_err().status(), Some(404));
        let other_body = call(&client, put_thing("a b/c", &params, None, &thing("else"))).await;
        assert_eq!(other_body.unwrap_err().status(), Some(404));

        expect_put(&mock, &params, None)
            .any_body()
            .respond(&thing("any"))
            .await
            .unwrap();
        let got = call(&client, put_thing("a b/c", &params, None, &thing("else"))).await;
        assert_eq!(got.unwrap(), thing("any"));
    }

    #[tokio::test]
    async fn a_failure_decodes_as_the_error_body() {
        let (mock, client) = started().await;
        let params = Params::default();
        expect_put(&mock, &params, None)
            .fail(
                404,
                &Problem {
                    errors: vec!["gone".to_owned()],
                },
            )
            .await
            .unwrap();

        match call(&client, put_thing("a b/c", &params, None, &thing("in"))).await {
            Err(Error::Api(error)) => {
                assert_eq!(error.status, 404);
                assert_eq!(error.body.errors, ["gone"]);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[tokio::test]
    async fn what_cannot_be_encoded_or_answered_is_an_error() {
        let (mock, _) = started().await;
        let params = Params::default();
        let bad_path = mock.expect::<Thing, Problem>(
            put_thing("..", &params, None, &thing("in")),
            Success::json(200, "application/json"),
        );
        let error = bad_path.respond(&thing("out")).await.unwrap_err();
        assert!(
            matches!(error, MockError::Request(Error::InvalidRequest(_))),
            "{error:?}"
        );

        let error = expect_put(&mock, &params, None)
            .fail(1000, &Problem { errors: Vec::new() })
            .await
            .unwrap_err();
        assert!(matches!(error, MockError::Status(1000)), "{error}");
        assert!(mock.received_requests().await.is_empty());
    }

    /// The matcher on requests written by hand.
    fn received(content_type: Option<&str>, body: &[u8]) -> wiremock::Request {
        let mut headers = wiremock::http::HeaderMap::new();
        if let Some(content_type) = content_type {
            headers.insert("content-type", content_type.parse().unwrap());
        }
        wiremock::Request {
            url: "http://127.0.0.1:1/things/t".parse().unwrap(),
            method: wiremock::http::Method::PUT,
            headers,
            body: body.to_vec(),
        }
    }

    fn matcher(body: Option<Body>) -> RequestMatcher {
        let settings = settings(&PROFILE, "http://127.0.0.1:1").unwrap();
        let request = Request::new(&PUT_THING, &[&"t"], String::new(), &[], body);
        RequestMatcher::new(&settings, request, false).unwrap()
    }

    #[test]
    fn json_bodies_match_as_values_others_byte_for_byte() {
        let json = matcher(Some(
            raw_body::<()>(r#"{"a":1,"b":[2]}"#, "application/json").unwrap(),
        ));
        assert!(json.matches(&received(Some("application/json"), br#"{"b":[2],"a":1}"#)));
        assert!(!json.matches(&received(Some("application/json"), br#"{"a":1}"#)));
        assert!(!json.matches(&received(Some("text/plain"), br#"{"a":1,"b":[2]}"#)));

        let form = matcher(Some(
            raw_body::<()>("a=1&b=2", "application/x-www-form-urlencoded").unwrap(),
        ));
        assert!(form.matches(&received(
            Some("application/x-www-form-urlencoded"),
            b"a=1&b=2"
        )));
        assert!(!form.matches(&received(
            Some("application/x-www-form-urlencoded"),
            b"b=2&a=1"
        )));

        let none = matcher(None);
        assert!(none.matches(&received(None, b"")));
        assert!(!none.matches(&received(Some("text/plain"), b"")));
        assert!(!none.matches(&received(None, b"x")));
    }

    #[test]
    fn json_media_types() {
        for (media_type, json) in [
            ("application/json", true),
            ("application/json; charset=utf-8", true),
            ("application/vnd.api+json", true),
            ("Application/JSON", true),
            ("text/plain", false),
            ("*/*", false),
        ] {
            assert_eq!(
                is_json(&HeaderValue::from_static(media_type)),
                json,
                "{media_type}"
            );
        }
    }

    #[test]
    fn success_values_are_encoded_by_kind() {
        let text = Success::text(200, "text/plain");
        assert_eq!((text.encode)(&"a \"b\"".to_owned()).unwrap(), b"a \"b\"");
        let json = Success::<String>::json(200, "application/json");
        assert_eq!((json.encode)(&"a".to_owned()).unwrap(), b"\"a\"");
        let bytes = Success::bytes(200, "image/png");
        assert_eq!(
            (bytes.encode)(&Bytes::from_static(&[0, 1])).unwrap(),
            [0, 1]
        );
        let empty = Success::empty(204);
        assert_eq!(empty.content_type, None);
        assert!((empty.encode)(&()).unwrap().is_empty());
    }
}
