//! Validation: what the later stages rely on and `openapiv3` does not
//! check (a version this generator reads, HTTP methods it knows, unique
//! operationIds, path templates that agree with their path parameters),
//! and the error of a document that does not read as OpenAPI.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, Parameter, ReferenceOr};
use serde_yaml::Value;

use super::tree::key_text;
use super::Spec;
use crate::error::{Error, Location, Pointer, Result};
use crate::template::UrlTemplate;

/// The document's OpenAPI version, if one this generator reads: 3.0, or
/// 3.1 (normalized into 3.0 by [`crate::openapi31`]).
pub(super) fn check_version(raw: &Value, here: &impl Fn(Pointer) -> Location) -> Result<String> {
    let text = |v: &Value| match v {
        Value::String(v) => v.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    };
    let version = match raw.get("openapi") {
        Some(v) => text(v),
        // A Swagger 2.0 document names its version in `swagger`.
        None if raw.get("swagger").is_some() => {
            return Err(Error::UnsupportedVersion {
                location: here(Pointer::root().push("swagger")),
                version: raw.get("swagger").map(text).unwrap_or_default(),
            })
        }
        None => {
            return Err(Error::Structure {
                location: here(Pointer::root()),
                message: "missing field `openapi`".into(),
            })
        }
    };
    if version.starts_with("3.0.") || version == "3.0" || crate::openapi31::is_31(&version) {
        Ok(version)
    } else {
        Err(Error::UnsupportedVersion {
            location: here(Pointer::root().push("openapi")),
            version,
        })
    }
}

/// The error of a document that does not deserialize as OpenAPI, with the
/// JSON pointer of the offending node.
pub(super) fn structure_error(raw: &Value, here: &impl Fn(Pointer) -> Location) -> Error {
    let e = match serde_path_to_error::deserialize::<_, OpenAPI>(raw) {
        Ok(_) => {
            return Error::Structure {
                location: here(Pointer::root()),
                message: "the document could not be read as OpenAPI 3.0".into(),
            }
        }
        Err(e) => e,
    };
    let pointer = e
        .path()
        .iter()
        .filter_map(|seg| match seg {
            serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
            serde_path_to_error::Segment::Map { key } => Some(key.clone()),
            serde_path_to_error::Segment::Enum { variant } => Some(variant.clone()),
            serde_path_to_error::Segment::Unknown => None,
        })
        .fold(Pointer::root(), |p, seg| p.push(seg));
    Error::Structure {
        location: here(pointer),
        message: e.into_inner().to_string(),
    }
}

/// The keys a path item may have besides extensions (`x-...`): OpenAPI
/// 3.0's fixed fields and its eight methods.
const PATH_ITEM_KEYS: &[&str] = &[
    "$ref",
    "summary",
    "description",
    "servers",
    "parameters",
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
];

/// Whether `key` is a field of a path item that is not an operation.
pub(super) fn is_path_item_field(key: &str) -> bool {
    PATH_ITEM_KEYS[..5].contains(&key)
}

/// Refuses a path item key that is neither a field, a method OpenAPI 3.0
/// knows, nor an extension: openapiv3 would drop it silently, and the
/// operation under it (`query:`, `connect:`) would vanish from the client.
pub(super) fn check_methods(raw: &Value, here: &impl Fn(Pointer) -> Location) -> Result<()> {
    let Some(Value::Mapping(paths)) = raw.get("paths") else {
        return Ok(());
    };
    for (path, item) in paths {
        let Value::Mapping(item) = item else { continue };
        // The Paths Object takes vendor extensions beside its paths.
        if key_text(path).starts_with("x-") {
            continue;
        }
        for key in item.keys() {
            let key = key_text(key);
            if !key.starts_with("x-") && !PATH_ITEM_KEYS.contains(&key.as_ref()) {
                return Err(Error::Unsupported {
                    location: here(Pointer::root().push("paths").push(key_text(path)).push(&key)),
                    what: format!(
                        "`{key}` is not an HTTP method of OpenAPI 3.0 (get, put, post, delete, options, head, patch, trace)"
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Every path template of the spec, parsed; a malformed one is an error
/// at its path.
pub(super) fn parse_paths(spec: &Spec) -> Result<BTreeMap<String, UrlTemplate>> {
    spec.doc
        .paths
        .paths
        .keys()
        .map(|path| {
            UrlTemplate::parse(path)
                .map(|t| (path.clone(), t))
                .map_err(|e| Error::Unsupported {
                    location: spec.location(&Pointer::root().push("paths").push(path)),
                    what: format!("path template `{path}`: {e}"),
                })
        })
        .collect()
}

/// The first server's URL, parsed.
pub(super) fn parse_server(spec: &Spec) -> Result<Option<UrlTemplate>> {
    let Some(server) = spec.doc.servers.first() else {
        return Ok(None);
    };
    UrlTemplate::parse(&server.url)
        .map(Some)
        .map_err(|e| Error::Unsupported {
            location: spec.location(&Pointer::root().push("servers").push(0).push("url")),
            what: format!("server URL `{}`: {e}", server.url),
        })
}

/// Unique operationIds, and path templates that agree with their path
/// parameters.
pub(super) fn validate_operations(spec: &Spec) -> Result<()> {
    let mut ids: BTreeMap<&str, Pointer> = BTreeMap::new();
    for (path, item) in spec.doc.paths.iter() {
        let path_ptr = Pointer::root().push("paths").push(path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                return Err(Error::Unsupported {
                    location: spec.location(&path_ptr),
                    what: "a `$ref` as a path item".into(),
                })
            }
        };
        for (method, op) in item.iter() {
            let op_ptr = path_ptr.push(method);
            if let Some(id) = &op.operation_id {
                if let Some(first) = ids.get(id.as_str()) {
                    return Err(Error::DuplicateOperationId {
                        location: spec.location(&op_ptr.push("operationId")),
                        id: id.clone(),
                        first: first.to_string(),
                    });
                }
                ids.insert(id, op_ptr.push("operationId"));
            }
            check_path_params(
                spec,
                &spec.paths[path],
                &item.parameters,
                &path_ptr,
                &op.parameters,
                &op_ptr,
            )?;
        }
    }
    Ok(())
}

fn check_path_params(
    spec: &Spec,
    template: &UrlTemplate,
    shared: &[ReferenceOr<Parameter>],
    shared_ptr: &Pointer,
    own: &[ReferenceOr<Parameter>],
    op_ptr: &Pointer,
) -> Result<()> {
    let mut declared = BTreeSet::new();
    let listed = shared
        .iter()
        .enumerate()
        .map(|(i, p)| (p, shared_ptr.push("parameters").push(i)))
        .chain(
            own.iter()
                .enumerate()
                .map(|(i, p)| (p, op_ptr.push("parameters").push(i))),
        );
    for (param, ptr) in listed {
        let resolved = spec.resolve(param, &ptr, "parameters", |c| &c.parameters)?;
        if let Parameter::Path { parameter_data, .. } = resolved.item {
            if !template.has_variable(&parameter_data.name) {
                return Err(Error::PathParameterNotInTemplate {
                    location: spec.location(&ptr),
                    name: parameter_data.name.clone(),
                });
            }
            declared.insert(parameter_data.name.clone());
        }
    }
    match template.variables().find(|name| !declared.contains(*name)) {
        Some(name) => Err(Error::UndeclaredPathParameter {
            location: spec.location(op_ptr),
            name: name.to_owned(),
        }),
        None => Ok(()),
    }
}
