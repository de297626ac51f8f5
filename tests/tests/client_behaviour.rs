//! End-to-end tests of the generated client's runtime behaviour, through the
//! generated v1/v2 APIs, against a local wiremock server:
//!
//! - errors: documented statuses → `Error::Api` with the decoded `errors`,
//!   undocumented ones → `Error::UnexpectedStatus` with the raw body,
//!   malformed JSON → `Error::Decode`, connection refused, timeouts;
//! - retries: 429 with `X-RateLimit-Reset`, bounded attempts, which methods
//!   are retried on 5xx;
//! - pagination streams: page numbers, the three ways a stream ends;
//! - forward compatibility: unknown enum values, unknown `included` kinds,
//!   unknown fields; `null` vs absent `scopes`, both ways;
//! - path parameters that try to escape their segment;
//! - secrets never printed; the Government-site refusal of v1; a
//!   caller-supplied HTTP client, the user agent, redirects (followed, and
//!   without the keys to another host), base URL prefix.

mod common;

use std::time::{Duration, Instant};

use common::*;
use datadog_key_management::v2::models::*;
use datadog_key_management::v2::{
    GetApiKeyParams, GetApplicationKeyParams, ListApiKeysParams, ListApplicationKeysParams,
};
use datadog_key_management::{v1, v2, Configuration, Error, Nullable, RetryPolicy, Site};
use futures::{StreamExt, TryStreamExt};
use serde_json::{json, Value};
use wiremock::matchers::{any, method, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

type V1Error = Error<v1::models::ApiErrorResponse>;
type V2Error = Error<ApiErrorResponse>;

fn v2_with(config: Configuration) -> v2::KeyManagementApi {
    v2::KeyManagementApi::new(config).expect("client builds")
}

fn v1_with(config: Configuration) -> v1::KeyManagementApi {
    v1::KeyManagementApi::new(config).expect("client builds")
}

/// A configuration for `server` that never retries.
fn no_retries(server: &MockServer) -> Configuration {
    config(server).retry(RetryPolicy::none())
}

/// A partial API key as in list responses.
fn api_key_item(id: &str) -> Value {
    json!({
        "type": "api_keys",
        "id": id,
        "attributes": { "name": format!("key {id}"), "last4": "abcd" }
    })
}

fn api_key_page(ids: &[&str], total: Option<i64>) -> Value {
    let mut page = json!({ "data": ids.iter().map(|id| api_key_item(id)).collect::<Vec<_>>() });
    if let Some(total) = total {
        page["meta"] = json!({ "page": { "total_filtered_count": total } });
    }
    page
}

fn ids(keys: &[PartialApiKey]) -> Vec<&str> {
    keys.iter().map(|key| key.id.as_deref().unwrap()).collect()
}

/// The `page[number]` of each request received, in order.
async fn requested_pages(server: &MockServer) -> Vec<String> {
    requests(server)
        .await
        .iter()
        .map(|request| {
            request
                .url
                .query_pairs()
                .find(|(name, _)| name == "page[number]")
                .map(|(_, value)| value.into_owned())
                .unwrap_or_default()
        })
        .collect()
}

#[track_caller]
fn expect_api_error<'a, E: std::fmt::Debug>(
    error: &'a Error<E>,
    status: u16,
    operation: &str,
) -> &'a E {
    match error {
        Error::Api(api) => {
            assert_eq!(api.status, status, "{error}");
            assert_eq!(api.operation, operation, "{error}");
            assert_eq!(error.status(), Some(status));
            &api.body
        }
        other => panic!("expected Error::Api({status}), got {other:?}"),
    }
}

#[track_caller]
fn expect_unexpected_status<E: std::fmt::Debug>(error: &Error<E>, status: u16, body: &[u8]) {
    match error {
        Error::UnexpectedStatus(content) => {
            assert_eq!(content.status, status, "{error}");
            assert_eq!(
                &content.body[..],
                body,
                "{}",
                String::from_utf8_lossy(&content.body)
            );
            assert_eq!(error.status(), Some(status));
        }
        other => panic!("expected Error::UnexpectedStatus({status}), got {other:?}"),
    }
}

// --- Error statuses -------------------------------------------------------------

#[tokio::test]
async fn documented_v2_error_statuses_are_api_errors_with_their_errors() {
    for (status, message) in [
        (400, "Invalid page[size]"),
        (403, "Forbidden"),
        (429, "Too many requests"),
    ] {
        let server = MockServer::start().await;
        authed("GET", "/api/v2/api_keys")
            .respond_with(error_response(status, message))
            .expect(1)
            .mount(&server)
            .await;
        let err = v2_with(no_retries(&server))
            .list_api_keys(ListApiKeysParams::default())
            .await
            .unwrap_err();
        let body = expect_api_error(&err, status, "ListAPIKeys");
        assert_eq!(body.errors, [message]);
        assert!(err.to_string().contains(message), "{err}");
        assert_redacted(&err);
    }
    for (status, message) in [
        (403, "Forbidden"),
        (404, "API key not found"),
        (429, "Too many requests"),
    ] {
        let server = MockServer::start().await;
        authed("GET", "/api/v2/api_keys/k1")
            .respond_with(error_response(status, message))
            .expect(1)
            .mount(&server)
            .await;
        let err = v2_with(no_retries(&server))
            .get_api_key("k1", GetApiKeyParams::default())
            .await
            .unwrap_err();
        let body = expect_api_error(&err, status, "GetAPIKey");
        assert_eq!(body.errors, [message]);
        assert_redacted(&err);
    }
    // A 204 operation's errors decode too.
    let server = MockServer::start().await;
    authed("DELETE", "/api/v2/application_keys/k1")
        .respond_with(error_response(404, "Application key not found"))
        .mount(&server)
        .await;
    let err = v2_with(no_retries(&server))
        .delete_application_key("k1")
        .await
        .unwrap_err();
    let body = expect_api_error(&err, 404, "DeleteApplicationKey");
    assert_eq!(body.errors, ["Application key not found"]);
}

#[tokio::test]
async fn documented_v1_error_statuses_including_409_are_api_errors() {
    let server = MockServer::start().await;
    authed("POST", "/api/v1/application_key")
        .respond_with(error_response(409, "Conflict: name already used"))
        .mount(&server)
        .await;
    authed("PUT", "/api/v1/application_key/h1")
        .respond_with(error_response(409, "Conflict"))
        .mount(&server)
        .await;
    authed("GET", "/api/v1/api_key/k1")
        .respond_with(error_response(404, "Not found"))
        .mount(&server)
        .await;
    authed("POST", "/api/v1/api_key")
        .respond_with(error_response(400, "Bad Request"))
        .mount(&server)
        .await;
    authed("DELETE", "/api/v1/api_key/k1")
        .respond_with(error_response(403, "Forbidden"))
        .mount(&server)
        .await;
    let api = v1_with(no_retries(&server));
    let named = |name: &str| v1::models::ApplicationKey::new().with_name(name);

    let err = api.create_application_key(named("dup")).await.unwrap_err();
    let body = expect_api_error(&err, 409, "CreateApplicationKey");
    assert_eq!(body.errors, ["Conflict: name already used"]);
    assert_redacted(&err);

    let err = api
        .update_application_key("h1", named("dup"))
        .await
        .unwrap_err();
    assert_eq!(
        expect_api_error(&err, 409, "UpdateApplicationKey").errors,
        ["Conflict"]
    );

    let err = api.get_api_key("k1").await.unwrap_err();
    assert_eq!(
        expect_api_error(&err, 404, "GetAPIKey").errors,
        ["Not found"]
    );

    let err = api
        .create_api_key(v1::models::ApiKey::new())
        .await
        .unwrap_err();
    assert_eq!(
        expect_api_error(&err, 400, "CreateAPIKey").errors,
        ["Bad Request"]
    );

    let err = api.delete_api_key("k1").await.unwrap_err();
    assert_eq!(
        expect_api_error(&err, 403, "DeleteAPIKey").errors,
        ["Forbidden"]
    );
    assert_redacted(&err);
}

#[tokio::test]
async fn a_409_is_only_an_api_error_where_documented() {
    // v1 CreateAPIKey documents 400, 403 and 429, not 409.
    let server = MockServer::start().await;
    let body = br#"{"errors":["Conflict"]}"#;
    authed("POST", "/api/v1/api_key")
        .respond_with(ResponseTemplate::new(409).set_body_raw(&body[..], "application/json"))
        .mount(&server)
        .await;
    let err = v1_with(no_retries(&server))
        .create_api_key(v1::models::ApiKey::new())
        .await
        .unwrap_err();
    expect_unexpected_status(&err, 409, body);
    assert_redacted(&err);
}

#[tokio::test]
async fn undocumented_statuses_are_unexpected_and_keep_the_raw_body() {
    let server = MockServer::start().await;
    // A well-formed error body does not make an undocumented status an Api error.
    let teapot = br#"{"errors":["I'm a teapot"]}"#;
    authed("GET", "/api/v2/api_keys/teapot")
        .respond_with(ResponseTemplate::new(418).set_body_raw(&teapot[..], "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let api = v2_with(config(&server));
    let err = api
        .get_api_key("teapot", GetApiKeyParams::default())
        .await
        .unwrap_err();
    expect_unexpected_status(&err, 418, teapot);
    assert!(err.to_string().contains("418"), "{err}");
    assert_redacted(&err);

    // A documented status whose body is not the documented error body.
    let server = MockServer::start().await;
    authed("GET", "/api/v2/api_keys/gone")
        .respond_with(ResponseTemplate::new(404).set_body_raw("Not Found", "text/plain"))
        .mount(&server)
        .await;
    let err = v2_with(config(&server))
        .get_api_key("gone", GetApiKeyParams::default())
        .await
        .unwrap_err();
    expect_unexpected_status(&err, 404, b"Not Found");

    // JSON:API-style error objects are not the documented `errors: [string]`:
    // nothing is lost, the body is kept raw.
    let server = MockServer::start().await;
    let objects =
        br#"{"errors":[{"status":"400","title":"Bad Request","detail":"page[size] > 100"}]}"#;
    authed("GET", "/api/v2/api_keys")
        .respond_with(ResponseTemplate::new(400).set_body_raw(&objects[..], "application/json"))
        .mount(&server)
        .await;
    let err = v2_with(config(&server))
        .list_api_keys(ListApiKeysParams::default().page_size(500))
        .await
        .unwrap_err();
    expect_unexpected_status(&err, 400, objects);
}

#[tokio::test]
async fn a_500_on_a_get_without_retries_is_one_unexpected_status() {
    let server = MockServer::start().await;
    let body = br#"{"errors":["Internal Server Error"]}"#;
    authed("GET", "/api/v2/api_keys")
        .respond_with(ResponseTemplate::new(500).set_body_raw(&body[..], "application/json"))
        .mount(&server)
        .await;
    let err = v2_with(no_retries(&server))
        .list_api_keys(ListApiKeysParams::default())
        .await
        .unwrap_err();
    expect_unexpected_status(&err, 500, body);
    assert_eq!(requests(&server).await.len(), 1);
    assert_redacted(&err);
}

#[tokio::test]
async fn a_500_is_retried_for_a_get_but_not_for_a_post() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let api = v2_with(config(&server).retry(fast_retries(3)));

    let err = api
        .list_api_keys(ListApiKeysParams::default())
        .await
        .unwrap_err();
    expect_unexpected_status(&err, 500, b"");
    assert_eq!(requests(&server).await.len(), 3, "GET: every attempt");

    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let body = ApiKeyCreateRequest::new(ApiKeyCreateData::new(ApiKeyCreateAttributes::new(
        "once".to_owned(),
    )));
    let err = api.create_api_key(body).await.unwrap_err();
    expect_unexpected_status(&err, 500, b"");
    assert_eq!(
        requests(&server).await.len(),
        1,
        "POST: a 500 may have created the key, so it is not repeated"
    );
}

#[tokio::test]
async fn malformed_json_on_200_is_a_decode_error_with_an_excerpt() {
    let server = MockServer::start().await;
    let truncated = r#"{"data": {"id": "k1", "type": "api_keys", "attributes": {"name": "trunc"#;
    authed("GET", "/api/v2/api_keys/k1")
        .respond_with(json_response(200, truncated))
        .mount(&server)
        .await;
    let err = v2_with(config(&server))
        .get_api_key("k1", GetApiKeyParams::default())
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            operation,
            status,
            path,
            message,
            body_excerpt,
        } => {
            assert_eq!(*operation, "GetAPIKey");
            assert_eq!(*status, 200);
            // Where the body stopped, and the syntax error's position.
            assert_eq!(path, "data.attributes.name");
            assert!(
                message.starts_with("EOF while parsing a string at line 1 column "),
                "{message}"
            );
            assert_eq!(body_excerpt.as_str(), truncated);
            assert_eq!(body_excerpt.len(), truncated.len());
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert_eq!(err.status(), Some(200));
    // A successful body may hold a new key: the excerpt is kept for callers
    // that look for it, but neither message nor Debug quotes it.
    let message = err.to_string();
    assert!(
        message.contains("GetAPIKey") && message.contains("200"),
        "{message}"
    );
    assert!(!message.contains("trunc"), "{message}");
    assert!(!format!("{err:?}").contains("trunc"), "{err:?}");
    assert_redacted(&err);

    // Well-formed JSON of the wrong shape is a decode error too.
    let server = MockServer::start().await;
    authed("GET", "/api/v2/api_keys/k1")
        .respond_with(json_response(
            200,
            r#"{"data": {"attributes": {"last4": 1234}}}"#,
        ))
        .mount(&server)
        .await;
    let err = v2_with(config(&server))
        .get_api_key("k1", GetApiKeyParams::default())
        .await
        .unwrap_err();
    match &err {
        Error::Decode { path, message, .. } => {
            assert_eq!(path, "data.attributes.last4");
            assert_eq!(message, "invalid type: integer, expected a string");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    // The kind of value is named, the value (1234) is not.
    assert!(!err.to_string().contains("1234"), "{err}");
}

#[tokio::test]
async fn an_html_502_is_an_unexpected_status_with_the_html_kept() {
    let server = MockServer::start().await;
    let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n\
                <body><center><h1>502 Bad Gateway</h1></center></body>\r\n</html>\r\n";
    authed("GET", "/api/v2/current_user/application_keys/k1")
        .respond_with(ResponseTemplate::new(502).set_body_raw(html, "text/html"))
        .expect(1)
        .mount(&server)
        .await;
    let err = v2_with(no_retries(&server))
        .get_current_user_application_key("k1")
        .await
        .unwrap_err();
    expect_unexpected_status(&err, 502, html.as_bytes());
    let message = err.to_string();
    assert!(
        message.contains("GetCurrentUserApplicationKey"),
        "{message}"
    );
    assert!(message.contains("<h1>502 Bad Gateway</h1>"), "{message}");
    assert_redacted(&err);
}

// --- Rate limits and retries --------------------------------------------------

#[tokio::test]
async fn a_429_waits_for_the_rate_limit_reset_then_succeeds() {
    let server = MockServer::start().await;
    authed("GET", "/api/v2/api_keys")
        .respond_with(
            error_response(429, "Too many requests")
                .insert_header("X-RateLimit-Limit", "60")
                .insert_header("X-RateLimit-Period", "60")
                .insert_header("X-RateLimit-Remaining", "0")
                .insert_header("X-RateLimit-Reset", "1")
                .insert_header("X-RateLimit-Name", "api_keys"),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    authed("GET", "/api/v2/api_keys")
        .respond_with(ResponseTemplate::new(200).set_body_json(api_key_page(&["k1"], Some(1))))
        .expect(1)
        .mount(&server)
        .await;
    let api = v2_with(config(&server).retry(fast_retries(3)));

    let started = Instant::now();
    let response = api
        .list_api_keys(ListApiKeysParams::default().page_size(1))
        .await
        .unwrap();
    let elapsed = started.elapsed();

    assert_eq!(ids(response.data.as_deref().unwrap()), ["k1"]);
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    // The retry is the same request.
    assert_eq!(received[0].url, received[1].url);
    assert!(
        elapsed >= Duration::from_millis(900),
        "retried after {elapsed:?}, before X-RateLimit-Reset"
    );
}

#[tokio::test]
async fn a_rate_limited_post_is_retried_with_the_same_body() {
    let server = MockServer::start().await;
    authed("POST", "/api/v2/api_keys")
        .respond_with(error_response(429, "Too many requests").insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    authed("POST", "/api/v2/api_keys")
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({ "data": api_key_item("new") })),
        )
        .mount(&server)
        .await;
    let body = ApiKeyCreateRequest::new(ApiKeyCreateData::new(ApiKeyCreateAttributes::new(
        "retry me".to_owned(),
    )));
    let response = v2_with(config(&server).retry(fast_retries(3)))
        .create_api_key(body)
        .await
        .unwrap();
    assert_eq!(response.data.unwrap().id.as_deref(), Some("new"));
    let received = requests(&server).await;
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].body, received[1].body);
    let sent: Value = received[1].body_json().unwrap();
    assert_eq!(sent["data"]["attributes"]["name"], "retry me");
}

#[tokio::test]
async fn always_429_gives_up_after_exactly_max_attempts() {
    let server = MockServer::start().await;
    authed("GET", "/api/v2/application_keys")
        .respond_with(
            error_response(429, "Too many requests").insert_header("X-RateLimit-Remaining", "0"),
        )
        .expect(4)
        .mount(&server)
        .await;
    let err = v2_with(config(&server).retry(fast_retries(4)))
        .list_application_keys(ListApplicationKeysParams::default())
        .await
        .unwrap_err();
    let body = expect_api_error(&err, 429, "ListApplicationKeys");
    assert_eq!(body.errors, ["Too many requests"]);
    assert_eq!(
        err.rate_limit().and_then(|limits| limits.remaining),
        Some(0)
    );
    assert_eq!(requests(&server).await.len(), 4);
    assert_redacted(&err);
}

// --- Transport failures ---------------------------------------------------------

#[tokio::test]
async fn connection_refused_is_a_connect_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let config = Configuration::new()
        .base_url(&format!("http://127.0.0.1:{port}"))
        .unwrap()
        .api_key(API_KEY)
        .app_key(APP_KEY)
        .retry(fast_retries(2));
    let err = v2_with(config)
        .list_api_keys(ListApiKeysParams::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    assert!(err.is_connect());
    assert!(!err.is_timeout());
    assert_eq!(err.status(), None);
    assert_redacted(&err);
}

#[tokio::test]
async fn a_response_slower_than_the_timeout_is_a_timeout() {
    let server = MockServer::start().await;
    authed("GET", "/api/v2/api_keys/slow")
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "data": api_key_item("slow") }))
                .set_delay(Duration::from_secs(2)),
        )
        .mount(&server)
        .await;
    let config = no_retries(&server).timeout(Duration::from_millis(150));
    let err = v2_with(config)
        .get_api_key("slow", GetApiKeyParams::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert!(err.is_timeout());
    assert!(!err.is_connect());
    assert_eq!(requests(&server).await.len(), 1);
    assert_redacted(&err);
}

// --- Pagination -------------------------------------------------------------------

#[tokio::test]
async fn a_stream_walks_every_page_in_order_and_stops_after_a_short_page() {
    let server = MockServer::start().await;
    for (number, page) in [(0, &["k1", "k2"][..]), (1, &["k3", "k4"]), (2, &["k5"])] {
        authed("GET", "/api/v2/api_keys")
            .and(query_param("page[size]", "2"))
            .and(query_param("page[number]", number.to_string()))
            .and(query_param("sort", "name"))
            .respond_with(ResponseTemplate::new(200).set_body_json(api_key_page(page, None)))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(api_key_page(&["extra"], None)))
        .expect(0)
        .mount(&server)
        .await;
    let api = v2_api(&server);

    let params = ListApiKeysParams::default()
        .page_size(2)
        .sort(ApiKeysSort::Name);
    let keys: Vec<PartialApiKey> = api
        .list_api_keys_stream(params)
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&keys), ["k1", "k2", "k3", "k4", "k5"]);
    assert_eq!(requested_pages(&server).await, ["0", "1", "2"]);
    let queries: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|request| request.url.query().unwrap().to_owned())
        .collect();
    assert_eq!(
        queries,
        [
            "page%5Bsize%5D=2&page%5Bnumber%5D=0&sort=name",
            "page%5Bsize%5D=2&page%5Bnumber%5D=1&sort=name",
            "page%5Bsize%5D=2&page%5Bnumber%5D=2&sort=name",
        ]
    );
}

#[tokio::test]
async fn a_stream_is_lazy() {
    let server = MockServer::start().await;
    authed("GET", "/api/v2/api_keys")
        .respond_with(ResponseTemplate::new(200).set_body_json(api_key_page(&["k1", "k2"], None)))
        .mount(&server)
        .await;
    let api = v2_api(&server);
    let stream = api.list_api_keys_stream(ListApiKeysParams::default().page_size(2));
    futures::pin_mut!(stream);
    assert!(
        requests(&server).await.is_empty(),
        "nothing fetched before polling"
    );
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.id.as_deref(), Some("k1"));
    assert_eq!(requests(&server).await.len(), 1);
    let _second = stream.next().await.unwrap().unwrap();
    assert_eq!(
        requests(&server).await.len(),
        1,
        "the page is used up first"
    );
}

#[tokio::test]
async fn a_stream_stops_when_total_filtered_count_is_reached() {
    let server = MockServer::start().await;
    for (number, page) in [(0, ["k1", "k2"]), (1, ["k3", "k4"])] {
        authed("GET", "/api/v2/api_keys")
            .and(query_param("page[number]", number.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(api_key_page(&page, Some(4))))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(api_key_page(&[], Some(4))))
        .expect(0)
        .mount(&server)
        .await;

    let keys: Vec<PartialApiKey> = v2_api(&server)
        .list_api_keys_stream(ListApiKeysParams::default().page_size(2))
        .try_collect()
        .await
        .unwrap();

    assert_eq!(ids(&keys), ["k1", "k2", "k3", "k4"]);
    assert_eq!(requested_pages(&server).await, ["0", "1"]);
}

#[tokio::test]
async fn a_stream_yields_the_first_error_then_ends() {
    let server = MockServer::start().await;
    authed("GET", "/api/v2/api_keys")
        .and(query_param("page[number]", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(api_key_page(&["k1", "k2"], None)))
        .mount(&server)
        .await;
    authed("GET", "/api/v2/api_keys")
        .and(query_param("page[number]", "1"))
        .respond_with(error_response(403, "Forbidden"))
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(api_key_page(&["k5"], None)))
        .expect(0)
        .mount(&server)
        .await;

    let items: Vec<Result<PartialApiKey, V2Error>> = v2_api(&server)
        .list_api_keys_stream(ListApiKeysParams::default().page_size(2))
        .collect()
        .await;

    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().id.as_deref(), Some("k1"));
    assert_eq!(items[1].as_ref().unwrap().id.as_deref(), Some("k2"));
    let err = items[2].as_ref().unwrap_err();
    assert_eq!(
        expect_api_error(err, 403, "ListAPIKeys").errors,
        ["Forbidden"]
    );
    assert_eq!(requested_pages(&server).await, ["0", "1"]);
}

#[tokio::test]
async fn a_stream_without_a_page_size_asks_for_pages_of_100() {
    let server = MockServer::start().await;
    authed("GET", "/api/v2/application_keys")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{ "type": "application_keys", "id": "a1" }]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let keys: Vec<PartialApplicationKey> = v2_api(&server)
        .list_application_keys_stream(
            ListApplicationKeysParams::default().sort(ApplicationKeysSort::CreatedAt),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(keys.len(), 1);
    let request = only_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some("page%5Bsize%5D=100&page%5Bnumber%5D=0&sort=created_at")
    );
}

#[tokio::test]
async fn one_api_can_be_shared_between_tasks() {
    let server = MockServer::start().await;
    authed("GET", "/api/v2/application_keys/shared")
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "data": { "id": "shared", "type": "application_keys" } })),
        )
        .expect(8)
        .mount(&server)
        .await;
    let api = std::sync::Arc::new(v2_api(&server));
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let api = api.clone();
            tokio::spawn(async move {
                api.get_application_key("shared", GetApplicationKeyParams::default())
                    .await
            })
        })
        .collect();
    for task in tasks {
        let response = task.await.unwrap().unwrap();
        assert_eq!(response.data.unwrap().id.as_deref(), Some("shared"));
    }
}

// --- Forward compatibility ----------------------------------------------------------

#[tokio::test]
async fn unknown_enum_values_and_included_kinds_are_kept() {
    let payload = json!({
        "data": {
            "id": "k1",
            "type": "api_keys_v3",
            "attributes": { "name": "n", "last4": "wxyz", "category": "synthetics" },
            "relationships": {
                "created_by": { "data": { "id": "sa-1", "type": "service_accounts" } }
            }
        },
        "included": [
            {
                "type": "teams",
                "id": "t1",
                "attributes": { "name": "Platform", "handle": "platform" }
            },
            {
                "type": "users",
                "id": "u1",
                "attributes": { "name": "Jane", "last_login_time": null }
            },
            {
                "type": "leaked_keys",
                "id": "lk1",
                "attributes": { "date": "2024-01-01T00:00:00Z", "leak_source": "github" }
            }
        ]
    });
    let server = MockServer::start().await;
    authed("GET", "/api/v2/api_keys/k1")
        .respond_with(ResponseTemplate::new(200).set_body_json(&payload))
        .mount(&server)
        .await;

    let response = v2_api(&server)
        .get_api_key("k1", GetApiKeyParams::default())
        .await
        .unwrap();

    let data = response.data.as_ref().unwrap();
    let kind = data.r#type.clone().unwrap();
    assert_eq!(kind, ApiKeysType::Unknown("api_keys_v3".to_owned()));
    assert_eq!(kind.as_str(), "api_keys_v3");
    assert_eq!(kind.to_string(), "api_keys_v3");
    assert_eq!(serde_json::to_value(&kind).unwrap(), json!("api_keys_v3"));
    let creator = &data
        .relationships
        .as_ref()
        .unwrap()
        .created_by
        .as_ref()
        .unwrap()
        .data;
    assert_eq!(
        creator.r#type,
        UsersType::Unknown("service_accounts".to_owned())
    );

    let included = response.included.as_ref().unwrap();
    assert_eq!(included.len(), 3);
    match &included[0] {
        ApiKeyResponseIncludedItem::Unknown(value) => assert_eq!(value, &payload["included"][0]),
        other => panic!("expected Unknown, got {other:?}"),
    }
    match &included[1] {
        ApiKeyResponseIncludedItem::User(user) => {
            assert_eq!(user.id.as_deref(), Some("u1"));
            let attributes = user.attributes.as_ref().unwrap();
            assert_eq!(attributes.last_login_time, Nullable::Null);
        }
        other => panic!("expected User, got {other:?}"),
    }
    match &included[2] {
        ApiKeyResponseIncludedItem::LeakedKey(leak) => {
            assert_eq!(leak.id, "lk1");
            assert_eq!(leak.r#type, LeakedKeyType::LeakedKeys);
            assert_eq!(
                leak.attributes.date.to_rfc3339(),
                "2024-01-01T00:00:00+00:00"
            );
            assert_eq!(leak.attributes.leak_source.as_deref(), Some("github"));
        }
        other => panic!("expected LeakedKey, got {other:?}"),
    }
    // Nothing is lost, nothing is added.
    assert_eq!(serde_json::to_value(&response).unwrap(), payload);
}

#[tokio::test]
async fn roles_are_decoded_in_application_key_responses() {
    let payload = json!({
        "data": { "id": "a1", "type": "application_keys" },
        "included": [{
            "type": "roles",
            "id": "r1",
            "attributes": { "name": "Datadog Admin Role", "user_count": 3 },
            "relationships": {
                "permissions": { "data": [{ "id": "p1", "type": "permissions" }] }
            }
        }]
    });
    let server = MockServer::start().await;
    authed("GET", "/api/v2/application_keys/a1")
        .respond_with(ResponseTemplate::new(200).set_body_json(&payload))
        .mount(&server)
        .await;
    let response = v2_api(&server)
        .get_application_key("a1", GetApplicationKeyParams::default())
        .await
        .unwrap();
    match &response.included.as_ref().unwrap()[0] {
        ApplicationKeyResponseIncludedItem::Role(role) => {
            assert_eq!(role.id.as_deref(), Some("r1"));
            let attributes = role.attributes.as_ref().unwrap();
            assert_eq!(attributes.name.as_deref(), Some("Datadog Admin Role"));
            assert_eq!(attributes.user_count, Some(3));
            let permissions = role
                .relationships
                .as_ref()
                .unwrap()
                .permissions
                .as_ref()
                .unwrap()
                .data
                .as_deref()
                .unwrap();
            assert_eq!(permissions[0].r#type, Some(PermissionsType::Permissions));
        }
        other => panic!("expected Role, got {other:?}"),
    }
    assert_eq!(serde_json::to_value(&response).unwrap(), payload);
}

#[tokio::test]
async fn unknown_query_enum_values_are_sent_as_given() {
    let server = MockServer::start().await;
    authed("GET", "/api/v2/api_keys")
        .respond_with(ResponseTemplate::new(200).set_body_json(api_key_page(&[], None)))
        .mount(&server)
        .await;
    let params = ListApiKeysParams::default()
        .sort(ApiKeysSort::Unknown("-date_last_used".to_owned()))
        .include(vec![
            ListApiKeysIncludeItem::CreatedBy,
            ListApiKeysIncludeItem::Unknown("owned_by".to_owned()),
        ]);
    v2_api(&server).list_api_keys(params).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some("sort=-date_last_used&include=created_by%2Cowned_by")
    );
}

#[tokio::test]
async fn query_values_are_escaped_and_cannot_add_parameters() {
    let server = MockServer::start().await;
    authed("GET", "/api/v2/api_keys")
        .and(query_param("filter", "a&sort=name#frag=1 %"))
        .respond_with(ResponseTemplate::new(200).set_body_json(api_key_page(&[], None)))
        .expect(1)
        .mount(&server)
        .await;
    let params = ListApiKeysParams::default()
        .filter("a&sort=name#frag=1 %")
        .filter_category("ünïcode/…")
        .include(Vec::<ListApiKeysIncludeItem>::new());
    v2_api(&server).list_api_keys(params).await.unwrap();
    let request = only_request(&server).await;
    // An empty `include` list is not sent at all.
    assert_eq!(
        request.url.query(),
        Some("filter=a%26sort%3Dname%23frag%3D1+%25&filter%5Bcategory%5D=%C3%BCn%C3%AFcode%2F%E2%80%A6")
    );
    let names: Vec<String> = request
        .url
        .query_pairs()
        .map(|(name, _)| name.into_owned())
        .collect();
    assert_eq!(names, ["filter", "filter[category]"]);
}

#[tokio::test]
async fn unknown_fields_are_kept_in_additional_properties() {
    let payload = json!({
        "data": {
            "id": "k1",
            "type": "api_keys",
            "attributes": { "name": "n", "expires_at": "2030-01-01T00:00:00Z", "tags": ["a", "b"] },
            "links": { "self": "/api/v2/api_keys/k1" }
        },
        "included": [],
        "meta": { "request_id": "r-123" }
    });
    let server = MockServer::start().await;
    authed("GET", "/api/v2/api_keys/k1")
        .respond_with(ResponseTemplate::new(200).set_body_json(&payload))
        .mount(&server)
        .await;

    let response = v2_api(&server)
        .get_api_key("k1", GetApiKeyParams::default())
        .await
        .unwrap();

    assert_eq!(
        response.additional_properties.get("meta"),
        Some(&json!({ "request_id": "r-123" }))
    );
    let data = response.data.as_ref().unwrap();
    assert_eq!(
        data.additional_properties.get("links"),
        Some(&json!({ "self": "/api/v2/api_keys/k1" }))
    );
    let attributes = data.attributes.as_ref().unwrap();
    assert_eq!(attributes.name.as_deref(), Some("n"));
    assert_eq!(
        attributes.additional_properties.get("expires_at"),
        Some(&json!("2030-01-01T00:00:00Z"))
    );
    assert_eq!(
        attributes.additional_properties.get("tags"),
        Some(&json!(["a", "b"]))
    );
    assert_eq!(response.included.as_deref().map(<[_]>::len), Some(0));
    assert_eq!(serde_json::to_value(&response).unwrap(), payload);
}

// --- null vs absent ------------------------------------------------------------------

#[tokio::test]
async fn scopes_null_absent_and_set_are_three_different_things_in_responses() {
    let server = MockServer::start().await;
    for (id, attributes) in [
        ("null", json!({ "name": "n", "scopes": null })),
        ("absent", json!({ "name": "n" })),
        ("set", json!({ "name": "n", "scopes": ["dashboards_read"] })),
    ] {
        authed("GET", &format!("/api/v2/application_keys/{id}"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "data": { "id": id, "type": "application_keys", "attributes": attributes }
            })))
            .mount(&server)
            .await;
    }
    let api = v2_api(&server);
    let mut decoded = Vec::new();
    for id in ["null", "absent", "set"] {
        let response = api
            .get_application_key(id, GetApplicationKeyParams::default())
            .await
            .unwrap();
        let attributes = response.data.unwrap().attributes.unwrap();
        decoded.push((
            attributes.scopes.clone(),
            serde_json::to_value(&attributes).unwrap(),
        ));
    }
    assert_eq!(decoded[0].0, Nullable::Null);
    assert_eq!(decoded[1].0, Nullable::Absent);
    assert_eq!(
        decoded[2].0,
        Nullable::Value(vec!["dashboards_read".to_owned()])
    );
    // And back: null stays null, absent stays absent.
    assert_eq!(decoded[0].1, json!({ "name": "n", "scopes": null }));
    assert_eq!(decoded[1].1, json!({ "name": "n" }));
    assert_eq!(
        decoded[2].1,
        json!({ "name": "n", "scopes": ["dashboards_read"] })
    );
}

#[tokio::test]
async fn scopes_null_absent_and_set_are_sent_as_such_in_updates() {
    let server = MockServer::start().await;
    authed("PATCH", "/api/v2/application_keys/a1")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": { "id": "a1" } })))
        .expect(3)
        .mount(&server)
        .await;
    let api = v2_api(&server);
    let update = |name: Option<&str>, scopes: Nullable<Vec<String>>| {
        // A field set to null or left absent is assigned: setters set values.
        let mut attributes = ApplicationKeyUpdateAttributes::new();
        attributes.name = name.map(str::to_owned);
        attributes.scopes = scopes;
        ApplicationKeyUpdateRequest::new(ApplicationKeyUpdateData::new(attributes, "a1".to_owned()))
    };

    api.update_application_key("a1", update(None, Nullable::Null))
        .await
        .unwrap();
    api.update_application_key("a1", update(Some("renamed"), Nullable::Absent))
        .await
        .unwrap();
    api.update_application_key(
        "a1",
        update(None, Nullable::Value(vec!["user_app_keys".to_owned()])),
    )
    .await
    .unwrap();

    let sent: Vec<Value> = requests(&server)
        .await
        .iter()
        .map(|request| request.body_json::<Value>().unwrap()["data"]["attributes"].clone())
        .collect();
    // `"scopes": null` clears the scopes...
    assert_eq!(sent[0], json!({ "scopes": null }));
    assert_eq!(sent[0].get("scopes"), Some(&Value::Null));
    // ...while leaving them out keeps them as they are.
    assert_eq!(sent[1], json!({ "name": "renamed" }));
    assert_eq!(sent[1].get("scopes"), None);
    assert_eq!(sent[2], json!({ "scopes": ["user_app_keys"] }));
}

// --- Path parameters ------------------------------------------------------------------

#[tokio::test]
async fn hostile_ids_stay_in_one_encoded_segment_or_are_refused() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": { "id": "x" } })))
        .mount(&server)
        .await;
    let api = v2_with(no_retries(&server));

    let sent = [
        ("../../v1/org", "..%2F..%2Fv1%2Forg"),
        ("a/b", "a%2Fb"),
        ("x?y#z", "x%3Fy%23z"),
        ("%2F", "%252F"),
        (" ", "%20"),
        ("%2E%2E", "%252E%252E"),
        ("...", "..."),
        ("a\\b", "a%5Cb"),
        ("ключ", "%D0%BA%D0%BB%D1%8E%D1%87"),
        ("k1&include=created_by", "k1%26include%3Dcreated_by"),
    ];
    for (id, _) in sent {
        api.get_api_key(id, GetApiKeyParams::default())
            .await
            .unwrap_or_else(|err| panic!("{id:?}: {err:?}"));
    }
    // One request each, to exactly one encoded segment under the collection.
    let received = requests(&server).await;
    let paths: Vec<&str> = received.iter().map(|request| request.url.path()).collect();
    let expected: Vec<String> = sent
        .iter()
        .map(|(_, segment)| format!("/api/v2/api_keys/{segment}"))
        .collect();
    assert_eq!(paths, expected);
    for request in &received {
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(request.url.query(), None, "{}", describe(request));
        let segment = request
            .url
            .path()
            .strip_prefix("/api/v2/api_keys/")
            .unwrap();
        assert!(!segment.contains('/'), "{}", describe(request));
    }

    // Values a URL parser would resolve as dot segments, and the empty value,
    // are refused before anything is sent.
    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    for id in ["..", ".", ""] {
        let err = api
            .get_api_key(id, GetApiKeyParams::default())
            .await
            .unwrap_err();
        match &err {
            Error::InvalidRequest(message) => {
                assert!(message.contains("GetAPIKey"), "{message}");
                assert!(message.contains("api_key_id"), "{message}");
            }
            other => panic!("{id:?}: expected InvalidRequest, got {other:?}"),
        }
        assert_redacted(&err);
    }
    let v1 = v1_with(no_retries(&server));
    for id in ["..", ".", ""] {
        let err = v1.delete_api_key(id).await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{id:?}: {err:?}");
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn hostile_v1_keys_stay_under_their_collection() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let api = v1_api(&server);
    api.get_api_key("../application_key").await.unwrap();
    api.delete_application_key("../../v2/api_keys/x")
        .await
        .unwrap();
    let paths: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "/api/v1/api_key/..%2Fapplication_key",
            "/api/v1/application_key/..%2F..%2Fv2%2Fapi_keys%2Fx",
        ]
    );
}

// --- Secrets ---------------------------------------------------------------------------

#[tokio::test]
async fn configuration_client_and_apis_never_print_the_keys() {
    let server = MockServer::start().await;
    let config = config(&server);
    assert_eq!(config.get_api_key().unwrap().expose(), API_KEY);
    let v1 = v1_with(config.clone());
    let v2 = v2_with(config.clone());
    // None of these implement Display; Debug is what ends up in logs.
    for text in [
        format!("{config:?}"),
        format!("{config:#?}"),
        format!("{:?}", v1.client()),
        format!("{:#?}", v2.client()),
        format!("{v1:?}"),
        format!("{v2:#?}"),
        format!("{:?}", config.get_app_key().unwrap()),
        config.get_app_key().unwrap().to_string(),
    ] {
        assert_no_secrets(&text);
    }
    assert!(format!("{config:?}").contains("***"));
}

#[tokio::test]
async fn a_key_that_is_not_a_valid_header_is_refused_without_quoting_it() {
    let server = MockServer::start().await;
    let key = "first-line\nsecond-line-SECRET";
    let config = no_retries(&server).api_key(key);
    let err = v2_with(config)
        .list_api_keys(ListApiKeysParams::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    for text in [format!("{err:?}"), err.to_string()] {
        assert!(!text.contains("second-line"), "{text}");
        assert!(!text.contains("first-line"), "{text}");
    }
    assert!(requests(&server).await.is_empty());
}

// --- Sites ---------------------------------------------------------------------------------

async fn every_v1_operation(api: &v1::KeyManagementApi) -> Vec<(&'static str, V1Error)> {
    let key = v1::models::ApiKey::new;
    let app_key = v1::models::ApplicationKey::new;
    vec![
        ("ListAPIKeys", api.list_api_keys().await.unwrap_err()),
        ("CreateAPIKey", api.create_api_key(key()).await.unwrap_err()),
        ("GetAPIKey", api.get_api_key("k").await.unwrap_err()),
        (
            "UpdateAPIKey",
            api.update_api_key("k", key()).await.unwrap_err(),
        ),
        ("DeleteAPIKey", api.delete_api_key("k").await.unwrap_err()),
        (
            "ListApplicationKeys",
            api.list_application_keys().await.unwrap_err(),
        ),
        (
            "CreateApplicationKey",
            api.create_application_key(app_key()).await.unwrap_err(),
        ),
        (
            "GetApplicationKey",
            api.get_application_key("h").await.unwrap_err(),
        ),
        (
            "UpdateApplicationKey",
            api.update_application_key("h", app_key())
                .await
                .unwrap_err(),
        ),
        (
            "DeleteApplicationKey",
            api.delete_application_key("h").await.unwrap_err(),
        ),
    ]
}

#[tokio::test]
async fn v1_is_refused_on_the_government_sites_and_v2_works_there() {
    for site in [Site::DdogGovCom, Site::Us2DdogGovCom] {
        let server = MockServer::start().await;
        let gov = config(&server).site(site);

        let errors = every_v1_operation(&v1_with(gov.clone())).await;
        assert_eq!(errors.len(), 10);
        for (expected, err) in &errors {
            match err {
                Error::SiteUnavailable {
                    operation,
                    site: refused,
                } => {
                    assert_eq!(operation, expected);
                    assert_eq!(*refused, site.as_str());
                }
                other => panic!("{expected} on {site}: expected SiteUnavailable, got {other:?}"),
            }
            let message = err.to_string();
            assert!(message.contains(expected), "{message}");
            assert!(message.contains(site.as_str()), "{message}");
            assert_eq!(err.status(), None);
            assert_redacted(err);
        }
        assert!(
            requests(&server).await.is_empty(),
            "nothing may be sent to {site}"
        );

        authed("GET", "/api/v2/api_keys")
            .respond_with(ResponseTemplate::new(200).set_body_json(api_key_page(&["gov"], None)))
            .expect(1)
            .mount(&server)
            .await;
        let response = v2_with(gov)
            .list_api_keys(ListApiKeysParams::default())
            .await
            .unwrap();
        assert_eq!(ids(response.data.as_deref().unwrap()), ["gov"]);
    }
}

#[tokio::test]
async fn v1_works_on_the_other_sites() {
    for &site in Site::ALL {
        if matches!(site, Site::DdogGovCom | Site::Us2DdogGovCom) {
            continue;
        }
        let server = MockServer::start().await;
        authed("GET", "/api/v1/api_key")
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "api_keys": [] })))
            .expect(1)
            .mount(&server)
            .await;
        let response = v1_with(config(&server).site(site))
            .list_api_keys()
            .await
            .unwrap_or_else(|err| panic!("{site}: {err:?}"));
        assert_eq!(response.api_keys, Some(vec![]));
    }
}

// --- HTTP client, headers, redirects, base URL ---------------------------------------------

#[tokio::test]
async fn a_caller_supplied_http_client_is_used_with_the_configured_user_agent() {
    let server = MockServer::start().await;
    authed("GET", "/api/v2/api_keys/k1")
        .and(wiremock::matchers::header("x-proxy-route", "blue"))
        .and(wiremock::matchers::header("user-agent", "key-rotator/2.1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "data": api_key_item("k1") })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert(
        "x-proxy-route",
        reqwest::header::HeaderValue::from_static("blue"),
    );
    let config = config(&server)
        .http_client(move |builder| {
            builder
                .default_headers(defaults.clone())
                .user_agent("the-http-client's-own-agent")
        })
        .user_agent("key-rotator/2.1");
    let response = v2_with(config)
        .get_api_key("k1", GetApiKeyParams::default())
        .await
        .unwrap();
    assert_eq!(response.data.unwrap().id.as_deref(), Some("k1"));
    let request = only_request(&server).await;
    assert_eq!(header_value(&request, "x-proxy-route"), Some("blue"));
    assert_eq!(
        header_value(&request, "user-agent"),
        Some("key-rotator/2.1")
    );
    assert_eq!(header_value(&request, "dd-api-key"), Some(API_KEY));
}

#[tokio::test]
async fn the_default_user_agent_names_the_crate_even_with_a_caller_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "api_keys": [] })))
        .mount(&server)
        .await;
    v1_with(
        config(&server).http_client(|builder| builder.user_agent("the-http-client's-own-agent")),
    )
    .list_api_keys()
    .await
    .unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        header_value(&request, "user-agent"),
        Some(DEFAULT_USER_AGENT)
    );
}

#[tokio::test]
async fn same_host_redirects_are_followed_with_the_keys() {
    let server = MockServer::start().await;
    authed("GET", "/api/v2/api_keys/k1")
        .respond_with(
            ResponseTemplate::new(302).insert_header("Location", "/elsewhere/api/v2/api_keys/k1"),
        )
        .expect(1)
        .mount(&server)
        .await;
    authed("GET", "/elsewhere/api/v2/api_keys/k1")
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "data": api_key_item("k1") })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let response = v2_api(&server)
        .get_api_key("k1", GetApiKeyParams::default())
        .await
        .unwrap();
    assert_eq!(response.data.unwrap().id.as_deref(), Some("k1"));
    assert_eq!(requests(&server).await.len(), 2);
}

/// A server on 127.0.0.2: another host than the 127.0.0.1 of the others.
async fn other_host() -> MockServer {
    let listener = std::net::TcpListener::bind("127.0.0.2:0").expect("bind 127.0.0.2");
    MockServer::builder().listener(listener).start().await
}

#[tokio::test]
async fn keys_never_follow_a_redirect_to_another_host_even_with_a_caller_policy() {
    let elsewhere = other_host().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": [] })))
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(302).insert_header(
            "Location",
            format!("{}/api/v2/api_keys", elsewhere.uri()).as_str(),
        ))
        .mount(&server)
        .await;
    // reqwest's own policy would follow, stripping only standard
    // credential headers (Authorization, Cookie): not DD-API-KEY. The
    // client follows instead, with no key.
    let follow = config(&server)
        .http_client(|builder| builder.redirect(reqwest::redirect::Policy::limited(10)));
    for api in [v2_with(follow), v2_api(&server)] {
        let response = api
            .list_api_keys(ListApiKeysParams::default())
            .await
            .unwrap();
        assert_eq!(response.data, Some(vec![]));
    }
    let away = requests(&elsewhere).await;
    assert_eq!(away.len(), 2, "one per call, reqwest followed nothing");
    for request in &away {
        assert!(!request.headers.contains_key("dd-api-key"));
        assert!(!request.headers.contains_key("dd-application-key"));
        assert_no_secrets(&format!("{:?}", request.headers));
    }
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_base_url_path_is_kept_as_a_prefix() {
    let server = MockServer::start().await;
    authed("GET", "/datadog-proxy/api/v2/current_user/application_keys")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": [] })))
        .expect(1)
        .mount(&server)
        .await;
    let config = Configuration::new()
        .base_url(&format!("{}/datadog-proxy/", server.uri()))
        .unwrap()
        .api_key(API_KEY)
        .app_key(APP_KEY);
    let response = v2_with(config)
        .list_current_user_application_keys(Default::default())
        .await
        .unwrap();
    assert_eq!(response.data, Some(vec![]));
}

#[tokio::test]
async fn a_missing_key_is_reported_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": [] })))
        .expect(0)
        .mount(&server)
        .await;
    let only_api_key = Configuration::new()
        .base_url(&server.uri())
        .unwrap()
        .api_key(API_KEY);
    let err = v2_with(only_api_key)
        .list_api_keys(ListApiKeysParams::default())
        .await
        .unwrap_err();
    match &err {
        Error::MissingCredential {
            operation,
            scheme,
            credential,
            setter,
            variable,
            alternatives,
        } => {
            assert_eq!(*operation, "ListAPIKeys");
            assert_eq!(*scheme, "appKeyAuth");
            assert_eq!(*credential, "application key");
            assert_eq!(*setter, "app_key");
            assert_eq!(*variable, Some("DD_APP_KEY"));
            assert!(alternatives.is_empty(), "{alternatives:?}");
        }
        other => panic!("expected MissingCredential, got {other:?}"),
    }
    assert!(err.to_string().contains("DD_APP_KEY"), "{err}");
    assert_redacted(&err);

    let only_app_key = Configuration::new()
        .base_url(&server.uri())
        .unwrap()
        .app_key(APP_KEY);
    let err = v1_with(only_app_key).list_api_keys().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::MissingCredential {
                variable: Some("DD_API_KEY"),
                ..
            }
        ),
        "{err:?}"
    );
    assert_redacted(&err);
    assert!(requests(&server).await.is_empty());
}

// --- Secrets in transport errors -------------------------------------------------------
//
// v1 addresses keys by their value: `/api/v1/api_key/{key}` and
// `/api/v1/application_key/{key}` put the secret itself in the URL (the
// reference page's examples: `key` is the 32-character API key, the
// application key's `hash` is the 40-character key). Checking one's own key
// with `get_api_key(DD_API_KEY)` is an ordinary call. A transport error must
// not print that URL, in `Debug`, in `Display` or down its source chain.

#[tokio::test]
async fn a_timeout_of_a_v1_key_operation_does_not_print_the_key() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let api = v1_with(no_retries(&server).timeout(Duration::from_millis(100)));
    let err = api.get_api_key(API_KEY).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_redacted(&err);
}

#[tokio::test]
async fn a_connect_error_of_a_v1_key_operation_does_not_print_the_key() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let config = Configuration::new()
        .base_url(&format!("http://127.0.0.1:{port}"))
        .unwrap()
        .api_key(API_KEY)
        .app_key(APP_KEY)
        .retry(RetryPolicy::none());
    let err = v1_with(config)
        .delete_application_key(APP_KEY)
        .await
        .unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert_redacted(&err);
}

#[tokio::test]
async fn a_transport_error_chain_does_not_repeat_itself() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let config = Configuration::new()
        .base_url(&format!("http://127.0.0.1:{port}"))
        .unwrap()
        .api_key(API_KEY)
        .app_key(APP_KEY)
        .retry(RetryPolicy::none());
    let err = v2_with(config)
        .list_api_keys(ListApiKeysParams::default())
        .await
        .unwrap_err();
    let chain = error_chain(&err);
    assert_eq!(chain.matches("error sending request").count(), 1, "{chain}");
}
