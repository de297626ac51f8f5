//! Where in a JSON document a value failed to decode, and why, without the
//! value itself.
//!
//! Layer 1: imports nothing from the crate.
//!
//! A document is decoded without tracking first; only when that fails is
//! it decoded again under a path tracker ([`serde_path_to_error`]), which
//! sees through the generated structs' visitors (the `model` module) down
//! to the failing value. A union dispatched on a tag buffers its value to
//! read the tag, which hides the rest from that tracker: the variant is
//! decoded with its own tracker and hands the path up in the only thing a
//! serde error carries, its message: a [`Located`] written as
//! ``at `PATH`: REASON``. The next level out parses that message back
//! ([`Located::parse`]), puts its own part of the path in front and writes
//! it again, so the caller gets one path, outermost first.
//!
//! A path is written like `data[3].attributes.created_at`: array indices in
//! brackets, plain keys (ASCII letters, digits, `_`, `-`) after a dot, any
//! other key as a JSON string in brackets (`meta["page[size]"]`), so that
//! every path reads back unambiguously. The document root is the empty path.
//!
//! The reason never holds a value from the body (a successful response may
//! carry a new secret key): [`redact`] keeps the kind of the value serde
//! found and the type it expected, and drops the value.

use std::fmt;

use serde::de::DeserializeOwned;

/// One step into a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    /// An array element.
    Index(usize),
    /// An object property or map entry.
    Key(String),
    /// A step the tracker could not name (a map key that is not text).
    Unknown,
}

/// A path into a JSON document, outermost first; empty for the root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Path(Vec<Segment>);

impl Path {
    /// Whether this is the document root.
    pub(crate) fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The segments a [`serde_path_to_error`] tracker recorded.
    fn tracked(path: &serde_path_to_error::Path) -> Self {
        Path(
            path.iter()
                .map(|segment| match segment {
                    serde_path_to_error::Segment::Seq { index } => Segment::Index(*index),
                    serde_path_to_error::Segment::Map { key } => Segment::Key(key.clone()),
                    serde_path_to_error::Segment::Enum { variant } => Segment::Key(variant.clone()),
                    serde_path_to_error::Segment::Unknown => Segment::Unknown,
                })
                .collect(),
        )
    }

    /// Reads a path written by `Display` from the start of `text`; returns
    /// it and the text after it, or `None` when `text` starts with none.
    fn parse_prefix(text: &str) -> Option<(Path, &str)> {
        let mut segments = Vec::new();
        let mut rest = text;
        loop {
            let first = segments.is_empty();
            let (segment, after) = if let Some(after) = rest.strip_prefix('[') {
                bracketed(after)?
            } else if let Some(after) = rest.strip_prefix('.').filter(|_| !first) {
                plain(after)?
            } else if first {
                plain(rest)?
            } else {
                return Some((Path(segments), rest));
            };
            segments.push(segment);
            rest = after;
        }
    }
}

/// A key that may be written without quotes.
fn is_plain(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-')
}

/// A plain key at the start of `text`, and the text after it.
fn plain(text: &str) -> Option<(Segment, &str)> {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(text.len());
    (end > 0).then(|| (Segment::Key(text[..end].to_owned()), &text[end..]))
}

/// What follows a `[`: an index, `?` or a JSON string, then `]`.
fn bracketed(text: &str) -> Option<(Segment, &str)> {
    if let Some(after) = text.strip_prefix("?]") {
        return Some((Segment::Unknown, after));
    }
    if text.starts_with('"') {
        // serde_json reads exactly one string and says where it ended.
        let mut strings = serde_json::Deserializer::from_str(text).into_iter::<String>();
        let key = strings.next()?.ok()?;
        let after = text.get(strings.byte_offset()..)?.strip_prefix(']')?;
        return Some((Segment::Key(key), after));
    }
    let end = text.find(']')?;
    let index = text[..end].parse().ok()?;
    Some((Segment::Index(index), &text[end + 1..]))
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Index(index) => write!(f, "[{index}]")?,
                Segment::Key(key) if is_plain(key) => {
                    if position > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(key)?;
                }
                Segment::Key(key) => {
                    let quoted = serde_json::to_string(key).map_err(|_| fmt::Error)?;
                    write!(f, "[{quoted}]")?;
                }
                Segment::Unknown => f.write_str("[?]")?,
            }
        }
        Ok(())
    }
}

/// A decode failure: where, and why (already redacted).
///
/// Its `Display` is the message that carries it through serde's
/// `E::custom` from one level of buffered decoding to the next:
/// ``at `PATH`: REASON``, or just `REASON` at the root. [`Located::parse`]
/// reads that form back; any other message is a reason at the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Located {
    /// Where the failing value is.
    pub(crate) path: Path,
    /// What was wrong with it, without the value.
    pub(crate) reason: String,
}

/// What starts the message of a [`Located`] with a path.
const OPENING: &str = "at `";
/// What ends its path.
const CLOSING: &str = "`: ";

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_root() {
            f.write_str(&self.reason)
        } else {
            write!(f, "{OPENING}{}{CLOSING}{}", self.path, self.reason)
        }
    }
}

impl Located {
    /// Reads back the `Display` form; any other message is a reason at the
    /// root (as written: redacting is up to the caller).
    pub(crate) fn parse(message: &str) -> Located {
        let with_path = message
            .strip_prefix(OPENING)
            .and_then(Path::parse_prefix)
            .and_then(|(path, rest)| Some((path, rest.strip_prefix(CLOSING)?)));
        match with_path {
            Some((path, reason)) if !path.is_root() => Located {
                path,
                reason: reason.to_owned(),
            },
            _ => Located {
                path: Path::default(),
                reason: message.to_owned(),
            },
        }
    }

    /// The failure a tracker reported while decoding a buffered value (or a
    /// whole document), with `outer` in front of its path.
    ///
    /// A data error's message may itself be a [`Located`] from a level
    /// further in: its path goes after the tracked one and its reason is
    /// redacted (again: redacting is idempotent). A syntax error keeps its
    /// message, line and column included, which quote nothing.
    pub(crate) fn tracked(
        outer: Vec<Segment>,
        error: &serde_path_to_error::Error<serde_json::Error>,
    ) -> Located {
        let mut path = Path(outer);
        path.0.extend(Path::tracked(error.path()).0);
        let inner = error.inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                let located = Located::parse(&without_position(inner));
                path.0.extend(located.path.0);
                Located {
                    path,
                    reason: redact(&located.reason),
                }
            }
            serde_json::error::Category::Syntax
            | serde_json::error::Category::Eof
            | serde_json::error::Category::Io => Located {
                path,
                reason: inner.to_string(),
            },
        }
    }
}

/// A serde_json error's message without the ` at line L column C` that it
/// adds when it read from text: for a data error the path says where.
fn without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    if error.line() == 0 {
        return message;
    }
    let position = format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&position) {
        Some(bare) => bare.to_owned(),
        None => message,
    }
}

/// Decodes a whole JSON document as `T`, or says where and why it failed.
///
/// Tracking the path costs on every call (the tracker copies every property
/// name), and it is only needed when decoding fails: the document is
/// decoded without it first, and only a failure is decoded again, with it,
/// to find where.
pub(crate) fn from_slice<T: DeserializeOwned>(body: &[u8]) -> Result<T, Located> {
    serde_json::from_slice(body).or_else(|_| tracked_from_slice(body))
}

/// [`from_slice`] under a path tracker.
fn tracked_from_slice<T: DeserializeOwned>(body: &[u8]) -> Result<T, Located> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| Located::tracked(Vec::new(), &error))?;
    // Trailing characters: a syntax error after the document, at the root.
    deserializer.end().map_err(|error| Located {
        path: Path::default(),
        reason: error.to_string(),
    })?;
    Ok(value)
}

/// The kinds of value serde names without quoting anything.
const BARE_KINDS: &[&str] = &[
    "null",
    "unit value",
    "Option value",
    "byte array",
    "sequence",
    "map",
    "enum",
    "unit variant",
    "newtype struct",
    "newtype variant",
    "tuple variant",
    "struct variant",
    // What `kind` says of anything else.
    "a value",
];

/// The kinds of value serde names followed by the value (``integer `5` ``,
/// `string "abc"`).
const VALUED_KINDS: &[&str] = &[
    "boolean",
    "integer",
    "floating point",
    "character",
    "string",
];

/// A serde error message with the value it quotes taken out.
///
/// `invalid type: string "…", expected u64` becomes `invalid type: string,
/// expected u64` (the same for `invalid value:`), ``unknown variant `…`,
/// expected one of `a`, `b` `` becomes ``unknown variant, expected one of
/// `a`, `b` ``. What was expected comes from the code, what was found from
/// the body, which may itself hold `, expected `: the expected part is what
/// follows the last one. Other messages are kept: serde's and serde_json's
/// own (`missing field`, `invalid length`, syntax errors) quote no value, and
/// the runtime's and generated impls write none. Redacting twice changes
/// nothing.
pub(crate) fn redact(reason: &str) -> String {
    for opening in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = reason.strip_prefix(opening) {
            return match rest.rsplit_once(", expected ") {
                Some((found, expected)) => format!("{opening}{}, expected {expected}", kind(found)),
                None => format!("{opening}{}", kind(rest)),
            };
        }
    }
    if let Some(rest) = reason.strip_prefix("unknown variant") {
        return format!("unknown variant{}", variant_tail(rest));
    }
    reason.to_owned()
}

/// What kind of value `found` (serde's `Unexpected`) describes.
fn kind(found: &str) -> &'static str {
    if let Some(kind) = BARE_KINDS.iter().find(|kind| **kind == found) {
        return kind;
    }
    VALUED_KINDS
        .iter()
        .find(|kind| {
            found
                .strip_prefix(**kind)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        })
        .copied()
        .unwrap_or("a value")
}

/// The end of an `unknown variant` message, after the variant's name: the
/// variants the code expected, or that there are none.
fn variant_tail(rest: &str) -> String {
    const NONE: &str = ", there are no variants";
    // Checked first: a variant name can hold `, expected ` but cannot end
    // the message.
    if rest.ends_with(NONE) {
        return NONE.to_owned();
    }
    match rest.rsplit_once(", expected ") {
        Some((_, expected)) => format!(", expected {expected}"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> Segment {
        Segment::Key(name.to_owned())
    }

    fn path(segments: &[Segment]) -> Path {
        Path(segments.to_vec())
    }

    #[test]
    fn paths_are_written_outermost_first() {
        let written = path(&[
            key("data"),
            Segment::Index(3),
            key("attributes"),
            key("created_at"),
        ]);
        assert_eq!(written.to_string(), "data[3].attributes.created_at");
        assert_eq!(path(&[Segment::Index(0), key("id")]).to_string(), "[0].id");
        assert_eq!(Path::default().to_string(), "");
        assert_eq!(
            path(&[key("meta"), key("page[size]"), key("a.b"), key("")]).to_string(),
            r#"meta["page[size]"]["a.b"][""]"#
        );
        assert_eq!(path(&[key("x"), Segment::Unknown]).to_string(), "x[?]");
    }

    #[test]
    fn located_messages_read_back() {
        let odd = [
            key("data"),
            Segment::Index(12),
            key("with `backticks`: and \"quotes\" ]"),
            Segment::Unknown,
            key("ünï"),
            key("0"),
        ];
        for segments in [&odd[..], &[key("created_at")], &[Segment::Index(3)]] {
            let located = Located {
                path: path(segments),
                reason: "invalid type: null, expected a string".to_owned(),
            };
            assert_eq!(Located::parse(&located.to_string()), located, "{located}");
        }
        let root = Located {
            path: Path::default(),
            reason: "missing field `id`".to_owned(),
        };
        assert_eq!(root.to_string(), "missing field `id`");
        assert_eq!(Located::parse(&root.to_string()), root);
    }

    #[test]
    fn other_messages_are_reasons_at_the_root() {
        for message in [
            "at least one item is required",
            "at `unclosed",
            "at `x` but no colon",
            "at ``: empty path",
            "at `a..b`: two dots",
            "at `[x]`: not an index",
            "",
        ] {
            let located = Located::parse(message);
            assert!(located.path.is_root(), "{message}");
            assert_eq!(located.reason, message);
        }
    }

    #[test]
    fn values_are_dropped_and_kinds_kept() {
        for (message, redacted) in [
            (
                r#"invalid type: string "abc", expected u64"#,
                "invalid type: string, expected u64",
            ),
            (
                "invalid type: integer `5`, expected a string",
                "invalid type: integer, expected a string",
            ),
            (
                "invalid value: integer `-5`, expected u64",
                "invalid value: integer, expected u64",
            ),
            (
                "invalid type: floating point `1.5`, expected i64",
                "invalid type: floating point, expected i64",
            ),
            (
                "invalid type: boolean `true`, expected a string",
                "invalid type: boolean, expected a string",
            ),
            (
                "invalid type: character `x`, expected u8",
                "invalid type: character, expected u8",
            ),
            (
                "invalid type: null, expected a string",
                "invalid type: null, expected a string",
            ),
            (
                "invalid type: map, expected a sequence",
                "invalid type: map, expected a sequence",
            ),
            (
                "invalid type: something odd, expected i8",
                "invalid type: a value, expected i8",
            ),
            (
                "unknown variant `foo`, expected one of `a`, `b`",
                "unknown variant, expected one of `a`, `b`",
            ),
            (
                "unknown variant `foo`, expected `a` or `b`",
                "unknown variant, expected `a` or `b`",
            ),
            (
                "unknown variant `foo`, there are no variants",
                "unknown variant, there are no variants",
            ),
            ("missing field `id`", "missing field `id`"),
            (
                "invalid length 3, expected a tuple of size 2",
                "invalid length 3, expected a tuple of size 2",
            ),
        ] {
            assert_eq!(redact(message), redacted, "{message}");
            assert_eq!(redact(redacted), redacted, "redacting twice: {redacted}");
        }
    }

    #[test]
    fn values_that_look_like_messages_are_dropped_whole() {
        let tricky = [
            r#"invalid type: string "SECRET, expected u64 `x` \"", expected a map"#,
            "unknown variant `SECRET, expected one of `a``, expected one of `a`, `b`",
            "unknown variant `SECRET, there are no variants`, there are no variants",
            "invalid value: string \"SECRET\"",
        ];
        for message in tricky {
            let redacted = redact(message);
            assert!(!redacted.contains("SECRET"), "{redacted}");
        }
        assert_eq!(redact(tricky[0]), "invalid type: string, expected a map");
    }

    #[derive(Debug, serde::Deserialize)]
    struct Page {
        #[allow(dead_code)]
        data: Vec<Item>,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Item {
        #[allow(dead_code)]
        count: u64,
    }

    fn failure(body: &str) -> Located {
        match from_slice::<Page>(body.as_bytes()) {
            Ok(page) => panic!("decoded {page:?}"),
            Err(located) => located,
        }
    }

    #[test]
    fn documents_fail_with_a_path_and_no_value() {
        let located = failure(r#"{"data":[{"count":1},{"count":"SECRET"}]}"#);
        assert_eq!(located.path.to_string(), "data[1].count");
        assert_eq!(located.reason, "invalid type: string, expected u64");
        assert_eq!(
            located.to_string(),
            "at `data[1].count`: invalid type: string, expected u64"
        );
    }

    #[test]
    fn syntax_errors_keep_line_and_column() {
        let located = failure("<html>SECRET");
        assert!(located.path.is_root());
        assert_eq!(located.reason, "expected value at line 1 column 1");
        let truncated = failure(r#"{"data":[{"count":"#);
        assert_eq!(truncated.path.to_string(), "data[0].count");
        assert_eq!(
            truncated.reason,
            "EOF while parsing a value at line 1 column 18"
        );
        let trailing = failure(r#"{"data":[]} SECRET"#);
        assert!(trailing.path.is_root());
        assert_eq!(trailing.reason, "trailing characters at line 1 column 13");
    }

    #[test]
    fn nested_levels_compose_into_one_path() {
        // `Failing` sends up what a model helper does: a custom error whose
        // message is a `Located`. The tracker's path goes in front of it.
        let value = serde_json::json!({"x": [0, {"y": 1}]});
        let tracked = serde_path_to_error::deserialize::<_, Deep>(value).unwrap_err();
        let located = Located::tracked(vec![key("data"), Segment::Index(3)], &tracked);
        assert_eq!(
            located.path.to_string(),
            "data[3].x[1].attributes.name",
            "{located}"
        );
        assert_eq!(located.reason, "invalid type: null, expected a string");
    }

    /// A struct whose `x[1]` fails the way a generated model does.
    #[derive(Debug, serde::Deserialize)]
    struct Deep {
        #[allow(dead_code)]
        x: (u8, Failing),
    }

    #[derive(Debug)]
    struct Failing;

    impl<'de> serde::Deserialize<'de> for Failing {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let _ = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
            Err(serde::de::Error::custom(Located {
                path: path(&[key("attributes"), key("name")]),
                reason: "invalid type: null, expected a string".to_owned(),
            }))
        }
    }
}
