//! Stage 3, **render**: the IR laid out through minijinja templates.
//!
//! The crate's file layout is the list in [`Templates::jobs`]:
//! which template makes which file. Templates see only the IR. Names and
//! literals go through filters backed by proc-macro2, so an emitted
//! identifier is always a valid one and a string literal is always escaped:
//!
//! - `ident`: a Rust identifier (raw `r#type` kept), rejected if invalid;
//! - `lit_str`: a string literal, quoted and escaped;
//! - `rust`: an IR [`TypeRef`] as Rust, models named from the API's table
//!   (the one place a type becomes text, [`TypeRef::to_rust`]);
//!   `ty | rust(shape)` is the type held in a [`FieldShape`] (a field's
//!   or parameter's whole type);
//! - `accept`: a [`Success`]'s `Accept` header ([`Success::accept`]);
//! - the test `required`: a field or parameter whose shape says it is
//!   always present (`p is required`);
//! - `template_text`: a parsed URL template as the spec wrote it;
//! - `doc`: doc lines as `#[doc = "..."]` attributes.
//!
//! Undefined values are errors (strict undefined), and every branch over a
//! typed IR variant ends in `fail(...)`, so a variant a template does not
//! handle stops rendering instead of silently producing other code.

use std::path::Path;

use minijinja::{Environment, State, Value};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::ir::{Api, Crate, FieldShape, ModelId, Sample, Success, TypeRef, UrlTemplate};

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
        env.add_filter("rust", rust);
        env.add_filter("sample", sample);
        env.add_filter("template_text", template_text);
        env.add_filter("some_str", some_str);
        env.add_filter("accept", accept);
        env.add_test("required", required);
        env.add_function("fail", fail);
        env.add_filter("doc", doc);
        env.add_filter("doc_inner", doc_inner);
        for name in TEMPLATES {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path).map_err(|e| Error::Template {
                template: path.display().to_string(),
                message: e.to_string(),
            })?;
            env.add_template_owned(name.to_string(), text)
                .map_err(|e| template_error(name, &e))?;
        }
        Ok(Templates { env })
    }

    /// Renders every file of the crate.
    pub fn render_crate(&self, krate: &Crate) -> Result<Vec<RenderedFile>> {
        crate::parallel::map(&self.jobs(krate), |job| self.render(job))
            .into_iter()
            .collect()
    }

    /// What to render for `krate`: the file layout of the generated crate,
    /// one job per file, in a fixed order.
    // long: render.rs is being reworked on the templates branch (issue 16)
    pub fn jobs(&self, krate: &Crate) -> Vec<Job> {
        let all_sources: Vec<String> = krate.apis.iter().map(|a| a.source.clone()).collect();
        let ctx = Value::from(minijinja::value::Serde(krate));
        let job =
            |template: &'static str, path: String, kind, sources: &[String], ctx: &Value| Job {
                source: JobSource::Template {
                    name: template,
                    ctx: ctx.clone(),
                },
                path,
                kind,
                sources: sources.to_vec(),
            };
        let mut jobs = vec![
            job(
                "Cargo.toml.j2",
                "Cargo.toml".into(),
                FileKind::Text,
                &all_sources,
                &ctx,
            ),
            job(
                "rustfmt.toml.j2",
                "rustfmt.toml".into(),
                FileKind::Text,
                &all_sources,
                &ctx,
            ),
            job(
                "lib.rs.j2",
                "src/lib.rs".into(),
                FileKind::Rust,
                &all_sources,
                &ctx,
            ),
            job(
                "mock.rs.j2",
                "src/mock.rs".into(),
                FileKind::Rust,
                &all_sources,
                &ctx,
            ),
            job(
                "cli.rs.j2",
                "src/cli.rs".into(),
                FileKind::Rust,
                &all_sources,
                &ctx,
            ),
            job(
                "cli_main.rs.j2",
                "src/bin/cli.rs".into(),
                FileKind::Rust,
                &all_sources,
                &ctx,
            ),
        ];
        for api in &krate.apis {
            let ctx = api_context(krate, api);
            let sources = vec![api.source.clone()];
            let m = &api.module;
            jobs.push(job(
                "api/mod.rs.j2",
                format!("src/{m}/mod.rs"),
                FileKind::Rust,
                &sources,
                &ctx,
            ));
            jobs.push(job(
                "api/models.rs.j2",
                format!("src/{m}/models.rs"),
                FileKind::Rust,
                &sources,
                &ctx,
            ));
            // A spec of schemas only has no operations to lay out.
            if !api.operations.is_empty() {
                jobs.push(job(
                    "api/operations.rs.j2",
                    format!("src/{m}/api.rs"),
                    FileKind::Rust,
                    &sources,
                    &ctx,
                ));
                jobs.push(job(
                    "api/cli.rs.j2",
                    format!("src/{m}/cli.rs"),
                    FileKind::Rust,
                    &sources,
                    &ctx,
                ));
            }
        }
        jobs
    }

    /// Renders one file.
    pub fn render(&self, job: &Job) -> Result<RenderedFile> {
        let JobSource::Template { name, ctx } = &job.source;
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

#[derive(Debug, Clone)]
enum JobSource {
    /// A template rendered with a context.
    Template { name: &'static str, ctx: Value },
}

/// A template renders one API; serializing the whole crate again for every
/// API would convert every other API's IR for nothing.
fn api_context(krate: &Crate, api: &Api) -> Value {
    minijinja::context! {
        api => Value::from(minijinja::value::Serde(api)),
        lib_name => &krate.lib_name,
        cli => Value::from(minijinja::value::Serde(crate::cli::cli_api(krate, api))),
    }
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
fn ident(name: String) -> Result<String, minijinja::Error> {
    let ident = match name.strip_prefix("r#") {
        Some(raw) if syn::parse_str::<syn::Ident>(&name).is_ok() => {
            proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site())
        }
        None if syn::parse_str::<syn::Ident>(&name).is_ok() => {
            proc_macro2::Ident::new(&name, proc_macro2::Span::call_site())
        }
        _ => return Err(invalid(format!("`{name}` is not a valid Rust identifier"))),
    };
    Ok(ident.to_string())
}

/// `{{ text | lit_str }}`: a Rust string literal.
fn lit_str(text: String) -> String {
    proc_macro2::Literal::string(&text).to_string()
}

/// `{{ ty | rust }}`: an IR type as Rust. Model ids are looked up in the
/// `api.models` table of the template's context. `{{ ty | rust(shape) }}`:
/// the type held in that [`FieldShape`] (`Option<T>` when optional).
fn rust(state: &State, ty: Value, shape: Option<Value>) -> Result<String, minijinja::Error> {
    let mut ty = TypeRef::deserialize(ty)?;
    if let Some(shape) = shape {
        ty = FieldShape::deserialize(shape)?.wrap(ty);
    }
    let models = state
        .lookup("api")
        .and_then(|api| api.get_attr("models").ok())
        .ok_or_else(|| invalid("`rust` needs `api.models` in the context".into()))?;
    let name_of = |id: ModelId| {
        models
            .get_item(&Value::from(id.index()))
            .ok()
            .and_then(|m| m.get_attr("rust_name").ok())
            .and_then(|n| n.as_str().map(str::to_owned))
    };
    ty.to_rust(&name_of)
        .ok_or_else(|| invalid(format!("{ty:?} names a model that is not in the table")))
}

/// `{{ args | sample }}`: example values as Rust, comma-separated (a call's
/// arguments), with models named from `api.models` as by `rust`.
fn sample(state: &State, values: Value) -> Result<String, minijinja::Error> {
    let values = Vec::<Sample>::deserialize(values)?;
    let models = state
        .lookup("api")
        .and_then(|api| api.get_attr("models").ok())
        .ok_or_else(|| invalid("`sample` needs `api.models` in the context".into()))?;
    let name_of = |id: ModelId| {
        models
            .get_item(&Value::from(id.index()))
            .ok()
            .and_then(|m| m.get_attr("rust_name").ok())
            .and_then(|n| n.as_str().map(str::to_owned))
    };
    let lib = state
        .lookup("lib_name")
        .and_then(|n| n.as_str().map(str::to_owned))
        .ok_or_else(|| invalid("`sample` needs `lib_name` in the context".into()))?;
    let texts: Option<Vec<String>> = values.iter().map(|v| v.to_rust(&name_of, &lib)).collect();
    texts
        .map(|t| t.join(", "))
        .ok_or_else(|| invalid("an example names a model that is not in the table".into()))
}

/// `{{ op.success | accept }}`: the `Accept` header of an operation.
fn accept(success: Value) -> Result<String, minijinja::Error> {
    Ok(Success::deserialize(success)?.accept())
}

/// `{% if p is required %}`: whether a field or parameter's shape says it
/// is always present.
fn required(item: Value) -> Result<bool, minijinja::Error> {
    Ok(FieldShape::deserialize(item.get_attr("shape")?)?.is_required())
}

/// `{{ template | template_text }}`: a parsed URL template as written.
fn template_text(template: Value) -> Result<String, minijinja::Error> {
    Ok(UrlTemplate::deserialize(template)?.to_string())
}

/// `{{ optional | some_str }}`: `Some("...")` or `None`.
fn some_str(value: Option<String>) -> String {
    match value {
        Some(text) => format!("Some({})", lit_str(text)),
        None => "None".to_owned(),
    }
}

/// `{{ fail("...") }}`: stops rendering; ends every branch over a typed
/// variant, so an unhandled one is an error rather than other code.
fn fail(message: String) -> Result<String, minijinja::Error> {
    Err(invalid(message))
}

/// `{{ lines | doc }}`: each line as a `#[doc]` attribute, which
/// prettyplease prints as `///`.
fn doc(lines: Vec<String>) -> String {
    doc_attrs(&lines, "#")
}

/// `{{ lines | doc_inner }}`: each line as a `#![doc]` attribute (`//!`).
fn doc_inner(lines: Vec<String>) -> String {
    doc_attrs(&lines, "#!")
}

fn doc_attrs(lines: &[String], pound: &str) -> String {
    lines
        .iter()
        .map(|l| {
            let text = if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            };
            format!("{pound}[doc = {}]\n", lit_str(text))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ident_accepts_raw_and_rejects_garbage() {
        assert_eq!(ident("r#type".into()).unwrap(), "r#type");
        assert_eq!(ident("name".into()).unwrap(), "name");
        assert!(ident("not valid".into()).is_err());
        assert!(ident("9lives".into()).is_err());
        assert!(ident("r#self".into()).is_err());
    }

    #[test]
    fn literals_are_escaped() {
        assert_eq!(lit_str("a \"b\"\n".into()), "\"a \\\"b\\\"\\n\"");
    }

    #[test]
    fn types_render_with_model_names_and_unknown_variants_fail() {
        let mut env = Environment::new();
        env.add_filter("rust", rust);
        env.add_filter("sample", sample);
        env.add_function("fail", fail);
        let ty = TypeRef::List(Box::new(TypeRef::Option(Box::new(TypeRef::Model(
            ModelId::new(1),
        )))));
        let ctx = minijinja::context! {
            ty => Value::from(minijinja::value::Serde(&ty)),
            api => minijinja::context! { models => vec![
                minijinja::context! { rust_name => "A" },
                minijinja::context! { rust_name => "B" },
            ] },
        };
        let out = env.render_str("{{ ty | rust }}", ctx.clone()).unwrap();
        assert_eq!(out, "Vec<Option<B>>");
        let missing = minijinja::context! {
            ty => Value::from(minijinja::value::Serde(TypeRef::Model(ModelId::new(7)))),
            api => minijinja::context! { models => Vec::<Value>::new() },
        };
        assert!(env.render_str("{{ ty | rust }}", missing).is_err());
        let err = env
            .render_str(
                "{% if 1 == 2 %}x{% else %}{{ fail(\"unhandled\") }}{% endif %}",
                ctx,
            )
            .unwrap_err();
        assert!(err.to_string().contains("unhandled"), "{err}");
    }
}
