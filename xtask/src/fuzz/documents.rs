//! Random OpenAPI documents that are valid by construction, so the
//! generator must turn every one of them into a crate.
//!
//! A [`Document`] is plain data (proptest shrinks it field by field), and
//! [`Document::text`] writes it as OpenAPI 3.0 or 3.1, YAML or JSON. What
//! the data cannot say wrongly is enforced when it is written: references
//! point at components that exist, and a reference that would make a
//! component an alias of itself (`A: {$ref: A}`, `A: {allOf: [{$ref: A}]}`,
//! which no type can be) points at an earlier component instead.

use proptest::prelude::*;
use proptest::sample::{select, Index};
use serde_json::{json, Map, Value};

use super::pools;

/// The OpenAPI version a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `openapi: 3.0.3`.
    V30,
    /// `openapi: 3.1.0`: nullability as type lists, `const`, `examples`
    /// lists, `$defs`, `prefixItems`, `webhooks`.
    V31,
}

/// Vendor extensions on one object: names and arbitrary JSON.
pub type Extensions = Vec<(&'static str, Value)>;

/// A schema, before names and references are resolved.
#[derive(Debug, Clone)]
pub enum Schema {
    /// `$ref` to one of the document's component schemas.
    Ref(Index),
    /// `type: string`, with a format.
    String(Option<&'static str>),
    /// `type: integer`, with a format and bounds.
    Integer(Option<&'static str>, Option<(i64, i64)>),
    /// `type: number`, with a format.
    Number(Option<&'static str>),
    /// `type: boolean`.
    Boolean,
    /// A string enum, `null` among its values when `nullable`.
    StringEnum(Vec<&'static str>, bool),
    /// An integer enum.
    IntegerEnum(Vec<i64>),
    /// A number enum.
    NumberEnum(Vec<f64>),
    /// `{}`: any value.
    Any,
    /// `type: array`.
    Array(Box<Schema>),
    /// `type: object` with properties.
    Object(Vec<Property>, Option<Additional>),
    /// `type: object` with only `additionalProperties`.
    Map(Option<Additional>),
    /// `oneOf` (or `anyOf` when the flag is set), without discriminator.
    Union(Vec<Schema>, bool),
    /// `allOf`.
    AllOf(Vec<Schema>),
    /// `not`.
    Not(Box<Schema>),
    /// The schema, nullable.
    Nullable(Box<Schema>),
    /// The schema with annotations and extensions.
    Annotated(Box<Schema>, Box<Annotations>),
    /// 3.1 only: a tuple (`prefixItems`); written as a list in 3.0.
    Tuple(Vec<Schema>),
}

/// One property of an object schema.
#[derive(Debug, Clone)]
pub struct Property {
    /// Its wire name.
    pub name: &'static str,
    /// Its schema.
    pub schema: Schema,
    /// Whether `required` lists it.
    pub required: bool,
    /// `readOnly: true` (or `writeOnly` when `false`), if set.
    pub read_only: Option<bool>,
}

/// What an object says about properties it does not list.
#[derive(Debug, Clone)]
pub enum Additional {
    /// `additionalProperties: true/false`.
    Flag(bool),
    /// `additionalProperties: {schema}`.
    Schema(Box<Schema>),
}

/// What a schema may say besides its shape.
#[derive(Debug, Clone)]
pub struct Annotations {
    /// `title`.
    pub title: Option<&'static str>,
    /// `description`.
    pub description: Option<&'static str>,
    /// `example` (in 3.1, `examples: [...]`).
    pub example: Option<Value>,
    /// A `default` of the schema's own kind, when it has an obvious one.
    pub default: Option<Index>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Vendor extensions.
    pub extensions: Extensions,
}

/// A `oneOf` whose alternatives are component objects told apart by a
/// discriminator property.
#[derive(Debug, Clone)]
pub struct TaggedUnion {
    /// The union component's name.
    pub name: &'static str,
    /// The discriminator property.
    pub property: &'static str,
    /// Each alternative: its component name, its own properties, and the
    /// tag value its discriminator property is limited to (an enum), if any.
    pub alternatives: Vec<(&'static str, Vec<Property>, Option<&'static str>)>,
    /// Whether the discriminator has an explicit `mapping`.
    pub mapping: bool,
    /// `anyOf` instead of `oneOf`.
    pub any_of: bool,
}

/// Where a parameter goes, and how it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// `in: query`, with a style.
    Query(QueryStyle),
    /// `in: header`.
    Header,
    /// `in: cookie`.
    Cookie,
}

/// A query parameter's `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// No `style` (form).
    Unset,
    /// `form`.
    Form,
    /// `spaceDelimited` (of an array).
    SpaceDelimited,
    /// `pipeDelimited` (of an array).
    PipeDelimited,
    /// `deepObject` (of an object).
    DeepObject,
}

/// A parameter that is not in the path.
#[derive(Debug, Clone)]
pub struct Param {
    /// Its wire name.
    pub name: &'static str,
    /// Where it goes.
    pub location: Location,
    /// Its schema (made to fit its style when written).
    pub schema: Schema,
    /// `required`.
    pub required: bool,
    /// `explode`, when given.
    pub explode: Option<bool>,
    /// Described by `content: {application/json: {schema}}` instead of
    /// `schema`.
    pub content: bool,
    /// `description`.
    pub description: Option<&'static str>,
    /// `deprecated`.
    pub deprecated: bool,
    /// Shared through `components.parameters` and a `$ref`.
    pub shared: bool,
    /// Vendor extensions.
    pub extensions: Extensions,
}

/// A path parameter's style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// No `style` (simple).
    Unset,
    /// `simple`.
    Simple,
    /// `label`.
    Label,
    /// `matrix`.
    Matrix,
}

/// One segment of a path template.
#[derive(Debug, Clone)]
pub enum Segment {
    /// Literal text.
    Literal(&'static str),
    /// `{name}`, with the parameter's schema, style and explode.
    Variable(&'static str, Schema, PathStyle, Option<bool>),
}

/// A request body.
#[derive(Debug, Clone)]
pub struct RequestBody {
    /// Media types, each with a schema when it has one.
    pub content: Vec<(MediaKind, Option<Schema>)>,
    /// `required`.
    pub required: bool,
    /// `description`.
    pub description: Option<&'static str>,
    /// An `example` on the first media type.
    pub example: Option<Value>,
    /// Shared through `components.requestBodies`.
    pub shared: bool,
}

/// The media types bodies and responses use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// `application/json`.
    Json,
    /// `application/json; charset=utf-8`.
    JsonCharset,
    /// `application/vnd.api+json`.
    VndJson,
    /// `application/x-www-form-urlencoded` (an object schema).
    Form,
    /// `multipart/form-data` (an object schema with file parts).
    Multipart,
    /// `text/plain`.
    Text,
    /// `application/octet-stream`.
    OctetStream,
    /// `image/png`.
    Png,
    /// `*/*`.
    Wildcard,
    /// `application/xml`.
    Xml,
}

impl MediaKind {
    fn media_type(self) -> &'static str {
        match self {
            MediaKind::Json => "application/json",
            MediaKind::JsonCharset => "application/json; charset=utf-8",
            MediaKind::VndJson => "application/vnd.api+json",
            MediaKind::Form => "application/x-www-form-urlencoded",
            MediaKind::Multipart => "multipart/form-data",
            MediaKind::Text => "text/plain",
            MediaKind::OctetStream => "application/octet-stream",
            MediaKind::Png => "image/png",
            MediaKind::Wildcard => "*/*",
            MediaKind::Xml => "application/xml",
        }
    }
}

/// One response.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status key: `200`, `4XX`, `default`, ...
    pub status: &'static str,
    /// Its content, possibly none.
    pub content: Vec<(MediaKind, Option<Schema>)>,
    /// Response headers, by name.
    pub headers: Vec<(&'static str, Schema)>,
    /// `description` (required by 3.0; always written).
    pub description: &'static str,
    /// Shared through `components.responses`.
    pub shared: bool,
    /// Vendor extensions.
    pub extensions: Extensions,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The method; the path item's methods are made distinct when written.
    pub method: &'static str,
    /// `operationId`, made unique when written.
    pub id: Option<&'static str>,
    /// `tags`.
    pub tags: Vec<&'static str>,
    /// `summary`.
    pub summary: Option<&'static str>,
    /// `description`.
    pub description: Option<&'static str>,
    /// Parameters outside the path.
    pub params: Vec<Param>,
    /// Path parameters declared here rather than on the path item.
    pub own_path_params: bool,
    /// The request body.
    pub body: Option<RequestBody>,
    /// The responses (at least one is written).
    pub responses: Vec<Response>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `security`: none, empty, or the document's schemes by index.
    pub security: Option<Vec<Index>>,
    /// Vendor extensions (the generator's own among them).
    pub extensions: Extensions,
}

/// One path and its operations.
#[derive(Debug, Clone)]
pub struct PathItem {
    /// The template's segments (a unique first segment is added).
    pub segments: Vec<Segment>,
    /// Its operations.
    pub operations: Vec<Operation>,
    /// `summary` of the path item.
    pub summary: Option<&'static str>,
    /// Vendor extensions.
    pub extensions: Extensions,
}

/// A security scheme.
#[derive(Debug, Clone)]
pub enum Security {
    /// An API key in a header.
    HeaderKey(&'static str),
    /// An API key in the query.
    QueryKey(&'static str),
    /// An API key in a cookie.
    CookieKey(&'static str),
    /// HTTP bearer.
    Bearer,
    /// HTTP basic.
    Basic,
    /// OAuth 2 client credentials.
    OAuth2,
    /// OpenID Connect.
    OpenIdConnect,
}

/// A whole document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Its version.
    pub version: Version,
    /// Written as JSON rather than YAML.
    pub json: bool,
    /// `info.title`.
    pub title: &'static str,
    /// `info.description`.
    pub description: Option<&'static str>,
    /// The first server's URL, if any.
    pub server: Option<&'static str>,
    /// Values of the `site` variable of a `{site}` server URL.
    pub sites: Vec<&'static str>,
    /// Component schemas (names made unique when written).
    pub components: Vec<(&'static str, Schema)>,
    /// Discriminated unions, each with its alternatives as components.
    pub unions: Vec<TaggedUnion>,
    /// Security schemes, by name.
    pub security: Vec<(&'static str, Security)>,
    /// Whether the document has a top-level `security` requirement.
    pub global_security: bool,
    /// The paths.
    pub paths: Vec<PathItem>,
    /// 3.1: a `webhooks` section, which the generator skips.
    pub webhooks: bool,
    /// Vendor extensions at the root, on `info`, `paths` and `components`.
    pub extensions: [Extensions; 4],
}

// ---------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------

/// Any document, 3.0 or 3.1, YAML or JSON.
pub fn document() -> impl Strategy<Value = Document> {
    let head = (
        prop_oneof![4 => Just(Version::V30), 1 => Just(Version::V31)],
        any::<bool>(),
        select(pools::TAGS),
        prop::option::of(select(pools::TEXTS)),
        prop::option::of(select(pools::SERVER_URLS)),
        prop::collection::vec(select(pools::SITES), 1..4),
        any::<bool>(),
    );
    let body = (
        prop::collection::vec((select(pools::COMPONENT_NAMES), schema()), 1..7),
        prop::collection::vec(tagged_union(), 0..2),
        prop::collection::vec((select(pools::SCHEME_NAMES), security()), 0..3),
        any::<bool>(),
        prop::collection::vec(path_item(), 1..5),
    );
    let extensions = [extensions(), extensions(), extensions(), extensions()];
    (head, body, extensions).prop_map(
        |(
            (version, json, title, description, server, sites, webhooks),
            (components, unions, security, global_security, paths),
            extensions,
        )| Document {
            version,
            json,
            title,
            description,
            server,
            sites,
            components,
            unions,
            security,
            global_security,
            paths,
            webhooks,
            extensions,
        },
    )
}

/// A leaf schema: one value, no nesting.
fn leaf_schema() -> impl Strategy<Value = Schema> {
    prop_oneof![
        prop::option::of(select(pools::STRING_FORMATS)).prop_map(Schema::String),
        (
            prop::option::of(select(pools::INTEGER_FORMATS)),
            prop::option::of((-1000i64..0, 0i64..1000))
        )
            .prop_map(|(f, b)| Schema::Integer(f, b)),
        prop::option::of(select(pools::NUMBER_FORMATS)).prop_map(Schema::Number),
        Just(Schema::Boolean),
        (
            prop::collection::vec(select(pools::ENUM_STRINGS), 1..6),
            any::<bool>()
        )
            .prop_map(|(v, null)| Schema::StringEnum(v, null)),
        prop::collection::vec(select(pools::ENUM_INTEGERS), 1..4).prop_map(Schema::IntegerEnum),
        prop::collection::vec(select(pools::ENUM_NUMBERS), 1..4).prop_map(Schema::NumberEnum),
        Just(Schema::Any),
        any::<Index>().prop_map(Schema::Ref),
    ]
}

/// Any schema, nested a few levels.
pub fn schema() -> impl Strategy<Value = Schema> {
    leaf_schema().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|s| Schema::Array(Box::new(s))),
            (
                prop::collection::vec(property(inner.clone()), 1..5),
                prop::option::of(additional(inner.clone()))
            )
                .prop_map(|(p, a)| Schema::Object(p, a)),
            prop::option::of(additional(inner.clone())).prop_map(Schema::Map),
            (prop::collection::vec(inner.clone(), 1..4), any::<bool>())
                .prop_map(|(v, any_of)| Schema::Union(v, any_of)),
            prop::collection::vec(inner.clone(), 1..4).prop_map(Schema::AllOf),
            inner.clone().prop_map(|s| Schema::Not(Box::new(s))),
            inner.clone().prop_map(|s| Schema::Nullable(Box::new(s))),
            (inner.clone(), annotations())
                .prop_map(|(s, a)| Schema::Annotated(Box::new(s), Box::new(a))),
            prop::collection::vec(inner, 0..3).prop_map(Schema::Tuple),
        ]
    })
}

fn property(schema: impl Strategy<Value = Schema>) -> impl Strategy<Value = Property> {
    (
        select(pools::PROPERTY_NAMES),
        schema,
        any::<bool>(),
        prop::option::weighted(0.2, any::<bool>()),
    )
        .prop_map(|(name, schema, required, read_only)| Property {
            name,
            schema,
            required,
            read_only,
        })
}

fn additional(schema: impl Strategy<Value = Schema>) -> impl Strategy<Value = Additional> {
    prop_oneof![
        any::<bool>().prop_map(Additional::Flag),
        schema.prop_map(|s| Additional::Schema(Box::new(s))),
    ]
}

fn annotations() -> impl Strategy<Value = Annotations> {
    (
        prop::option::of(select(pools::TEXTS)),
        prop::option::of(select(pools::TEXTS)),
        prop::option::of(json_value()),
        prop::option::of(any::<Index>()),
        any::<bool>(),
        extensions(),
    )
        .prop_map(
            |(title, description, example, default, deprecated, extensions)| Annotations {
                title,
                description,
                example,
                default,
                deprecated,
                extensions,
            },
        )
}

fn tagged_union() -> impl Strategy<Value = TaggedUnion> {
    let alternative = (
        select(pools::COMPONENT_NAMES),
        prop::collection::vec(property(leaf_schema()), 0..3),
        prop::option::of(select(pools::ENUM_STRINGS)),
    );
    (
        select(pools::COMPONENT_NAMES),
        select(&["type", "kind", "petType", "a-b", "self", "名前"][..]),
        prop::collection::vec(alternative, 1..4),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(name, property, alternatives, mapping, any_of)| TaggedUnion {
                name,
                property,
                alternatives,
                mapping,
                any_of,
            },
        )
}

fn security() -> impl Strategy<Value = Security> {
    prop_oneof![
        select(pools::KEY_HEADERS).prop_map(Security::HeaderKey),
        select(pools::KEY_HEADERS).prop_map(Security::QueryKey),
        select(pools::KEY_HEADERS).prop_map(Security::CookieKey),
        Just(Security::Bearer),
        Just(Security::Basic),
        Just(Security::OAuth2),
        Just(Security::OpenIdConnect),
    ]
}

fn path_item() -> impl Strategy<Value = PathItem> {
    let segment = prop_oneof![
        select(&["pets", "a-b", "a_b", "v1.0", "名前", "~tilde", "x"][..])
            .prop_map(Segment::Literal),
        (
            select(pools::PATH_PARAM_NAMES),
            leaf_schema(),
            select(
                &[
                    PathStyle::Unset,
                    PathStyle::Simple,
                    PathStyle::Label,
                    PathStyle::Matrix
                ][..]
            ),
            prop::option::of(any::<bool>())
        )
            .prop_map(|(n, s, style, explode)| Segment::Variable(n, s, style, explode)),
        (
            select(pools::PATH_PARAM_NAMES),
            schema(),
            prop::option::of(any::<bool>())
        )
            .prop_map(|(n, s, explode)| Segment::Variable(n, s, PathStyle::Unset, explode)),
    ];
    (
        prop::collection::vec(segment, 0..4),
        prop::collection::vec(operation(), 1..4),
        prop::option::of(select(pools::TEXTS)),
        extensions(),
    )
        .prop_map(|(segments, operations, summary, extensions)| PathItem {
            segments,
            operations,
            summary,
            extensions,
        })
}

fn operation() -> impl Strategy<Value = Operation> {
    let head = (
        select(
            &[
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ][..],
        ),
        prop::option::weighted(0.8, select(pools::OPERATION_IDS)),
        prop::collection::vec(select(pools::TAGS), 0..3),
        prop::option::of(select(pools::TEXTS)),
        prop::option::of(select(pools::TEXTS)),
        any::<bool>(),
    );
    let rest = (
        prop::collection::vec(param(), 0..5),
        prop::option::of(request_body()),
        prop::collection::vec(response(), 0..4),
        prop::option::weighted(0.3, prop::collection::vec(any::<Index>(), 0..3)),
        operation_extensions(),
        any::<bool>(),
    );
    (head, rest).prop_map(
        |(
            (method, id, tags, summary, description, deprecated),
            (params, body, responses, security, extensions, own_path_params),
        )| Operation {
            method,
            id,
            tags,
            summary,
            description,
            params,
            own_path_params,
            body,
            responses,
            deprecated,
            security,
            extensions,
        },
    )
}

fn param() -> impl Strategy<Value = Param> {
    let location = prop_oneof![
        3 => select(
            &[
                QueryStyle::Unset,
                QueryStyle::Form,
                QueryStyle::SpaceDelimited,
                QueryStyle::PipeDelimited,
                QueryStyle::DeepObject
            ][..]
        )
        .prop_map(Location::Query),
        1 => Just(Location::Header),
        1 => Just(Location::Cookie),
    ];
    let head = (
        location,
        schema(),
        any::<bool>(),
        prop::option::of(any::<bool>()),
        prop::bool::weighted(0.15),
    );
    let rest = (
        any::<Index>(),
        prop::option::of(select(pools::TEXTS)),
        any::<bool>(),
        prop::bool::weighted(0.2),
        extensions(),
    );
    (head, rest).prop_map(
        |(
            (location, schema, required, explode, content),
            (name, description, deprecated, shared, extensions),
        )| {
            let pool = match location {
                Location::Query(_) => pools::QUERY_PARAM_NAMES,
                Location::Header => pools::HEADER_NAMES,
                Location::Cookie => pools::COOKIE_NAMES,
            };
            Param {
                name: pool[name.index(pool.len())],
                location,
                schema,
                required,
                explode,
                content,
                description,
                deprecated,
                shared,
                extensions,
            }
        },
    )
}

fn media_kind() -> impl Strategy<Value = MediaKind> {
    select(
        &[
            MediaKind::Json,
            MediaKind::JsonCharset,
            MediaKind::VndJson,
            MediaKind::Form,
            MediaKind::Multipart,
            MediaKind::Text,
            MediaKind::OctetStream,
            MediaKind::Png,
            MediaKind::Wildcard,
            MediaKind::Xml,
        ][..],
    )
}

fn request_body() -> impl Strategy<Value = RequestBody> {
    (
        prop::collection::vec((media_kind(), prop::option::weighted(0.8, schema())), 0..3),
        any::<bool>(),
        prop::option::of(select(pools::TEXTS)),
        prop::option::weighted(0.3, json_value()),
        prop::bool::weighted(0.2),
    )
        .prop_map(
            |(content, required, description, example, shared)| RequestBody {
                content,
                required,
                description,
                example,
                shared,
            },
        )
}

fn response() -> impl Strategy<Value = Response> {
    (
        select(
            &[
                "200", "201", "202", "204", "2XX", "default", "400", "404", "4XX", "5XX", "301",
                "100", "299", "500",
            ][..],
        ),
        prop::collection::vec((media_kind(), prop::option::weighted(0.8, schema())), 0..3),
        prop::collection::vec((select(pools::HEADER_NAMES), leaf_schema()), 0..2),
        select(pools::TEXTS),
        prop::bool::weighted(0.2),
        extensions(),
    )
        .prop_map(
            |(status, content, headers, description, shared, extensions)| Response {
                status,
                content,
                headers,
                description,
                shared,
                extensions,
            },
        )
}

/// Up to two vendor extensions of any name, with any JSON.
pub fn extensions() -> impl Strategy<Value = Extensions> {
    prop::collection::vec((select(pools::EXTENSION_NAMES), json_value()), 0..2)
}

/// An operation's extensions: random ones, and the generator's own in
/// the forms `spec/README.md` documents.
fn operation_extensions() -> impl Strategy<Value = Extensions> {
    let pagination = prop_oneof![
        select(pools::QUERY_PARAM_NAMES).prop_map(|p| json!({
            "limitParam": p, "pageParam": "page[number]", "resultsPath": "data",
            "totalPath": "meta.page.total"
        })),
        select(pools::QUERY_PARAM_NAMES).prop_map(|p| json!({
            "limitParam": "limit", "pageOffsetParam": p, "resultsPath": "data"
        })),
        select(pools::QUERY_PARAM_NAMES).prop_map(|p| json!({
            "limitParam": "page[size]", "cursorParam": p, "cursorPath": "meta.page.after",
            "resultsPath": "data"
        })),
    ];
    let known = prop_oneof![
        pagination.prop_map(|v| ("x-pagination", v)),
        any::<bool>().prop_map(|b| ("x-unstable", json!(b))),
        Just(("x-unstable", json!("Preview endpoint."))),
        Just(("x-sunset", json!("2030-01-01"))),
        Just((
            "x-permission",
            json!({"operator": "OR", "permissions": ["keys_read"]})
        )),
        Just((
            "x-permission",
            json!({"operator": "OPEN", "permissions": []})
        )),
        select(pools::SITES).prop_map(|s| ("x-unavailable-sites", json!([s]))),
    ];
    (prop::collection::vec(known, 0..3), extensions()).prop_map(|(mut known, random)| {
        known.extend(random);
        known
    })
}

/// Any JSON value, small.
pub fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        select(&[0.5f64, -1e300, 1e-7, 3.0][..]).prop_map(|n| json!(n)),
        select(pools::JSON_STRINGS).prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::vec((select(pools::PROPERTY_NAMES), inner), 0..3).prop_map(
                |entries| Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect()
                )
            ),
        ]
    })
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/// Which components a reference may name from where it is.
#[derive(Debug, Clone, Copy)]
enum Scope {
    /// Any component: the reference is behind a list, map, box or field.
    Any,
    /// Only components before this one: the reference would make the
    /// component an alias of (or merge) its target, so it must not lead back.
    Before(usize),
}

/// What writing needs to know about the whole document.
struct Writer<'a> {
    version: Version,
    /// Component schema names, unique, in order.
    names: &'a [String],
}

impl Document {
    /// The document as the text a spec file holds: YAML, or JSON when
    /// [`Document::json`] is set.
    pub fn text(&self) -> String {
        let value = self.to_value();
        if self.json {
            serde_json::to_string_pretty(&value).unwrap_or_default()
        } else {
            serde_yaml::to_string(&value).unwrap_or_default()
        }
    }

    /// The document as a JSON tree.
    pub fn to_value(&self) -> Value {
        let names = unique_names(self.components.iter().map(|(n, _)| *n));
        let writer = Writer {
            version: self.version,
            names: &names,
        };
        let mut root = Map::new();
        root.insert(
            "openapi".into(),
            json!(match self.version {
                Version::V30 => "3.0.3",
                Version::V31 => "3.1.0",
            }),
        );
        let mut info = Map::new();
        info.insert("title".into(), json!(self.title));
        info.insert("version".into(), json!("1.0.0"));
        if let Some(d) = self.description {
            info.insert("description".into(), json!(d));
        }
        extend(&mut info, &self.extensions[1]);
        root.insert("info".into(), Value::Object(info));
        if let Some(url) = self.server {
            root.insert("servers".into(), json!([self.server(url)]));
        }
        let mut components = writer.components(self, &names);
        if self.global_security && !self.security.is_empty() {
            root.insert("security".into(), json!([{ self.scheme_name(0): [] }]));
        }
        let paths = writer.paths(self, &mut components);
        root.insert("paths".into(), paths);
        if self.webhooks && self.version == Version::V31 {
            root.insert(
                "webhooks".into(),
                json!({"newPet": {"post": {"responses": {"200": {"description": "OK"}}}}}),
            );
        }
        extend(&mut components, &self.extensions[3]);
        root.insert("components".into(), Value::Object(components));
        extend(&mut root, &self.extensions[0]);
        Value::Object(root)
    }

    fn server(&self, url: &str) -> Value {
        if !url.contains("{site}") {
            return json!({ "url": url });
        }
        let mut sites = self.sites.clone();
        sites.dedup();
        json!({
            "url": url,
            "variables": {"site": {"default": sites[0], "enum": sites}},
        })
    }

    fn scheme_name(&self, index: usize) -> String {
        unique_names(self.security.iter().map(|(n, _)| *n))
            .get(index)
            .cloned()
            .unwrap_or_default()
    }
}

/// `names` made unique: a repeated name gets `_2`, `_3`, ... (still a
/// valid component name).
fn unique_names<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        let mut candidate = name.to_owned();
        let mut n = 2;
        while out.contains(&candidate) {
            candidate = format!("{name}_{n}");
            n += 1;
        }
        out.push(candidate);
    }
    out
}

fn extend(map: &mut Map<String, Value>, extensions: &Extensions) {
    for (name, value) in extensions {
        map.insert((*name).to_owned(), value.clone());
    }
}

impl Writer<'_> {
    /// `components`, with `schemas` (the document's, then each tagged
    /// union's alternatives and union) and `securitySchemes`;
    /// `parameters`, `requestBodies` and `responses` are added as paths
    /// share them.
    fn components(&self, doc: &Document, names: &[String]) -> Map<String, Value> {
        let mut schemas = Map::new();
        for (i, ((_, schema), name)) in doc.components.iter().zip(names).enumerate() {
            let mut written = self.schema(schema, Scope::Before(i));
            if self.version == Version::V31 && i % 3 == 1 {
                // A `$defs` entry, referred to by a property of its own.
                if let Value::Object(map) = &mut written {
                    map.insert("$defs".into(), json!({"Inner": {"type": "string"}}));
                    if let Some(Value::Object(props)) = map.get_mut("properties") {
                        props.insert(
                            "inner".into(),
                            json!({"$ref": format!("#/components/schemas/{name}/$defs/Inner")}),
                        );
                    }
                }
            }
            schemas.insert(name.clone(), written);
        }
        for union in &doc.unions {
            self.tagged_union(union, &mut schemas);
        }
        let mut out = Map::new();
        out.insert("schemas".into(), Value::Object(schemas));
        let scheme_names = unique_names(doc.security.iter().map(|(n, _)| *n));
        let schemes: Map<String, Value> = doc
            .security
            .iter()
            .zip(scheme_names)
            .map(|((_, s), name)| (name, security_scheme(s)))
            .collect();
        out.insert("securitySchemes".into(), Value::Object(schemes));
        out
    }

    /// The alternatives of a discriminated union and the union itself,
    /// under names no other schema took.
    fn tagged_union(&self, union: &TaggedUnion, schemas: &mut Map<String, Value>) {
        let free = |schemas: &Map<String, Value>, name: &str| {
            let mut candidate = name.to_owned();
            let mut n = 2;
            while schemas.contains_key(&candidate) {
                candidate = format!("{name}_{n}");
                n += 1;
            }
            candidate
        };
        let mut refs = Vec::new();
        let mut mapping = Map::new();
        for (i, (name, props, tag)) in union.alternatives.iter().enumerate() {
            let name = free(schemas, name);
            let mut tag_schema = json!({"type": "string"});
            if let Some(tag) = tag {
                tag_schema["enum"] = json!([tag]);
            }
            let mut properties = Map::new();
            properties.insert(union.property.to_owned(), tag_schema);
            let mut required = vec![json!(union.property)];
            for p in props.iter().filter(|p| p.name != union.property) {
                properties.insert(p.name.to_owned(), self.schema(&p.schema, Scope::Any));
                if p.required && !required.contains(&json!(p.name)) {
                    required.push(json!(p.name));
                }
            }
            let reference = format!("#/components/schemas/{}", escape(&name));
            mapping.insert(
                tag.map_or_else(|| format!("tag{i}"), str::to_owned),
                json!(reference),
            );
            refs.push(json!({ "$ref": reference }));
            schemas.insert(
                name,
                json!({"type": "object", "properties": properties, "required": required}),
            );
        }
        let mut discriminator = json!({ "propertyName": union.property });
        if union.mapping {
            discriminator["mapping"] = Value::Object(mapping);
        }
        let key = if union.any_of { "anyOf" } else { "oneOf" };
        let name = free(schemas, union.name);
        schemas.insert(name, json!({ key: refs, "discriminator": discriminator }));
    }

    /// A schema as written, in `scope`.
    fn schema(&self, schema: &Schema, scope: Scope) -> Value {
        match schema {
            Schema::Ref(index) => self.reference(*index, scope),
            Schema::String(format) => with_format(json!({"type": "string"}), *format),
            Schema::Integer(format, bounds) => {
                let mut s = with_format(json!({"type": "integer"}), *format);
                if let Some((min, max)) = bounds {
                    s["minimum"] = json!(min);
                    s["maximum"] = json!(max);
                    if self.version == Version::V31 {
                        s["exclusiveMinimum"] = json!(min - 1);
                    }
                }
                s
            }
            Schema::Number(format) => with_format(json!({"type": "number"}), *format),
            Schema::Boolean => json!({"type": "boolean"}),
            Schema::StringEnum(values, nullable) => self.string_enum(values, *nullable),
            Schema::IntegerEnum(values) => json!({"type": "integer", "enum": values}),
            Schema::NumberEnum(values) => json!({"type": "number", "enum": values}),
            Schema::Any => json!({}),
            Schema::Array(items) => {
                json!({"type": "array", "items": self.schema(items, Scope::Any)})
            }
            Schema::Object(properties, additional) => self.object(properties, additional.as_ref()),
            Schema::Map(additional) => {
                let mut s = json!({"type": "object"});
                if let Some(a) = additional {
                    s["additionalProperties"] = self.additional(a);
                }
                s
            }
            Schema::Union(alternatives, any_of) => {
                // A single alternative is the schema itself: keep the scope.
                let inner = if alternatives.len() == 1 {
                    scope
                } else {
                    Scope::Any
                };
                let key = if *any_of { "anyOf" } else { "oneOf" };
                let list: Vec<Value> = alternatives.iter().map(|a| self.schema(a, inner)).collect();
                json!({ key: list })
            }
            // Parts are merged into one struct: a part must not lead back.
            Schema::AllOf(parts) => {
                let list: Vec<Value> = parts.iter().map(|p| self.schema(p, scope)).collect();
                json!({ "allOf": list })
            }
            Schema::Not(inner) => json!({"not": self.schema(inner, Scope::Any)}),
            Schema::Nullable(inner) => self.nullable(self.schema(inner, scope)),
            Schema::Annotated(inner, annotations) => {
                self.annotated(self.schema(inner, scope), inner, annotations)
            }
            Schema::Tuple(items) => self.tuple(items),
        }
    }

    fn reference(&self, index: Index, scope: Scope) -> Value {
        let allowed = match scope {
            Scope::Any => self.names.len(),
            Scope::Before(i) => i,
        };
        if allowed == 0 {
            return json!({"type": "object"});
        }
        let name = &self.names[index.index(allowed)];
        json!({ "$ref": format!("#/components/schemas/{}", escape(name)) })
    }

    fn string_enum(&self, values: &[&str], nullable: bool) -> Value {
        let mut list: Vec<Value> = values.iter().map(|v| json!(v)).collect();
        if self.version == Version::V31 && list.len() == 1 && !nullable {
            return json!({"type": "string", "const": list[0]});
        }
        if nullable {
            list.push(Value::Null);
            return self.nullable(json!({"type": "string", "enum": list}));
        }
        json!({"type": "string", "enum": list})
    }

    fn object(&self, properties: &[Property], additional: Option<&Additional>) -> Value {
        let mut props = Map::new();
        let mut required = Vec::new();
        for p in properties {
            if props.contains_key(p.name) {
                continue;
            }
            let mut s = self.schema(&p.schema, Scope::Any);
            if let (Some(read_only), Value::Object(map)) = (p.read_only, &mut s) {
                if !map.contains_key("$ref") {
                    let key = if read_only { "readOnly" } else { "writeOnly" };
                    map.insert(key.into(), json!(true));
                }
            }
            props.insert(p.name.to_owned(), s);
            if p.required {
                required.push(json!(p.name));
            }
        }
        let mut s = json!({"type": "object", "properties": props});
        if !required.is_empty() {
            s["required"] = Value::Array(required);
        }
        if let Some(a) = additional {
            s["additionalProperties"] = self.additional(a);
        }
        s
    }

    fn additional(&self, additional: &Additional) -> Value {
        match additional {
            Additional::Flag(flag) => json!(flag),
            Additional::Schema(s) => self.schema(s, Scope::Any),
        }
    }

    /// `schema`, admitting `null`: `nullable: true` in 3.0; in 3.1 `null`
    /// added to its type list, or `anyOf` with `{type: 'null'}`.
    fn nullable(&self, mut schema: Value) -> Value {
        let Value::Object(map) = &mut schema else {
            return schema;
        };
        match self.version {
            Version::V30 if map.contains_key("$ref") => {
                json!({"allOf": [schema], "nullable": true})
            }
            Version::V30 => {
                map.insert("nullable".into(), json!(true));
                schema
            }
            Version::V31 => match map.get("type").cloned() {
                Some(Value::String(t)) => {
                    map.insert("type".into(), json!([t, "null"]));
                    schema
                }
                _ => json!({"anyOf": [schema, {"type": "null"}]}),
            },
        }
    }

    fn annotated(&self, mut written: Value, schema: &Schema, a: &Annotations) -> Value {
        let Value::Object(map) = &mut written else {
            return written;
        };
        // A `$ref` has no siblings in 3.0: annotate through `allOf`.
        if map.contains_key("$ref") {
            return self.annotated(json!({ "allOf": [written] }), &Schema::Any, a);
        }
        if let Some(title) = a.title {
            map.insert("title".into(), json!(title));
        }
        if let Some(description) = a.description {
            map.insert("description".into(), json!(description));
        }
        if let Some(example) = &a.example {
            match self.version {
                Version::V30 => map.insert("example".into(), example.clone()),
                Version::V31 => map.insert("examples".into(), json!([example])),
            };
        }
        if let Some(default) = a.default.and_then(|i| default_of(schema, i)) {
            map.insert("default".into(), default);
        }
        if a.deprecated {
            map.insert("deprecated".into(), json!(true));
        }
        extend(map, &a.extensions);
        written
    }

    /// A tuple: `prefixItems` in 3.1, a list of any value in 3.0.
    fn tuple(&self, items: &[Schema]) -> Value {
        match self.version {
            Version::V30 => json!({"type": "array", "items": {}}),
            Version::V31 => {
                let list: Vec<Value> = items.iter().map(|s| self.schema(s, Scope::Any)).collect();
                json!({"type": "array", "prefixItems": list})
            }
        }
    }

    /// `paths`, adding shared parameters, bodies and responses to
    /// `components`.
    fn paths(&self, doc: &Document, components: &mut Map<String, Value>) -> Value {
        let mut paths = Map::new();
        let mut ids: Vec<String> = Vec::new();
        for (i, item) in doc.paths.iter().enumerate() {
            let (template, variables) = template(i, &item.segments);
            let path_params: Vec<Value> = variables
                .iter()
                .map(|(name, schema, style, explode)| {
                    self.path_param(name, schema, *style, *explode)
                })
                .collect();
            let mut written = Map::new();
            let mut methods = Vec::new();
            for op in &item.operations {
                if methods.contains(&op.method) {
                    continue;
                }
                methods.push(op.method);
                let mut op_value = self.operation(doc, op, &mut ids, components);
                if op.own_path_params && !path_params.is_empty() {
                    let params = op_value["parameters"].as_array_mut();
                    if let Some(params) = params {
                        params.splice(0..0, path_params.iter().cloned());
                    }
                }
                written.insert(op.method.into(), op_value);
            }
            // Declared on the path item when an operation relies on it;
            // the operations that declare them too override them.
            let relies = item
                .operations
                .iter()
                .filter(|op| methods.contains(&op.method))
                .any(|op| !op.own_path_params);
            if relies && !path_params.is_empty() {
                written.insert("parameters".into(), Value::Array(path_params));
            }
            if let Some(summary) = item.summary {
                written.insert("summary".into(), json!(summary));
            }
            extend(&mut written, &item.extensions);
            paths.insert(template, Value::Object(written));
        }
        let mut paths = Value::Object(paths);
        if let Value::Object(map) = &mut paths {
            extend(map, &doc.extensions[2]);
        }
        paths
    }

    fn path_param(
        &self,
        name: &str,
        schema: &Schema,
        style: PathStyle,
        explode: Option<bool>,
    ) -> Value {
        let mut p = json!({
            "name": name,
            "in": "path",
            "required": true,
            "schema": self.schema(schema, Scope::Any),
        });
        let style = match style {
            PathStyle::Unset => None,
            PathStyle::Simple => Some("simple"),
            PathStyle::Label => Some("label"),
            PathStyle::Matrix => Some("matrix"),
        };
        if let Some(style) = style {
            p["style"] = json!(style);
        }
        if let Some(explode) = explode {
            p["explode"] = json!(explode);
        }
        p
    }

    fn operation(
        &self,
        doc: &Document,
        op: &Operation,
        ids: &mut Vec<String>,
        components: &mut Map<String, Value>,
    ) -> Value {
        let mut out = Map::new();
        if let Some(id) = op.id {
            let mut candidate = id.to_owned();
            let mut n = 2;
            while ids.contains(&candidate) {
                candidate = format!("{id}{n}");
                n += 1;
            }
            ids.push(candidate.clone());
            out.insert("operationId".into(), json!(candidate));
        }
        if !op.tags.is_empty() {
            out.insert("tags".into(), json!(op.tags));
        }
        if let Some(s) = op.summary {
            out.insert("summary".into(), json!(s));
        }
        if let Some(d) = op.description {
            out.insert("description".into(), json!(d));
        }
        let mut params = Vec::new();
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for p in &op.params {
            let key = (p.name, location_name(p.location));
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            params.push(self.shared(components, "parameters", p.shared, self.param(p)));
        }
        out.insert("parameters".into(), Value::Array(params));
        if let Some(body) = &op.body {
            let written = self.body(body);
            out.insert(
                "requestBody".into(),
                self.shared(components, "requestBodies", body.shared, written),
            );
        }
        out.insert(
            "responses".into(),
            self.responses(&op.responses, components),
        );
        if op.deprecated {
            out.insert("deprecated".into(), json!(true));
        }
        if let Some(security) = &op.security {
            let requirements: Vec<Value> = security
                .iter()
                .filter(|_| !doc.security.is_empty())
                .map(|i| json!({ doc.scheme_name(i.index(doc.security.len())): [] }))
                .collect();
            out.insert("security".into(), Value::Array(requirements));
        }
        extend(&mut out, &op.extensions);
        Value::Object(out)
    }

    /// `value` itself, or (when `shared`) a `$ref` to it as a new component
    /// of `kind`.
    fn shared(
        &self,
        components: &mut Map<String, Value>,
        kind: &str,
        shared: bool,
        value: Value,
    ) -> Value {
        if !shared {
            return value;
        }
        let Value::Object(table) = components
            .entry(kind.to_owned())
            .or_insert_with(|| json!({}))
        else {
            return value;
        };
        let name = format!("shared{}", table.len());
        table.insert(name.clone(), value);
        json!({ "$ref": format!("#/components/{kind}/{name}") })
    }

    fn param(&self, p: &Param) -> Value {
        let mut out = json!({"name": p.name, "in": location_name(p.location)});
        if p.required {
            out["required"] = json!(true);
        }
        let schema = self.param_schema(p);
        if p.content {
            out["content"] = json!({"application/json": {"schema": schema}});
        } else {
            out["schema"] = schema;
            let style = match p.location {
                Location::Query(QueryStyle::Form) => Some("form"),
                Location::Query(QueryStyle::SpaceDelimited) => Some("spaceDelimited"),
                Location::Query(QueryStyle::PipeDelimited) => Some("pipeDelimited"),
                Location::Query(QueryStyle::DeepObject) => Some("deepObject"),
                Location::Header => Some("simple"),
                Location::Cookie => Some("form"),
                Location::Query(QueryStyle::Unset) => None,
            };
            if let Some(style) = style {
                out["style"] = json!(style);
            }
            if let Some(explode) = p.explode {
                out["explode"] = json!(explode);
            }
        }
        if let Some(d) = p.description {
            out["description"] = json!(d);
        }
        if p.deprecated {
            out["deprecated"] = json!(true);
        }
        if let Value::Object(map) = &mut out {
            extend(map, &p.extensions);
        }
        out
    }

    /// The parameter's schema, made to fit its style: `deepObject` takes
    /// an object, the delimited styles a list.
    fn param_schema(&self, p: &Param) -> Value {
        let schema = self.schema(&p.schema, Scope::Any);
        match p.location {
            Location::Query(QueryStyle::DeepObject) if !p.content => match &p.schema {
                Schema::Object(..) | Schema::Map(..) => schema,
                _ => json!({"type": "object", "properties": {"value": schema}}),
            },
            Location::Query(QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited)
                if !p.content =>
            {
                match &p.schema {
                    Schema::Array(_) => schema,
                    _ => json!({"type": "array", "items": schema}),
                }
            }
            _ => schema,
        }
    }

    fn body(&self, body: &RequestBody) -> Value {
        let mut content = Map::new();
        for (kind, schema) in &body.content {
            let media = kind.media_type();
            if content.contains_key(media) {
                continue;
            }
            content.insert(media.to_owned(), self.media(*kind, schema.as_ref()));
        }
        if let (Some(example), Some(first)) = (&body.example, content.values_mut().next()) {
            first["example"] = example.clone();
        }
        let mut out = json!({ "content": content });
        if body.required {
            out["required"] = json!(true);
        }
        if let Some(d) = body.description {
            out["description"] = json!(d);
        }
        out
    }

    /// A media type object: forms and multipart take an object (file
    /// parts are `format: binary` strings), text a string, other media
    /// types anything.
    fn media(&self, kind: MediaKind, schema: Option<&Schema>) -> Value {
        let Some(schema) = schema else {
            return json!({});
        };
        let written = self.schema(schema, Scope::Any);
        let written = match kind {
            MediaKind::Form => match schema {
                Schema::Object(..) => written,
                _ => json!({"type": "object", "properties": {"value": written}}),
            },
            MediaKind::Multipart => json!({
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                    "metadata": written,
                },
                "required": ["file"],
            }),
            MediaKind::Text => json!({"type": "string"}),
            MediaKind::OctetStream | MediaKind::Png => {
                json!({"type": "string", "format": "binary"})
            }
            _ => written,
        };
        json!({ "schema": written })
    }

    fn responses(&self, responses: &[Response], components: &mut Map<String, Value>) -> Value {
        let mut out = Map::new();
        for r in responses {
            if out.contains_key(r.status) {
                continue;
            }
            let mut written = json!({"description": r.description});
            let mut content = Map::new();
            for (kind, schema) in &r.content {
                let media = kind.media_type();
                if !content.contains_key(media) {
                    content.insert(media.to_owned(), self.media(*kind, schema.as_ref()));
                }
            }
            if !content.is_empty() {
                written["content"] = Value::Object(content);
            }
            if !r.headers.is_empty() {
                let headers: Map<String, Value> = r
                    .headers
                    .iter()
                    .map(|(name, s)| {
                        (
                            (*name).to_owned(),
                            json!({"schema": self.schema(s, Scope::Any)}),
                        )
                    })
                    .collect();
                written["headers"] = Value::Object(headers);
            }
            if let Value::Object(map) = &mut written {
                extend(map, &r.extensions);
            }
            out.insert(
                r.status.to_owned(),
                self.shared(components, "responses", r.shared, written),
            );
        }
        if out.is_empty() {
            out.insert("200".into(), json!({"description": "OK"}));
        }
        Value::Object(out)
    }
}

/// A path variable of a template: its name, schema, style and explode.
type PathVariable<'a> = (&'a str, &'a Schema, PathStyle, Option<bool>);

/// The path template of path `index`: a unique first segment (so no two
/// templates are the same), then the segments, each variable once.
fn template(index: usize, segments: &[Segment]) -> (String, Vec<PathVariable<'_>>) {
    let mut text = format!("/r{index}");
    let mut variables: Vec<PathVariable<'_>> = Vec::new();
    for segment in segments {
        match segment {
            Segment::Literal(literal) => {
                text.push('/');
                text.push_str(literal);
            }
            Segment::Variable(name, schema, style, explode) => {
                if variables.iter().any(|(n, ..)| n == name) {
                    continue;
                }
                text.push_str("/{");
                text.push_str(name);
                text.push('}');
                variables.push((name, schema, *style, *explode));
            }
        }
    }
    (text, variables)
}

fn location_name(location: Location) -> &'static str {
    match location {
        Location::Query(_) => "query",
        Location::Header => "header",
        Location::Cookie => "cookie",
    }
}

fn with_format(mut schema: Value, format: Option<&str>) -> Value {
    if let Some(format) = format {
        schema["format"] = json!(format);
    }
    schema
}

/// A component name as a JSON pointer segment.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// A default value of the schema's own kind, where it has an obvious one.
fn default_of(schema: &Schema, index: Index) -> Option<Value> {
    Some(match schema {
        Schema::String(None) => json!("default"),
        Schema::Integer(_, None) => json!(index.index(100)),
        Schema::Integer(_, Some((min, _))) => json!(min),
        Schema::Number(_) => json!(0.5),
        Schema::Boolean => json!(index.index(2) == 0),
        Schema::StringEnum(values, _) => json!(index.get(values)),
        Schema::IntegerEnum(values) => json!(index.get(values)),
        _ => return None,
    })
}

fn security_scheme(scheme: &Security) -> Value {
    match scheme {
        Security::HeaderKey(name) => json!({"type": "apiKey", "in": "header", "name": name}),
        Security::QueryKey(name) => json!({"type": "apiKey", "in": "query", "name": name}),
        Security::CookieKey(name) => json!({"type": "apiKey", "in": "cookie", "name": name}),
        Security::Bearer => json!({"type": "http", "scheme": "bearer"}),
        Security::Basic => json!({"type": "http", "scheme": "basic"}),
        Security::OAuth2 => json!({
            "type": "oauth2",
            "flows": {"clientCredentials": {"tokenUrl": "https://auth.example.com/token", "scopes": {"read": "Read."}}},
        }),
        Security::OpenIdConnect => json!({
            "type": "openIdConnect",
            "openIdConnectUrl": "https://auth.example.com/.well-known/openid-configuration",
        }),
    }
}
