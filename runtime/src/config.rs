//! Client settings: site, credentials, transport options.
//!
//! Layer 6: imports from `secret`, `hook`, `error`, `operation`, `token`,
//! `retry` and `redirect`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::ConfigError;
use crate::hook::Hook;
use crate::operation::{CredentialKind, CredentialSpec, Profile};
use crate::redirect::RedirectPolicy;
use crate::retry::RetryPolicy;
use crate::secret::Secret;
use crate::token::TokenProvider;

/// Default per-request timeout. API calls are usually small and fast; a
/// minute leaves room for a slow network without hanging a caller forever.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Default limit of a response body: 32 MiB. The runtime holds a whole body
/// in memory and decodes it into a tree of values first, which takes several
/// times its size, so without a limit a faulty or hostile server (or proxy)
/// sending an endless body would exhaust memory long before the timeout. A
/// JSON API response is rarely more than a few megabytes (a page of 100
/// Datadog keys is about 50 KB); an API that downloads files raises it.
pub(crate) const DEFAULT_MAX_RESPONSE_BODY: usize = 32 * 1024 * 1024;

/// A caller's adjustments to the HTTP client builder.
type Customize = dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync;

/// How an OAuth2 client proves who it is to the token endpoint (RFC 6749,
/// section 2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClientAuthentication {
    /// HTTP basic authentication with the client id and secret
    /// (`client_secret_basic`): the default, as every authorization server
    /// must support it and RFC 6749 recommends it over the body.
    #[default]
    Basic,
    /// `client_id` and `client_secret` in the form body
    /// (`client_secret_post`), for servers that want them there.
    RequestBody,
}

/// The client id and secret of the OAuth2 client-credentials flow, for
/// [`Settings::client_credentials`]. `Debug` shows neither.
#[derive(Clone)]
pub struct ClientCredentials {
    pub(crate) id: Secret,
    pub(crate) secret: Secret,
    pub(crate) authentication: ClientAuthentication,
    pub(crate) token_url: Option<url::Url>,
}

impl ClientCredentials {
    /// The client `id` and `secret`, sent to the scheme's `tokenUrl` by HTTP
    /// basic authentication.
    pub fn new(id: impl Into<String>, secret: impl Into<String>) -> Self {
        ClientCredentials {
            id: Secret::new(id),
            secret: Secret::new(secret),
            authentication: ClientAuthentication::default(),
            token_url: None,
        }
    }

    /// Sends the id and secret as `authentication` says instead.
    pub fn authentication(mut self, authentication: ClientAuthentication) -> Self {
        self.authentication = authentication;
        self
    }

    /// Fetches tokens from `url` instead of the spec's `tokenUrl` (a local
    /// authorization server, a test). The client secret goes to this URL,
    /// so it must be `http` or `https`, without credentials, query or
    /// fragment.
    pub fn token_url(mut self, url: &str) -> Result<Self, ConfigError> {
        let invalid = |reason| ConfigError::InvalidTokenUrl { reason };
        self.token_url = Some(plain_http_url(url, invalid)?);
        Ok(self)
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("id", &self.id)
            .field("secret", &self.secret)
            .field("authentication", &self.authentication)
            .field("token_url", &self.token_url.as_ref().map(url::Url::as_str))
            .finish()
    }
}

/// The configured credential of one security scheme.
#[derive(Clone)]
pub(crate) enum Credential {
    /// Sent as it is: an API key, a bearer token, the value of another
    /// `http` scheme, an `oauth2` or `openIdConnect` access token.
    Value(Secret),
    /// `http` `basic`.
    Basic {
        /// The user id.
        user: Secret,
        /// The password (possibly empty).
        password: Secret,
    },
    /// `oauth2`: the runtime fetches tokens by the client-credentials flow.
    ClientCredentials(ClientCredentials),
    /// `oauth2`, `openIdConnect` or `bearer`: tokens from the caller's
    /// provider.
    Provider(Arc<dyn TokenProvider>),
}

impl Credential {
    /// What `Debug` shows of it: its kind, never its value.
    fn redacted(&self) -> &'static str {
        match self {
            Credential::Value(_) => "***",
            Credential::Basic { .. } => "basic ***:***",
            Credential::ClientCredentials(_) => "client credentials ***",
            Credential::Provider(_) => "token provider",
        }
    }

    /// Whether a scheme of `kind` can send it.
    fn fits(&self, kind: &CredentialKind) -> bool {
        match self {
            Credential::Value(_) => !matches!(kind, CredentialKind::Basic),
            Credential::Basic { .. } => matches!(kind, CredentialKind::Basic),
            Credential::ClientCredentials(_) => matches!(kind, CredentialKind::OAuth2 { .. }),
            Credential::Provider(_) => matches!(
                kind,
                CredentialKind::Bearer
                    | CredentialKind::OAuth2 { .. }
                    | CredentialKind::OpenIdConnect { .. }
            ),
        }
    }
}

/// `url` parsed, if it is `http` or `https` without credentials, query or
/// fragment.
fn plain_http_url(
    url: &str,
    invalid: impl Fn(String) -> ConfigError,
) -> Result<url::Url, ConfigError> {
    let parsed = url::Url::parse(url).map_err(|e| invalid(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid(format!(
            "scheme must be http or https, not {}",
            parsed.scheme()
        )));
    }
    // Credentials in the URL would show up in Debug output and logs.
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(invalid(
            "must not contain a user name or password".to_owned(),
        ));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid("must not contain a query or fragment".to_owned()));
    }
    Ok(parsed)
}

/// Settings shared by every request of a [`Client`](crate::Client).
///
/// A generated crate wraps it in its own `Configuration`, with a typed site
/// and one setter per credential. Build it with [`Settings::new`] or
/// [`Settings::from_env`] and the chainable setters. Its `Debug` output never
/// contains a credential.
#[derive(Clone)]
pub struct Settings {
    profile: &'static Profile,
    site: Option<&'static str>,
    /// One entry per `profile.credentials`, in the same order.
    credentials: Vec<Option<Credential>>,
    base_url: Option<url::Url>,
    server_variables: BTreeMap<String, String>,
    /// Which server of each operation's list requests go to.
    server_index: usize,
    timeout: Duration,
    max_response_body: usize,
    user_agent: String,
    http_client: Option<Arc<Customize>>,
    retry: RetryPolicy,
    redirect: RedirectPolicy,
    /// Run around every exchange, in order.
    hooks: Vec<Arc<dyn Hook>>,
    /// Ids of the unstable operations the caller opted in to.
    unstable: BTreeSet<String>,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `Secret`'s own `Debug` is redacted; listing them by scheme shows
        // which are set without showing any value.
        let credentials: BTreeMap<&str, Option<&str>> = self
            .profile
            .credentials
            .iter()
            .zip(&self.credentials)
            .map(|(spec, credential)| (spec.scheme, credential.as_ref().map(Credential::redacted)))
            .collect();
        f.debug_struct("Settings")
            .field("api", &self.profile.name)
            .field("site", &self.site)
            .field("credentials", &credentials)
            .field("base_url", &self.base_url.as_ref().map(url::Url::as_str))
            .field("server_variables", &self.server_variables)
            .field("server_index", &self.server_index)
            .field("timeout", &self.timeout)
            .field("max_response_body", &self.max_response_body)
            .field("user_agent", &self.user_agent)
            .field(
                "http_client",
                &self.http_client.as_ref().map(|_| "customized"),
            )
            .field("retry", &self.retry)
            .field("redirect", &self.redirect)
            .field("hooks", &self.hooks.len())
            .field("unstable", &self.unstable)
            .finish()
    }
}

impl Settings {
    /// Defaults for the API described by `profile`: its default site, no
    /// credentials, no base URL override, a 60 second timeout, a 32 MiB
    /// limit on response bodies, the profile's user agent and
    /// [`RetryPolicy::default`], [`RedirectPolicy::default`] and no hooks.
    pub fn new(profile: &'static Profile) -> Self {
        Settings {
            profile,
            site: profile.sites.get(profile.default_site).copied(),
            credentials: vec![None; profile.credentials.len()],
            base_url: None,
            server_variables: BTreeMap::new(),
            server_index: 0,
            timeout: DEFAULT_TIMEOUT,
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
            user_agent: profile.user_agent.to_owned(),
            http_client: None,
            retry: RetryPolicy::default(),
            redirect: RedirectPolicy::default(),
            hooks: Vec::new(),
            unstable: BTreeSet::new(),
        }
    }

    /// Reads the site and the credentials from the process environment, from
    /// the variables the profile names (e.g. `DD_SITE`, `DD_API_KEY`).
    /// Unset, empty or non-UTF-8 variables keep the defaults.
    pub fn from_env(profile: &'static Profile) -> Result<Self, ConfigError> {
        Self::from_env_with(profile, |name| std::env::var(name).ok())
    }

    /// Like [`Settings::from_env`], reading variables through `lookup`
    /// (which lets tests avoid mutating the process environment). Only the
    /// variables the profile names are looked up; a profile that names none
    /// reads nothing.
    ///
    /// Values are trimmed, so a key read from a file with a trailing newline
    /// still works. An unknown site is an error listing the valid sites.
    pub fn from_env_with(
        profile: &'static Profile,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let read = |name: &str| {
            lookup(name)
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
        };
        let mut settings = Settings::new(profile);
        if let Some(site) = profile.site_env.and_then(read) {
            let known = profile.sites.iter().copied().find(|known| *known == site);
            let Some(known) = known else {
                return Err(ConfigError::unknown_site(&site, profile.sites));
            };
            settings.site = Some(known);
        }
        for spec in profile.credentials {
            settings = settings.credential_from_env(spec, &read);
        }
        Ok(settings)
    }

    /// Sets the credential of `spec` from the variables it names, if they
    /// are set: the first part of the credential is needed, the second (a
    /// password, a client secret) may be absent for basic.
    fn credential_from_env(
        self,
        spec: &CredentialSpec,
        read: &impl Fn(&str) -> Option<String>,
    ) -> Self {
        let mut values = spec.env.iter().map(|name| read(name));
        let first = values.next().flatten();
        let second = values.next().flatten();
        match (spec.kind, first, second) {
            (_, None, _) => self,
            (CredentialKind::Basic, Some(user), password) => {
                self.basic_auth(spec.scheme, user, password.unwrap_or_default())
            }
            (CredentialKind::OAuth2 { token_url: Some(_) }, Some(id), Some(secret)) => {
                self.client_credentials(spec.scheme, ClientCredentials::new(id, secret))
            }
            (CredentialKind::OAuth2 { token_url: Some(_) }, Some(_), None) => self,
            (_, Some(value), _) => self.credential(spec.scheme, value),
        }
    }

    /// Sets the site (a wire name from the profile's `sites`), unchecked: the
    /// generated `Site` enum guarantees it is valid.
    #[doc(hidden)]
    pub fn with_site(mut self, site: &'static str) -> Self {
        self.site = Some(site);
        self
    }

    /// Sets the credential of security scheme `scheme` (e.g.
    /// `"apiKeyAuth"`), sent as the scheme says: an API key (in its header,
    /// query parameter or cookie), a bearer token, the value of another
    /// `http` scheme, or an `oauth2` or `openIdConnect` access token used as
    /// it is (a [`StaticToken`](crate::StaticToken)). For `http` `basic` it
    /// is `user:password` (see [`Settings::basic_auth`]).
    ///
    /// An empty value counts as unset (and unsets a value set before). A
    /// scheme the API does not define is ignored: generated setters only
    /// pass the API's own schemes.
    pub fn credential(self, scheme: &str, value: impl Into<String>) -> Self {
        let value = value.into();
        let basic = self
            .spec(scheme)
            .is_some_and(|spec| spec.kind == CredentialKind::Basic);
        if basic {
            let (user, password) = value.split_once(':').unwrap_or((&value, ""));
            return self.basic_auth(scheme, user, password);
        }
        let credential = Secret::non_empty(value).map(Credential::Value);
        self.set(scheme, credential)
    }

    /// Sets the user and password of the `http` `basic` scheme `scheme`,
    /// sent as `Authorization: Basic base64(user:password)`. An empty user
    /// counts as unset; the password may be empty.
    pub fn basic_auth(
        self,
        scheme: &str,
        user: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        let credential = Secret::non_empty(user.into()).map(|user| Credential::Basic {
            user,
            password: Secret::new(password),
        });
        self.set(scheme, credential)
    }

    /// Sets the client id and secret of the `oauth2` scheme `scheme`: the
    /// client fetches access tokens from the scheme's `tokenUrl` by the
    /// client-credentials flow, with the scopes each operation needs,
    /// keeps them until shortly before they expire, and fetches a new one
    /// once when the API answers 401. The secret goes to the token URL
    /// only.
    pub fn client_credentials(self, scheme: &str, credentials: ClientCredentials) -> Self {
        let credential = (!credentials.id.expose().is_empty())
            .then_some(Credential::ClientCredentials(credentials));
        self.set(scheme, credential)
    }

    /// Gets the access tokens of the `oauth2`, `openIdConnect` or `bearer`
    /// scheme `scheme` from `provider` (every OAuth2 flow but client
    /// credentials: authorization code, device, refresh tokens, OpenID
    /// Connect). The client keeps each token until shortly before it
    /// expires, and asks again once when the API answers 401.
    pub fn token_provider(self, scheme: &str, provider: impl TokenProvider + 'static) -> Self {
        self.set(scheme, Some(Credential::Provider(Arc::new(provider))))
    }

    /// The profile's description of `scheme`.
    fn spec(&self, scheme: &str) -> Option<&'static CredentialSpec> {
        self.profile
            .credentials
            .iter()
            .find(|spec| spec.scheme == scheme)
    }

    /// Stores `credential` for `scheme`, if the API has that scheme and it
    /// can send such a credential.
    fn set(mut self, scheme: &str, credential: Option<Credential>) -> Self {
        let index = self
            .profile
            .credentials
            .iter()
            .position(|spec| spec.scheme == scheme);
        let Some(index) = index else { return self };
        let kind = &self.profile.credentials[index].kind;
        if credential.as_ref().is_some_and(|c| !c.fits(kind)) {
            return self;
        }
        if let Some(slot) = self.credentials.get_mut(index) {
            *slot = credential;
        }
        self
    }

    /// Sends every request to `url` instead of the API's server, e.g. a
    /// proxy or a local mock. A path in `url` is kept as a prefix of every
    /// request path. The site is still used to refuse operations it does not
    /// offer.
    ///
    /// The URL must be `http` or `https`, without credentials, query or
    /// fragment.
    pub fn base_url(mut self, url: &str) -> Result<Self, ConfigError> {
        let invalid = |reason| ConfigError::InvalidBaseUrl { reason };
        self.base_url = Some(plain_http_url(url, invalid)?);
        Ok(self)
    }

    /// Overrides a server variable (e.g. `subdomain`) in every server that
    /// has it. The value ends up in the host name, so it may only contain
    /// ASCII letters, digits, `-` and `.`.
    ///
    /// The site variable takes the site ([`Settings::with_site`]), and a
    /// site is refused here; another value is used only by servers whose
    /// site variable does not allow the configured site (Datadog's On-Call
    /// hosts, such as `beige.oncall.datadoghq.eu`).
    pub fn server_variable(mut self, name: &str, value: &str) -> Result<Self, ConfigError> {
        let invalid = |reason: &str| ConfigError::InvalidServerVariable {
            name: name.to_owned(),
            reason: reason.to_owned(),
        };
        if self.profile.site_variable == Some(name) && self.profile.sites.contains(&value) {
            return Err(invalid("this value is a site; set the site instead"));
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
        if value.is_empty() || !value.chars().all(allowed) {
            return Err(invalid(
                "only ASCII letters, digits, '-' and '.' are allowed",
            ));
        }
        self.server_variables
            .insert(name.to_owned(), value.to_owned());
        Ok(self)
    }

    /// Sends each operation to the server at `index` of the servers the
    /// spec lists for it (0, the first, by default); an operation with
    /// fewer servers goes to its first. A base URL overrides it.
    pub fn server_index(mut self, index: usize) -> Self {
        self.server_index = index;
        self
    }

    /// Sets the timeout of each attempt, from connecting to reading the whole
    /// response body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the largest response body the client reads, in bytes (32 MiB
    /// by default). A response whose `Content-Length` is larger is refused
    /// before its body is read; one without a length (chunked, or ending
    /// with the connection) as soon as more has arrived. Either way the
    /// operation fails with
    /// [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge), which
    /// is not retried. `usize::MAX` lifts the limit; the timeout still
    /// bounds how long a body can take.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = bytes;
        self
    }

    /// Sets the `User-Agent` header sent with every request.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sets the retry policy; see the [crate docs](crate#retries) for the
    /// rules.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sets which redirects are followed; see the [crate
    /// docs](crate#redirects) for the rules.
    pub fn redirect(mut self, policy: RedirectPolicy) -> Self {
        self.redirect = policy;
        self
    }

    /// Adds a hook run around every HTTP exchange (each attempt, each
    /// redirect hop), after the hooks added before; see [`Hook`] and the
    /// [crate docs](crate#hooks). `Debug` shows how many hooks are set.
    pub fn hook(mut self, hook: Arc<dyn Hook>) -> Self {
        self.hooks.push(hook);
        self
    }

    /// Adjusts the HTTP client that [`Client::new`](crate::Client::new)
    /// builds: `customize` receives `reqwest::Client::builder()` and returns
    /// it with proxies, TLS roots, pool settings and so on.
    ///
    /// The client then replaces reqwest's redirect policy, whatever
    /// `customize` set, with one that follows nothing: the client follows
    /// redirects itself, as [`Settings::redirect`] says, because reqwest
    /// would send the API's key headers to another host (see the [crate
    /// docs](crate#redirects)); and it turns off reqwest's wire logging (`connection_verbose`), which
    /// would write the credential headers to the logs (see the [crate
    /// docs](crate#tracing)).
    /// The timeout and user agent configured here are applied to each
    /// request.
    pub fn http_client(
        mut self,
        customize: impl Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static,
    ) -> Self {
        self.http_client = Some(Arc::new(customize));
        self
    }

    /// Lets the unstable operation `operation_id` (its spec `operationId`)
    /// be sent. Unstable operations (`x-unstable` in the spec) are previews
    /// that may change or go away; until enabled, calling one fails with
    /// [`Error::UnstableDisabled`](crate::Error::UnstableDisabled) and
    /// sends nothing.
    pub fn enable_unstable(mut self, operation_id: &str) -> Self {
        self.unstable.insert(operation_id.to_owned());
        self
    }

    /// Whether the unstable operation `operation_id` is enabled.
    pub fn is_unstable_enabled(&self, operation_id: &str) -> bool {
        self.unstable.contains(operation_id)
    }

    /// The API these settings are for.
    pub fn profile(&self) -> &'static Profile {
        self.profile
    }

    /// The configured site (a wire name), if the API has sites.
    pub fn get_site(&self) -> Option<&'static str> {
        self.site
    }

    /// The credential of security scheme `scheme`, if it is set as one
    /// value ([`Settings::credential`]): not for basic, client credentials
    /// or a token provider.
    pub fn get_credential(&self, scheme: &str) -> Option<&Secret> {
        match self.stored(scheme)? {
            Credential::Value(secret) => Some(secret),
            _ => None,
        }
    }

    /// Whether security scheme `scheme` has a credential of any kind.
    pub fn has_credential(&self, scheme: &str) -> bool {
        self.stored(scheme).is_some()
    }

    /// The stored credential of `scheme`.
    pub(crate) fn stored(&self, scheme: &str) -> Option<&Credential> {
        self.profile
            .credentials
            .iter()
            .zip(&self.credentials)
            .find(|(spec, _)| spec.scheme == scheme)
            .and_then(|(_, credential)| credential.as_ref())
    }

    /// The base URL override, if any.
    pub fn get_base_url(&self) -> Option<&url::Url> {
        self.base_url.as_ref()
    }

    /// The index of the server each operation is sent to
    /// ([`Settings::server_index`]).
    pub fn get_server_index(&self) -> usize {
        self.server_index
    }

    /// The override for server variable `name`, if any.
    pub fn get_server_variable(&self, name: &str) -> Option<&str> {
        self.server_variables.get(name).map(String::as_str)
    }

    /// The per-attempt timeout.
    pub fn get_timeout(&self) -> Duration {
        self.timeout
    }

    /// The largest response body read, in bytes.
    pub fn get_max_response_body(&self) -> usize {
        self.max_response_body
    }

    /// The `User-Agent` header value.
    pub fn get_user_agent(&self) -> &str {
        &self.user_agent
    }

    /// The retry policy.
    pub fn get_retry(&self) -> RetryPolicy {
        self.retry
    }

    /// The redirect policy.
    pub fn get_redirect(&self) -> RedirectPolicy {
        self.redirect
    }

    /// The hooks, in the order they run.
    pub fn get_hooks(&self) -> &[Arc<dyn Hook>] {
        &self.hooks
    }

    /// `reqwest::Client::builder()` with the caller's customization applied.
    pub(crate) fn http_client_builder(&self) -> reqwest::ClientBuilder {
        let builder = reqwest::Client::builder();
        match &self.http_client {
            Some(customize) => customize(builder),
            None => builder,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;
    use crate::fixtures;
    use crate::operation::KeyLocation;

    const KEY: &str = "abcdef0123456789SECRETKEY";

    const CREDENTIALS: &[CredentialSpec] = &[
        CredentialSpec {
            scheme: "apiKeyAuth",
            kind: CredentialKind::ApiKey {
                location: KeyLocation::Header,
                name: "X-Api-Key",
            },
            label: "API key",
            setter: None,
            env: &["T_API_KEY"],
        },
        CredentialSpec {
            scheme: "appKeyAuth",
            kind: CredentialKind::ApiKey {
                location: KeyLocation::Header,
                name: "X-App-Key",
            },
            label: "application key",
            setter: None,
            env: &["T_APP_KEY"],
        },
    ];

    /// The fixture's API, with another default site and environment
    /// variables of its own.
    const PROFILE: Profile = Profile {
        default_site: 1,
        site_env: Some("T_SITE"),
        credentials: CREDENTIALS,
        ..fixtures::PROFILE
    };

    /// The same API, without any environment variable.
    const QUIET: Profile = Profile {
        site_env: None,
        credentials: &[
            CredentialSpec {
                env: &[],
                ..CREDENTIALS[0]
            },
            CredentialSpec {
                env: &[],
                ..CREDENTIALS[1]
            },
        ],
        ..PROFILE
    };

    const NO_SITES: Profile = Profile {
        sites: &[],
        site_variable: None,
        ..QUIET
    };

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        move |name| vars.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn defaults() {
        let settings = Settings::new(&PROFILE);
        assert_eq!(settings.get_site(), Some("two.example"));
        assert!(settings.get_credential("apiKeyAuth").is_none());
        assert!(settings.get_credential("appKeyAuth").is_none());
        assert!(settings.get_base_url().is_none());
        assert_eq!(settings.get_timeout(), Duration::from_secs(60));
        assert_eq!(settings.get_max_response_body(), 32 * 1024 * 1024);
        assert_eq!(settings.get_user_agent(), "test-client/1.0");
        assert_eq!(settings.get_retry(), RetryPolicy::default());
        assert_eq!(settings.profile().name, "Test API");
        assert_eq!(Settings::new(&NO_SITES).get_site(), None);
    }

    #[test]
    fn from_env_reads_the_variables_the_profile_names() {
        let vars = [
            ("T_SITE", "three.example"),
            ("T_API_KEY", " api-key\n"),
            ("T_APP_KEY", "app-key"),
        ];
        let asked = RefCell::new(Vec::new());
        let lookup = env(&vars);
        let settings = Settings::from_env_with(&PROFILE, |name| {
            asked.borrow_mut().push(name.to_owned());
            lookup(name)
        })
        .unwrap();
        assert_eq!(settings.get_site(), Some("three.example"));
        assert_eq!(
            settings.get_credential("apiKeyAuth").unwrap().expose(),
            "api-key"
        );
        assert_eq!(
            settings.get_credential("appKeyAuth").unwrap().expose(),
            "app-key"
        );
        assert_eq!(*asked.borrow(), ["T_SITE", "T_API_KEY", "T_APP_KEY"]);
    }

    #[test]
    fn from_env_without_variable_names_reads_nothing() {
        for profile in [&QUIET, &NO_SITES] {
            let asked = RefCell::new(Vec::<String>::new());
            let settings = Settings::from_env_with(profile, |name| {
                asked.borrow_mut().push(name.to_owned());
                Some("anything".to_owned())
            })
            .unwrap();
            assert!(asked.borrow().is_empty(), "{:?}", asked.borrow());
            assert!(settings.get_credential("apiKeyAuth").is_none());
            assert_eq!(settings.get_site(), Settings::new(profile).get_site());
        }
    }

    #[test]
    fn from_env_with_nothing_set_is_the_default() {
        let settings =
            Settings::from_env_with(&PROFILE, env(&[("T_SITE", ""), ("T_API_KEY", "  ")])).unwrap();
        assert_eq!(settings.get_site(), Some("two.example"));
        assert!(settings.get_credential("apiKeyAuth").is_none());
    }

    #[test]
    fn unknown_site_lists_the_valid_ones() {
        let err =
            Settings::from_env_with(&PROFILE, env(&[("T_SITE", "nowhere.example")])).unwrap_err();
        match &err {
            ConfigError::UnknownSite { given, valid } => {
                assert_eq!(given, "nowhere.example");
                assert_eq!(valid, PROFILE.sites);
            }
            other => panic!("unexpected {other:?}"),
        }
        let message = err.to_string();
        assert!(message.contains("nowhere.example"), "{message}");
        for site in PROFILE.sites {
            assert!(message.contains(site), "{message}");
        }
        assert_eq!(
            ConfigError::unknown_site("x", PROFILE.sites).to_string(),
            message.replace("nowhere.example", "x")
        );
    }

    #[test]
    fn sites_are_set_unchecked() {
        let settings = Settings::new(&PROFILE).with_site("one.example");
        assert_eq!(settings.get_site(), Some("one.example"));
    }

    #[test]
    fn base_url_validation() {
        let ok = Settings::new(&PROFILE)
            .base_url("http://127.0.0.1:8080/prefix")
            .unwrap();
        assert_eq!(
            ok.get_base_url().unwrap().as_str(),
            "http://127.0.0.1:8080/prefix"
        );
        for bad in [
            "not a url",
            "ftp://example.com",
            "https://user:pw@example.com",
            "https://example.com/?a=b",
            "https://example.com/#x",
        ] {
            let err = Settings::new(&PROFILE).base_url(bad).unwrap_err();
            assert!(
                matches!(err, ConfigError::InvalidBaseUrl { .. }),
                "{bad}: {err:?}"
            );
            assert!(!err.to_string().contains("pw@"), "{err}");
        }
    }

    #[test]
    fn server_variable_validation() {
        let settings = Settings::new(&PROFILE)
            .server_variable("subdomain", "api-eu.x")
            .unwrap();
        assert_eq!(settings.get_server_variable("subdomain"), Some("api-eu.x"));
        // A site is set as the site; another value of the site variable is
        // for servers whose site variable does not take the site.
        assert!(Settings::new(&PROFILE)
            .server_variable("site", "two.example")
            .is_err());
        let settings = Settings::new(&PROFILE)
            .server_variable("site", "oncall.two.example")
            .unwrap();
        assert_eq!(
            settings.get_server_variable("site"),
            Some("oncall.two.example")
        );
        assert!(Settings::new(&PROFILE)
            .server_variable("subdomain", "evil.com/")
            .is_err());
        assert!(Settings::new(&PROFILE)
            .server_variable("subdomain", "")
            .is_err());
        // Without a site variable, `site` is an ordinary variable.
        assert!(Settings::new(&NO_SITES)
            .server_variable("site", "x")
            .is_ok());
    }

    #[test]
    fn credentials_by_scheme() {
        let settings = Settings::new(&PROFILE)
            .credential("apiKeyAuth", "a")
            .credential("appKeyAuth", String::from("b"))
            .credential("unknownScheme", "c");
        assert_eq!(settings.get_credential("apiKeyAuth").unwrap().expose(), "a");
        assert_eq!(settings.get_credential("appKeyAuth").unwrap().expose(), "b");
        assert!(settings.get_credential("unknownScheme").is_none());
        let cleared = settings.credential("apiKeyAuth", "");
        assert!(cleared.get_credential("apiKeyAuth").is_none());
        assert!(cleared.get_credential("appKeyAuth").is_some());
    }

    struct NoHook;
    impl Hook for NoHook {}

    #[test]
    fn setters_and_getters() {
        let settings = Settings::new(&PROFILE)
            .timeout(Duration::from_secs(5))
            .max_response_body(1024)
            .user_agent("me/2")
            .retry(RetryPolicy::none())
            .redirect(RedirectPolicy::same_origin().max_hops(2))
            .hook(Arc::new(NoHook))
            .http_client(|builder| builder.pool_max_idle_per_host(1));
        assert_eq!(settings.get_timeout(), Duration::from_secs(5));
        assert_eq!(settings.get_max_response_body(), 1024);
        assert!(format!("{settings:?}").contains("max_response_body: 1024"));
        assert_eq!(settings.get_user_agent(), "me/2");
        assert_eq!(settings.get_retry(), RetryPolicy::none());
        assert_eq!(
            settings.get_redirect(),
            RedirectPolicy::same_origin().max_hops(2)
        );
        assert_eq!(settings.get_hooks().len(), 1);
        assert!(format!("{settings:?}").contains("hooks: 1"));
        let defaults = Settings::new(&PROFILE);
        assert_eq!(defaults.get_redirect(), RedirectPolicy::follow());
        assert!(defaults.get_hooks().is_empty());
        assert!(settings.http_client_builder().build().is_ok());
        assert!(format!("{settings:?}").contains("customized"));
    }

    #[test]
    fn debug_is_redacted() {
        let settings = Settings::new(&PROFILE)
            .credential("apiKeyAuth", KEY)
            .credential("appKeyAuth", KEY);
        for text in [format!("{settings:?}"), format!("{settings:#?}")] {
            assert!(!text.contains(KEY), "{text}");
            assert!(!text.contains("abcd"), "{text}");
            assert!(text.contains("***"), "{text}");
            assert!(text.contains("apiKeyAuth"), "{text}");
        }
    }
}
