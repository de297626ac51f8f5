//! What generated code tells the runtime about an API and its operations:
//! the [`Profile`] of the API, the [`Server`] URLs, each [`Operation`].
//!
//! Everything here is plain data, built in `const`s by generated code and
//! handed over as `&'static` references. The generator parses every template;
//! the runtime only walks the parsed [`TemplatePart`]s.
//!
//! Layer 3: imports nothing from the crate.

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
    /// `TRACE`
    Trace,
}

impl Method {
    /// The method name, e.g. `"GET"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
        }
    }

    /// Whether sending the request twice has the same effect as once, which
    /// makes it safe to retry after a timeout or server error. Every method
    /// but `POST` and `PATCH` is.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
            Method::Head => reqwest::Method::HEAD,
            Method::Options => reqwest::Method::OPTIONS,
            Method::Trace => reqwest::Method::TRACE,
        }
    }
}

/// An error status the spec documents with a body: one code (`404`), a
/// class (`4XX`), or the `default` response (any other error status).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorStatus {
    /// Exactly this status.
    Code(u16),
    /// Any status of this hundred: `Class(4)` is `4XX`.
    Class(u16),
    /// Any error status (the spec's `default` response).
    Default,
}

impl ErrorStatus {
    /// Whether `status` is documented by this entry.
    pub fn matches(self, status: u16) -> bool {
        match self {
            ErrorStatus::Code(code) => code == status,
            ErrorStatus::Class(class) => status / 100 == class,
            ErrorStatus::Default => true,
        }
    }
}

/// Everything the runtime needs to know about one API (one generated crate)
/// beyond its operations: its sites, credentials, user agent and spans.
#[doc(hidden)]
#[derive(Debug)]
pub struct Profile {
    /// Human name of the API, for messages, e.g. "Datadog Key Management".
    pub name: &'static str,
    /// Values of the server's site variable (wire names), may be empty (no
    /// site variable).
    pub sites: &'static [&'static str],
    /// Index of the default site in `sites` (ignored when empty).
    pub default_site: usize,
    /// Name of the server variable that holds the site, e.g. `Some("site")`.
    pub site_variable: Option<&'static str>,
    /// Environment variable naming the site, e.g. `Some("DD_SITE")`; `None`:
    /// not read.
    pub site_env: Option<&'static str>,
    /// Every credential the API's security schemes need.
    pub credentials: &'static [CredentialSpec],
    /// Default `User-Agent`.
    pub user_agent: &'static str,
    /// Creates the span for one attempt (numbered from 1). It must declare
    /// the fields `attempt` and `status` (`status` as
    /// `tracing::field::Empty`); the runtime records `status`. It must not
    /// record anything secret.
    pub span: fn(&Operation, u32) -> tracing::Span,
}

/// One credential of an API: a security scheme of its spec, how it is sent
/// and how a user sets it.
#[doc(hidden)]
#[derive(Debug)]
pub struct CredentialSpec {
    /// Security scheme name, e.g. `"apiKeyAuth"`.
    pub scheme: &'static str,
    /// How the scheme sends its credential.
    pub kind: CredentialKind,
    /// For messages, e.g. `"API key"`.
    pub label: &'static str,
    /// The generated `Configuration` method that sets it, e.g.
    /// `Some("api_key")`, for messages; `None`: only
    /// [`Settings::credential`](crate::Settings::credential) and its kin.
    pub setter: Option<&'static str>,
    /// Environment variables read by [`Settings::from_env`](crate::Settings::from_env),
    /// one per part of the credential in the order [`CredentialKind::parts`]
    /// lists them (e.g. `&["DD_API_KEY"]`, or a user and a password for
    /// `basic`); empty: none is read.
    pub env: &'static [&'static str],
}

/// How a security scheme sends its credential: one variant per kind of
/// OpenAPI security scheme.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialKind {
    /// `apiKey`: the key as it is, in a header, a query parameter or a
    /// cookie named `name`.
    ApiKey {
        /// Where the key goes (`in`).
        location: KeyLocation,
        /// The header, parameter or cookie name.
        name: &'static str,
    },
    /// `http` `basic`: a user and a password, sent as
    /// `Authorization: Basic base64(user:password)`.
    Basic,
    /// `http` `bearer`: `Authorization: Bearer <token>`.
    Bearer,
    /// Any other `http` scheme: `Authorization: <scheme> <value>`.
    Http {
        /// The scheme as the spec names it, e.g. `"Digest"`.
        scheme: &'static str,
    },
    /// `oauth2`: a bearer token, fetched by the client-credentials flow
    /// from `token_url` when the scheme has that flow and the client id and
    /// secret are set, else from a token provider (every other flow) or a
    /// token set as it is.
    OAuth2 {
        /// The `tokenUrl` of the scheme's `clientCredentials` flow, if it
        /// has one (absolute, or relative to the API's server).
        token_url: Option<&'static str>,
    },
    /// `openIdConnect`: a bearer token from a token provider, or a token
    /// set as it is.
    OpenIdConnect {
        /// The `openIdConnectUrl` of the scheme, for messages.
        url: &'static str,
    },
}

impl CredentialKind {
    /// What a user sets for the scheme, in the order of
    /// [`CredentialSpec::env`]: `["user", "password"]` for `basic`, the
    /// client id and secret for `oauth2` with a client-credentials flow,
    /// one value otherwise.
    pub fn parts(&self) -> &'static [&'static str] {
        match self {
            CredentialKind::ApiKey { .. } => &["key"],
            CredentialKind::Basic => &["user", "password"],
            CredentialKind::Bearer | CredentialKind::Http { .. } => &["token"],
            CredentialKind::OAuth2 { token_url: Some(_) } => &["client id", "client secret"],
            CredentialKind::OAuth2 { token_url: None } | CredentialKind::OpenIdConnect { .. } => {
                &["token"]
            }
        }
    }
}

/// Where an `apiKey` security scheme sends its key.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// One security scheme of a security requirement, with the OAuth2 scopes
/// the operation needs (empty for other schemes).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requirement {
    /// The scheme name (matching [`CredentialSpec::scheme`]).
    pub scheme: &'static str,
    /// The scopes it needs, as the spec lists them.
    pub scopes: &'static [&'static str],
}

/// A piece of a parsed URL or path template.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplatePart {
    /// Text copied as it is.
    Literal(&'static str),
    /// A `{variable}`, by name.
    Variable(&'static str),
}

/// Parsed template parts written back as text: each literal as it is, each
/// variable as `{name}`. Built by [`Operation::path_template`].
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct TemplateText(&'static [TemplatePart]);

impl std::fmt::Display for TemplateText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for part in self.0 {
            match part {
                TemplatePart::Literal(text) => f.write_str(text)?,
                TemplatePart::Variable(name) => write!(f, "{{{name}}}")?,
            }
        }
        Ok(())
    }
}

/// A server URL with variables, as in the spec's `servers`.
#[doc(hidden)]
#[derive(Debug)]
pub struct Server {
    /// The parsed URL template, e.g. `https://{subdomain}.{site}` as
    /// `[Literal("https://"), Variable("subdomain"), Literal("."), Variable("site")]`.
    pub url: &'static [TemplatePart],
    /// The variables and their defaults.
    pub variables: &'static [ServerVariable],
}

/// One server variable: its default value and the values it allows.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct ServerVariable {
    /// The variable name.
    pub name: &'static str,
    /// Its default value.
    pub default: &'static str,
    /// The values the spec allows (its `enum`); empty: any value.
    pub values: &'static [&'static str],
}

impl ServerVariable {
    /// Whether the variable may take `value`.
    pub fn allows(&self, value: &str) -> bool {
        self.values.is_empty() || self.values.contains(&value)
    }
}

/// What the runtime needs to know about one API operation.
#[doc(hidden)]
#[derive(Debug)]
pub struct Operation {
    /// The spec's `operationId`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, parsed by the generator: the runtime never parses
    /// templates. [`Operation::path_template`] writes it back as the spec
    /// wrote it, for spans and messages.
    pub path: &'static [TemplatePart],
    /// The servers the operation may be sent to, as the spec lists them
    /// for it (its own, its path's or the document's): the configured
    /// server index picks one, the first when the list is shorter. Empty
    /// when the spec has none: only a base URL gives the host. A base URL
    /// overrides them all.
    pub servers: &'static [Server],
    /// The API the operation belongs to.
    pub profile: &'static Profile,
    /// The security requirements, as the spec states them: alternatives
    /// (any one will do), each a set of schemes that are all sent. The
    /// runtime sends the first alternative whose credentials are all
    /// configured. Empty (`security: []`): nothing is sent; an empty
    /// alternative: credentials are optional.
    pub security: &'static [&'static [Requirement]],
    /// Site wire names on which the operation does not exist.
    pub unavailable_sites: &'static [&'static str],
    /// The `Accept` header: the media type of the success body.
    pub accept: &'static str,
    /// Whether it is a preview (`x-unstable`) that is sent only once
    /// enabled in the settings.
    pub unstable: bool,
    /// Documented error statuses whose body decodes as the error type.
    pub error_statuses: &'static [ErrorStatus],
}

impl Operation {
    /// The path template as the spec wrote it (`/api/v2/api_keys/{api_key_id}`),
    /// written from [`Operation::path`] when displayed, for spans and
    /// messages: nothing is allocated.
    pub fn path_template(&self) -> TemplateText {
        TemplateText(self.path)
    }

    /// The profile's description of credential `scheme`, if it has one.
    pub(crate) fn credential_spec(&self, scheme: &str) -> Option<&'static CredentialSpec> {
        self.profile.credentials.iter().find(|c| c.scheme == scheme)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::OPERATION;

    /// Generated code builds these in `const`s and passes `&OP` where a
    /// `&'static Operation` is expected: the reference must be promoted.
    const OP: Operation = Operation {
        id: "Op",
        method: Method::Trace,
        path: &[
            TemplatePart::Literal("/x/"),
            TemplatePart::Variable("id"),
            TemplatePart::Literal(".json"),
        ],
        ..OPERATION
    };

    fn takes_static(op: &'static Operation) -> &'static str {
        op.id
    }

    #[test]
    fn metadata_is_const_constructible() {
        assert_eq!(takes_static(&OP), "Op");
        assert_eq!(
            OP.credential_spec("apiKeyAuth").unwrap().kind,
            CredentialKind::ApiKey {
                location: KeyLocation::Header,
                name: "X-Api-Key"
            }
        );
        assert!(OP.credential_spec("other").is_none());
        let _ = (OP.profile.span)(&OP, 1);
    }

    #[test]
    fn the_path_template_is_written_back_from_its_parts() {
        assert_eq!(OP.path_template().to_string(), "/x/{id}.json");
    }

    #[test]
    fn credential_parts_name_what_is_set() {
        assert_eq!(CredentialKind::Basic.parts(), ["user", "password"]);
        assert_eq!(CredentialKind::Bearer.parts(), ["token"]);
        let client_credentials = CredentialKind::OAuth2 {
            token_url: Some("https://auth.example/token"),
        };
        assert_eq!(client_credentials.parts(), ["client id", "client secret"]);
        assert_eq!(
            CredentialKind::OAuth2 { token_url: None }.parts(),
            ["token"]
        );
    }

    #[test]
    fn methods() {
        assert_eq!(Method::Patch.as_str(), "PATCH");
        assert_eq!(Method::Trace.as_str(), "TRACE");
        assert_eq!(Method::Options.to_reqwest(), reqwest::Method::OPTIONS);
        assert_eq!(Method::Trace.to_reqwest(), reqwest::Method::TRACE);
        assert!(Method::Delete.is_idempotent());
        assert!(Method::Trace.is_idempotent());
        assert!(!Method::Post.is_idempotent());
        assert!(!Method::Patch.is_idempotent());
    }

    #[test]
    fn error_statuses_match() {
        assert!(ErrorStatus::Code(404).matches(404));
        assert!(!ErrorStatus::Code(404).matches(403));
        assert!(ErrorStatus::Class(4).matches(429));
        assert!(!ErrorStatus::Class(4).matches(500));
        assert!(ErrorStatus::Default.matches(503));
    }
}
