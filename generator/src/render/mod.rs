//! Stage 3, **render**: the IR laid out through minijinja templates.
//!
//! The crate's file layout is the list in [`Templates::jobs`]: which
//! template makes which file. Rendering has two halves:
//!
//! - **Rust decides.** [`view`] builds, from the IR, plain `Serialize`
//!   structs holding every fact a template needs, already decided: a
//!   field's whole Rust type, the pieces of its `#[serde]` attribute, the
//!   runtime helper that writes it, the success type's text, whether clippy's
//!   argument limit is passed, where an impl block is split. Each IR enum is
//!   matched exhaustively there, so a new variant is a compile error in
//!   the generator, never a silent branch of a template.
//! - **Templates lay out.** They loop, read fields, test booleans and
//!   options with `if`, and pass names and literals through filters backed
//!   by proc-macro2, so an emitted identifier is always a valid one and a
//!   string literal is always escaped. They never compare a value with a
//!   string, hold a lookup table or call `fail(...)`; the test
//!   `template_rules` holds that line.
//!
//! The filters:
//!
//! - `ident`: a Rust identifier (raw `r#type` kept), rejected if invalid;
//! - `lit_str`: a string literal, quoted and escaped;
//! - `some_str`: `Some("...")` or `None`;
//! - `doc`: doc lines as `#[doc = "..."]` attributes (`doc_inner`: `#![doc]`).
//!
//! Undefined values are errors (strict undefined), so a template that reads
//! a fact the view does not have stops rendering.

use std::path::Path;

pub mod view;

use minijinja::{Environment, Value};

use crate::error::{Error, Result};
use crate::ir::Crate;
use view::{ApiView, CrateView, PartOf, ViewError};

/// A file as it comes out of rendering, before formatting.
#[derive(Debug, Clone)]
pub struct RenderedFile {
    /// Path inside the output directory, `/`-separated.
    pub path: String,
    /// The template it came from.
    pub template: String,
    /// Whether the text is Rust to be checked and formatted.
    pub kind: FileKind,
    /// The sources it was generated from, for the header.
    pub sources: Vec<String>,
    /// The text.
    pub text: String,
    /// Whether the generator's own templates wrote it: they are tested to
    /// write valid Rust, so the format stage takes what they lay out a line
    /// per statement without parsing it. Text from other templates is
    /// parsed first, so a mistake in them is reported, not written.
    pub vetted: bool,
}

/// How a rendered file is finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Generated Rust: parsed with syn, printed with prettyplease.
    Rust,
    /// TOML or other text: kept as rendered.
    Text,
}

/// The loaded templates.
pub struct Templates {
    env: Environment<'static>,
    /// Whether every template is byte for byte the one embedded in the
    /// generator (see [`RenderedFile::vetted`]).
    vetted: bool,
}

/// Templates every crate needs, by name (`macros.j2` only holds macros the
/// others import).
const TEMPLATES: &[&str] = &[
    "macros.j2",
    "Cargo.toml.j2",
    "rustfmt.toml.j2",
    "lib.rs.j2",
    "mock.rs.j2",
    "cli.rs.j2",
    "cli_main.rs.j2",
    "api/mod.rs.j2",
    "api/models.rs.j2",
    "api/operations.rs.j2",
    "api/cli.rs.j2",
];

impl Templates {
    /// Loads the templates under `dir`.
    pub fn load(dir: &Path) -> Result<Self> {
        Self::from_sources(|name| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|e| Error::Template {
                template: path.display().to_string(),
                message: e.to_string(),
            })
        })
    }

    /// The templates embedded in the generator when it was built (from
    /// `templates/`), for a generator that runs without a checkout.
    pub fn embedded() -> Result<Self> {
        let embedded = crate::vendor::embedded_templates();
        Self::from_sources(|name| {
            embedded
                .iter()
                .find(|(path, _)| *path == name)
                .map(|(_, text)| (*text).to_owned())
                .ok_or_else(|| Error::Template {
                    template: (*name).to_owned(),
                    message: "not embedded in the generator".into(),
                })
        })
    }

    /// The templates, each read by `read` from its name.
    fn from_sources(read: impl Fn(&str) -> Result<String>) -> Result<Self> {
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .map_err(|e| template_error("(syntax)", &e))?;
        env.set_syntax(syntax);
        env.add_filter("ident", ident);
        env.add_filter("lit_str", lit_str);
        env.add_filter("some_str", some_str);
        env.add_filter("doc", doc);
        env.add_filter("doc_inner", doc_inner);
        let embedded = crate::vendor::embedded_templates();
        let mut vetted = true;
        for name in TEMPLATES {
            let text = read(name)?;
            vetted &= embedded.contains(&(*name, text.as_str()));
            env.add_template_owned(name.to_string(), text)
                .map_err(|e| template_error(name, &e))?;
        }
        Ok(Templates { env, vetted })
    }

    /// Renders every file of the crate.
    pub fn render_crate(&self, krate: &Crate) -> Result<Vec<RenderedFile>> {
        self.map_jobs(krate, |job| self.render(job))
            .into_iter()
            .collect()
    }

    /// `f` on each of [`Self::jobs`], on all cores, the heaviest files
    /// first ([`Job::weight`]); results in job order.
    pub fn map_jobs<R: Send>(&self, krate: &Crate, f: impl Fn(&Job) -> R + Sync) -> Vec<R> {
        crate::parallel::map_heaviest_first(&self.jobs(krate), Job::weight, f)
    }

    /// What to render for `krate`: the file layout of the generated crate,
    /// one job per file, in a fixed order.
    pub fn jobs(&self, krate: &Crate) -> Vec<Job> {
        let all_sources: Vec<String> = krate.apis.iter().map(|a| a.source.clone()).collect();
        let ctx = CrateView::new(krate).map(|view| Value::from(minijinja::value::Serde(&view)));
        // The views of the APIs are independent: built on all cores.
        let api_contexts = crate::parallel::map(&krate.apis, |api| api_context(krate, api));
        let job = |template: &'static str,
                   path: String,
                   kind,
                   sources: &[String],
                   ctx: &Result<Value, ViewError>| Job {
            source: JobSource::Template {
                name: template,
                ctx: ctx.clone(),
            },
            path,
            kind,
            sources: sources.to_vec(),
        };
        let crate_files = [
            ("Cargo.toml.j2", "Cargo.toml", FileKind::Text),
            ("rustfmt.toml.j2", "rustfmt.toml", FileKind::Text),
            ("lib.rs.j2", "src/lib.rs", FileKind::Rust),
            ("mock.rs.j2", "src/mock.rs", FileKind::Rust),
            ("cli.rs.j2", "src/cli.rs", FileKind::Rust),
            ("cli_main.rs.j2", "src/bin/cli.rs", FileKind::Rust),
        ];
        let mut jobs: Vec<Job> = (crate_files.into_iter())
            .map(|(template, path, kind)| job(template, path.into(), kind, &all_sources, &ctx))
            .collect();
        for (api, contexts) in krate.apis.iter().zip(api_contexts) {
            let sources = vec![api.source.clone()];
            let m = &api.module;
            let (ctx, parts) = match contexts {
                Ok(ApiContexts { main, parts }) => (Ok(main), parts),
                Err(e) => (Err(e), Vec::new()),
            };
            let mut files = vec![
                ("api/mod.rs.j2", format!("src/{m}/mod.rs")),
                ("api/models.rs.j2", format!("src/{m}/models.rs")),
            ];
            // A spec of schemas only has no operations to lay out.
            if !api.operations.is_empty() {
                files.push(("api/operations.rs.j2", format!("src/{m}/api.rs")));
                files.push(("api/cli.rs.j2", format!("src/{m}/cli.rs")));
            }
            jobs.extend(
                (files.into_iter())
                    .map(|(template, path)| job(template, path, FileKind::Rust, &sources, &ctx)),
            );
            jobs.extend(parts.into_iter().map(|(of, module, ctx)| {
                let (template, path) = match of {
                    PartOf::Models => ("api/models.rs.j2", format!("src/{m}/models/{module}.rs")),
                    PartOf::Operations => {
                        ("api/operations.rs.j2", format!("src/{m}/api/{module}.rs"))
                    }
                };
                job(template, path, FileKind::Rust, &sources, &Ok(ctx))
            }));
        }
        jobs
    }

    /// Renders one file.
    pub fn render(&self, job: &Job) -> Result<RenderedFile> {
        let JobSource::Template { name, ctx } = &job.source;
        let ctx = ctx.as_ref().map_err(|e| Error::Template {
            template: (*name).to_owned(),
            message: e.to_string(),
        })?;
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| template_error(name, &e))?;
        let text = tmpl.render(ctx).map_err(|e| template_error(name, &e))?;
        Ok(RenderedFile {
            path: job.path.clone(),
            template: (*name).to_owned(),
            kind: job.kind,
            sources: job.sources.clone(),
            text,
            vetted: self.vetted,
        })
    }
}

/// One file to produce.
#[derive(Debug, Clone)]
pub struct Job {
    source: JobSource,
    /// Path inside the output directory.
    pub path: String,
    kind: FileKind,
    sources: Vec<String>,
}

impl Job {
    /// How much work the file is, roughly, by what its template lays out:
    /// an API's operations, then its models and its commands, then the
    /// crate's root, then the small files. Files are rendered heaviest
    /// first ([`Templates::map_jobs`]).
    pub fn weight(&self) -> usize {
        let JobSource::Template { name, .. } = &self.source;
        match *name {
            "api/operations.rs.j2" => 3,
            "api/models.rs.j2" | "api/cli.rs.j2" => 2,
            "lib.rs.j2" => 1,
            _ => 0,
        }
    }
}

#[derive(Debug, Clone)]
enum JobSource {
    /// A template rendered with a context: the view of the crate or of one
    /// API, or why the view could not be built (reported when rendered).
    Template {
        name: &'static str,
        ctx: Result<Value, ViewError>,
    },
}

/// The contexts of an API's files: its own files, and the parts split
/// from them by feature ([`view::PartOf`]), each with its module name.
struct ApiContexts {
    main: Value,
    parts: Vec<(PartOf, String, Value)>,
}

/// The context of an API's templates: its view, its command line's view
/// ([`crate::cli`]), and the crate's name in Rust paths (for doc examples);
/// and the context of each of its parts (the view of the part, the name).
fn api_context(krate: &Crate, api: &crate::ir::Api) -> Result<ApiContexts, ViewError> {
    let (view, parts) = ApiView::new(api, &krate.lib_name)?.split(api);
    let main = minijinja::context! {
        api => Value::from(minijinja::value::Serde(&view)),
        lib_name => &krate.lib_name,
        cli => Value::from(minijinja::value::Serde(crate::cli::cli_api(krate, api))),
    };
    let parts = (parts.into_iter())
        .map(|part| {
            let ctx = minijinja::context! {
                api => Value::from(minijinja::value::Serde(&part.view)),
                lib_name => &krate.lib_name,
            };
            (part.of, part.module, ctx)
        })
        .collect();
    Ok(ApiContexts { main, parts })
}

fn template_error(template: &str, e: &minijinja::Error) -> Error {
    let mut message = e.to_string();
    if let Some(line) = e.line() {
        message = format!("line {line}: {message}");
    }
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    Error::Template {
        template: template.to_owned(),
        message,
    }
}

fn invalid(message: String) -> minijinja::Error {
    minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, message)
}

/// `{{ name | ident }}`: the name as a Rust identifier, raw when it was
/// escaped as one; an error for anything that is not an identifier.
///
/// The same rules syn applies to an identifier (XID characters, no
/// keyword unless raw, and no raw `self`, `Self`, `super`, `crate` or `_`),
/// checked without lexing: this filter runs for every name of every file.
/// A valid name is handed back as the value it came in, neither copied nor
/// formatted.
fn ident(name: Value) -> Result<Value, minijinja::Error> {
    match name.as_str() {
        Some(text) if is_ident(text) => Ok(name),
        _ => Err(invalid(format!("`{name}` is not a valid Rust identifier"))),
    }
}

/// Whether syn accepts `name` as an identifier.
fn is_ident(name: &str) -> bool {
    match name.strip_prefix("r#") {
        Some(raw) => xid(raw) && !matches!(raw, "self" | "Self" | "super" | "crate" | "_"),
        None => xid(name) && !is_keyword(name),
    }
}

/// Whether `text` is made of identifier characters, as syn requires.
fn xid(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|first| first == '_' || unicode_ident::is_xid_start(first))
        && chars.all(unicode_ident::is_xid_continue)
}

/// The words syn refuses as a plain identifier (its `accept_as_ident`).
fn is_keyword(text: &str) -> bool {
    matches!(
        text,
        "_" | "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "Self"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

/// `{{ text | lit_str }}`: a Rust string literal, exactly as proc-macro2's
/// `Literal::string` writes it, without building a token: printable ASCII
/// as it is (an apostrophe too), `\0` as `\0` (`\x00` before an octal
/// digit), and every other character as `char::escape_debug` writes it.
pub(crate) fn lit_str(text: &str) -> String {
    let mut literal = String::with_capacity(text.len() + 2);
    literal.push('"');
    // Runs of characters written as they are are copied whole.
    let mut run = 0;
    for (at, ch) in text.char_indices() {
        if matches!(ch, ' '..='~') && !matches!(ch, '"' | '\\') {
            continue;
        }
        literal.push_str(&text[run..at]);
        run = at + ch.len_utf8();
        match ch {
            '\0' if text[run..].starts_with(|next: char| ('0'..='7').contains(&next)) => {
                literal.push_str("\\x00");
            }
            '\0' => literal.push_str("\\0"),
            _ => literal.extend(ch.escape_debug()),
        }
    }
    literal.push_str(&text[run..]);
    literal.push('"');
    literal
}

/// `{{ optional | some_str }}`: `Some("...")` or `None`.
fn some_str(value: Option<&str>) -> String {
    match value {
        Some(text) => format!("Some({})", lit_str(text)),
        None => "None".to_owned(),
    }
}

/// `{{ lines | doc }}`: each line as a `///` comment, or as a `#[doc]`
/// attribute where a comment cannot hold it.
fn doc(lines: Value) -> Result<String, minijinja::Error> {
    doc_lines(&lines, "///", "#")
}

/// `{{ lines | doc_inner }}`: each line as a `//!` comment, or as a
/// `#![doc]` attribute where a comment cannot hold it.
fn doc_inner(lines: Value) -> Result<String, minijinja::Error> {
    doc_lines(&lines, "//!", "#!")
}

/// The lines of a list of strings as doc comments (`style`), read without
/// copying them. A line with a line break or carriage return in it (which
/// a comment cannot hold) or an outer doc line starting with `/` (`////`
/// is a plain comment) becomes an attribute (`pound[doc = "..."]`).
fn doc_lines(lines: &Value, style: &str, pound: &str) -> Result<String, minijinja::Error> {
    let mut out = String::new();
    for line in lines.try_iter()? {
        let text = line.as_str().ok_or_else(|| {
            minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                "doc lines must be strings",
            )
        })?;
        if text.contains(['\r', '\n']) || (style == "///" && text.starts_with('/')) {
            out.push_str(pound);
            out.push_str("[doc = ");
            out.push_str(&lit_str(&format!(" {text}")));
            out.push_str("]\n");
            continue;
        }
        out.push_str(style);
        if !text.is_empty() {
            out.push(' ');
            out.push_str(text.trim_end_matches(' '));
        }
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The repository's templates are the embedded ones, so what they
    /// write skips the parse in the format stage; a changed copy is not.
    #[test]
    fn only_the_generators_own_templates_are_vetted() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates");
        assert!(Templates::load(&dir).unwrap().vetted);
        assert!(Templates::embedded().unwrap().vetted);
        let changed = Templates::from_sources(|name| {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            Ok(if name == "lib.rs.j2" {
                text + "\n"
            } else {
                text
            })
        });
        assert!(!changed.unwrap().vetted);
    }

    /// Doc lines are comments, except what a comment cannot hold.
    #[test]
    fn doc_lines_are_comments_where_they_can_be() {
        let lines = Value::from_iter(["A \"quoted\" line.  ", "", "/etc/hosts", "a\rb", "c\nd"]);
        assert_eq!(
            doc(lines.clone()).unwrap(),
            "/// A \"quoted\" line.\n///\n#[doc = \" /etc/hosts\"]\n#[doc = \" a\\rb\"]\n#[doc = \" c\\nd\"]\n"
        );
        assert_eq!(
            doc_inner(lines).unwrap(),
            "//! A \"quoted\" line.\n//!\n//! /etc/hosts\n#![doc = \" a\\rb\"]\n#![doc = \" c\\nd\"]\n"
        );
        assert!(doc(Value::from(1)).is_err());
    }

    #[test]
    fn ident_accepts_raw_and_rejects_garbage() {
        let ident = |name: &str| ident(Value::from(name)).map(|v| v.to_string());
        assert_eq!(ident("r#type").unwrap(), "r#type");
        assert_eq!(ident("name").unwrap(), "name");
        assert!(ident("not valid").is_err());
        assert!(ident("9lives").is_err());
        assert!(ident("r#self").is_err());
        // Only a string is a name.
        assert!(super::ident(Value::from(3)).is_err());
        assert!(super::ident(Value::from(true)).is_err());
    }

    /// The filter accepts exactly what syn accepts as an identifier, and
    /// prints it as proc-macro2 would.
    #[test]
    fn ident_agrees_with_syn() {
        let names = [
            "a",
            "_a",
            "_",
            "__",
            "a1",
            "1a",
            "type",
            "r#type",
            "r#self",
            "r#Self",
            "r#super",
            "r#crate",
            "r#_",
            "r#",
            "",
            "Self",
            "self",
            "crate",
            "super",
            "async",
            "gen",
            "union",
            "naïve",
            "日本",
            "a-b",
            "a b",
            "r#a",
            "r#a b",
            "a::b",
            "yield",
            "dyn",
            "try",
            "\u{0}",
            "r#r#a",
            "ab'",
            "é",
            "_1",
            "r#fn",
            "macro_rules",
            "Self_",
            "abstract",
        ];
        for name in names {
            let by_syn = syn::parse_str::<syn::Ident>(name)
                .ok()
                .filter(|_| !name.is_empty())
                .map(|i| i.to_string());
            let by_filter = ident(Value::from(name)).ok().map(|v| v.to_string());
            assert_eq!(by_filter, by_syn, "{name:?}");
        }
    }

    #[test]
    fn literals_are_escaped() {
        assert_eq!(lit_str("a \"b\"\n"), "\"a \\\"b\\\"\\n\"");
        for text in [
            "",
            "plain text, `code` [link] {x} ~!@#$%^&*()",
            "it's",
            "'quoted' and \"quoted\"",
            "tab\t",
            "é",
            "\\",
            "\\n is not a newline",
            "line\nbreak\r\n",
            "\0",
            "\u{0}7 and \u{0}8 and \u{0}",
            "\u{1}\u{1f}\u{7f}\u{80}\u{a0}\u{ad}",
            "naïve café, 日本語, emoji 🦀",
            "combining e\u{301} and \u{301} alone",
            "zero\u{200b}width and\u{feff}bom",
            "\u{2028}\u{2029}",
            "\u{10ffff}\u{e000}",
        ] {
            assert_eq!(
                lit_str(text),
                proc_macro2::Literal::string(text).to_string()
            );
        }
    }

    /// An IR that breaks its own rules (a type naming a model the table
    /// lacks) stops rendering with a named error; it never renders.
    #[test]
    fn a_view_that_cannot_be_built_is_a_template_error() {
        use crate::ir::{Model, ModelId, ModelKind, TypeRef};
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates");
        let templates = Templates::load(&dir).unwrap_or_else(|e| panic!("{e}"));
        let api = crate::ir::Api {
            module: "v1".into(),
            source: "spec.yaml".into(),
            title: "Things".into(),
            version: "1".into(),
            docs: Vec::new(),
            server_lists: Vec::new(),
            groups: Vec::new(),
            mock: "Mock".into(),
            mock_example: None,
            operations: Vec::new(),
            models: vec![Model {
                wire_name: "Thing".into(),
                rust_name: "Thing".into(),
                docs: Vec::new(),
                kind: ModelKind::Alias {
                    target: TypeRef::Model(ModelId::new(3)),
                },
                features: Vec::new(),
            }],
            warnings: Vec::new(),
        };
        let krate = Crate {
            package: "things".into(),
            lib_name: "things".into(),
            version: "0.1.0".into(),
            description: "Things.".into(),
            runtime: crate::ir::RuntimeDependency {
                path: "../runtime".into(),
                package: None,
                version: "0.1.0".into(),
            },
            profile: crate::ir::Profile {
                name: "Things".into(),
                user_agent: "things".into(),
                site_variable: None,
                site_env: None,
                tracing_target: "things".into(),
                span_name: "request".into(),
            },
            sites: vec![crate::ir::Site {
                wire_name: "default".into(),
                rust_name: "Default".into(),
                default: true,
            }],
            credentials: Vec::new(),
            servers: Default::default(),
            apis: vec![api],
            recursion_limit: None,
            features: None,
        };
        let jobs = templates.jobs(&krate);
        let models = jobs
            .iter()
            .find(|j| j.path == "src/v1/models.rs")
            .expect("a models job");
        match templates.render(models) {
            Err(Error::Template { template, message }) => {
                assert_eq!(template, "api/models.rs.j2");
                assert!(message.contains("model #3,"), "{message}");
            }
            other => panic!("expected a template error, got {other:?}"),
        }
        // The crate-wide files do not depend on the API's types.
        let lib = jobs
            .iter()
            .find(|j| j.path == "src/lib.rs")
            .expect("lib.rs");
        let lib = templates.render(lib).unwrap_or_else(|e| panic!("{e}"));
        assert!(lib.text.contains("default_site: 0,"), "{}", lib.text);
    }
}
