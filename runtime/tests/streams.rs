//! Streamed responses through `Client::send_streaming`: typed Server-Sent
//! Events from a raw 127.0.0.1 socket that sends its chunks when told to,
//! and byte streams and error statuses from a wiremock server.

use std::time::Duration;

use client_runtime::__private::{
    CredentialKind, CredentialSpec, KeyLocation, Operation, Profile, Request, Requirement, Server,
    ServerVariable, TemplatePart,
};
use client_runtime::{
    bytes::Bytes, Client, Error, ErrorStatus, EventStream, Method, RetryPolicy, Settings,
};
use futures::channel::mpsc;
use futures::{StreamExt, TryStreamExt};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const API_KEY: &str = "0123456789abcdefAPIKEYSECRET";

fn span(_: &Operation, attempt: u32) -> client_runtime::__private::tracing::Span {
    client_runtime::__private::tracing::info_span!(
        "test.request",
        attempt,
        status = client_runtime::__private::tracing::field::Empty
    )
}

const PROFILE: Profile = Profile {
    name: "Test API",
    sites: &[],
    default_site: 0,
    site_variable: None,
    site_env: None,
    credentials: &[CredentialSpec {
        scheme: "apiKeyAuth",
        kind: CredentialKind::ApiKey {
            location: KeyLocation::Header,
            name: "X-Api-Key",
        },
        label: "API key",
        setter: None,
        env: &[],
    }],
    user_agent: "test-client/1.0",
    span,
};

const SERVER: Server = Server {
    url: &[TemplatePart::Literal("https://api.example")],
    variables: &[] as &[ServerVariable],
};

/// `GET /v1/completions`, answering with `accept`.
const fn operation(accept: &'static str) -> Operation {
    Operation {
        id: "StreamCompletions",
        method: Method::Get,
        path: &[TemplatePart::Literal("/v1/completions")],
        servers: &[SERVER],
        profile: &PROFILE,
        security: &[&[Requirement {
            scheme: "apiKeyAuth",
            scopes: &[],
        }]],
        unavailable_sites: &[],
        accept,
        unstable: false,
        error_statuses: &[ErrorStatus::Code(404), ErrorStatus::Code(503)],
    }
}

static EVENTS: Operation = operation("text/event-stream");
static DOWNLOAD: Operation = operation("application/octet-stream");

#[derive(Debug, Deserialize, PartialEq)]
struct Chunk {
    n: u32,
}

#[derive(Debug, Deserialize, PartialEq)]
struct ApiErrors {
    errors: Vec<String>,
}

fn client(base_url: &str, max_response_body: usize) -> Client {
    let settings = Settings::new(&PROFILE)
        .credential("apiKeyAuth", API_KEY)
        .base_url(base_url)
        .unwrap()
        .max_response_body(max_response_body)
        .timeout(Duration::from_secs(10))
        .retry(RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(10),
        });
    Client::new(settings).unwrap()
}

/// What generated code does for a streaming operation.
async fn events(client: &Client) -> Result<EventStream<Chunk, ApiErrors>, Error<ApiErrors>> {
    let request = Request::new(&EVENTS, &[], String::new(), &[], None);
    client
        .send_streaming(request)
        .await
        .map_err(Error::widen)?
        .events()
}

/// One step of a scripted response body.
enum Step {
    /// Send these bytes as one HTTP chunk.
    Chunk(&'static [u8]),
    /// Wait until the test says go on.
    Wait,
    /// Drop the connection at once (a TCP reset), mid-body.
    Reset,
}

/// A server on 127.0.0.1 that answers one request with a chunked
/// `text/event-stream` 200 made of `steps`, then ends the body properly
/// (unless a step reset it). Returns its address, the sender that releases
/// each `Step::Wait`, and the request head it received.
async fn scripted(
    steps: Vec<Step>,
) -> (
    String,
    mpsc::UnboundedSender<()>,
    mpsc::UnboundedReceiver<String>,
) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let (go, mut gate) = mpsc::unbounded::<()>();
    let (head_sender, heads) = mpsc::unbounded();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        head_sender
            .unbounded_send(read_head(&mut socket).await)
            .unwrap();
        let head = b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
        socket.write_all(head).await.unwrap();
        for step in steps {
            match step {
                Step::Chunk(bytes) => {
                    let mut chunk = format!("{:x}\r\n", bytes.len()).into_bytes();
                    chunk.extend_from_slice(bytes);
                    chunk.extend_from_slice(b"\r\n");
                    if socket.write_all(&chunk).await.is_err() {
                        return;
                    }
                }
                Step::Wait => {
                    if gate.next().await.is_none() {
                        return;
                    }
                }
                Step::Reset => {
                    socket.set_zero_linger().unwrap();
                    drop(socket);
                    return;
                }
            }
        }
        let _ = socket.write_all(b"0\r\n\r\n").await;
        // Hold the connection until the client is done with it.
        let _ = socket.read(&mut [0; 1]).await;
    });
    (address, go, heads)
}

async fn read_head(socket: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if socket.read(&mut byte).await.unwrap() == 0 {
            break;
        }
        head.push(byte[0]);
    }
    String::from_utf8(head).unwrap()
}

#[tokio::test]
async fn events_arrive_one_by_one_and_end_at_the_sentinel() {
    let (address, go, mut heads) = scripted(vec![
        Step::Chunk(b"\xEF\xBB\xBF: hello\r\nretry: 3000\r\nid: 1\r\ndata: {\"n\":"),
        Step::Chunk(b"1}\r"),
        Step::Chunk(b"\n\r"),
        Step::Wait,
        Step::Chunk(b"\nevent: delta\nid: 2\ndata: {\n"),
        Step::Chunk(b"data: \"n\": 2}\n\n: keep-alive\n\ndata: [DONE]\n\ndata: {\"n\":3}\n\n"),
    ])
    .await;
    let client = client(&address, 1 << 20);
    let mut stream = events(&client).await.unwrap().until("[DONE]");
    assert_eq!(stream.status(), 200);
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    let head = heads.next().await.unwrap().to_ascii_lowercase();
    assert!(
        head.starts_with("get /v1/completions http/1.1\r\n"),
        "{head}"
    );
    assert!(head.contains("\r\naccept: text/event-stream\r\n"), "{head}");

    // The first event comes while the server still holds the rest back
    // (its blank line's LF included: a lone CR ends a line).
    let first = tokio::time::timeout(Duration::from_secs(5), stream.next()).await;
    assert_eq!(first.unwrap().unwrap().unwrap(), Chunk { n: 1 });
    assert_eq!(stream.last_event_id(), Some("1"));
    assert_eq!(stream.retry(), Some(Duration::from_millis(3000)));
    go.unbounded_send(()).unwrap();

    // Multi-line data joined with `\n`; the event after `[DONE]` is not read.
    let rest: Vec<Chunk> = stream.by_ref().try_collect().await.unwrap();
    assert_eq!(rest, [Chunk { n: 2 }]);
    assert_eq!(stream.last_event_id(), Some("2"));
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn without_a_sentinel_the_stream_ends_with_the_body() {
    let (address, _go, _heads) = scripted(vec![
        Step::Chunk(b"data: {\"n\":1}\n\ndata: [DONE]\n\n"),
        // Cut before its blank line: not an event.
        Step::Chunk(b"data: {\"n\":2}\n"),
    ])
    .await;
    let client = client(&address, 1 << 20);
    let items: Vec<_> = events(&client).await.unwrap().collect().await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap(), &Chunk { n: 1 });
    // `[DONE]` is data like any other here, and not JSON.
    assert!(matches!(items[1], Err(Error::Decode { .. })), "{items:?}");
}

#[tokio::test]
async fn an_event_that_does_not_decode_is_named_by_position() {
    let (address, _go, _heads) = scripted(vec![Step::Chunk(
        b"data: {\"n\":1}\n\ndata: {\"n\":\"SECRETVALUE\"}\n\ndata: {\"n\":3}\n\n",
    )])
    .await;
    let client = client(&address, 1 << 20);
    let items: Vec<_> = events(&client).await.unwrap().collect().await;
    assert_eq!(items.len(), 3, "{items:?}");
    match &items[1] {
        Err(error @ Error::Decode { path, message, .. }) => {
            assert_eq!(path, "n");
            assert_eq!(
                message,
                "event 2 of the stream: invalid type: string, expected u32"
            );
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains("SECRETVALUE"), "{shown}");
            assert_eq!(
                error.to_string(),
                "could not decode the HTTP 200 response of StreamCompletions at n: \
                 event 2 of the stream: invalid type: string, expected u32"
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    // The stream goes on after it.
    assert_eq!(items[2].as_ref().unwrap(), &Chunk { n: 3 });
}

#[tokio::test]
async fn a_reset_connection_ends_the_stream_with_a_transport_error() {
    let (address, go, _heads) = scripted(vec![
        Step::Chunk(b"id: 9\ndata: {\"n\":1}\n\ndata: {\"n\":"),
        Step::Wait,
        Step::Reset,
    ])
    .await;
    let client = client(&address, 1 << 20);
    let mut stream = events(&client).await.unwrap();
    assert_eq!(stream.next().await.unwrap().unwrap(), Chunk { n: 1 });
    go.unbounded_send(()).unwrap();
    let error = stream.next().await.unwrap().unwrap_err();
    assert!(matches!(error, Error::Request(_)), "{error:?}");
    assert!(stream.next().await.is_none());
    // What a reconnection needs is still there.
    assert_eq!(stream.last_event_id(), Some("9"));
}

#[tokio::test]
async fn an_event_larger_than_the_limit_ends_the_stream() {
    let (address, _go, _heads) = scripted(vec![
        Step::Chunk(b"data: {\"n\":1}\n\n"),
        // An event, then the start of one that never ends, in one chunk.
        Step::Chunk(
            format!("data: {{\"n\":2}}\n\ndata: {}", "x".repeat(300))
                .leak()
                .as_bytes(),
        ),
    ])
    .await;
    let client = client(&address, 256);
    let mut stream = events(&client).await.unwrap();
    assert_eq!(stream.next().await.unwrap().unwrap(), Chunk { n: 1 });
    assert_eq!(stream.next().await.unwrap().unwrap(), Chunk { n: 2 });
    let error = stream.next().await.unwrap().unwrap_err();
    assert!(
        matches!(
            error,
            Error::ResponseTooLarge {
                operation: "StreamCompletions",
                status: 200,
                limit: 256
            }
        ),
        "{error:?}"
    );
    assert!(stream.next().await.is_none());
}

async fn download(
    client: &Client,
) -> Result<client_runtime::ByteStream<ApiErrors>, Error<ApiErrors>> {
    let request = Request::new(&DOWNLOAD, &[], String::new(), &[], None);
    client
        .send_streaming(request)
        .await
        .map_err(Error::widen)?
        .bytes()
}

#[tokio::test]
async fn a_body_larger_than_max_response_body_streams_whole() {
    let server = MockServer::start().await;
    let body: Vec<u8> = (0..3 << 20).map(|i: u32| (i % 251) as u8).collect();
    Mock::given(method("GET"))
        .and(path("/v1/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(body.clone()))
        .mount(&server)
        .await;
    let client = client(&server.uri(), 1 << 20);

    let stream = download(&client).await.unwrap();
    assert_eq!(stream.status(), 200);
    let chunks: Vec<Bytes> = stream.try_collect().await.unwrap();
    assert_eq!(chunks.concat(), body);

    // `send` still refuses it.
    let request = Request::new(&DOWNLOAD, &[], String::new(), &[], None);
    let error = client.send(request).await.unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge { .. }), "{error:?}");
}

#[tokio::test]
async fn error_statuses_on_the_streaming_path_decode_as_before() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "r1")
                .set_body_json(serde_json::json!({"errors": ["no such model"]})),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri(), 1 << 20);
    match events(&client).await {
        Err(Error::Api(error)) => {
            assert_eq!(error.status, 404);
            assert_eq!(error.body.errors, ["no such model"]);
            assert_eq!(error.headers["x-request-id"], "r1");
        }
        other => panic!("unexpected {other:?}"),
    }
    server.reset().await;

    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"))
        .mount(&server)
        .await;
    match download(&client).await {
        Err(Error::UnexpectedStatus(content)) => {
            assert_eq!(content.status, 502);
            assert_eq!(&content.body[..], b"<html>Bad Gateway</html>");
        }
        other => panic!("unexpected {other:?}"),
    }
    // 502 is retried for a GET: three attempts.
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    server.reset().await;

    // An error body is still capped.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_bytes(vec![b' '; 2 << 20]))
        .mount(&server)
        .await;
    let error = download(&client).await.unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { status: 404, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn retries_end_when_a_success_head_arrives() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(503).set_body_json(serde_json::json!({"errors": ["busy"]})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/event-stream")
                .set_body_string("data: {\"n\":5}\n\n"),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri(), 1 << 20);
    let items: Vec<Chunk> = events(&client).await.unwrap().try_collect().await.unwrap();
    assert_eq!(items, [Chunk { n: 5 }]);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].headers["x-api-key"], API_KEY);
}

#[test]
fn streams_can_cross_threads() {
    fn assert_send<T: Send + 'static>() {}
    assert_send::<EventStream<Chunk, ApiErrors>>();
    assert_send::<client_runtime::ByteStream<ApiErrors>>();
    assert_send::<client_runtime::__private::StreamingResponse>();
}
