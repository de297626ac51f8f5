//! The doc comment of an operation's method, assembled from the IR.

use super::types::TypeLowerer;
use crate::docs;
use crate::ir::{Credential, Operation, Permission, PermissionOperator, Requirement, ResponseDoc};

/// The full doc comment of an operation's method: summary and description,
/// then the request line, arguments, credentials, permission, sites where
/// it is not available, notes and errors. The template adds the Rust example; JSON
/// payloads are on the models they show.
pub(super) fn operation_docs(
    op: &Operation,
    types: &TypeLowerer<'_>,
    credentials: &[Credential],
) -> Vec<String> {
    let mut out = op.docs.clone();
    out.push(String::new());
    out.push(format!(
        "`{} {}` (operation `{}`)",
        op.method.as_str(),
        op.path,
        op.id
    ));
    argument_docs(op, types, &mut out);
    credential_docs(&op.security, credentials, &mut out);
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

/// A `# Credentials` section: the security requirements, each a line
/// naming its schemes, the scopes and the `Configuration` method that sets
/// each. Nothing when the operation sends none.
fn credential_docs(
    security: &[Vec<Requirement>],
    credentials: &[Credential],
    out: &mut Vec<String>,
) {
    if security.is_empty() {
        return;
    }
    let optional = security.iter().any(Vec::is_empty);
    let lines: Vec<String> = security
        .iter()
        .filter(|alternative| !alternative.is_empty())
        .map(|alternative| {
            let parts: Vec<String> = alternative
                .iter()
                .map(|r| requirement_phrase(r, credentials))
                .collect();
            parts.join(" and ")
        })
        .collect();
    let otherwise = if optional {
        "else nothing (the spec makes the credentials optional)"
    } else {
        "else fails with [`Error::MissingCredential`](crate::Error::MissingCredential) before sending"
    };
    out.push(String::new());
    out.push("# Credentials".into());
    out.push(String::new());
    match lines.as_slice() {
        [] => out.push("Sends no credentials (the spec makes them optional).".to_owned()),
        [only] => out.push(format!("Sends {only} when configured, {otherwise}.")),
        _ => {
            out.push(format!(
                "Sends the first of these whose credentials are all configured, {otherwise}:"
            ));
            out.push(String::new());
            out.extend(lines.iter().map(|line| format!("- {line}")));
        }
    }
}

/// One scheme of a requirement in prose: its label, its scopes and its
/// setter.
fn requirement_phrase(requirement: &Requirement, credentials: &[Credential]) -> String {
    let Some(credential) = credentials.iter().find(|c| c.scheme == requirement.scheme) else {
        return format!("`{}`", requirement.scheme);
    };
    let scopes = if requirement.scopes.is_empty() {
        String::new()
    } else {
        let scopes: Vec<String> = requirement
            .scopes
            .iter()
            .map(|s| format!("`{s}`"))
            .collect();
        format!(" with the scopes {}", scopes.join(", "))
    };
    // An `oauth2` scheme with a client-credentials flow is set up by that
    // flow's method; a token set as it is stays possible.
    let setter = (credential.client_credentials_setter.as_ref()).unwrap_or(&credential.setter);
    format!(
        "the {}{scopes} ([`Configuration::{}`](crate::Configuration::{setter}))",
        credential.label,
        setter.trim_start_matches("r#")
    )
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
