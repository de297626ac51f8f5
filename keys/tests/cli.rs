//! End-to-end tests of the `keys` binary against the client's typed mocks
//! (feature `mock`) on 127.0.0.1 (passed with `--base-url`), plus one
//! in-process run.
//!
//! Responses are typed values of the client's models; each expectation
//! matches the exact call the command must make (path, whole query string,
//! body), so a wrong call gets a 404 and fails the test. Two tests of what
//! goes over the wire (a body that does not decode, an HTML error page)
//! answer with raw responses instead.
//!
//! Every run of the binary goes through [`Keys::run`], which also checks that
//! neither the configured API key nor the application key appears in stdout
//! or stderr.

use std::process::Command;

use clap::Parser;
use datadog_key_management::mock::wiremock::ResponseTemplate;
use datadog_key_management::mock::MockServer;
use datadog_key_management::v2::models::{
    ApiErrorResponse, ApiKeyCreateAttributes, ApiKeyCreateRequest, ApiKeyResponse, ApiKeysResponse,
    ApiKeysResponseMeta, ApiKeysResponseMetaPage, ApiKeysSort, ApplicationKeyCreateAttributes,
    ApplicationKeyCreateRequest, ApplicationKeyResponse, FullApiKey, FullApiKeyAttributes,
    FullApplicationKey, FullApplicationKeyAttributes, ListApplicationKeysResponse, PartialApiKey,
    PartialApiKeyAttributes, PartialApplicationKey, PartialApplicationKeyAttributes,
};
use datadog_key_management::v2::{
    GetApiKeyParams, ListApiKeysParams, ListCurrentUserApplicationKeysParams,
};
use datadog_key_management::{DateTime, Nullable};

const API_KEY: &str = "0123456789abcdef0123456789abcdef";
const APP_KEY: &str = "fedcba9876543210fedcba9876543210fedcba98";

/// What the binary did.
#[derive(Debug)]
struct Output {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// One invocation of the binary.
struct Keys {
    args: Vec<String>,
    removed: Vec<&'static str>,
}

impl Keys {
    /// `keys --base-url <server> <args>`
    fn against(server: &MockServer, args: &[&str]) -> Self {
        let mut all = vec!["--base-url".to_owned(), server.uri()];
        all.extend(args.iter().map(|arg| (*arg).to_owned()));
        Keys {
            args: all,
            removed: Vec::new(),
        }
    }

    /// Runs without the environment variable `name`.
    fn without(mut self, name: &'static str) -> Self {
        self.removed.push(name);
        self
    }

    async fn run(self) -> Output {
        let Keys { args, removed } = self;
        let output = tokio::task::spawn_blocking(move || {
            let mut command = Command::new(env!("CARGO_BIN_EXE_keys"));
            command
                .args(&args)
                .env("DD_API_KEY", API_KEY)
                .env("DD_APP_KEY", APP_KEY)
                .env_remove("DD_SITE");
            for proxy in [
                "HTTP_PROXY",
                "http_proxy",
                "HTTPS_PROXY",
                "https_proxy",
                "ALL_PROXY",
                "all_proxy",
            ] {
                command.env_remove(proxy);
            }
            for name in removed {
                command.env_remove(name);
            }
            command.output().expect("run the keys binary")
        })
        .await
        .expect("join the blocking task");
        let output = Output {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
            stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
        };
        for secret in [API_KEY, APP_KEY] {
            assert!(!output.stdout.contains(secret), "key in stdout: {output:?}");
            assert!(!output.stderr.contains(secret), "key in stderr: {output:?}");
        }
        output
    }
}

/// A mock server for one test.
async fn mock() -> MockServer {
    MockServer::start()
        .await
        .expect("a mock server on 127.0.0.1")
}

/// Asserts that every request the server received carried the keys of the
/// binary's environment: typed expectations leave credentials unmatched.
async fn assert_credentials(server: &MockServer) {
    for request in server.received_requests().await {
        assert_eq!(request.headers["dd-api-key"], API_KEY);
        assert_eq!(request.headers["dd-application-key"], APP_KEY);
    }
}

fn at(text: &str) -> DateTime {
    text.parse().expect("an RFC 3339 date-time")
}

/// An API key as in the `ListAPIKeys` example of the Datadog docs.
fn api_key(id: &str, name: &str, last4: &str, created_at: &str) -> PartialApiKey {
    PartialApiKey::new().with_id(id).with_attributes(
        PartialApiKeyAttributes::new()
            .with_category("default")
            .with_created_at(created_at)
            .with_date_last_used(at("2020-11-27T10:00:00Z"))
            .with_last4(last4)
            .with_modified_at(created_at)
            .with_name(name)
            .with_remote_config_read_enabled(false),
    )
}

fn api_keys_page(keys: Vec<PartialApiKey>, total: i64) -> ApiKeysResponse {
    ApiKeysResponse::new().with_data(keys).with_meta(
        ApiKeysResponseMeta::new()
            .with_max_allowed(50)
            .with_page(ApiKeysResponseMetaPage::new().with_total_filtered_count(total)),
    )
}

/// The `CreateAPIKey` response: a full key, with its value.
fn created_api_key(id: &str, name: &str, key: &str) -> ApiKeyResponse {
    ApiKeyResponse::new().with_data(
        FullApiKey::new().with_id(id).with_attributes(
            FullApiKeyAttributes::new()
                .with_category("default")
                .with_created_at(at("2024-05-01T12:00:00Z"))
                .with_key(key)
                .with_last4(&key[key.len() - 4..])
                .with_name(name),
        ),
    )
}

/// The body `keys api create NAME` sends.
fn create_api_key_request(name: &str) -> ApiKeyCreateRequest {
    ApiKeyCreateRequest::from(ApiKeyCreateAttributes::new(name))
}

fn forbidden() -> ApiErrorResponse {
    ApiErrorResponse::new(vec!["Forbidden".to_owned()])
}

fn line(fields: &[&str]) -> String {
    fields.join("\t")
}

#[tokio::test(flavor = "multi_thread")]
async fn api_list_prints_one_line_per_key_and_sends_the_query() {
    let server = mock().await;
    let params = ListApiKeysParams::default()
        .page_size(2)
        .sort(ApiKeysSort::CreatedAtDescending);
    let page = api_keys_page(
        vec![
            api_key(
                "2a5c7b4e-1b9a-4b48-9a7e-5f0e1cbd3e01",
                "API Key for submitting metrics",
                "abcd",
                "2020-11-23T10:00:00.000Z",
            ),
            api_key(
                "77c6a1f0-6b5f-4d1c-8f62-0c3b9d2e4f10",
                "ci",
                "wxyz",
                "2020-11-20T08:30:00.000Z",
            ),
        ],
        2,
    );
    server
        .v2()
        .list_api_keys(params)
        .respond(&page)
        .times(1)
        .await
        .unwrap();

    let output = Keys::against(
        &server,
        &["api", "list", "--page-size", "2", "--sort", "-created_at"],
    )
    .run()
    .await;

    assert_eq!(output.code, Some(0), "{output:?}");
    assert_eq!(
        output.stdout,
        format!(
            "{}\n{}\n",
            line(&[
                "2a5c7b4e-1b9a-4b48-9a7e-5f0e1cbd3e01",
                "API Key for submitting metrics",
                "abcd",
                "2020-11-23T10:00:00.000Z"
            ]),
            line(&[
                "77c6a1f0-6b5f-4d1c-8f62-0c3b9d2e4f10",
                "ci",
                "wxyz",
                "2020-11-20T08:30:00.000Z"
            ]),
        )
    );
    assert_eq!(output.stderr, "");
    assert_credentials(&server).await;
    let requests = server.received_requests().await;
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].url.query(),
        Some("page%5Bsize%5D=2&sort=-created_at")
    );
    let user_agent = requests[0].headers["user-agent"].to_str().unwrap();
    assert!(user_agent.starts_with("keys/"), "{user_agent}");
}

#[tokio::test(flavor = "multi_thread")]
/// What `--json` prints reads back as the response the server sent.
async fn api_list_json_prints_the_response_unchanged() {
    let server = mock().await;
    let page = api_keys_page(
        vec![api_key(
            "2a5c7b4e-1b9a-4b48-9a7e-5f0e1cbd3e01",
            "prod metrics",
            "abcd",
            "2020-11-23T10:00:00.000Z",
        )],
        1,
    );
    server
        .v2()
        .list_api_keys(ListApiKeysParams::default().filter("prod metrics"))
        .respond(&page)
        .times(1)
        .await
        .unwrap();

    let output = Keys::against(
        &server,
        &["--json", "api", "list", "--filter", "prod metrics"],
    )
    .run()
    .await;

    assert_eq!(output.code, Some(0), "{output:?}");
    let printed: ApiKeysResponse = serde_json::from_str(&output.stdout).expect("JSON on stdout");
    assert_eq!(printed, page);
}

#[tokio::test(flavor = "multi_thread")]
async fn api_list_all_walks_every_page() {
    let server = mock().await;
    let first = vec![
        api_key("id-1", "one", "1111", "2024-01-01T00:00:00.000Z"),
        api_key("id-2", "two", "2222", "2024-01-02T00:00:00.000Z"),
    ];
    let second = vec![api_key("id-3", "three", "3333", "2024-01-03T00:00:00.000Z")];
    for (number, keys) in [(0, first), (1, second)] {
        server
            .v2()
            .list_api_keys(
                ListApiKeysParams::default()
                    .page_size(2)
                    .page_number(number),
            )
            .respond(&api_keys_page(keys, 3))
            // Once for the text walk, once for the JSON one.
            .times(2)
            .await
            .unwrap();
    }

    let output = Keys::against(&server, &["api", "list", "--all", "--page-size", "2"])
        .run()
        .await;

    assert_eq!(output.code, Some(0), "{output:?}");
    let ids: Vec<&str> = output
        .stdout
        .lines()
        .map(|line| line.split('\t').next().unwrap())
        .collect();
    assert_eq!(ids, ["id-1", "id-2", "id-3"]);

    // The same walk with --json prints one array of every key.
    let output = Keys::against(
        &server,
        &["api", "list", "--all", "--page-size", "2", "--json"],
    )
    .run()
    .await;
    assert_eq!(output.code, Some(0), "{output:?}");
    let printed: Vec<PartialApiKey> = serde_json::from_str(&output.stdout).unwrap();
    let ids: Vec<&str> = printed.iter().filter_map(|key| key.id.as_deref()).collect();
    assert_eq!(ids, ["id-1", "id-2", "id-3"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn api_create_sends_the_name_and_prints_the_key_once() {
    let server = mock().await;
    let new_key = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";
    server
        .v2()
        .create_api_key(create_api_key_request("ci"))
        .respond(&created_api_key(
            "3f1c2d4e-0000-4000-8000-000000000001",
            "ci",
            new_key,
        ))
        .times(1)
        .await
        .unwrap();

    let output = Keys::against(&server, &["api", "create", "ci"]).run().await;

    assert_eq!(output.code, Some(0), "{output:?}");
    assert_eq!(
        output.stdout,
        format!("id: 3f1c2d4e-0000-4000-8000-000000000001\nname: ci\nkey: {new_key}\n")
    );
    assert_eq!(output.stdout.matches(new_key).count(), 1);
    assert!(!output.stderr.contains(new_key), "{output:?}");
}

/// Mounts the first two calls of a rotation of key `old-id` ("ci"): the GET
/// of the old key and the POST of its replacement (answered with
/// `new_key`), whatever body it has: its name holds today's date, which
/// the tests read from the request.
async fn mount_rotation(server: &MockServer, new_key: &str) {
    let old = ApiKeyResponse::new().with_data(
        FullApiKey::new().with_id("old-id").with_attributes(
            FullApiKeyAttributes::new()
                .with_category("default")
                .with_last4("abcd")
                .with_name("ci")
                .with_remote_config_read_enabled(true),
        ),
    );
    server
        .v2()
        .get_api_key("old-id", GetApiKeyParams::default())
        .respond(&old)
        .times(1)
        .await
        .unwrap();
    server
        .v2()
        .create_api_key(create_api_key_request("ci (rotated today)"))
        .any_body()
        .respond(&created_api_key("new-id", "ci (rotated)", new_key))
        .times(1)
        .await
        .unwrap();
}

fn is_rotated_name(name: &str) -> bool {
    // "ci (rotated YYYY-MM-DD)"
    let Some(date) = name
        .strip_prefix("ci (rotated ")
        .and_then(|rest| rest.strip_suffix(')'))
    else {
        return false;
    };
    date.len() == 10
        && date.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        })
}

#[tokio::test(flavor = "multi_thread")]
async fn api_rotate_delete_old_gets_creates_then_deletes() {
    let server = mock().await;
    let new_key = "99990000aaaabbbbccccddddeeeeffff";
    mount_rotation(&server, new_key).await;
    server
        .v2()
        .delete_api_key("old-id")
        .respond(&())
        .times(1)
        .await
        .unwrap();

    let output = Keys::against(&server, &["api", "rotate", "old-id", "--delete-old"])
        .run()
        .await;

    assert_eq!(output.code, Some(0), "{output:?}");
    assert!(
        output.stdout.contains(&format!("key: {new_key}\n")),
        "{output:?}"
    );
    assert!(output.stdout.contains("id: new-id\n"), "{output:?}");
    assert!(output.stdout.ends_with("deleted: old-id\n"), "{output:?}");

    let requests = server.received_requests().await;
    let calls: Vec<(String, String)> = requests
        .iter()
        .map(|r| (r.method.to_string(), r.url.path().to_owned()))
        .collect();
    assert_eq!(
        calls,
        [
            ("GET".to_owned(), "/api/v2/api_keys/old-id".to_owned()),
            ("POST".to_owned(), "/api/v2/api_keys".to_owned()),
            ("DELETE".to_owned(), "/api/v2/api_keys/old-id".to_owned()),
        ]
    );
    let body: ApiKeyCreateRequest = requests[1].body_json().unwrap();
    let attributes = body.data.attributes;
    assert!(is_rotated_name(&attributes.name), "{attributes:?}");
    // The replacement keeps the old key's settings.
    assert_eq!(attributes.category.as_deref(), Some("default"));
    assert_eq!(attributes.remote_config_read_enabled, Some(true));
}

#[tokio::test(flavor = "multi_thread")]
async fn api_rotate_without_delete_old_keeps_the_old_key() {
    let server = mock().await;
    mount_rotation(&server, "1234123412341234abcdabcdabcdabcd").await;
    server
        .v2()
        .delete_api_key("old-id")
        .respond(&())
        .times(0)
        .await
        .unwrap();

    let output = Keys::against(&server, &["api", "rotate", "old-id"])
        .run()
        .await;

    assert_eq!(output.code, Some(0), "{output:?}");
    assert!(!output.stdout.contains("deleted"), "{output:?}");
    let requests = server.received_requests().await;
    let methods: Vec<String> = requests.iter().map(|r| r.method.to_string()).collect();
    assert_eq!(methods, ["GET", "POST"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn api_rotate_prints_the_new_key_even_when_the_delete_fails() {
    let server = mock().await;
    let new_key = "5555666677778888999900001111aaaa";
    mount_rotation(&server, new_key).await;
    server
        .v2()
        .delete_api_key("old-id")
        .fail(403, &forbidden())
        .times(1)
        .await
        .unwrap();

    let output = Keys::against(&server, &["api", "rotate", "old-id", "--delete-old"])
        .run()
        .await;

    assert_eq!(output.code, Some(1), "{output:?}");
    assert!(
        output.stdout.contains(&format!("key: {new_key}\n")),
        "{output:?}"
    );
    assert!(output.stderr.contains("DeleteAPIKey"), "{output:?}");
    assert!(output.stderr.contains("Forbidden"), "{output:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn api_delete_and_app_delete() {
    let server = mock().await;
    server
        .v2()
        .delete_api_key("key-1")
        .respond(&())
        .times(1)
        .await
        .unwrap();
    server
        .v2()
        .delete_current_user_application_key("app-1")
        .respond(&())
        .times(1)
        .await
        .unwrap();

    let output = Keys::against(&server, &["api", "delete", "key-1"])
        .run()
        .await;
    assert_eq!(output.code, Some(0), "{output:?}");
    assert_eq!(output.stdout, "deleted API key key-1\n");

    let output = Keys::against(&server, &["app", "delete", "app-1"])
        .run()
        .await;
    assert_eq!(output.code, Some(0), "{output:?}");
    assert_eq!(output.stdout, "deleted application key app-1\n");
}

/// The `CreateCurrentUserApplicationKey` response for `name` and `scopes`.
fn created_app_key(id: &str, name: &str, key: &str, scopes: &[&str]) -> ApplicationKeyResponse {
    let mut attributes = FullApplicationKeyAttributes::new()
        .with_created_at(at("2024-05-01T12:00:00Z"))
        .with_key(key)
        .with_last4(&key[key.len() - 4..])
        .with_name(name);
    if !scopes.is_empty() {
        attributes =
            attributes.with_scopes(scopes.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
    }
    ApplicationKeyResponse::new().with_data(
        FullApplicationKey::new()
            .with_id(id)
            .with_attributes(attributes),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn app_create_sends_the_scopes() {
    let server = mock().await;
    let new_key = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
    let scopes = ["dashboards_read", "dashboards_write"];
    let request = ApplicationKeyCreateRequest::from(
        ApplicationKeyCreateAttributes::new("dashboards")
            .with_scopes(scopes.map(str::to_owned).to_vec()),
    );
    server
        .v2()
        .create_current_user_application_key(request)
        .respond(&created_app_key(
            "app-key-1",
            "dashboards",
            new_key,
            &scopes,
        ))
        .times(1)
        .await
        .unwrap();

    let output = Keys::against(
        &server,
        &[
            "app",
            "create",
            "dashboards",
            "--scope",
            "dashboards_read",
            "--scope",
            "dashboards_write",
        ],
    )
    .run()
    .await;

    assert_eq!(output.code, Some(0), "{output:?}");
    assert_eq!(
        output.stdout,
        format!(
            "id: app-key-1\nname: dashboards\nscopes: dashboards_read,dashboards_write\nkey: {new_key}\n"
        )
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn app_create_without_scopes_omits_them() {
    let server = mock().await;
    // No `scopes` in the body at all: the expectation's body has none.
    let request = ApplicationKeyCreateRequest::from(ApplicationKeyCreateAttributes::new("ci"));
    server
        .v2()
        .create_current_user_application_key(request)
        .respond(&created_app_key(
            "app-key-2",
            "ci",
            "abcdefabcdefabcdefabcdefabcdefabcdefabcd",
            &[],
        ))
        .times(1)
        .await
        .unwrap();

    let output = Keys::against(&server, &["app", "create", "ci"]).run().await;

    assert_eq!(output.code, Some(0), "{output:?}");
    assert!(output.stdout.contains("scopes: -\n"), "{output:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn app_list_all_prints_the_current_users_keys() {
    let server = mock().await;
    let scoped = PartialApplicationKey::new()
        .with_id("app-1")
        .with_attributes(
            PartialApplicationKeyAttributes::new()
                .with_created_at("2020-11-23T10:00:00.000Z")
                .with_last4("abcd")
                .with_last_used_at("2020-12-20T10:00:00.000Z")
                .with_name("Application Key for managing dashboards")
                .with_scopes(vec![
                    "dashboards_read".to_owned(),
                    "dashboards_write".to_owned(),
                ]),
        );
    let mut unscoped = PartialApplicationKeyAttributes::new()
        .with_created_at("2021-01-01T00:00:00.000Z")
        .with_last4("efgh")
        .with_name("unscoped");
    unscoped.scopes = Nullable::Null;
    let unscoped = PartialApplicationKey::new()
        .with_id("app-2")
        .with_attributes(unscoped);
    // The walk asks for its default page size, 100.
    server
        .v2()
        .list_current_user_application_keys(
            ListCurrentUserApplicationKeysParams::default()
                .page_size(100)
                .page_number(0),
        )
        .respond(&ListApplicationKeysResponse::new().with_data(vec![scoped, unscoped]))
        .times(1)
        .await
        .unwrap();

    let output = Keys::against(&server, &["app", "list", "--all"])
        .run()
        .await;

    assert_eq!(output.code, Some(0), "{output:?}");
    assert_eq!(
        output.stdout,
        format!(
            "{}\n{}\n",
            line(&[
                "app-1",
                "Application Key for managing dashboards",
                "abcd",
                "2020-11-23T10:00:00.000Z",
                "dashboards_read,dashboards_write"
            ]),
            line(&["app-2", "unscoped", "efgh", "2021-01-01T00:00:00.000Z", "-"]),
        )
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_error_status_exits_non_zero_with_the_message_on_stderr() {
    let server = mock().await;
    server
        .v2()
        .list_api_keys(ListApiKeysParams::default())
        .fail(403, &forbidden())
        .times(1)
        .await
        .unwrap();

    let output = Keys::against(&server, &["api", "list"]).run().await;

    assert_eq!(output.code, Some(1), "{output:?}");
    assert_eq!(output.stdout, "");
    assert!(output.stderr.contains("Forbidden"), "{output:?}");
    assert!(output.stderr.contains("403"), "{output:?}");
    assert_eq!(output.stderr.lines().count(), 1, "{output:?}");
}

/// An undocumented status with an HTML body: a raw response.
#[tokio::test(flavor = "multi_thread")]
async fn a_multi_line_error_body_is_reported_on_one_line() {
    let server = mock().await;
    server
        .v2()
        .delete_api_key("key-1")
        .respond_with(
            ResponseTemplate::new(418).set_body_string("<html>\n<body>teapot</body>\n</html>\n"),
        )
        .await
        .unwrap();

    let output = Keys::against(&server, &["api", "delete", "key-1"])
        .run()
        .await;

    assert_eq!(output.code, Some(1), "{output:?}");
    assert_eq!(output.stderr.lines().count(), 1, "{output:?}");
    assert!(output.stderr.contains("teapot"), "{output:?}");
}

/// A body no typed value can produce: a raw response.
#[tokio::test(flavor = "multi_thread")]
async fn an_undecodable_create_response_does_not_print_the_new_key() {
    let server = mock().await;
    let new_key = "feedfacefeedfacefeedfacefeedface";
    // `created_at` must be a string: the body does not decode.
    let body = format!(
        r#"{{"data":{{"type":"api_keys","id":"id-1","attributes":{{"key":"{new_key}","name":"ci","created_at":12}}}}}}"#
    );
    server
        .v2()
        .create_api_key(create_api_key_request("ci"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(body, "application/json"))
        .await
        .unwrap();

    let output = Keys::against(&server, &["api", "create", "ci"]).run().await;

    assert_eq!(output.code, Some(1), "{output:?}");
    assert!(output.stderr.contains("could not decode"), "{output:?}");
    assert!(!output.stderr.contains(new_key), "{output:?}");
    assert!(!output.stdout.contains(new_key), "{output:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_site_lists_the_valid_ones() {
    let server = mock().await;

    let output = Keys::against(&server, &["--site", "nowhere.example", "api", "list"])
        .run()
        .await;

    assert_eq!(output.code, Some(2), "{output:?}");
    assert!(output.stderr.contains("nowhere.example"), "{output:?}");
    for site in datadog_key_management::Site::ALL {
        assert!(output.stderr.contains(site.as_str()), "{output:?}");
    }
    assert!(server.received_requests().await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_application_key_fails_before_any_request() {
    let server = mock().await;

    let output = Keys::against(&server, &["api", "list"])
        .without("DD_APP_KEY")
        .run()
        .await;

    assert_eq!(output.code, Some(2), "{output:?}");
    assert!(
        output.stderr.contains("DD_APP_KEY is not set"),
        "{output:?}"
    );
    assert!(server.received_requests().await.is_empty());
}

/// The library entry point, without a process: `run_with_config` writing to
/// a buffer.
#[tokio::test(flavor = "multi_thread")]
async fn runs_in_process() {
    let server = mock().await;
    server
        .v2()
        .list_api_keys(ListApiKeysParams::default())
        .respond(&api_keys_page(
            vec![api_key("id-1", "one", "1111", "2024-01-01T00:00:00.000Z")],
            1,
        ))
        .times(1)
        .await
        .unwrap();

    let uri = server.uri();
    let cli = keys::Cli::try_parse_from(["keys", "--base-url", &uri, "api", "list"]).unwrap();
    let config = keys::configuration(&cli.global, |name| match name {
        "DD_API_KEY" => Some("in-process-api".to_owned()),
        "DD_APP_KEY" => Some("in-process-app".to_owned()),
        _ => None,
    })
    .unwrap();
    let mut out = Vec::new();
    keys::run_with_config(cli, config, &mut out).await.unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "id-1\tone\t1111\t2024-01-01T00:00:00.000Z\n"
    );
    let requests = server.received_requests().await;
    assert_eq!(requests[0].headers["dd-api-key"], "in-process-api");
}
