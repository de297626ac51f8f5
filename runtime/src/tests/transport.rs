//! The send path against local servers: redirects and where the keys go,
//! hooks, per-call options, responses with their metadata.
//!
//! 127.0.0.1 is the API's host; 127.0.0.2 is "another host", which must
//! never see a key.

use reqwest::header::HeaderValue;
use wiremock::Respond;

use super::*;
use crate::{CallOptions, Exchange, Hook, OutgoingRequest, RedirectError, RedirectFailure};

fn redirect_to(status: u16, location: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).insert_header("location", location)
}

fn redirect_error(result: Result<RawResponse>) -> RedirectError {
    match result {
        Err(Error::Redirect(error)) => *error,
        other => panic!("expected a redirect error, got {other:?}"),
    }
}

/// A server on 127.0.0.2 that answers anything with a key.
async fn other_host() -> MockServer {
    let server = mock_server_on("127.0.0.2:0").await;
    Mock::given(wiremock::matchers::any())
        .respond_with(json_response(200, json!({"id": "elsewhere"})))
        .mount(&server)
        .await;
    server
}

/// Asserts that `request` carries no credential of any kind.
fn assert_no_credentials(request: &wiremock::Request) {
    for name in ["x-api-key", "x-application-key", "authorization", "cookie"] {
        assert!(
            !request.headers.contains_key(name),
            "{name} reached {}",
            request.url
        );
    }
    assert_no_keys(&format!("{:?} {}", request.headers, request.url));
}

/// A POST of a JSON body to the key path.
fn post_request() -> Request {
    let body = json_body::<_, ApiErrors>(&json!({"name": "ci"}), "application/json").unwrap();
    Request::new(
        operation(Method::Post),
        &[&"k1"],
        String::new(),
        &[],
        Some(body),
    )
}

async fn send_with(
    client: &Client,
    request: Request,
    options: &CallOptions,
) -> Result<RawResponse> {
    client
        .send_with(request, options)
        .await
        .map_err(Error::widen)
}

// --- Redirects -----------------------------------------------------------------------------------

#[tokio::test]
async fn the_never_policy_returns_the_redirect_itself() {
    let elsewhere = other_host().await;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(redirect_to(302, &format!("{}/collect", elsewhere.uri())))
        .mount(&server)
        .await;
    let settings = config(&server).redirect(RedirectPolicy::never());
    let error = send(&client(settings), Method::Get, None)
        .await
        .unwrap()
        .json::<Key, ApiErrors>()
        .unwrap_err();
    match error {
        Error::UnexpectedStatus(content) => {
            assert_eq!(content.status, 302);
            assert!(content.headers.contains_key("location"));
        }
        other => panic!("{other:?}"),
    }
    assert!(requests(&elsewhere).await.is_empty());
}

#[tokio::test]
async fn the_same_origin_policy_refuses_another_origin_without_quoting_its_query() {
    let elsewhere = other_host().await;
    let server = MockServer::start().await;
    let location = format!("{}/collect?api_key={API_KEY}#top", elsewhere.uri());
    Mock::given(method("GET"))
        .and(path(key_path()))
        .respond_with(redirect_to(307, &location))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/here"))
        .and(header("X-Api-Key", API_KEY))
        .respond_with(json_response(200, json!({"id": "here"})))
        .mount(&server)
        .await;
    let settings = config(&server).redirect(RedirectPolicy::same_origin());
    let client = client(settings);
    let error = redirect_error(send(&client, Method::Get, None).await);
    assert_eq!(error.status, 307);
    assert_eq!(error.reason, RedirectFailure::CrossOrigin);
    assert_eq!(error.location, Some(format!("{}/collect", elsewhere.uri())));
    let wrapped = Error::<ApiErrors>::Redirect(Box::new(error));
    assert_eq!(wrapped.status(), Some(307));
    assert_error_redacted(&wrapped);
    assert!(requests(&elsewhere).await.is_empty());

    // Within the origin, it follows, with the keys.
    let server_b = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(key_path()))
        .respond_with(redirect_to(302, "/api/v2/here"))
        .mount(&server_b)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/here"))
        .and(header("X-Api-Key", API_KEY))
        .respond_with(json_response(200, json!({"id": "here"})))
        .expect(1)
        .mount(&server_b)
        .await;
    let same = client_for(&server_b, RedirectPolicy::same_origin());
    let key: Key = send(&same, Method::Get, None)
        .await
        .unwrap()
        .json::<_, ApiErrors>()
        .unwrap();
    assert_eq!(key.id, "here");
}

fn client_for(server: &MockServer, policy: RedirectPolicy) -> Client {
    client(config(server).redirect(policy))
}

/// Answers `/hop/N` with a 302 to `/hop/N+1`, and anything else with a
/// 302 to `/hop/1`: a chain without end.
struct EndlessChain;

impl Respond for EndlessChain {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let next = request
            .url
            .path()
            .strip_prefix("/hop/")
            .and_then(|n| n.parse::<u32>().ok())
            .map_or(1, |n| n + 1);
        redirect_to(302, &format!("/hop/{next}"))
    }
}

#[tokio::test]
async fn redirect_chains_are_bounded_by_the_hop_limit() {
    for (policy, limit) in [
        (RedirectPolicy::follow(), 10),
        (RedirectPolicy::follow().max_hops(2), 2),
        (RedirectPolicy::same_origin().max_hops(0), 0),
    ] {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(EndlessChain)
            .mount(&server)
            .await;
        let error = redirect_error(send(&client_for(&server, policy), Method::Get, None).await);
        assert_eq!(error.reason, RedirectFailure::TooManyHops { limit });
        assert_eq!(error.status, 302);
        let expected = format!("{}/hop/{}", server.uri(), limit + 1);
        assert_eq!(error.location.as_deref(), Some(expected.as_str()));
        assert_eq!(
            requests(&server).await.len() as u32,
            limit + 1,
            "{policy:?}"
        );
    }
}

#[tokio::test]
async fn redirect_loops_are_detected() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(key_path()))
        .respond_with(redirect_to(302, "/b"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/b"))
        .respond_with(redirect_to(301, key_path()))
        .mount(&server)
        .await;
    let error = redirect_error(send(&client(config(&server)), Method::Get, None).await);
    assert_eq!(error.reason, RedirectFailure::Loop);
    assert_eq!(error.status, 301);
    assert_eq!(
        requests(&server).await.len(),
        2,
        "no request was sent twice"
    );
}

#[tokio::test]
async fn locations_that_are_not_http_urls_are_typed_errors_and_none_is_no_redirect() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(key_path()))
        .respond_with(redirect_to(308, "ftp://files.example/key"))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(302))
        .mount(&server)
        .await;
    let client = client(config(&server));
    let error = redirect_error(send(&client, Method::Get, None).await);
    assert_eq!(
        (error.reason, error.location),
        (RedirectFailure::InvalidLocation, None)
    );
    // Without a Location there is nothing to follow: the 302 comes back.
    let response = send(&client, Method::Delete, None).await.unwrap();
    assert_eq!(response.status, 302);
}

#[tokio::test]
async fn see_other_and_a_moved_post_become_a_get_without_body() {
    for status in [303, 302, 301] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(key_path()))
            .respond_with(redirect_to(status, "/done"))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/done"))
            .and(header("X-Api-Key", API_KEY))
            .respond_with(json_response(200, json!({"id": "done"})))
            .expect(1)
            .mount(&server)
            .await;
        let response = client(config(&server)).send(post_request()).await.unwrap();
        let key: Key = response.json::<_, ApiErrors>().unwrap();
        assert_eq!(key.id, "done", "{status}");
        let done = &requests(&server).await[1];
        assert!(done.body.is_empty(), "{status}");
        assert!(!done.headers.contains_key("content-type"), "{status}");
    }
}

#[tokio::test]
async fn temporary_and_permanent_redirects_keep_method_and_body() {
    for status in [307, 308] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(key_path()))
            .respond_with(redirect_to(status, "/again"))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/again"))
            .and(header("content-type", "application/json"))
            .and(header("X-Application-Key", APP_KEY))
            .and(body_json(json!({"name": "ci"})))
            .respond_with(json_response(201, json!({"id": "again"})))
            .expect(1)
            .mount(&server)
            .await;
        let response = client(config(&server)).send(post_request()).await.unwrap();
        assert_eq!(response.status, 201, "{status}");
    }
}

#[tokio::test]
async fn a_redirect_back_home_gets_the_keys_again_and_the_body_never_leaves() {
    let server = MockServer::start().await;
    let elsewhere = mock_server_on("127.0.0.2:0").await;
    Mock::given(method("POST"))
        .and(path(key_path()))
        .respond_with(redirect_to(307, &format!("{}/detour", elsewhere.uri())))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(redirect_to(308, &format!("{}/home", server.uri())))
        .mount(&elsewhere)
        .await;
    Mock::given(method("POST"))
        .and(path("/home"))
        .and(header("X-Api-Key", API_KEY))
        .and(header("X-Application-Key", APP_KEY))
        .respond_with(json_response(200, json!({"id": "home"})))
        .expect(1)
        .mount(&server)
        .await;
    let response = client(config(&server)).send(post_request()).await.unwrap();
    assert_eq!(response.json::<Key, ApiErrors>().unwrap().id, "home");
    let detour = requests(&elsewhere).await;
    assert_eq!(detour.len(), 1);
    assert_no_credentials(&detour[0]);
    // A 307 keeps the body: the caller's own data goes where the server said.
    assert_eq!(detour[0].method.as_str(), "POST");
}

// --- Hooks ---------------------------------------------------------------------------------------

/// Records what it sees, adds a `traceparent`, and optionally tampers.
#[derive(Default)]
struct Recording {
    events: Mutex<Vec<String>>,
    elapsed: Mutex<Vec<Duration>>,
    /// Headers set on every outgoing request (to try to overwrite keys).
    set: Vec<(&'static str, &'static str)>,
    /// A URL to move every request to.
    move_to: Option<String>,
}

impl Hook for Recording {
    fn before_send(&self, request: &mut OutgoingRequest<'_>) {
        let saw_key = request.headers().contains_key("x-api-key")
            || request.headers().contains_key("x-application-key");
        self.events.lock().unwrap().push(format!(
            "before {} attempt={} hop={} home={} {} saw_key={saw_key}",
            request.operation(),
            request.attempt(),
            request.redirect_hop(),
            request.is_original_origin(),
            request.method(),
        ));
        let headers = request.headers_mut();
        headers.insert("traceparent", HeaderValue::from_static("00-trace-01"));
        for (name, value) in &self.set {
            headers.insert(*name, HeaderValue::from_static(value));
        }
        if let Some(url) = &self.move_to {
            *request.url_mut() = url::Url::parse(url).unwrap();
        }
    }

    fn after_response(&self, exchange: &Exchange<'_>) {
        self.events.lock().unwrap().push(format!(
            "after attempt={} hop={} status={:?} {}",
            exchange.attempt(),
            exchange.redirect_hop(),
            exchange.status(),
            exchange.url().path(),
        ));
        self.elapsed.lock().unwrap().push(exchange.elapsed());
    }
}

#[tokio::test]
async fn hooks_see_every_attempt_and_hop_without_the_keys_and_time_them() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(key_path()))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(key_path()))
        .respond_with(redirect_to(302, "/moved"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/moved"))
        .respond_with(json_response(200, json!({"id": "k1"})).set_delay(Duration::from_millis(60)))
        .mount(&server)
        .await;
    let hook = Arc::new(Recording::default());
    let client = client(config(&server).hook(hook.clone()));
    let response = send(&client, Method::Get, None).await.unwrap();
    assert_eq!(response.status, 200);
    let events = hook.events.lock().unwrap().clone();
    assert_eq!(
        events,
        [
            "before TestOperation attempt=1 hop=0 home=true GET saw_key=false",
            "after attempt=1 hop=0 status=Some(503) /api/v2/api_keys/k1",
            "before TestOperation attempt=2 hop=0 home=true GET saw_key=false",
            "after attempt=2 hop=0 status=Some(302) /api/v2/api_keys/k1",
            "before TestOperation attempt=2 hop=1 home=true GET saw_key=false",
            "after attempt=2 hop=1 status=Some(200) /moved",
        ]
    );
    let elapsed = hook.elapsed.lock().unwrap().clone();
    assert!(elapsed[2] >= Duration::from_millis(60), "{elapsed:?}");
    for request in requests(&server).await {
        assert_eq!(request.headers["traceparent"], "00-trace-01");
        assert_eq!(
            request.headers["x-api-key"], API_KEY,
            "keys still sent home"
        );
    }
    assert!(format!("{:?}", client.configuration()).contains("hooks: 1"));
}

#[tokio::test]
async fn a_hook_cannot_move_a_request_to_another_host() {
    let elsewhere = other_host().await;
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(json_response(200, json!({"id": "k1"})))
        .mount(&server)
        .await;
    let hook = Arc::new(Recording {
        move_to: Some(format!("{}/stolen", elsewhere.uri())),
        ..Recording::default()
    });
    let error = send(&client(config(&server).hook(hook)), Method::Get, None)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::InvalidRequest(ref m) if m.contains("another origin")),
        "{error:?}"
    );
    assert!(requests(&elsewhere).await.is_empty());
    assert!(requests(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_hook_header_named_like_a_credential_is_replaced_at_home_and_dropped_elsewhere() {
    let elsewhere = other_host().await;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(redirect_to(302, &format!("{}/collect", elsewhere.uri())))
        .mount(&server)
        .await;
    let hook = Arc::new(Recording {
        set: vec![("x-api-key", "HOOKVALUE"), ("authorization", "Bearer HOOK")],
        ..Recording::default()
    });
    let response = send(
        &client(config(&server).hook(hook.clone())),
        Method::Get,
        None,
    )
    .await
    .unwrap();
    assert_eq!(response.status, 200);
    let home = &requests(&server).await[0];
    assert_eq!(home.headers["x-api-key"], API_KEY, "the credential wins");
    let away = &requests(&elsewhere).await[0];
    assert_no_credentials(away);
    assert_eq!(
        away.headers["traceparent"], "00-trace-01",
        "other headers pass"
    );
    let events = hook.events.lock().unwrap().clone();
    assert!(events[2].contains("hop=1 home=false"), "{events:?}");
}

// --- Per-call options ----------------------------------------------------------------------------

#[tokio::test]
async fn call_options_add_headers_and_query_pairs_and_may_replace_a_credential() {
    let elsewhere = other_host().await;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(key_path()))
        .and(query_param("x", "1"))
        .and(query_param("debug", "a b"))
        .and(header("X-Extra", "1"))
        .and(header("X-Api-Key", API_KEY))
        .and(header("X-Application-Key", "OTHERAPPKEY"))
        .respond_with(redirect_to(302, &format!("{}/collect", elsewhere.uri())))
        .expect(1)
        .mount(&server)
        .await;
    let options = CallOptions::new()
        .header("X-Extra", "1")
        .header("X-Application-Key", "OTHERAPPKEY")
        .query("debug", "a b");
    let request = Request::new(
        operation(Method::Get),
        &[&"k1"],
        "x=1".to_owned(),
        &[],
        None,
    );
    let response = send_with(&client(config(&server)), request, &options)
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    let home = &requests(&server).await[0];
    let app_keys: Vec<_> = home.headers.get_all("x-application-key").iter().collect();
    assert_eq!(app_keys.len(), 1, "replaced, not added");
    let away = &requests(&elsewhere).await[0];
    assert_no_credentials(away);
    assert!(
        !away.headers.contains_key("x-extra"),
        "extra headers stay home"
    );
    assert!(!away.headers.values().any(|v| v == "OTHERAPPKEY"));
}

#[tokio::test]
async fn call_options_set_the_timeout_and_retries_of_one_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(key_path()))
        .respond_with(json_response(200, json!({"id": "k1"})).set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = client(config(&server).timeout(Duration::from_secs(5)));
    let quick = CallOptions::new()
        .timeout(Duration::from_millis(50))
        .retry(RetryPolicy::none());
    let request = || Request::new(operation(Method::Get), &[&"k1"], String::new(), &[], None);
    let error = send_with(&client, request(), &quick).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    // The same client, without options: the settings' timeout.
    assert_eq!(send(&client, Method::Get, None).await.unwrap().status, 200);

    let delete = || {
        Request::new(
            operation(Method::Delete),
            &[&"k1"],
            String::new(),
            &[],
            None,
        )
    };
    let once = CallOptions::new().retry(RetryPolicy::none());
    assert_eq!(
        send_with(&client, delete(), &once).await.unwrap().status,
        503
    );
    let deletes =
        |all: Vec<wiremock::Request>| all.iter().filter(|r| r.method.as_str() == "DELETE").count();
    assert_eq!(deletes(requests(&server).await), 1);
    send_with(&client, delete(), &CallOptions::new())
        .await
        .unwrap();
    assert_eq!(
        deletes(requests(&server).await),
        4,
        "the settings' three attempts"
    );
}

#[tokio::test]
async fn an_idempotency_key_goes_in_its_header_and_lets_a_post_be_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = client(config(&server));
    let cases = [
        (
            post_request(),
            CallOptions::new().idempotency_key("i-1"),
            "idempotency-key",
        ),
        (
            post_request().idempotency_header("X-Idempotency"),
            CallOptions::new().idempotency_key("i-2"),
            "x-idempotency",
        ),
        (
            post_request().idempotency_header("X-Idempotency"),
            CallOptions::new().idempotency_key_in("Custom-Key", "i-3"),
            "custom-key",
        ),
    ];
    let mut seen = 0;
    for (index, (request, options, header_name)) in cases.into_iter().enumerate() {
        let response = send_with(&client, request, &options).await.unwrap();
        assert_eq!(response.status, 503);
        let all = requests(&server).await;
        assert_eq!(all.len() - seen, 3, "retried like an idempotent call");
        let value = format!("i-{}", index + 1);
        for request in &all[seen..] {
            assert_eq!(
                request.headers[header_name],
                value.as_str(),
                "{header_name}"
            );
        }
        seen = all.len();
    }
    // Without a key, a POST is not retried after a 503.
    client.send(post_request()).await.unwrap();
    assert_eq!(requests(&server).await.len(), seen + 1);
}

#[tokio::test]
async fn an_invalid_extra_header_is_refused_before_sending_without_its_value() {
    let server = MockServer::start().await;
    let client = client(config(&server));
    for options in [
        CallOptions::new().header("X-Ok", "line\nSECRETVALUE"),
        CallOptions::new().header("bad name", "SECRETVALUE"),
        CallOptions::new().idempotency_key("SECRETVALUE\n"),
    ] {
        let request = Request::new(operation(Method::Get), &[&"k1"], String::new(), &[], None);
        let error = send_with(&client, request, &options).await.unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        assert!(!error.to_string().contains("SECRETVALUE"), "{error}");
    }
    assert!(requests(&server).await.is_empty());
}

// --- Responses with their metadata ---------------------------------------------------------------

#[tokio::test]
async fn a_success_comes_back_with_its_status_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            json_response(201, json!({"id": "new"}))
                .insert_header("location", "/api/v2/api_keys/new")
                .insert_header("x-ratelimit-remaining", "41"),
        )
        .mount(&server)
        .await;
    let response = client(config(&server)).send(post_request()).await.unwrap();
    let created = response.json_response::<Key, ApiErrors>().unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(created.header("location"), Some("/api/v2/api_keys/new"));
    assert_eq!(
        created.header_as::<u64>("X-RateLimit-Remaining"),
        Ok(Some(41))
    );
    assert_eq!(created.rate_limit().remaining, Some(41));
    assert_eq!(
        created.into_inner(),
        Key {
            id: "new".to_owned()
        }
    );
}
