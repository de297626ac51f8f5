//! The raw YAML tree the loader walks before `openapiv3` reads it: what a
//! place holds (OpenAPI objects or literal data), keys as text, and nodes
//! by pointer.

use std::borrow::Cow;

use serde_yaml::Value;

use crate::error::Pointer;

/// What the raw tree holds at a place: OpenAPI objects, or literal data
/// that only looks like them. The load checks and the 3.1 pass walk only
/// the objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Within {
    /// OpenAPI objects.
    Spec,
    /// A map whose keys are names the spec chose (`properties`,
    /// `schemas`, ...): a property called `example` or a schema named
    /// `enum` is an object like any other.
    Names,
    /// A map of names that also takes vendor extensions: `paths` and an
    /// operation's `responses` (a `default` response is an object, an
    /// `x-...` key is data).
    ExtensibleNames,
    /// An `examples` map of Example Objects (or, in 3.1, a list of values).
    Examples,
    /// One Example Object: its `value` is data.
    Example,
    /// Literal JSON: examples, defaults, enum values, extensions.
    Data,
}

impl Within {
    /// What the value under `key` holds, in a mapping of this kind.
    pub(crate) fn child(self, key: &str) -> Within {
        match (self, key) {
            (Within::Data, _) => Within::Data,
            (Within::ExtensibleNames, key) if key.starts_with("x-") => Within::Data,
            (Within::Names | Within::ExtensibleNames, _) => Within::Spec,
            (Within::Examples, _) => Within::Example,
            (Within::Example, "value") => Within::Data,
            (_, "example" | "default" | "enum" | "const") => Within::Data,
            // The 3.1 pass keeps a tuple's schemas there.
            (_, crate::openapi31::PREFIX_ITEMS) => Within::Spec,
            (_, key) if key.starts_with("x-") => Within::Data,
            (_, "examples") => Within::Examples,
            (_, "paths" | "responses") => Within::ExtensibleNames,
            (
                _,
                "properties" | "patternProperties" | "schemas" | "parameters" | "requestBodies"
                | "headers" | "securitySchemes" | "links" | "callbacks" | "content" | "encoding"
                | "variables" | "$defs",
            ) => Within::Names,
            _ => Within::Spec,
        }
    }

    /// What the items of a list hold, in a place of this kind.
    pub(crate) fn item(self) -> Within {
        match self {
            // 3.1's list of examples in a schema is data.
            Within::Examples => Within::Data,
            // A list under a key of names (an operation's `parameters`)
            // holds objects, whose `x-...` keys are extensions.
            Within::Names | Within::ExtensibleNames => Within::Spec,
            other => other,
        }
    }
}

/// A mapping key as text: borrowed for the usual string key, so a walk
/// over the tree allocates nothing per key.
pub(super) fn key_text(key: &Value) -> Cow<'_, str> {
    match key {
        Value::String(s) => Cow::Borrowed(s),
        Value::Number(n) => Cow::Owned(n.to_string()),
        Value::Bool(b) => Cow::Owned(b.to_string()),
        other => Cow::Owned(
            serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_owned(),
        ),
    }
}

/// The pointer of `path`, a list of unescaped segments: built only when an
/// error or a rewrite needs it, never per node of a walk.
pub(super) fn pointer_of<S: AsRef<str>>(path: &[S]) -> Pointer {
    path.iter()
        .fold(Pointer::root(), |p, seg| p.push(seg.as_ref()))
}

/// The node at `pointer`.
pub(super) fn lookup<'a>(root: &'a Value, pointer: &Pointer) -> Option<&'a Value> {
    lookup_path(root, &pointer.segments())
}

/// The node at `path`, a list of unescaped segments.
pub(super) fn lookup_path<'a, S: AsRef<str>>(root: &'a Value, path: &[S]) -> Option<&'a Value> {
    path.iter().try_fold(root, |node, seg| {
        let seg = seg.as_ref();
        match node {
            // Keys are nearly always strings: a hashed lookup, with a scan
            // only for numeric or boolean keys (`200:`), so resolving a
            // `$ref` costs its depth, not the size of the spec.
            Value::Mapping(map) => map.get(seg).or_else(|| {
                map.iter()
                    .find(|(k, _)| !k.is_string() && key_text(k) == seg)
                    .map(|(_, v)| v)
            }),
            Value::Sequence(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        }
    })
}

/// The node at `path`, a list of unescaped segments, to change.
pub(super) fn lookup_mut<'a, S: AsRef<str>>(
    root: &'a mut Value,
    path: &[S],
) -> Option<&'a mut Value> {
    path.iter().try_fold(root, |node, seg| {
        let seg = seg.as_ref();
        match node {
            // Hashed for a string key, as in `lookup_path`.
            Value::Mapping(map) => {
                if map.contains_key(seg) {
                    return map.get_mut(seg);
                }
                map.iter_mut()
                    .find(|(k, _)| !k.is_string() && key_text(k) == seg)
                    .map(|(_, v)| v)
            }
            Value::Sequence(items) => seg.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_are_found_by_segments_escaped_in_pointers_and_numeric_keys() {
        let mut raw: Value = serde_yaml::from_str(
            "paths:\n  /a~b/{id}:\n    get:\n      responses:\n        200: {description: OK}\n      parameters: [{name: x}]\n",
        )
        .expect("yaml");
        let path = ["paths", "/a~b/{id}", "get", "responses", "200"];
        let pointer = pointer_of(&path);
        assert_eq!(pointer.as_str(), "#/paths/~1a~0b~1{id}/get/responses/200");
        assert_eq!(pointer.segments(), path);
        let ok = Some(&Value::from("OK"));
        assert_eq!(
            lookup(&raw, &pointer).and_then(|n| n.get("description")),
            ok
        );
        assert_eq!(
            lookup_path(&raw, &path).and_then(|n| n.get("description")),
            ok
        );
        let name = ["paths", "/a~b/{id}", "get", "parameters", "0", "name"];
        assert_eq!(lookup_path(&raw, &name), Some(&Value::from("x")));
        assert_eq!(lookup_path(&raw, &["paths", "/b"]), None);
        *lookup_mut(&mut raw, &path).expect("found") = Value::from(1);
        assert_eq!(lookup(&raw, &pointer), Some(&Value::from(1)));
    }
}
