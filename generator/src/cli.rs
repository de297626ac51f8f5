//! The command line of a generated client, as a view of the IR: what the
//! `cli` templates lay out, every choice made here.
//!
//! Each operation becomes a subcommand `<module> <operation>`, the
//! operationId in kebab-case; each parameter a `--flag`, its Rust name in
//! kebab-case (a flag the command line itself uses, such as `--body`, gets a
//! `-param` suffix); the body `--body FILE`. The runtime's `cli` module does
//! the parsing and printing from this data; the generated code of an
//! operation only reads its arguments into the operation's own types and
//! calls its method.

use std::collections::BTreeSet;

use heck::ToKebabCase;
use serde::Serialize;

use crate::ir::{
    Api, BodyEncoding, Crate, CredentialKind, ModelId, ModelKind, Operation, Param, Success,
    TypeRef,
};
use crate::naming::path_var;

/// Flags of the command line itself, which a parameter may not take.
const RESERVED_FLAGS: &[&str] = &[
    "help", "version", "base-url", "auth", "output", "param", "body", "file", "all",
];

/// The command line of one API module.
#[derive(Debug, Clone, Serialize)]
pub struct CliApi {
    /// The operations that become subcommands, in the spec's order.
    pub commands: Vec<CliCommand>,
}

/// One operation as a subcommand.
#[derive(Debug, Clone, Serialize)]
pub struct CliCommand {
    /// The subcommand, the operationId in kebab-case.
    pub name: String,
    /// The operation's id.
    pub operation_id: String,
    /// Whether it must be enabled as unstable first (the command line does
    /// it: calling it is the choice).
    pub unstable: bool,
    /// The short help: the operation's summary.
    pub summary: String,
    /// The long help: the operation's docs up to its first section.
    pub description: String,
    /// The credentials it sends, for the help.
    pub credentials: String,
    /// The API struct whose method it calls.
    pub group: String,
    /// The method, which also names the function that runs it.
    pub method: String,
    /// Whether the method is deprecated (the call then allows it).
    pub deprecated: bool,
    /// Path parameters, read into local variables.
    pub path_args: Vec<CliArg>,
    /// The params struct and its fields, if any.
    pub params: Option<CliParams>,
    /// Every parameter's flag data, path parameters first.
    pub flags: Vec<CliFlag>,
    /// The body, if any.
    pub body: Option<CliBody>,
    /// The expression of the call's arguments after `&self`.
    pub call_args: String,
    /// The runtime method that prints the success (`print_json`, ...).
    pub print: String,
    /// Whether `print` is async (it reads a stream of events).
    pub print_awaits: bool,
    /// The stream method that `--all` follows, if the operation pages.
    pub stream_fn: Option<String>,
    /// The `#[cfg(…)]` of its entry and function (its group's feature), or
    /// nothing.
    pub cfg: String,
}

/// A parameter's flag.
#[derive(Debug, Clone, Serialize)]
pub struct CliFlag {
    /// The flag without dashes.
    pub flag: String,
    /// The name in the spec.
    pub name: String,
    /// Where it goes and its first line of docs.
    pub help: String,
    /// Whether it is required.
    pub required: bool,
    /// Whether it takes several values.
    pub list: bool,
}

/// A path parameter read into a local variable.
#[derive(Debug, Clone, Serialize)]
pub struct CliArg {
    /// The local variable.
    pub var: String,
    /// Its owned Rust type.
    pub ty: String,
    /// The reading expression, e.g. `call.required("key-id")?`.
    pub read: String,
}

/// The params struct, built field by field.
#[derive(Debug, Clone, Serialize)]
pub struct CliParams {
    /// The struct's path from the module, e.g. `ListApiKeysParams`.
    pub rust_name: String,
    /// Its fields.
    pub fields: Vec<CliField>,
}

/// One field of the params struct.
#[derive(Debug, Clone, Serialize)]
pub struct CliField {
    /// The field.
    pub field: String,
    /// The reading expression.
    pub read: String,
}

/// The request body.
#[derive(Debug, Clone, Serialize)]
pub struct CliBody {
    /// Whether the operation requires it.
    pub required: bool,
    /// The help: media type and type.
    pub help: String,
    /// Whether it is multipart (files come with `--file`).
    pub multipart: bool,
    /// The reading expression, an `Option` of the body type.
    pub read: String,
}

/// The command line of `api`, in `krate`.
pub fn cli_api(krate: &Crate, api: &Api) -> CliApi {
    let mut names = BTreeSet::new();
    let commands = api
        .groups
        .iter()
        .flat_map(|group| {
            group
                .operations
                .iter()
                .filter_map(move |&id| Some((group, id.get(&api.operations)?)))
        })
        .map(|(group, op)| {
            let name = unique(&mut names, op.id.to_kebab_case());
            let mut command = command(krate, api, &group.rust_name, op, name);
            command.cfg = crate::render::view::cfg_any(group.feature.as_slice());
            command
        })
        .collect();
    CliApi { commands }
}

/// `name`, or `name-2`, `name-3`... when taken.
fn unique(taken: &mut BTreeSet<String>, name: String) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{name}-{n}");
        n += 1;
    }
    candidate
}

fn command(krate: &Crate, api: &Api, group: &str, op: &Operation, name: String) -> CliCommand {
    let rust = |ty: &TypeRef| type_text(api, ty);
    let mut flags_taken: BTreeSet<String> =
        RESERVED_FLAGS.iter().map(|f| (*f).to_owned()).collect();
    let mut flags = Vec::new();
    let mut path_args = Vec::new();
    for p in &op.path_params {
        let flag = flag_name(&mut flags_taken, &p.rust_name);
        let (ty, list) = path_value(p);
        let getter = if list { "required_list" } else { "required" };
        path_args.push(CliArg {
            var: path_var(&p.rust_name),
            ty: rust(&ty),
            read: format!("call.{getter}({})?", literal(&flag)),
        });
        flags.push(cli_flag(api, p, flag, "path", true, list));
    }
    let params = op.params.as_ref().map(|q| CliParams {
        rust_name: q.rust_name.clone(),
        fields: q
            .params
            .iter()
            .map(|p| {
                let flag = flag_name(&mut flags_taken, &p.rust_name);
                let list = matches!(p.ty, TypeRef::List(_));
                let getter = match (p.required(), list) {
                    (true, false) => "required",
                    (true, true) => "required_list",
                    (false, false) => "optional",
                    (false, true) => "optional_list",
                };
                let read = format!("call.{getter}({})?", literal(&flag));
                flags.push(cli_flag(api, p, flag, location_name(p), p.required(), list));
                CliField {
                    field: p.rust_name.clone(),
                    read,
                }
            })
            .collect(),
    });
    let body = op.body.as_ref().map(|b| body(api, b));
    CliCommand {
        summary: op.docs.first().cloned().unwrap_or_default(),
        description: description(op),
        credentials: credentials(krate, op),
        group: group.to_owned(),
        method: op.fn_name.clone(),
        deprecated: op.deprecated.is_some(),
        call_args: call_args(op),
        print: print_method(&op.success).to_owned(),
        print_awaits: matches!(op.success, Success::EventStream { .. }),
        stream_fn: op.pagination.as_ref().map(|p| p.fn_name.clone()),
        operation_id: op.id.clone(),
        unstable: op.unstable,
        name,
        path_args,
        params,
        flags,
        body,
        cfg: String::new(),
    }
}

/// A path parameter's owned type, and whether it is a list.
fn path_value(p: &Param) -> (TypeRef, bool) {
    match p.arg_ty().as_ref().unwrap_or(&p.ty) {
        TypeRef::Str => (TypeRef::STRING, false),
        TypeRef::Slice(item) => (TypeRef::List(item.clone()), true),
        other => (other.clone(), false),
    }
}

/// The arguments of the method call: path variables (borrowed where the
/// method takes a reference), `params`, `body`.
fn call_args(op: &Operation) -> String {
    let mut args: Vec<String> = op
        .path_params
        .iter()
        .map(|p| match p.arg_ty().as_ref().unwrap_or(&p.ty) {
            TypeRef::Str | TypeRef::Slice(_) => format!("&{}", path_var(&p.rust_name)),
            _ => path_var(&p.rust_name),
        })
        .collect();
    if op.params.is_some() {
        args.push("params".to_owned());
    }
    if op.body.is_some() {
        args.push("body".to_owned());
    }
    args.join(", ")
}

fn print_method(success: &Success) -> &'static str {
    match success {
        Success::Json { .. } => "print_json",
        Success::Text { .. } => "print_text",
        Success::Bytes { .. } => "print_bytes",
        Success::EventStream { .. } => "print_events",
        Success::Empty { .. } => "print_empty",
    }
}

fn body(api: &Api, b: &crate::ir::Body) -> CliBody {
    let ty = type_text(api, &b.ty);
    let read = match b.encoding {
        BodyEncoding::Json | BodyEncoding::Form => format!("call.body::<{ty}>()?"),
        BodyEncoding::Multipart => {
            let files: Vec<String> = b
                .parts
                .iter()
                .filter(|p| p.kind != crate::ir::PartKind::Field)
                .map(|p| literal(&p.wire_name))
                .collect();
            format!("call.multipart_body::<{ty}>(&[{}])?", files.join(", "))
        }
        BodyEncoding::Text => "call.text_body()?".to_owned(),
        BodyEncoding::Bytes => "call.bytes_body()?".to_owned(),
        BodyEncoding::Raw => format!("call.raw_body({})?", literal(&b.content_type)),
    };
    let read = if b.required {
        format!("call.need({read})?")
    } else {
        read
    };
    CliBody {
        required: b.required,
        help: format!("{}, {ty}", b.content_type),
        multipart: b.encoding == BodyEncoding::Multipart,
        read,
    }
}

/// A flag for `rust_name`, unique in the command.
fn flag_name(taken: &mut BTreeSet<String>, rust_name: &str) -> String {
    let base = rust_name.trim_start_matches("r#").to_kebab_case();
    let base = if RESERVED_FLAGS.contains(&base.as_str()) {
        format!("{base}-param")
    } else {
        base
    };
    unique(taken, base)
}

fn cli_flag(
    api: &Api,
    p: &Param,
    flag: String,
    location: &str,
    required: bool,
    list: bool,
) -> CliFlag {
    let first = p.docs.first().map(String::as_str).unwrap_or_default();
    let mut help = if first.is_empty() {
        format!("{location} parameter `{}`", p.wire_name)
    } else {
        format!("{location} parameter `{}`: {first}", p.wire_name)
    };
    if let Some(values) = listed_values(api, &p.ty) {
        help.push_str(&format!(" [values: {}]", values.join(", ")));
    }
    CliFlag {
        flag,
        name: p.wire_name.clone(),
        help,
        required,
        list,
    }
}

/// The values a string enum parameter (or each item of a list of them)
/// lists, as given on the command line: the help shows them, since the
/// flag takes any text (an enum keeps a value it does not list). A value
/// that is empty or holds a space or comma is quoted.
fn listed_values(api: &Api, ty: &TypeRef) -> Option<Vec<String>> {
    match ty.unwrapped() {
        TypeRef::List(inner) => listed_values(api, inner),
        TypeRef::Model(id) => match &id.get(&api.models)?.kind {
            ModelKind::StringEnum { variants, .. } if !variants.is_empty() => {
                let shown = |value: &str| {
                    if value.is_empty() || value.contains([' ', ',']) {
                        format!("{value:?}")
                    } else {
                        value.to_owned()
                    }
                };
                Some(variants.iter().map(|v| shown(&v.wire_name)).collect())
            }
            ModelKind::Alias { target } => listed_values(api, target),
            _ => None,
        },
        _ => None,
    }
}

fn location_name(p: &Param) -> &'static str {
    use crate::ir::ParamLocation as L;
    match p.location {
        L::Path | L::PathList | L::PathObject | L::PathObjectExploded => "path",
        L::Query
        | L::QueryCommaSeparated
        | L::QueryRepeated
        | L::QuerySpaceDelimited
        | L::QueryPipeDelimited
        | L::QueryDeepObjectList
        | L::QueryDeepObject
        | L::QueryFormObject
        | L::QueryJson => "query",
        L::Header | L::HeaderList => "header",
        L::Cookie => "cookie",
    }
}

/// The docs before the first section heading.
fn description(op: &Operation) -> String {
    let lines: Vec<&str> = op
        .docs
        .iter()
        .map(String::as_str)
        .take_while(|line| !line.starts_with("# "))
        .collect();
    lines.join("\n").trim().to_owned()
}

/// The credentials an operation sends, for its help: each alternative's
/// schemes (joined by `+`, sent together), the alternatives joined by
/// `or`, each scheme with how the command line takes it.
fn credentials(krate: &Crate, op: &Operation) -> String {
    let scheme = |scheme: &str| {
        let credential = krate.credentials.iter().find(|c| c.scheme == scheme);
        let value = match credential.map(|c| &c.kind) {
            Some(CredentialKind::Basic) => "USER:PASSWORD",
            Some(CredentialKind::ApiKey { .. }) => "KEY",
            _ => "TOKEN",
        };
        match credential.filter(|c| !c.env.is_empty()) {
            Some(c) => format!(
                "{scheme} (--auth {scheme}={value}, or {})",
                c.env.join(" and ")
            ),
            None => format!("{scheme} (--auth {scheme}={value})"),
        }
    };
    let alternatives: Vec<String> = op
        .security
        .iter()
        .map(|alternative| {
            if alternative.is_empty() {
                return "none (optional)".to_owned();
            }
            let schemes: Vec<String> = alternative.iter().map(|r| scheme(&r.scheme)).collect();
            schemes.join(" + ")
        })
        .collect();
    alternatives.join(", or ")
}

/// A type as Rust, models named from the API's table.
fn type_text(api: &Api, ty: &TypeRef) -> String {
    let name_of = |id: ModelId| id.get(&api.models).map(|m| m.rust_name.clone());
    // Every model id in the IR is in its table (lowering made both).
    ty.to_rust(&name_of)
        .unwrap_or_else(|| "::serde_json::Value".to_owned())
}

fn literal(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}
