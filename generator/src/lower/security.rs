//! Security schemes and requirements: one [`Credential`] per scheme of the
//! specs, with its kind, its `Configuration` methods and the environment
//! variables the configuration names; and each operation's requirements,
//! as the spec states them.

use openapiv3::{APIKeyLocation, OAuth2Flows, SecurityRequirement, SecurityScheme};

use super::CrateInfo;
use crate::docs;
use crate::error::{Error, Pointer, Result};
use crate::ir::{Credential, CredentialKind, KeyLocation, Requirement};
use crate::load::Spec;
use crate::naming::{self, sanitize, Case, Names, Reserved};

/// One credential per security scheme of any spec, in order of first
/// appearance, named as the configuration says.
pub(super) fn credentials(info: &CrateInfo, specs: &[(String, Spec)]) -> Result<Vec<Credential>> {
    let mut methods = Names::reserving(Reserved::ConfigurationMethod);
    let mut out: Vec<Credential> = Vec::new();
    for (_, spec) in specs {
        let Some(components) = &spec.doc.components else {
            continue;
        };
        for (name, scheme) in &components.security_schemes {
            if out.iter().any(|c| &c.scheme == name) {
                continue;
            }
            let ptr = Pointer::root()
                .push("components")
                .push("securitySchemes")
                .push(name);
            let scheme = spec
                .resolve(scheme, &ptr, "securitySchemes", |c| &c.security_schemes)?
                .item;
            let kind = kind(scheme);
            let configured = info.credentials.iter().find(|c| &c.scheme == name);
            let env = configured.map(|c| c.env.clone()).unwrap_or_default();
            if env.len() > kind.parts().len() {
                return Err(Error::Unsupported {
                    location: spec.location(&ptr),
                    what: format!(
                        "the configuration names {} environment variables for `{name}`, which is set by {} ({})",
                        env.len(),
                        kind.parts().len(),
                        kind.parts().join(", ")
                    ),
                });
            }
            let setter = methods.unique(
                &configured
                    .and_then(|c| c.setter.clone())
                    .unwrap_or_else(|| sanitize(name, Case::Snake)),
            );
            let names = MethodNames::of(&kind, &setter, &mut methods);
            out.push(Credential {
                scheme: name.clone(),
                label: configured
                    .and_then(|c| c.label.clone())
                    .unwrap_or_else(|| default_label(name, &kind)),
                env,
                setter,
                getter: names.getter,
                client_credentials_setter: names.client_credentials,
                token_provider_setter: names.token_provider,
                docs: description(scheme).map(docs::lines).unwrap_or_default(),
                kind,
            });
        }
    }
    Ok(out)
}

/// The `Configuration` methods of a credential besides its setter, each
/// claimed in the configuration's namespace.
struct MethodNames {
    getter: Option<String>,
    client_credentials: Option<String>,
    token_provider: Option<String>,
}

impl MethodNames {
    fn of(kind: &CredentialKind, setter: &str, methods: &mut Names) -> Self {
        let (getter, client_credentials, token_provider) = match kind {
            CredentialKind::Basic => (false, false, false),
            CredentialKind::ApiKey { .. }
            | CredentialKind::Bearer { .. }
            | CredentialKind::Http { .. } => (true, false, false),
            CredentialKind::OAuth2 { token_url, .. } => (true, token_url.is_some(), true),
            CredentialKind::OpenIdConnect { .. } => (true, false, true),
        };
        let mut claim = |wanted: bool, name: String| wanted.then(|| methods.unique(&name));
        MethodNames {
            getter: claim(getter, naming::getter_fn(setter)),
            client_credentials: claim(client_credentials, naming::client_credentials_fn(setter)),
            token_provider: claim(token_provider, naming::token_provider_fn(setter)),
        }
    }
}

/// The kind of `scheme`, as the runtime sends it.
fn kind(scheme: &SecurityScheme) -> CredentialKind {
    match scheme {
        SecurityScheme::APIKey { location, name, .. } => CredentialKind::ApiKey {
            location: match location {
                APIKeyLocation::Header => KeyLocation::Header,
                APIKeyLocation::Query => KeyLocation::Query,
                APIKeyLocation::Cookie => KeyLocation::Cookie,
            },
            name: name.clone(),
        },
        // RFC 7235: the scheme name is case-insensitive.
        SecurityScheme::HTTP {
            scheme,
            bearer_format,
            ..
        } => match scheme.to_ascii_lowercase().as_str() {
            "basic" => CredentialKind::Basic,
            "bearer" => CredentialKind::Bearer {
                format: bearer_format.clone(),
            },
            _ => CredentialKind::Http {
                scheme: scheme.clone(),
            },
        },
        SecurityScheme::OAuth2 { flows, .. } => oauth2(flows),
        SecurityScheme::OpenIDConnect {
            open_id_connect_url,
            ..
        } => CredentialKind::OpenIdConnect {
            url: open_id_connect_url.clone(),
        },
    }
}

/// An `oauth2` scheme: its client-credentials token URL, its flows and
/// every scope they declare.
fn oauth2(flows: &OAuth2Flows) -> CredentialKind {
    let mut names = Vec::new();
    let mut scopes: Vec<(String, String)> = Vec::new();
    let mut add = |flow: &str, declared: &indexmap::IndexMap<String, String>| {
        names.push(flow.to_owned());
        for (scope, description) in declared {
            if !scopes.iter().any(|(s, _)| s == scope) {
                scopes.push((scope.clone(), description.clone()));
            }
        }
    };
    if let Some(flow) = &flows.authorization_code {
        add("authorizationCode", &flow.scopes);
    }
    if let Some(flow) = &flows.client_credentials {
        add("clientCredentials", &flow.scopes);
    }
    if let Some(flow) = &flows.implicit {
        add("implicit", &flow.scopes);
    }
    if let Some(flow) = &flows.password {
        add("password", &flow.scopes);
    }
    CredentialKind::OAuth2 {
        token_url: flows
            .client_credentials
            .as_ref()
            .map(|f| f.token_url.clone()),
        flows: names,
        scopes,
    }
}

fn description(scheme: &SecurityScheme) -> Option<&str> {
    match scheme {
        SecurityScheme::APIKey { description, .. }
        | SecurityScheme::HTTP { description, .. }
        | SecurityScheme::OAuth2 { description, .. }
        | SecurityScheme::OpenIDConnect { description, .. } => description.as_deref(),
    }
}

/// How messages name a credential the configuration gives no label.
fn default_label(scheme: &str, kind: &CredentialKind) -> String {
    match kind {
        CredentialKind::ApiKey { .. } => format!("`{scheme}` key"),
        CredentialKind::Basic => format!("`{scheme}` user and password"),
        CredentialKind::Bearer { .. } | CredentialKind::Http { .. } => {
            format!("`{scheme}` token")
        }
        CredentialKind::OAuth2 { .. } | CredentialKind::OpenIdConnect { .. } => {
            format!("`{scheme}` access token")
        }
    }
}

/// An operation's security requirements: its own `security` when it has
/// one (`[]`: none), else the spec's global one. An alternative naming a
/// scheme the specs do not define can never be sent: it is left out, with
/// a warning naming its pointer.
pub(super) fn requirements(
    spec: &Spec,
    own: Option<&Vec<SecurityRequirement>>,
    op_ptr: &Pointer,
    credentials: &[Credential],
    warnings: &mut Vec<String>,
) -> Vec<Vec<Requirement>> {
    let (list, ptr) = match own {
        Some(list) => (list, op_ptr.push("security")),
        None => match &spec.doc.security {
            Some(list) => (list, Pointer::root().push("security")),
            None => return Vec::new(),
        },
    };
    let mut out = Vec::new();
    for (index, alternative) in list.iter().enumerate() {
        let unknown = alternative
            .keys()
            .find(|scheme| !credentials.iter().any(|c| &&c.scheme == scheme));
        if let Some(scheme) = unknown {
            warnings.push(format!(
                "{}: the security requirement names `{scheme}`, which is not in `components.securitySchemes`; this alternative is left out",
                spec.location(&ptr.push(index))
            ));
            continue;
        }
        out.push(
            alternative
                .iter()
                .map(|(scheme, scopes)| Requirement {
                    scheme: scheme.clone(),
                    scopes: scopes.clone(),
                })
                .collect(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::{lower_crate, CredentialInfo};

    fn krate(text: &str, info: CrateInfo) -> crate::ir::Crate {
        let spec = crate::load::parse(text, "spec.yaml").unwrap_or_else(|e| panic!("{e}"));
        lower_crate(&info, &[("api".into(), spec)]).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Found by `cargo xtask fuzz`: a scheme named `type` has the setter
    /// `r#type` and the getter `get_type`, which a scheme named `get_type`
    /// then cannot take.
    #[test]
    fn credential_getters_are_identifiers_of_their_own() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  securitySchemes:\n    type: {type: apiKey, in: header, name: X-A}\n    get_type: {type: apiKey, in: header, name: X-B}\n";
        let krate = krate(text, CrateInfo::new("c", "0.0.0", "d", "runtime"));
        let names: Vec<(&str, Option<&str>)> = krate
            .credentials
            .iter()
            .map(|c| (c.setter.as_str(), c.getter.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("r#type", Some("get_type")),
                ("get_type2", Some("get_get_type2"))
            ]
        );
    }

    const SCHEMES: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  securitySchemes:\n    basic: {type: http, scheme: Basic}\n    bearer: {type: http, scheme: bearer, bearerFormat: JWT}\n    digest: {type: http, scheme: Digest}\n    cookie: {type: apiKey, in: cookie, name: sid}\n    oauth:\n      type: oauth2\n      flows:\n        authorizationCode: {authorizationUrl: 'https://a/auth', tokenUrl: 'https://a/token', scopes: {read: Read, write: Write}}\n        clientCredentials: {tokenUrl: 'https://a/token', scopes: {read: Read, admin: Admin}}\n    oidc: {type: openIdConnect, openIdConnectUrl: 'https://a/.well-known/openid-configuration'}\n";

    #[test]
    fn every_kind_of_scheme_has_its_kind_and_methods() {
        let mut info = CrateInfo::new("c", "0.0.0", "d", "runtime");
        info.credentials.push(CredentialInfo {
            scheme: "basic".into(),
            setter: Some("login".into()),
            label: None,
            env: vec!["C_USER".into(), "C_PASSWORD".into()],
        });
        let krate = krate(SCHEMES, info);
        let by = |name: &str| {
            krate
                .credentials
                .iter()
                .find(|c| c.scheme == name)
                .unwrap_or_else(|| panic!("{name}"))
        };
        let basic = by("basic");
        assert_eq!(basic.kind, CredentialKind::Basic);
        assert_eq!(
            (basic.setter.as_str(), basic.getter.as_deref()),
            ("login", None)
        );
        assert_eq!(basic.env, ["C_USER", "C_PASSWORD"]);
        assert_eq!(
            by("bearer").kind,
            CredentialKind::Bearer {
                format: Some("JWT".into())
            }
        );
        assert_eq!(
            by("digest").kind,
            CredentialKind::Http {
                scheme: "Digest".into()
            }
        );
        assert_eq!(
            by("cookie").kind,
            CredentialKind::ApiKey {
                location: KeyLocation::Cookie,
                name: "sid".into()
            }
        );
        let oauth = by("oauth");
        assert_eq!(
            oauth.kind,
            CredentialKind::OAuth2 {
                token_url: Some("https://a/token".into()),
                flows: vec!["authorizationCode".into(), "clientCredentials".into()],
                scopes: vec![
                    ("read".into(), "Read".into()),
                    ("write".into(), "Write".into()),
                    ("admin".into(), "Admin".into()),
                ],
            }
        );
        assert_eq!(
            oauth.client_credentials_setter.as_deref(),
            Some("oauth_client_credentials")
        );
        assert_eq!(
            oauth.token_provider_setter.as_deref(),
            Some("oauth_token_provider")
        );
        let oidc = by("oidc");
        assert_eq!(oidc.client_credentials_setter, None);
        assert_eq!(
            oidc.token_provider_setter.as_deref(),
            Some("oidc_token_provider")
        );
        assert!(krate
            .credentials
            .iter()
            .filter(|c| c.scheme != "basic")
            .all(|c| c.env.is_empty()));
    }

    #[test]
    fn requirements_are_kept_as_the_spec_states_them() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nsecurity: [{key: []}]\npaths:\n  /global: {get: {operationId: Global, responses: {'204': {description: ok}}}}\n  /none: {get: {operationId: None, security: [], responses: {'204': {description: ok}}}}\n  /shapes: {get: {operationId: Shapes, security: [{}, {key: [], oauth: [b, a]}, {ghost: []}], responses: {'204': {description: ok}}}}\ncomponents:\n  securitySchemes:\n    key: {type: apiKey, in: query, name: k}\n    oauth: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a/auth', scopes: {a: A, b: B}}}}\n";
        let krate = krate(text, CrateInfo::new("c", "0.0.0", "d", "runtime"));
        let api = &krate.apis[0];
        let requirement = |scheme: &str, scopes: &[&str]| Requirement {
            scheme: scheme.to_owned(),
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        };
        let security: Vec<&Vec<Vec<Requirement>>> =
            api.operations.iter().map(|op| &op.security).collect();
        assert_eq!(
            security,
            [
                &vec![vec![requirement("key", &[])]],
                &vec![],
                // The undefined scheme's alternative is left out; scopes
                // keep the spec's order.
                &vec![
                    vec![],
                    vec![requirement("key", &[]), requirement("oauth", &["b", "a"])]
                ],
            ]
        );
        assert_eq!(
            api.warnings,
            ["spec.yaml#/paths/~1shapes/get/security/2: the security requirement names `ghost`, which is not in `components.securitySchemes`; this alternative is left out"]
        );
    }

    #[test]
    fn more_variables_than_parts_is_an_error_at_the_scheme() {
        let mut info = CrateInfo::new("c", "0.0.0", "d", "runtime");
        info.credentials.push(CredentialInfo {
            scheme: "bearer".into(),
            setter: None,
            label: None,
            env: vec!["A".into(), "B".into()],
        });
        let spec = crate::load::parse(SCHEMES, "spec.yaml").unwrap_or_else(|e| panic!("{e}"));
        let error = lower_crate(&info, &[("api".into(), spec)])
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("spec.yaml#/components/securitySchemes/bearer (line 7): unsupported: the configuration names 2 environment variables for `bearer`, which is set by 1 (token)")
        );
    }
}
