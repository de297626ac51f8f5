//! Stage 2, **lower**: a loaded spec → the IR ([`crate::ir`]).
//!
//! Every decision about meaning is made here: Rust names (through
//! [`crate::naming`]), Rust types, which shape a field takes, which
//! operations page, which sites lack an operation. Templates only lay out
//! the result.

mod extensions;
mod operation_docs;
mod operations;
mod types;

use openapiv3::OpenAPI;

use crate::docs;
use crate::error::Result;
use crate::ir::{Api, Crate, Group, Server, ServerVariable, Variant};
use crate::load::Spec;
use crate::naming::{sanitize, Case, Names};

pub use types::RESERVED_TYPE_NAMES;

/// What the crate is called and which spec becomes which module.
#[derive(Debug, Clone)]
pub struct CrateInfo {
    /// Package name.
    pub package: String,
    /// Package version.
    pub version: String,
    /// One-line description.
    pub description: String,
}

/// Lowers loaded specs, each paired with its module name, into one crate.
pub fn lower_crate(info: &CrateInfo, specs: &[(String, Spec)]) -> Result<Crate> {
    let (sites, default_site) = sites(specs)?;
    let mut module_names = Names::with_reserved(["runtime", "Site", "tests"]);
    let mut apis = Vec::new();
    for (module, spec) in specs {
        let module = module_names.unique(&sanitize(module, Case::Snake));
        apis.push(lower_api(spec, &module, &sites)?);
    }
    Ok(Crate {
        package: info.package.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        sites,
        default_site,
        apis,
    })
}

/// Lowers one spec into the module `module`, checking site names against
/// the crate's `sites`.
pub fn lower_api(spec: &Spec, module: &str, sites: &[Variant]) -> Result<Api> {
    let mut types = types::TypeLowerer::new(spec)?;
    types.lower_components()?;
    let mut ops = operations::OperationLowerer {
        spec,
        types: &mut types,
        sites,
        fn_names: Names::with_reserved(["new", "with_client", "client"]),
        const_names: Names::with_reserved(["SERVER"]),
    };
    let operations = ops.lower_all()?;
    let groups = groups(&spec.doc, &operations, &mut types);
    let doc = &spec.doc;
    let mut api_docs = vec![doc.info.title.clone()];
    if let Some(d) = &doc.info.description {
        docs::append(&mut api_docs, d);
    }
    Ok(Api {
        module: module.to_owned(),
        source: spec.file.clone(),
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        docs: api_docs,
        server: server(spec)?,
        groups,
        operations,
        models: types.finish(),
    })
}

/// One API struct per tag, in order of first use; untagged operations go
/// to a struct named after the spec's title.
fn groups(
    doc: &OpenAPI,
    operations: &[crate::ir::Operation],
    types: &mut types::TypeLowerer<'_>,
) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut ops_by_tag: Vec<(String, Vec<usize>)> = Vec::new();
    for (index, (_, _, op)) in doc.operations().enumerate() {
        let tag = op
            .tags
            .first()
            .cloned()
            .unwrap_or_else(|| doc.info.title.clone());
        match ops_by_tag.iter_mut().find(|(t, _)| *t == tag) {
            Some((_, list)) => list.push(index),
            None => ops_by_tag.push((tag, vec![index])),
        }
    }
    for (tag, indexes) in ops_by_tag {
        let mut group_docs = Vec::new();
        if let Some(d) = doc
            .tags
            .iter()
            .find(|t| t.name == tag)
            .and_then(|t| t.description.as_ref())
        {
            docs::append(&mut group_docs, d);
        }
        if group_docs.is_empty() {
            group_docs.push(format!("Operations tagged `{tag}`."));
        }
        groups.push(Group {
            rust_name: types.unique_type_name(&format!("{tag} Api")),
            tag,
            docs: group_docs,
            operations: indexes
                .into_iter()
                .filter(|i| *i < operations.len())
                .collect(),
        });
    }
    groups
}

/// The server the operations go to: the spec's first.
fn server(spec: &Spec) -> Result<Server> {
    // Without `servers`, OpenAPI's default is `/`: relative to wherever the
    // spec was served, so the caller must configure a base URL.
    let Some(server) = spec.doc.servers.first() else {
        return Ok(Server {
            url: String::new(),
            variables: Vec::new(),
        });
    };
    let variables = server
        .variables
        .iter()
        .flatten()
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
        .collect();
    Ok(Server {
        url: server.url.clone(),
        variables,
    })
}

/// The crate's sites: every value of every spec's `site` server variable,
/// in order of first appearance, and the default of the first spec that has
/// one. Specs without a `site` variable have a fixed server and add nothing;
/// when no spec has one, the crate has a single `Default` site, so that
/// configuration code is the same for every crate.
fn sites(specs: &[(String, Spec)]) -> Result<(Vec<Variant>, usize)> {
    let mut names = Names::new();
    let mut sites: Vec<Variant> = Vec::new();
    let mut default = None;
    for (_, spec) in specs {
        let site = spec
            .doc
            .servers
            .first()
            .and_then(|s| s.variables.as_ref())
            .and_then(|v| v.get("site"));
        let Some(site) = site else { continue };
        let values = if site.enumeration.is_empty() {
            vec![site.default.clone()]
        } else {
            site.enumeration.clone()
        };
        for value in values {
            if !sites.iter().any(|s| s.wire_name == value) {
                sites.push(Variant {
                    rust_name: names.unique(&sanitize(&value, Case::Pascal)),
                    wire_name: value,
                });
            }
        }
        default.get_or_insert(site.default.clone());
    }
    if sites.is_empty() {
        sites.push(Variant {
            wire_name: "default".into(),
            rust_name: "Default".into(),
        });
    }
    let index = default
        .and_then(|d| sites.iter().position(|s| s.wire_name == d))
        .unwrap_or(0);
    Ok((sites, index))
}
