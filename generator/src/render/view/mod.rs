//! The view: what the templates lay out, every choice already made in Rust.
//!
//! Templates do not look at the IR. They get these plain `Serialize`
//! structs, built from it by functions that `match` exhaustively on its
//! enums (`ParamLocation`, `BodyEncoding`, `Success`, `FieldShape`,
//! `PartKind`, `PagePosition`, `ErrorStatus`, `ModelKind`,
//! `TemplatePart`), so a new variant is a compile error here rather than a
//! template silently writing other code. What a template receives is a
//! fact it only places:
//!
//! - Rust text the template writes as it is: a type (`Option<Vec<String>>`),
//!   a runtime helper's name (`optional_entry`), a value of the doc example;
//! - a boolean or an option the template tests with a plain `if`;
//! - names and literals, which the templates still pass through `ident`
//!   and `lit_str`.
//!
//! Each IR fact is read in one place: a type becomes text only through
//! `Types::text`, a field shape only through `Holding::of`, the API's
//! operations are found by position only in `ApiView::new`. When the IR
//! changes shape, this module changes and the templates do not.

mod credentials;
mod models;
mod operations;
mod parts;

use serde::Serialize;

use crate::ir::{
    Api, Crate, CredentialKind, FieldShape, FieldStep, Model, ModelId, OperationId, Profile,
    RuntimeDependency, Sample, ServerChoices, ServerList, Site, TemplatePart, TypeRef, UrlTemplate,
};

pub(crate) use models::ModelView;
use operations::MockExampleView;
pub(crate) use operations::OperationView;
use parts::PartDecl;
pub(crate) use parts::PartOf;

/// Clippy's `too_many_arguments` lint fires on a function with more
/// arguments than this (its default `too-many-arguments-threshold`),
/// `self` counted.
pub const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// Whether a function of `count` arguments (`self` counted) needs
/// `#[allow(clippy::too_many_arguments)]`.
fn too_many_arguments(count: usize) -> bool {
    count > CLIPPY_MAX_ARGUMENTS
}

/// Whether the method at `position` in its list opens a new impl block of
/// the API struct (or the mocks'): see [`crate::format::ITEMS_PER_IMPL`].
fn starts_impl_chunk(position: usize) -> bool {
    position.checked_rem(crate::format::ITEMS_PER_IMPL) == Some(0)
}

/// Why a view cannot be built: the IR breaks one of its own rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ViewError {
    /// A type names a model that is not in the API's table.
    #[error("a type names model #{}, which is not in the API's model table", .0.index())]
    UnknownModel(ModelId),
    /// A doc example names a model that is not in the API's table.
    #[error("the doc example of `{0}` names a model that is not in the API's model table")]
    UnknownExampleModel(String),
    /// No site is the default.
    #[error("no site is marked as the default")]
    NoDefaultSite,
    /// An operation is sent to a server list the API does not have.
    #[error("operation `{0}` is sent to a server list the API does not have")]
    UnknownServerList(String),
    /// The mock example or a group names an operation the API does not have.
    #[error("operation {0} is not in the API's operations")]
    UnknownOperation(usize),
    /// A parameter is where its location does not belong: a path location
    /// in the params struct, or another location among the path parameters.
    #[error("parameter `{param}` of `{operation}` is not where its location puts it")]
    MisplacedParam {
        /// The operationId.
        operation: String,
        /// The parameter's wire name.
        param: String,
    },
    /// A path parameter has no argument type.
    #[error("path parameter `{param}` of `{operation}` has no argument type")]
    NoArgumentType {
        /// The operationId.
        operation: String,
        /// The parameter's wire name.
        param: String,
    },
}

/// Result of building a view.
pub type ViewResult<T> = Result<T, ViewError>;

/// Rust text of types and example values, with models named from one API's
/// table: the one place the render stage turns a [`TypeRef`] into text.
#[derive(Clone, Copy)]
pub(crate) struct Types<'a> {
    models: &'a [Model],
    lib_name: &'a str,
}

impl<'a> Types<'a> {
    /// Types of `api`, whose crate is `lib_name` in Rust paths.
    pub(crate) fn new(api: &'a Api, lib_name: &'a str) -> Self {
        Types {
            models: &api.models,
            lib_name,
        }
    }

    fn name_of(&self, id: ModelId) -> Option<String> {
        id.get(self.models).map(|m| m.rust_name.clone())
    }

    /// `ty` as Rust, e.g. `Option<Vec<ApiKey>>`.
    pub(crate) fn text(&self, ty: &TypeRef) -> ViewResult<String> {
        ty.to_rust(&|id| self.name_of(id)).ok_or_else(|| {
            // The first id the table lacks, for the message.
            let missing = (ty.models())
                .find(|id| id.get(self.models).is_none())
                .unwrap_or(ModelId::new(usize::MAX));
            ViewError::UnknownModel(missing)
        })
    }

    /// `ty` wrapped in `Option` when `required` is false: how an optional
    /// argument or parameter is held.
    fn text_optional(&self, ty: &TypeRef, required: bool) -> ViewResult<String> {
        let text = self.text(ty)?;
        Ok(if required {
            text
        } else {
            format!("Option<{text}>")
        })
    }

    /// Example values as Rust, comma-separated: a call's arguments, for
    /// the doc example of `operation`.
    fn samples(&self, values: &[Sample], operation: &str) -> ViewResult<String> {
        let texts: Option<Vec<String>> = values
            .iter()
            .map(|v| v.to_rust(&|id| self.name_of(id), self.lib_name))
            .collect();
        texts
            .map(|t| t.join(", "))
            .ok_or_else(|| ViewError::UnknownExampleModel(operation.to_owned()))
    }
}

/// How a field holds its value: the Rust wrapper a [`FieldShape`] puts
/// around it. Read a field through it with `&x` / `x.as_ref()` (`Option`)
/// or `x.as_option()` / `x.into_option()` (`Nullable`).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub(crate) struct Holding {
    /// In an `Option` (may be absent, or null when required).
    pub in_option: bool,
    /// In a `runtime::Nullable` (absent and null differ).
    pub in_nullable: bool,
}

impl Holding {
    /// The one reading of a [`FieldShape`] in the render stage.
    pub(crate) fn of(shape: FieldShape) -> Holding {
        let (in_option, in_nullable) = match shape {
            FieldShape::Required => (false, false),
            FieldShape::RequiredNullable | FieldShape::Optional => (true, false),
            FieldShape::OptionalNullable => (false, true),
        };
        Holding {
            in_option,
            in_nullable,
        }
    }
}

/// One `.field` access on the way to a value (the `steps` macro).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct StepView<'a> {
    /// The Rust field name.
    field: &'a str,
    /// How the field holds its value.
    #[serde(flatten)]
    holding: Holding,
}

fn steps(path: &[FieldStep]) -> Vec<StepView<'_>> {
    path.iter()
        .map(|step| StepView {
            field: &step.field,
            holding: Holding::of(step.shape),
        })
        .collect()
}

/// One piece of a URL template, as the runtime's `TemplatePart` variant
/// that holds it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct TemplatePartView<'a> {
    /// `Literal` or `Variable`.
    variant: &'static str,
    /// The text or the variable's name.
    value: &'a str,
}

fn template_parts(template: &UrlTemplate) -> Vec<TemplatePartView<'_>> {
    template
        .parts()
        .iter()
        .map(|part| match part {
            TemplatePart::Literal(text) => TemplatePartView {
                variant: "Literal",
                value: text,
            },
            TemplatePart::Variable(name) => TemplatePartView {
                variant: "Variable",
                value: name,
            },
        })
        .collect()
}

/// The attribute that compiles an item when any of `features` is enabled
/// (`#[cfg(feature = "a")]`, `#[cfg(any(feature = "a", feature = "b"))]`);
/// nothing when there are none: the item is always compiled.
pub(crate) fn cfg_any<S: AsRef<str>>(features: &[S]) -> String {
    let quoted: Vec<String> = (features.iter())
        .map(|f| format!("feature = {:?}", f.as_ref()))
        .collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => format!("#[cfg({one})]"),
        _ => format!("#[cfg(any({}))]", quoted.join(", ")),
    }
}

/// The features of an API's groups whose operations `wanted` picks, each
/// once, in the order of the groups.
fn group_features(api: &Api, wanted: impl Fn(&crate::ir::Operation) -> bool) -> Vec<&str> {
    let mut features: Vec<&str> = Vec::new();
    for group in &api.groups {
        let used = (group.operations.iter())
            .filter_map(|id| id.get(&api.operations))
            .any(&wanted);
        if let Some(feature) = group.feature.as_deref().filter(|_| used) {
            if !features.contains(&feature) {
                features.push(feature);
            }
        }
    }
    features
}

/// Each operation's feature (its group's), by position.
pub(crate) fn operation_features(api: &Api) -> Vec<Option<&str>> {
    let mut features = vec![None; api.operations.len()];
    for group in &api.groups {
        for id in &group.operations {
            if let Some(slot) = features.get_mut(id.index()) {
                *slot = group.feature.as_deref();
            }
        }
    }
    features
}

/// The `#[cfg(…)]` of an API module's items that need one of its
/// operations (`mod api`, its mock accessor, its commands): any of its
/// groups' features.
pub(crate) fn api_cfg(api: &Api) -> String {
    cfg_any(&group_features(api, |_| true))
}

/// The features of the crate, as `Cargo.toml` lists them.
#[derive(Debug, Serialize)]
struct FeaturesView<'a> {
    /// The default aggregate.
    all: &'a str,
    /// Every feature `all` enables.
    members: Vec<&'a str>,
    tags: Vec<TagFeatureView<'a>>,
    unused_models: Option<&'a str>,
}

/// One feature per tag: its name and the tags it compiles.
#[derive(Debug, Serialize)]
struct TagFeatureView<'a> {
    name: &'a str,
    /// `` `Key Management` (`v1::KeyManagementApi`, `v2::KeyManagementApi`) ``.
    doc: String,
}

impl<'a> FeaturesView<'a> {
    fn new(krate: &'a Crate, features: &'a crate::ir::Features) -> Self {
        let tags = (features.tags.iter())
            .map(|f| {
                let structs: Vec<String> = (krate.apis.iter())
                    .flat_map(|api| api.groups.iter().map(move |g| (api, g)))
                    .filter(|(_, g)| g.feature.as_deref() == Some(f.name.as_str()))
                    .map(|(api, g)| format!("{}::{}", api.module, g.rust_name))
                    .collect();
                let tags: Vec<String> = f.tags.iter().map(|t| format!("`{t}`")).collect();
                TagFeatureView {
                    name: &f.name,
                    doc: format!("{} ({})", tags.join(", "), structs.join(", ")),
                }
            })
            .collect();
        let mut members: Vec<&str> = features.tags.iter().map(|f| f.name.as_str()).collect();
        members.extend(features.unused_models.as_deref());
        FeaturesView {
            all: &features.all,
            members,
            tags,
            unused_models: features.unused_models.as_deref(),
        }
    }
}

/// What `lib.rs.j2`, `mock.rs.j2` and `Cargo.toml.j2` lay out: the crate.
#[derive(Debug, Serialize)]
pub(crate) struct CrateView<'a> {
    package: &'a str,
    lib_name: &'a str,
    version: &'a str,
    description: &'a str,
    runtime: &'a RuntimeDependency,
    profile: &'a Profile,
    sites: &'a [Site],
    /// The position of the default site in `sites`.
    default_site: usize,
    credentials: Vec<credentials::CredentialView<'a>>,
    /// What the crate root re-exports of the runtime for its credentials'
    /// methods (`ClientCredentials`, `TokenProvider`, ...): none when every
    /// scheme takes a plain value.
    auth_exports: Vec<&'static str>,
    /// How `Configuration` picks servers and fills their variables.
    servers: &'a ServerChoices,
    /// Whether some operation has more than one server to pick from.
    choose_server: bool,
    /// Whether servers can also be picked by description.
    describe_servers: bool,
    recursion_limit: Option<u32>,
    apis: Vec<ApiSummary<'a>>,
    /// The cargo features per tag, if the crate has them.
    features: Option<FeaturesView<'a>>,
}

/// One API as the crate-wide files name it.
#[derive(Debug, Serialize)]
struct ApiSummary<'a> {
    module: &'a str,
    title: &'a str,
    version: &'a str,
    docs: &'a [String],
    groups: Vec<GroupSummary<'a>>,
    /// Whether it has operations (and so a mock struct).
    has_operations: bool,
    /// The mock struct.
    mock: &'a str,
    /// The `#[cfg(…)]` of what needs its operations, or nothing.
    cfg: String,
}

/// An API struct as the crate-wide files name it.
#[derive(Debug, Serialize)]
struct GroupSummary<'a> {
    rust_name: &'a str,
}

impl<'a> CrateView<'a> {
    /// The view of `krate`.
    pub(crate) fn new(krate: &'a Crate) -> ViewResult<Self> {
        let default_site = krate
            .sites
            .iter()
            .position(|s| s.default)
            .ok_or(ViewError::NoDefaultSite)?;
        let apis = krate
            .apis
            .iter()
            .map(|api| ApiSummary {
                module: &api.module,
                title: &api.title,
                version: &api.version,
                docs: &api.docs,
                groups: (api.groups.iter())
                    .map(|g| GroupSummary {
                        rust_name: &g.rust_name,
                    })
                    .collect(),
                has_operations: !api.operations.is_empty(),
                mock: &api.mock,
                cfg: api_cfg(api),
            })
            .collect();
        Ok(CrateView {
            package: &krate.package,
            lib_name: &krate.lib_name,
            version: &krate.version,
            description: &krate.description,
            runtime: &krate.runtime,
            profile: &krate.profile,
            sites: &krate.sites,
            default_site,
            credentials: (krate.credentials.iter())
                .map(credentials::CredentialView::new)
                .collect(),
            auth_exports: auth_exports(krate),
            servers: &krate.servers,
            choose_server: krate.servers.count > 1,
            describe_servers: krate.servers.count > 1 && !krate.servers.descriptions.is_empty(),
            recursion_limit: krate.recursion_limit,
            apis,
            features: (krate.features.as_ref()).map(|f| FeaturesView::new(krate, f)),
        })
    }
}

/// The runtime's token types the crate re-exports: what its credentials'
/// methods take.
fn auth_exports(krate: &Crate) -> Vec<&'static str> {
    let mut exports = Vec::new();
    for c in &krate.credentials {
        let wanted: &[&'static str] = match c.kind {
            CredentialKind::OAuth2 {
                token_url: Some(_), ..
            } => &[
                "AccessToken",
                "ClientAuthentication",
                "ClientCredentials",
                "StaticToken",
                "TokenError",
                "TokenFuture",
                "TokenProvider",
                "TokenRequest",
            ],
            CredentialKind::OAuth2 { .. } | CredentialKind::OpenIdConnect { .. } => &[
                "AccessToken",
                "StaticToken",
                "TokenError",
                "TokenFuture",
                "TokenProvider",
                "TokenRequest",
            ],
            CredentialKind::ApiKey { .. }
            | CredentialKind::Basic
            | CredentialKind::Bearer { .. }
            | CredentialKind::Http { .. } => &[],
        };
        for name in wanted {
            if !exports.contains(name) {
                exports.push(name);
            }
        }
    }
    exports.sort_unstable();
    exports
}

/// What the templates of one API (`api/*.j2`) lay out.
#[derive(Debug, Serialize)]
pub(crate) struct ApiView<'a> {
    module: &'a str,
    source: &'a str,
    title: &'a str,
    docs: &'a [String],
    /// Each distinct server list, as one static.
    server_lists: Vec<ServerListView<'a>>,
    groups: Vec<GroupView<'a>>,
    mock: &'a str,
    /// The operation the mock struct's doc example programs and calls.
    mock_example: Option<MockExampleView<'a>>,
    /// Whether the API has operations: its `mod.rs` declares `api` and
    /// `cli`, its `api.rs` the mock struct. False in a part, which lays out
    /// no item of the whole module.
    has_operations: bool,
    operations: Vec<OperationView<'a>>,
    models: Vec<ModelView<'a>>,
    /// The `#[cfg(…)]` of what needs any of its operations, or nothing.
    cfg: String,
    /// When this view is a part file ([`parts`]), the line that says what
    /// it holds.
    part: Option<String>,
    /// The parts `models.rs` declares and re-exports.
    model_parts: Vec<PartDecl>,
    /// The parts `api.rs` declares and re-exports.
    operation_parts: Vec<PartDecl>,
}

/// A list of servers operations are sent to: one static.
#[derive(Debug, Serialize)]
struct ServerListView<'a> {
    static_name: &'a str,
    servers: Vec<ServerView<'a>>,
    /// The `#[cfg(…)]` of the static: any feature of an operation sent
    /// there.
    cfg: String,
}

/// One server of a list.
#[derive(Debug, Serialize)]
struct ServerView<'a> {
    url: Vec<TemplatePartView<'a>>,
    variables: Vec<ServerVariableView<'a>>,
}

/// A server variable, its default and the values it allows.
#[derive(Debug, Serialize)]
struct ServerVariableView<'a> {
    name: &'a str,
    default: &'a str,
    values: &'a [String],
}

impl<'a> ServerListView<'a> {
    fn new(list: &'a ServerList, cfg: String) -> Self {
        ServerListView {
            cfg,
            static_name: &list.static_name,
            servers: (list.servers.iter())
                .map(|server| ServerView {
                    url: template_parts(&server.url),
                    variables: (server.variables.iter())
                        .map(|v| ServerVariableView {
                            name: &v.name,
                            default: &v.default,
                            values: &v.values,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// An API struct and its methods.
#[derive(Debug, Serialize)]
struct GroupView<'a> {
    rust_name: &'a str,
    docs: &'a [String],
    methods: Vec<MethodSlot>,
    /// The `#[cfg(…)]` of its struct and impls, or nothing.
    cfg: String,
}

/// One method of an API struct (and of the mocks).
#[derive(Debug, Serialize)]
struct MethodSlot {
    /// The operation's position in the API's `operations`.
    op: usize,
    /// Whether it opens a new impl block.
    starts_impl: bool,
}

impl<'a> ApiView<'a> {
    /// The view of `api`, in the crate whose Rust name is `lib_name`.
    pub(crate) fn new(api: &'a Api, lib_name: &'a str) -> ViewResult<Self> {
        let types = Types::new(api, lib_name);
        // The one place an operation id becomes a position in the view's
        // `operations`, which templates index.
        let known = |id: OperationId| match id.get(&api.operations) {
            Some(_) => Ok(id.index()),
            None => Err(ViewError::UnknownOperation(id.index())),
        };
        let groups = api
            .groups
            .iter()
            .map(|g| {
                let methods = (g.operations.iter().enumerate())
                    .map(|(position, &id)| {
                        Ok(MethodSlot {
                            op: known(id)?,
                            starts_impl: starts_impl_chunk(position),
                        })
                    })
                    .collect::<ViewResult<_>>()?;
                Ok(GroupView {
                    rust_name: &g.rust_name,
                    docs: &g.docs,
                    methods,
                    cfg: cfg_any(g.feature.as_slice()),
                })
            })
            .collect::<ViewResult<_>>()?;
        let operations = (api.operations.iter().zip(operation_features(api)))
            .map(|(op, feature)| {
                let mut view = OperationView::new(op, &types)?;
                view.cfg = cfg_any(feature.as_slice());
                view.server_static = match op.servers.get(&api.server_lists) {
                    Some(list) => &list.static_name,
                    None => return Err(ViewError::UnknownServerList(op.id.clone())),
                };
                Ok(view)
            })
            .collect::<ViewResult<Vec<_>>>()?;
        Ok(ApiView {
            module: &api.module,
            source: &api.source,
            title: &api.title,
            docs: &api.docs,
            server_lists: (api.server_lists.iter().enumerate())
                .map(|(index, list)| {
                    let sent_there = |op: &crate::ir::Operation| op.servers.index() == index;
                    ServerListView::new(list, cfg_any(&group_features(api, sent_there)))
                })
                .collect(),
            groups,
            mock: &api.mock,
            mock_example: match api.mock_example.map(known).transpose()? {
                Some(index) => operations.get(index).and_then(OperationView::mock_example),
                None => None,
            },
            has_operations: !operations.is_empty(),
            operations,
            models: (api.models.iter())
                .map(|m| ModelView::new(m, &types))
                .collect::<ViewResult<_>>()?,
            cfg: api_cfg(api),
            part: None,
            model_parts: Vec::new(),
            operation_parts: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests;
