//! The client generated from `tests/fixtures/security.yaml`, driven against
//! wiremock on 127.0.0.1: the exact credentials each operation puts on the
//! wire, the OAuth2 token fetches with their scopes and the renewal after a
//! 401, the requirement shapes (global, overridden, AND, OR, optional,
//! none), the missing-credential error, and the command line's `--auth`.
//!
//! `tests/tests/auth_wire.rs` generates the crate, adds this file as its
//! test and runs it (`cargo test --features cli`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use secured_client::security::SecuredApi;
use secured_client::{
    AccessToken, ClientCredentials, Configuration, Error, RetryPolicy, TokenFuture, TokenProvider,
    TokenRequest,
};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const KEY: &str = "hdr-key-1";
const QUERY_KEY: &str = "qry-key-2";
const COOKIE_KEY: &str = "ck-key-3";
const BEARER: &str = "bearer-tok-4";
const CUSTOM: &str = "custom-tok-5";
const OIDC: &str = "oidc-tok-6";

/// A server answering `{"ok": true}` to every GET.
async fn api() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})))
        .with_priority(10)
        .mount(&server)
        .await;
    server
}

fn config(server: &MockServer) -> Configuration {
    Configuration::new()
        .base_url(&server.uri())
        .unwrap()
        .retry(RetryPolicy::none())
}

fn client(config: Configuration) -> SecuredApi {
    SecuredApi::new(config).unwrap()
}

/// What one request carried of every place a credential can go.
#[derive(Debug, PartialEq)]
struct Seen {
    path: String,
    header_key: Option<String>,
    query: Option<String>,
    cookie: Option<String>,
    authorization: Option<String>,
}

fn seen(request: &Request) -> Seen {
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    Seen {
        path: request.url.path().to_owned(),
        header_key: header("x-api-key"),
        query: request.url.query().map(str::to_owned),
        cookie: header("cookie"),
        authorization: header("authorization"),
    }
}

fn expect(
    path: &str,
    header_key: Option<&str>,
    query: Option<&str>,
    cookie: Option<&str>,
    authorization: Option<&str>,
) -> Seen {
    let owned = |s: Option<&str>| s.map(str::to_owned);
    Seen {
        path: path.to_owned(),
        header_key: owned(header_key),
        query: owned(query),
        cookie: owned(cookie),
        authorization: owned(authorization),
    }
}

/// The requests `server` received on `paths` (not the token endpoint).
async fn api_requests(server: &MockServer) -> Vec<Seen> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .filter(|r| r.url.path() != "/oauth/token")
        .map(seen)
        .collect()
}

#[tokio::test]
async fn each_scheme_sends_exactly_its_credential_where_the_spec_says() {
    let server = api().await;
    let api = client(
        config(&server)
            .header_key(KEY)
            .query_key(QUERY_KEY)
            .cookie_key(COOKIE_KEY)
            .basic_auth("ann", "pa:ss")
            .bearer_auth(BEARER)
            .custom_auth(CUSTOM)
            .open_id(OIDC),
    );
    assert!(api.header_key().await.unwrap().ok);
    api.query_key().await.unwrap();
    api.cookie_key().await.unwrap();
    api.basic().await.unwrap();
    api.bearer().await.unwrap();
    api.custom().await.unwrap();
    api.open_id().await.unwrap();
    assert_eq!(
        api_requests(&server).await,
        [
            // The global requirement.
            expect("/header", Some(KEY), None, None, None),
            // Overridden by the operation: the header key is not sent.
            expect("/query", None, Some("api_key=qry-key-2"), None, None),
            expect("/cookie", None, None, Some("session=ck-key-3"), None),
            // base64("ann:pa:ss")
            expect("/basic", None, None, None, Some("Basic YW5uOnBhOnNz")),
            expect("/bearer", None, None, None, Some("Bearer bearer-tok-4")),
            expect("/custom", None, None, None, Some("Token custom-tok-5")),
            expect("/oidc", None, None, None, Some("Bearer oidc-tok-6")),
        ]
    );
}

#[tokio::test]
async fn and_or_optional_and_none_are_sent_as_the_spec_states_them() {
    let server = api().await;
    let everything = config(&server)
        .header_key(KEY)
        .query_key(QUERY_KEY)
        .basic_auth("ann", "pw")
        .bearer_auth(BEARER);
    let api = client(everything);
    api.both().await.unwrap();
    api.either().await.unwrap();
    api.choice().await.unwrap();
    api.public().await.unwrap();
    // Without the bearer token the optional operation sends nothing.
    client(config(&server)).either().await.unwrap();
    assert_eq!(
        api_requests(&server).await,
        [
            // AND: both, together.
            expect("/both", Some(KEY), None, None, Some("Basic YW5uOnB3")),
            // `[{}, {bearerAuth: []}]`: the configured token is sent.
            expect("/either", None, None, None, Some("Bearer bearer-tok-4")),
            // OR: the client credentials are not set, so the query key.
            expect("/choice", None, Some("api_key=qry-key-2"), None, None),
            // `security: []`: nothing, whatever is configured.
            expect("/public", None, None, None, None),
            expect("/either", None, None, None, None),
        ]
    );
}

#[tokio::test]
async fn a_missing_credential_fails_before_sending_naming_the_scheme_and_the_setter() {
    let server = api().await;
    // Half of the AND requirement.
    let api = client(config(&server).header_key(KEY));
    let error = api.both().await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::MissingCredential {
                scheme: "basicAuth",
                setter: "basic_auth",
                variable: Some("SECURED_USER"),
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "operation Both needs the `basicAuth` user and password (security scheme `basicAuth`), which is not configured: set it with `basic_auth` or the SECURED_USER environment variable"
    );
    let error = api.choice().await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::MissingCredential {
                scheme: "machineAuth",
                setter: "machine_auth_client_credentials",
                ref alternatives,
                ..
            } if alternatives == &["queryKey"]
        ),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("`machine_auth_client_credentials`") && message.contains("queryKey"),
        "{message}"
    );
    assert!(!message.contains(KEY), "{message}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// The token endpoint: `access-1`, `access-2`, ... in turn, valid an hour.
struct Tokens(AtomicUsize);

impl Respond for Tokens {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": format!("access-{n}"),
            "token_type": "Bearer",
            "expires_in": 3600,
        }))
    }
}

#[tokio::test]
async fn client_credentials_tokens_are_fetched_with_the_scopes_cached_and_renewed_once_after_a_401()
{
    let server = api().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(Tokens(AtomicUsize::new(0)))
        .mount(&server)
        .await;
    // The API refuses the first token once.
    Mock::given(method("GET"))
        .and(path("/machine"))
        .and(header("authorization", "Bearer access-1"))
        .respond_with(ResponseTemplate::new(401))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    let api = client(
        config(&server)
            .machine_auth_client_credentials(ClientCredentials::new("client-id", "client-secret")),
    );
    assert!(api.machine_read().await.unwrap().ok);
    // Cached: no new fetch for the same scopes.
    api.machine_read().await.unwrap();
    // Other scopes: another token.
    api.machine_write().await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let fetches: Vec<(String, Option<String>)> = requests
        .iter()
        .filter(|r| r.url.path() == "/oauth/token")
        .map(|r| {
            (
                String::from_utf8(r.body.clone()).unwrap(),
                r.headers
                    .get("authorization")
                    .map(|v| v.to_str().unwrap().to_owned()),
            )
        })
        .collect();
    // base64("client-id:client-secret")
    let client_auth = Some("Basic Y2xpZW50LWlkOmNsaWVudC1zZWNyZXQ=".to_owned());
    assert_eq!(
        fetches,
        [
            (
                "grant_type=client_credentials&scope=things%3Aread".to_owned(),
                client_auth.clone()
            ),
            // The renewal after the 401.
            (
                "grant_type=client_credentials&scope=things%3Aread".to_owned(),
                client_auth.clone()
            ),
            // Sorted, each once.
            (
                "grant_type=client_credentials&scope=things%3Aread+things%3Awrite".to_owned(),
                client_auth,
            ),
        ]
    );
    assert_eq!(
        api_requests(&server).await,
        [
            expect("/machine", None, None, None, Some("Bearer access-1")),
            expect("/machine", None, None, None, Some("Bearer access-2")),
            expect("/machine", None, None, None, Some("Bearer access-2")),
            expect("/machine/write", None, None, None, Some("Bearer access-3")),
        ]
    );
    // The secret went to the token endpoint only.
    for request in &requests {
        let text = format!(
            "{:?} {}",
            request.headers,
            String::from_utf8_lossy(&request.body)
        );
        assert!(!text.contains("client-secret"), "{text}");
    }
}

/// An application's token provider: an authorization-code login it ran
/// before, its refresh on `renew`. Records what it was asked.
#[derive(Clone, Default)]
struct Login(Arc<Mutex<Vec<(String, Vec<String>, bool)>>>);

impl TokenProvider for Login {
    fn token<'a>(&'a self, request: TokenRequest<'a>) -> TokenFuture<'a> {
        Box::pin(async move {
            let mut asked = self.0.lock().unwrap();
            asked.push((
                request.scheme.to_owned(),
                request.scopes.iter().map(|s| (*s).to_owned()).collect(),
                request.renew,
            ));
            Ok(AccessToken::new(format!("user-token-{}", asked.len())))
        })
    }
}

#[tokio::test]
async fn an_authorization_code_token_comes_from_the_provider_and_is_renewed_after_a_401() {
    let server = api().await;
    Mock::given(method("GET"))
        .and(path("/user"))
        .and(header("authorization", "Bearer user-token-1"))
        .respond_with(ResponseTemplate::new(401))
        .with_priority(1)
        .mount(&server)
        .await;
    let login = Login::default();
    let api = client(config(&server).user_auth_token_provider(login.clone()));
    api.user().await.unwrap();
    api.user().await.unwrap();
    assert_eq!(
        *login.0.lock().unwrap(),
        [
            ("userAuth".to_owned(), vec!["profile".to_owned()], false),
            ("userAuth".to_owned(), vec!["profile".to_owned()], true),
        ]
    );
    assert_eq!(
        api_requests(&server).await,
        [
            expect("/user", None, None, None, Some("Bearer user-token-1")),
            expect("/user", None, None, None, Some("Bearer user-token-2")),
            expect("/user", None, None, None, Some("Bearer user-token-2")),
        ]
    );
}

#[tokio::test]
async fn configured_variables_are_read_and_nothing_else_is() {
    let server = api().await;
    let lookup = |name: &str| match name {
        "SECURED_USER" => Some("env-user".to_owned()),
        "SECURED_PASSWORD" => Some("env-pass".to_owned()),
        // Not named by the configuration: never read.
        "BEARER_AUTH" | "SECURED_BEARER" => Some("leaked".to_owned()),
        _ => None,
    };
    let config = Configuration::from_env_with(lookup)
        .unwrap()
        .base_url(&server.uri())
        .unwrap();
    let api = client(config.clone());
    api.basic().await.unwrap();
    assert!(matches!(
        api.bearer().await.unwrap_err(),
        Error::MissingCredential {
            scheme: "bearerAuth",
            ..
        }
    ));
    assert_eq!(
        api_requests(&server).await,
        // base64("env-user:env-pass")
        [expect(
            "/basic",
            None,
            None,
            None,
            Some("Basic ZW52LXVzZXI6ZW52LXBhc3M=")
        )]
    );
    let debug = format!("{config:?}");
    assert!(
        !debug.contains("env-pass") && !debug.contains("env-user"),
        "{debug}"
    );
}

#[test]
fn getters_read_back_what_was_set_and_debug_shows_none_of_it() {
    let config = Configuration::new()
        .bearer_auth(BEARER)
        .machine_auth("static-token")
        .query_key(QUERY_KEY);
    assert_eq!(config.get_bearer_auth().map(|s| s.expose()), Some(BEARER));
    assert_eq!(
        config.get_machine_auth().map(|s| s.expose()),
        Some("static-token")
    );
    assert_eq!(config.get_header_key(), None);
    let debug = format!("{config:?}");
    for secret in [BEARER, "static-token", QUERY_KEY] {
        assert!(!debug.contains(secret), "{debug}");
    }
}

/// Runs the generated command line.
fn cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_secured-client-cli"))
        .args(args)
        .env_remove("SECURED_USER")
        .env_remove("SECURED_PASSWORD")
        .output()
        .unwrap()
}

#[tokio::test]
async fn the_command_line_sends_auth_for_basic_bearer_and_oauth2_as_given() {
    let server = api().await;
    let uri = server.uri();
    let run = |args: Vec<String>| async move {
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            cli(&args)
        })
        .await
        .unwrap()
    };
    let basic = run([
        "--base-url",
        &uri,
        "--auth",
        "basicAuth=ann:pw",
        "security",
        "basic",
    ]
    .map(str::to_owned)
    .to_vec())
    .await;
    assert_eq!(basic.status.code(), Some(0), "{basic:?}");
    let out: serde_json::Value = serde_json::from_slice(&basic.stdout).unwrap();
    assert_eq!(out, serde_json::json!({"ok": true}));
    let bearer = run([
        "security",
        "bearer",
        "--base-url",
        &uri,
        "--auth",
        "bearerAuth=tok-7",
    ]
    .map(str::to_owned)
    .to_vec())
    .await;
    assert_eq!(bearer.status.code(), Some(0), "{bearer:?}");
    // An OAuth2 scheme takes an access token, though it has a
    // client-credentials flow: no token is fetched.
    let oauth = run([
        "--auth",
        "machineAuth=tok-8",
        "--base-url",
        &uri,
        "security",
        "machine-read",
    ]
    .map(str::to_owned)
    .to_vec())
    .await;
    assert_eq!(oauth.status.code(), Some(0), "{oauth:?}");
    // Both halves of an AND requirement.
    let both = run([
        "--base-url",
        &uri,
        "--auth",
        "headerKey=k-9",
        "--auth",
        "basicAuth=bob:secret",
        "security",
        "both",
    ]
    .map(str::to_owned)
    .to_vec())
    .await;
    assert_eq!(both.status.code(), Some(0), "{both:?}");
    // A missing one: exit 1, one line naming the scheme, nothing sent.
    let missing = run(["--base-url", &uri, "security", "bearer"]
        .map(str::to_owned)
        .to_vec())
    .await;
    assert_eq!(missing.status.code(), Some(1), "{missing:?}");
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(stderr.contains("`bearerAuth`"), "{stderr}");
    assert_eq!(
        api_requests(&server).await,
        [
            expect("/basic", None, None, None, Some("Basic YW5uOnB3")),
            expect("/bearer", None, None, None, Some("Bearer tok-7")),
            expect("/machine", None, None, None, Some("Bearer tok-8")),
            expect(
                "/both",
                Some("k-9"),
                None,
                None,
                Some("Basic Ym9iOnNlY3JldA==")
            ),
        ]
    );
    for output in [&basic, &bearer, &oauth, &both, &missing] {
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        for secret in ["ann:pw", "tok-7", "tok-8", "bob:secret"] {
            assert!(!text.contains(secret), "{text}");
        }
    }
}

#[test]
fn the_command_lines_help_lists_every_scheme_and_how_it_is_given() {
    let help = cli(&["--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    for expected in [
        "basicAuth=USER:PASSWORD",
        "SECURED_USER (user) and SECURED_PASSWORD (password)",
        "bearerAuth=TOKEN",
        "queryKey=KEY, sent in the api_key query parameter",
        "cookieKey=KEY, sent in the session cookie",
        "machineAuth=TOKEN, an access token",
        "openId=TOKEN",
        "customAuth=VALUE, sent as Authorization: Token VALUE",
    ] {
        assert!(text.contains(expected), "{expected} not in:\n{text}");
    }
    let help = cli(&["security", "choice", "--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("machineAuth (--auth machineAuth=TOKEN), or queryKey (--auth queryKey=KEY)"),
        "{text}"
    );
}

/// The README's examples ("Authentication"), which
/// `tests/tests/auth_wire.rs` finds there unindented.
mod readme_bearer {
    // README example start
    use secured_client::security::SecuredApi;
    use secured_client::{Configuration, Error};

    /// Calls an operation of a bearer API with the caller's token.
    pub async fn call(base_url: &str, token: &str) -> Result<bool, Box<dyn std::error::Error>> {
        let config = Configuration::new()
            .base_url(base_url)? // without it, the spec's server
            .bearer_auth(token); // Authorization: Bearer <token>
        let api = SecuredApi::new(config)?;
        match api.bearer().await {
            Ok(seen) => Ok(seen.ok),
            // Nothing was sent: the error names the scheme and its setter.
            Err(Error::MissingCredential { scheme, setter, .. }) => {
                Err(format!("{scheme} is not configured: call Configuration::{setter}").into())
            }
            Err(error) => Err(error.into()),
        }
    }
    // README example end
}

mod readme_oauth2 {
    // README example start
    use secured_client::security::SecuredApi;
    use secured_client::{ClientCredentials, Configuration};

    /// Calls an operation of an OAuth2 API as a machine client.
    pub async fn call(
        base_url: &str,
        id: &str,
        secret: &str,
    ) -> Result<bool, Box<dyn std::error::Error>> {
        // Tokens are fetched from the scheme's tokenUrl with the scopes each
        // operation needs, cached, and renewed before they expire and once
        // after a 401. The secret goes to the token URL only.
        let credentials = ClientCredentials::new(id, secret);
        let config = Configuration::new()
            .base_url(base_url)?
            .machine_auth_client_credentials(credentials);
        let api = SecuredApi::new(config)?;
        Ok(api.machine_read().await?.ok)
    }
    // README example end
}

#[tokio::test]
async fn the_readme_examples_work() {
    let server = api().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(Tokens(AtomicUsize::new(0)))
        .mount(&server)
        .await;
    assert!(readme_bearer::call(&server.uri(), "t-1").await.unwrap());
    let error = readme_bearer::call(&server.uri(), "").await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "bearerAuth is not configured: call Configuration::bearer_auth"
    );
    assert!(readme_oauth2::call(&server.uri(), "id", "secret")
        .await
        .unwrap());
    assert_eq!(
        api_requests(&server).await,
        [
            expect("/bearer", None, None, None, Some("Bearer t-1")),
            expect("/machine", None, None, None, Some("Bearer access-1")),
        ]
    );
}
