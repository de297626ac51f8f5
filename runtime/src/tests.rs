//! End-to-end tests of [`Client::send`] against a local mock server.
//!
//! They need `tokio` (macros, rt-multi-thread) and `wiremock` as
//! dev-dependencies. Everything listens on loopback addresses only
//! (127.0.0.1, and 127.0.0.2 for the host a redirect must not reach).

use std::fmt::{self, Write as _};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;
#[allow(unused_imports)]
use crate::__private::{
    append_object_query, comma_separated, cookie_header, encode_query, form_body, header_list,
    json_body, json_text, page_param, page_total, page_value, paginate, paginate_cursor,
    pipe_separated, raw_body, require_version, space_separated, Advance, CredentialKind,
    CredentialSpec, KeyLocation, Multipart, Operation, Page, PathList, PathObject, PathValue,
    Profile, RawResponse, Request, Requirement, Server, ServerVariable, StreamingResponse,
    TemplatePart,
};
use crate::fixtures::{OPERATION, PROFILE};

mod transport;

const API_KEY: &str = "0123456789abcdefAPIKEYSECRET";
const APP_KEY: &str = "fedcba9876543210APPKEYSECRET";

#[derive(Debug, Deserialize, PartialEq)]
struct ApiErrors {
    errors: Vec<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Key {
    id: String,
}

type Result<T> = std::result::Result<T, Error<ApiErrors>>;

/// An operation on one key (`/api/v2/api_keys/{api_key_id}`).
fn operation(method: Method) -> &'static Operation {
    Box::leak(Box::new(Operation {
        id: "TestOperation",
        method,
        ..OPERATION
    }))
}

/// Three attempts with millisecond backoff, so tests stay fast.
fn fast_retries(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_secs(5),
    }
}

fn settings() -> Settings {
    Settings::new(&PROFILE)
        .credential("apiKeyAuth", API_KEY)
        .credential("appKeyAuth", APP_KEY)
        .retry(fast_retries(3))
}

fn config(server: &MockServer) -> Settings {
    settings().base_url(&server.uri()).unwrap()
}

fn client(config: Settings) -> Client {
    Client::new(config).unwrap()
}

/// Sends the key operation for key `k1`.
async fn send(client: &Client, method: Method, body: Option<Body>) -> Result<RawResponse> {
    send_op(client, operation(method), &[&"k1"], String::new(), body).await
}

/// What a generated method does: encode the call, send it, then widen the
/// error.
async fn send_op(
    client: &Client,
    op: &'static Operation,
    path_args: &[&dyn PathValue],
    query: String,
    body: Option<Body>,
) -> Result<RawResponse> {
    let request = Request::new(op, path_args, query, &[], body);
    client.send(request).await.map_err(Error::widen)
}

fn key_path() -> &'static str {
    "/api/v2/api_keys/k1"
}

async fn mock_server_on(address: &str) -> MockServer {
    let listener = std::net::TcpListener::bind(address).unwrap();
    MockServer::builder().listener(listener).start().await
}

fn json_response(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// Asserts that neither key shows up in `text`.
fn assert_no_keys(text: &str) {
    assert!(!text.contains(API_KEY), "API key leaked: {text}");
    assert!(!text.contains(APP_KEY), "application key leaked: {text}");
}

fn assert_error_redacted(error: &Error<ApiErrors>) {
    assert_no_keys(&format!("{error:?}"));
    assert_no_keys(&format!("{error}"));
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        assert_no_keys(&format!("{inner:?} {inner}"));
        source = inner.source();
    }
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

#[tokio::test]
async fn sends_credentials_and_standard_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(key_path()))
        .and(header("X-Api-Key", API_KEY))
        .and(header("X-Application-Key", APP_KEY))
        .and(header("accept", "application/json"))
        .respond_with(json_response(200, json!({"id": "k1"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(config(&server));
    let key: Key = send(&client, Method::Get, None)
        .await
        .unwrap()
        .json::<_, ApiErrors>()
        .unwrap();
    assert_eq!(key.id, "k1");
    let request = &requests(&server).await[0];
    let user_agent = request.headers.get("user-agent").unwrap().to_str().unwrap();
    assert_eq!(user_agent, "test-client/1.0");
    assert!(request.headers.get("content-type").is_none());
}

#[tokio::test]
async fn missing_keys_fail_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json_response(200, json!({"id": "k1"})))
        .expect(0)
        .mount(&server)
        .await;
    let config = config(&server).credential("appKeyAuth", "");
    let error = send(&client(config), Method::Get, None).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::MissingCredential {
                operation: "TestOperation",
                scheme: "appKeyAuth",
                credential: "application key",
                setter: "Settings::credential",
                variable: Some("TEST_APP_KEY"),
                ref alternatives,
            } if alternatives.is_empty()
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("TEST_APP_KEY"), "{error}");
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn sends_header_parameters_that_are_set() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(key_path()))
        .and(header("x-request-id", "r-1"))
        .respond_with(json_response(200, json!({"id": "k1"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(config(&server));
    let op = operation(Method::Get);
    let headers = [("X-Request-Id", Some("r-1".to_owned())), ("X-Unset", None)];
    client
        .send(Request::new(op, &[&"k1"], String::new(), &headers, None))
        .await
        .unwrap();
    let request = &requests(&server).await[0];
    assert!(request.headers.get("x-unset").is_none());

    let bad = [("X-Request-Id", Some("line\nbreak".to_owned()))];
    let error: Error<ApiErrors> = client
        .send(Request::new(op, &[&"k1"], String::new(), &bad, None))
        .await
        .map_err(Error::widen)
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(!error.to_string().contains("line"), "{error}");
    assert_eq!(requests(&server).await.len(), 1, "nothing more was sent");
}

#[tokio::test]
async fn sends_json_bodies_and_query_strings() {
    #[derive(Serialize)]
    struct Params {
        #[serde(rename = "page[size]", skip_serializing_if = "Option::is_none")]
        page_size: Option<i64>,
        #[serde(rename = "filter", skip_serializing_if = "Option::is_none")]
        filter: Option<String>,
    }
    let server = MockServer::start().await;
    let payload = json!({"data": {"type": "api_keys", "attributes": {"name": "ci"}}});
    Mock::given(method("POST"))
        .and(path("/api/v2/api_keys"))
        .and(query_param("page[size]", "5"))
        .and(query_param("filter", "a b"))
        .and(header("content-type", "application/json"))
        .and(body_json(&payload))
        .respond_with(json_response(201, json!({"id": "new"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(config(&server));
    let params = Params {
        page_size: Some(5),
        filter: Some("a b".to_owned()),
    };
    let query = encode_query::<_, ApiErrors>(&params).unwrap();
    let body = json_body::<_, ApiErrors>(&payload, "application/json").unwrap();
    let op: &'static Operation = Box::leak(Box::new(Operation {
        path: &[TemplatePart::Literal("/api/v2/api_keys")],
        ..*operation(Method::Post)
    }));
    let response = send_op(&client, op, &[], query, Some(body)).await;
    let key: Key = response.unwrap().json::<Key, ApiErrors>().unwrap();
    assert_eq!(key.id, "new");
}

#[tokio::test]
async fn delete_with_no_content_is_empty() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(key_path()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let response = send(&client(config(&server)), Method::Delete, None).await;
    response.unwrap().empty::<ApiErrors>().unwrap();
}

#[tokio::test]
async fn retries_a_rate_limited_post_after_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            json_response(429, json!({"errors": ["Too many requests"]}))
                .insert_header("retry-after", "1"),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(json_response(200, json!({"id": "k1"})))
        .expect(1)
        .mount(&server)
        .await;
    let started = Instant::now();
    let body = json_body::<_, ApiErrors>(&json!({}), "application/json").unwrap();
    let response = send(&client(config(&server)), Method::Post, Some(body)).await;
    assert_eq!(response.unwrap().status, 200);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn retries_a_rate_limited_get_after_the_rate_limit_reset() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            json_response(429, json!({"errors": ["Too many requests"]}))
                .insert_header("x-ratelimit-limit", "10")
                .insert_header("x-ratelimit-remaining", "0")
                .insert_header("x-ratelimit-reset", "1"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(json_response(200, json!({"id": "k1"})))
        .mount(&server)
        .await;
    let started = Instant::now();
    let response = send(&client(config(&server)), Method::Get, None).await;
    assert_eq!(response.unwrap().status, 200);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn retries_idempotent_requests_on_server_errors_and_resends_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(json_response(200, json!({"id": "k1"})))
        .mount(&server)
        .await;
    let body = json_body::<_, ApiErrors>(&json!({"name": "x"}), "application/json").unwrap();
    let response = send(&client(config(&server)), Method::Put, Some(body)).await;
    assert_eq!(response.unwrap().status, 200);
    let received = requests(&server).await;
    assert_eq!(received.len(), 3);
    for request in &received {
        assert_eq!(request.body, br#"{"name":"x"}"#);
    }
}

#[tokio::test]
async fn does_not_retry_post_or_patch_on_server_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(config(&server));
    let body = || Some(json_body::<_, ApiErrors>(&json!({}), "application/json").unwrap());
    let post = send(&client, Method::Post, body()).await.unwrap();
    assert_eq!(post.status, 503);
    let patch = send(&client, Method::Patch, body()).await.unwrap();
    let error = patch.json::<Key, ApiErrors>().unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus(ref content) if content.status == 500));
}

#[tokio::test]
async fn retries_are_bounded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            json_response(429, json!({"errors": ["Too many requests"]}))
                .insert_header("x-ratelimit-name", "api_keys")
                .insert_header("x-ratelimit-period", "60"),
        )
        .expect(3)
        .mount(&server)
        .await;
    let response = send(&client(config(&server)), Method::Get, None).await;
    match response.unwrap().json::<Key, ApiErrors>() {
        Err(Error::Api(error)) => {
            assert_eq!(error.status, 429);
            assert_eq!(error.body.errors, ["Too many requests"]);
            assert_eq!(error.rate_limit.name.as_deref(), Some("api_keys"));
            assert_eq!(error.rate_limit.period, Some(Duration::from_secs(60)));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn retries_can_be_disabled() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let config = config(&server).retry(RetryPolicy::none());
    assert_eq!(
        send(&client(config), Method::Get, None)
            .await
            .unwrap()
            .status,
        503
    );
}

#[tokio::test]
async fn connection_refused_is_a_connect_error() {
    // Reserve a port, then free it: nothing listens there any more.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let config = settings()
        .base_url(&format!("http://127.0.0.1:{port}"))
        .unwrap();
    for method in [Method::Get, Method::Post] {
        let error = send(&client(config.clone()), method, None)
            .await
            .unwrap_err();
        assert!(error.is_connect(), "{error:?}");
        assert!(matches!(error, Error::Connect(_)), "{error:?}");
        assert_eq!(error.status(), None);
        assert_error_redacted(&error);
    }
}

#[tokio::test]
async fn slow_responses_time_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json_response(200, json!({"id": "k1"})).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let config = config(&server)
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none());
    let started = Instant::now();
    let error = send(&client(config), Method::Get, None).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
    assert_error_redacted(&error);
}

#[tokio::test]
async fn timeouts_are_retried_for_get_but_not_for_post() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(
        config(&server)
            .timeout(Duration::from_millis(200))
            .retry(fast_retries(2)),
    );
    assert!(send(&client, Method::Get, None)
        .await
        .unwrap_err()
        .is_timeout());
    let body = json_body::<_, ApiErrors>(&json!({}), "application/json").unwrap();
    assert!(send(&client, Method::Post, Some(body))
        .await
        .unwrap_err()
        .is_timeout());
}

#[tokio::test]
async fn html_502_is_an_unexpected_status_with_its_body() {
    let server = MockServer::start().await;
    let page = "<html><body>502 Bad Gateway</body></html>";
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(page, "text/html"))
        .expect(1)
        .mount(&server)
        .await;
    let body = json_body::<_, ApiErrors>(&json!({}), "application/json").unwrap();
    let response = send(&client(config(&server)), Method::Post, Some(body)).await;
    let error = response.unwrap().json::<Key, ApiErrors>().unwrap_err();
    match &error {
        Error::UnexpectedStatus(content) => {
            assert_eq!(content.status, 502);
            assert_eq!(&content.body[..], page.as_bytes());
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(error.status(), Some(502));
    assert!(error.to_string().contains("502 Bad Gateway"), "{error}");
    assert_error_redacted(&error);
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"id": "k1""#, "application/json"))
        .mount(&server)
        .await;
    let response = send(&client(config(&server)), Method::Get, None).await;
    let error = response.unwrap().json::<Key, ApiErrors>().unwrap_err();
    match &error {
        Error::Decode {
            status,
            body_excerpt,
            ..
        } => {
            assert_eq!(*status, 200);
            assert_eq!(body_excerpt.as_str(), r#"{"id": "k1""#);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_error_redacted(&error);
}

/// A value in a response body that must never reach an error message.
const BODY_SECRET: &str = "bodysecret0123456789abcdefNEWKEY";

/// A page of keys decoded the way generated models are: through the
/// `model` helpers, with a union dispatched on `type` in `included`.
#[derive(Debug)]
struct KeyPage {
    data: Vec<KeyItem>,
    included: Option<Vec<Included>>,
}

#[derive(Debug)]
struct KeyItem {
    id: String,
    attributes: Option<KeyAttributes>,
}

#[derive(Debug)]
struct KeyAttributes {
    name: String,
    limits: Option<std::collections::BTreeMap<String, u64>>,
}

#[derive(Debug)]
enum Included {
    User(KeyItem),
    Other(serde_json::Value),
}

impl<'de> Deserialize<'de> for KeyPage {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        model::deserialize(deserializer)
    }
}

impl<'de> model::FromMap<'de> for KeyPage {
    fn from_map<A: serde::de::MapAccess<'de>>(
        mut object: model::Object<'de, A>,
    ) -> std::result::Result<Self, A::Error> {
        let mut data = None;
        let mut included = None;
        while let Some(key) = object.key()? {
            match key.as_str() {
                "data" => object.value(&mut data)?,
                "included" => object.value(&mut included)?,
                _ => object.unknown(
                    key,
                    &mut crate::AdditionalProperties::<serde_json::Value>::new(),
                )?,
            }
        }
        Ok(KeyPage {
            data: model::required(data, "data")?,
            included: model::optional(included),
        })
    }
}

impl<'de> Deserialize<'de> for KeyItem {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        model::deserialize(deserializer)
    }
}

impl<'de> model::FromMap<'de> for KeyItem {
    fn from_map<A: serde::de::MapAccess<'de>>(
        mut object: model::Object<'de, A>,
    ) -> std::result::Result<Self, A::Error> {
        let mut id = None;
        let mut attributes = None;
        while let Some(key) = object.key()? {
            match key.as_str() {
                "id" => object.value(&mut id)?,
                "attributes" => object.value(&mut attributes)?,
                _ => object.unknown(
                    key,
                    &mut crate::AdditionalProperties::<serde_json::Value>::new(),
                )?,
            }
        }
        Ok(KeyItem {
            id: model::required(id, "id")?,
            attributes: model::optional(attributes),
        })
    }
}

impl<'de> Deserialize<'de> for KeyAttributes {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        model::deserialize(deserializer)
    }
}

impl<'de> model::FromMap<'de> for KeyAttributes {
    fn from_map<A: serde::de::MapAccess<'de>>(
        mut object: model::Object<'de, A>,
    ) -> std::result::Result<Self, A::Error> {
        let mut name = None;
        let mut limits = None;
        while let Some(key) = object.key()? {
            match key.as_str() {
                "name" => object.value(&mut name)?,
                "limits" => object.value(&mut limits)?,
                _ => object.unknown(
                    key,
                    &mut crate::AdditionalProperties::<serde_json::Value>::new(),
                )?,
            }
        }
        Ok(KeyAttributes {
            name: model::required(name, "name")?,
            limits: model::optional(limits),
        })
    }
}

impl<'de> Deserialize<'de> for Included {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        let item = model::Item::read(deserializer)?;
        match item.tag("type") {
            Some("users") => item.variant(Included::User),
            _ => Ok(item.unknown(Included::Other)),
        }
    }
}

/// Keys `0` to `count - 1`, each with a valid name.
fn key_items(count: usize) -> Vec<serde_json::Value> {
    (0..count)
        .map(|index| json!({"id": format!("k{index}"), "attributes": {"name": "ok"}}))
        .collect()
}

/// What decoding `body` (sent as a 200) as a [`KeyPage`] fails with: the
/// path, the message and the `Display`, once it is checked that neither
/// `Display` nor `Debug` quotes [`BODY_SECRET`].
async fn decode_failure(body: &str) -> (String, String, String) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_owned(), "application/json"))
        .mount(&server)
        .await;
    let response = send(&client(config(&server)), Method::Get, None).await;
    let error = response.unwrap().json::<KeyPage, ApiErrors>().unwrap_err();
    let display = error.to_string();
    let debug = format!("{error:?}");
    assert!(!display.contains(BODY_SECRET), "{display}");
    assert!(!debug.contains(BODY_SECRET), "{debug}");
    assert_error_redacted(&error);
    match error {
        Error::Decode {
            operation,
            status,
            path,
            message,
            body_excerpt,
        } => {
            assert_eq!((operation, status), ("TestOperation", 200));
            // The excerpt is there for whoever asks for it.
            let expected = error::excerpt(body.as_bytes(), error::DECODE_EXCERPT);
            assert_eq!(body_excerpt.as_str(), expected);
            (path, message, display)
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn a_page_of_models_decodes_through_the_helpers() {
    let server = MockServer::start().await;
    let body = json!({
        "data": [{"id": "k0", "attributes": {"name": "n", "limits": {"reads": 5}}}],
        "included": [{"type": "users", "id": "u1"}, {"type": "roles", "id": "r1"}],
    });
    Mock::given(method("GET"))
        .respond_with(json_response(200, body))
        .mount(&server)
        .await;
    let response = send(&client(config(&server)), Method::Get, None).await;
    let page = response.unwrap().json::<KeyPage, ApiErrors>().unwrap();
    assert_eq!(page.data[0].id, "k0");
    let attributes = page.data[0].attributes.as_ref().unwrap();
    assert_eq!(attributes.name, "n");
    assert_eq!(attributes.limits.as_ref().unwrap()["reads"], 5);
    match page.included.as_deref().unwrap() {
        [Included::User(user), Included::Other(other)] => {
            assert_eq!(user.id, "u1");
            assert!(user.attributes.is_none());
            assert_eq!(other["id"], "r1");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn a_null_deep_in_an_array_of_models_is_located() {
    let mut data = key_items(3);
    data.push(json!({"id": "k3", "attributes": {"name": null, "note": BODY_SECRET}}));
    let body = json!({"data": data}).to_string();
    let (path, message, display) = decode_failure(&body).await;
    assert_eq!(path, "data[3].attributes.name");
    assert_eq!(message, "invalid type: null, expected a string");
    assert_eq!(
        display,
        "could not decode the HTTP 200 response of TestOperation at data[3].attributes.name: \
         invalid type: null, expected a string"
    );
}

#[tokio::test]
async fn a_secret_in_a_field_of_the_wrong_type_is_not_quoted() {
    let mut data = key_items(1);
    data.push(json!({"id": "k1", "attributes": {"name": ["n", BODY_SECRET]}}));
    let body = json!({"data": data}).to_string();
    let (path, message, _) = decode_failure(&body).await;
    assert_eq!(path, "data[1].attributes.name");
    assert_eq!(message, "invalid type: sequence, expected a string");
    let body = json!({"data": [{"id": {"key": BODY_SECRET}}]}).to_string();
    let (path, message, _) = decode_failure(&body).await;
    assert_eq!(path, "data[0].id");
    assert_eq!(message, "invalid type: map, expected a string");
}

#[tokio::test]
async fn a_wrong_type_inside_a_map_value_is_located_by_its_key() {
    let mut data = key_items(2);
    data[1] = json!({"id": "k1", "attributes": {"name": "n", "limits": {"reads": 5, "writes": BODY_SECRET}}});
    let body = json!({"data": data}).to_string();
    let (path, message, display) = decode_failure(&body).await;
    assert_eq!(path, "data[1].attributes.limits.writes");
    assert_eq!(message, "invalid type: string, expected u64");
    assert!(
        display.ends_with(": invalid type: string, expected u64"),
        "{display}"
    );
    let negative =
        json!({"data": [{"id": "k", "attributes": {"name": "n", "limits": {"reads": -5}}}]});
    let (path, message, _) = decode_failure(&negative.to_string()).await;
    assert_eq!(path, "data[0].attributes.limits.reads");
    assert_eq!(message, "invalid value: integer, expected u64");
}

#[tokio::test]
async fn a_union_variant_failure_keeps_the_path_inside_the_variant() {
    let body = json!({
        "data": key_items(1),
        "included": [
            {"type": "roles", "id": "r1"},
            {"type": "users", "id": "u1", "attributes": {"name": 42, "token": BODY_SECRET}},
        ],
    })
    .to_string();
    let (path, message, _) = decode_failure(&body).await;
    assert_eq!(path, "included[1].attributes.name");
    assert_eq!(message, "invalid type: integer, expected a string");
    let missing = json!({"data": [], "included": [{"type": "users"}]}).to_string();
    let (path, message, _) = decode_failure(&missing).await;
    assert_eq!(path, "included[0]");
    assert_eq!(message, "missing field `id`");
}

#[tokio::test]
async fn a_body_that_is_not_json_keeps_line_and_column() {
    let html = format!("<html>\n<body>{BODY_SECRET}</body>\n</html>");
    let (path, message, display) = decode_failure(&html).await;
    assert_eq!(path, "");
    assert_eq!(message, "expected value at line 1 column 1");
    assert_eq!(
        display,
        "could not decode the HTTP 200 response of TestOperation: expected value at line 1 column 1"
    );
    let trailing = format!(r#"{{"data":[]}} {BODY_SECRET}"#);
    let (path, message, _) = decode_failure(&trailing).await;
    assert_eq!(path, "");
    assert_eq!(message, "trailing characters at line 1 column 13");
}

#[tokio::test]
async fn a_truncated_body_names_where_it_stopped() {
    let body = format!(r#"{{"data":[{{"id":"k0"}},{{"id":"{BODY_SECRET}"#);
    let (path, message, _) = decode_failure(&body).await;
    assert_eq!(path, "data[1].id");
    assert!(
        message.starts_with("EOF while parsing a string at line 1 column "),
        "{message}"
    );
    let (path, message, _) = decode_failure("").await;
    assert_eq!(path, "");
    assert_eq!(message, "EOF while parsing a value at line 1 column 0");
}

#[tokio::test]
async fn documented_404_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json_response(404, json!({"errors": ["Not found"]})))
        .expect(1)
        .mount(&server)
        .await;
    let response = send(&client(config(&server)), Method::Get, None).await;
    let error = response.unwrap().json::<Key, ApiErrors>().unwrap_err();
    match &error {
        Error::Api(api) => {
            assert_eq!(api.status, 404);
            assert_eq!(
                api.body,
                ApiErrors {
                    errors: vec!["Not found".to_owned()]
                }
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_error_redacted(&error);
}

#[tokio::test]
async fn unavailable_sites_are_refused_before_sending() {
    let server = MockServer::start().await;
    let op: &'static Operation = Box::leak(Box::new(Operation {
        unavailable_sites: &["two.example"],
        ..*operation(Method::Get)
    }));
    let refused = client(config(&server).with_site("two.example"));
    let error = send_op(&refused, op, &[&"k1"], String::new(), None)
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::SiteUnavailable {
                operation: "TestOperation",
                site: "two.example"
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "operation TestOperation is not available on site two.example"
    );
    assert!(requests(&server).await.is_empty());
    // Other sites, the default one included, offer it.
    Mock::given(method("GET"))
        .respond_with(json_response(200, json!({"id": "k1"})))
        .expect(1)
        .mount(&server)
        .await;
    let allowed = client(config(&server));
    assert_eq!(
        send_op(&allowed, op, &[&"k1"], String::new(), None)
            .await
            .unwrap()
            .status,
        200
    );
}

#[tokio::test]
async fn invalid_requests_are_refused_before_sending() {
    let server = MockServer::start().await;
    let bad_key = format!("{API_KEY}\n");
    let config_with_bad_key = config(&server).credential("apiKeyAuth", bad_key);
    let error = send(&client(config_with_bad_key), Method::Get, None)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert_error_redacted(&error);

    let client = client(config(&server));
    let op = operation(Method::Get);
    for value in ["", ".", ".."] {
        let error = send_op(&client, op, &[&value], String::new(), None)
            .await
            .unwrap_err();
        assert!(
            matches!(
                error,
                Error::InvalidRequest(ref m) if m.contains("TestOperation") && m.contains("api_key_id")
            ),
            "{value:?}: {error:?}"
        );
    }
    for args in [&[][..], &[&"a" as &dyn PathValue, &"b"][..]] {
        let error = send_op(&client, op, args, String::new(), None)
            .await
            .unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn path_values_are_encoded_as_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/api_keys/a%2Fb%3Fc%20d"))
        .respond_with(json_response(200, json!({"id": "a/b?c d"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(config(&server));
    let key: Key = send_op(
        &client,
        operation(Method::Get),
        &[&"a/b?c d"],
        String::new(),
        None,
    )
    .await
    .unwrap()
    .json::<_, ApiErrors>()
    .unwrap();
    assert_eq!(key.id, "a/b?c d");
}

#[tokio::test]
async fn trace_operations_are_sent_as_trace() {
    let server = MockServer::start().await;
    Mock::given(method("TRACE"))
        .and(path(key_path()))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let response = send(&client(config(&server)), Method::Trace, None).await;
    response.unwrap().empty::<ApiErrors>().unwrap();
    assert_eq!(requests(&server).await[0].method.as_str(), "TRACE");
}

/// Server A answers with a redirect to server B on another host
/// (127.0.0.2): the redirect is followed, and B sees the request without
/// any key, header parameter or cookie. A sees one request: reqwest itself
/// followed nothing.
async fn assert_cross_origin_redirect_drops_the_keys(settings: impl Fn(&MockServer) -> Settings) {
    let elsewhere = mock_server_on("127.0.0.2:0").await;
    Mock::given(wiremock::matchers::any())
        .respond_with(json_response(200, json!({"id": "elsewhere"})))
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(key_path()))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/collect", elsewhere.uri())),
        )
        .expect(1)
        .mount(&server)
        .await;
    assert!(elsewhere.uri().starts_with("http://127.0.0.2:"));
    let headers = [
        ("X-Request-Id", Some("r-1".to_owned())),
        ("Cookie", Some("session=s1".to_owned())),
    ];
    let request = Request::new(
        operation(Method::Get),
        &[&"k1"],
        String::new(),
        &headers,
        None,
    );
    let response = client(settings(&server)).send(request).await.unwrap();
    let key: Key = response.json::<Key, ApiErrors>().unwrap();
    assert_eq!(key.id, "elsewhere");
    let received = requests(&elsewhere).await;
    assert_eq!(received.len(), 1, "the redirect was followed once");
    assert_eq!(received[0].url.path(), "/collect");
    let names: Vec<&str> = received[0]
        .headers
        .keys()
        .map(|name| name.as_str())
        .collect();
    for name in [
        "x-api-key",
        "x-application-key",
        "x-request-id",
        "cookie",
        "authorization",
    ] {
        assert!(
            !names.contains(&name),
            "{name} reached another host: {names:?}"
        );
    }
    assert_no_keys(&format!("{:?}", received[0].headers));
    assert_eq!(received[0].headers["user-agent"], "test-client/1.0");
}

#[tokio::test]
async fn cross_origin_redirects_are_followed_without_keys() {
    assert_cross_origin_redirect_drops_the_keys(config).await;
}

#[tokio::test]
async fn cross_origin_redirects_drop_the_keys_whatever_the_customization() {
    assert_cross_origin_redirect_drops_the_keys(|server| {
        config(server)
            .http_client(|builder| builder.redirect(reqwest::redirect::Policy::limited(10)))
    })
    .await;
}

#[tokio::test]
async fn same_origin_redirects_are_followed_with_the_keys() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(key_path()))
        .respond_with(ResponseTemplate::new(301).insert_header("location", "/api/v2/moved/k1"))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/moved/k1"))
        .and(header("X-Api-Key", API_KEY))
        .and(header("X-Application-Key", APP_KEY))
        .respond_with(json_response(200, json!({"id": "moved"})))
        .expect(2)
        .mount(&server)
        .await;
    let customized = config(&server)
        .http_client(|builder| builder.redirect(reqwest::redirect::Policy::limited(10)));
    for settings in [config(&server), customized] {
        let response = send(&client(settings), Method::Get, None).await.unwrap();
        assert_eq!(response.json::<Key, ApiErrors>().unwrap().id, "moved");
    }
    assert_eq!(requests(&server).await.len(), 4);
}

/// A minimal `tracing` subscriber that writes every span field and event to
/// a string (`tracing-subscriber` is not a dependency).
struct Recorder {
    log: Arc<Mutex<String>>,
    next_id: std::sync::atomic::AtomicU64,
}

struct FieldWriter<'a>(&'a mut String);

impl tracing::field::Visit for FieldWriter<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Recorder {
    fn write(&self, line: impl FnOnce(&mut String)) {
        if let Ok(mut log) = self.log.lock() {
            line(&mut log);
            log.push('\n');
        }
    }
}

impl tracing::Subscriber for Recorder {
    fn register_callsite(
        &self,
        _: &'static tracing::Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::always()
    }

    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let id = self
            .next_id
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            + 1;
        self.write(|log| {
            let _ = write!(log, "span#{id} {}", span.metadata().name());
            span.record(&mut FieldWriter(log));
        });
        tracing::span::Id::from_u64(id)
    }

    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        self.write(|log| {
            let _ = write!(log, "record#{}", span.into_u64());
            values.record(&mut FieldWriter(log));
        });
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        self.write(|log| {
            log.push_str("event");
            event.record(&mut FieldWriter(log));
        });
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn attempts_are_traced_without_secrets() {
    let log = Arc::new(Mutex::new(String::new()));
    let recorder = Recorder {
        log: log.clone(),
        next_id: Default::default(),
    };
    // With a single live dispatcher, tracing-core computes a callsite's
    // interest from the registering thread's default only, so a concurrent
    // test (which has none) could cache our span as disabled. A second live
    // dispatcher makes every registration consult all of them.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    // Current-thread runtime: the scoped default covers the whole request.
    let _guard = tracing::subscriber::set_default(recorder);
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_response(429, json!({"errors": ["slow down"]})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(json_response(200, json!({"id": "k1"})))
        .mount(&server)
        .await;
    // Bodies must not be traced either: this one carries a key.
    let body =
        json_body::<_, ApiErrors>(&json!({"secret_body_field": API_KEY}), "application/json")
            .unwrap();
    let response = send(&client(config(&server)), Method::Post, Some(body)).await;
    assert_eq!(response.unwrap().status, 200);
    let log = log.lock().unwrap().clone();
    assert!(
        log.contains(
            "test.request operation=\"TestOperation\" method=\"POST\" \
         path_template=/api/v2/api_keys/{api_key_id} attempt=1"
        ),
        "{log}"
    );
    assert!(log.contains("attempt=2"), "{log}");
    assert!(log.contains("status=429"), "{log}");
    assert!(log.contains("status=200"), "{log}");
    assert!(log.contains("retrying request"), "{log}");
    assert!(!log.to_lowercase().contains("datadog"), "{log}");
    assert_no_keys(&log);
}

/// Every `log` record of this test binary (reqwest logs through `log`, not
/// `tracing`).
static LOG_RECORDS: Mutex<String> = Mutex::new(String::new());

struct RecordLogger;

impl log::Log for RecordLogger {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        if let Ok(mut log) = LOG_RECORDS.lock() {
            let _ = writeln!(
                log,
                "{} {} {}",
                record.level(),
                record.target(),
                record.args()
            );
        }
    }

    fn flush(&self) {}
}

static RECORD_LOGGER: RecordLogger = RecordLogger;

#[tokio::test]
async fn wire_logging_stays_off_whatever_the_customization() {
    // The only logger of this binary; no other test sets one.
    log::set_logger(&RECORD_LOGGER).expect("no other logger");
    log::set_max_level(log::LevelFilter::Trace);
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_response(201, json!({"id": "k1"})))
        .mount(&server)
        .await;
    let verbose = config(&server).http_client(|builder| builder.connection_verbose(true));
    let body =
        json_body::<_, ApiErrors>(&json!({"secret_body_field": API_KEY}), "application/json")
            .unwrap();
    let response = send(&client(verbose), Method::Post, Some(body)).await;
    assert_eq!(response.unwrap().status, 201);
    let log = LOG_RECORDS.lock().unwrap().clone();
    // reqwest did log (its connection), just not the bytes.
    assert!(log.contains("reqwest"), "{log}");
    assert!(!log.contains("write: "), "{log}");
    assert_no_keys(&log);
}

#[tokio::test]
async fn a_body_above_the_limit_is_refused_from_its_length_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/api_keys/at"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b' '; 1024]))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/api_keys/above"))
        .respond_with(ResponseTemplate::new(503).set_body_bytes(vec![b' '; 1025]))
        .mount(&server)
        .await;
    let client = client(
        config(&server)
            .max_response_body(1024)
            .retry(fast_retries(3)),
    );
    let op = operation(Method::Get);
    let at = send_op(&client, op, &[&"at"], String::new(), None).await;
    assert_eq!(
        at.unwrap().body.len(),
        1024,
        "a body of exactly the limit is read"
    );
    let above = send_op(&client, op, &[&"above"], String::new(), None)
        .await
        .unwrap_err();
    assert!(
        matches!(
            above,
            Error::ResponseTooLarge {
                operation: "TestOperation",
                status: 503,
                limit: 1024
            }
        ),
        "{above:?}"
    );
    assert_eq!(requests(&server).await.len(), 2, "refused, not retried");
}

#[tokio::test]
async fn an_endless_body_is_cut_at_the_limit() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = stream.read(&mut request).await;
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
            .await;
        let chunk = format!("4000\r\n{}\r\n", " ".repeat(0x4000));
        // Until the client hangs up.
        while stream.write_all(chunk.as_bytes()).await.is_ok() {}
    });
    let settings = settings()
        .base_url(&format!("http://{address}"))
        .unwrap()
        .max_response_body(1 << 20)
        .timeout(Duration::from_secs(5))
        .retry(fast_retries(3));
    let started = Instant::now();
    let error = send(&client(settings), Method::Get, None)
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::ResponseTooLarge {
                status: 200,
                limit: 1_048_576,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

/// `GET /api/v2/api_keys/{api_key_id}` answering with text or bytes.
fn download(accept: &'static str) -> &'static Operation {
    Box::leak(Box::new(Operation {
        accept,
        ..*operation(Method::Get)
    }))
}

#[tokio::test]
async fn header_and_cookie_parameters_are_sent_and_text_and_bytes_come_back() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(key_path()))
        .respond_with(ResponseTemplate::new(200).set_body_string("id\nk1\n"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(config(&server));
    let headers = [
        (
            "X-Colors",
            Some(crate::__private::header_list(&["red", "green"])),
        ),
        ("X-Fields", None),
        (
            "cookie",
            crate::__private::cookie_header(&[
                ("session", Some("s;1".into())),
                ("theme", Some("dark".into())),
            ]),
        ),
    ];
    let response = client
        .send(Request::new(
            download("text/csv, application/json;q=0.9"),
            &[&"k1"],
            String::new(),
            &headers,
            None,
        ))
        .await
        .map_err(Error::widen::<ApiErrors>)
        .unwrap();
    assert_eq!(response.clone().text::<ApiErrors>().unwrap(), "id\nk1\n");
    assert_eq!(response.bytes::<ApiErrors>().unwrap().as_ref(), b"id\nk1\n");
    // wiremock's header matcher splits values at commas: compare whole.
    let sent = &requests(&server).await[0].headers;
    let text = |name: &str| sent.get(name).map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(
        text("accept").as_deref(),
        Some("text/csv, application/json;q=0.9")
    );
    assert_eq!(text("x-colors").as_deref(), Some("red,green"));
    assert_eq!(text("cookie").as_deref(), Some("session=s%3B1; theme=dark"));
    assert_eq!(text("x-fields"), None);
}

#[tokio::test]
async fn a_text_body_that_is_not_utf8_is_a_decode_error_and_an_error_status_stays_typed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![0xff, 0xfe]))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(json_response(404, json!({"errors": ["Not found"]})))
        .mount(&server)
        .await;
    let client = client(config(&server));
    let op = download("text/plain, application/json;q=0.9");
    let first = send_op(&client, op, &[&"k1"], String::new(), None)
        .await
        .unwrap();
    let error = first.text::<ApiErrors>().unwrap_err();
    assert!(
        matches!(&error, Error::Decode { status: 200, message, .. } if message.contains("not UTF-8")),
        "{error:?}"
    );
    let second = send_op(&client, op, &[&"k1"], String::new(), None)
        .await
        .unwrap();
    match second.bytes::<ApiErrors>().unwrap_err() {
        Error::Api(e) => assert_eq!(e.body.errors, ["Not found"]),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_unstable_operation_is_sent_only_once_enabled() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json_response(200, json!({"id": "k1"})))
        .expect(1)
        .mount(&server)
        .await;
    let preview: &'static Operation = Box::leak(Box::new(Operation {
        unstable: true,
        ..*operation(Method::Get)
    }));
    let refused = send_op(
        &client(config(&server)),
        preview,
        &[&"k1"],
        String::new(),
        None,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            refused,
            Error::UnstableDisabled {
                operation: "TestOperation"
            }
        ),
        "{refused:?}"
    );
    assert!(refused
        .to_string()
        .contains(r#"enable_unstable("TestOperation")"#));
    let enabled = config(&server).enable_unstable("TestOperation");
    assert!(enabled.is_unstable_enabled("TestOperation"));
    let key: Key = send_op(&client(enabled), preview, &[&"k1"], String::new(), None)
        .await
        .unwrap()
        .json::<_, ApiErrors>()
        .unwrap();
    assert_eq!(key.id, "k1");
}
