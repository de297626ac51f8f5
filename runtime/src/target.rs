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

/// The server URL: the site variable takes the configured site, every other
/// variable its configured override or default.
pub(crate) fn server_url(
    server: &Server,
    settings: &Settings,
) -> Result<String, Error<Infallible>> {
    let mut url = String::with_capacity(64);
    for part in server.url {
        match *part {
            TemplatePart::Literal(text) => url.push_str(text),
            TemplatePart::Variable(name) => {
                let site = if settings.profile().site_variable == Some(name) {
                    settings.get_site()
                } else {
                    None
                };
                let value = site
                    .or_else(|| settings.get_server_variable(name))
                    .or_else(|| {
                        server
                            .variables
                            .iter()
                            .find(|variable| variable.name == name)
                            .map(|variable| variable.default)
                    })
                    .ok_or_else(|| {
                        Error::InvalidRequest(format!("no value for the server variable `{name}`"))
                    })?;
                url.push_str(value);
            }
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
    let mut url = match settings.get_base_url() {
        Some(base) => base.as_str().trim_end_matches('/').to_owned(),
        None => server_url(op.server, settings)?,
    };
    url.push_str(path);
    if !query.is_empty() {
        url.push('?');
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
            },
            ServerVariable {
                name: "subdomain",
                default: "api",
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
        server: &SERVER,
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
