//! The data of the runtime's unit tests: one API profile, its servers and
//! one operation, declared as a generated crate declares them. A test that
//! needs other values names only those, with struct update syntax:
//! `Operation { method: Method::Put, ..OPERATION }`.

use crate::operation::{
    CredentialKind, CredentialSpec, ErrorStatus, KeyLocation, Method, Operation, Profile,
    Requirement, Server, ServerVariable, TemplatePart,
};

/// The span a generated crate would create, under a neutral name.
pub(crate) fn span(op: &Operation, attempt: u32) -> tracing::Span {
    tracing::info_span!(
        "test.request",
        operation = op.id,
        method = op.method.as_str(),
        path_template = %op.path_template(),
        attempt,
        status = tracing::field::Empty,
    )
}

/// An API key and an application key, each with its environment variable.
pub(crate) const CREDENTIALS: &[CredentialSpec] = &[
    CredentialSpec {
        scheme: "apiKeyAuth",
        kind: CredentialKind::ApiKey {
            location: KeyLocation::Header,
            name: "X-Api-Key",
        },
        label: "API key",
        setter: None,
        env: &["TEST_API_KEY"],
    },
    CredentialSpec {
        scheme: "appKeyAuth",
        kind: CredentialKind::ApiKey {
            location: KeyLocation::Header,
            name: "X-Application-Key",
        },
        label: "application key",
        setter: None,
        env: &["TEST_APP_KEY"],
    },
];

/// The test API: three sites, the first the default, read from
/// `TEST_SITE`, and [`CREDENTIALS`].
pub(crate) const PROFILE: Profile = Profile {
    name: "Test API",
    sites: &["one.example", "two.example", "three.example"],
    default_site: 0,
    site_variable: Some("site"),
    site_env: Some("TEST_SITE"),
    credentials: CREDENTIALS,
    user_agent: "test-client/1.0",
    span,
};

/// `https://{subdomain}.{site}`, by default `https://api.one.example`.
pub(crate) const SERVER: Server = Server {
    url: &[
        TemplatePart::Literal("https://"),
        TemplatePart::Variable("subdomain"),
        TemplatePart::Literal("."),
        TemplatePart::Variable("site"),
    ],
    variables: &[
        ServerVariable {
            name: "site",
            default: "one.example",
            values: &[],
        },
        ServerVariable {
            name: "subdomain",
            default: "api",
            values: &[],
        },
    ],
};

/// `https://api.example`, a server URL without variables.
pub(crate) const LITERAL_SERVER: Server = Server {
    url: &[TemplatePart::Literal("https://api.example")],
    variables: &[],
};

/// `/api/v2/api_keys/{api_key_id}`, parsed.
pub(crate) const KEY_PATH: &[TemplatePart] = &[
    TemplatePart::Literal("/api/v2/api_keys/"),
    TemplatePart::Variable("api_key_id"),
];

/// `GET /api/v2/api_keys/{api_key_id}` on [`SERVER`], with both
/// credentials required together and four documented error statuses.
pub(crate) const OPERATION: Operation = Operation {
    id: "GetAPIKey",
    method: Method::Get,
    path: KEY_PATH,
    servers: &[SERVER],
    profile: &PROFILE,
    security: &[&[
        Requirement {
            scheme: "apiKeyAuth",
            scopes: &[],
        },
        Requirement {
            scheme: "appKeyAuth",
            scopes: &[],
        },
    ]],
    unavailable_sites: &[],
    accept: "application/json",
    unstable: false,
    error_statuses: &[
        ErrorStatus::Code(400),
        ErrorStatus::Code(403),
        ErrorStatus::Code(404),
        ErrorStatus::Code(429),
    ],
};
