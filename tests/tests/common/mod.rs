//! Helpers shared by the end-to-end client tests (`client_v1.rs`,
//! `client_v2.rs`, `client_behaviour.rs`): a configured client pointed at a
//! local wiremock server, mocks that insist on the credential headers, and
//! assertions on what the server received.
//!
//! Everything listens on 127.0.0.1 only.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

pub mod raw_server;

use std::fmt;
use std::time::Duration;

use datadog_key_management::{v1, v2, Configuration, Error, RetryPolicy};
use serde_json::Value;
use wiremock::matchers::{header, method, path};
use wiremock::{MockBuilder, MockServer, Request, ResponseTemplate};

/// The API key the tests configure. Long and distinctive, so that any leak
/// into a `Debug` or `Display` output is caught by a substring search.
pub const API_KEY: &str = "dd0api0key0c0ffee0123456789abcdefSECRET";
/// The application key the tests configure.
pub const APP_KEY: &str = "dd0app0key0deadbeef0fedcba9876543210SECRET";

/// The `User-Agent` the client sends unless told otherwise.
pub const DEFAULT_USER_AGENT: &str = "datadog-key-management-rust/0.1.0";

/// A configuration that sends everything to `server`, with both keys and
/// the default retry policy.
pub fn config(server: &MockServer) -> Configuration {
    Configuration::new()
        .base_url(&server.uri())
        .expect("the mock server's URI is a valid base URL")
        .api_key(API_KEY)
        .app_key(APP_KEY)
}

/// Retries with delays short enough for tests (server-provided delays such as
/// `X-RateLimit-Reset` are still honoured up to five seconds).
pub fn fast_retries(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_secs(5),
    }
}

pub fn v1_api(server: &MockServer) -> v1::KeyManagementApi {
    v1::KeyManagementApi::new(config(server)).expect("client builds")
}

pub fn v2_api(server: &MockServer) -> v2::KeyManagementApi {
    v2::KeyManagementApi::new(config(server)).expect("client builds")
}

/// A mock matching `verb` on exactly `route`, with both credential headers
/// and `Accept: application/json`.
pub fn authed(verb: &str, route: &str) -> MockBuilder {
    wiremock::Mock::given(method(verb))
        .and(path(route))
        .and(header("DD-API-KEY", API_KEY))
        .and(header("DD-APPLICATION-KEY", APP_KEY))
        .and(header("accept", "application/json"))
}

/// A response with `body` sent verbatim as `application/json`.
pub fn json_response(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_owned(), "application/json")
}

/// `{"errors": [message]}` with `status`: the documented error body.
pub fn error_response(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(serde_json::json!({ "errors": [message] }))
}

pub fn parse(json: &str) -> Value {
    serde_json::from_str(json).expect("embedded example is valid JSON")
}

/// `value` with its date-times written as chrono writes them
/// (`2020-11-23T10:00:00.000Z` becomes `2020-11-23T10:00:00Z`: the same
/// instant). Re-serializing a decoded response is compared with the body it
/// came from through this, on both sides: some timestamps are `String`s in
/// the spec and keep their text, others are date-times.
pub fn canonical_times(mut value: Value) -> Value {
    fn canonical(value: &mut Value) {
        match value {
            Value::String(text) => {
                if let Ok(at) = text.parse::<datadog_key_management::DateTime>() {
                    *text = serde_json::to_value(at)
                        .unwrap()
                        .as_str()
                        .unwrap()
                        .to_owned();
                }
            }
            Value::Array(items) => items.iter_mut().for_each(canonical),
            Value::Object(map) => map.values_mut().for_each(canonical),
            _ => {}
        }
    }
    canonical(&mut value);
    value
}

/// A decoded response, serialized again, with [`canonical_times`].
pub fn reserialized<T: serde::Serialize>(response: &T) -> Value {
    canonical_times(serde_json::to_value(response).expect("a model serializes"))
}

/// Every request the server received, in order.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// The one request the server received.
pub async fn only_request(server: &MockServer) -> Request {
    let mut all = requests(server).await;
    assert_eq!(
        all.len(),
        1,
        "expected exactly one request, got {:?}",
        all.iter().map(describe).collect::<Vec<_>>()
    );
    all.remove(0)
}

/// `METHOD /raw/path?raw&query`, for assertion messages.
pub fn describe(request: &Request) -> String {
    match request.url.query() {
        Some(query) => format!("{} {}?{}", request.method, request.url.path(), query),
        None => format!("{} {}", request.method, request.url.path()),
    }
}

pub fn header_value<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().expect("ASCII header"))
}

/// Asserts what went over the wire: the method, the raw (still
/// percent-encoded) path and query string, the credential and content
/// headers, and the JSON body (`None`: no body and no `Content-Type`).
pub fn assert_request(
    request: &Request,
    verb: &str,
    raw_path: &str,
    raw_query: Option<&str>,
    body: Option<Value>,
) {
    assert_eq!(request.method.as_str(), verb, "{}", describe(request));
    assert_eq!(request.url.path(), raw_path, "{}", describe(request));
    assert_eq!(request.url.query(), raw_query, "{}", describe(request));
    assert_eq!(header_value(request, "dd-api-key"), Some(API_KEY));
    assert_eq!(header_value(request, "dd-application-key"), Some(APP_KEY));
    assert_eq!(header_value(request, "accept"), Some("application/json"));
    assert_eq!(
        header_value(request, "user-agent"),
        Some(DEFAULT_USER_AGENT)
    );
    match body {
        Some(expected) => {
            assert_eq!(
                header_value(request, "content-type"),
                Some("application/json")
            );
            let sent: Value = request.body_json().expect("the body is JSON");
            assert_eq!(sent, expected, "{}", describe(request));
        }
        None => {
            assert_eq!(header_value(request, "content-type"), None);
            assert!(
                request.body.is_empty(),
                "unexpected body {:?}",
                String::from_utf8_lossy(&request.body)
            );
        }
    }
}

/// Asserts that `text` contains neither configured key, nor a recognisable
/// piece of one.
pub fn assert_no_secrets(text: &str) {
    for secret in [API_KEY, APP_KEY] {
        assert!(!text.contains(secret), "a key leaked into: {text}");
        let piece = &secret[..16];
        assert!(!text.contains(piece), "part of a key leaked into: {text}");
    }
}

/// `error`'s message followed by those of its sources, as error reporters
/// (`anyhow`'s `{:#}`, `tracing`'s error fields, ...) print it.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Asserts that neither the `Debug` (plain and pretty) nor the `Display`
/// output of `error`, nor that of any of its sources, contains a key.
pub fn assert_redacted<E: fmt::Debug + 'static>(error: &Error<E>) {
    assert_no_secrets(&format!("{error:?}"));
    assert_no_secrets(&format!("{error:#?}"));
    assert_no_secrets(&error.to_string());
    assert_no_secrets(&error_chain(error));
}
