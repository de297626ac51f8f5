//! Public APIs' own contracts: samples of operations from Stripe's, OpenAI's
//! and Twilio's published specs (trimmed copies in `tests/real-specs/public/`,
//! made by `cargo xtask trim-spec`) and Plaid's, driven through the command
//! line generated for them, with `--auth`, against Prism serving each spec
//! as a validating mock. Prism validates every request, security included
//! (a missing or wrong credential is a violation), so each call must exit 0
//! with the decoded response as JSON, and `.ci/with-prism` fails the run on
//! any violation Prism logged. One call per spec without its credential must
//! be refused before sending, naming the scheme.
//!
//! Prism 5.14 does not start on Stripe's spec, not even on the trimmed copy
//! (every Stripe operation reaches its `error` schema, and through it 513
//! schemas): `stripe_schemes_on_the_wire` proves Stripe's `basicAuth` and
//! `bearerAuth` instead, with the same command line against a local
//! wiremock server that checks the exact `Authorization` header, path, query
//! and form body. It needs no Prism and runs with `cargo test`.
//!
//! CI: `.ci/with-prism cargo test -p workspace-tests --test prism_public -- --ignored --skip stripe_sample --skip plaid_sample`
//! (the trimmed specs; Plaid publishes no licence, so no copy is kept here).
//! The full published specs: `.ci/prism-public-full` (see the README,
//! "Public specs against Prism"), which sets `PUBLIC_SPEC_<NAME>` to each
//! spec file; the client is then generated from those instead.

#[path = "common/crate_check.rs"]
mod crate_check;
#[path = "common/prism_cli.rs"]
mod prism_cli;

use std::path::PathBuf;
use std::sync::OnceLock;

use prism_cli::{build_cli, prism_url, Cli};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The specs, as modules of one crate (one build for all): the full
/// published spec when `PUBLIC_SPEC_<NAME>` names one, else the trimmed
/// copy. Plaid only from its published spec.
fn specs() -> (Vec<(String, PathBuf)>, bool) {
    let mut full = false;
    let mut specs = Vec::new();
    for name in ["stripe", "openai", "twilio", "plaid"] {
        let var = format!("PUBLIC_SPEC_{}", name.to_uppercase());
        let path = match std::env::var_os(&var) {
            Some(path) => {
                full = true;
                PathBuf::from(path)
            }
            None if name == "plaid" => continue,
            None => PathBuf::from(format!("tests/real-specs/public/{name}.json")),
        };
        specs.push((name.to_owned(), path));
    }
    (specs, full)
}

/// The command line of the client, built once per run.
fn binary() -> &'static PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let (specs, full) = specs();
        let place = if full {
            "prism-public-full"
        } else {
            "prism-public"
        };
        build_cli("public-specs", place, &specs)
    })
}

/// The command line pointed at the Prism server of `name`, with the
/// credentials `secrets` (never to be printed).
fn cli(name: &str, secrets: &[&str]) -> Cli {
    Cli {
        bin: binary().clone(),
        base_url: prism_url(&format!("PRISM_{}_URL", name.to_uppercase())),
        secrets: secrets.iter().map(|s| (*s).to_owned()).collect(),
    }
}

/// The `data` array of a Stripe or OpenAI list.
#[track_caller]
fn data(list: &serde_json::Value) -> &Vec<serde_json::Value> {
    list["data"]
        .as_array()
        .unwrap_or_else(|| panic!("a list: {list}"))
}

#[test]
#[ignore = "needs Prism serving Stripe's spec (PRISM_STRIPE_URL): .ci/prism-public-full stripe=FILE"]
fn stripe_sample_passes_prism_with_each_scheme() {
    let cli = cli("stripe", &["sk_test_prism"]);
    // `[{basicAuth: []}, {bearerAuth: []}]`: the key as the basic user with
    // an empty password, or as a bearer token.
    let basic = ["--auth", "basicAuth=sk_test_prism:"];
    let bearer = ["--auth", "bearerAuth=sk_test_prism"];
    let with = |auth: &[&str; 2], args: &[&str]| -> Vec<String> {
        auth.iter().chain(args).map(|s| (*s).to_owned()).collect()
    };
    let ok = |args: Vec<String>, body: Option<&str>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cli.ok(&args, body)
    };
    let balance = ok(with(&basic, &["stripe", "get-balance"]), None);
    assert_eq!(balance["object"], "balance", "{balance}");
    let args = ["stripe", "get-products", "--limit", "3", "--active", "true"];
    data(&ok(with(&bearer, &args), None));
    let args = ["stripe", "get-products-search", "--query", "active:'true'"];
    data(&ok(with(&basic, &args), None));
    // Form bodies, nested fields in Stripe's `metadata[key]` style.
    let body = r#"{"name": "T-shirt", "metadata": {"size": "M"}, "shippable": true}"#;
    let created = ok(
        with(&bearer, &["stripe", "post-products", "--body", "-"]),
        Some(body),
    );
    assert_eq!(created["object"], "product", "{created}");
    let args = [
        "stripe",
        "post-products-id",
        "--id",
        "prod_1",
        "--body",
        "-",
    ];
    ok(with(&basic, &args), Some(r#"{"active": false}"#));
    let product = ok(
        with(&bearer, &["stripe", "get-products-id", "--id", "prod_1"]),
        None,
    );
    assert_eq!(product["object"], "product", "{product}");
    let args = ["stripe", "delete-products-id", "--id", "prod_1"];
    assert_eq!(ok(with(&basic, &args), None)["deleted"], true);
    cli.refused_without("basicAuth", &["stripe", "get-balance"], None);
}

#[test]
#[ignore = "needs Prism: .ci/with-prism cargo test -p workspace-tests --test prism_public -- --ignored openai twilio"]
fn openai_sample_passes_prism_with_its_bearer_key() {
    let cli = cli("openai", &["sk-prism"]);
    let auth = ["--auth", "ApiKeyAuth=sk-prism"];
    let ok = |args: &[&str], body: Option<&str>| {
        let all: Vec<&str> = auth.iter().chain(args).copied().collect();
        cli.ok(&all, body)
    };
    assert!(!data(&ok(&["openai", "list-models"], None)).is_empty());
    let model = ok(
        &["openai", "retrieve-model", "--model", "gpt-4o-mini"],
        None,
    );
    assert_eq!(model["object"], "model", "{model}");
    let args = [
        "openai",
        "delete-model",
        "--model",
        "ft:gpt-4o-mini:acme:x:1",
    ];
    assert!(ok(&args, None)["deleted"].is_boolean());
    let args = [
        "openai",
        "list-files",
        "--purpose",
        "fine-tune",
        "--limit",
        "5",
    ];
    ok(&[&args[..], &["--order", "asc"]].concat(), None);
    let body = r#"{"input": "The food was delicious.", "model": "text-embedding-3-small"}"#;
    let embedding = ok(&["openai", "create-embedding", "--body", "-"], Some(body));
    assert!(!data(&embedding).is_empty(), "{embedding}");
    let body = r#"{"input": "I want to kill them."}"#;
    let moderation = ok(&["openai", "create-moderation", "--body", "-"], Some(body));
    assert!(moderation["results"].is_array(), "{moderation}");
    cli.refused_without("ApiKeyAuth", &["openai", "list-models"], None);
}

/// Runs the command line against `server` with `args`, `stdin` on its
/// standard input, off the async runtime.
async fn run_at(server: &MockServer, args: &[&str], stdin: Option<&str>) -> serde_json::Value {
    let cli = Cli {
        bin: binary().clone(),
        base_url: server.uri(),
        secrets: vec!["sk_test_wire".into()],
    };
    let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
    let stdin = stdin.map(str::to_owned);
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cli.ok(&args, stdin.as_deref())
    })
    .await
    .expect("the command line ran")
}

#[tokio::test(flavor = "multi_thread")]
async fn stripe_schemes_on_the_wire() {
    let server = MockServer::start().await;
    let balance = r#"{"object": "balance", "available": [], "pending": [], "livemode": false}"#;
    // `base64("sk_test_wire:")`: the key as the user, no password.
    for (auth, expected) in [
        ("basicAuth=sk_test_wire:", "Basic c2tfdGVzdF93aXJlOg=="),
        ("bearerAuth=sk_test_wire", "Bearer sk_test_wire"),
    ] {
        Mock::given(method("GET"))
            .and(path("/v1/balance"))
            .and(header("authorization", expected))
            .respond_with(ResponseTemplate::new(200).set_body_raw(balance, "application/json"))
            .up_to_n_times(1)
            .expect(1)
            .mount(&server)
            .await;
        let decoded = run_at(&server, &["--auth", auth, "stripe", "get-balance"], None).await;
        assert_eq!(decoded["object"], "balance");
    }
    let product = r#"{"id": "prod_1", "object": "product", "active": true, "created": 1,
        "features": [], "images": [], "livemode": false, "metadata": {"size": "M"},
        "name": "T-shirt", "updated": 1}"#;
    Mock::given(method("POST"))
        .and(path("/v1/products"))
        .and(header("authorization", "Bearer sk_test_wire"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(product, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let body = r#"{"name": "T-shirt", "metadata": {"size": "M"}}"#;
    let args = [
        "--auth",
        "bearerAuth=sk_test_wire",
        "stripe",
        "post-products",
    ];
    let created = run_at(&server, &[&args[..], &["--body", "-"]].concat(), Some(body)).await;
    assert_eq!(created["metadata"]["size"], "M");
    let requests = server.received_requests().await.expect("recorded");
    let sent: Vec<String> = requests
        .iter()
        .map(|r| {
            let query = r.url.query().map(|q| format!("?{q}")).unwrap_or_default();
            let body = String::from_utf8_lossy(&r.body);
            format!("{} {}{query} {body}", r.method, r.url.path())
        })
        .collect();
    // Stripe's deepObject form encoding: `metadata[size]=M`, brackets
    // percent-encoded.
    assert_eq!(
        sent,
        [
            "GET /v1/balance ",
            "GET /v1/balance ",
            "POST /v1/products metadata%5Bsize%5D=M&name=T-shirt",
        ]
    );
}

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const MESSAGE: &str = "SM0123456789abcdef0123456789abcdef";

#[test]
#[ignore = "needs Prism: .ci/with-prism cargo test -p workspace-tests --test prism_public -- --ignored openai twilio"]
fn twilio_sample_passes_prism_with_basic_auth() {
    let cli = cli("twilio", &["prism-auth-token"]);
    let auth = format!("accountSid_authToken={ACCOUNT}:prism-auth-token");
    let ok = |args: &[&str], body: Option<&str>| {
        let all: Vec<&str> = ["--auth", auth.as_str()]
            .iter()
            .chain(args)
            .copied()
            .collect();
        cli.ok(&all, body)
    };
    let account = ok(&["twilio", "fetch-account", "--sid", ACCOUNT], None);
    assert!(account.is_object(), "{account}");
    let on = ["--account-sid", ACCOUNT];
    let balance = ok(&[&["twilio", "fetch-balance"][..], &on].concat(), None);
    assert!(balance["balance"].is_string(), "{balance}");
    let body = r#"{"To": "+15558675310", "From": "+15017122661", "Body": "Hi there"}"#;
    let create = [&["twilio", "create-message"][..], &on, &["--body", "-"]].concat();
    let message = ok(&create, Some(body));
    assert!(message["sid"].is_string(), "{message}");
    let one = [&on[..], &["--sid", MESSAGE]].concat();
    ok(&[&["twilio", "fetch-message"][..], &one].concat(), None);
    let update = [&["twilio", "update-message"][..], &one, &["--body", "-"]].concat();
    ok(&update, Some(r#"{"Body": ""}"#));
    assert_eq!(
        ok(&[&["twilio", "delete-message"][..], &one].concat(), None),
        serde_json::Value::Null
    );
    cli.refused_without(
        "accountSid_authToken",
        &["twilio", "fetch-account", "--sid", ACCOUNT],
        None,
    );
}

#[test]
#[ignore = "needs Plaid's published spec (PUBLIC_SPEC_PLAID) and Prism: .ci/prism-public-full"]
fn plaid_sample_passes_prism_with_its_three_keys() {
    let cli = cli("plaid", &["prism-secret"]);
    // `[{clientId: [], secret: [], plaidVersion: []}]`: three headers, all
    // required together.
    let keys = [
        "--auth",
        "clientId=prism-client",
        "--auth",
        "secret=prism-secret",
        "--auth",
        "plaidVersion=2020-09-14",
    ];
    let ok = |operation: &str, body: &str| {
        let all: Vec<&str> = keys
            .iter()
            .copied()
            .chain(["plaid", operation, "--body", "-"])
            .collect();
        cli.ok(&all, Some(body))
    };
    let token = r#"{"access_token": "access-sandbox-de3ce8ef-33f8-452c-a685-8671031fc0f6"}"#;
    assert!(ok("item-get", token)["item"].is_object());
    assert!(ok("accounts-get", token)["accounts"].is_array());
    let body = r#"{"institution_id": "ins_109508", "country_codes": ["US"]}"#;
    assert!(ok("institutions-get-by-id", body)["institution"].is_object());
    let body = r#"{"query": "Platypus", "products": ["transactions"], "country_codes": ["US"]}"#;
    assert!(ok("institutions-search", body)["institutions"].is_array());
    let body = r#"{"institution_id": "ins_109508", "initial_products": ["transactions"]}"#;
    assert!(ok("sandbox-public-token-create", body)["public_token"].is_string());
    // `security: []`: nothing sent, and Prism accepts it.
    let categories = cli.ok(&["plaid", "categories-get", "--body", "-"], Some("{}"));
    assert!(categories["categories"].is_array(), "{categories}");
    // Two of the three: refused, naming the one missing.
    cli.refused_without(
        "secret",
        &[
            "--auth",
            "clientId=prism-client",
            "--auth",
            "plaidVersion=2020-09-14",
            "plaid",
            "item-get",
            "--body",
            "-",
        ],
        Some(token),
    );
}
