//! The intermediate representation: the contract between a spec and the
//! templates.
//!
//! Everything a template needs is decided here, as typed data: Rust names
//! (already valid identifiers, keywords escaped), types as [`TypeRef`]
//! values into a per-API model table addressed by [`ModelId`], wire names,
//! constraints, docs, and the facts from vendor extensions. There is no Rust
//! source text in it except documentation and literals, which templates
//! escape through filters; the one place a [`TypeRef`] becomes Rust text is
//! [`TypeRef::to_rust`], behind the templates' `rust` filter. It is
//! `Serialize` so maintainers can review it as an insta snapshot.

use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;

pub use crate::template::{TemplatePart, UrlTemplate};

/// The whole output: one crate with one module per spec.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Crate {
    /// Package name, e.g. `datadog-key-management`.
    pub package: String,
    /// The library's name in Rust paths, e.g. `datadog_key_management`.
    pub lib_name: String,
    /// Package version.
    pub version: String,
    /// The crate's one-paragraph description.
    pub description: String,
    /// How the crate depends on the runtime crate.
    pub runtime: RuntimeDependency,
    /// What the runtime is told about this API (names, user agent, tracing).
    pub profile: Profile,
    /// The sites the client can talk to (from the `site` server variable);
    /// exactly one is the default.
    pub sites: Vec<Site>,
    /// The credentials the specs' security schemes ask for, one per scheme.
    pub credentials: Vec<Credential>,
    /// How users pick a server and fill its variables.
    pub servers: ServerChoices,
    /// The APIs, one per spec, in the order given.
    pub apis: Vec<Api>,
    /// The cargo features that choose what is compiled, one per tag
    /// (`lower/features.rs`); `None` when everything is compiled
    /// unconditionally.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub features: Option<Features>,
    /// A `recursion_limit` above rustc's default of 128, for models nested
    /// so deep (a chain of thousands of distinct object schemas) that
    /// rustc's drop check would overflow (E0320); `None` when the default
    /// suffices.
    pub recursion_limit: Option<u32>,
}

/// The cargo features per tag of a crate: each compiles the API structs of
/// its tags, their operations, mocks and commands, and the models they
/// need. Every one is in the default set, through [`Features::all`].
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Features {
    /// The aggregate feature in `default` that enables every other one
    /// (`all-tags`).
    pub all: String,
    /// One feature per tag (or per group of tags the configuration names),
    /// in order of first use across the APIs.
    pub tags: Vec<TagFeature>,
    /// The feature of the models no operation needs (component schemas
    /// nothing refers to), when there are any (`unused-models`).
    pub unused_models: Option<String>,
}

/// A cargo feature that compiles the operations of some tags.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TagFeature {
    /// The feature's name, e.g. `key-management`.
    pub name: String,
    /// The tags it holds, as the specs write them, each once, in order of
    /// first use (an untagged operation's group is named after the spec's
    /// title).
    pub tags: Vec<String>,
}

/// Where the generated crate finds `client-runtime`, and which runtime
/// version it needs.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RuntimeDependency {
    /// A path relative to the generated crate's directory.
    pub path: String,
    /// The runtime's package name when it is not `client-runtime` (a shared
    /// `clientgen-runtime`, a vendored `<crate>-runtime`): the dependency
    /// is renamed to `client-runtime`, so code still says `client_runtime`.
    pub package: Option<String>,
    /// The version of the generator, which the runtime must match
    /// (`runtime::__private::require_version`).
    pub version: String,
}

/// The identity a generated client presents, from the codegen
/// configuration; the runtime itself knows none of it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Profile {
    /// The API's name for messages (the first spec's title).
    pub name: String,
    /// Default `User-Agent`.
    pub user_agent: String,
    /// The server variable that holds the site, if any spec's server has one.
    pub site_variable: Option<String>,
    /// Environment variable naming the site, if any.
    pub site_env: Option<String>,
    /// `tracing` target of the per-attempt span.
    pub tracing_target: String,
    /// Name of the per-attempt span.
    pub span_name: String,
}

/// What `Configuration` offers to pick servers: by index, by description,
/// and typed values of the variables whose values the spec lists.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct ServerChoices {
    /// The longest server list of any operation: the indexes there are to
    /// pick from. Above 1, `Configuration` has `server_index`.
    pub count: usize,
    /// Every server description of any API's document servers, with its
    /// index, the first of each description kept.
    pub descriptions: Vec<ServerDescription>,
    /// Server variables (other than the site) whose values the spec lists:
    /// a generated enum and a `Configuration` setter each.
    pub variables: Vec<VariableEnum>,
}

/// A server's description and its index in its list.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ServerDescription {
    /// The spec's text.
    pub description: String,
    /// The server's position in the document's `servers`.
    pub index: usize,
}

/// A server variable with listed values, as a Rust enum.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct VariableEnum {
    /// The variable's name in server URLs.
    pub name: String,
    /// The enum, e.g. `Region`.
    pub rust_name: String,
    /// The `Configuration` setter, e.g. `region`.
    pub setter: String,
    /// Its values, every server's that has it, in order of first appearance.
    pub values: Vec<VariableValue>,
    /// The first description the spec gives it.
    pub docs: Vec<String>,
}

/// One value of a [`VariableEnum`].
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct VariableValue {
    /// The value in the URL.
    pub wire_name: String,
    /// The variant.
    pub rust_name: String,
}

/// One site: a value of the server's `site` variable.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Site {
    /// The value on the wire (a host name).
    pub wire_name: String,
    /// The `Site` variant.
    pub rust_name: String,
    /// Whether it is the default.
    pub default: bool,
}

/// A credential: what one security scheme of the specs sends, and how a
/// user sets it on the `Configuration`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Credential {
    /// The security scheme's name, which operations refer to.
    pub scheme: String,
    /// How the scheme sends its credential.
    pub kind: CredentialKind,
    /// How messages name it (`API key`).
    pub label: String,
    /// Environment variables `from_env` reads it from, one per part of the
    /// credential ([`CredentialKind::parts`]); empty when none is read.
    pub env: Vec<String>,
    /// The `Configuration` method that sets its value as it is sent: the
    /// key, the token, or (for `basic`) the user and the password, e.g.
    /// `api_key`.
    pub setter: String,
    /// The `Configuration` getter of a value set with [`Credential::setter`],
    /// e.g. `get_api_key` (`get_type` for the setter `r#type`); `None` for
    /// `basic`, whose user and password are not read back.
    pub getter: Option<String>,
    /// The method that sets the client id and secret of an `oauth2`
    /// scheme's client-credentials flow, e.g. `petstore_auth_client_credentials`.
    pub client_credentials_setter: Option<String>,
    /// The method that sets a token provider of an `oauth2` or
    /// `openIdConnect` scheme, e.g. `petstore_auth_token_provider`.
    pub token_provider_setter: Option<String>,
    /// The scheme's description.
    pub docs: Vec<String>,
}

/// How a security scheme sends its credential: one variant per kind of
/// OpenAPI security scheme, as `runtime::__private::CredentialKind`.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CredentialKind {
    /// `apiKey`: the key as it is, in a header, a query parameter or a
    /// cookie.
    ApiKey {
        /// Where it goes (`in`).
        location: KeyLocation,
        /// The header, parameter or cookie name.
        name: String,
    },
    /// `http` `basic`: a user and a password.
    Basic,
    /// `http` `bearer`: `Authorization: Bearer <token>`.
    Bearer {
        /// The spec's `bearerFormat` (`JWT`), for the docs.
        format: Option<String>,
    },
    /// Any other `http` scheme: `Authorization: <scheme> <value>`.
    Http {
        /// The scheme as the spec names it, e.g. `Digest`.
        scheme: String,
    },
    /// `oauth2`: a bearer token.
    OAuth2 {
        /// The `tokenUrl` of the `clientCredentials` flow, if the scheme
        /// has one: the runtime fetches tokens there.
        token_url: Option<String>,
        /// The flows the spec declares (`authorizationCode`,
        /// `clientCredentials`, ...), in the spec's order.
        flows: Vec<String>,
        /// Every scope the flows declare, each once, with its description.
        scopes: Vec<(String, String)>,
    },
    /// `openIdConnect`: a bearer token.
    OpenIdConnect {
        /// The `openIdConnectUrl`.
        url: String,
    },
}

impl CredentialKind {
    /// What a user sets, in the order of [`Credential::env`]: as the
    /// runtime's `CredentialKind::parts`.
    pub fn parts(&self) -> &'static [&'static str] {
        match self {
            CredentialKind::ApiKey { .. } => &["key"],
            CredentialKind::Basic => &["user", "password"],
            CredentialKind::Bearer { .. } | CredentialKind::Http { .. } => &["token"],
            CredentialKind::OAuth2 {
                token_url: Some(_), ..
            } => &["client id", "client secret"],
            CredentialKind::OAuth2 {
                token_url: None, ..
            }
            | CredentialKind::OpenIdConnect { .. } => &["token"],
        }
    }
}

/// Where an `apiKey` scheme sends its key.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

impl KeyLocation {
    /// How the docs say where it goes: `header`, `query parameter`, `cookie`.
    pub fn noun(self) -> &'static str {
        match self {
            KeyLocation::Header => "header",
            KeyLocation::Query => "query parameter",
            KeyLocation::Cookie => "cookie",
        }
    }
}

/// One security scheme of a security requirement, with the OAuth2 scopes
/// the operation needs.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Requirement {
    /// The scheme ([`Credential::scheme`]).
    pub scheme: String,
    /// The scopes, as the spec lists them (empty for most schemes).
    pub scopes: Vec<String>,
}

/// One spec, rendered as one module (`v1`, `v2`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Api {
    /// The Rust module name.
    pub module: String,
    /// The spec file, as named in the generator's configuration.
    pub source: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`, ready for a doc comment.
    pub docs: Vec<String>,
    /// Every distinct list of servers the operations are sent to (their
    /// own `servers`, else their path's, else the document's), in order of
    /// first use; each is emitted once and the operations point at it.
    pub server_lists: Vec<ServerList>,
    /// API structs (one per tag), each holding its operations' methods.
    pub groups: Vec<Group>,
    /// The struct holding the typed mocks of every operation (feature
    /// `mock`), e.g. `Mock`.
    pub mock: String,
    /// The operation the mock struct's doc example programs and calls: the
    /// first with a call example that is neither deprecated nor unstable;
    /// `None` when there is none.
    pub mock_example: Option<OperationId>,
    /// Every operation, in spec order.
    pub operations: Vec<Operation>,
    /// Every type, addressed by [`ModelId`]: component schemas in spec
    /// order, then inline schemas in the order they were found.
    pub models: Vec<Model>,
    /// What was left out of the client and why (a vendor extension of a
    /// shape the generator does not understand), each naming where; for
    /// the user, not the templates.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// The servers an operation may be sent to, in the spec's order: the
/// configured server index picks one, the first when the list is shorter.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ServerList {
    /// The name of the module's static that holds it, e.g. `SERVERS`.
    pub static_name: String,
    /// The servers; empty when the spec gives none (a base URL is needed).
    pub servers: Vec<Server>,
}

/// A server URL template and its variables.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Server {
    /// e.g. `https://{subdomain}.{site}`, parsed.
    pub url: UrlTemplate,
    /// The spec's `description`, by which users may pick it.
    pub description: Option<String>,
    /// Its variables, with defaults.
    pub variables: Vec<ServerVariable>,
}

/// One `{name}` of a server URL.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ServerVariable {
    /// Its name in the template.
    pub name: String,
    /// Its default value.
    pub default: String,
    /// Allowed values (empty when free-form).
    pub values: Vec<String>,
    /// Its description.
    pub docs: Vec<String>,
}

/// A group of operations sharing a tag: one API struct.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Group {
    /// The tag as written in the spec.
    pub tag: String,
    /// The struct's name, e.g. `KeyManagementApi`.
    pub rust_name: String,
    /// The tag's description.
    pub docs: Vec<String>,
    /// Its operations, in spec order.
    pub operations: Vec<OperationId>,
    /// The cargo feature that compiles it, its operations, their mocks and
    /// commands ([`TagFeature::name`]); `None` when the crate has no
    /// features per tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
}

/// An HTTP method: the eight OpenAPI 3.0 knows, each sent as itself.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// The method of a path item's key (`get`, `trace`, ...), if it is one.
    pub fn from_key(key: &str) -> Option<Method> {
        Some(match key {
            "get" => Method::Get,
            "put" => Method::Put,
            "post" => Method::Post,
            "delete" => Method::Delete,
            "options" => Method::Options,
            "head" => Method::Head,
            "patch" => Method::Patch,
            "trace" => Method::Trace,
            _ => return None,
        })
    }

    /// The method as on the wire, upper case.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// One operation: one async method.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Operation {
    /// The operationId.
    pub id: String,
    /// The method's name, e.g. `list_api_keys`.
    pub fn_name: String,
    /// The method that returns the whole response (status, headers and
    /// value) and takes per-call options, e.g. `list_api_keys_with_response`.
    pub response_fn: String,
    /// The module's function that encodes a call, shared by the method and
    /// its mock, e.g. `list_api_keys_request`.
    pub request_fn: String,
    /// The name of the constant describing the operation, e.g. `LIST_API_KEYS`.
    pub const_name: String,
    /// HTTP method.
    pub method: Method,
    /// The servers it is sent to.
    pub servers: ServerListId,
    /// The path template, parsed.
    pub path: UrlTemplate,
    /// Path parameters in template order: required method arguments.
    pub path_params: Vec<Param>,
    /// Query and header parameters, gathered in one options struct.
    pub params: Option<ParamsStruct>,
    /// The request body.
    pub body: Option<Body>,
    /// What a successful call returns, and so the `Accept` header it sends
    /// ([`Success::accept`]).
    pub success: Success,
    /// Whether it is a preview (`x-unstable`) the caller must enable before
    /// it is sent.
    pub unstable: bool,
    /// Every documented response, for the docs.
    pub responses: Vec<ResponseDoc>,
    /// The headers the success response declares, for typed access.
    pub response_headers: Vec<ResponseHeader>,
    /// The type the documented error bodies decode into.
    pub error_type: TypeRef,
    /// Statuses whose body decodes as `error_type`.
    pub error_statuses: Vec<ErrorStatus>,
    /// The operation's security requirements as the spec states them (the
    /// operation's own, else the spec's global ones): alternatives, each a
    /// set of schemes sent together. Empty: no credential is sent; an
    /// empty alternative: the credentials are optional.
    pub security: Vec<Vec<Requirement>>,
    /// The permission the caller needs (from `x-permission`).
    pub permission: Option<Permission>,
    /// Sites (wire names) where the operation does not exist (from
    /// `x-unavailable-sites`).
    pub unavailable_sites: Vec<String>,
    /// Facts the docs should state that have no other use (vendor notes).
    pub notes: Vec<String>,
    /// Page-by-page listing, when the operation pages.
    pub pagination: Option<Pagination>,
    /// The method's whole doc comment.
    pub docs: Vec<String>,
    /// The spec's examples, rendered as JSON. Not in the IR snapshot: the
    /// method's docs show them already.
    #[serde(skip)]
    pub examples: Vec<Example>,
    /// Deprecated in the spec (`deprecated: true`, or an `x-sunset` date):
    /// the note `#[deprecated]` carries.
    pub deprecated: Option<String>,
    /// How to call it, as the method's doc example; `None` when an
    /// argument's type has no value an example can build.
    pub call_example: Option<CallExample>,
}

/// The arguments of an example call, in the method's order: path
/// parameters, the params struct, the body.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CallExample {
    /// The API struct whose method it is.
    pub group: String,
    /// One value per argument.
    pub args: Vec<Sample>,
}

/// A value in a doc example, as a value: the render stage writes it as
/// Rust (the `sample` filter, through [`Sample::to_rust`]), with models
/// named by id.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Sample {
    /// A string literal, where `&str` or `impl Into<String>` is taken.
    Text(String),
    /// An owned `String`, where exactly a `String` is taken.
    Owned(String),
    /// An integer literal.
    Integer(i64),
    /// A floating-point literal.
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
    /// A date-time parsed from RFC 3339 text,
    /// `"...".parse::<crate::DateTime>()?` (named: an `impl Into` argument
    /// would leave the type to infer).
    DateTime(String),
    /// A date parsed from ISO 8601 text, `"...".parse::<crate::Date>()?`.
    Date(String),
    /// Bytes, `b"...".to_vec()`: a file or a binary body (taken through
    /// `Into`).
    ByteVec(String),
    /// `Default::default()`: an empty value where exactly its type is
    /// taken.
    Empty,
    /// `std::collections::BTreeMap::new()`: an empty map, named for an
    /// `impl Into` argument.
    EmptyMap,
    /// `serde_json::Value::Null`: free JSON, named for an `impl Into`
    /// argument.
    JsonNull,
    /// `None`.
    Nothing,
    /// `Some(value)`.
    Some(Box<Sample>),
    /// `value.into()`, where exactly a type that converts from it is taken
    /// (`Bytes` from a `Vec<u8>`).
    Converted(Box<Sample>),
    /// `vec![...]`.
    List(Vec<Sample>),
    /// `&[...]`.
    Slice(Vec<Sample>),
    /// `(a, b, ...)`.
    Tuple(Vec<Sample>),
    /// A string enum's variant, `Model::Variant`.
    Unit {
        /// The enum.
        model: ModelId,
        /// The variant's Rust name.
        variant: String,
    },
    /// A union's variant holding a value, `Model::Variant(value)`.
    Variant {
        /// The union.
        model: ModelId,
        /// The variant's Rust name.
        variant: String,
        /// What it holds.
        value: Box<Sample>,
    },
    /// `Model::new(args)`.
    New {
        /// The struct.
        model: ModelId,
        /// Its constructor's arguments.
        args: Vec<Sample>,
    },
    /// `Model::from(value)`, through the struct's conversions.
    From {
        /// The struct.
        model: ModelId,
        /// The value converted.
        value: Box<Sample>,
    },
    /// A params struct: `Name::new(args)`, or `Name::default()` when it
    /// has no required parameter.
    Params {
        /// The params struct's Rust name.
        rust_name: String,
        /// The required parameters; `None` for `default()`.
        args: Option<Vec<Sample>>,
    },
}

/// A parameter.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Param {
    /// The name on the wire, e.g. `filter[created_at][start]`.
    pub wire_name: String,
    /// The Rust name, e.g. `filter_created_at_start`.
    pub rust_name: String,
    /// The value's type (without the `Option` of an optional parameter).
    pub ty: TypeRef,
    /// Required or optional, as for a [`Field`]: the params struct's field
    /// is [`Param::full_ty`].
    pub shape: FieldShape,
    /// Where it goes and how it is written.
    pub location: ParamLocation,
    /// Limits and default from the schema.
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// Its description plus limits and default.
    pub docs: Vec<String>,
}

impl Param {
    /// How a path parameter is taken as an argument: a string borrowed
    /// (`&str`), an array as a slice, anything else as it is; `None` for the
    /// fields of a params struct. Computed from the location and type, so
    /// it is not stored beside them.
    pub fn arg_ty(&self) -> Option<TypeRef> {
        match (self.location, &self.ty) {
            (ParamLocation::Path, ty) if *ty == TypeRef::STRING => Some(TypeRef::Str),
            (ParamLocation::PathList, TypeRef::List(item)) => Some(TypeRef::Slice(item.clone())),
            (
                ParamLocation::Path | ParamLocation::PathObject | ParamLocation::PathObjectExploded,
                ty,
            ) => Some(ty.clone()),
            _ => None,
        }
    }
    /// Whether the spec requires it.
    pub fn required(&self) -> bool {
        self.shape.is_required()
    }

    /// The type of its field in a params struct, `Option` when optional.
    pub fn full_ty(&self) -> TypeRef {
        self.shape.wrap(self.ty.clone())
    }
}

/// Where a parameter goes, and how its value is written there.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    /// One path segment.
    Path,
    /// An array as one path segment, its items joined by commas (`style:
    /// simple`).
    PathList,
    /// An object as one path segment, `key,value,...` (`style: simple`).
    PathObject,
    /// An object as one path segment, `key=value,...` (`style: simple`,
    /// `explode: true`).
    PathObjectExploded,
    /// One `name=value` query pair.
    Query,
    /// An array as one comma-separated query value (`style: form, explode: false`).
    QueryCommaSeparated,
    /// An array as one `name=value` query pair per item (`explode: true`).
    QueryRepeated,
    /// An array as one space-joined query value (`style: spaceDelimited`).
    QuerySpaceDelimited,
    /// An array as one `|`-joined query value (`style: pipeDelimited`).
    QueryPipeDelimited,
    /// An array as one `name[]=value` query pair per item (`style:
    /// deepObject`, as Stripe's `expand[]` is sent).
    QueryDeepObjectList,
    /// An object as `name[key]=value` pairs (`style: deepObject`, as
    /// Stripe's `metadata[order_id]=6735`).
    QueryDeepObject,
    /// An object as one `key=value` pair per property (`style: form`,
    /// exploded).
    QueryFormObject,
    /// Any value as one `name=<its JSON>` pair (a parameter described by
    /// `content: {application/json: ...}`).
    QueryJson,
    /// The HTTP header `wire_name`.
    Header,
    /// An array as one HTTP header, its items joined by commas (`style:
    /// simple`).
    HeaderList,
    /// A `name=value` pair of the `Cookie` header.
    Cookie,
}

/// What the schema of a parameter says about its values.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Constraints {
    /// `minimum`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<serde_json::Number>,
    /// `maximum`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<serde_json::Number>,
    /// `default`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
}

impl Constraints {
    /// Whether the schema says nothing about the values.
    pub fn is_empty(&self) -> bool {
        self.minimum.is_none() && self.maximum.is_none() && self.default.is_none()
    }
}

/// The options struct of an operation's query and header parameters.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ParamsStruct {
    /// e.g. `ListApiKeysParams`.
    pub rust_name: String,
    /// The parameters, in spec order.
    pub params: Vec<Param>,
    /// No parameter is required, so the struct can derive `Default`.
    pub derive_default: bool,
}

/// A request body.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Body {
    /// Its type.
    pub ty: TypeRef,
    /// Whether the spec requires it.
    pub required: bool,
    /// Media type, e.g. `application/json`.
    pub content_type: String,
    /// How the value becomes bytes.
    pub encoding: BodyEncoding,
    /// For a form body, the properties the spec's `encoding` sends in
    /// `deepObject` style (`expand[]=a`); empty otherwise.
    pub deep_object: Vec<String>,
    /// For a multipart body, its parts, one per property of its object;
    /// empty otherwise.
    pub parts: Vec<MultipartPart>,
    /// Its description.
    pub docs: Vec<String>,
}

/// One property of a multipart body.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MultipartPart {
    /// The part's name: the property's wire name.
    pub wire_name: String,
    /// The struct field holding it.
    pub field: String,
    /// How the field holds its value.
    pub shape: FieldShape,
    /// How the value is sent.
    pub kind: PartKind,
}

/// How a multipart property is sent.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// A [`TypeRef::File`]: a file part.
    File,
    /// A list of files: one file part each, under the same name.
    Files,
    /// Anything else: a text part (JSON for objects and lists).
    Field,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum BodyEncoding {
    /// A typed value serialized as JSON.
    Json,
    /// A typed value serialized as `application/x-www-form-urlencoded`.
    Form,
    /// A `text/*` body: the caller's `String`, sent as it is.
    Text,
    /// A body of one other media type (`application/octet-stream`, an
    /// image): the caller's bytes, sent as they are.
    Bytes,
    /// A typed object sent as `multipart/form-data`, part by part (see
    /// [`Body::parts`]).
    Multipart,
    /// Bytes the caller encodes (`Body::raw`), for media types the client
    /// cannot encode from a schema (multipart without a schema, several
    /// media types to choose from).
    Raw,
}

/// What the method returns on success.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Success {
    /// A JSON body decoded into `ty`.
    Json {
        /// The type.
        ty: TypeRef,
        /// The documented status.
        status: u16,
        /// The spec's media type, e.g. `application/json`.
        media_type: String,
    },
    /// A `text/*` body, returned as a `String`.
    Text {
        /// The documented status.
        status: u16,
        /// The spec's media type, e.g. `text/plain`.
        media_type: String,
    },
    /// A body of any other media type (`application/octet-stream`, an
    /// image, a PDF), returned as bytes.
    Bytes {
        /// The documented status.
        status: u16,
        /// The spec's media type.
        media_type: String,
    },
    /// A `text/event-stream` body: a stream of events, each one's data
    /// decoded as JSON into `ty` (`serde_json::Value` when the spec gives
    /// no object schema).
    EventStream {
        /// The type of one event's data.
        ty: TypeRef,
        /// The documented status.
        status: u16,
        /// The spec's media type.
        media_type: String,
    },
    /// No body (`204`, or a 2xx without content).
    Empty {
        /// The documented status.
        status: u16,
    },
}

impl Success {
    /// The `Accept` header the request sends: the success body's media
    /// type, and JSON for documented errors.
    pub fn accept(&self) -> String {
        match self {
            Success::Json { media_type, .. } => media_type.clone(),
            Success::Text { media_type, .. }
            | Success::Bytes { media_type, .. }
            | Success::EventStream { media_type, .. } => {
                format!("{media_type}, application/json;q=0.9")
            }
            Success::Empty { .. } => "application/json".to_owned(),
        }
    }
}

/// A header a success response declares.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ResponseHeader {
    /// Its name, as the spec writes it.
    pub name: String,
    /// The type its value parses into (a string, a number or a boolean).
    pub ty: TypeRef,
    /// Its description.
    pub description: String,
}

/// A documented response, for the method's docs.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ResponseDoc {
    /// Status code or range (`2XX`, `default`).
    pub status: String,
    /// Its description.
    pub description: String,
    /// The body type, if any.
    pub ty: Option<TypeRef>,
}

/// A documented error status with a body.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", content = "value")]
pub enum ErrorStatus {
    /// One status, e.g. `404`.
    Code(u16),
    /// A class, e.g. `4` for `4XX`.
    Class(u16),
    /// The `default` response: any other error status.
    Default,
}

/// How several permissions combine.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PermissionOperator {
    /// Any one suffices.
    Or,
    /// All are needed.
    And,
    /// None is needed.
    Open,
}

/// The permission an operation requires.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Permission {
    /// How the permissions combine.
    pub operator: PermissionOperator,
    /// Permission names.
    pub permissions: Vec<String>,
}

/// How a list operation pages: by page number and page size, both fields of
/// the params struct.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Pagination {
    /// The stream method's name, e.g. `list_api_keys_stream`.
    pub fn_name: String,
    /// The params field holding the page size.
    pub size_field: String,
    /// The page size parameter's integer type.
    pub size_ty: TypeRef,
    /// Page size used when the caller sets none: the size parameter's
    /// default, else its maximum, else 10.
    pub default_size: i64,
    /// How each page after the first is asked for.
    pub position: PagePosition,
    /// The type of one item.
    pub item: TypeRef,
    /// Field accesses from the response to the items array.
    pub items: Vec<FieldStep>,
    /// Field accesses from the response to the total count, if the spec
    /// names one (an integer that widens to `i64`).
    pub total: Option<Vec<FieldStep>>,
}

/// The parameter that says which page to fetch, by `x-pagination`'s form.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PagePosition {
    /// A page number (`pageParam`), one more for each page.
    Number {
        /// The params field.
        field: String,
        /// Its integer type.
        ty: TypeRef,
        /// The number asked for first when the caller sets none (the
        /// extension's `pageStart`, else 0).
        first: i64,
    },
    /// An item offset (`pageOffsetParam`), moved on by the items of each
    /// page, from 0.
    Offset {
        /// The params field.
        field: String,
        /// Its integer type.
        ty: TypeRef,
    },
    /// A cursor (`cursorParam`): each response names the next one.
    Cursor {
        /// The params field, an optional string.
        field: String,
        /// Field accesses from the response to the next cursor
        /// (`cursorPath`), a string.
        next: Vec<FieldStep>,
    },
}

/// One `.field` access on the way to a value.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldStep {
    /// The Rust field name.
    pub field: String,
    /// How the field holds its value.
    pub shape: FieldShape,
}

impl Sample {
    /// The value as a Rust expression, with models named by `name_of` and
    /// the crate's own types reached through `lib` (its name in paths);
    /// `None` when a model id is unknown.
    pub fn to_rust(
        &self,
        name_of: &dyn Fn(ModelId) -> Option<String>,
        lib: &str,
    ) -> Option<String> {
        let list = |items: &[Sample]| -> Option<String> {
            let items: Option<Vec<String>> =
                items.iter().map(|s| s.to_rust(name_of, lib)).collect();
            Some(items?.join(", "))
        };
        let literal = |text: &str| proc_macro2::Literal::string(text).to_string();
        Some(match self {
            Sample::Text(text) => literal(text),
            Sample::Owned(text) => format!("{}.to_owned()", literal(text)),
            Sample::Integer(n) => n.to_string(),
            Sample::Float(x) => format!("{x:?}"),
            Sample::Bool(b) => b.to_string(),
            Sample::DateTime(text) => format!("{}.parse::<{lib}::DateTime>()?", literal(text)),
            Sample::Date(text) => format!("{}.parse::<{lib}::Date>()?", literal(text)),
            Sample::ByteVec(text) => {
                format!(
                    "{}.to_vec()",
                    proc_macro2::Literal::byte_string(text.as_bytes())
                )
            }
            Sample::Empty => "Default::default()".to_owned(),
            Sample::EmptyMap => "std::collections::BTreeMap::new()".to_owned(),
            Sample::JsonNull => "serde_json::Value::Null".to_owned(),
            Sample::Nothing => "None".to_owned(),
            Sample::Some(value) => format!("Some({})", value.to_rust(name_of, lib)?),
            Sample::Converted(value) => format!("{}.into()", value.to_rust(name_of, lib)?),
            Sample::List(items) => format!("vec![{}]", list(items)?),
            Sample::Slice(items) => format!("&[{}]", list(items)?),
            Sample::Tuple(items) if items.len() == 1 => format!("({},)", list(items)?),
            Sample::Tuple(items) => format!("({})", list(items)?),
            Sample::Unit { model, variant } => format!("{}::{variant}", name_of(*model)?),
            Sample::Variant {
                model,
                variant,
                value,
            } => format!(
                "{}::{variant}({})",
                name_of(*model)?,
                value.to_rust(name_of, lib)?
            ),
            Sample::New { model, args } => format!("{}::new({})", name_of(*model)?, list(args)?),
            Sample::From { model, value } => {
                format!(
                    "{}::from({})",
                    name_of(*model)?,
                    value.to_rust(name_of, lib)?
                )
            }
            Sample::Params {
                rust_name,
                args: None,
            } => format!("{rust_name}::default()"),
            Sample::Params {
                rust_name,
                args: Some(args),
            } => format!("{rust_name}::new({})", list(args)?),
        })
    }
}

/// An example from the spec.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Example {
    /// `request` or the response status.
    pub kind: String,
    /// The example's name or summary.
    pub title: String,
    /// Pretty-printed JSON.
    pub json: String,
}

/// A typed position in one of the IR's tables, in the style of la-arena's
/// `Idx<T>`: an `Idx<Model>` cannot address [`Api::operations`]. The tables
/// stay plain `Vec`s, serialized as lists, and an id as its number, which is
/// what templates index with (`api.operations[i]`).
///
/// Our own rather than la-arena's: the IR is `Serialize` (and types are
/// `Deserialize`, for the render filters), which la-arena's ids are not,
/// and a dozen lines need no dependency.
pub struct Idx<T> {
    index: usize,
    of: PhantomData<fn() -> T>,
}

/// The position of a model in [`Api::models`].
pub type ModelId = Idx<Model>;

/// The position of an operation in [`Api::operations`].
pub type OperationId = Idx<Operation>;

/// The position of a server list in [`Api::server_lists`].
pub type ServerListId = Idx<ServerList>;

impl<T> Idx<T> {
    /// The id of position `index`.
    pub const fn new(index: usize) -> Self {
        Idx {
            index,
            of: PhantomData,
        }
    }

    /// The position it stands for.
    pub const fn index(self) -> usize {
        self.index
    }

    /// Every id of a table of `len` entries, in order.
    pub fn all(len: usize) -> impl Iterator<Item = Self> {
        (0..len).map(Idx::new)
    }

    /// The entry it addresses in `table`.
    pub fn get(self, table: &[T]) -> Option<&T> {
        table.get(self.index)
    }

    /// The entry it addresses in `table`, to change.
    pub fn get_mut(self, table: &mut [T]) -> Option<&mut T> {
        table.get_mut(self.index)
    }
}

// Written out rather than derived: a derive would ask the same of `T`.
impl<T> Clone for Idx<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Idx<T> {}

impl<T> PartialEq for Idx<T> {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index
    }
}

impl<T> Eq for Idx<T> {}

impl<T> PartialOrd for Idx<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Idx<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.index.cmp(&other.index)
    }
}

impl<T> std::hash::Hash for Idx<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.index.hash(state);
    }
}

impl<T> fmt::Debug for Idx<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = std::any::type_name::<T>();
        let name = name.rsplit("::").next().unwrap_or(name);
        write!(f, "Idx::<{name}>({})", self.index)
    }
}

impl<T> Serialize for Idx<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.index.serialize(serializer)
    }
}

impl<'de, T> serde::Deserialize<'de> for Idx<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        usize::deserialize(deserializer).map(Idx::new)
    }
}

/// A Rust type, as a value. Models are referred to by id; the text a type
/// becomes is decided only by [`TypeRef::to_rust`].
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TypeRef {
    /// A number, boolean or string.
    Primitive(Primitive),
    /// `&str`: how a string argument is taken.
    Str,
    /// Any JSON (`serde_json::Value`).
    Json,
    /// A string that must never print (`format: password`).
    Secret,
    /// Bytes with a media type, built by the caller.
    RawBody,
    /// A generated model.
    Model(ModelId),
    /// `Vec<T>`.
    List(Box<TypeRef>),
    /// A map from strings to `T`.
    Map(Box<TypeRef>),
    /// May be absent (or, for a required-nullable field, null): `Option<T>`.
    Option(Box<TypeRef>),
    /// May be absent or null, and the two differ.
    Nullable(Box<TypeRef>),
    /// Held on the heap, to break a cycle or keep an enum small.
    Boxed(Box<TypeRef>),
    /// Bytes as they are (`runtime::bytes::Bytes`): a binary body.
    Bytes,
    /// A file (`format: binary` in a schema, `runtime::File`): bytes with
    /// an optional name and media type, sent as a file part of a multipart
    /// body.
    File,
    /// A point in time (`format: date-time`): `runtime::DateTime`, chrono's
    /// `DateTime<Utc>`, read from RFC 3339 text with any offset.
    DateTime,
    /// A calendar date (`format: date`): `runtime::Date`, chrono's
    /// `NaiveDate`.
    Date,
    /// A borrowed slice, `&[T]`: an array path parameter's argument.
    Slice(Box<TypeRef>),
    /// A fixed-length array of these types, in order (3.1's
    /// `prefixItems`): a Rust tuple, which serde reads and writes as a JSON
    /// array.
    Tuple(Vec<TypeRef>),
}

/// The models a [`TypeRef`] names, left to right ([`TypeRef::models`]).
#[derive(Debug, Clone)]
pub struct Models<'a> {
    /// The type to look into next.
    next: Option<&'a TypeRef>,
    /// The tuple items still to look into, last first (a chain of
    /// wrappers needs none, so most walks never allocate).
    rest: Vec<&'a TypeRef>,
}

impl Iterator for Models<'_> {
    type Item = ModelId;

    fn next(&mut self) -> Option<ModelId> {
        while let Some(ty) = self.next.take().or_else(|| self.rest.pop()) {
            match ty {
                TypeRef::Model(id) => return Some(*id),
                TypeRef::List(inner)
                | TypeRef::Map(inner)
                | TypeRef::Option(inner)
                | TypeRef::Nullable(inner)
                | TypeRef::Boxed(inner)
                | TypeRef::Slice(inner) => self.next = Some(inner),
                TypeRef::Tuple(items) => self.rest.extend(items.iter().rev()),
                TypeRef::Primitive(_)
                | TypeRef::Str
                | TypeRef::Json
                | TypeRef::Secret
                | TypeRef::RawBody
                | TypeRef::Bytes
                | TypeRef::File
                | TypeRef::DateTime
                | TypeRef::Date => {}
            }
        }
        None
    }
}

/// The primitive types.
#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Primitive {
    /// `String`
    String,
    /// `bool`
    Bool,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `f32`
    F32,
    /// `f64`
    F64,
}

impl Primitive {
    /// The Rust type.
    pub fn as_rust(self) -> &'static str {
        match self {
            Primitive::String => "String",
            Primitive::Bool => "bool",
            Primitive::I32 => "i32",
            Primitive::I64 => "i64",
            Primitive::U32 => "u32",
            Primitive::U64 => "u64",
            Primitive::F32 => "f32",
            Primitive::F64 => "f64",
        }
    }

    /// Whether every value converts to `i64` without loss (`i64::from`).
    pub fn widens_to_i64(self) -> bool {
        matches!(self, Primitive::I32 | Primitive::I64 | Primitive::U32)
    }
}

impl TypeRef {
    /// `String`.
    pub const STRING: TypeRef = TypeRef::Primitive(Primitive::String);

    /// `T` wrapped in `wrap`.
    pub fn wrapped(self, wrap: fn(Box<TypeRef>) -> TypeRef) -> TypeRef {
        wrap(Box::new(self))
    }

    /// This type with the model `id`, where held directly, put in a `Box`.
    pub fn box_model(&mut self, id: ModelId) {
        match self {
            TypeRef::Model(m) if *m == id => {
                *self = TypeRef::Boxed(Box::new(TypeRef::Model(id)));
            }
            TypeRef::Option(inner) | TypeRef::Nullable(inner) => inner.box_model(id),
            _ => {}
        }
    }

    /// Every model this type names, through any wrappers and containers
    /// (tuples and slices included), left to right: the one walk over a
    /// type's models.
    pub fn models(&self) -> Models<'_> {
        Models {
            next: Some(self),
            rest: Vec::new(),
        }
    }

    /// The type without the wrappers that only say how it is held
    /// (`Option`, `Nullable`, `Box`).
    pub fn unwrapped(&self) -> &TypeRef {
        match self {
            TypeRef::Option(inner) | TypeRef::Nullable(inner) | TypeRef::Boxed(inner) => {
                inner.unwrapped()
            }
            other => other,
        }
    }

    /// The type as Rust source, with models named by `name_of`; `None` when
    /// a model id is unknown. Runtime types are reached through the
    /// `runtime` path every generated module imports.
    pub fn to_rust(&self, name_of: &dyn Fn(ModelId) -> Option<String>) -> Option<String> {
        Some(match self {
            TypeRef::Primitive(p) => p.as_rust().to_owned(),
            TypeRef::Str => "&str".to_owned(),
            TypeRef::Json => "::serde_json::Value".to_owned(),
            TypeRef::Secret => "runtime::Secret".to_owned(),
            TypeRef::RawBody => "runtime::Body".to_owned(),
            TypeRef::Bytes => "runtime::bytes::Bytes".to_owned(),
            TypeRef::File => "runtime::File".to_owned(),
            TypeRef::DateTime => "runtime::DateTime".to_owned(),
            TypeRef::Date => "runtime::Date".to_owned(),
            TypeRef::Model(id) => name_of(*id)?,
            TypeRef::List(t) => format!("Vec<{}>", t.to_rust(name_of)?),
            TypeRef::Map(t) => {
                format!(
                    "::std::collections::BTreeMap<String, {}>",
                    t.to_rust(name_of)?
                )
            }
            TypeRef::Option(t) => format!("Option<{}>", t.to_rust(name_of)?),
            TypeRef::Nullable(t) => format!("runtime::Nullable<{}>", t.to_rust(name_of)?),
            TypeRef::Boxed(t) => format!("Box<{}>", t.to_rust(name_of)?),
            TypeRef::Slice(t) => format!("&[{}]", t.to_rust(name_of)?),
            TypeRef::Tuple(items) => {
                let items = items
                    .iter()
                    .map(|t| t.to_rust(name_of))
                    .collect::<Option<Vec<_>>>()?;
                // `(A,)`: a one-tuple needs its comma.
                match items.as_slice() {
                    [one] => format!("({one},)"),
                    _ => format!("({})", items.join(", ")),
                }
            }
        })
    }
}

/// A generated type.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Model {
    /// The schema's name in the spec (or the generated name of an inline one).
    pub wire_name: String,
    /// The Rust type name.
    pub rust_name: String,
    /// Docs from the description.
    pub docs: Vec<String>,
    /// Its shape.
    pub kind: ModelKind,
    /// The cargo features any of which compiles it: those of every group
    /// whose operations need it, in the crate's feature order (or
    /// [`Features::unused_models`] when none does). Empty: always compiled
    /// (the crate has no features per tag).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
}

impl Model {
    /// The models this one holds, through fields, variants or its target.
    pub fn holds(&self) -> Vec<ModelId> {
        match &self.kind {
            ModelKind::Struct {
                fields, additional, ..
            } => fields
                .iter()
                .map(|f| &f.ty)
                .chain([additional])
                .flat_map(TypeRef::models)
                .collect(),
            ModelKind::OneOf { variants, .. } => {
                variants.iter().flat_map(|v| v.ty.models()).collect()
            }
            ModelKind::Alias { target } => target.models().collect(),
            ModelKind::StringEnum { .. } => Vec::new(),
        }
    }
}

/// The shape of a generated type.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ModelKind {
    /// An object with known properties.
    Struct {
        /// Fields in spec order.
        fields: Vec<Field>,
        /// Properties the spec does not name are kept in a map of this
        /// value type.
        additional: TypeRef,
        /// Rust name of the field holding additional properties.
        additional_field: String,
        /// How the struct gets a `Default` impl.
        default: DefaultImpl,
        /// `From` impls for a wrapper whose constructor takes one struct:
        /// `ApiKeyCreateRequest::from(data)`, and through every wrapper
        /// below it, `ApiKeyCreateRequest::from(attributes)`.
        conversions: Vec<Conversion>,
        /// The fields from the struct to `data.id`, a string, for an
        /// `id()` accessor: the JSON:API response of one resource.
        id_accessor: Option<Vec<FieldStep>>,
    },
    /// A string enum; unknown values are kept in an extra variant.
    StringEnum {
        /// Known values.
        variants: Vec<Variant>,
        /// Rust name of the catch-all variant.
        unknown_variant: String,
        /// Rust name of the spec's default value, if it has one.
        default_variant: Option<String>,
    },
    /// One of several schemas.
    OneOf {
        /// The alternatives.
        variants: Vec<UnionVariant>,
        /// The property that names the alternative, when the spec says.
        discriminator: Option<String>,
        /// Rust name of the catch-all variant.
        unknown_variant: String,
    },
    /// Another name for a type.
    Alias {
        /// The aliased type.
        target: TypeRef,
    },
}

/// `impl From<from> for` a wrapper struct, built by its constructor.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Conversion {
    /// The type converted from.
    pub from: TypeRef,
    /// The type the constructor takes, built `from` the value by its own
    /// conversion; `None` when the constructor takes `from` itself.
    pub via: Option<TypeRef>,
}

/// Whether and how a struct implements `Default`.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DefaultImpl {
    /// `#[derive(Default)]`: no field is required.
    Derive,
    /// `Default` calls the argument-less constructor: every required field
    /// has a default of its own.
    ViaNew,
    /// No `Default`: the constructor needs arguments.
    None,
}

/// A struct field.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Field {
    /// The property name on the wire.
    pub wire_name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// The value's type, e.g. `List(String)`, without the `Option` or
    /// `Nullable` of its shape: the field's whole type is
    /// [`Field::full_ty`].
    pub ty: TypeRef,
    /// Required, optional, nullable.
    pub shape: FieldShape,
    /// Docs, including read-only and default notes.
    pub docs: Vec<String>,
    /// Whether the constructor takes it as an argument.
    pub in_constructor: bool,
    /// The variant of the field's enum type that the constructor fills in
    /// (the spec's default), for a required field.
    pub default_variant: Option<String>,
    /// The chainable setter of an optional field.
    pub setter: Option<Setter>,
}

impl Field {
    /// The field's whole type, e.g. `Option(List(String))`.
    pub fn full_ty(&self) -> TypeRef {
        self.shape.wrap(self.ty.clone())
    }
}

/// `with_name(value)`: sets an optional field and returns the struct.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Setter {
    /// The method name, `with_` and the field's. It takes
    /// `impl Into<ty>` of the field's value type ([`Field::ty`]).
    pub name: String,
}

/// How a field's (or a parameter's) presence and nullability map onto
/// Rust.
#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum FieldShape {
    /// Always present, never null: `T`.
    Required,
    /// Always present, may be null: `Option<T>`, serialized as `null`.
    RequiredNullable,
    /// May be absent, never null: `Option<T>`, omitted when `None`.
    Optional,
    /// May be absent or null, and the two differ: `Nullable<T>`.
    OptionalNullable,
}

impl FieldShape {
    /// Whether a value is always present (though perhaps null).
    pub fn is_required(self) -> bool {
        matches!(self, FieldShape::Required | FieldShape::RequiredNullable)
    }

    /// The field's whole type for a value of type `inner`.
    pub fn wrap(self, inner: TypeRef) -> TypeRef {
        match self {
            FieldShape::Required => inner,
            FieldShape::RequiredNullable | FieldShape::Optional => inner.wrapped(TypeRef::Option),
            FieldShape::OptionalNullable => inner.wrapped(TypeRef::Nullable),
        }
    }
}

/// A variant of a string enum.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Variant {
    /// The value on the wire.
    pub wire_name: String,
    /// The Rust variant name.
    pub rust_name: String,
}

/// An alternative of a `oneOf`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// The type it holds.
    pub ty: TypeRef,
    /// The discriminator values that select it.
    pub tags: Vec<String>,
    /// What it holds and when it is chosen.
    pub docs: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Templates index tables with ids (`api.operations[i]`), and render
    /// filters read model ids back out of types: an id is its number.
    #[test]
    fn ids_serialize_as_their_position() {
        let ids = vec![OperationId::new(0), OperationId::new(3)];
        assert_eq!(serde_json::to_string(&ids).unwrap(), "[0,3]");
        let ty: TypeRef = serde_json::from_str(r#"{"list":{"model":7}}"#).unwrap();
        assert_eq!(ty.models().collect::<Vec<_>>(), [ModelId::new(7)]);
        assert_eq!(format!("{:?}", ModelId::new(7)), "Idx::<Model>(7)");
    }

    /// A type names its models through every wrapper and container,
    /// slices and each item of a tuple included, left to right.
    #[test]
    fn models_walks_every_wrapper_and_tuple_item() {
        let model = |i| TypeRef::Model(ModelId::new(i));
        let boxed = |ty: TypeRef, wrap: fn(Box<TypeRef>) -> TypeRef| ty.wrapped(wrap);
        let ids = |ty: &TypeRef| ty.models().map(ModelId::index).collect::<Vec<_>>();
        assert_eq!(ids(&TypeRef::STRING), Vec::<usize>::new());
        assert_eq!(ids(&TypeRef::Json), Vec::<usize>::new());
        assert_eq!(ids(&model(4)), [4]);
        for wrap in [
            TypeRef::List,
            TypeRef::Map,
            TypeRef::Option,
            TypeRef::Nullable,
            TypeRef::Boxed,
            TypeRef::Slice,
        ] {
            assert_eq!(ids(&boxed(model(2), wrap)), [2]);
        }
        // `Option<Vec<(A, String, Box<B>, (C, D))>>`, `Map<E>`.
        let tuple = TypeRef::Tuple(vec![
            model(1),
            TypeRef::STRING,
            boxed(model(5), TypeRef::Boxed),
            TypeRef::Tuple(vec![model(0), boxed(model(3), TypeRef::List)]),
        ]);
        let ty = boxed(boxed(tuple, TypeRef::List), TypeRef::Option);
        assert_eq!(ids(&ty), [1, 5, 0, 3]);
        assert_eq!(ids(&TypeRef::Tuple(Vec::new())), Vec::<usize>::new());
        assert_eq!(ids(&boxed(model(6), TypeRef::Map)), [6]);
    }

    #[test]
    fn an_id_addresses_its_table() {
        let table = ["a", "b"];
        let ids: Vec<Idx<&str>> = Idx::all(table.len()).collect();
        assert_eq!(
            ids.iter().map(|id| id.get(&table)).collect::<Vec<_>>(),
            [Some(&"a"), Some(&"b")]
        );
        assert_eq!(Idx::<&str>::new(2).get(&table), None);
    }

    /// A field or parameter holds its value type once; its whole type comes
    /// from its shape.
    #[test]
    fn whole_types_come_from_the_shape() {
        let ty = TypeRef::List(Box::new(TypeRef::STRING));
        assert_eq!(FieldShape::Required.wrap(ty.clone()), ty);
        assert_eq!(
            FieldShape::Optional.wrap(ty.clone()),
            TypeRef::Option(Box::new(ty.clone()))
        );
        assert_eq!(
            FieldShape::RequiredNullable.wrap(ty.clone()),
            TypeRef::Option(Box::new(ty.clone()))
        );
        assert_eq!(
            FieldShape::OptionalNullable.wrap(ty.clone()),
            TypeRef::Nullable(Box::new(ty))
        );
        assert!(FieldShape::RequiredNullable.is_required());
        assert!(!FieldShape::Optional.is_required());
    }
}
