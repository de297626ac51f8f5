//! The view of the crate's credentials (`lib.rs.j2`): each scheme's
//! `runtime::__private::CredentialSpec`, its kind written as Rust here, and the
//! `Configuration` methods that set it, each with docs saying how it is
//! sent (never a value).

use serde::Serialize;

use crate::ir::{Credential, CredentialKind, KeyLocation};
use crate::render::lit_str;

/// One credential of the crate.
#[derive(Debug, Serialize)]
pub(super) struct CredentialView<'a> {
    scheme: &'a str,
    label: &'a str,
    /// `runtime::__private::CredentialKind::…`, as Rust.
    kind: String,
    /// `runtime::__private::CredentialSpec::setter`: the method a missing-credential
    /// error names (the client-credentials setter of an `oauth2` scheme
    /// that has the flow, else the value setter).
    setter: &'a str,
    /// `runtime::__private::CredentialSpec::env`: empty when none is read.
    env_vars: Vec<&'a str>,
    /// The line of `Configuration::from_env`'s docs naming the variables.
    env_doc: Option<String>,
    /// `fn <name>(self, value: impl Into<String>)`, for every kind but
    /// `basic`.
    value_setter: Option<MethodView<'a>>,
    /// `fn <name>(self, user: impl Into<String>, password: impl Into<String>)`.
    basic_setter: Option<MethodView<'a>>,
    /// `fn <name>(&self) -> Option<&Secret>`.
    getter: Option<MethodView<'a>>,
    /// `fn <name>(self, credentials: ClientCredentials)`.
    client_credentials_setter: Option<MethodView<'a>>,
    /// `fn <name>(self, provider: impl TokenProvider + 'static)`.
    token_provider_setter: Option<MethodView<'a>>,
}

/// A `Configuration` method: its name and doc lines.
#[derive(Debug, Serialize)]
struct MethodView<'a> {
    name: &'a str,
    docs: Vec<String>,
}

impl<'a> CredentialView<'a> {
    pub(super) fn new(c: &'a Credential) -> Self {
        let sent = how_sent(&c.kind);
        let mut setter_docs = vec![format!(" Sets the {}, {sent}.", c.label)];
        match &c.kind {
            CredentialKind::Basic => {
                setter_docs[0].push_str(" An empty user counts as unset.");
            }
            CredentialKind::OAuth2 { .. } | CredentialKind::OpenIdConnect { .. } => {
                setter_docs[0].push_str(" An empty value counts as unset.");
                setter_docs.push(String::new());
                setter_docs.push(
                    " The token is sent as it is, until it is replaced: nothing renews it."
                        .to_owned(),
                );
            }
            _ => setter_docs[0].push_str(" An empty value counts as unset."),
        }
        if let Some(other) = c
            .client_credentials_setter
            .as_deref()
            .or(c.token_provider_setter.as_deref())
        {
            setter_docs.push(String::new());
            setter_docs.push(format!(
                " To have tokens fetched and renewed instead, see [`Configuration::{other}`]."
            ));
        }
        if !c.docs.is_empty() {
            setter_docs.push(String::new());
            setter_docs.extend(c.docs.iter().map(|line| format!(" {line}")));
        }
        let method = |name: &'a str, docs: Vec<String>| MethodView { name, docs };
        let basic = matches!(c.kind, CredentialKind::Basic);
        CredentialView {
            scheme: &c.scheme,
            label: &c.label,
            kind: kind(&c.kind),
            setter: c.client_credentials_setter.as_deref().unwrap_or(&c.setter),
            env_vars: c.env.iter().map(String::as_str).collect(),
            env_doc: env_doc(c),
            value_setter: (!basic).then(|| method(&c.setter, setter_docs.clone())),
            basic_setter: basic.then(|| method(&c.setter, setter_docs.clone())),
            getter: c
                .getter
                .as_deref()
                .map(|name| method(name, vec![format!(" The configured {}, if any.", c.label)])),
            client_credentials_setter: c
                .client_credentials_setter
                .as_deref()
                .map(|name| method(name, client_credentials_docs(c))),
            token_provider_setter: c
                .token_provider_setter
                .as_deref()
                .map(|name| method(name, token_provider_docs(c))),
        }
    }
}

/// `runtime::__private::CredentialKind` of `kind`, as Rust.
fn kind(kind: &CredentialKind) -> String {
    match kind {
        CredentialKind::ApiKey { location, name } => {
            let location = match location {
                KeyLocation::Header => "Header",
                KeyLocation::Query => "Query",
                KeyLocation::Cookie => "Cookie",
            };
            format!(
                "runtime::__private::CredentialKind::ApiKey {{ location: runtime::__private::KeyLocation::{location}, name: {} }}",
                lit_str(name)
            )
        }
        CredentialKind::Basic => "runtime::__private::CredentialKind::Basic".to_owned(),
        CredentialKind::Bearer { .. } => "runtime::__private::CredentialKind::Bearer".to_owned(),
        CredentialKind::Http { scheme } => format!(
            "runtime::__private::CredentialKind::Http {{ scheme: {} }}",
            lit_str(scheme)
        ),
        CredentialKind::OAuth2 { token_url, .. } => {
            let token_url = match token_url {
                Some(url) => format!("Some({})", lit_str(url)),
                None => "None".to_owned(),
            };
            format!("runtime::__private::CredentialKind::OAuth2 {{ token_url: {token_url} }}")
        }
        CredentialKind::OpenIdConnect { url } => format!(
            "runtime::__private::CredentialKind::OpenIdConnect {{ url: {} }}",
            lit_str(url)
        ),
    }
}

/// How the value set with the setter goes on the wire.
fn how_sent(kind: &CredentialKind) -> String {
    match kind {
        CredentialKind::ApiKey { location, name } => {
            format!("sent in the `{name}` {}", location.noun())
        }
        CredentialKind::Basic => "sent as `Authorization: Basic base64(user:password)`".to_owned(),
        CredentialKind::Bearer {
            format: Some(format),
        } => {
            format!("a {format} sent as `Authorization: Bearer <token>`")
        }
        CredentialKind::Bearer { format: None } => {
            "sent as `Authorization: Bearer <token>`".to_owned()
        }
        CredentialKind::Http { scheme } => format!("sent as `Authorization: {scheme} <value>`"),
        CredentialKind::OAuth2 { .. } | CredentialKind::OpenIdConnect { .. } => {
            "sent as `Authorization: Bearer <token>`".to_owned()
        }
    }
}

/// The line of `from_env`'s docs for `c`, when it names variables.
fn env_doc(c: &Credential) -> Option<String> {
    let (first, rest) = c.env.split_first()?;
    let parts = c.kind.parts();
    if rest.is_empty() && parts.len() == 1 {
        return Some(format!(" - `{first}`: the {};", c.label));
    }
    let named: Vec<String> = c
        .env
        .iter()
        .zip(parts)
        .map(|(var, part)| format!("`{var}` (the {part})"))
        .collect();
    Some(format!(" - {}: the {};", named.join(" and "), c.label))
}

fn client_credentials_docs(c: &Credential) -> Vec<String> {
    let token_url = match &c.kind {
        CredentialKind::OAuth2 {
            token_url: Some(url),
            ..
        } => format!("`{url}`"),
        _ => "the scheme's token URL".to_owned(),
    };
    vec![
        format!(
            " Sets the client id and secret of `{}`: the client fetches access tokens from {token_url} by the OAuth2 client-credentials flow, with the scopes each operation needs, and sends them as `Authorization: Bearer <token>`.",
            c.scheme
        ),
        String::new(),
        " Each token is kept until shortly before it expires and fetched again once when the API answers 401. The secret goes to the token URL only; see [`ClientCredentials`] for another token URL or for sending the secret in the form body.".to_owned(),
    ]
}

fn token_provider_docs(c: &Credential) -> Vec<String> {
    let flows = match &c.kind {
        CredentialKind::OAuth2 { flows, .. } if !flows.is_empty() => {
            let flows: Vec<String> = flows.iter().map(|f| format!("`{f}`")).collect();
            format!(" (the spec's flows: {})", flows.join(", "))
        }
        _ => String::new(),
    };
    vec![
        format!(
            " Gets the access tokens of `{}` from `provider`{flows} and sends them as `Authorization: Bearer <token>`: the way to use a flow the client does not run itself (authorization code, device, refresh tokens, an OpenID Connect login).",
            c.scheme
        ),
        String::new(),
        " Each token is kept until shortly before it expires; after a 401 the provider is asked once for a new one.".to_owned(),
    ]
}
