//! The doc comment of an operation's method, assembled from the IR.

use super::types::TypeLowerer;
use crate::docs;
use crate::ir::{Operation, Permission, PermissionOperator, ResponseDoc};

/// The full doc comment of an operation's method: summary and description,
/// then the request line, arguments, permission, sites where it is not
/// available, notes and errors. The template adds the Rust example; JSON
/// payloads are on the models they show.
pub(super) fn operation_docs(op: &Operation, types: &TypeLowerer<'_>) -> Vec<String> {
    let mut out = op.docs.clone();
    out.push(String::new());
    out.push(format!(
        "`{} {}` (operation `{}`)",
        op.method.as_str(),
        op.path,
        op.id
    ));
    argument_docs(op, types, &mut out);
    if let Some(permission) = &op.permission {
        out.push(String::new());
        out.push("# Permissions".into());
        out.push(String::new());
        out.push(permission_sentence(permission));
    }
    // Available everywhere is the rule, said once in the module's docs.
    if !op.unavailable_sites.is_empty() {
        let names: Vec<String> = op
            .unavailable_sites
            .iter()
            .map(|s| format!("`{s}`"))
            .collect();
        out.push(String::new());
        out.push("# Availability".into());
        out.push(String::new());
        out.push(format!(
            "Not available on {}: with one of these sites configured the call fails with [`Error::SiteUnavailable`](crate::Error::SiteUnavailable) before any request is sent.",
            names.join(", ")
        ));
    }
    if !op.notes.is_empty() {
        out.push(String::new());
        out.push("# Notes".into());
        for note in &op.notes {
            out.push(String::new());
            out.push(note.clone());
        }
    }
    let errors: Vec<&ResponseDoc> = op
        .responses
        .iter()
        .filter(|r| !r.status.starts_with('2'))
        .collect();
    if !errors.is_empty() {
        out.push(String::new());
        out.push("# Errors".into());
        out.push(String::new());
        for r in errors {
            let body =
                r.ty.as_ref()
                    .map(|t| format!(", body {}", type_link(t, types)))
                    .unwrap_or_default();
            out.push(format!(
                "- `{}`: {}{body}",
                r.status,
                docs::lines(&r.description)
                    .into_iter()
                    .next()
                    .unwrap_or_default()
            ));
        }
    }
    out
}

/// What the caller needs, as a sentence.
fn permission_sentence(permission: &Permission) -> String {
    let names: Vec<String> = permission
        .permissions
        .iter()
        .map(|p| format!("`{p}`"))
        .collect();
    match (names.len(), permission.operator) {
        (_, PermissionOperator::Open) => "No permission is needed.".to_owned(),
        (1, _) => format!("Requires the {} permission.", names[0]),
        (_, PermissionOperator::And) => {
            format!("Requires all of these permissions: {}.", names.join(", "))
        }
        _ => format!(
            "Requires any one of these permissions: {}.",
            names.join(", ")
        ),
    }
}

/// A `# Arguments` section: each path parameter's description, then the
/// params struct and the body.
fn argument_docs(op: &Operation, types: &TypeLowerer<'_>, out: &mut Vec<String>) {
    let mut lines = Vec::new();
    for p in &op.path_params {
        let first = p.docs.first().cloned().unwrap_or_default();
        lines.push(format!(
            "- `{}`: {first}",
            p.rust_name.trim_start_matches("r#")
        ));
    }
    if let Some(q) = &op.params {
        lines.push(format!(
            "- `params`: the query parameters, see [`{}`].",
            q.rust_name
        ));
    }
    if let Some(b) = &op.body {
        let first = b
            .docs
            .first()
            .cloned()
            .unwrap_or_else(|| "The request body.".to_owned());
        let ty = match &b.ty {
            crate::ir::TypeRef::Model(_) => format!(" ({})", type_link(&b.ty, types)),
            _ => String::new(),
        };
        lines.push(format!("- `body`{ty}: {first}"));
    }
    if !lines.is_empty() {
        out.push(String::new());
        out.push("# Arguments".into());
        out.push(String::new());
        out.extend(lines);
    }
}

/// A type in prose: a link when it is a model, code otherwise.
fn type_link(ty: &crate::ir::TypeRef, types: &TypeLowerer<'_>) -> String {
    match ty {
        crate::ir::TypeRef::Model(_) => format!("[`{}`]", types.display(ty)),
        _ => format!("`{}`", types.display(ty)),
    }
}
