//! Faults injected into the generated client, through its real operations,
//! against servers on 127.0.0.1 (a scripted raw socket,
//! `common/raw_server.rs`, where wiremock cannot misbehave enough; wiremock
//! elsewhere). Each fault, and what it gives:
//!
//! - **Truncated bodies.** A body shorter than its `Content-Length`, or a
//!   chunked body cut before its last chunk, is `Error::Request` (a transport
//!   failure, without status: the span has it); a GET is retried like any
//!   transport failure, a POST is not. A close-delimited body (no length)
//!   cut short cannot be told from a whole one: it fails to decode,
//!   `Error::Decode` with status 200 and the part that came as excerpt.
//! - **Malformed bodies.** Not JSON, empty, `null`, the wrong JSON shape:
//!   `Error::Decode` with the status, the JSON path and the body excerpt;
//!   the message never quotes the body.
//! - **Content-Type.** The client decodes what the operation documents and
//!   ignores the response's `Content-Type`: JSON labelled `text/html`,
//!   `text/plain`, nonsense or nothing decodes. An HTML page on a 2xx is
//!   `Error::Decode` (not a success); on an error status, a body that is not
//!   the documented error is `Error::UnexpectedStatus` keeping status, body
//!   and headers (`Content-Type` included), and a documented error body
//!   decodes as `Error::Api` whatever its label.
//! - **Bodies far larger than expected.** A body above
//!   `Configuration::max_response_body` (32 MiB by default) is
//!   `Error::ResponseTooLarge` with the status and the limit: refused from
//!   its `Content-Length` before reading anything, or as soon as a streamed
//!   body (an endless chunked one) passes the limit. Not retried. A body of
//!   exactly the limit is read.
//! - **Slow servers.** Headers that never come and a body that trickles
//!   forever (with a length or chunked) are `Error::Timeout` after the
//!   configured timeout, which covers the whole exchange; a GET is retried
//!   up to the policy's attempts, a POST is not.
//! - **Resets.** A connection reset in the middle of a body, or closed or
//!   reset before any response, is `Error::Request`.
//! - **5xx storms.** An idempotent method (GET, DELETE) makes exactly
//!   `max_attempts` attempts on 500/502/503/504, then returns the last
//!   response as `Error::UnexpectedStatus`; a POST or PATCH makes one; a
//!   501 is never retried. Total time stays within the policy's delays,
//!   even when the server asks for a huge `Retry-After`.
//! - **429 with absurd headers.** `Retry-After` huge, beyond `u64`,
//!   negative, fractional, not a number, an HTTP-date in the past (no wait)
//!   or the future, `X-RateLimit-Reset` huge or an epoch timestamp, or no
//!   header at all: every wait is capped at `RetryPolicy::max_delay`, the
//!   attempts stop at `max_attempts`, and the result is `Error::Api` (429)
//!   with the parsed `RateLimit`. Nothing panics or overflows.
//! - **Redirects.** 301/302/303/307/308 to another host, absolute or
//!   scheme-relative: followed, without either key (nor `Authorization` or
//!   `Cookie`), even when the caller's HTTP client customization sets
//!   reqwest's own following policy (which would forward the key headers);
//!   a POST stays a POST with its body on 307 and 308 only. Relative
//!   locations stay on the origin and keep the keys; a chain that comes
//!   back on itself is `Error::Redirect` (a loop). With the `never` and
//!   `same_origin` policies another host receives nothing: the 3xx is
//!   `Error::UnexpectedStatus`, or `Error::Redirect` whose `Location` has
//!   no query (which could hold a key).
//! - **Secrets.** After every fault, no configured key appears in the
//!   error's `Display`, `Debug` or source chain, nor in any tracing span,
//!   event or `log` record of the whole test binary (a recording subscriber
//!   and logger, installed globally, at the most verbose level), even when
//!   the caller turns on reqwest's wire logging (`connection_verbose`).
//!
//! Timeouts and retry delays are short: no test waits more than about a
//! second and a half.

mod common;

use std::time::{Duration, Instant};

use common::raw_server::{head, response, RawServer, Step};
use common::*;
use datadog_key_management::v1;
use datadog_key_management::v2::models::*;
use datadog_key_management::v2::{GetApiKeyParams, KeyManagementApi, ListApiKeysParams};
use datadog_key_management::{runtime, Configuration, Error, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

type V2Error = Error<ApiErrorResponse>;

/// A global recording subscriber and logger: every span (with its fields
/// and later records), every event and every `log` record of the test
/// binary, at every level, as text.
mod capture {
    use std::fmt::{self, Write as _};
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Mutex, Once};

    static LOG: Mutex<String> = Mutex::new(String::new());
    static INSTALL: Once = Once::new();

    fn write(line: impl FnOnce(&mut String)) {
        if let Ok(mut log) = LOG.lock() {
            line(&mut log);
            log.push('\n');
        }
    }

    struct Fields<'a>(&'a mut String);

    impl tracing::field::Visit for Fields<'_> {
        fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
            let _ = write!(self.0, " {}={:?}", field.name(), value);
        }
    }

    struct Recorder {
        next_id: AtomicU64,
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
            let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
            write(|log| {
                let meta = span.metadata();
                let _ = write!(log, "span#{id} {} {}", meta.target(), meta.name());
                span.record(&mut Fields(log));
            });
            tracing::span::Id::from_u64(id)
        }

        fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
            write(|log| {
                let _ = write!(log, "record#{}", span.into_u64());
                values.record(&mut Fields(log));
            });
        }

        fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

        fn event(&self, event: &tracing::Event<'_>) {
            write(|log| {
                let meta = event.metadata();
                let _ = write!(log, "event {} {}", meta.level(), meta.target());
                event.record(&mut Fields(log));
            });
        }

        fn enter(&self, _: &tracing::span::Id) {}

        fn exit(&self, _: &tracing::span::Id) {}
    }

    struct Logger;

    impl log::Log for Logger {
        fn enabled(&self, _: &log::Metadata<'_>) -> bool {
            true
        }

        fn log(&self, record: &log::Record<'_>) {
            write(|log| {
                let _ = write!(
                    log,
                    "log {} {} {}",
                    record.level(),
                    record.target(),
                    record.args()
                );
            });
        }

        fn flush(&self) {}
    }

    static LOGGER: Logger = Logger;

    /// Installs the subscriber and the logger, once per test binary. Global
    /// rather than scoped: a scoped subscriber misses the events of tasks
    /// and threads it does not cover, and its callsite interest can be
    /// cached as "never" by a concurrent test.
    pub fn install() {
        INSTALL.call_once(|| {
            tracing::subscriber::set_global_default(Recorder {
                next_id: AtomicU64::new(0),
            })
            .expect("no other global subscriber");
            log::set_logger(&LOGGER).expect("no other logger");
            log::set_max_level(log::LevelFilter::Trace);
        });
    }

    /// Everything recorded so far, by every test of the binary.
    pub fn text() -> String {
        LOG.lock().map(|log| log.clone()).unwrap_or_default()
    }
}

/// The error of `result`, after checking that neither it nor anything
/// traced or logged so far holds a key.
#[track_caller]
fn failure<T: std::fmt::Debug>(result: Result<T, V2Error>) -> V2Error {
    let error = result.expect_err("the fault must fail the call");
    assert_redacted(&error);
    assert_logs_clean();
    error
}

/// No key in any span, event or log record so far.
fn assert_logs_clean() {
    assert_no_secrets(&capture::text());
}

/// Both keys, `url` as base URL, one attempt, a 2 s timeout.
fn config_for(url: &str) -> Configuration {
    capture::install();
    Configuration::new()
        .base_url(url)
        .expect("a local base URL")
        .api_key(API_KEY)
        .app_key(APP_KEY)
        .retry(RetryPolicy::none())
        .timeout(Duration::from_secs(2))
}

/// The upper bound of a call's total time: far below any wait a server
/// asks for here (days), far above what a loaded machine needs.
const BOUND: Duration = Duration::from_secs(5);

fn api(config: Configuration) -> KeyManagementApi {
    KeyManagementApi::new(config).expect("client builds")
}

/// `attempts` attempts with short delays, each capped at 100 ms.
fn quick(attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts: attempts,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(100),
    }
}

fn create_body() -> ApiKeyCreateRequest {
    ApiKeyCreateRequest::from(ApiKeyCreateAttributes::new("fault"))
}

fn update_body() -> ApiKeyUpdateRequest {
    ApiKeyUpdateRequest::from(ApiKeyUpdateData::new(
        ApiKeyUpdateAttributes::new("fault"),
        "k1",
    ))
}

async fn list(api: &KeyManagementApi) -> Result<ApiKeysResponse, V2Error> {
    api.list_api_keys(ListApiKeysParams::default()).await
}

async fn get(api: &KeyManagementApi) -> Result<ApiKeyResponse, V2Error> {
    api.get_api_key("k1", GetApiKeyParams::default()).await
}

const ONE_KEY: &str = r#"{"data":{"type":"api_keys","id":"k1","attributes":{"name":"one"}}}"#;

#[track_caller]
fn expect_request_error(error: &V2Error) {
    assert!(matches!(error, Error::Request(_)), "{error:?}");
    assert!(!error.is_timeout() && !error.is_connect(), "{error:?}");
    assert_eq!(error.status(), None);
}

#[track_caller]
fn expect_timeout(error: &V2Error) {
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(error.is_timeout(), "{error:?}");
}

#[track_caller]
fn expect_decode(error: &V2Error, expected_path: &str, excerpt: &str) -> String {
    match error {
        Error::Decode {
            operation,
            status,
            path,
            message,
            body_excerpt,
        } => {
            assert_eq!(*status, 200, "{error}");
            assert_eq!(path, expected_path, "{error}");
            assert_eq!(body_excerpt.as_str(), excerpt, "{error}");
            assert!(operation.ends_with("APIKey") || operation.ends_with("APIKeys"));
            message.clone()
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

// --- Truncated and malformed bodies ------------------------------------------------

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_a_request_error_retried_for_a_get() {
    let server = RawServer::start(vec![
        Step::Write(head(
            200,
            &[
                ("content-type", "application/json"),
                ("content-length", "1000"),
            ],
        )),
        Step::Write(br#"{"data":[{"type":"api_keys","id":"k1"#.to_vec()),
    ])
    .await;
    let client = api(config_for(&server.uri()).retry(quick(3)));
    let error = failure(list(&client).await);
    expect_request_error(&error);
    let chain = error_chain(&error);
    assert!(chain.contains("body"), "{chain}");
    assert_eq!(
        server.requests(),
        3,
        "a transport failure of a GET is retried"
    );

    let error = failure(client.create_api_key(create_body()).await);
    expect_request_error(&error);
    assert_eq!(server.requests(), 4, "a POST is not repeated");
}

#[tokio::test]
async fn a_chunked_body_cut_before_its_last_chunk_is_a_request_error() {
    let chunk = br#"{"data":{"type":"api_keys","#;
    let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
    framed.extend_from_slice(chunk);
    framed.extend_from_slice(b"\r\n");
    let server = RawServer::start(vec![
        Step::Write(head(
            200,
            &[
                ("content-type", "application/json"),
                ("transfer-encoding", "chunked"),
            ],
        )),
        Step::Write(framed),
    ])
    .await;
    let error = failure(get(&api(config_for(&server.uri()))).await);
    expect_request_error(&error);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_close_delimited_body_cut_short_is_a_decode_error_with_what_came() {
    // No length and no chunks: the body ends when the connection does, so a
    // cut is invisible to HTTP; the JSON is what shows it.
    let partial = r#"{"data":{"type":"api_keys","id":"k1","attributes":{"name":"on"#;
    let mut bytes = head(200, &[("content-type", "application/json")]);
    bytes.extend_from_slice(partial.as_bytes());
    let server = RawServer::start(vec![Step::Write(bytes)]).await;
    let error = failure(get(&api(config_for(&server.uri()))).await);
    let message = expect_decode(&error, "data.attributes.name", partial);
    assert!(message.starts_with("EOF while parsing"), "{message}");
}

#[tokio::test]
async fn malformed_bodies_are_decode_errors_with_status_path_and_excerpt() {
    for (body, path, message) in [
        ("<html>", "", "expected value at line 1 column 1"),
        ("", "", "EOF while parsing a value at line 1 column 0"),
        ("null", "", "invalid type: null, expected"),
        ("[]", "", "invalid type: sequence, expected"),
        (r#"{"data":"k1"}"#, "data", "invalid type: string"),
        (r#"{"data":{"id":7}}"#, "data.id", "invalid type: integer"),
        (
            r#"{"data":{}} trailing"#,
            "",
            "trailing characters at line 1",
        ),
    ] {
        let server = RawServer::start(vec![Step::Write(response(
            200,
            Some("application/json"),
            body.as_bytes(),
        ))])
        .await;
        let error = failure(get(&api(config_for(&server.uri()))).await);
        let got = expect_decode(
            &error,
            path,
            if body.is_empty() {
                "(empty body)"
            } else {
                body
            },
        );
        assert!(got.starts_with(message), "{body}: {got}");
        assert_eq!(error.status(), Some(200));
        if !body.is_empty() && body != "null" && body != "[]" {
            assert!(!error.to_string().contains(body), "{error}");
        }
    }
}

// --- Content-Type --------------------------------------------------------------------

#[tokio::test]
async fn a_json_success_decodes_whatever_its_content_type_says() {
    for content_type in [
        Some("application/json"),
        Some("application/json; charset=utf-8"),
        Some("text/html"),
        Some("text/plain"),
        Some(";;; not a media type"),
        None,
    ] {
        let server = RawServer::start(vec![Step::Write(response(
            200,
            content_type,
            ONE_KEY.as_bytes(),
        ))])
        .await;
        let key = get(&api(config_for(&server.uri())))
            .await
            .unwrap_or_else(|error| panic!("{content_type:?}: {error:?}"));
        assert_eq!(key.id(), Some("k1"), "{content_type:?}");
    }
    assert_logs_clean();
}

#[tokio::test]
async fn an_html_page_on_a_success_status_is_a_decode_error() {
    // A proxy's login page or a CDN's placeholder, answered with 200.
    let page = "<!DOCTYPE html><html><body>Please sign in</body></html>";
    let server = RawServer::start(vec![Step::Write(response(
        200,
        Some("text/html"),
        page.as_bytes(),
    ))])
    .await;
    let error = failure(list(&api(config_for(&server.uri()))).await);
    let message = expect_decode(&error, "", page);
    assert_eq!(message, "expected value at line 1 column 1");
    assert!(!error.to_string().contains("sign in"), "{error}");
}

#[tokio::test]
async fn error_statuses_are_classified_by_their_body_not_their_content_type() {
    let errors = br#"{"errors":["Forbidden"]}"#;
    let page = b"<html><body><h1>403 Forbidden</h1></body></html>";
    for (status, content_type, body, documented) in [
        (403, Some("text/html"), &errors[..], true),
        (404, None, &errors[..], true),
        (403, Some("text/html"), &page[..], false),
        (403, Some("application/json"), &page[..], false),
        (500, Some("text/html"), &page[..], false),
        (418, Some("application/json"), &errors[..], false),
    ] {
        let server =
            RawServer::start(vec![Step::Write(response(status, content_type, body))]).await;
        let error = failure(get(&api(config_for(&server.uri()))).await);
        assert_eq!(error.status(), Some(status));
        match (&error, documented) {
            (Error::Api(api_error), true) => {
                assert_eq!(api_error.body.errors, ["Forbidden"]);
                assert_eq!(&api_error.raw[..], body);
            }
            (Error::UnexpectedStatus(content), false) => {
                assert_eq!(&content.body[..], body);
                assert_eq!(
                    content.headers.get("content-type").map(|v| v.as_bytes()),
                    content_type.map(str::as_bytes)
                );
            }
            (other, _) => panic!("{status} {content_type:?}: unexpected {other:?}"),
        }
    }
}

// --- Bodies far larger than expected ---------------------------------------------------

const DEFAULT_LIMIT: usize = 32 * 1024 * 1024;

#[track_caller]
fn expect_too_large(error: &V2Error, operation: &str, limit: usize) {
    match error {
        Error::ResponseTooLarge {
            operation: op,
            status,
            limit: got,
        } => {
            assert_eq!((*op, *status, *got), (operation, 200, limit), "{error}");
            assert_eq!(error.status(), Some(200));
        }
        other => panic!("expected Error::ResponseTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn a_50_mb_list_is_refused_from_its_content_length_before_reading() {
    let server = RawServer::start(vec![
        Step::Write(head(
            200,
            &[
                ("content-type", "application/json"),
                ("content-length", "52428800"),
            ],
        )),
        Step::Write(br#"{"data":["#.to_vec()),
        Step::Hang,
    ])
    .await;
    // The rest never comes: reading it would end in a timeout, not in
    // ResponseTooLarge.
    let config = config_for(&server.uri()).retry(quick(3));
    assert_eq!(config.get_max_response_body(), DEFAULT_LIMIT);
    let started = Instant::now();
    let error = failure(list(&api(config)).await);
    expect_too_large(&error, "ListAPIKeys", DEFAULT_LIMIT);
    assert!(started.elapsed() < BOUND, "{:?}", started.elapsed());
    assert_eq!(
        server.requests(),
        1,
        "a body too large is not asked for again"
    );
}

#[tokio::test]
async fn an_endless_chunked_list_is_cut_at_the_default_limit() {
    let item = r#"{"type":"api_keys","id":"k","attributes":{"name":"n"}},"#;
    let data = item.repeat(1000);
    let mut chunk = format!("{:x}\r\n", data.len()).into_bytes();
    chunk.extend_from_slice(data.as_bytes());
    chunk.extend_from_slice(b"\r\n");
    let server = RawServer::start(vec![
        Step::Write(head(
            200,
            &[
                ("content-type", "application/json"),
                ("transfer-encoding", "chunked"),
            ],
        )),
        Step::Write(b"9\r\n{\"data\":[\r\n".to_vec()),
        Step::Flood(chunk),
    ])
    .await;
    let started = Instant::now();
    let error = failure(list(&api(config_for(&server.uri()).retry(quick(3)))).await);
    expect_too_large(&error, "ListAPIKeys", DEFAULT_LIMIT);
    // 32 MiB over loopback, in a debug build, on a busy machine.
    assert!(started.elapsed() < BOUND, "{:?}", started.elapsed());
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn max_response_body_is_exact_with_or_without_a_length() {
    let limit = 4096;
    let body = |size: usize| {
        let mut body = br#"{"data":[]}"#.to_vec();
        body.resize(size, b' ');
        body
    };
    for (size, declared) in [
        (limit, true),
        (limit + 1, true),
        (limit, false),
        (limit + 1, false),
    ] {
        let bytes = if declared {
            response(200, Some("application/json"), &body(size))
        } else {
            let mut bytes = head(200, &[("content-type", "application/json")]);
            bytes.extend_from_slice(&body(size));
            bytes
        };
        let server = RawServer::start(vec![Step::Write(bytes)]).await;
        let config = config_for(&server.uri()).max_response_body(limit);
        let result = list(&api(config)).await;
        if size <= limit {
            let page = result.unwrap_or_else(|e| panic!("{size} {declared}: {e:?}"));
            assert_eq!(page.data, Some(vec![]));
        } else {
            expect_too_large(&failure(result), "ListAPIKeys", limit);
        }
    }
}

// --- Slow servers ------------------------------------------------------------------------

#[tokio::test]
async fn headers_that_never_come_are_a_timeout_retried_for_a_get_only() {
    let server = RawServer::start(vec![Step::Hang]).await;
    let timeout = Duration::from_millis(200);
    let api = api(config_for(&server.uri()).timeout(timeout).retry(quick(2)));

    let started = Instant::now();
    let error = failure(list(&api).await);
    let elapsed = started.elapsed();
    expect_timeout(&error);
    assert_eq!(error.status(), None);
    assert_eq!(server.requests(), 2);
    assert!(elapsed >= timeout * 2, "{elapsed:?}");
    assert!(elapsed < BOUND, "{elapsed:?}");

    let error = failure(api.create_api_key(create_body()).await);
    expect_timeout(&error);
    assert_eq!(
        server.requests(),
        3,
        "a POST that timed out is not repeated"
    );
}

#[tokio::test]
async fn a_body_that_trickles_forever_is_a_timeout() {
    let timeout = Duration::from_millis(300);
    for headers in [
        &[("content-length", "1000000")][..],
        &[("transfer-encoding", "chunked")][..],
    ] {
        let mut script = vec![Step::Write(head(200, headers))];
        if headers[0].0 == "transfer-encoding" {
            // One endless chunk: its size line, then a byte at a time.
            script.push(Step::Write(b"fffffff\r\n".to_vec()));
        }
        script.push(Step::Trickle {
            byte: b' ',
            every: Duration::from_millis(10),
        });
        let server = RawServer::start(script).await;
        let started = Instant::now();
        let error = failure(list(&api(config_for(&server.uri()).timeout(timeout))).await);
        let elapsed = started.elapsed();
        expect_timeout(&error);
        assert!(elapsed >= timeout, "{headers:?}: {elapsed:?}");
        assert!(elapsed < BOUND, "{headers:?}: {elapsed:?}");
        assert_eq!(server.requests(), 1);
    }
}

// --- Resets --------------------------------------------------------------------------------

#[tokio::test]
async fn a_reset_in_the_middle_of_a_body_is_a_request_error() {
    let server = RawServer::start(vec![
        Step::Write(head(
            200,
            &[
                ("content-type", "application/json"),
                ("content-length", "4096"),
            ],
        )),
        Step::Write(br#"{"data":[{"type":"api_keys","id":"k1"},"#.to_vec()),
        Step::Sleep(Duration::from_millis(20)),
        Step::Reset,
    ])
    .await;
    let api = api(config_for(&server.uri()).retry(quick(2)));
    let error = failure(list(&api).await);
    expect_request_error(&error);
    assert_eq!(server.requests(), 2, "a GET is retried after a reset");

    let error = failure(api.update_api_key("k1", update_body()).await);
    expect_request_error(&error);
    assert_eq!(server.requests(), 3, "a PATCH is not repeated");
}

#[tokio::test]
async fn a_connection_reset_or_closed_before_any_response_is_a_request_error() {
    // A reset, and a clean close (the script ends having written nothing).
    for step in [Step::Reset, Step::Write(Vec::new())] {
        let server = RawServer::start(vec![step.clone()]).await;
        let error = failure(
            api(config_for(&server.uri()).retry(quick(2)))
                .delete_api_key("k1")
                .await,
        );
        expect_request_error(&error);
        assert_eq!(server.requests(), 2, "{step:?}: a DELETE is retried");
    }
}

// --- 5xx storms ------------------------------------------------------------------------------

async fn always(status: u16, headers: &[(&str, &str)]) -> MockServer {
    let server = MockServer::start().await;
    let mut template =
        ResponseTemplate::new(status).set_body_raw(r#"{"errors":["storm"]}"#, "application/json");
    for (name, value) in headers {
        template = template.insert_header(*name, *value);
    }
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_5xx_storm_on_idempotent_methods_stops_after_exactly_max_attempts() {
    for status in [500, 502, 503, 504] {
        let server = always(status, &[]).await;
        let client = api(config_for(&server.uri()).retry(quick(5)));
        let started = Instant::now();
        let error = failure(list(&client).await);
        assert!(
            matches!(&error, Error::UnexpectedStatus(c) if c.status == status
                && &c.body[..] == br#"{"errors":["storm"]}"#),
            "{error:?}"
        );
        assert_eq!(requests(&server).await.len(), 5, "GET {status}");
        // Four backoffs of at most 5, 10, 20 and 40 ms.
        assert!(started.elapsed() < BOUND, "{:?}", started.elapsed());

        let server = always(status, &[]).await;
        let client = api(config_for(&server.uri()).retry(quick(5)));
        failure(client.delete_api_key("k1").await);
        assert_eq!(requests(&server).await.len(), 5, "DELETE {status}");
    }
}

#[tokio::test]
async fn a_5xx_storm_on_post_and_patch_is_one_attempt_and_501_is_never_retried() {
    let server = always(503, &[("retry-after", "0")]).await;
    let client = api(config_for(&server.uri()).retry(quick(5)));
    failure(client.create_api_key(create_body()).await);
    assert_eq!(requests(&server).await.len(), 1, "POST");
    failure(client.update_api_key("k1", update_body()).await);
    assert_eq!(requests(&server).await.len(), 2, "PATCH");

    let server = always(501, &[]).await;
    let error = failure(list(&api(config_for(&server.uri()).retry(quick(5)))).await);
    assert_eq!(error.status(), Some(501));
    assert_eq!(requests(&server).await.len(), 1, "501 Not Implemented");
}

#[tokio::test]
async fn a_5xx_storm_asking_for_a_huge_retry_after_waits_only_max_delay() {
    let server = always(503, &[("retry-after", "999999999")]).await;
    let api = api(config_for(&server.uri()).retry(quick(4)));
    let started = Instant::now();
    let error = failure(list(&api).await);
    let elapsed = started.elapsed();
    assert_eq!(error.status(), Some(503));
    assert_eq!(
        error.rate_limit().and_then(|limits| limits.retry_after),
        Some(Duration::from_secs(999_999_999))
    );
    assert_eq!(requests(&server).await.len(), 4);
    // And the attempts have stopped: nothing more arrives afterwards.
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(requests(&server).await.len(), 4);
    // Three waits, each the 100 ms cap.
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < BOUND, "{elapsed:?}");
}

#[tokio::test]
async fn the_default_policy_gives_up_after_three_attempts_within_its_backoff() {
    let server = always(502, &[]).await;
    let api = api(config_for(&server.uri()).retry(RetryPolicy::default()));
    let started = Instant::now();
    failure(list(&api).await);
    let elapsed = started.elapsed();
    assert_eq!(requests(&server).await.len(), 3);
    // Full jitter under 500 ms, then under 1 s.
    assert!(elapsed < Duration::from_millis(1500) + BOUND, "{elapsed:?}");
}

// --- 429 with absurd or missing headers --------------------------------------------------------

/// What a rate-limit header is read as.
#[derive(Debug, Clone, Copy)]
enum Read {
    Ignored,
    Exactly(Duration),
    /// A date far ahead: longer than this, however long exactly.
    Beyond(Duration),
}

impl Read {
    #[track_caller]
    fn check(self, parsed: Option<Duration>, what: &str) {
        match self {
            Read::Ignored => assert_eq!(parsed, None, "{what}"),
            Read::Exactly(duration) => assert_eq!(parsed, Some(duration), "{what}"),
            Read::Beyond(duration) => assert!(parsed > Some(duration), "{what}: {parsed:?}"),
        }
    }
}

/// 429 responses with these headers: how `Retry-After` and
/// `X-RateLimit-Reset` are read, and whether the wait is the policy's cap.
struct RateLimitCase {
    headers: &'static [(&'static str, &'static str)],
    retry_after: Read,
    reset: Read,
    capped: bool,
}

fn case(
    headers: &'static [(&'static str, &'static str)],
    retry_after: Read,
    reset: Read,
    capped: bool,
) -> RateLimitCase {
    RateLimitCase {
        headers,
        retry_after,
        reset,
        capped,
    }
}

/// Every header combination of the rate-limit storm test, with how it is
/// read.
fn rate_limit_cases() -> Vec<RateLimitCase> {
    use Read::*;
    let huge = Duration::from_secs(999_999_999);
    let millennia = Duration::from_secs(7000 * 365 * 24 * 3600);
    vec![
        case(
            &[("retry-after", "999999999")],
            Exactly(huge),
            Ignored,
            true,
        ),
        case(
            &[("retry-after", "18446744073709551615")],
            Exactly(Duration::from_secs(u64::MAX)),
            Ignored,
            true,
        ),
        case(
            &[("retry-after", "18446744073709551616")],
            Ignored,
            Ignored,
            false,
        ),
        case(&[("retry-after", "-5")], Ignored, Ignored, false),
        case(&[("retry-after", "1.5")], Ignored, Ignored, false),
        case(&[("retry-after", "soon")], Ignored, Ignored, false),
        case(&[("retry-after", "")], Ignored, Ignored, false),
        case(
            &[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")],
            Exactly(Duration::ZERO),
            Ignored,
            false,
        ),
        case(
            &[("retry-after", "Fri, 31 Dec 9999 23:59:59 GMT")],
            Beyond(millennia),
            Ignored,
            true,
        ),
        case(
            &[("x-ratelimit-reset", "999999999")],
            Ignored,
            Exactly(huge),
            true,
        ),
        // An epoch timestamp where seconds from now are meant.
        case(
            &[("x-ratelimit-reset", "1700000000")],
            Ignored,
            Exactly(Duration::from_secs(1_700_000_000)),
            true,
        ),
        case(&[("x-ratelimit-reset", "-1")], Ignored, Ignored, false),
        // Retry-After wins.
        case(
            &[("retry-after", "0"), ("x-ratelimit-reset", "999999999")],
            Exactly(Duration::ZERO),
            Exactly(huge),
            false,
        ),
        case(&[], Ignored, Ignored, false),
    ]
}

#[tokio::test]
async fn rate_limit_waits_are_capped_whatever_the_headers_say() {
    let cases = rate_limit_cases();
    // Servers and clients first: building a client takes a while (TLS
    // roots), and building the others on this thread while a request is
    // under way would eat into its 2 s timeout on a loaded machine.
    let mut prepared = Vec::new();
    for case in cases {
        let server = always(429, case.headers).await;
        let api = api(config_for(&server.uri()).retry(quick(3)));
        prepared.push((case, server, api));
    }
    // Concurrently: the capped cases wait 2 × 100 ms each.
    let runs = prepared.into_iter().map(|(case, server, api)| async move {
        let started = Instant::now();
        let error = failure(list(&api).await);
        let elapsed = started.elapsed();
        let what = format!("{:?}", case.headers);
        match &error {
            Error::Api(api_error) => {
                assert_eq!(api_error.status, 429, "{what}");
                assert_eq!(api_error.body.errors, ["storm"], "{what}");
                case.retry_after
                    .check(api_error.rate_limit.retry_after, &what);
                case.reset.check(api_error.rate_limit.reset, &what);
            }
            other => panic!("{what}: expected Error::Api(429), got {other:?}"),
        }
        assert_eq!(requests(&server).await.len(), 3, "{what}");
        if case.capped {
            assert!(elapsed >= Duration::from_millis(200), "{what}: {elapsed:?}");
        }
        assert!(elapsed < BOUND, "{what}: {elapsed:?}");
    });
    futures::future::join_all(runs).await;
}

#[tokio::test]
async fn a_rate_limited_post_is_retried_and_its_wait_capped_too() {
    let server = always(429, &[("x-ratelimit-reset", "86400")]).await;
    let started = Instant::now();
    failure(
        api(config_for(&server.uri()).retry(quick(2)))
            .create_api_key(create_body())
            .await,
    );
    assert_eq!(requests(&server).await.len(), 2);
    assert!(started.elapsed() < BOUND, "{:?}", started.elapsed());
}

// --- Redirects ---------------------------------------------------------------------------------

/// A server on 127.0.0.2 that answers anything with 200: another host than
/// the 127.0.0.1 of the client's base URL.
async fn other_host() -> MockServer {
    let listener = std::net::TcpListener::bind("127.0.0.2:0").expect("bind 127.0.0.2");
    let server = MockServer::builder().listener(listener).start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(ONE_KEY, "application/json"))
        .mount(&server)
        .await;
    server
}

/// The configurations whose redirects must keep the keys home: the
/// built-in client, and caller customizations that ask reqwest to follow
/// redirects itself (it must not: it would forward the key headers).
fn redirect_configs(url: &str) -> Vec<Configuration> {
    vec![
        config_for(url),
        config_for(url).http_client(|b| b.redirect(reqwest::redirect::Policy::limited(10))),
        config_for(url).http_client(|b| {
            b.redirect(reqwest::redirect::Policy::custom(|attempt| {
                attempt.follow()
            }))
        }),
    ]
}

/// Asserts that `request` carries neither key, in any header or the URL.
#[track_caller]
fn assert_keyless(request: &wiremock::Request) {
    for name in [
        "dd-api-key",
        "dd-application-key",
        "authorization",
        "cookie",
    ] {
        assert!(
            !request.headers.contains_key(name),
            "{name} reached {}",
            request.url
        );
    }
    assert_no_secrets(&format!("{:?} {}", request.headers, request.url));
}

#[tokio::test]
async fn every_redirect_status_to_another_host_is_followed_without_the_keys() {
    let elsewhere = other_host().await;
    let target = format!("{}/api/v2/api_keys/k1", elsewhere.uri());
    for status in [301, 302, 303, 307, 308] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("location", target.as_str())
                    .set_body_raw("moved", "text/plain"),
            )
            .mount(&server)
            .await;
        for config in redirect_configs(&server.uri()) {
            let api = api(config);
            let created = api.create_api_key(create_body()).await.expect("followed");
            assert_eq!(created.id(), Some("k1"));
            assert_eq!(get(&api).await.expect("followed").id(), Some("k1"));
        }
        assert_eq!(requests(&server).await.len(), 6, "{status}: one per call");
        let away = requests(&elsewhere).await;
        let away = &away[away.len() - 6..];
        for request in away {
            assert_keyless(request);
        }
        // A POST stays a POST with its body on 307 and 308 only.
        let posts: Vec<_> = away
            .iter()
            .filter(|r| r.method.as_str() == "POST")
            .collect();
        let expected_posts = if matches!(status, 307 | 308) { 3 } else { 0 };
        assert_eq!(posts.len(), expected_posts, "{status}");
        assert!(posts.iter().all(|r| !r.body.is_empty()), "{status}");
    }
    assert_logs_clean();
}

#[tokio::test]
async fn relative_locations_keep_the_keys_and_loops_are_refused() {
    for (location, requests_per_call) in [
        ("/api/v2/api_keys/k2", 2),
        ("k2", 2),
        ("../v1/api_key", 2),
        // Itself: a loop at once.
        ("/api/v2/api_keys/k1", 1),
    ] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(302).insert_header("location", location))
            .mount(&server)
            .await;
        for config in redirect_configs(&server.uri()) {
            match failure(get(&api(config)).await) {
                Error::Redirect(error) => {
                    assert_eq!(error.status, 302, "{location}");
                    assert_eq!(error.reason, runtime::RedirectFailure::Loop, "{location}");
                }
                other => panic!("{location}: expected a redirect loop, got {other:?}"),
            }
        }
        let received = requests(&server).await;
        assert_eq!(received.len(), 3 * requests_per_call, "{location}");
        for request in &received {
            assert_eq!(
                request.headers["dd-api-key"], API_KEY,
                "{location}: same origin"
            );
        }
    }
}

#[tokio::test]
async fn a_scheme_relative_location_to_another_host_is_followed_without_the_keys() {
    let elsewhere = other_host().await;
    let authority = elsewhere.uri().trim_start_matches("http:").to_owned();
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{authority}/api/v2/api_keys/k1")),
        )
        .mount(&server)
        .await;
    for config in redirect_configs(&server.uri()) {
        assert_eq!(get(&api(config)).await.expect("followed").id(), Some("k1"));
    }
    let away = requests(&elsewhere).await;
    assert_eq!(away.len(), 3);
    away.iter().for_each(assert_keyless);
}

#[tokio::test]
async fn the_stricter_policies_send_nothing_to_another_host() {
    let elsewhere = other_host().await;
    let server = MockServer::start().await;
    let location = format!("{}/api/v2/api_keys/k1?token=t0", elsewhere.uri());
    Mock::given(any())
        .respond_with(ResponseTemplate::new(307).insert_header("location", location.as_str()))
        .mount(&server)
        .await;
    for policy in [
        runtime::RedirectPolicy::never(),
        runtime::RedirectPolicy::same_origin(),
    ] {
        let settings = runtime::Settings::from(config_for(&server.uri())).redirect(policy);
        let client = runtime::Client::new(settings).expect("client builds");
        let error = failure(get(&KeyManagementApi::with_client(client)).await);
        match (policy.follows_any(), &error) {
            (false, Error::UnexpectedStatus(content)) => assert_eq!(content.status, 307),
            (true, Error::Redirect(redirect)) => {
                assert_eq!(redirect.reason, runtime::RedirectFailure::CrossOrigin);
                let shown = format!("{}/api/v2/api_keys/k1", elsewhere.uri());
                assert_eq!(redirect.location.as_deref(), Some(shown.as_str()));
            }
            other => panic!("{policy:?}: {other:?}"),
        }
    }
    assert!(requests(&elsewhere).await.is_empty());
}

// --- Secrets in logs -----------------------------------------------------------------------------

#[tokio::test]
async fn faults_are_traced_with_their_status_and_without_keys() {
    let server = always(503, &[]).await;
    failure(list(&api(config_for(&server.uri()).retry(quick(2)))).await);
    let log = capture::text();
    assert!(
        log.contains("datadog_key_management datadog.request operation=\"ListAPIKeys\""),
        "{log}"
    );
    assert!(log.contains("status=503"), "{log}");
    assert!(log.contains("retrying request"), "{log}");
    assert_logs_clean();
}

#[tokio::test]
async fn v1_keys_in_urls_stay_out_of_logs_through_faults() {
    // v1 addresses a key by its value: the URL itself holds a key.
    let hang = RawServer::start(vec![Step::Hang]).await;
    let redirect = RawServer::start(vec![Step::Write(response(302, None, b""))]).await;
    let reset = RawServer::start(vec![Step::Reset]).await;
    for (server, timeout) in [
        (&hang, Duration::from_millis(100)),
        (&redirect, Duration::from_secs(2)),
        (&reset, Duration::from_secs(2)),
    ] {
        let api = v1::KeyManagementApi::new(config_for(&server.uri()).timeout(timeout))
            .expect("client builds");
        let error = api.get_api_key(API_KEY).await.expect_err("a fault");
        assert_redacted(&error);
        let error = api
            .delete_application_key(APP_KEY)
            .await
            .expect_err("a fault");
        assert_redacted(&error);
    }
    assert_logs_clean();
}

#[tokio::test]
async fn a_caller_client_with_wire_logging_logs_no_key() {
    let server = RawServer::start(vec![Step::Write(response(
        200,
        Some("application/json"),
        ONE_KEY.as_bytes(),
    ))])
    .await;
    let config = config_for(&server.uri()).http_client(|b| b.connection_verbose(true));
    let key = get(&api(config)).await.expect("a key");
    assert_eq!(key.id(), Some("k1"));
    assert!(server.heads()[0].contains(API_KEY), "the key was sent");
    assert_logs_clean();
}
