//! Naming rules: the only place where wire names become Rust names.
//!
//! [`sanitize`] always returns a valid Rust identifier: it converts case with
//! heck, turns every other character into a word break, prefixes a leading
//! digit, and escapes keywords as raw identifiers (or, for the few that
//! cannot be raw, with a trailing underscore). [`Names`] hands out unique
//! names within one scope.

use std::collections::BTreeSet;

use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// The case a name is converted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// `snake_case`: fields, functions, modules.
    Snake,
    /// `UpperCamelCase`: types and variants.
    Pascal,
    /// `SCREAMING_SNAKE_CASE`: constants.
    Shouty,
}

/// See [`Reserved::RustKeyword`].
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing `_`.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Converts `input` to a valid Rust identifier in `case`.
///
/// `filter[created_at][start]` becomes `filter_created_at_start`, `type`
/// becomes `r#type`, `2fa` becomes `_2fa`, `-created_at` (as a variant)
/// becomes `CreatedAtDescending` when [`sign_words`] was applied first, and an
/// input with no usable characters becomes `value` / `Value`.
pub fn sanitize(input: &str, case: Case) -> String {
    // Every character that cannot be in an identifier separates words, so
    // heck sees `filter created_at start` rather than one mangled word.
    let spaced: String = input
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let converted = match case {
        Case::Snake => spaced.to_snake_case(),
        Case::Pascal => spaced.to_upper_camel_case(),
        Case::Shouty => spaced.to_shouty_snake_case(),
    };
    let converted: String = converted
        .chars()
        .filter(|c| unicode_ident_continue(*c))
        .collect();
    let converted = if converted.is_empty() {
        match case {
            Case::Snake => "value".to_owned(),
            Case::Pascal => "Value".to_owned(),
            Case::Shouty => "VALUE".to_owned(),
        }
    } else {
        converted
    };
    let all_digits = converted.chars().all(|c| c.is_ascii_digit() || c == '_');
    let converted = if converted.starts_with(|c: char| c.is_ascii_digit()) {
        match case {
            Case::Pascal => format!("V{converted}"),
            // `_1` is legal but says nothing (clippy: just underscores and
            // digits); a number alone becomes `n_1`.
            Case::Snake if all_digits => format!("n_{converted}"),
            Case::Shouty if all_digits => format!("N_{converted}"),
            _ => format!("_{converted}"),
        }
    } else {
        converted
    };
    escape_keyword(converted)
}

/// A spec's module name (the file stem `box` of Box's `box.json`) as a
/// Rust module: a keyword gets a trailing `_`, not the raw `r#box`, since
/// the module is also a directory (`mod r#box;` is looked up as `box/`) and
/// the command line's subcommand.
pub fn module_name(name: &str) -> String {
    let name = sanitize(name, Case::Snake);
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

/// Spells out a leading sign, so that `name` and `-name` stay distinct
/// after case conversion and read as what they mean. Before a word the sign
/// is a sort order (`-created_at` → `created_at descending`, `+name` →
/// `name ascending`), as in JSON:API's `sort`; before a number or nothing it
/// is arithmetic (`-1` → `minus 1`).
pub fn sign_words(input: &str) -> String {
    let (sign, rest) = match input.chars().next() {
        Some(c @ ('-' | '+')) => (c, &input[1..]),
        _ => return input.to_owned(),
    };
    let before_word = rest.starts_with(|c: char| c.is_alphabetic() || c == '_');
    match (sign, before_word) {
        ('-', true) => format!("{rest} descending"),
        (_, true) => format!("{rest} ascending"),
        ('-', false) => format!("minus {rest}"),
        (_, false) => format!("plus {rest}"),
    }
}

/// The params struct of the operation whose stem (its id in PascalCase) is
/// `stem`.
pub fn params_struct(stem: &str) -> String {
    sanitize(&format!("{stem} Params"), Case::Pascal)
}

/// The API struct of the operations tagged `tag`.
pub fn group_struct(tag: &str) -> String {
    sanitize(&format!("{tag} Api"), Case::Pascal)
}

/// The static holding a server list: `SERVERS` for the document's, else
/// named after the first operation (its constant `op_const`) sent to it.
pub fn server_list_static(op_const: Option<&str>) -> String {
    match op_const {
        Some(op_const) => sanitize(&format!("{op_const} servers"), Case::Shouty),
        None => "SERVERS".to_owned(),
    }
}

/// The stream method of the paginated operation whose method is `fn_name`.
pub fn stream_fn(fn_name: &str) -> String {
    sanitize(
        &format!("{} stream", fn_name.trim_start_matches("r#")),
        Case::Snake,
    )
}

/// The method that returns the whole response of the operation whose
/// method is `fn_name` (status, headers, value), with per-call options.
pub fn with_response_fn(fn_name: &str) -> String {
    sanitize(
        &format!("{} with response", fn_name.trim_start_matches("r#")),
        Case::Snake,
    )
}

/// The function that encodes a call of the operation whose method is
/// `fn_name`, shared by the method and its mock.
pub fn request_fn(fn_name: &str) -> String {
    sanitize(
        &format!("{} request", fn_name.trim_start_matches("r#")),
        Case::Snake,
    )
}

/// The id of an operation that has no `operationId`: its method and path,
/// which [`sanitize`] makes words of (`get /keys/{id}` → `get_keys_id`).
pub fn fallback_operation_id(method: &str, path: &str) -> String {
    format!("{method} {path}")
}

/// The builder-style setter of an optional field whose Rust name is
/// `field`: snake case whatever the field's name (`r#type` → `with_type`,
/// `_1h` → `with_1h`).
pub fn setter_fn(field: &str) -> String {
    sanitize(
        &format!("with {}", field.trim_start_matches("r#")),
        Case::Snake,
    )
}

/// The getter of a credential whose setter is `setter`: `get_` + the
/// setter without `r#`.
pub fn getter_fn(setter: &str) -> String {
    format!("get_{}", setter.trim_start_matches("r#"))
}

/// The `Configuration` method that sets the client id and secret of the
/// `oauth2` scheme whose setter is `setter`.
pub fn client_credentials_fn(setter: &str) -> String {
    format!("{}_client_credentials", setter.trim_start_matches("r#"))
}

/// The `Configuration` method that sets the token provider of the `oauth2`
/// or `openIdConnect` scheme whose setter is `setter`.
pub fn token_provider_fn(setter: &str) -> String {
    format!("{}_token_provider", setter.trim_start_matches("r#"))
}

/// The local variable of the command line (`cli.rs`) that holds the path
/// parameter whose Rust name is `rust_name`: prefixed, so that it cannot be
/// `call`, `api`, `params` or `body`.
pub fn path_var(rust_name: &str) -> String {
    let name = rust_name.trim_start_matches("r#").trim_start_matches('_');
    format!("path_{name}")
}

/// The name an inline type is given, from where it appears: the name of
/// what holds it, to which each step inward appends a word
/// (`ApiKeyAttributes` + `category` → `ApiKeyAttributesCategory`), as
/// typify's `Name::Suggested`. The text is also the inline model's wire
/// name; [`sanitize`] makes it an identifier when a type takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameHint(String);

impl NameHint {
    /// A hint from a name already made: a model's Rust name, or an
    /// operation's stem (its id in PascalCase).
    pub fn new(name: impl Into<String>) -> Self {
        NameHint(name.into())
    }

    /// The hint as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn then(&self, word: &str) -> Self {
        NameHint(format!("{}{word}", self.0))
    }

    /// A property (or parameter) named `wire` on the wire.
    pub fn property(&self, wire: &str) -> Self {
        self.then(&sanitize(wire, Case::Pascal))
    }

    /// A list's items.
    pub fn item(&self) -> Self {
        self.then("Item")
    }

    /// A map's values.
    pub fn value(&self) -> Self {
        self.then("Value")
    }

    /// A struct's additional properties (those it does not name).
    pub fn additional(&self) -> Self {
        self.then("AdditionalProperty")
    }

    /// The alternative at `index` of a union.
    pub fn variant(&self, index: usize) -> Self {
        self.then(&format!("Variant{index}"))
    }

    /// The element at `index` of a tuple.
    pub fn element(&self, index: usize) -> Self {
        self.then(&index.to_string())
    }

    /// An operation's request body.
    pub fn request(&self) -> Self {
        self.then("Request")
    }

    /// An operation's success response body.
    pub fn response(&self) -> Self {
        self.then("Response")
    }

    /// The data of one event of an operation's `text/event-stream`
    /// success response.
    pub fn event(&self) -> Self {
        self.then("Event")
    }

    /// An operation's response body for another status (`404`, `4XX`,
    /// `default`).
    pub fn status_response(&self, status: &str) -> Self {
        self.property(status).response()
    }
}

/// A scope whose names are taken before any spec name is given out: the
/// names generated code already uses there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reserved {
    /// Rust's strict and reserved keywords (2021 edition and later):
    /// [`sanitize`] escapes them.
    RustKeyword,
    /// Module-level type names: they would shadow the prelude or the
    /// paths generated code relies on.
    TypeName,
    /// An operation method's other arguments and locals.
    OperationArgument,
    /// An API struct's methods besides its operations'.
    ApiMethod,
    /// An API struct's constants besides its operations'.
    ApiConstant,
    /// The crate root's modules and items besides the API modules: `mock`
    /// and `cli` are the crate's mock and command-line modules, `bin` the
    /// directory cargo finds binaries in, and each API module also names an
    /// accessor of `mock::MockServer`, beside `start` and `configuration`.
    CrateModule,
    /// `Configuration`'s own methods (`templates/lib.rs.j2`), which no
    /// credential setter or getter may take.
    ConfigurationMethod,
    /// A model struct's methods besides its fields' setters.
    ModelMethod,
}

impl Reserved {
    /// The names taken in the scope.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Reserved::RustKeyword => KEYWORDS,
            Reserved::TypeName => TYPE_NAMES,
            Reserved::OperationArgument => &["self", "params", "body", "response", "path", "query"],
            Reserved::ApiMethod => &["new", "with_client", "client"],
            Reserved::ApiConstant => &["SERVER", "SERVERS", "PROFILE"],
            Reserved::CrateModule => &[
                "runtime",
                "Site",
                "tests",
                "mock",
                "cli",
                "bin",
                "start",
                "configuration",
            ],
            Reserved::ConfigurationMethod => CONFIGURATION_METHODS,
            Reserved::ModelMethod => &["new", "id"],
        }
    }
}

/// See [`Reserved::TypeName`].
const TYPE_NAMES: &[&str] = &[
    "Box",
    "Vec",
    "String",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Send",
    "Sync",
    "Sized",
    "ToString",
    "From",
    "Into",
    "Iterator",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "ToOwned",
    "AsRef",
    "Serialize",
    "Deserialize",
];

/// See [`Reserved::ConfigurationMethod`]. A credential's getter is `get_` +
/// its setter (without `r#`), claimed in the same scope as the setters, so
/// a scheme such as `getSite` cannot take `get_site`, nor `get_type` the
/// getter of a scheme named `type`.
const CONFIGURATION_METHODS: &[&str] = &[
    "new",
    "from_env",
    "from_env_with",
    "site",
    "get_site",
    "base_url",
    "get_base_url",
    "server_variable",
    "get_server_variable",
    "server_index",
    "get_server_index",
    "server_description",
    "timeout",
    "get_timeout",
    "user_agent",
    "get_user_agent",
    "http_client",
    "retry",
    "get_retry",
    "enable_unstable",
    "is_unstable_enabled",
    "settings",
];

/// The cargo features a generated crate has besides its features per tag:
/// a tag's feature may take none of them.
pub const RESERVED_FEATURES: &[&str] = &[
    "default",
    "mock",
    "cli",
    ALL_TAGS_FEATURE,
    UNUSED_MODELS_FEATURE,
];

/// The feature in `default` that enables every feature per tag.
pub const ALL_TAGS_FEATURE: &str = "all-tags";

/// The feature of the models no operation needs.
pub const UNUSED_MODELS_FEATURE: &str = "unused-models";

/// The module (and file stem) of the part of an API file that the
/// features `features` compile (`render::view::parts`): `part_` and the
/// feature in snake case for one (`key-management` → `part_key_management`),
/// `part_shared_` and a 64-bit FNV-1a hash of the names for several, so the
/// name depends on the names alone and adding a model to another set
/// renames no file. `n` above 1 numbers a name another part already has
/// (features that differ only in punctuation).
pub fn part_module(features: &[String], n: usize) -> String {
    let base = match features {
        [one] => {
            let snake: String = (one.chars())
                .map(|c| match c.is_ascii_alphanumeric() {
                    true => c.to_ascii_lowercase(),
                    false => '_',
                })
                .collect();
            format!("part_{snake}")
        }
        _ => {
            let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
            for byte in features.join(",").bytes() {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            }
            format!("part_shared_{hash:016x}")
        }
    };
    match n {
        0 | 1 => base,
        _ => format!("{base}_{n}"),
    }
}

/// The cargo feature of a tag: its words in kebab case, letters lower case
/// (`Key Management` → `key-management`, `AWS Integration` →
/// `aws-integration`). Every character that is neither a letter nor a
/// digit separates words, so the name is one cargo accepts; a tag with no
/// letter or digit is `tag`, and a tag whose name the crate uses itself
/// (`mock`, `cli`, `default`, ...) gets `-tag` (`mock-tag`). Tags that
/// differ only in case or punctuation share a feature.
pub fn feature_name(tag: &str) -> String {
    let spaced: String = tag
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let name: String = spaced
        .to_kebab_case()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '-')
        .flat_map(char::to_lowercase)
        .collect();
    let name = name.trim_matches('-');
    if name.is_empty() {
        "tag".to_owned()
    } else if RESERVED_FEATURES.contains(&name) {
        format!("{name}-tag")
    } else {
        name.to_owned()
    }
}

/// Why `name` cannot be the cargo feature of a tag (`None` when it can):
/// cargo's rule (a letter, digit or `_` first, then letters, digits, `_`,
/// `-`, `+` and `.`), and none of [`RESERVED_FEATURES`].
pub fn feature_name_problem(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_');
    let rest_ok = chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '+' | '.'));
    if !first_ok || !rest_ok {
        Some(format!(
            "`{name}` is not a cargo feature name (a letter, digit or `_` first, then letters, digits, `_`, `-`, `+`, `.`)"
        ))
    } else if RESERVED_FEATURES.contains(&name) {
        Some(format!(
            "`{name}` is a feature the crate has already (reserved: {})",
            RESERVED_FEATURES.join(", ")
        ))
    } else {
        None
    }
}

/// The struct holding an API module's typed mocks (feature `mock`), before
/// it is made unique among the module's types.
pub const MOCK_STRUCT: &str = "Mock";

fn unicode_ident_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if Reserved::RustKeyword.names().contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The names already used in one scope (a module's types, a struct's
/// fields, an enum's variants). Handing out names through it guarantees no
/// two items share one, deterministically: the first comer keeps the plain
/// name, later ones get `2`, `3`, ... appended.
#[derive(Debug, Default, Clone)]
pub struct Names {
    used: BTreeSet<String>,
}

impl Names {
    /// An empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope in which the names of `reserved` are already taken.
    pub fn reserving(reserved: Reserved) -> Self {
        Names {
            used: reserved
                .names()
                .iter()
                .copied()
                .map(str::to_owned)
                .collect(),
        }
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }

    /// Claims `name` exactly; `false` if it was taken.
    pub fn claim(&mut self, name: &str) -> bool {
        self.used.insert(name.to_owned())
    }

    /// The name of an enum's catch-all variant, which holds what the spec
    /// does not list: `Unknown`, or `UnknownValue` when a listed value took
    /// that name.
    pub fn catch_all(&mut self) -> String {
        if self.claim("Unknown") {
            "Unknown".to_owned()
        } else {
            self.unique("UnknownValue")
        }
    }

    /// The name of a struct's field that holds the properties it does not
    /// name: `additional_properties`, unless a property took it.
    pub fn additional_field(&mut self) -> String {
        self.unique("additional_properties")
    }

    /// Claims `name`, or the first free `name2`, `name3`, ...
    pub fn unique(&mut self, name: &str) -> String {
        if self.used.insert(name.to_owned()) {
            return name.to_owned();
        }
        let base = name.strip_prefix("r#").unwrap_or(name);
        // A keyword escaped with a trailing `_` (`Self_`) is numbered from
        // the keyword itself (`Self2`, not `Self_2`), so the name keeps its
        // case convention; a number makes it a keyword no longer.
        let base = match base.strip_suffix('_') {
            Some(keyword) if NOT_RAW.contains(&keyword) => keyword,
            _ => base,
        };
        (2..)
            .map(|n| format!("{base}{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .unwrap_or_else(|| base.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_tags_in_kebab_case() {
        let cases = [
            ("Key Management", "key-management"),
            ("AWS Integration", "aws-integration"),
            (
                "Service Level Objective Corrections",
                "service-level-objective-corrections",
            ),
            ("Case Management: Type", "case-management-type"),
            ("key_management", "key-management"),
            ("DORA Metrics", "dora-metrics"),
            ("2FA", "2fa"),
            ("Café", "café"),
            ("***", "tag"),
            ("Mock", "mock-tag"),
            ("All Tags", "all-tags-tag"),
        ];
        for (tag, feature) in cases {
            assert_eq!(feature_name(tag), feature, "{tag}");
            assert_eq!(feature_name_problem(&feature_name(tag)), None, "{tag}");
        }
        assert!(feature_name_problem("-x").is_some());
        assert!(feature_name_problem("a b").is_some());
        assert!(feature_name_problem("").is_some());
        assert!(feature_name_problem("cli").is_some());
        assert_eq!(feature_name_problem("v1.2+x_y"), None);
    }

    #[test]
    fn brackets_become_words() {
        assert_eq!(
            sanitize("filter[created_at][start]", Case::Snake),
            "filter_created_at_start"
        );
        assert_eq!(sanitize("page[size]", Case::Snake), "page_size");
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(sanitize("type", Case::Snake), "r#type");
        assert_eq!(sanitize("self", Case::Snake), "self_");
        assert_eq!(sanitize("Self", Case::Pascal), "Self_");
        assert_eq!(sanitize("match", Case::Snake), "r#match");
        assert_eq!(sanitize("crate", Case::Snake), "crate_");
    }

    #[test]
    fn leading_digits_are_prefixed() {
        assert_eq!(sanitize("2fa", Case::Snake), "_2fa");
        assert_eq!(sanitize("404", Case::Pascal), "V404");
        assert_eq!(sanitize("3d", Case::Shouty), "_3D");
        assert_eq!(sanitize("1", Case::Snake), "n_1");
        assert_eq!(sanitize("12", Case::Shouty), "N_12");
    }

    #[test]
    fn acronyms_and_cases() {
        assert_eq!(sanitize("ListAPIKeys", Case::Snake), "list_api_keys");
        assert_eq!(sanitize("ListAPIKeys", Case::Shouty), "LIST_API_KEYS");
        assert_eq!(
            sanitize("APIKeyCreateData", Case::Pascal),
            "ApiKeyCreateData"
        );
        assert_eq!(sanitize("datadoghq.eu", Case::Pascal), "DatadoghqEu");
        assert_eq!(sanitize("us2.ddog-gov.com", Case::Pascal), "Us2DdogGovCom");
    }

    #[test]
    fn empty_or_symbolic_inputs_still_name_something() {
        assert_eq!(sanitize("", Case::Snake), "value");
        assert_eq!(sanitize("---", Case::Pascal), "Value");
        assert_eq!(sanitize("$", Case::Shouty), "VALUE");
    }

    #[test]
    fn signs_keep_sort_orders_apart() {
        assert_eq!(
            sanitize(&sign_words("-created_at"), Case::Pascal),
            "CreatedAtDescending"
        );
        assert_eq!(
            sanitize(&sign_words("+name"), Case::Pascal),
            "NameAscending"
        );
        assert_eq!(sanitize(&sign_words("-1"), Case::Pascal), "Minus1");
        assert_eq!(sanitize(&sign_words("+2"), Case::Pascal), "Plus2");
        assert_eq!(sanitize(&sign_words("-"), Case::Pascal), "Minus");
        assert_eq!(
            sanitize(&sign_words("created_at"), Case::Pascal),
            "CreatedAt"
        );
    }

    #[test]
    fn every_output_parses_as_an_identifier() {
        for input in [
            "type", "self", "2fa", "a-b", "ü", "fn", "_", "__", "x y", "Self", "super", "async",
            "gen",
        ] {
            for case in [Case::Snake, Case::Pascal, Case::Shouty] {
                let name = sanitize(input, case);
                assert!(
                    syn::parse_str::<syn::Ident>(&name).is_ok(),
                    "{input:?} -> {name:?}"
                );
            }
        }
    }

    #[test]
    fn derived_names() {
        assert_eq!(params_struct("ListApiKeys"), "ListApiKeysParams");
        assert_eq!(group_struct("Key Management"), "KeyManagementApi");
        assert_eq!(stream_fn("list_keys"), "list_keys_stream");
        assert_eq!(stream_fn("r#type"), "type_stream");
        assert_eq!(request_fn("list_keys"), "list_keys_request");
        assert_eq!(request_fn("r#type"), "type_request");
        assert_eq!(path_var("r#type"), "path_type");
        assert_eq!(path_var("_1h"), "path_1h");
        let mut names = Names::new();
        assert_eq!(names.catch_all(), "Unknown");
        assert_eq!(names.catch_all(), "UnknownValue");
    }

    #[test]
    fn hints_name_what_an_inline_type_is_part_of() {
        let model = NameHint::new("ApiKey");
        assert_eq!(model.property("created-at").as_str(), "ApiKeyCreatedAt");
        assert_eq!(model.property("tags").item().as_str(), "ApiKeyTagsItem");
        assert_eq!(model.property("meta").value().as_str(), "ApiKeyMetaValue");
        assert_eq!(model.additional().as_str(), "ApiKeyAdditionalProperty");
        assert_eq!(model.variant(2).as_str(), "ApiKeyVariant2");
        assert_eq!(model.element(0).as_str(), "ApiKey0");
        let stem = NameHint::new("ListApiKeys");
        assert_eq!(stem.request().as_str(), "ListApiKeysRequest");
        assert_eq!(stem.response().as_str(), "ListApiKeysResponse");
        assert_eq!(
            stem.status_response("4XX").as_str(),
            "ListApiKeysV4xxResponse"
        );
        assert_eq!(setter_fn("r#type"), "with_type");
        assert_eq!(setter_fn("_1h"), "with_1h");
        assert_eq!(getter_fn("r#type"), "get_type");
        assert_eq!(
            sanitize(&fallback_operation_id("get", "/keys/{id}"), Case::Snake),
            "get_keys_id"
        );
    }

    #[test]
    fn reserved_scopes_are_taken() {
        let mut names = Names::reserving(Reserved::ModelMethod);
        assert_eq!(names.unique("new"), "new2");
        let mut types = Names::reserving(Reserved::TypeName);
        assert_eq!(types.unique("Option"), "Option2");
        assert_eq!(sanitize("async", Case::Snake), "r#async");
        let mut fields = Names::new();
        assert_eq!(
            fields.unique("additional_properties"),
            "additional_properties"
        );
        assert_eq!(fields.additional_field(), "additional_properties2");
    }

    #[test]
    fn unique_names_get_numbered() {
        let mut names = Names::new();
        assert_eq!(names.unique("data"), "data");
        assert_eq!(names.unique("data"), "data2");
        assert_eq!(names.unique("data"), "data3");
        assert_eq!(names.unique("r#type"), "r#type");
        assert_eq!(names.unique("r#type"), "type2");
    }

    #[test]
    fn escaped_keywords_are_numbered_without_the_underscore() {
        let mut names = Names::new();
        let first = sanitize("self", Case::Pascal);
        assert_eq!(names.unique(&first), "Self_");
        assert_eq!(names.unique(&sanitize("Self", Case::Pascal)), "Self2");
        assert_eq!(names.unique(&sanitize("self", Case::Snake)), "self_");
        assert_eq!(names.unique(&sanitize("self", Case::Snake)), "self2");
        assert_eq!(names.unique("value_"), "value_");
        assert_eq!(
            names.unique("value_"),
            "value_2",
            "only escaped keywords lose the `_`"
        );
    }

    /// A part's module: the feature in snake case, a hash of several that
    /// depends on the names alone, a number only for a name already taken.
    #[test]
    fn part_modules() {
        let one = |f: &str| vec![f.to_owned()];
        assert_eq!(
            part_module(&one("key-management"), 1),
            "part_key_management"
        );
        assert_eq!(part_module(&one("a.b+c"), 2), "part_a_b_c_2");
        let shared = part_module(&["pets".to_owned(), "orders".to_owned()], 1);
        assert_eq!(shared, "part_shared_03f1a02c14e30ea0");
        assert!(syn::parse_str::<syn::Ident>(&shared).is_ok());
    }
}

/// Every Rust name is made here: no `format!` elsewhere in the generator
/// builds one. A unit test holds that line, as the runtime's layering test
/// holds its own: it reads the generator's sources and names, by file and
/// line, each format string (of `format!`, `format_args!`, `write!`,
/// `writeln!`) that glues a placeholder to a letter, digit or `_`
/// (`"{hint}Item"`, `"get_{}"`, `"Variant{i}"`), and each
/// `format!` whose text goes straight to [`sanitize`] or [`Names::unique`]
/// (`sanitize(&format!("with {}", ...))`). Test modules (from
/// `#[cfg(test)]` on) and comments are not read. Two placeholders side by
/// side (`"{a}{b}"`) are not taken for a name: text joins that way too.
#[cfg(test)]
mod names_only_here {
    use std::path::{Path, PathBuf};

    /// Format strings that glue text but build no Rust name, by file and
    /// the string as written, each with why.
    const ALLOWED: &[(&str, &str, &str)] = &[(
        "api_diff/report.rs",
        "public API: {} change{} ({} breaking, {} compatible)\\n",
        "a plural in a report",
    )];

    /// The macros whose first string literal is a format string.
    const MACROS: &[&str] = &["format!(", "format_args!(", "write!(", "writeln!("];

    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The code of `source` before its tests, comments blanked out (so
    /// byte offsets still give line numbers).
    fn code(source: &str) -> String {
        let end = source.find("#[cfg(test)]").unwrap_or(source.len());
        source[..end]
            .lines()
            .map(|line| match line.trim_start().starts_with("//") {
                true => "",
                false => line,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The string literal at the start of `text` (after whitespace), as
    /// written between its quotes; raw strings too.
    fn literal(text: &str) -> Option<&str> {
        let text = text.trim_start();
        let hashes = text
            .strip_prefix('r')
            .map(|t| t.len() - t.trim_start_matches('#').len());
        let (open, close) = match hashes {
            Some(n) => (
                format!("r{}\"", "#".repeat(n)),
                format!("\"{}", "#".repeat(n)),
            ),
            None => ("\"".to_owned(), "\"".to_owned()),
        };
        let body = text.strip_prefix(open.as_str())?;
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            if hashes.is_none() && !escaped && c == '\\' {
                escaped = true;
                continue;
            }
            if !escaped && body[i..].starts_with(close.as_str()) {
                return Some(&body[..i]);
            }
            escaped = false;
        }
        None
    }

    /// The first string literal in `args`, as written between its quotes.
    fn first_literal(args: &str) -> Option<&str> {
        args.char_indices()
            .filter(|(i, c)| {
                *c == '"'
                    || *c == 'r'
                        && args[i + 1..].starts_with(['"', '#'])
                        && !args[..*i].ends_with(|p: char| p.is_alphanumeric() || p == '_')
            })
            .find_map(|(i, _)| literal(&args[i..]))
    }

    /// Whether the format string `text` glues a placeholder to an
    /// identifier character.
    fn glues(text: &str) -> bool {
        let is_ident = |c: char| c.is_alphanumeric() || c == '_';
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '{' | '}' if chars.get(i + 1) == Some(&chars[i]) => i += 2,
                '{' => {
                    let Some(len) = chars[i..].iter().position(|c| *c == '}') else {
                        return false;
                    };
                    let before = i.checked_sub(1).map(|b| chars[b]);
                    let after = chars.get(i + len + 1).copied();
                    if before.is_some_and(is_ident) || after.is_some_and(is_ident) {
                        return true;
                    }
                    i += len + 1;
                }
                _ => i += 1,
            }
        }
        false
    }

    /// Every place in `code` that builds a name: the line and the format
    /// string.
    fn findings(code: &str) -> Vec<(usize, String)> {
        let line_of = |at: usize| code[..at].matches('\n').count() + 1;
        let mut found = Vec::new();
        for mac in MACROS {
            for (at, _) in code.match_indices(mac) {
                // `eformat!(` or `my_format!(` are other macros.
                if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let Some(text) = first_literal(&code[at + mac.len()..]) else {
                    continue;
                };
                let before = code[..at].trim_end();
                let before = before.strip_suffix('&').unwrap_or(before).trim_end();
                let named = before.ends_with("sanitize(") || before.ends_with(".unique(");
                if glues(text) || named {
                    found.push((line_of(at), text.to_owned()));
                }
            }
        }
        found.sort();
        found
    }

    #[test]
    fn no_name_is_built_with_format_elsewhere() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&root, &mut files);
        let mut problems = Vec::new();
        let mut used = vec![false; ALLOWED.len()];
        for file in files {
            let relative = file
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if relative == "naming.rs" {
                continue;
            }
            let source = std::fs::read_to_string(&file).unwrap();
            for (line, text) in findings(&code(&source)) {
                match ALLOWED.iter().position(|(f, t, _)| *f == relative && *t == text) {
                    Some(i) => used[i] = true,
                    None => problems.push(format!(
                        "generator/src/{relative}:{line}: `format!(\"{text}\")` builds a name: add a rule to naming.rs"
                    )),
                }
            }
        }
        for (i, (file, text, _)) in ALLOWED.iter().enumerate() {
            if !used[i] {
                problems.push(format!("{file}: `{text}` is allowed but no longer written"));
            }
        }
        assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    }

    #[test]
    fn the_rule_sees_names_and_not_messages() {
        for text in ["{hint}Item", "get_{}", "Variant{i}", "{}2", "{x:?}y"] {
            assert!(glues(text), "{text}");
        }
        for text in [
            "the `{name}` schema",
            "{e} (rendered line {line})",
            "src/{m}/mod.rs",
            "{x:?}",
            "{{literal}}",
            "{}::new({})",
            "#{index}",
            "{{{name}}}",
            "{prefix}{relative}",
        ] {
            assert!(!glues(text), "{text}");
        }
        let code = "let a = sanitize(&format!(\"with {}\", x));\nlet b = format!(\"{} and {}\", x, y);\nlet c = format!(\n    r#\"{x}Item\"#);";
        assert_eq!(
            findings(code),
            [(1, "with {}".to_owned()), (3, "{x}Item".to_owned())]
        );
    }
}
