//! The command line generated for the Datadog client (feature `cli`), run
//! as its binary `datadog-key-management-cli` against the client's typed
//! mocks on 127.0.0.1 (`--base-url`): every kind of parameter, `--param` by
//! spec name, a body from standard input, `--all`, `--output`, the exit
//! codes and `--help`.
//!
//! The binary is built once per run into `target/crate-check` (a nested
//! `cargo build`: the outer `cargo test` holds the workspace's target
//! directory). Each expectation matches the exact call (path, whole query
//! string, body), so a wrong call gets a 404 and fails the test. No run
//! prints a configured key.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use datadog_key_management::mock::MockServer;
use datadog_key_management::v2::models::{
    ApiErrorResponse, ApiKeyCreateAttributes, ApiKeyCreateRequest, ApiKeyResponse, ApiKeysResponse,
    ApiKeysResponseMeta, ApiKeysResponseMetaPage, ApiKeysSort, FullApiKey, FullApiKeyAttributes,
    PartialApiKey, PartialApiKeyAttributes,
};
use datadog_key_management::v2::{GetApiKeyParams, ListApiKeysParams};
use serde_json::{json, Value};

const BIN: &str = "datadog-key-management-cli";
const API_KEY: &str = "0cli0api0key0123456789abcdefSECRET";
const APP_KEY: &str = "0cli0app0key0fedcba9876543210SECRET";

/// The binary, built once.
fn binary() -> &'static PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("workspace root")
            .to_owned();
        let target = root.join("target/crate-check");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let output = Command::new(cargo)
            .current_dir(&root)
            .env("CARGO_TARGET_DIR", &target)
            .args([
                "build",
                "--offline",
                "--quiet",
                "-p",
                "datadog-key-management",
            ])
            .args(["--features", "cli", "--bin", BIN])
            .output()
            .expect("run cargo");
        assert!(
            output.status.success(),
            "building {BIN} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        target.join("debug").join(BIN)
    })
}

/// What the binary did.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {self:?}"))
    }
}

/// Runs the binary with `args`, the keys in its environment and `stdin`.
async fn run_cli(args: Vec<String>, stdin: Option<&str>, keys_in_env: bool) -> Run {
    let stdin = stdin.map(str::to_owned);
    let output = tokio::task::spawn_blocking(move || {
        let mut command = Command::new(binary());
        command.args(&args).env_remove("DD_SITE");
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
        if keys_in_env {
            command
                .env("DD_API_KEY", API_KEY)
                .env("DD_APP_KEY", APP_KEY);
        } else {
            command.env_remove("DD_API_KEY").env_remove("DD_APP_KEY");
        }
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("start the binary");
        let mut input = child.stdin.take().expect("stdin");
        if let Some(text) = stdin {
            input.write_all(text.as_bytes()).expect("write stdin");
        }
        drop(input);
        child.wait_with_output().expect("run the binary")
    })
    .await
    .expect("join");
    let run = Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    };
    for key in [API_KEY, APP_KEY] {
        assert!(
            !run.stdout.contains(key) && !run.stderr.contains(key),
            "key printed: {run:?}"
        );
    }
    run
}

/// `--base-url <server> <args>` with the keys in the environment.
async fn against(server: &MockServer, args: &[&str]) -> Run {
    let mut all = vec!["--base-url".to_owned(), server.uri()];
    all.extend(args.iter().map(|a| (*a).to_owned()));
    run_cli(all, None, true).await
}

async fn mock() -> MockServer {
    MockServer::start()
        .await
        .expect("a mock server on 127.0.0.1")
}

fn partial_key(id: &str, name: &str) -> PartialApiKey {
    PartialApiKey::new().with_id(id).with_attributes(
        PartialApiKeyAttributes::new()
            .with_name(name)
            .with_last4("abcd"),
    )
}

fn page(keys: Vec<PartialApiKey>, total: i64) -> ApiKeysResponse {
    ApiKeysResponse::new().with_data(keys).with_meta(
        ApiKeysResponseMeta::new()
            .with_page(ApiKeysResponseMetaPage::new().with_total_filtered_count(total)),
    )
}

fn full_key(id: &str, name: &str) -> ApiKeyResponse {
    ApiKeyResponse::new().with_data(
        FullApiKey::new()
            .with_id(id)
            .with_attributes(FullApiKeyAttributes::new().with_name(name)),
    )
}

#[tokio::test]
async fn query_parameters_by_flag_and_by_spec_name_and_the_keys_from_the_environment() {
    let server = mock().await;
    let expected = page(vec![partial_key("k1", "one")], 1);
    server
        .v2()
        .list_api_keys(
            ListApiKeysParams::default()
                .page_size(2)
                .sort(ApiKeysSort::CreatedAtDescending)
                .filter_created_at_start("2024-01-01T00:00:00Z")
                .filter_remote_config_read_enabled(true),
        )
        .respond(&expected)
        .times(1)
        .await
        .unwrap();
    let run = against(
        &server,
        &[
            "v2",
            "list-api-keys",
            "--page-size",
            "2",
            "--sort",
            "-created_at",
            "--param",
            "filter[created_at][start]=2024-01-01T00:00:00Z",
            "--filter-remote-config-read-enabled",
            "true",
        ],
    )
    .await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.json(), serde_json::to_value(&expected).unwrap());
    // Pretty by default.
    assert!(run.stdout.contains("\n  \"data\""), "{run:?}");
    for request in server.received_requests().await {
        assert_eq!(request.headers["dd-api-key"], API_KEY);
        assert_eq!(request.headers["dd-application-key"], APP_KEY);
    }
}

#[tokio::test]
async fn a_path_parameter_and_compact_output_and_auth_flags() {
    let server = mock().await;
    let expected = full_key("abc/def", "named");
    server
        .v2()
        .get_api_key("abc/def", GetApiKeyParams::default())
        .respond(&expected)
        .times(1)
        .await
        .unwrap();
    let args = [
        "--base-url",
        &server.uri(),
        "--auth",
        &format!("apiKeyAuth={API_KEY}"),
        "--auth",
        &format!("appKeyAuth={APP_KEY}"),
        "--output",
        "json",
        "v2",
        "get-api-key",
        "--api-key-id",
        "abc/def",
    ]
    .map(str::to_owned)
    .to_vec();
    let run = run_cli(args, None, false).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(
        run.stdout.trim_end().lines().count(),
        1,
        "compact JSON: {run:?}"
    );
    assert_eq!(run.json(), serde_json::to_value(&expected).unwrap());
    let request = &server.received_requests().await[0];
    assert_eq!(request.headers["dd-api-key"], API_KEY);
}

#[tokio::test]
async fn a_body_from_standard_input_is_sent_typed() {
    let server = mock().await;
    let body =
        ApiKeyCreateRequest::from(ApiKeyCreateAttributes::new("ci").with_category("metrics"));
    let created = full_key("new", "ci");
    server
        .v2()
        .create_api_key(body)
        .respond(&created)
        .times(1)
        .await
        .unwrap();
    let mut args = vec!["--base-url".to_owned(), server.uri()];
    args.extend(["v2", "create-api-key", "--body", "-"].map(str::to_owned));
    let input =
        r#"{"data": {"type": "api_keys", "attributes": {"name": "ci", "category": "metrics"}}}"#;
    let run = run_cli(args, Some(input), true).await;
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.json(), serde_json::to_value(&created).unwrap());
}

#[tokio::test]
async fn a_wrong_body_is_refused_with_its_path_before_anything_is_sent() {
    let server = mock().await;
    let mut args = vec!["--base-url".to_owned(), server.uri()];
    args.extend(["v2", "create-api-key", "--body", "-"].map(str::to_owned));
    let input = r#"{"data": {"type": "api_keys", "attributes": {"name": 7}}}"#;
    let run = run_cli(args, Some(input), true).await;
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.starts_with("error: --body"), "{run:?}");
    assert!(run.stderr.contains("data.attributes.name"), "{run:?}");
    assert!(
        run.stderr
            .contains("invalid type: integer, expected a string"),
        "{run:?}"
    );
    assert!(server.received_requests().await.is_empty());
}

#[tokio::test]
async fn a_documented_error_status_prints_status_and_body_and_exits_1() {
    let server = mock().await;
    let error = ApiErrorResponse::new(vec!["Forbidden".to_owned()]);
    server
        .v2()
        .list_api_keys(ListApiKeysParams::default())
        .fail(403, &error)
        .await
        .unwrap();
    let run = against(&server, &["v2", "list-api-keys"]).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    assert!(run.stderr.starts_with("HTTP 403\n"), "{run:?}");
    let body: Value = serde_json::from_str(run.stderr.trim_start_matches("HTTP 403\n")).unwrap();
    assert_eq!(body, json!({"errors": ["Forbidden"]}));
}

#[tokio::test]
async fn other_failures_are_one_line_and_exit_1() {
    let server = mock().await;
    // No expectation: the mock answers 404 with an empty body.
    let run = against(&server, &["v2", "delete-api-key", "--api-key-id", "x"]).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(run.stderr.lines().count(), 1, "{run:?}");
    assert!(run.stderr.starts_with("error: "), "{run:?}");
    // A missing credential names the scheme's variable; nothing is sent.
    let mut args = vec!["--base-url".to_owned(), server.uri()];
    args.extend(["v2", "list-api-keys"].map(str::to_owned));
    let run = run_cli(args, None, false).await;
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("DD_API_KEY"), "{run:?}");
    assert!(run.stderr.contains("`--auth apiKeyAuth=...`"), "{run:?}");
}

#[tokio::test]
async fn all_follows_the_pages_one_item_per_line() {
    let server = mock().await;
    let v2 = server.v2();
    v2.list_api_keys(ListApiKeysParams::default().page_size(2).page_number(0))
        .respond(&page(vec![partial_key("a", "1"), partial_key("b", "2")], 3))
        .times(1)
        .await
        .unwrap();
    v2.list_api_keys(ListApiKeysParams::default().page_size(2).page_number(1))
        .respond(&page(vec![partial_key("c", "3")], 3))
        .times(1)
        .await
        .unwrap();
    let run = against(
        &server,
        &["v2", "list-api-keys", "--page-size", "2", "--all"],
    )
    .await;
    assert_eq!(run.code, Some(0), "{run:?}");
    let ids: Vec<Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap()["id"].clone())
        .collect();
    assert_eq!(ids, [json!("a"), json!("b"), json!("c")]);
}

#[tokio::test]
async fn a_delete_prints_nothing() {
    let server = mock().await;
    server
        .v2()
        .delete_api_key("gone")
        .respond(&())
        .times(1)
        .await
        .unwrap();
    let run = against(&server, &["v2", "delete-api-key", "--api-key-id", "gone"]).await;
    assert_eq!((run.code, run.stdout.as_str()), (Some(0), ""), "{run:?}");
}

#[tokio::test]
async fn help_at_every_level_and_usage_errors_exit_2() {
    let top = run_cli(vec!["--help".to_owned()], None, true).await;
    assert_eq!(top.code, Some(0), "{top:?}");
    assert!(
        top.stdout.contains("v1") && top.stdout.contains("v2") && top.stdout.contains("--auth"),
        "{top:?}"
    );
    let module = run_cli(["v2", "--help"].map(str::to_owned).to_vec(), None, true).await;
    assert!(
        module.stdout.contains("list-api-keys") && module.stdout.contains("Get all API keys"),
        "{module:?}"
    );
    let op = run_cli(
        ["v2", "list-api-keys", "--help"]
            .map(str::to_owned)
            .to_vec(),
        None,
        true,
    )
    .await;
    assert_eq!(op.code, Some(0));
    for text in [
        "GET /api/v2/api_keys",
        "--page-size",
        "page[size]",
        "--all",
        "Credentials: apiKeyAuth",
        "DD_API_KEY",
        // An enum parameter takes any text (an enum keeps a value it does
        // not list), so its help lists the values.
        "[values: created_at, -created_at, last4, -last4, modified_at, -modified_at, name, -name]",
    ] {
        assert!(op.stdout.contains(text), "{text} missing: {op:?}");
    }
    let bad = run_cli(
        ["v2", "list-api-keys", "--nope"]
            .map(str::to_owned)
            .to_vec(),
        None,
        true,
    )
    .await;
    assert_eq!(bad.code, Some(2), "{bad:?}");
    let bad = run_cli(
        ["v2", "no-such-operation"].map(str::to_owned).to_vec(),
        None,
        true,
    )
    .await;
    assert_eq!(bad.code, Some(2), "{bad:?}");
    let bad = run_cli(
        ["v2", "list-api-keys", "--page-size", "many"]
            .map(str::to_owned)
            .to_vec(),
        None,
        true,
    )
    .await;
    assert_eq!(bad.code, Some(2), "{bad:?}");
    assert!(bad.stderr.contains("--page-size"), "{bad:?}");
}

/// The command line against Prism serving spec/v1 and spec/v2 (run by
/// `.ci/with-prism`, ignored without it): each call must pass Prism's
/// validation of the request, credentials included, and print the JSON
/// Prism answers.
#[tokio::test]
#[ignore = "needs Prism: .ci/with-prism cargo test -p workspace-tests --test generated_cli -- --ignored"]
async fn every_kind_of_argument_passes_prism_validation() {
    let url = |version: &str| {
        let variable = format!("PRISM_{}_URL", version.to_uppercase());
        std::env::var(&variable).unwrap_or_else(|_| panic!("{variable} is not set"))
    };
    let body =
        r#"{"data": {"type": "api_keys", "attributes": {"name": "ci", "category": "metrics"}}}"#;
    let calls: Vec<(&str, Vec<&str>, Option<&str>)> = vec![
        (
            "v2",
            vec![
                "list-api-keys",
                "--page-size",
                "10",
                "--page-number",
                "1",
                "--sort=-created_at",
                "--param",
                "filter[created_at][start]=2024-01-01T00:00:00Z",
                "--include",
                "created_by",
                "--filter-remote-config-read-enabled",
                "true",
            ],
            None,
        ),
        ("v2", vec!["create-api-key", "--body", "-"], Some(body)),
        (
            "v2",
            vec![
                "get-api-key",
                "--api-key-id",
                "00000000-0000-0000-0000-000000000001",
                "--include",
                "created_by",
            ],
            None,
        ),
        (
            "v2",
            vec![
                "delete-api-key",
                "--api-key-id",
                "00000000-0000-0000-0000-000000000001",
            ],
            None,
        ),
        (
            "v2",
            vec![
                "list-current-user-application-keys",
                "--page-size",
                "5",
                "--filter",
                "ci",
            ],
            None,
        ),
        ("v1", vec!["list-api-keys"], None),
        ("v1", vec!["get-api-key", "--key", "abc"], None),
    ];
    for (module, args, stdin) in calls {
        let mut all = vec![
            "--base-url".to_owned(),
            url(module),
            "--output".to_owned(),
            "json".to_owned(),
            module.to_owned(),
        ];
        all.extend(args.iter().map(|a| (*a).to_owned()));
        let run = run_cli(all, stdin, true).await;
        assert_eq!(run.code, Some(0), "{module} {args:?}: {run:?}");
        if !run.stdout.is_empty() {
            serde_json::from_str::<Value>(&run.stdout)
                .unwrap_or_else(|e| panic!("{module} {args:?}: {e}: {run:?}"));
        }
    }
}
