//! Where a request goes: the server URL rendered from its parsed template,
//! and the path assembled from the operation's parsed template and the
//! values of its path parameters.
//!
//! Layer 7: imports from `error`, `operation`, `encoding` and `config`.

use std::convert::Infallible;

use crate::config::Settings;
use crate::encoding::PathValue;
use crate::error::Error;
use crate::operation::{Operation, Server, TemplatePart};

/// The server an operation is sent to: the configured index in its list,
/// else its first; `None` when the spec gives it none.
pub(crate) fn server(op: &Operation, settings: &Settings) -> Option<&'static Server> {
    op.servers
        .get(settings.get_server_index())
        .or_else(|| op.servers.first())
}

/// The value of server variable `variable` of `server`: the configured
/// site for the site variable when the variable allows it, else the
/// configured override, else its default. A site variable whose values do
/// not include the site (Datadog's On-Call hosts) takes its override or
/// default, as any other variable does.
fn variable_value<'a>(
    server: &'a Server,
    name: &str,
    settings: &'a Settings,
) -> Result<&'a str, Error<Infallible>> {
    let declared = server.variables.iter().find(|v| v.name == name);
    let allowed = |value: &str| declared.is_none_or(|v| v.allows(value));
    let site = settings
        .get_site()
        .filter(|site| settings.profile().site_variable == Some(name) && allowed(site));
    let value = site
        .or_else(|| settings.get_server_variable(name))
        .or_else(|| declared.map(|v| v.default))
        .ok_or_else(|| {
            Error::InvalidRequest(format!("no value for the server variable `{name}`"))
        })?;
    if !allowed(value) {
        let values = declared.map(|v| v.values.join(", ")).unwrap_or_default();
        return Err(Error::InvalidRequest(format!(
            "the server variable `{name}` is `{value}`, which this server does not allow; it allows {values}"
        )));
    }
    Ok(value)
}

/// The server URL, each variable filled by [`variable_value`].
pub(crate) fn server_url(
    server: &Server,
    settings: &Settings,
) -> Result<String, Error<Infallible>> {
    let mut url = String::with_capacity(64);
    for part in server.url {
        match *part {
            TemplatePart::Literal(text) => url.push_str(text),
            TemplatePart::Variable(name) => url.push_str(variable_value(server, name, settings)?),
        }
    }
    Ok(url)
}

/// The URL of a request: the base URL override or the operation's server,
/// then `path` and `query`. The client sends to it, and a mock expects what
/// it gives, so both read the path and query as the same URL parser left
/// them.
pub(crate) fn url(
    settings: &Settings,
    op: &Operation,
    path: &str,
    query: &str,
) -> Result<url::Url, Error<Infallible>> {
    let mut url = match (settings.get_base_url(), server(op, settings)) {
        (Some(base), _) => base.as_str().trim_end_matches('/').to_owned(),
        (None, Some(server)) => server_url(server, settings)?,
        (None, None) => {
            return Err(Error::InvalidRequest(format!(
                "{}: the spec gives no server; set a base URL",
                op.id
            )))
        }
    };
    if !url.contains("://") {
        // `/api/v3`: relative to wherever the spec was served from.
        return Err(Error::InvalidRequest(format!(
            "{}: the spec's server `{url}` is relative; set a base URL",
            op.id
        )));
    }
    url.push_str(path);
    if !query.is_empty() {
        // A path key may carry its own query (OpenAI's
        // `/responses/{id}?beta=true`): the parameters follow it.
        url.push(if path.contains('?') { '&' } else { '?' });
        url.push_str(query);
    }
    url::Url::parse(&url)
        .map_err(|error| Error::InvalidRequest(format!("invalid request URL: {error}")))
}

/// The request path: each variable of `op.path` takes the next of `args`,
/// percent-encoded as one path segment.
///
/// An empty value or a dot segment (`.`, `..`, or a percent-encoded form of
/// them) is refused: URL parsers resolve dot segments, even encoded, so such
/// a value would silently address another resource.
pub(crate) fn path(op: &Operation, args: &[&dyn PathValue]) -> Result<String, Error<Infallible>> {
    let invalid = |reason: String| Error::InvalidRequest(format!("{}: {reason}", op.id));
    let mismatch = || {
        let expected = op
            .path
            .iter()
            .filter(|part| matches!(part, TemplatePart::Variable(_)))
            .count();
        invalid(format!(
            "`{}` has {expected} path parameters, {} values were given",
            op.path_template(),
            args.len()
        ))
    };
    let literal: usize = op
        .path
        .iter()
        .map(|part| match part {
            TemplatePart::Literal(text) => text.len(),
            TemplatePart::Variable(_) => 0,
        })
        .sum();
    let mut path = String::with_capacity(literal + 32);
    let mut values = args.iter();
    for part in op.path {
        match *part {
            TemplatePart::Literal(text) => path.push_str(text),
            TemplatePart::Variable(name) => {
                let value = values.next().ok_or_else(mismatch)?;
                if value.text().is_empty() {
                    return Err(invalid(format!(
                        "path parameter `{name}` must not be empty"
                    )));
                }
                // Checked once encoded: `%2E%2E` is sent as `%252E%252E`,
                // which no parser reads as a dot segment.
                let encoded = value.encoded();
                if is_dot_segment(&encoded) {
                    return Err(invalid(format!(
                        "path parameter `{name}` must not be `.` or `..`"
                    )));
                }
                path.push_str(&encoded);
            }
        }
    }
    if values.next().is_some() {
        return Err(mismatch());
    }
    Ok(path)
}

/// Whether `segment` is `.` or `..`, plain or percent-encoded.
fn is_dot_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "." | "%2e" | ".." | ".%2e" | "%2e." | "%2e%2e"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, PROFILE};
    use crate::operation::{ErrorStatus, Profile, ServerVariable};

    /// The fixture's server, whose site variable defaults to a site that
    /// is not the profile's.
    const SERVER: Server = Server {
        variables: &[
            ServerVariable {
                name: "site",
                default: "default.example",
                values: &[],
            },
            ServerVariable {
                name: "subdomain",
                default: "api",
                values: &[],
            },
        ],
        ..fixtures::SERVER
    };

    const OP: Operation = Operation {
        id: "GetThing",
        path: &[
            TemplatePart::Literal("/things/"),
            TemplatePart::Variable("thing_id"),
            TemplatePart::Literal("/parts/"),
            TemplatePart::Variable("part"),
            TemplatePart::Literal(".json"),
        ],
        servers: &[SERVER],
        security: &[],
        error_statuses: &[ErrorStatus::Default],
        ..fixtures::OPERATION
    };

    #[test]
    fn renders_server_urls_from_parts() {
        let settings = Settings::new(&PROFILE);
        assert_eq!(
            server_url(&SERVER, &settings).unwrap(),
            "https://api.one.example"
        );
        let settings = Settings::new(&PROFILE)
            .with_site("two.example")
            .server_variable("subdomain", "intake")
            .unwrap();
        assert_eq!(
            server_url(&SERVER, &settings).unwrap(),
            "https://intake.two.example"
        );
        let unknown = Server {
            url: &[
                TemplatePart::Literal("https://"),
                TemplatePart::Variable("region"),
                TemplatePart::Literal(".example"),
            ],
            variables: &[],
        };
        let error = server_url(&unknown, &settings).unwrap_err();
        assert!(
            matches!(error, Error::InvalidRequest(ref m) if m.contains("`region`")),
            "{error:?}"
        );
        // An override of a variable that is not the site variable wins over
        // its default.
        let settings = Settings::new(&PROFILE)
            .server_variable("region", "eu")
            .unwrap();
        assert_eq!(
            server_url(&unknown, &settings).unwrap(),
            "https://eu.example"
        );
    }

    #[test]
    fn builds_urls_on_the_server_or_the_base_url() {
        let settings = Settings::new(&PROFILE);
        let built = url(&settings, &OP, "/things/a%2Fb", "page%5Bsize%5D=5").unwrap();
        assert_eq!(
            built.as_str(),
            "https://api.one.example/things/a%2Fb?page%5Bsize%5D=5"
        );
        let proxied = Settings::new(&PROFILE)
            .base_url("http://127.0.0.1:9/prefix/")
            .unwrap();
        let built = url(&proxied, &OP, "/things", "").unwrap();
        assert_eq!(built.as_str(), "http://127.0.0.1:9/prefix/things");
    }

    #[test]
    fn query_parameters_follow_a_query_the_path_carries() {
        let settings = Settings::new(&PROFILE);
        let built = url(&settings, &OP, "/responses/r1?beta=true", "stream=true").unwrap();
        assert_eq!(
            built.as_str(),
            "https://api.one.example/responses/r1?beta=true&stream=true"
        );
        let pairs: Vec<_> = built.query_pairs().collect();
        assert_eq!(
            pairs,
            [
                ("beta".into(), "true".into()),
                ("stream".into(), "true".into())
            ]
        );
        let built = url(&settings, &OP, "/responses/r1?beta=true", "").unwrap();
        assert_eq!(built.query(), Some("beta=true"));
    }

    /// `https://{subdomain}.{site}` for logs, then a fixed host.
    const INTAKE: [Server; 2] = [
        Server {
            variables: &[
                ServerVariable {
                    name: "subdomain",
                    default: "logs.intake",
                    values: &[],
                },
                ServerVariable {
                    name: "site",
                    default: "one.example",
                    values: &[],
                },
            ],
            ..fixtures::SERVER
        },
        fixtures::LITERAL_SERVER,
    ];

    /// `https://{site}` whose site is a host of its own: the profile's sites
    /// are not among its values.
    const ONCALL: Server = Server {
        url: &[
            TemplatePart::Literal("https://"),
            TemplatePart::Variable("site"),
        ],
        variables: &[ServerVariable {
            name: "site",
            default: "navy.oncall.example",
            values: &["navy.oncall.example", "beige.oncall.example"],
        }],
    };

    #[test]
    fn an_operation_goes_to_the_server_at_the_configured_index_else_its_first() {
        const LOGS: Operation = Operation {
            servers: &INTAKE,
            path: &[TemplatePart::Literal("/v1/input")],
            ..OP
        };
        let settings = Settings::new(&PROFILE).with_site("two.example");
        let built = url(&settings, &LOGS, "/v1/input", "").unwrap();
        assert_eq!(built.as_str(), "https://logs.intake.two.example/v1/input");
        // The document's server for the others.
        let built = url(&settings, &OP, "/things", "").unwrap();
        assert_eq!(built.as_str(), "https://api.two.example/things");

        let second = settings.clone().server_index(1);
        let built = url(&second, &LOGS, "/v1/input", "").unwrap();
        assert_eq!(built.as_str(), "https://api.example/v1/input");
        // A list with one server: its first.
        let built = url(&second, &OP, "/things", "").unwrap();
        assert_eq!(built.as_str(), "https://api.two.example/things");
        // The base URL overrides every server.
        let proxied = second.base_url("http://127.0.0.1:9").unwrap();
        let built = url(&proxied, &LOGS, "/v1/input", "").unwrap();
        assert_eq!(built.as_str(), "http://127.0.0.1:9/v1/input");
    }

    #[test]
    fn a_site_variable_of_other_values_takes_its_override_or_default() {
        static ONCALL_OP: Operation = Operation {
            servers: &[ONCALL],
            ..OP
        };
        let settings = Settings::new(&PROFILE).with_site("two.example");
        let built = url(&settings, &ONCALL_OP, "/pages", "").unwrap();
        assert_eq!(built.as_str(), "https://navy.oncall.example/pages");
        let settings = settings
            .server_variable("site", "beige.oncall.example")
            .unwrap();
        let built = url(&settings, &ONCALL_OP, "/pages", "").unwrap();
        assert_eq!(built.as_str(), "https://beige.oncall.example/pages");
        // The others keep the site.
        let built = url(&settings, &OP, "/things", "").unwrap();
        assert_eq!(built.as_str(), "https://api.two.example/things");
        // A value the server does not allow is refused before sending.
        let settings = Settings::new(&PROFILE)
            .server_variable("site", "elsewhere.example")
            .unwrap();
        let error = url(&settings, &ONCALL_OP, "/pages", "").unwrap_err();
        assert!(
            matches!(error, Error::InvalidRequest(ref m)
                if m.contains("`site` is `elsewhere.example`") && m.contains("beige.oncall.example")),
            "{error:?}"
        );
    }

    #[test]
    fn relative_or_missing_servers_need_a_base_url() {
        const RELATIVE: Server = Server {
            url: &[TemplatePart::Literal("/api/v3")],
            variables: &[],
        };
        static PETS: Operation = Operation {
            id: "getPet",
            servers: &[RELATIVE],
            ..OP
        };
        static NOWHERE: Operation = Operation {
            id: "getPet",
            servers: &[],
            ..OP
        };
        let settings = Settings::new(&PROFILE);
        let error = url(&settings, &PETS, "/pet/1", "").unwrap_err();
        assert!(
            matches!(error, Error::InvalidRequest(ref m)
                if m == "getPet: the spec's server `/api/v3` is relative; set a base URL"),
            "{error:?}"
        );
        let error = url(&settings, &NOWHERE, "/pet/1", "").unwrap_err();
        assert!(
            matches!(error, Error::InvalidRequest(ref m) if m.contains("no server")),
            "{error:?}"
        );
        let based = settings.base_url("http://127.0.0.1:9/api/v3").unwrap();
        for op in [&PETS, &NOWHERE] {
            let built = url(&based, op, "/pet/1", "").unwrap();
            assert_eq!(built.as_str(), "http://127.0.0.1:9/api/v3/pet/1");
        }
    }

    #[test]
    fn the_site_variable_falls_back_to_its_default_without_sites() {
        const NO_SITES: Profile = Profile {
            sites: &[],
            ..PROFILE
        };
        let settings = Settings::new(&NO_SITES);
        assert_eq!(
            server_url(&SERVER, &settings).unwrap(),
            "https://api.default.example"
        );
    }

    #[test]
    fn assembles_paths_with_encoded_values() {
        assert_eq!(
            path(&OP, &[&"abc", &7]).unwrap(),
            "/things/abc/parts/7.json"
        );
        assert_eq!(
            path(&OP, &[&"a/b?c#d", &"clé 100%"]).unwrap(),
            "/things/a%2Fb%3Fc%23d/parts/cl%C3%A9%20100%25.json"
        );
        assert_eq!(
            path(&OP, &[&"../x", &"..."]).unwrap(),
            "/things/..%2Fx/parts/....json"
        );
        const LITERAL: Operation = Operation {
            path: &[TemplatePart::Literal("/things")],
            ..OP
        };
        assert_eq!(path(&LITERAL, &[]).unwrap(), "/things");
    }

    #[test]
    fn array_values_are_joined_by_commas_each_item_encoded() {
        use crate::encoding::PathList;
        assert_eq!(
            path(&OP, &[&PathList(&[1, 2, 3]), &PathList(&["a,b", "c/d"])]).unwrap(),
            "/things/1,2,3/parts/a%2Cb,c%2Fd.json"
        );
        let empty: [u8; 0] = [];
        assert!(path(&OP, &[&PathList(&empty), &1]).is_err());
        use crate::encoding::PathObject;
        let object = serde_json::json!({"first name": "Alex", "role": "admin"});
        let (plain, exploded) = (
            PathObject {
                value: &object,
                explode: false,
            },
            PathObject {
                value: &object,
                explode: true,
            },
        );
        assert_eq!(
            path(&OP, &[&plain, &exploded]).unwrap(),
            "/things/first%20name,Alex,role,admin/parts/first%20name=Alex,role=admin.json"
        );
    }

    #[test]
    fn path_parameters_cannot_traverse_or_vanish() {
        // An encoded dot is sent as `%252E`: a literal percent, no dot segment.
        assert_eq!(
            path(&OP, &[&"%2E%2E", &"p"]).unwrap(),
            "/things/%252E%252E/parts/p.json"
        );
        for bad in ["", ".", ".."] {
            let error = path(&OP, &[&bad, &"p"]).unwrap_err();
            match &error {
                Error::InvalidRequest(message) => {
                    assert!(message.starts_with("GetThing: "), "{message}");
                    assert!(message.contains("`thing_id`"), "{message}");
                }
                other => panic!("{bad:?}: unexpected {other:?}"),
            }
            let error = path(&OP, &[&"t", &bad]).unwrap_err();
            assert!(
                matches!(error, Error::InvalidRequest(ref m) if m.contains("`part`")),
                "{bad:?}: {error:?}"
            );
        }
    }

    #[test]
    fn value_counts_must_match() {
        let none: [&dyn PathValue; 0] = [];
        let one: [&dyn PathValue; 1] = [&"a"];
        let three: [&dyn PathValue; 3] = [&"a", &"b", &"c"];
        for args in [&none[..], &one[..], &three[..]] {
            let error = path(&OP, args).unwrap_err();
            assert!(
                matches!(error, Error::InvalidRequest(ref m) if m.starts_with("GetThing: ")),
                "{error:?}"
            );
        }
    }
}
