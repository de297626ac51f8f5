//! Client configuration: site, credentials, transport settings.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use super::retry::RetryPolicy;
use crate::Site;

/// Default per-request timeout. Key management calls are small and fast; a
/// minute leaves room for a slow network without hanging a caller forever.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Settings shared by every request of a [`Client`](super::Client).
///
/// Build it with [`Configuration::new`] or [`Configuration::from_env`] and the
/// chainable setters. Its `Debug` output never contains the keys.
#[derive(Clone, Debug)]
pub struct Configuration {
    site: Site,
    api_key: Option<Secret>,
    app_key: Option<Secret>,
    base_url: Option<url::Url>,
    server_variables: BTreeMap<String, String>,
    timeout: Duration,
    user_agent: String,
    http_client: Option<reqwest::Client>,
    retry: RetryPolicy,
}

impl Default for Configuration {
    fn default() -> Self {
        Self::new()
    }
}

impl Configuration {
    /// Defaults: the default site, no keys, no base URL override, a 60 second
    /// timeout, the user agent `datadog-key-management-rust/<version>` and
    /// [`RetryPolicy::default`].
    pub fn new() -> Self {
        Configuration {
            site: Site::default(),
            api_key: None,
            app_key: None,
            base_url: None,
            server_variables: BTreeMap::new(),
            timeout: DEFAULT_TIMEOUT,
            user_agent: concat!("datadog-key-management-rust/", env!("CARGO_PKG_VERSION"))
                .to_owned(),
            http_client: None,
            retry: RetryPolicy::default(),
        }
    }

    /// Reads `DD_SITE`, `DD_API_KEY` and `DD_APP_KEY` from the process
    /// environment. Unset, empty or non-UTF-8 variables keep the defaults.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_env_with(|name| std::env::var(name).ok())
    }

    /// Like [`Configuration::from_env`], reading variables through `lookup`
    /// (which lets tests avoid mutating the process environment).
    ///
    /// Values are trimmed, so a key read from a file with a trailing newline
    /// still works. An unknown `DD_SITE` is an error listing the valid sites.
    pub fn from_env_with<F>(lookup: F) -> Result<Self, ConfigError>
    where
        F: Fn(&str) -> Option<String>,
    {
        let read = |name: &str| {
            lookup(name)
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
        };
        let mut config = Configuration::new();
        if let Some(site) = read("DD_SITE") {
            config.site = site.parse()?;
        }
        if let Some(key) = read("DD_API_KEY") {
            config = config.api_key(key);
        }
        if let Some(key) = read("DD_APP_KEY") {
            config = config.app_key(key);
        }
        Ok(config)
    }

    /// Sets the Datadog site the client talks to.
    pub fn site(mut self, site: Site) -> Self {
        self.site = site;
        self
    }

    /// Sets the API key (sent as `DD-API-KEY`). An empty key counts as unset.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Secret::non_empty(key.into());
        self
    }

    /// Sets the application key (sent as `DD-APPLICATION-KEY`). An empty key
    /// counts as unset.
    pub fn app_key(mut self, key: impl Into<String>) -> Self {
        self.app_key = Secret::non_empty(key.into());
        self
    }

    /// Sends every request to `url` instead of the site's server, e.g. a proxy
    /// or a local mock. A path in `url` is kept as a prefix of every request
    /// path. The site is still used to refuse operations it does not offer.
    ///
    /// The URL must be `http` or `https`, without credentials, query or
    /// fragment.
    pub fn base_url(mut self, url: &str) -> Result<Self, ConfigError> {
        let invalid = |reason: String| ConfigError::InvalidBaseUrl { reason };
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
        self.base_url = Some(parsed);
        Ok(self)
    }

    /// Overrides a server variable other than `site` (e.g. `subdomain`). The
    /// value ends up in the host name, so it may only contain ASCII letters,
    /// digits, `-` and `.`.
    pub fn server_variable(mut self, name: &str, value: &str) -> Result<Self, ConfigError> {
        let invalid = |reason: &str| ConfigError::InvalidServerVariable {
            name: name.to_owned(),
            reason: reason.to_owned(),
        };
        if name == "site" {
            return Err(invalid("set the site with Configuration::site"));
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

    /// Sets the timeout of each attempt, from connecting to reading the whole
    /// response body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the `User-Agent` header sent with every request.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Uses `client` instead of building one (to share a connection pool or
    /// set a proxy). The configured timeout and user agent are still applied
    /// to each request; the client's redirect policy is kept as it is.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Sets the retry policy; see the [module docs](super) for the rules.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The configured site.
    pub fn get_site(&self) -> Site {
        self.site
    }

    /// The configured API key, if any.
    pub fn get_api_key(&self) -> Option<&Secret> {
        self.api_key.as_ref()
    }

    /// The configured application key, if any.
    pub fn get_app_key(&self) -> Option<&Secret> {
        self.app_key.as_ref()
    }

    /// The base URL override, if any.
    pub fn get_base_url(&self) -> Option<&url::Url> {
        self.base_url.as_ref()
    }

    /// The override for server variable `name`, if any.
    pub fn get_server_variable(&self, name: &str) -> Option<&str> {
        self.server_variables.get(name).map(String::as_str)
    }

    /// The per-attempt timeout.
    pub fn get_timeout(&self) -> Duration {
        self.timeout
    }

    /// The `User-Agent` header value.
    pub fn get_user_agent(&self) -> &str {
        &self.user_agent
    }

    /// The caller-supplied HTTP client, if any.
    pub fn get_http_client(&self) -> Option<&reqwest::Client> {
        self.http_client.as_ref()
    }

    /// The retry policy.
    pub fn get_retry(&self) -> RetryPolicy {
        self.retry
    }
}

/// A credential whose `Debug` and `Display` output is redacted.
///
/// Use [`Secret::expose`] where the value is really needed. It serializes as
/// the plain string, because response and request bodies carry key values
/// (a created key, for instance) that must reach the wire and the caller.
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret value itself.
    pub fn expose(&self) -> &str {
        &self.0
    }

    fn non_empty(value: String) -> Option<Self> {
        (!value.is_empty()).then_some(Secret(value))
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// An invalid configuration value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The site name is not one of the Datadog sites this client knows.
    #[error("unknown Datadog site `{given}`; valid sites are: {}", .valid.join(", "))]
    UnknownSite {
        /// The site name that was given.
        given: String,
        /// Every valid site name.
        valid: Vec<&'static str>,
    },
    /// The base URL override is not usable.
    #[error("invalid base URL: {reason}")]
    InvalidBaseUrl {
        /// Why it was rejected (never the URL itself, which may hold secrets).
        reason: String,
    },
    /// A server variable override is not usable.
    #[error("invalid value for server variable `{name}`: {reason}")]
    InvalidServerVariable {
        /// The variable name.
        name: String,
        /// Why the value was rejected.
        reason: String,
    },
    /// The user agent is not a valid header value.
    #[error("the user agent contains characters that are not allowed in an HTTP header")]
    InvalidUserAgent,
    /// The HTTP client could not be built (e.g. TLS initialisation failed).
    #[error("could not build the HTTP client")]
    HttpClient(#[source] reqwest::Error),
}

impl ConfigError {
    /// The error for an unknown site name, listing every [`Site`]; meant for
    /// the generated `FromStr for Site`.
    pub fn unknown_site(given: &str) -> Self {
        ConfigError::UnknownSite {
            given: given.to_owned(),
            valid: Site::ALL.iter().map(Site::as_str).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "abcdef0123456789SECRETKEY";

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        move |name| vars.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn defaults() {
        let config = Configuration::new();
        assert_eq!(config.get_site(), Site::default());
        assert!(config.get_api_key().is_none());
        assert!(config.get_app_key().is_none());
        assert!(config.get_base_url().is_none());
        assert_eq!(config.get_timeout(), Duration::from_secs(60));
        assert!(config
            .get_user_agent()
            .starts_with("datadog-key-management-rust/"));
        assert_eq!(config.get_retry(), RetryPolicy::default());
    }

    #[test]
    fn from_env_reads_the_three_variables() {
        let last = Site::ALL[Site::ALL.len() - 1];
        let vars = [
            ("DD_SITE", last.as_str()),
            ("DD_API_KEY", " api-key\n"),
            ("DD_APP_KEY", "app-key"),
        ];
        let config = Configuration::from_env_with(env(&vars)).unwrap();
        assert_eq!(config.get_site(), last);
        assert_eq!(config.get_api_key().unwrap().expose(), "api-key");
        assert_eq!(config.get_app_key().unwrap().expose(), "app-key");
    }

    #[test]
    fn from_env_with_nothing_set_is_the_default() {
        let config =
            Configuration::from_env_with(env(&[("DD_SITE", ""), ("DD_API_KEY", "  ")])).unwrap();
        assert_eq!(config.get_site(), Site::default());
        assert!(config.get_api_key().is_none());
    }

    #[test]
    fn unknown_site_lists_the_valid_ones() {
        let err =
            Configuration::from_env_with(env(&[("DD_SITE", "datadoghq.nowhere")])).unwrap_err();
        match &err {
            ConfigError::UnknownSite { given, valid } => {
                assert_eq!(given, "datadoghq.nowhere");
                assert_eq!(valid.len(), Site::ALL.len());
            }
            other => panic!("unexpected {other:?}"),
        }
        let message = err.to_string();
        assert!(message.contains("datadoghq.nowhere"), "{message}");
        for site in Site::ALL {
            assert!(message.contains(site.as_str()), "{message}");
        }
        assert_eq!(
            ConfigError::unknown_site("x").to_string(),
            message.replace("datadoghq.nowhere", "x")
        );
    }

    #[test]
    fn base_url_validation() {
        let ok = Configuration::new()
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
            let err = Configuration::new().base_url(bad).unwrap_err();
            assert!(
                matches!(err, ConfigError::InvalidBaseUrl { .. }),
                "{bad}: {err:?}"
            );
            assert!(!err.to_string().contains("pw@"), "{err}");
        }
    }

    #[test]
    fn server_variable_validation() {
        let config = Configuration::new()
            .server_variable("subdomain", "api-eu.x")
            .unwrap();
        assert_eq!(config.get_server_variable("subdomain"), Some("api-eu.x"));
        assert!(Configuration::new().server_variable("site", "x").is_err());
        assert!(Configuration::new()
            .server_variable("subdomain", "evil.com/")
            .is_err());
        assert!(Configuration::new()
            .server_variable("subdomain", "")
            .is_err());
    }

    #[test]
    fn empty_keys_count_as_unset() {
        let config = Configuration::new().api_key("").app_key(String::new());
        assert!(config.get_api_key().is_none());
        assert!(config.get_app_key().is_none());
    }

    #[test]
    fn secrets_are_redacted() {
        let secret = Secret::new(KEY);
        assert_eq!(format!("{secret:?}"), "Secret(\"***\")");
        assert_eq!(format!("{secret}"), "***");
        assert_eq!(secret.expose(), KEY);
        let config = Configuration::new().api_key(KEY).app_key(KEY);
        for text in [format!("{config:?}"), format!("{config:#?}")] {
            assert!(!text.contains(KEY), "{text}");
            assert!(!text.contains("abcd"), "{text}");
            assert!(text.contains("***"), "{text}");
        }
    }
}
