//! Servers: each operation's list (its own `servers`, else its path
//! item's, else the document's), lowered once per distinct list, and what
//! `Configuration` offers to choose among them.

use openapiv3::{OpenAPI, Operation as SpecOperation, PathItem};

use crate::docs;
use crate::error::{Error, Pointer, Result};
use crate::ir::{
    Api, Credential, Server, ServerChoices, ServerDescription, ServerList, ServerListId,
    ServerVariable, VariableEnum, VariableValue,
};
use crate::load::Spec;
use crate::naming::{self, sanitize, Case, Names, Reserved};
use crate::template::UrlTemplate;

/// The crate root's own type names, which no variable enum may take.
const CRATE_TYPES: &[&str] = &[
    "Site",
    "Configuration",
    "Body",
    "BodyExcerpt",
    "Client",
    "ConfigError",
    "Date",
    "DateTime",
    "Error",
    "File",
    "Nullable",
    "RateLimit",
    "ResponseContent",
    "ResponseError",
    "RetryPolicy",
    "Secret",
];

/// The distinct server lists of one spec, gathered as its operations are
/// lowered.
#[derive(Debug)]
pub(super) struct ServerLists {
    /// The document's `servers`, lowered once.
    document: Vec<Server>,
    /// Each distinct list, with the constant of the first operation sent
    /// to it (`None` for the document's).
    lists: Vec<(Vec<Server>, Option<String>)>,
}

impl ServerLists {
    /// The lists of `spec`, none used yet.
    pub(super) fn new(spec: &Spec) -> Result<Self> {
        let document = lower_list(spec, &spec.doc.servers, &Pointer::root().push("servers"))?;
        Ok(ServerLists {
            document,
            lists: Vec::new(),
        })
    }

    /// The list of the operation `op` at `op_ptr` of `item` (at
    /// `item_ptr`), whose constant is `op_const`: its own servers, else its
    /// path item's, else the document's. An empty `servers` inherits, as
    /// `openapiv3` reads an absent one as empty.
    pub(super) fn of_operation(
        &mut self,
        spec: &Spec,
        (item, item_ptr): (&PathItem, &Pointer),
        (op, op_ptr): (&SpecOperation, &Pointer),
        op_const: &str,
    ) -> Result<ServerListId> {
        let (servers, owner) = if !op.servers.is_empty() {
            let servers = lower_list(spec, &op.servers, &op_ptr.push("servers"))?;
            (servers, Some(op_const))
        } else if !item.servers.is_empty() {
            let servers = lower_list(spec, &item.servers, &item_ptr.push("servers"))?;
            (servers, Some(op_const))
        } else {
            (self.document.clone(), None)
        };
        if let Some(at) = self.lists.iter().position(|(list, _)| *list == servers) {
            return Ok(ServerListId::new(at));
        }
        let owner = (servers != self.document).then_some(owner).flatten();
        self.lists.push((servers, owner.map(str::to_owned)));
        Ok(ServerListId::new(self.lists.len() - 1))
    }

    /// The lists, each named for its static among the module's operation
    /// constants `op_consts`.
    pub(super) fn finish<'a>(self, op_consts: impl Iterator<Item = &'a str>) -> Vec<ServerList> {
        let mut names = Names::reserving(Reserved::ApiConstant);
        for name in op_consts {
            names.claim(name);
        }
        self.lists
            .into_iter()
            .map(|(servers, owner)| ServerList {
                static_name: match owner {
                    None => "SERVERS".to_owned(),
                    Some(op) => names.unique(&naming::server_list_static(Some(&op))),
                },
                servers,
            })
            .collect()
    }
}

/// `servers` at `ptr`, each URL parsed.
fn lower_list(spec: &Spec, servers: &[openapiv3::Server], ptr: &Pointer) -> Result<Vec<Server>> {
    servers
        .iter()
        .enumerate()
        .map(|(at, server)| {
            let url = UrlTemplate::parse(&server.url).map_err(|e| Error::Unsupported {
                location: spec.location(&ptr.push(at).push("url")),
                what: format!("server URL `{}`: {e}", server.url),
            })?;
            Ok(Server {
                url,
                description: server.description.clone(),
                variables: (server.variables.iter().flatten())
                    .map(|(name, v)| ServerVariable {
                        name: name.clone(),
                        default: v.default.clone(),
                        values: v.enumeration.clone(),
                        docs: v
                            .description
                            .as_deref()
                            .map(docs::lines)
                            .unwrap_or_default(),
                    })
                    .collect(),
            })
        })
        .collect()
}

/// Every server of a document: its own, its path items' and its
/// operations', in spec order.
fn all_servers(doc: &OpenAPI) -> impl Iterator<Item = &openapiv3::Server> {
    let items = doc.paths.iter().filter_map(|(_, item)| item.as_item());
    let nested = items.flat_map(|item| {
        let own = item.iter().flat_map(|(_, op)| op.servers.iter());
        item.servers.iter().chain(own)
    });
    doc.servers.iter().chain(nested)
}

/// What `Configuration` offers to pick servers in a crate of `specs`
/// (lowered into `apis`) whose site variable (if any) is `site_variable`,
/// its methods clear of the `credentials`' setters and getters.
pub(super) fn choices(
    specs: &[(String, Spec)],
    apis: &[Api],
    credentials: &[Credential],
    site_variable: Option<&str>,
) -> ServerChoices {
    let count = (apis.iter().flat_map(|a| &a.server_lists))
        .map(|list| list.servers.len())
        .max()
        .unwrap_or(0);
    let taken: Vec<&str> = (credentials.iter())
        .flat_map(|c| {
            [
                Some(&c.setter),
                c.getter.as_ref(),
                c.client_credentials_setter.as_ref(),
                c.token_provider_setter.as_ref(),
            ]
        })
        .flatten()
        .map(String::as_str)
        .collect();
    let specs = specs.iter().map(|(_, spec)| spec);
    let mut descriptions: Vec<ServerDescription> = Vec::new();
    for spec in specs.clone() {
        for (index, server) in spec.doc.servers.iter().enumerate() {
            let Some(text) = &server.description else {
                continue;
            };
            if !descriptions.iter().any(|d| &d.description == text) {
                descriptions.push(ServerDescription {
                    description: text.clone(),
                    index,
                });
            }
        }
    }
    ServerChoices {
        count,
        descriptions,
        variables: variable_enums(specs, site_variable, &taken),
    }
}

/// One enum per server variable (but the site) whose values the spec
/// lists, the values of every server that has it merged.
fn variable_enums<'a>(
    specs: impl Iterator<Item = &'a Spec>,
    site_variable: Option<&str>,
    taken: &[&str],
) -> Vec<VariableEnum> {
    let mut found: Vec<(&str, Vec<&str>, Option<&str>)> = Vec::new();
    for spec in specs {
        for server in all_servers(&spec.doc) {
            for (name, variable) in server.variables.iter().flatten() {
                if variable.enumeration.is_empty() || Some(name.as_str()) == site_variable {
                    continue;
                }
                let at = match found.iter().position(|(n, _, _)| n == name) {
                    Some(at) => at,
                    None => {
                        found.push((name, Vec::new(), None));
                        found.len() - 1
                    }
                };
                let entry = &mut found[at];
                for value in &variable.enumeration {
                    if !entry.1.contains(&value.as_str()) {
                        entry.1.push(value);
                    }
                }
                entry.2 = entry.2.or(variable.description.as_deref());
            }
        }
    }
    let mut types = Names::reserving(Reserved::TypeName);
    let mut methods = Names::reserving(Reserved::ConfigurationMethod);
    for name in CRATE_TYPES {
        types.claim(name);
    }
    for name in taken {
        methods.claim(name);
    }
    found
        .into_iter()
        .map(|(name, values, description)| {
            let mut variants = Names::new();
            VariableEnum {
                name: name.to_owned(),
                rust_name: types.unique(&sanitize(name, Case::Pascal)),
                setter: methods.unique(&sanitize(name, Case::Snake)),
                values: values
                    .into_iter()
                    .map(|value| VariableValue {
                        wire_name: value.to_owned(),
                        rust_name: variants.unique(&sanitize(value, Case::Pascal)),
                    })
                    .collect(),
                docs: description.map(docs::lines).unwrap_or_default(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::{lower_crate, CrateInfo};

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: T, version: '1'}
servers:
  - url: https://{region}.example.com/{base}
    description: Production
    variables:
      region: {default: us, enum: [us, eu]}
      base: {default: v1}
  - url: https://staging.example.com
    description: Staging
paths:
  /a:
    get: {operationId: docLevel, responses: {'200': {description: OK}}}
  /b:
    servers:
      - url: https://path.example.com
    get: {operationId: pathLevel, responses: {'200': {description: OK}}}
    put:
      operationId: opLevel
      servers:
        - url: https://{region}.op.example.com
          variables:
            region: {default: ap, enum: [ap, eu]}
      responses: {'200': {description: OK}}
    post: {operationId: pathLevelToo, responses: {'200': {description: OK}}}
  /c:
    get:
      operationId: sameAsPath
      servers: [{url: 'https://path.example.com'}]
      responses: {'200': {description: OK}}
"#;

    #[test]
    fn operation_servers_win_over_path_servers_over_the_documents() {
        let spec = crate::load::parse(SPEC, "spec.yaml").unwrap_or_else(|e| panic!("{e}"));
        let info = CrateInfo::new("c", "0.0.0", "d", "runtime");
        let krate = lower_crate(&info, &[("api".into(), spec)]).unwrap_or_else(|e| panic!("{e}"));
        let api = &krate.apis[0];
        let urls = |id: ServerListId| -> Vec<String> {
            let list = id.get(&api.server_lists).unwrap();
            list.servers.iter().map(|s| s.url.to_string()).collect()
        };
        let by_op: Vec<(&str, &str, Vec<String>)> = api
            .operations
            .iter()
            .map(|op| {
                let list = op.servers.get(&api.server_lists).unwrap();
                (op.id.as_str(), list.static_name.as_str(), urls(op.servers))
            })
            .collect();
        let document = vec![
            "https://{region}.example.com/{base}".to_owned(),
            "https://staging.example.com".to_owned(),
        ];
        let path = vec!["https://path.example.com".to_owned()];
        assert_eq!(
            by_op,
            [
                ("docLevel", "SERVERS", document),
                ("pathLevel", "PATH_LEVEL_SERVERS", path.clone()),
                (
                    "opLevel",
                    "OP_LEVEL_SERVERS",
                    vec!["https://{region}.op.example.com".to_owned()]
                ),
                ("pathLevelToo", "PATH_LEVEL_SERVERS", path.clone()),
                // The same list, from an operation elsewhere: emitted once.
                ("sameAsPath", "PATH_LEVEL_SERVERS", path),
            ]
        );
        assert_eq!(api.server_lists.len(), 3);
        let choices = &krate.servers;
        assert_eq!(choices.count, 2);
        let descriptions: Vec<(&str, usize)> = (choices.descriptions.iter())
            .map(|d| (d.description.as_str(), d.index))
            .collect();
        assert_eq!(descriptions, [("Production", 0), ("Staging", 1)]);
        // `region`'s values from both servers that have it; `base` has none.
        let [region] = &choices.variables[..] else {
            panic!("{:?}", choices.variables)
        };
        let values: Vec<(&str, &str)> = (region.values.iter())
            .map(|v| (v.wire_name.as_str(), v.rust_name.as_str()))
            .collect();
        assert_eq!(
            (region.rust_name.as_str(), region.setter.as_str()),
            ("Region", "region")
        );
        assert_eq!(values, [("us", "Us"), ("eu", "Eu"), ("ap", "Ap")]);
    }

    #[test]
    fn a_malformed_operation_server_is_an_error_at_its_pointer() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      servers: [{url: 'https://{x.example'}]\n      responses: {'200': {description: OK}}\n";
        let spec = crate::load::parse(text, "spec.yaml").unwrap_or_else(|e| panic!("{e}"));
        let info = CrateInfo::new("c", "0.0.0", "d", "runtime");
        let error = lower_crate(&info, &[("api".into(), spec)]).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("#/paths/~1a/get/servers/0/url") && message.contains("never closed"),
            "{message}"
        );
    }

    #[test]
    fn variable_enums_keep_clear_of_configuration_methods_and_crate_types() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nservers:\n  - url: 'https://{site}.{timeout}.{Error}.example'\n    variables:\n      site: {default: a, enum: [a, b]}\n      timeout: {default: x, enum: [x]}\n      Error: {default: y, enum: [y]}\npaths: {}\n";
        let spec = crate::load::parse(text, "spec.yaml").unwrap_or_else(|e| panic!("{e}"));
        let info = CrateInfo::new("c", "0.0.0", "d", "runtime");
        let krate = lower_crate(&info, &[("api".into(), spec)]).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<(&str, &str)> = (krate.servers.variables.iter())
            .map(|v| (v.rust_name.as_str(), v.setter.as_str()))
            .collect();
        // `site` is the site variable: the `Site` enum already.
        assert_eq!(names, [("Timeout", "timeout2"), ("Error2", "error")]);
    }
}
