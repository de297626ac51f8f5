//! Every Schema Object checked on its own, before the document is read as
//! a whole.
//!
//! `openapiv3` reads a schema through untagged enums (`ReferenceOr`,
//! `SchemaKind`, `AdditionalProperties`): when a node deep inside fails,
//! serde tries every other variant of every enclosing level again, so the
//! time to refuse a document doubles with each level of inline nesting
//! (fuzzing found a spec with 44 nested objects that had not failed after
//! two minutes; 16 levels took 30 s). The same buffering loses the path, so
//! the error could only say `#/paths`.
//!
//! So each schema is read alone first, its sub-schemas replaced by `{}`:
//! one shallow read per node, linear in the document, and a failure names
//! the schema's own JSON pointer. The whole document is read only once
//! every schema in it is known to read.

use std::borrow::Cow;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_yaml::{Mapping, Value};

use super::tree::{key_text, pointer_of, Within};
use crate::error::{Error, Location, Pointer, Result};

/// The keywords whose value is one schema (`additionalProperties` may
/// also be `true`/`false`).
pub(super) const ONE: [&str; 3] = ["items", "not", "additionalProperties"];
/// The keywords whose value is a list of schemas (the 3.1 pass keeps a
/// tuple's schemas under its own marker).
pub(super) const LIST: [&str; 4] = ["allOf", "anyOf", "oneOf", crate::openapi31::PREFIX_ITEMS];

/// Checks every schema of `raw`: those of `components.schemas`, and the
/// `schema` of every parameter, header and media type.
pub(super) fn check(raw: &Value, here: &impl Fn(Pointer) -> Location) -> Result<()> {
    find_roots(raw, &mut Vec::new(), Within::Spec, here)
}

/// Walks the OpenAPI objects (not literal data) to the schemas they hold.
fn find_roots<'a>(
    node: &'a Value,
    path: &mut Vec<Cow<'a, str>>,
    within: Within,
    here: &impl Fn(Pointer) -> Location,
) -> Result<()> {
    if within == Within::Data {
        return Ok(());
    }
    match node {
        Value::Mapping(map) => {
            for (key, value) in map {
                let key = key_text(key);
                let inner = within.child(&key);
                path.push(key);
                if is_schema_root(path, within) {
                    check_schema(value, path, here)?;
                } else {
                    find_roots(value, path, inner, here)?;
                }
                path.pop();
            }
        }
        Value::Sequence(items) => {
            for (i, value) in items.iter().enumerate() {
                path.push(Cow::Owned(i.to_string()));
                find_roots(value, path, within.item(), here)?;
                path.pop();
            }
        }
        _ => {}
    }
    Ok(())
}

/// Whether `path`, whose last segment sat in a mapping of kind `within`,
/// is a schema: `#/components/schemas/NAME`, or the `schema` of an object
/// (parameter, header, media type; a property named `schema` sits in a map
/// of names and is reached through its schema instead).
fn is_schema_root(path: &[Cow<'_, str>], within: Within) -> bool {
    match path {
        [components, schemas, _] => components == "components" && schemas == "schemas",
        [.., last] => last == "schema" && within == Within::Spec,
        [] => false,
    }
}

/// Checks the schema at `path`, then its sub-schemas.
fn check_schema<'a>(
    node: &'a Value,
    path: &mut Vec<Cow<'a, str>>,
    here: &impl Fn(Pointer) -> Location,
) -> Result<()> {
    let map = match node {
        Value::Mapping(map) => map,
        Value::Tagged(tagged) => return check_schema(&tagged.value, path, here),
        other => return Err(not_a_schema(other, path, here)),
    };
    // A reference's target is a schema checked where it is; `check_tree`
    // checked that it resolves.
    if map.contains_key("$ref") {
        return Ok(());
    }
    // The error cannot name the keyword: openapiv3 flattens a schema's
    // parts, and serde loses the path through a flattened field.
    if let Err(e) = openapiv3::Schema::deserialize(Shallow(map)) {
        return Err(Error::Structure {
            location: here(pointer_of(path)),
            message: e.to_string(),
        });
    }
    for (key, value) in map {
        let key = key_text(key);
        match (key.as_ref(), value) {
            ("properties", Value::Mapping(properties)) => {
                path.push(key);
                for (name, schema) in properties {
                    path.push(key_text(name));
                    check_schema(schema, path, here)?;
                    path.pop();
                }
                path.pop();
            }
            // `true`/`false` are allowed here, and were read above.
            ("additionalProperties", Value::Bool(_)) => {}
            (k, schema) if ONE.contains(&k) => {
                path.push(key);
                check_schema(schema, path, here)?;
                path.pop();
            }
            (k, Value::Sequence(schemas)) if LIST.contains(&k) => {
                path.push(key);
                for (i, schema) in schemas.iter().enumerate() {
                    path.push(Cow::Owned(i.to_string()));
                    check_schema(schema, path, here)?;
                    path.pop();
                }
                path.pop();
            }
            _ => {}
        }
    }
    Ok(())
}

/// `map` with each sub-schema read as `{}`, so reading it reads this node
/// only. A value of the wrong shape (`properties: 3`) is kept, for the read
/// to refuse. The map is not copied: every other value is read where it
/// is, and only the stand-ins (`{}`, a list of them, the property names)
/// are made.
struct Shallow<'a>(&'a Mapping);

/// The stand-in for the value under `key`, when it is a sub-schema (or
/// holds sub-schemas).
fn stand_in(key: &Value, value: &Value) -> Option<Value> {
    let empty = || Value::Mapping(Mapping::new());
    match (key.as_str(), value) {
        (Some("properties"), Value::Mapping(properties)) => Some(Value::Mapping(
            properties
                .keys()
                .map(|name| (name.clone(), empty()))
                .collect(),
        )),
        (Some(k), Value::Mapping(_)) if ONE.contains(&k) => Some(empty()),
        (Some(k), Value::Sequence(schemas)) if LIST.contains(&k) => {
            Some(Value::Sequence(schemas.iter().map(|_| empty()).collect()))
        }
        _ => None,
    }
}

impl<'de> Deserializer<'de> for Shallow<'de> {
    type Error = serde_yaml::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_map(Entries {
            entries: self.0.iter(),
            next: None,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// The entries of a [`Shallow`] map.
struct Entries<'de> {
    entries: serde_yaml::mapping::Iter<'de>,
    /// The value of the key just read.
    next: Option<Next<'de>>,
}

/// A value of a [`Shallow`] map: the value itself, or its stand-in.
enum Next<'de> {
    Here(&'de Value),
    StandIn(Value),
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = serde_yaml::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> std::result::Result<Option<K::Value>, Self::Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.next = Some(match stand_in(key, value) {
            Some(stand_in) => Next::StandIn(stand_in),
            None => Next::Here(value),
        });
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> std::result::Result<V::Value, Self::Error> {
        match self.next.take() {
            Some(Next::Here(value)) => seed.deserialize(value),
            Some(Next::StandIn(stand_in)) => seed.deserialize(stand_in),
            None => Err(serde::de::Error::custom("a value before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// The error of a schema position that holds no Schema Object.
fn not_a_schema(
    found: &Value,
    path: &[Cow<'_, str>],
    here: &impl Fn(Pointer) -> Location,
) -> Error {
    let what = match found {
        Value::Bool(_) => "a boolean (`true`/`false` schemas are OpenAPI 3.1 only)",
        Value::Null => "null",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) | Value::Tagged(_) => "something else",
    };
    Error::Structure {
        location: here(pointer_of(path)),
        message: format!("expected a Schema Object, found {what}"),
    }
}

#[cfg(test)]
mod tests {
    use crate::error::Error;

    /// A response whose schema is `schema` nested in `depth` objects.
    fn nested(depth: usize, schema: &str) -> String {
        let mut text = String::from(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      \
             responses:\n        '200':\n          description: OK\n          content:\n            \
             application/json:\n              schema:\n",
        );
        let mut indent = 16;
        for _ in 0..depth {
            let pad = " ".repeat(indent);
            text.push_str(&format!("{pad}type: object\n{pad}properties:\n{pad}  a:\n"));
            indent += 4;
        }
        text.push_str(&format!("{}{schema}\n", " ".repeat(indent)));
        text
    }

    fn structure_error(text: &str) -> (String, Option<usize>, String) {
        match crate::load::parse(text, "spec.yaml") {
            Err(Error::Structure { location, message }) => {
                (location.pointer, location.line, message)
            }
            other => panic!("expected a structure error, got {other:?}"),
        }
    }

    #[test]
    fn a_bad_keyword_deep_inside_is_named_by_its_pointer() {
        // Read as a whole, this took seconds and said only `#/paths`. The
        // keyword itself is not named: openapiv3 flattens a schema's parts.
        let (pointer, line, message) = structure_error(&nested(40, "{type: string, maxLength: x}"));
        let properties = "/properties/a".repeat(40);
        assert_eq!(
            pointer,
            format!("#/paths/~1x/get/responses/200/content/application~1json/schema{properties}")
        );
        assert_eq!(line, Some(11 + 3 * 40));
        assert!(message.contains("expected usize"), "{message}");
    }

    #[test]
    fn a_boolean_schema_in_3_0_is_named() {
        let (pointer, _, message) = structure_error(&nested(30, "true"));
        assert!(pointer.ends_with(&"/properties/a".repeat(30)), "{pointer}");
        assert_eq!(
            message,
            "expected a Schema Object, found a boolean (`true`/`false` schemas are OpenAPI 3.1 only)"
        );
    }

    /// The stand-ins replace sub-schemas only: a value of the wrong shape
    /// where sub-schemas go is read as written, and refused.
    #[test]
    fn a_sub_schema_keyword_of_the_wrong_shape_is_refused_where_it_is() {
        for (schema, expected) in [
            ("{type: object, properties: 3}", "invalid type: integer `3`"),
            ("{allOf: {type: string}}", "expected a sequence"),
        ] {
            let (pointer, _, message) = structure_error(&nested(2, schema));
            assert!(
                pointer.ends_with("/schema/properties/a/properties/a"),
                "{pointer}"
            );
            assert!(message.contains(expected), "{schema}: {message}");
        }
    }

    #[test]
    fn deep_valid_schemas_and_their_neighbours_still_load() {
        let spec = crate::load::parse(&nested(40, "{type: string}"), "spec.yaml");
        assert!(spec.is_ok(), "{spec:?}");
        // `additionalProperties: true`, a `$ref` with siblings, a property
        // named `schema`, `items` and `allOf` of schemas.
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  \
                    schemas:\n    A:\n      type: object\n      additionalProperties: true\n      \
                    properties:\n        schema: {type: array, items: {$ref: '#/components/schemas/B', description: d}}\n        \
                    all: {allOf: [{$ref: '#/components/schemas/B'}, {type: object}]}\n    B: {type: string}\n";
        let spec = crate::load::parse(text, "spec.yaml");
        assert!(spec.is_ok(), "{spec:?}");
    }
}
