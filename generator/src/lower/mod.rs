//! Stage 2, **lower**: a loaded spec → the IR ([`crate::ir`]).
//!
//! Every decision about meaning is made here: Rust names (through
//! [`crate::naming`]), Rust types, which shape a field takes, which
//! operations page, which sites lack an operation. Templates only lay out
//! the result.

mod conveniences;
mod dialect;
mod examples;
mod extensions;
mod features;
mod operation_docs;
mod operations;
mod security;
mod servers;
mod types;

use openapiv3::OpenAPI;

use self::dialect::Dialects;
use crate::docs;
use crate::error::Result;
use crate::ir::{
    Api, Crate, Credential, Group, Model, ModelId, OperationId, Profile, RuntimeDependency, Site,
};
use crate::load::Spec;
use crate::naming::{self, sanitize, Case, Names, Reserved};

/// What the crate is called, and the identity its client presents: the
/// parts of the output that come from the codegen configuration rather than
/// from the specs.
#[derive(Debug, Clone)]
pub struct CrateInfo {
    /// Package name.
    pub package: String,
    /// Package version.
    pub version: String,
    /// One-line description.
    pub description: String,
    /// Path of the `client-runtime` crate, relative to the output directory.
    pub runtime_path: String,
    /// The runtime's package name, when it is not `client-runtime` (see
    /// [`crate::vendor`]).
    pub runtime_package: Option<String>,
    /// `User-Agent`; `<package>/<version>` when `None`.
    pub user_agent: Option<String>,
    /// Environment variable naming the site (`DD_SITE`); none by default.
    pub site_env: Option<String>,
    /// Name of the per-attempt tracing span; `http.request` when `None`.
    pub span_name: Option<String>,
    /// How each security scheme's key is named and read, by scheme name.
    pub credentials: Vec<CredentialInfo>,
    /// Whether and how the crate gets a cargo feature per tag.
    pub features: FeatureConfig,
}

pub use self::features::{FeatureConfig, FeatureMode, AUTO_FEATURES_MIN_OPERATIONS};

/// The names of one security scheme's credential in the generated client.
#[derive(Debug, Clone)]
pub struct CredentialInfo {
    /// The security scheme, e.g. `apiKeyAuth`.
    pub scheme: String,
    /// The `Configuration` setter (`api_key`); the scheme in snake case if `None`.
    pub setter: Option<String>,
    /// How messages name the key (`API key`); the scheme's name if `None`.
    pub label: Option<String>,
    /// Environment variables `Configuration::from_env` reads it from, one
    /// per part of the credential, in the runtime's order
    /// (`CredentialKind::parts`): the key or token; the user and the
    /// password of `basic`; the client id and secret of an `oauth2` scheme
    /// with a client-credentials flow. Empty: none is read.
    pub env: Vec<String>,
}

impl CrateInfo {
    /// A crate with no environment variables, default user agent and span,
    /// and credentials named after their schemes.
    pub fn new(package: &str, version: &str, description: &str, runtime_path: &str) -> Self {
        CrateInfo {
            package: package.to_owned(),
            version: version.to_owned(),
            description: description.to_owned(),
            runtime_path: runtime_path.to_owned(),
            runtime_package: None,
            user_agent: None,
            site_env: None,
            span_name: None,
            credentials: Vec::new(),
            features: FeatureConfig::default(),
        }
    }
}

/// Lowers loaded specs, each paired with its module name, into one crate.
pub fn lower_crate(info: &CrateInfo, specs: &[(String, Spec)]) -> Result<Crate> {
    let sites = sites(specs);
    let credentials = security::credentials(info, specs)?;
    // `mock` is the crate's mock module; each API module also names an
    // accessor of `mock::MockServer`, beside `start` and `configuration`.
    let mut module_names = Names::reserving(Reserved::CrateModule);
    let mut apis = Vec::new();
    for (module, spec) in specs {
        let module = module_names.unique(&naming::module_name(module));
        apis.push(lower_api(spec, &module, &sites, &credentials)?);
    }
    let features = features::assign(&info.features, &mut apis)?;
    let name = specs
        .first()
        .map(|(_, s)| s.doc.info.title.clone())
        .unwrap_or_else(|| info.package.clone());
    let site_variable = specs
        .iter()
        .find_map(|(_, spec)| site_variable(spec))
        .map(|(name, _)| name);
    let servers = servers::choices(specs, &apis, &credentials, site_variable);
    Ok(Crate {
        package: info.package.clone(),
        lib_name: info.package.replace('-', "_"),
        version: info.version.clone(),
        description: info.description.clone(),
        runtime: RuntimeDependency {
            path: info.runtime_path.clone(),
            package: info.runtime_package.clone(),
            version: crate::vendor::RUNTIME_VERSION.to_owned(),
        },
        profile: Profile {
            name,
            user_agent: info
                .user_agent
                .clone()
                .unwrap_or_else(|| format!("{}/{}", info.package, info.version)),
            site_variable: site_variable.map(str::to_owned),
            site_env: info.site_env.clone(),
            tracing_target: sanitize(&info.package, Case::Snake),
            span_name: info
                .span_name
                .clone()
                .unwrap_or_else(|| "http.request".to_owned()),
        },
        sites,
        credentials,
        servers,
        recursion_limit: recursion_limit(&apis),
        apis,
        features,
    })
}

/// The `recursion_limit` the crate needs: rustc's drop check walks a model
/// and everything it holds, about four levels per model (the model, its
/// `Option` or `Vec`, and a `Result` around the outermost), and gives up at
/// 128 by default.
fn recursion_limit(apis: &[Api]) -> Option<u32> {
    let deepest = apis.iter().map(|a| nesting_depth(&a.models)).max()?;
    let needed = u32::try_from(deepest)
        .ok()?
        .saturating_mul(4)
        .saturating_add(16);
    (needed > 128).then(|| needed.next_power_of_two())
}

/// The longest chain of models holding models, each cycle counted once.
/// An iterative depth-first walk, so that a deep chain cannot overflow the
/// generator's stack.
fn nesting_depth(models: &[Model]) -> usize {
    // 0: not seen, 1: on the walk, 2 + depth: done.
    let mut state = vec![0usize; models.len()];
    let holds: Vec<Vec<ModelId>> = models.iter().map(Model::holds).collect();
    let mut deepest = 0;
    for root in 0..models.len() {
        if state[root] != 0 {
            continue;
        }
        let mut walk = vec![(root, 0usize)];
        state[root] = 1;
        while let Some((node, next)) = walk.last_mut() {
            let node = *node;
            match holds[node].get(*next) {
                Some(child) => {
                    *next += 1;
                    if let Some(0) = state.get(child.index()) {
                        state[child.index()] = 1;
                        walk.push((child.index(), 0));
                    }
                }
                None => {
                    walk.pop();
                    // A child still on the walk closes a cycle: not counted.
                    let depth = 1 + holds[node]
                        .iter()
                        .filter_map(|c| state.get(c.index())?.checked_sub(2))
                        .max()
                        .unwrap_or(0);
                    state[node] = depth + 2;
                    deepest = deepest.max(depth);
                }
            }
        }
    }
    deepest
}

/// Lowers one spec into the module `module`, checking site names against
/// the crate's `sites` and security schemes against its `credentials`.
pub fn lower_api(
    spec: &Spec,
    module: &str,
    sites: &[Site],
    credentials: &[Credential],
) -> Result<Api> {
    let mut types = types::TypeLowerer::new(spec)?;
    types.lower_components()?;
    let mut ops = operations::OperationLowerer {
        spec,
        types: &mut types,
        servers: servers::ServerLists::new(spec)?,
        sites,
        credentials,
        dialects: Dialects::default(),
        warnings: Vec::new(),
    };
    let lowered = ops.lower_all()?;
    let mut warnings = spec.warnings.clone();
    warnings.append(&mut ops.warnings);
    let server_lists = ops
        .servers
        .finish(lowered.operations.iter().map(|op| op.const_name.as_str()));
    let groups = groups(&spec.doc, &lowered.tags, &mut types);
    let mock = types.unique_type_name(naming::MOCK_STRUCT);
    let doc = &spec.doc;
    let mut api_docs = vec![doc.info.title.clone()];
    if let Some(d) = &doc.info.description {
        docs::append(&mut api_docs, d);
    }
    let mut api = Api {
        module: module.to_owned(),
        source: spec.file.clone(),
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        docs: api_docs,
        server_lists,
        groups,
        mock,
        mock_example: None,
        operations: lowered.operations,
        models: types.finish(),
        warnings,
    };
    examples::add(&mut api);
    api.mock_example = OperationId::all(api.operations.len()).find(|id| {
        id.get(&api.operations)
            .is_some_and(|op| op.call_example.is_some() && op.deprecated.is_none() && !op.unstable)
    });
    Ok(api)
}

/// One API struct per tag, in order of first use, from each operation's
/// tag (by [`OperationId`]); untagged operations go to a struct named after
/// the spec's title.
fn groups(doc: &OpenAPI, tags: &[Option<&str>], types: &mut types::TypeLowerer<'_>) -> Vec<Group> {
    let mut by_tag: Vec<(&str, Vec<OperationId>)> = Vec::new();
    for (id, tag) in OperationId::all(tags.len()).zip(tags) {
        let tag = tag.unwrap_or(&doc.info.title);
        match by_tag.iter_mut().find(|(t, _)| *t == tag) {
            Some((_, list)) => list.push(id),
            None => by_tag.push((tag, vec![id])),
        }
    }
    by_tag
        .into_iter()
        .map(|(tag, operations)| {
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
            Group {
                rust_name: types.unique_type_name(&naming::group_struct(tag)),
                tag: tag.to_owned(),
                docs: group_docs,
                operations,
                feature: None,
            }
        })
        .collect()
}

/// The server variable that holds the site (a dialect's, such as
/// Datadog's `site`), when the spec's server URL uses one: its name and
/// its declaration.
fn site_variable(spec: &Spec) -> Option<(&'static str, &openapiv3::ServerVariable)> {
    let url = spec.server_url.as_ref()?;
    let name = Dialects::default().site_variable(|name| url.has_variable(name))?;
    let variable = spec
        .doc
        .servers
        .first()
        .and_then(|s| s.variables.as_ref())
        .and_then(|v| v.get(name))?;
    Some((name, variable))
}

/// The crate's sites: every value of every spec's site server variable,
/// in order of first appearance, and the default of the first spec that has
/// one. Specs without a `site` variable have a fixed server and add nothing;
/// when no spec has one, the crate has a single `Default` site, so that
/// configuration code is the same for every crate.
fn sites(specs: &[(String, Spec)]) -> Vec<Site> {
    let mut names = Names::new();
    let mut sites: Vec<Site> = Vec::new();
    let mut default = None;
    for (_, spec) in specs {
        let Some((_, site)) = site_variable(spec) else {
            continue;
        };
        let values = if site.enumeration.is_empty() {
            vec![site.default.clone()]
        } else {
            site.enumeration.clone()
        };
        for value in values {
            if !sites.iter().any(|s| s.wire_name == value) {
                sites.push(Site {
                    rust_name: names.unique(&sanitize(&value, Case::Pascal)),
                    wire_name: value,
                    default: false,
                });
            }
        }
        default.get_or_insert(site.default.clone());
    }
    if sites.is_empty() {
        sites.push(Site {
            wire_name: "default".into(),
            rust_name: "Default".into(),
            default: true,
        });
        return sites;
    }
    let index = default
        .and_then(|d| sites.iter().position(|s| s.wire_name == d))
        .unwrap_or(0);
    sites[index].default = true;
    sites
}
