//! The intermediate representation: the contract between a spec and the
//! templates.
//!
//! Everything a template needs is decided here, as plain data: Rust names
//! (already valid identifiers, keywords escaped), Rust types (as source text
//! that parses as `syn::Type`), wire names, docs, and the facts from vendor
//! extensions. Nothing in it mentions OpenAPI syntax, so templates only lay
//! out what the IR says. It is `Serialize` so maintainers can review it as
//! an insta snapshot.

use serde::Serialize;

/// The whole output: one crate with one module per spec.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Crate {
    /// Package name, e.g. `datadog-key-management`.
    pub package: String,
    /// Package version.
    pub version: String,
    /// The crate's one-paragraph description.
    pub description: String,
    /// The sites the client can talk to (from the `site` server variable).
    pub sites: Vec<Variant>,
    /// Index of the default site in `sites`.
    pub default_site: usize,
    /// The APIs, one per spec, in the order given.
    pub apis: Vec<Api>,
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
    /// The server the operations are sent to.
    pub server: Server,
    /// API structs (one per tag), each holding its operations' methods.
    pub groups: Vec<Group>,
    /// Every operation, in spec order.
    pub operations: Vec<Operation>,
    /// Every type: component schemas in spec order, then inline schemas in
    /// the order they were found.
    pub models: Vec<Model>,
}

/// A server URL template and its variables.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Server {
    /// e.g. `https://{subdomain}.{site}`.
    pub url: String,
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
    /// Indexes into [`Api::operations`].
    pub operations: Vec<usize>,
}

/// An HTTP method.
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
    /// The name of the constant describing the operation, e.g. `LIST_API_KEYS`.
    pub const_name: String,
    /// HTTP method.
    pub method: Method,
    /// The path template as in the spec.
    pub path: String,
    /// The path as a `format!` string: `{}` for each parameter, in order.
    pub path_format: String,
    /// The path split into literal text and parameters, in order.
    pub path_parts: Vec<PathPart>,
    /// Path parameters in template order: required method arguments.
    pub path_params: Vec<Param>,
    /// Query and header parameters, gathered in one options struct.
    pub query: Option<ParamsStruct>,
    /// Header parameters (fields of `query` with [`ParamEncoding::Header`]),
    /// in spec order.
    pub headers: Vec<HeaderParam>,
    /// The request body.
    pub body: Option<Body>,
    /// What a successful call returns.
    pub success: Success,
    /// Every documented response, for the docs.
    pub responses: Vec<ResponseDoc>,
    /// The Rust type the documented error bodies decode into.
    pub error_type: String,
    /// Statuses whose body decodes as `error_type`.
    pub error_statuses: Vec<ErrorStatus>,
    /// Headers carrying credentials.
    pub credentials: Vec<Credential>,
    /// The permission the caller needs (from `x-permission`).
    pub permission: Option<Permission>,
    /// Sites where the operation does not exist (from `x-unavailable-sites`),
    /// as indexes into [`Crate::sites`].
    pub unavailable_sites: Vec<usize>,
    /// Facts the docs should state that have no other use (vendor notes).
    pub notes: Vec<String>,
    /// Page-by-page listing, when the operation pages.
    pub pagination: Option<Pagination>,
    /// Summary and description.
    pub docs: Vec<String>,
    /// The spec's examples, rendered as JSON.
    pub examples: Vec<Example>,
    /// Deprecated in the spec.
    pub deprecated: bool,
}

/// A piece of a path template.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PathPart {
    /// Text sent as is.
    Literal {
        /// The text.
        text: String,
    },
    /// A parameter, percent-encoded as one path segment.
    Param {
        /// The parameter's Rust name.
        rust_name: String,
    },
}

/// A parameter.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Param {
    /// The name on the wire, e.g. `filter[created_at][start]`.
    pub wire_name: String,
    /// The Rust name, e.g. `filter_created_at_start`.
    pub rust_name: String,
    /// The value's Rust type without `Option`.
    pub rust_type: String,
    /// For path params: the borrowed argument type (`&str` for strings).
    pub arg_type: String,
    /// Whether the spec requires it.
    pub required: bool,
    /// How it is encoded.
    pub encoding: ParamEncoding,
    /// Its description plus limits and default.
    pub docs: Vec<String>,
}

/// How a query parameter's value is written.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ParamEncoding {
    /// One `name=value` pair.
    Plain,
    /// An array as one comma-separated value (`style: form, explode: false`).
    CommaSeparated,
    /// An array as one `name=value` pair per item (`explode: true`).
    Repeated,
    /// Not in the query: sent as the HTTP header `wire_name`.
    Header,
}

/// A header parameter, read from the params struct.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HeaderParam {
    /// The header's name.
    pub wire_name: String,
    /// The params struct field holding it.
    pub rust_name: String,
    /// Whether the field is required (not an `Option`).
    pub required: bool,
}

/// The options struct of an operation's query parameters.
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
    /// Its Rust type.
    pub rust_type: String,
    /// Whether the spec requires it.
    pub required: bool,
    /// Media type, e.g. `application/json`.
    pub content_type: String,
    /// How the value becomes bytes.
    pub encoding: BodyEncoding,
    /// Its description.
    pub docs: Vec<String>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum BodyEncoding {
    /// A typed value serialized as JSON.
    Json,
    /// A typed value serialized as `application/x-www-form-urlencoded`.
    Form,
    /// Bytes the caller encodes (`runtime::Body::raw`), for media types the
    /// client cannot encode from a schema (files, multipart, text).
    Raw,
}

/// What the method returns on success.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Success {
    /// A JSON body decoded into `rust_type`.
    Json {
        /// The type.
        rust_type: String,
        /// The documented status.
        status: u16,
    },
    /// No body (`204`, or a 2xx without content).
    Empty {
        /// The documented status.
        status: u16,
    },
}

/// A documented response, for the method's docs.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ResponseDoc {
    /// Status code or range (`2XX`, `default`).
    pub status: String,
    /// Its description.
    pub description: String,
    /// The body type, if any.
    pub rust_type: Option<String>,
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

/// A credential header an operation sends.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Credential {
    /// Which configured key goes in it.
    pub kind: CredentialKind,
    /// The header's name, e.g. `DD-API-KEY`.
    pub header: String,
    /// The security scheme's name in the spec.
    pub scheme: String,
}

/// The keys a client configuration holds.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub enum CredentialKind {
    /// The API key (`DD_API_KEY`).
    ApiKey,
    /// The application key (`DD_APP_KEY`).
    AppKey,
}

/// The permission an operation requires.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Permission {
    /// `OR` (any one suffices) or `AND` (all are needed).
    pub operator: String,
    /// Permission names.
    pub permissions: Vec<String>,
}

/// How a list operation pages.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Pagination {
    /// The stream method's name, e.g. `list_api_keys_stream`.
    pub fn_name: String,
    /// The params field holding the page size.
    pub size_field: String,
    /// The params field holding the page number.
    pub number_field: String,
    /// Page size used when the caller sets none (the spec's default).
    pub default_size: i64,
    /// The type of one item.
    pub item_type: String,
    /// Field accesses from the response to the items array.
    pub items: Vec<FieldStep>,
    /// Field accesses from the response to the total count, if any.
    pub total: Vec<FieldStep>,
    /// Expression turning `response` into the page's `Vec` of items.
    pub items_expr: String,
    /// Expression turning `response` into the `Option<i64>` total.
    pub total_expr: String,
}

/// One `.field` access on the way to a value; `optional` when the field is
/// an `Option` (or `Nullable`) to be unwrapped.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldStep {
    /// The Rust field name.
    pub field: String,
    /// How the field holds its value.
    pub shape: FieldShape,
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
}

/// The shape of a generated type.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ModelKind {
    /// An object with known properties.
    Struct {
        /// Fields in spec order.
        fields: Vec<Field>,
        /// Properties the spec does not name are kept here; the map's value type.
        additional: String,
        /// Rust name of the field holding additional properties.
        additional_field: String,
        /// Fields the constructor takes as arguments, in order.
        constructor_args: Vec<String>,
        /// How the struct gets a `Default` impl.
        default: DefaultImpl,
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
        rust_type: String,
    },
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
    /// The value type, without the wrapper the shape adds.
    pub inner_type: String,
    /// The full field type, e.g. `Option<Vec<String>>`.
    pub rust_type: String,
    /// Required, optional, nullable.
    pub shape: FieldShape,
    /// Docs, including read-only and default notes.
    pub docs: Vec<String>,
    /// Rust expression of the spec's default, when the constructor can
    /// fill the field in by itself (an enum's default variant).
    pub default: Option<String>,
}

/// How a field's presence and nullability map onto Rust.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
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

/// A variant of a string enum (or a site).
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
    pub rust_type: String,
    /// The discriminator values that select it.
    pub tags: Vec<String>,
    /// What it holds and when it is chosen.
    pub docs: Vec<String>,
}
