//! The generator's one error type.
//!
//! Every failure is a value: a variant per class of problem, each naming where
//! it happened. Spec problems carry a [`Location`]: the spec file, the JSON
//! pointer of the offending node and, when the YAML parser knows it, the line.

use std::fmt;
use std::path::PathBuf;

/// Where in a spec a problem is: `spec/v2/key_management.yaml#/paths/~1api~1v2~1api_keys/get`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The spec file as the user named it.
    pub file: String,
    /// RFC 6901 JSON pointer, as a URI fragment (starts with `#`).
    pub pointer: String,
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.file, self.pointer)?;
        if let Some(line) = self.line {
            write!(f, " (line {line})")?;
        }
        Ok(())
    }
}

/// A JSON pointer under construction. Segments are escaped per RFC 6901
/// (`~` becomes `~0`, `/` becomes `~1`), so `/api/v2/api_keys` reads
/// `~1api~1v2~1api_keys`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Pointer(String::from("#"))
    }

    /// Parses the fragment of a local `$ref` (`#/components/schemas/X`).
    pub fn from_fragment(fragment: &str) -> Self {
        Pointer(fragment.to_owned())
    }

    /// This pointer with one more segment.
    pub fn push(&self, segment: impl fmt::Display) -> Self {
        let segment = segment.to_string();
        let mut text = String::with_capacity(self.0.len() + 1 + segment.len());
        text.push_str(&self.0);
        text.push('/');
        for c in segment.chars() {
            match c {
                '~' => text.push_str("~0"),
                '/' => text.push_str("~1"),
                c => text.push(c),
            }
        }
        Pointer(text)
    }

    /// The pointer's text, starting with `#`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The unescaped segments after `#`. A reference's fragment is part of
    /// a URI, so it may be percent-encoded too (`~1v2~1keys~1%7Bid%7D`).
    pub fn segments(&self) -> Vec<String> {
        self.0
            .trim_start_matches('#')
            .split('/')
            .skip(1)
            .map(|s| match s.contains(['%', '~']) {
                true => percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .replace("~1", "/")
                    .replace("~0", "~"),
                false => s.to_owned(),
            })
            .collect()
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Everything that can go wrong between reading a spec and writing the crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec file could not be read.
    #[error("{file}: cannot read: {source}")]
    Read {
        /// The file.
        file: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not valid YAML.
    #[error("{location}: invalid {format}: {message}")]
    Syntax {
        /// `YAML` or `JSON`: what the file was read as.
        format: &'static str,
        /// Where.
        location: Location,
        /// The parser's message.
        message: String,
    },
    /// The file is not UTF-8 text.
    #[error("{file}: not UTF-8 text: invalid byte at offset {offset} (line {line})")]
    NotUtf8 {
        /// The file.
        file: String,
        /// Offset of the first invalid byte.
        offset: usize,
        /// 1-based line of that byte.
        line: usize,
    },
    /// The YAML is not an OpenAPI 3.0 document of a shape we understand.
    #[error("{location}: not a valid OpenAPI 3.0 document: {message}")]
    Structure {
        /// Where.
        location: Location,
        /// What the deserializer expected.
        message: String,
    },
    /// The `openapi` field names a version we do not generate from.
    #[error(
        "{location}: unsupported OpenAPI version `{version}`; only 3.0.x and 3.1.x are supported"
    )]
    UnsupportedVersion {
        /// Where.
        location: Location,
        /// The version found.
        version: String,
    },
    /// A `$ref` that points nowhere.
    #[error("{location}: unresolvable reference `{reference}`")]
    UnresolvedRef {
        /// Where the `$ref` is.
        location: Location,
        /// Its value.
        reference: String,
    },
    /// A `$ref` into another file, in a spec given as text (with no
    /// directory to read other files from).
    #[error("{location}: reference `{reference}` points to another file, and a spec given as text has no directory to read it from; load the spec from its file")]
    ExternalRef {
        /// Where the `$ref` is.
        location: Location,
        /// Its value.
        reference: String,
    },
    /// A `$ref` to a file that cannot be read.
    #[error("{location}: reference `{reference}`: cannot read `{file}`: {source}")]
    RefFile {
        /// Where the `$ref` is (the chain of files that led there).
        location: Location,
        /// Its value.
        reference: String,
        /// The file it names.
        file: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A `$ref` that is not followed: a URL, or a path out of the spec's
    /// directory tree.
    #[error("{location}: reference `{reference}` {why}: only files in the spec's directory tree are read, and nothing is fetched from the network")]
    RefRefused {
        /// Where the `$ref` is.
        location: Location,
        /// Its value.
        reference: String,
        /// Why it is refused.
        why: String,
    },
    /// References that only lead to each other and never to a schema.
    #[error("{location}: reference cycle without a schema in between: {}", chain.join(" -> "))]
    RefCycle {
        /// Where the cycle starts.
        location: Location,
        /// The references in order.
        chain: Vec<String>,
    },
    /// Two operations with the same operationId (or the same Rust name).
    #[error("{location}: duplicate operationId `{id}` (first used at {first})")]
    DuplicateOperationId {
        /// The second use.
        location: Location,
        /// The operationId.
        id: String,
        /// Pointer of the first use.
        first: String,
    },
    /// A `{name}` in a path template with no path parameter declared for it.
    #[error("{location}: path template has `{{{name}}}` but no `in: path` parameter named `{name}` is declared")]
    UndeclaredPathParameter {
        /// The operation.
        location: Location,
        /// The template variable.
        name: String,
    },
    /// A path parameter that does not appear in the template.
    #[error("{location}: path parameter `{name}` does not appear in the path template")]
    PathParameterNotInTemplate {
        /// The parameter.
        location: Location,
        /// Its name.
        name: String,
    },
    /// A schema or construct the generator does not turn into Rust.
    #[error("{location}: unsupported: {what}")]
    Unsupported {
        /// Where.
        location: Location,
        /// What, and why.
        what: String,
    },
    /// A vendor extension (`x-...`) whose value has the wrong shape.
    #[error("{location}: invalid `{extension}`: {message}")]
    Extension {
        /// Where.
        location: Location,
        /// The extension's name.
        extension: String,
        /// What was expected.
        message: String,
    },
    /// A template failed to load or render.
    #[error("template `{template}`: {message}")]
    Template {
        /// The template's name.
        template: String,
        /// minijinja's message, with its line.
        message: String,
    },
    /// A template rendered text that is not valid Rust.
    #[error("template `{template}` produced invalid Rust for `{item}`: {message}\n{excerpt}")]
    InvalidRust {
        /// The template.
        template: String,
        /// The IR item being rendered (operation or model), or the file.
        item: String,
        /// syn's message.
        message: String,
        /// The offending lines, numbered.
        excerpt: String,
    },
    /// A generated Rust file read back for its public API does not parse
    /// (edited by hand, or not generated by this generator).
    #[error("{file}: not valid Rust (line {line}, column {column}): {message}")]
    RustSyntax {
        /// The file, relative to the crate (`src/v2/models.rs`).
        file: String,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// syn's message.
        message: String,
    },
    /// The configuration of cargo features per tag cannot be followed: a
    /// tag no spec has, a feature name cargo would refuse or one the crate
    /// uses itself.
    #[error("features per tag: {0}")]
    Features(String),
    /// Writing the output failed; the previous output is left in place.
    #[error("{path}: {source}")]
    Write {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

impl Error {
    /// Where in a spec the problem is, for an error inside one.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Syntax { location, .. }
            | Error::Structure { location, .. }
            | Error::UnsupportedVersion { location, .. }
            | Error::UnresolvedRef { location, .. }
            | Error::ExternalRef { location, .. }
            | Error::RefFile { location, .. }
            | Error::RefRefused { location, .. }
            | Error::RefCycle { location, .. }
            | Error::DuplicateOperationId { location, .. }
            | Error::UndeclaredPathParameter { location, .. }
            | Error::PathParameterNotInTemplate { location, .. }
            | Error::Unsupported { location, .. }
            | Error::Extension { location, .. } => Some(location),
            Error::Read { .. }
            | Error::NotUtf8 { .. }
            | Error::Template { .. }
            | Error::InvalidRust { .. }
            | Error::RustSyntax { .. }
            | Error::Features(_)
            | Error::Write { .. } => None,
        }
    }
}

/// Shorthand used throughout the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;
