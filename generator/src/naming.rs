//! Naming rules: the only place where wire names become Rust names.
//!
//! [`sanitize`] always returns a valid Rust identifier: it converts case with
//! heck, turns every other character into a word break, prefixes a leading
//! digit, and escapes keywords as raw identifiers (or, for the few that
//! cannot be raw, with a trailing underscore). [`Names`] hands out unique
//! names within one scope.

use std::collections::BTreeSet;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

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

/// Rust's strict and reserved keywords (2021 edition and later).
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

pub fn params_struct(stem: &str) -> String {
    sanitize(&format!("{stem} Params"), Case::Pascal)
}

/// The API struct of the operations tagged `tag`.
pub fn group_struct(tag: &str) -> String {
    sanitize(&format!("{tag} Api"), Case::Pascal)
}

/// The stream method of the paginated operation whose method is `fn_name`.
pub fn stream_fn(fn_name: &str) -> String {
    sanitize(
        &format!("{} stream", fn_name.trim_start_matches("r#")),
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

/// The struct holding an API module's typed mocks (feature `mock`), before
/// it is made unique among the module's types.
pub const MOCK_STRUCT: &str = "Mock";

fn unicode_ident_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
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

    /// A scope in which `reserved` are already taken.
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Names {
            used: reserved.into_iter().map(str::to_owned).collect(),
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
        let mut names = Names::new();
        assert_eq!(names.catch_all(), "Unknown");
        assert_eq!(names.catch_all(), "UnknownValue");
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
}
