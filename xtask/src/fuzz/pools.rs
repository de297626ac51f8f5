//! The odd values documents are built from: names that are Rust keywords,
//! start with a digit, hold unicode, or collide once converted to snake or
//! Pascal case (`a-b`, `a_b`, `aB`), and enum values that are empty, signed
//! or the same word in another case. Each pool is a list so that a failing
//! case shrinks towards its first, plainest entry.

/// Component names: OpenAPI 3.0 allows `^[a-zA-Z0-9.\-_]+$` only.
pub const COMPONENT_NAMES: &[&str] = &[
    "Pet",
    "pet",
    "PET",
    "pet-type",
    "pet_type",
    "petType",
    "PetType",
    "Self",
    "self",
    "type",
    "crate",
    "gen",
    "super",
    "fn",
    "async",
    "2fa",
    "123",
    "_",
    "__",
    "a.b",
    "a-b",
    "a_b",
    "aB",
    "AB",
    "Box",
    "Vec",
    "String",
    "Option",
    "Result",
    "Error",
    "Client",
    "Configuration",
    "Site",
    "Value",
    "Json",
    "Default",
    "Unknown",
    "Body",
    "File",
    "Bytes",
    "Secret",
    "Nullable",
    "Date",
    "DateTime",
    "Params",
    "Api",
    "Response",
    "Request",
    "Item",
    "List",
    "Map",
    "Variant0",
    "PetResponse",
    "PetRequest",
    "Models",
    "runtime",
    "Into",
    "From",
    "Ok",
    "Err",
    "Some",
    "None",
];

/// Property names: anything a JSON key can be.
pub const PROPERTY_NAMES: &[&str] = &[
    "name",
    "id",
    "type",
    "self",
    "Self",
    "crate",
    "gen",
    "super",
    "r#type",
    "_",
    "__",
    "",
    "a-b",
    "a_b",
    "aB",
    "AB",
    "a b",
    "a.b",
    "2fa",
    "123",
    "-1",
    "+1",
    "名前",
    "naïve",
    "😀",
    "$ref",
    "default",
    "new",
    "with_name",
    "additional_properties",
    "additionalProperties",
    "created_at",
    "createdAt",
    "CreatedAt",
    "created-at",
    "kind",
    "data",
    "value",
    "Value",
    "unknown",
    "Unknown",
    "body",
    "match",
    "loop",
    "async",
    "await",
    "dyn",
    "try",
    "union",
];

/// Path parameter names: used inside `{...}` in a path template.
pub const PATH_PARAM_NAMES: &[&str] = &[
    "id", "type", "self", "Self", "a-b", "a_b", "aB", "2fa", "crate", "gen", "petId", "pet_id",
    "pet.id", "path", "query", "body", "params", "response", "x",
];

/// Query parameter names.
pub const QUERY_PARAM_NAMES: &[&str] = &[
    "q",
    "page[size]",
    "page[number]",
    "filter[created_at][start]",
    "sort",
    "type",
    "self",
    "Self",
    "a-b",
    "a_b",
    "aB",
    "2fa",
    "名前",
    "",
    "limit",
    "offset",
    "params",
    "body",
    "path",
    "query",
    "response",
    "fields[]",
    "id",
];

/// Header parameter names (the three that OpenAPI says to ignore among
/// them: `Accept`, `Content-Type`, `Authorization`).
pub const HEADER_NAMES: &[&str] = &[
    "X-Request-Id",
    "If-Match",
    "type",
    "self",
    "a-b",
    "a_b",
    "X-Rate-Limit",
    "Accept",
    "Content-Type",
    "Authorization",
    "User-Agent",
    "id",
];

/// Cookie names.
pub const COOKIE_NAMES: &[&str] = &["session", "a-b", "a_b", "type", "SESSIONID", "self", "id"];

/// Operation ids, several of which become the same Rust name.
pub const OPERATION_IDS: &[&str] = &[
    "getPet",
    "get_pet",
    "GetPet",
    "get-pet",
    "GET_PET",
    "type",
    "self",
    "Self",
    "new",
    "client",
    "with_client",
    "list_keys",
    "list_keys_stream",
    "2fa",
    "名前",
    "a b",
    "",
    "match",
    "crate",
    "ListPets",
    "listPets",
    "list-pets",
    "default",
    "into",
    "from",
];

/// Tags, whose API structs collide with each other and with models.
pub const TAGS: &[&str] = &[
    "pets",
    "Pets",
    "PETS",
    "pet-store",
    "pet_store",
    "",
    "a b",
    "Self",
    "self",
    "Configuration",
    "Client",
    "Error",
    "名前",
    "2fa",
    "Pet",
];

/// String enum values.
pub const ENUM_STRINGS: &[&str] = &[
    "a",
    "",
    "-",
    "+",
    "-created_at",
    "+name",
    "created_at",
    "createdAt",
    "CREATED_AT",
    "created-at",
    "1st",
    "123",
    "-1",
    "+1",
    "1.5",
    "type",
    "Self",
    "self",
    "crate",
    "unknown",
    "Unknown",
    "UnknownValue",
    "naïve",
    "名前",
    "😀",
    "a-b",
    "a_b",
    "aB",
    "AB",
    "null",
    "true",
    " ",
    "a b",
    "_",
    "__",
];

/// Integer enum values.
pub const ENUM_INTEGERS: &[i64] = &[0, 1, -1, 2, 42, -42, i64::MAX, i64::MIN, 1000];

/// Number enum values.
pub const ENUM_NUMBERS: &[f64] = &[0.5, -1.5, 1e10, 0.0, 3.25, -0.25];

/// String formats, known to OpenAPI and not.
pub const STRING_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "binary",
    "byte",
    "password",
    "uuid",
    "email",
    "uri",
    "hostname",
    "ipv4",
    "ipv6",
    "time",
    "duration",
    "int64",
    "custom-format",
];

/// Integer formats.
pub const INTEGER_FORMATS: &[&str] = &["int32", "int64", "uint32", "uint64", "int8", "custom"];

/// Number formats.
pub const NUMBER_FORMATS: &[&str] = &["float", "double", "decimal", "custom"];

/// Free text for titles, summaries and descriptions: markdown, HTML, code
/// fences, comment terminators and unicode, all of which end up in doc
/// comments.
pub const TEXTS: &[&str] = &[
    "A plain sentence.",
    "",
    "Uses `code`, *emphasis* and [a link](https://example.com).",
    "```rust\nfn not_compiled( {\n```",
    "```\nan unlabelled fence\n```",
    "```json\n{\"a\": 1}\n```",
    "An unclosed fence:\n```\nlet x =",
    "Ends a comment */ and starts one /*",
    "<b>HTML</b> <br> <!-- comment --> <script>",
    "Brackets page[size] and [not a link]",
    "Unicode: 名前, naïve, 😀",
    "Line one\n\n- item\n  - nested\n\n# Heading\n\n    indented code",
    "Back\\slash and \"quotes\" and 'apostrophes'",
    "https://bare.example.com/url",
    "#![allow(unused)] #[doc = \"x\"]",
    "\t tab \r\n CRLF",
];

/// Vendor extension names: the ones the generator reads, with any shape,
/// and made-up ones.
pub const EXTENSION_NAMES: &[&str] = &[
    "x-foo",
    "x-pagination",
    "x-unstable",
    "x-sunset",
    "x-permission",
    "x-unavailable-sites",
    "x-disabled-in-one-time-read-mode",
    "x-prefix-items",
    "x-enum-varnames",
    "x-nullable",
    "x-",
    "x-名前",
];

/// Strings found inside random JSON values (examples, defaults,
/// extensions).
pub const JSON_STRINGS: &[&str] = &[
    "",
    "text",
    "```",
    "*/",
    "\"",
    "\\",
    "$ref",
    "#/components/schemas/Pet",
    "名前",
    "2024-01-31T12:00:00Z",
    "page[size]",
    "data",
    "meta.page.total",
];

/// Server URLs; `{site}` ones get a `site` variable.
pub const SERVER_URLS: &[&str] = &[
    "https://api.example.com",
    "https://api.example.com/v1/",
    "/relative/base",
    "https://{site}",
    "https://api.{site}/v2",
    "http://localhost:8080",
];

/// Values of a server's `site` variable.
pub const SITES: &[&str] = &[
    "example.com",
    "eu.example.com",
    "a-b",
    "a_b",
    "aB",
    "2fa.example.com",
    "Self",
    "default",
];

/// Security scheme names, several of which collide with configuration
/// methods once snake-cased.
pub const SCHEME_NAMES: &[&str] = &[
    "apiKeyAuth",
    "api_key",
    "ApiKey",
    "new",
    "site",
    "base_url",
    "getSite",
    "bearer",
    "self",
    "type",
];

/// Headers an API key travels in.
pub const KEY_HEADERS: &[&str] = &["X-API-Key", "DD-API-KEY", "Authorization", "api_key"];
