//! Credentials on the wire, against local servers only: every kind of
//! security scheme, requirement shapes, missing credentials, and OAuth2
//! tokens (fetch with scopes, caching, renewal before expiry and after a
//! 401, token endpoint errors).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex as StdMutex;

use futures::future::join_all;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use super::*;
use crate::client::{Client, RawResponse};
use crate::operation::{ErrorStatus, Method, Profile, Server, TemplatePart};
use crate::request::Request;
use crate::retry::RetryPolicy;
use crate::token::{StaticToken, TokenFuture, TokenProvider};

const KEY: &str = "k3y-VALUE-0123456789SECRET";
const TOKEN: &str = "tok-0123456789SECRET";
const CLIENT_ID: &str = "client id";
const CLIENT_SECRET: &str = "s&cret-CLIENTSECRET";

fn span(op: &Operation, attempt: u32) -> tracing::Span {
    tracing::info_span!(
        "test.request",
        operation = op.id,
        attempt,
        status = tracing::field::Empty
    )
}

const fn scheme(
    scheme: &'static str,
    kind: CredentialKind,
    label: &'static str,
    env: &'static [&'static str],
) -> CredentialSpec {
    CredentialSpec {
        scheme,
        kind,
        label,
        setter: None,
        env,
    }
}

static PROFILE: Profile = Profile {
    name: "Auth Test API",
    sites: &[],
    default_site: 0,
    site_variable: None,
    site_env: None,
    credentials: &[
        scheme(
            "headerKey",
            CredentialKind::ApiKey {
                location: KeyLocation::Header,
                name: "X-Key",
            },
            "header key",
            &["T_HEADER_KEY"],
        ),
        scheme(
            "queryKey",
            CredentialKind::ApiKey {
                location: KeyLocation::Query,
                name: "api_key",
            },
            "query key",
            &[],
        ),
        scheme(
            "cookieKey",
            CredentialKind::ApiKey {
                location: KeyLocation::Cookie,
                name: "session",
            },
            "session cookie",
            &[],
        ),
        scheme(
            "basicAuth",
            CredentialKind::Basic,
            "user and password",
            &["T_USER", "T_PASSWORD"],
        ),
        scheme("bearerAuth", CredentialKind::Bearer, "bearer token", &[]),
        scheme(
            "tokenAuth",
            CredentialKind::Http { scheme: "Token" },
            "token",
            &[],
        ),
        scheme(
            "oauth",
            CredentialKind::OAuth2 {
                token_url: Some("/oauth/token"),
            },
            "OAuth2 client",
            &["T_CLIENT_ID", "T_CLIENT_SECRET"],
        ),
        scheme(
            "oidc",
            CredentialKind::OpenIdConnect {
                url: "https://id.invalid/.well-known/openid-configuration",
            },
            "OpenID Connect token",
            &[],
        ),
    ],
    user_agent: "auth-test/1",
    span,
};

static SERVER: Server = Server {
    url: &[TemplatePart::Literal("https://api.invalid")],
    variables: &[],
};

const fn only(scheme: &'static str) -> Requirement {
    Requirement {
        scheme,
        scopes: &[],
    }
}

/// An operation `GET /things` with `security`.
fn op(security: &'static [&'static [Requirement]]) -> &'static Operation {
    Box::leak(Box::new(Operation {
        id: "GetThings",
        method: Method::Get,
        path: &[TemplatePart::Literal("/things")],
        servers: std::slice::from_ref(&SERVER),
        profile: &PROFILE,
        security,
        unavailable_sites: &[],
        accept: "application/json",
        unstable: false,
        error_statuses: &[ErrorStatus::Default],
    }))
}

/// The security of an operation that needs `requirement` alone.
fn alone(requirement: Requirement) -> &'static [&'static [Requirement]] {
    let set: &'static [Requirement] = Box::leak(Box::new([requirement]));
    Box::leak(Box::new([set]))
}

/// The security of an operation that needs `scheme` alone, without scopes.
fn one(scheme: &'static str) -> &'static [&'static [Requirement]] {
    alone(only(scheme))
}

/// An operation that needs `oauth` with `scopes`.
fn oauth_op(scopes: &'static [&'static str]) -> &'static Operation {
    op(alone(Requirement {
        scheme: "oauth",
        scopes,
    }))
}

fn settings(server: &MockServer) -> Settings {
    Settings::new(&PROFILE)
        .base_url(&server.uri())
        .unwrap()
        .retry(RetryPolicy::none())
}

async fn call(client: &Client, op: &'static Operation) -> Result<RawResponse, Error<Infallible>> {
    call_with(client, op, &[]).await
}

async fn call_with(
    client: &Client,
    op: &'static Operation,
    headers: &[(&'static str, Option<String>)],
) -> Result<RawResponse, Error<Infallible>> {
    client
        .send(Request::new(op, &[], String::new(), headers, None))
        .await
}

/// A server that answers 200 to `GET /things`.
async fn api() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.unwrap_or_default()
}

/// The requests to `path` that `server` received.
async fn requests_to(server: &MockServer, to: &str) -> Vec<wiremock::Request> {
    requests(server)
        .await
        .into_iter()
        .filter(|r| r.url.path() == to)
        .collect()
}

fn header_of<'r>(request: &'r wiremock::Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Everything a request carried, as text: method, URL, headers and body.
fn wire_text(request: &wiremock::Request) -> String {
    let mut text = format!("{} {}\n", request.method, request.url);
    for (name, value) in &request.headers {
        text.push_str(&format!(
            "{name}: {}\n",
            String::from_utf8_lossy(value.as_bytes())
        ));
    }
    text.push_str(&String::from_utf8_lossy(&request.body));
    text
}

/// Answers token requests with `tokens` in turn (the last one again once
/// they run out), each valid `expires_in` seconds, counting them.
struct Tokens {
    tokens: &'static [&'static str],
    expires_in: Option<u64>,
    served: AtomicUsize,
    delay: Duration,
}

impl Tokens {
    fn new(tokens: &'static [&'static str], expires_in: Option<u64>) -> Self {
        Tokens {
            tokens,
            expires_in,
            served: AtomicUsize::new(0),
            delay: Duration::ZERO,
        }
    }
}

impl Respond for Tokens {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let n = self.served.fetch_add(1, Ordering::SeqCst);
        let token = self.tokens[n.min(self.tokens.len() - 1)];
        let mut body = serde_json::json!({ "access_token": token, "token_type": "Bearer" });
        if let Some(seconds) = self.expires_in {
            body["expires_in"] = seconds.into();
        }
        ResponseTemplate::new(200)
            .set_body_json(body)
            .set_delay(self.delay)
    }
}

async fn token_endpoint(server: &MockServer, tokens: Tokens) {
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(tokens)
        .mount(server)
        .await;
}

fn with_client_credentials(settings: Settings) -> Settings {
    settings.client_credentials("oauth", ClientCredentials::new(CLIENT_ID, CLIENT_SECRET))
}

// --- Each scheme on the wire ------------------------------------------------

/// What a test expects of a request.
type Check<'a> = &'a dyn Fn(&wiremock::Request);

#[tokio::test]
async fn each_scheme_sends_exactly_its_credential() {
    let server = api().await;
    let cases: [(&str, Settings, Check<'_>); 8] = [
        (
            "headerKey",
            settings(&server).credential("headerKey", KEY),
            &|r| {
                assert_eq!(header_of(r, "x-key"), Some(KEY));
            },
        ),
        (
            "queryKey",
            settings(&server).credential("queryKey", "a b&c=d"),
            &|r| {
                assert_eq!(r.url.query(), Some("api_key=a+b%26c%3Dd"));
            },
        ),
        (
            "cookieKey",
            settings(&server).credential("cookieKey", KEY),
            &|r| {
                assert_eq!(header_of(r, "cookie"), Some(&*format!("session={KEY}")));
            },
        ),
        // RFC 7617's example.
        (
            "basicAuth",
            settings(&server).basic_auth("basicAuth", "Aladdin", "open sesame"),
            &|r| {
                assert_eq!(
                    header_of(r, "authorization"),
                    Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
                );
            },
        ),
        (
            "bearerAuth",
            settings(&server).credential("bearerAuth", TOKEN),
            &|r| {
                assert_eq!(
                    header_of(r, "authorization"),
                    Some(&*format!("Bearer {TOKEN}"))
                );
            },
        ),
        (
            "tokenAuth",
            settings(&server).credential("tokenAuth", TOKEN),
            &|r| {
                assert_eq!(
                    header_of(r, "authorization"),
                    Some(&*format!("Token {TOKEN}"))
                );
            },
        ),
        (
            "oauth",
            settings(&server).credential("oauth", TOKEN),
            &|r| {
                assert_eq!(
                    header_of(r, "authorization"),
                    Some(&*format!("Bearer {TOKEN}"))
                );
            },
        ),
        (
            "oidc",
            settings(&server).token_provider("oidc", StaticToken::new(TOKEN)),
            &|r| {
                assert_eq!(
                    header_of(r, "authorization"),
                    Some(&*format!("Bearer {TOKEN}"))
                );
            },
        ),
    ];
    for (index, (scheme, settings, check)) in cases.into_iter().enumerate() {
        let response = call(&Client::new(settings).unwrap(), op(one(scheme)))
            .await
            .unwrap();
        assert_eq!(response.status, 200, "{scheme}");
        let sent = &requests(&server).await[index];
        check(sent);
        // Nothing else: no other credential header, no query, no cookie.
        let others = ["x-key", "authorization", "cookie"]
            .iter()
            .filter(|name| sent.headers.contains_key(**name))
            .count();
        assert_eq!(
            others + usize::from(sent.url.query().is_some()),
            1,
            "{scheme}"
        );
    }
}

#[tokio::test]
async fn basic_credentials_are_also_user_colon_password() {
    let server = api().await;
    let settings = settings(&server).credential("basicAuth", "Aladdin:open sesame");
    call(&Client::new(settings).unwrap(), op(one("basicAuth")))
        .await
        .unwrap();
    let sent = &requests(&server).await[0];
    assert_eq!(
        header_of(sent, "authorization"),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );
}

#[tokio::test]
async fn a_cookie_key_follows_the_cookie_parameters() {
    let server = api().await;
    let settings = settings(&server).credential("cookieKey", KEY);
    let client = Client::new(settings).unwrap();
    call_with(
        &client,
        op(one("cookieKey")),
        &[("Cookie", Some("theme=dark".to_owned()))],
    )
    .await
    .unwrap();
    let sent = &requests(&server).await[0];
    assert_eq!(
        header_of(sent, "cookie"),
        Some(&*format!("theme=dark; session={KEY}"))
    );
}

#[tokio::test]
async fn a_parameter_where_the_credential_goes_gives_way_to_it() {
    // Trello's spec declares `key` and `token` as query parameters beside
    // its `apiKey` schemes of those names; others declare `Authorization`.
    let server = api().await;
    let settings = settings(&server)
        .credential("queryKey", KEY)
        .credential("bearerAuth", TOKEN)
        .credential("headerKey", KEY);
    let client = Client::new(settings).unwrap();
    let both: &'static [Requirement] = Box::leak(Box::new([
        only("queryKey"),
        only("bearerAuth"),
        only("headerKey"),
    ]));
    let op = op(Box::leak(Box::new([both])));
    client
        .send(Request::new(
            op,
            &[],
            "api_key=from-param&page=2".to_owned(),
            &[
                ("Authorization", Some("Bearer from-param".to_owned())),
                ("X-Key", Some("from-param".to_owned())),
            ],
            None,
        ))
        .await
        .unwrap();
    let sent = &requests(&server).await[0];
    let query: Vec<(String, String)> = sent.url.query_pairs().into_owned().collect();
    assert_eq!(
        query,
        [
            ("page".to_owned(), "2".to_owned()),
            ("api_key".to_owned(), KEY.to_owned())
        ]
    );
    let all = |name: &str| -> Vec<&str> {
        sent.headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect()
    };
    assert_eq!(all("authorization"), [format!("Bearer {TOKEN}")]);
    assert_eq!(all("x-key"), [KEY]);
}

#[tokio::test]
async fn a_key_that_cannot_be_sent_is_refused_without_quoting_it() {
    let server = api().await;
    for (scheme, value) in [
        ("headerKey", "SECRET\nline"),
        ("cookieKey", "SECRET;admin=1"),
    ] {
        let client = Client::new(settings(&server).credential(scheme, value)).unwrap();
        let error = call(&client, op(one(scheme))).await.unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        assert!(!error.to_string().contains("SECRET"), "{error}");
        assert!(!format!("{error:?}").contains("SECRET"), "{error:?}");
    }
    assert!(requests(&server).await.is_empty());
}

// --- Requirements: OR, AND, none --------------------------------------------

#[tokio::test]
async fn the_first_fully_configured_alternative_is_sent_whole() {
    static EITHER: &[&[Requirement]] =
        &[&[only("headerKey"), only("queryKey")], &[only("basicAuth")]];
    let server = api().await;
    // Both of the first alternative: both sent, nothing of the second.
    let both = settings(&server)
        .credential("headerKey", KEY)
        .credential("queryKey", "q")
        .basic_auth("basicAuth", "u", "p");
    call(&Client::new(both).unwrap(), op(EITHER)).await.unwrap();
    // Half of the first: the second is sent, and only it.
    let half = settings(&server)
        .credential("headerKey", KEY)
        .basic_auth("basicAuth", "u", "p");
    call(&Client::new(half).unwrap(), op(EITHER)).await.unwrap();
    let sent = requests(&server).await;
    assert_eq!(header_of(&sent[0], "x-key"), Some(KEY));
    assert_eq!(sent[0].url.query(), Some("api_key=q"));
    assert!(sent[0].headers.get("authorization").is_none());
    assert!(sent[1].headers.get("x-key").is_none());
    assert_eq!(sent[1].url.query(), None);
    assert_eq!(header_of(&sent[1], "authorization"), Some("Basic dTpw"));
}

#[tokio::test]
async fn no_requirement_sends_nothing_and_an_empty_one_makes_them_optional() {
    static NONE: &[&[Requirement]] = &[];
    static OPTIONAL: &[&[Requirement]] = &[&[only("bearerAuth")], &[]];
    // `security: [{}, {bearerAuth: []}]`: optional wherever `{}` is listed;
    // a configured credential is still sent.
    static OPTIONAL_FIRST: &[&[Requirement]] = &[&[], &[only("bearerAuth")]];
    let server = api().await;
    let everything = settings(&server)
        .credential("headerKey", KEY)
        .credential("bearerAuth", TOKEN);
    call(&Client::new(everything.clone()).unwrap(), op(NONE))
        .await
        .unwrap();
    call(&Client::new(everything).unwrap(), op(OPTIONAL))
        .await
        .unwrap();
    call(&Client::new(settings(&server)).unwrap(), op(OPTIONAL))
        .await
        .unwrap();
    let bearer = settings(&server).credential("bearerAuth", TOKEN);
    call(&Client::new(bearer).unwrap(), op(OPTIONAL_FIRST))
        .await
        .unwrap();
    call(&Client::new(settings(&server)).unwrap(), op(OPTIONAL_FIRST))
        .await
        .unwrap();
    let sent = requests(&server).await;
    assert!(sent[0].headers.get("x-key").is_none());
    assert!(sent[0].headers.get("authorization").is_none());
    assert_eq!(
        header_of(&sent[1], "authorization"),
        Some(&*format!("Bearer {TOKEN}"))
    );
    assert!(sent[2].headers.get("authorization").is_none());
    assert_eq!(
        header_of(&sent[3], "authorization"),
        Some(&*format!("Bearer {TOKEN}"))
    );
    assert!(sent[4].headers.get("authorization").is_none());
}

#[tokio::test]
async fn a_missing_credential_names_the_scheme_and_how_to_set_it() {
    static EITHER: &[&[Requirement]] = &[&[only("headerKey"), only("basicAuth")], &[only("oauth")]];
    let server = api().await;
    let client = Client::new(settings(&server).credential("headerKey", KEY)).unwrap();
    let error = call(&client, op(EITHER)).await.unwrap_err();
    match &error {
        Error::MissingCredential {
            operation,
            scheme,
            credential,
            setter,
            variable,
            alternatives,
        } => {
            assert_eq!(*operation, "GetThings");
            assert_eq!(*scheme, "basicAuth");
            assert_eq!(*credential, "user and password");
            assert_eq!(*setter, "Settings::basic_auth");
            assert_eq!(*variable, Some("T_USER"));
            assert_eq!(alternatives, &["oauth"]);
        }
        other => panic!("expected MissingCredential, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "operation GetThings needs the user and password (security scheme `basicAuth`), \
         which is not configured: set it with `Settings::basic_auth` or the T_USER \
         environment variable; the operation also accepts instead the security scheme `oauth`"
    );
    assert!(!format!("{error:?}").contains(KEY));
    assert!(requests(&server).await.is_empty(), "nothing is sent");
}

#[test]
fn credentials_come_from_the_variables_the_profile_names() {
    let vars = [
        ("T_HEADER_KEY", KEY),
        ("T_USER", "Aladdin"),
        ("T_PASSWORD", "open sesame"),
        ("T_CLIENT_ID", CLIENT_ID),
        ("T_CLIENT_SECRET", CLIENT_SECRET),
    ];
    let settings = Settings::from_env_with(&PROFILE, |name| {
        vars.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_string())
    })
    .unwrap();
    assert_eq!(settings.get_credential("headerKey").unwrap().expose(), KEY);
    assert!(matches!(
        settings.stored("basicAuth"),
        Some(Credential::Basic { user, password })
            if user.expose() == "Aladdin" && password.expose() == "open sesame"
    ));
    assert!(matches!(
        settings.stored("oauth"),
        Some(Credential::ClientCredentials(c))
            if c.id.expose() == CLIENT_ID && c.secret.expose() == CLIENT_SECRET
    ));
    assert!(!settings.has_credential("bearerAuth"));
    // A client id without its secret is not a credential.
    let half = Settings::from_env_with(&PROFILE, |name| {
        (name == "T_CLIENT_ID").then(|| CLIENT_ID.to_owned())
    })
    .unwrap();
    assert!(!half.has_credential("oauth"));
}

#[test]
fn credentials_of_the_wrong_kind_are_not_stored() {
    let settings = Settings::new(&PROFILE)
        .basic_auth("headerKey", "u", "p")
        .client_credentials("bearerAuth", ClientCredentials::new("i", "s"))
        .token_provider("queryKey", StaticToken::new(TOKEN));
    for scheme in ["headerKey", "bearerAuth", "queryKey"] {
        assert!(!settings.has_credential(scheme), "{scheme}");
    }
    assert!(Settings::new(&PROFILE)
        .token_provider("bearerAuth", StaticToken::new(TOKEN))
        .has_credential("bearerAuth"));
}

// --- OAuth2 client credentials ------------------------------------------------

#[tokio::test]
async fn a_token_is_fetched_with_the_scopes_and_sent() {
    let server = api().await;
    // Form-encoded, then base64 (RFC 6749, section 2.3.1).
    let basic = format!("Basic {}", BASE64.encode("client+id:s%26cret-CLIENTSECRET"));
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("authorization", basic.as_str()))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "grant_type=client_credentials&scope=read%3Apets+write%3Apets",
        ))
        .respond_with(Tokens::new(&["TOKEN1"], Some(3600)))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(with_client_credentials(settings(&server))).unwrap();
    // Listed out of order and twice: one scope set.
    let op = oauth_op(&["write:pets", "read:pets", "write:pets"]);
    let response = call(&client, op).await.unwrap();
    assert_eq!(response.status, 200);
    let sent = requests_to(&server, "/things").await;
    assert_eq!(header_of(&sent[0], "authorization"), Some("Bearer TOKEN1"));
}

#[tokio::test]
async fn the_client_can_authenticate_in_the_body() {
    let server = api().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string(
            "grant_type=client_credentials&client_id=client+id&client_secret=s%26cret-CLIENTSECRET",
        ))
        .respond_with(Tokens::new(&["TOKEN1"], None))
        .expect(1)
        .mount(&server)
        .await;
    let credentials = ClientCredentials::new(CLIENT_ID, CLIENT_SECRET)
        .authentication(ClientAuthentication::RequestBody);
    let settings = settings(&server).client_credentials("oauth", credentials);
    call(&Client::new(settings).unwrap(), oauth_op(&[]))
        .await
        .unwrap();
    let token_request = &requests_to(&server, "/oauth/token").await[0];
    assert!(token_request.headers.get("authorization").is_none());
}

#[tokio::test]
async fn many_calls_share_one_fetch_per_scope_set() {
    let server = api().await;
    let mut tokens = Tokens::new(&["TOKEN1", "TOKEN2"], Some(3600));
    tokens.delay = Duration::from_millis(200);
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(tokens)
        .expect(2)
        .mount(&server)
        .await;
    let client = Client::new(with_client_credentials(settings(&server))).unwrap();
    let read = oauth_op(&["read"]);
    // Ten at once while the token is being fetched, then ten more.
    let calls = (0..10).map(|_| call(&client, read));
    assert!(join_all(calls).await.iter().all(Result::is_ok));
    for _ in 0..10 {
        call(&client, read).await.unwrap();
    }
    // Another scope set is another token.
    call(&client, oauth_op(&["read", "write"])).await.unwrap();
    let sent = requests_to(&server, "/things").await;
    assert_eq!(sent.len(), 21);
    let bearer = |r: &wiremock::Request| header_of(r, "authorization").map(str::to_owned);
    assert!(sent[..20]
        .iter()
        .all(|r| bearer(r).as_deref() == Some("Bearer TOKEN1")));
    assert_eq!(bearer(&sent[20]).as_deref(), Some("Bearer TOKEN2"));
}

#[tokio::test]
async fn a_token_is_renewed_before_it_expires() {
    let server = api().await;
    // Valid one second: renewed after half of it.
    token_endpoint(&server, Tokens::new(&["TOKEN1", "TOKEN2"], Some(1))).await;
    let client = Client::new(with_client_credentials(settings(&server))).unwrap();
    let op = oauth_op(&[]);
    call(&client, op).await.unwrap();
    call(&client, op).await.unwrap();
    tokio::time::sleep(Duration::from_millis(600)).await;
    call(&client, op).await.unwrap();
    let bearers: Vec<String> = requests_to(&server, "/things")
        .await
        .iter()
        .filter_map(|r| header_of(r, "authorization").map(str::to_owned))
        .collect();
    assert_eq!(bearers, ["Bearer TOKEN1", "Bearer TOKEN1", "Bearer TOKEN2"]);
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 2);
}

#[tokio::test]
async fn a_401_renews_the_token_once_and_retries_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .and(header("authorization", "Bearer TOKEN2"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    token_endpoint(&server, Tokens::new(&["TOKEN1", "TOKEN2", "TOKEN3"], None)).await;
    let client = Client::new(with_client_credentials(settings(&server))).unwrap();
    let response = call(&client, oauth_op(&[])).await.unwrap();
    assert_eq!(response.status, 200);
    let bearers: Vec<String> = requests_to(&server, "/things")
        .await
        .iter()
        .filter_map(|r| header_of(r, "authorization").map(str::to_owned))
        .collect();
    assert_eq!(bearers, ["Bearer TOKEN1", "Bearer TOKEN2"]);
    // The renewed token is kept for the next call.
    call(&client, oauth_op(&[])).await.unwrap();
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 2);
}

#[tokio::test]
async fn a_token_refused_again_ends_the_call_with_the_401() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    token_endpoint(&server, Tokens::new(&["TOKEN1", "TOKEN2", "TOKEN3"], None)).await;
    let client = Client::new(with_client_credentials(settings(&server))).unwrap();
    let response = call(&client, oauth_op(&[])).await.unwrap();
    assert_eq!(response.status, 401);
    assert_eq!(requests_to(&server, "/things").await.len(), 2);
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 2);
}

#[tokio::test]
async fn a_401_without_a_token_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    static KEYED: &[&[Requirement]] = &[&[only("headerKey")]];
    let client = Client::new(settings(&server).credential("headerKey", KEY)).unwrap();
    assert_eq!(call(&client, op(KEYED)).await.unwrap().status, 401);
    assert_eq!(requests(&server).await.len(), 1);
}

/// Counts its calls and records whether each was a renewal.
struct Recording {
    renewals: StdMutex<Vec<(Vec<&'static str>, bool)>>,
}

impl TokenProvider for Recording {
    fn token<'a>(&'a self, request: TokenRequest<'a>) -> TokenFuture<'a> {
        let mut renewals = self.renewals.lock().unwrap();
        renewals.push((request.scopes.to_vec(), request.renew));
        let token = AccessToken::new(format!("PROVIDED{}", renewals.len()));
        Box::pin(async move { Ok(token) })
    }
}

#[tokio::test]
async fn a_token_provider_is_asked_again_after_a_401_as_a_renewal() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer PROVIDED2"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let provider = Arc::new(Recording {
        renewals: StdMutex::new(Vec::new()),
    });
    struct Shared(Arc<Recording>);
    impl TokenProvider for Shared {
        fn token<'a>(&'a self, request: TokenRequest<'a>) -> TokenFuture<'a> {
            self.0.token(request)
        }
    }
    let settings = settings(&server).token_provider("oauth", Shared(provider.clone()));
    let client = Client::new(settings).unwrap();
    let response = call(&client, oauth_op(&["b", "a"])).await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(
        *provider.renewals.lock().unwrap(),
        [(vec!["a", "b"], false), (vec!["a", "b"], true)]
    );
}

// --- Token endpoint errors and secrets ---------------------------------------

#[tokio::test]
async fn a_token_endpoint_error_is_a_typed_error() {
    let server = api().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({
            "error": "invalid_client",
            "error_description": "client authentication failed",
        })))
        .mount(&server)
        .await;
    let client = Client::new(with_client_credentials(settings(&server))).unwrap();
    let error = call(&client, oauth_op(&["read"])).await.unwrap_err();
    match &error {
        Error::Token {
            operation: "GetThings",
            scheme: "oauth",
            source:
                TokenError::Refused {
                    status: 401,
                    error: Some(code),
                    description: Some(description),
                },
        } => {
            assert_eq!(code, "invalid_client");
            assert_eq!(description, "client authentication failed");
        }
        other => panic!("expected a refused token, got {other:?}"),
    }
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains("CLIENTSECRET"), "{text}");
    }
    assert!(requests_to(&server, "/things").await.is_empty());
}

#[tokio::test]
async fn a_success_without_a_token_is_an_invalid_response() {
    let server = api().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({ "token_type": "Bearer" })),
        )
        .mount(&server)
        .await;
    let client = Client::new(with_client_credentials(settings(&server))).unwrap();
    let error = call(&client, oauth_op(&[])).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Token {
                source: TokenError::InvalidResponse { status: 200, .. },
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn the_client_secret_goes_to_the_token_url_only() {
    let api = api().await;
    let auth = MockServer::start().await;
    token_endpoint(&auth, Tokens::new(&[TOKEN], Some(3600))).await;
    let credentials = ClientCredentials::new(CLIENT_ID, CLIENT_SECRET)
        .token_url(&format!("{}/oauth/token", auth.uri()))
        .unwrap();
    let settings = settings(&api).client_credentials("oauth", credentials);
    call(&Client::new(settings).unwrap(), oauth_op(&[]))
        .await
        .unwrap();
    let to_api = requests(&api).await;
    assert_eq!(to_api.len(), 1);
    let text = wire_text(&to_api[0]);
    assert!(
        !text.contains("CLIENTSECRET") && !text.contains("client+id"),
        "{text}"
    );
    assert_eq!(
        header_of(&to_api[0], "authorization"),
        Some(&*format!("Bearer {TOKEN}"))
    );
    let to_auth = requests(&auth).await;
    assert_eq!(to_auth.len(), 1);
    assert!(!wire_text(&to_auth[0]).contains(TOKEN));
}

#[test]
fn no_secret_shows_in_debug_output() {
    let settings = Settings::new(&PROFILE)
        .credential("headerKey", KEY)
        .basic_auth("basicAuth", "USERSECRET", "PASSWORDSECRET")
        .credential("bearerAuth", TOKEN)
        .client_credentials("oauth", ClientCredentials::new("IDSECRET", CLIENT_SECRET))
        .token_provider("oidc", StaticToken::new(TOKEN));
    let client = Client::new(settings.clone()).unwrap();
    let credentials = ClientCredentials::new("IDSECRET", CLIENT_SECRET);
    for text in [
        format!("{settings:?}"),
        format!("{settings:#?}"),
        format!("{client:?}"),
        format!("{credentials:?}"),
        format!("{:?}", AccessToken::new(TOKEN)),
    ] {
        assert!(!text.contains("SECRET"), "{text}");
    }
    let text = format!("{settings:?}");
    assert!(
        text.contains("basic ***:***") && text.contains("client credentials ***"),
        "{text}"
    );
}

#[test]
fn token_urls_are_checked() {
    for bad in [
        "not a url",
        "ftp://auth.example/token",
        "https://user:SECRET@auth.example/token",
        "https://auth.example/token?SECRET=1",
    ] {
        let error = ClientCredentials::new("i", "s").token_url(bad).unwrap_err();
        assert!(
            matches!(error, crate::error::ConfigError::InvalidTokenUrl { .. }),
            "{bad}"
        );
        assert!(!error.to_string().contains("SECRET"), "{error}");
    }
}

#[test]
fn token_responses_are_read_leniently_and_never_quoted() {
    let token = parse_token_response(200, br#"{"access_token":"T","expires_in":"90"}"#).unwrap();
    assert_eq!(token.lifetime(), Some(Duration::from_secs(90)));
    let error =
        parse_token_response(200, br#"{"access_token":"TSECRET","expires_in":-1}"#).unwrap_err();
    assert!(matches!(error, TokenError::InvalidResponse { .. }));
    let error = parse_token_response(200, b"access_token=TSECRET").unwrap_err();
    assert!(!error.to_string().contains("TSECRET"), "{error}");
    let long = format!(
        r#"{{"error":"e","error_description":"{}"}}"#,
        "é".repeat(300)
    );
    match parse_token_response(400, long.as_bytes()).unwrap_err() {
        TokenError::Refused {
            description: Some(description),
            ..
        } => assert!(description.len() <= 200),
        other => panic!("{other:?}"),
    }
}

// --- Redirects ----------------------------------------------------------------------

/// A local server on 127.0.0.2, "another origin" than [`MockServer::start`]'s.
async fn other_origin() -> MockServer {
    let listener = std::net::TcpListener::bind("127.0.0.2:0").unwrap();
    MockServer::builder().listener(listener).start().await
}

#[tokio::test]
async fn another_origin_gets_no_header_query_or_cookie_credential_and_home_gets_them_again() {
    static SECURITY: &[&[Requirement]] = &[&[
        only("headerKey"),
        only("queryKey"),
        only("cookieKey"),
        only("bearerAuth"),
    ]];
    let server = MockServer::start().await;
    let elsewhere = other_origin().await;
    // The Location even repeats the query key: it must not leave either.
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(302).insert_header(
            "location",
            format!("{}/detour?api_key={KEY}&page=2", elsewhere.uri()),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(302).insert_header("location", format!("{}/home", server.uri())),
        )
        .mount(&elsewhere)
        .await;
    Mock::given(method("GET"))
        .and(path("/home"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let settings = settings(&server)
        .credential("headerKey", KEY)
        .credential("queryKey", KEY)
        .credential("cookieKey", KEY)
        .credential("bearerAuth", TOKEN);
    let client = Client::new(settings).unwrap();
    let response = call(&client, op(SECURITY)).await.unwrap();
    assert_eq!(response.status, 200);
    let detour = requests(&elsewhere).await;
    assert_eq!(detour.len(), 1);
    let text = wire_text(&detour[0]);
    assert!(!text.contains(KEY) && !text.contains(TOKEN), "{text}");
    for name in ["x-key", "authorization", "cookie"] {
        assert_eq!(header_of(&detour[0], name), None, "{name} left home");
    }
    assert_eq!(detour[0].url.query(), Some("page=2"));
    let home = requests_to(&server, "/home").await;
    assert_eq!(home.len(), 1);
    assert_eq!(header_of(&home[0], "x-key"), Some(KEY));
    assert_eq!(home[0].url.query(), Some(&*format!("api_key={KEY}")));
    assert_eq!(
        header_of(&home[0], "cookie"),
        Some(&*format!("session={KEY}"))
    );
    assert_eq!(
        header_of(&home[0], "authorization"),
        Some(&*format!("Bearer {TOKEN}"))
    );
}

#[tokio::test]
async fn a_401_after_a_redirect_home_renews_the_token_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/moved"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/moved"))
        .and(header("authorization", "Bearer TOKEN2"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/moved"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    token_endpoint(&server, Tokens::new(&["TOKEN1", "TOKEN2", "TOKEN3"], None)).await;
    let client = Client::new(with_client_credentials(settings(&server))).unwrap();
    let response = call(&client, oauth_op(&[])).await.unwrap();
    assert_eq!(response.status, 200);
    let bearers: Vec<String> = requests_to(&server, "/moved")
        .await
        .iter()
        .filter_map(|r| header_of(r, "authorization").map(str::to_owned))
        .collect();
    assert_eq!(bearers, ["Bearer TOKEN1", "Bearer TOKEN2"]);
    assert_eq!(requests_to(&server, "/oauth/token").await.len(), 2);
}
