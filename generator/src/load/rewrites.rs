//! Rewrites of the raw tree, each making a document that OpenAPI allows
//! readable by `openapiv3` and lowering, which resolve references to
//! components only: 3.1 normalized into 3.0, nodes referenced from
//! elsewhere hoisted into the components, path items and callbacks given
//! by `$ref` copied in.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::Value;

use super::references::ForeignRefs;
use super::schemas;
use super::tree::lookup_mut;
use crate::error::{Location, Pointer};

/// Reads a 3.1 document as 3.0 (see [`crate::openapi31`]); returns what
/// that left out, each naming where. Tuple markers written as vendor
/// extensions are dropped whatever the version; a 3.0 document's null
/// types are read as 3.1's ([`crate::openapi31::read_30`]).
pub(super) fn to_30(
    raw: &mut Value,
    version: &str,
    here: &impl Fn(Pointer) -> Location,
) -> Vec<String> {
    let mut warnings = Vec::new();
    if crate::openapi31::is_31(version) {
        crate::openapi31::remove_tuple_markers(raw);
        let location = here(Pointer::root().push("openapi"));
        warnings.extend(
            crate::openapi31::normalize(raw)
                .into_iter()
                .map(|dropped| format!("{location}: {dropped}")),
        );
        if let Value::Mapping(root) = raw {
            // 3.1 lets a document have no `paths`.
            root.entry("paths".into())
                .or_insert_with(|| Value::Mapping(Default::default()));
        }
    } else {
        crate::openapi31::read_30(raw);
    }
    warnings
}

/// Moves each node that a `$ref` points at, when it is not a component
/// (`#/components/<kind>/<name>`), into the components, and points every
/// reference to it (and the place it was) at the new component:
/// DigitalOcean's operations share parameters and schemas by pointing into
/// other operations (`#/paths/~1v2~1keys~1{id}/get/parameters/0`), and
/// `openapiv3` and lowering resolve references to components only. The
/// kind of component follows from where the reference sits (in a
/// `parameters` list, a parameter; in a schema, a schema). `sites` are where
/// such references sit, as [`super::references::check`] found them (it checked that they
/// resolve). A path item reached by `$ref` has no component kind in 3.0 and
/// is left for lowering to refuse.
pub(super) fn hoist_foreign_refs(raw: &mut Value, sites: ForeignRefs) {
    // Each target once, with the kind of its first reference.
    let mut targets: BTreeMap<Vec<String>, &'static str> = BTreeMap::new();
    for (site, reference) in &sites {
        if let Some(kind) = component_kind(site) {
            targets
                .entry(Pointer::from_fragment(reference).segments())
                .or_insert(kind);
        }
    }
    // Deepest first: moving a node leaves the pointers of its ancestors
    // valid, and its descendants have moved already.
    let mut order: Vec<(Vec<String>, &'static str)> = targets.into_iter().collect();
    order.sort_by(|(a, _), (b, _)| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    let mut moved: BTreeMap<Vec<String>, String> = BTreeMap::new();
    for (target, kind) in order {
        let name = free_component_name(raw, kind, &target);
        let new_ref = Pointer::root().push("components").push(kind).push(&name);
        let Some(node) = lookup_mut(raw, &target) else {
            continue;
        };
        let mut stub = serde_yaml::Mapping::new();
        stub.insert("$ref".into(), new_ref.as_str().into());
        let content = std::mem::replace(node, Value::Mapping(stub));
        if let Some(Value::Mapping(components)) = ensure_mapping(raw, &["components", kind]) {
            components.insert(name.into(), content);
        }
        moved.insert(target, new_ref.as_str().to_owned());
    }
    // Nothing moved in the usual spec: no walk.
    if !moved.is_empty() {
        retarget_refs(raw, &moved);
    }
}

/// Replaces each path item that is a `$ref` to another path item of the
/// document (`/support/ip-address: {$ref: '#/paths/~1ip-address'}`, as
/// SureVoIP's spec has) with a copy of it: 3.0 has no component for path
/// items, and the same operations then serve both paths. The copy's
/// operations lose their `operationId`s, which must stay unique, and are
/// named from their method and path instead. A chain of such references
/// is followed; a loop, or a reference to anything else, is left for
/// lowering to refuse.
pub(super) fn inline_path_item_refs(raw: &mut Value) {
    let Some(Value::Mapping(paths)) = raw.get("paths") else {
        return;
    };
    let target_of = |item: &Value| -> Option<String> {
        let reference = item.get("$ref")?.as_str()?;
        match Pointer::from_fragment(reference).segments().as_slice() {
            [root, path] if root == "paths" => Some(path.clone()),
            _ => None,
        }
    };
    let mut copies = Vec::new();
    for (key, item) in paths {
        let mut seen = BTreeSet::new();
        let mut target = item;
        while let Some(next) = target_of(target) {
            if !seen.insert(next.clone()) {
                break;
            }
            match paths.get(next.as_str()) {
                Some(found) => target = found,
                None => break,
            }
        }
        if !std::ptr::eq(target, item) && target_of(target).is_none() {
            let mut copy = target.clone();
            if let Value::Mapping(operations) = &mut copy {
                for (_, operation) in operations.iter_mut() {
                    if let Value::Mapping(operation) = operation {
                        operation.remove("operationId");
                    }
                }
            }
            copies.push((key.clone(), copy));
        }
    }
    if let Some(Value::Mapping(paths)) = raw.get_mut("paths") {
        for (key, copy) in copies {
            paths.insert(key, copy);
        }
    }
}

/// Replaces each callback of an operation that is a `$ref` to
/// `#/components/callbacks/NAME` (PeerTube's search operations) with a copy
/// of that component: 3.0 allows it, but `openapiv3` reads an operation's
/// callbacks as objects only, and would refuse the whole document.
/// Callbacks are not generated; this only lets the document load.
pub(super) fn inline_callback_refs(raw: &mut Value) {
    let Some(components) = raw
        .get("components")
        .and_then(|c| c.get("callbacks"))
        .cloned()
    else {
        return;
    };
    let Some(Value::Mapping(paths)) = raw.get_mut("paths") else {
        return;
    };
    let operations = paths
        .values_mut()
        .filter_map(|item| match item {
            Value::Mapping(item) => Some(item.values_mut()),
            _ => None,
        })
        .flatten();
    for operation in operations {
        let Some(Value::Mapping(callbacks)) = operation.get_mut("callbacks") else {
            continue;
        };
        for (_, callback) in callbacks.iter_mut() {
            let target = callback
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/callbacks/"))
                .and_then(|name| components.get(name));
            if let Some(target) = target.filter(|t| t.get("$ref").is_none()) {
                *callback = target.clone();
            }
        }
    }
}

/// The component kind a `$ref` at `site` stands for, by where it sits.
pub(super) fn component_kind(site: &[String]) -> Option<&'static str> {
    let parent = site
        .len()
        .checked_sub(2)
        .and_then(|i| site.get(i))
        .map(String::as_str);
    let last = site.last().map(String::as_str);
    Some(match (parent, last) {
        // A path item: 3.0 has no component for it.
        (Some("paths"), _) if site.len() == 2 => return None,
        // A property's schema, whatever the property is called, and a
        // schema under a schema keyword, whatever the schema above it is
        // called (Codat's `properties/links/items`).
        (Some("properties"), _) => "schemas",
        (_, Some(last)) if last == "schema" || schemas::ONE.contains(&last) => "schemas",
        (Some(parent), _) if schemas::LIST.contains(&parent) => "schemas",
        (Some("parameters"), _) => "parameters",
        (Some("responses"), _) => "responses",
        (_, Some("requestBody")) => "requestBodies",
        (Some("headers"), _) => "headers",
        (Some("examples"), _) => "examples",
        (Some("links"), _) => "links",
        (Some("callbacks"), _) => "callbacks",
        (Some("securitySchemes"), _) => return None,
        _ => "schemas",
    })
}

/// A name for the node at `target` among the components of `kind`: the
/// last three telling segments of its pointer (`keys_id_get_200` for the
/// schema of `GET /keys/{id}`'s 200 response), numbered if taken.
fn free_component_name(raw: &Value, kind: &str, target: &[String]) -> String {
    const STRUCTURE: &[&str] = &[
        "paths",
        "components",
        "schemas",
        "$defs",
        "properties",
        "items",
        "schema",
        "content",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "responses",
        "parameters",
        "requestBody",
        "additionalProperties",
    ];
    let mut words = Vec::new();
    for (i, segment) in target.iter().enumerate() {
        let after = i
            .checked_sub(1)
            .and_then(|p| target.get(p))
            .map(String::as_str);
        // A list index says nothing; a status code does.
        let telling = match segment.parse::<usize>() {
            Ok(_) => after == Some("responses"),
            Err(_) => !STRUCTURE.contains(&segment.as_str()) && !segment.contains("json"),
        };
        if telling {
            let word: String = segment
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join("_");
            if !word.is_empty() {
                words.push(word);
            }
        }
    }
    let base = match words.len() {
        0 => "Shared".to_owned(),
        n => words[n.saturating_sub(3)..].join("_"),
    };
    let taken = |name: &str| {
        raw.get("components")
            .and_then(|c| c.get(kind))
            .and_then(|m| m.get(name))
            .is_some()
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

/// The mapping at `path` from the root, created (empty) where missing.
fn ensure_mapping<'a>(raw: &'a mut Value, path: &[&str]) -> Option<&'a mut Value> {
    path.iter().try_fold(raw, |node, key| {
        let Value::Mapping(map) = node else {
            return None;
        };
        Some(
            map.entry((*key).into())
                .or_insert_with(|| Value::Mapping(Default::default())),
        )
    })
}

/// Every `$ref` whose target (as segments, however it was escaped) moved,
/// pointed at where it went.
fn retarget_refs(node: &mut Value, moved: &BTreeMap<Vec<String>, String>) {
    match node {
        Value::Mapping(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if reference.starts_with("#/") {
                    if let Some(to) = moved.get(&Pointer::from_fragment(reference).segments()) {
                        *reference = to.clone();
                    }
                }
            }
            for (_, value) in map.iter_mut() {
                retarget_refs(value, moved);
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|v| retarget_refs(v, moved)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_stands_for_the_component_its_place_calls_for() {
        let kind = |segments: &[&str]| {
            component_kind(&segments.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(
            kind(&["paths", "/a", "get", "parameters", "0"]),
            Some("parameters")
        );
        assert_eq!(
            kind(&["paths", "/a", "get", "responses", "default"]),
            Some("responses")
        );
        assert_eq!(
            kind(&["paths", "/a", "post", "requestBody"]),
            Some("requestBodies")
        );
        let schema = [
            "paths",
            "/a",
            "get",
            "responses",
            "200",
            "content",
            "application/json",
            "schema",
        ];
        assert_eq!(kind(&schema), Some("schemas"));
        // A property named like a component kind is still a schema.
        assert_eq!(
            kind(&["components", "schemas", "A", "properties", "parameters"]),
            Some("schemas")
        );
        // A path item has no component kind in 3.0.
        assert_eq!(kind(&["paths", "/a"]), None);
        // Under a property named like a component kind, a schema keyword
        // still holds a schema.
        let links = ["components", "schemas", "A", "properties", "links"];
        for keyword in ["items", "not", "additionalProperties"] {
            assert_eq!(kind(&[&links[..], &[keyword]].concat()), Some("schemas"));
        }
        assert_eq!(
            kind(&[
                "components",
                "schemas",
                "A",
                "properties",
                "examples",
                "allOf",
                "0"
            ]),
            Some("schemas")
        );
    }
}
