//! Serde for generated structs, without derive.
//!
//! Layer 2: imports [`Nullable`] and the `located` error format from layer 1.
//!
//! Every generated struct keeps the properties its schema does not name.
//! With `#[derive]` that takes `#[serde(flatten)]`, which makes serde expand
//! each struct into a buffering visitor: the largest share of a generated
//! crate's compile time. Instead, a generated struct's `Deserialize` reads
//! the JSON object once ([`object`]), takes each known property out of it
//! ([`required`], [`optional`], [`nullable`]) and keeps the rest ([`rest`]);
//! its `Serialize` writes a map entry per field ([`entry`],
//! [`optional_entry`], [`nullable_entry`], [`rest_entries`]). A generated
//! impl is then one line per field, and the work is done here, compiled
//! once.
//!
//! Decoding from a buffered value hides where inside it a failure was from
//! any tracker around the document, so each property is decoded with its
//! own tracker and the error names the JSON path of the failing value from
//! this object down, outermost first, with the value itself left out:
//! ``at `data[3].attributes.created_at`: invalid type: integer, expected a
//! string``. Each level out puts its own part in front (the `located`
//! module keeps that message format); the client's `Error::Decode` ends up
//! with the whole path. A missing required property is reported at the
//! object that lacks it (``at `data[3]`: missing field `id` ``).

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize};

use crate::located::{Located, Segment};
use crate::nullable::Nullable;

/// A JSON object whose known properties are being taken out.
pub type Object = serde_json::Map<String, serde_json::Value>;

/// Reads a JSON object.
pub fn object<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Object, D::Error> {
    Object::deserialize(deserializer)
}

/// Takes out the required property `name`: an error if it is absent.
pub fn required<T: DeserializeOwned, E: serde::de::Error>(
    object: &mut Object,
    name: &'static str,
) -> Result<T, E> {
    match object.remove(name) {
        Some(value) => decode(value, name),
        None => Err(E::missing_field(name)),
    }
}

/// Takes out the optional property `name`: `None` when absent or `null`.
pub fn optional<T: DeserializeOwned, E: serde::de::Error>(
    object: &mut Object,
    name: &'static str,
) -> Result<Option<T>, E> {
    match object.remove(name) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(value) => decode(value, name).map(Some),
    }
}

/// Takes out the property `name` that may be absent or `null`, keeping the
/// difference.
pub fn nullable<T: DeserializeOwned, E: serde::de::Error>(
    object: &mut Object,
    name: &'static str,
) -> Result<Nullable<T>, E> {
    match object.remove(name) {
        None => Ok(Nullable::Absent),
        Some(serde_json::Value::Null) => Ok(Nullable::Null),
        Some(value) => decode(value, name).map(Nullable::Value),
    }
}

/// The properties left once the known ones are taken out.
pub fn rest<T: DeserializeOwned, E: serde::de::Error>(
    object: Object,
) -> Result<BTreeMap<String, T>, E> {
    object
        .into_iter()
        .map(|(name, value)| {
            let decoded = decode(value, &name)?;
            Ok((name, decoded))
        })
        .collect()
}

/// Decodes the property `name` from its value. The tracker records where
/// inside the value a failure is (`[3]`, a map key), and a nested model's
/// own error arrives as a `Located` message that adds the rest; the error
/// sent up is one `Located` starting at `name`.
fn decode<T: DeserializeOwned, E: serde::de::Error>(
    value: serde_json::Value,
    name: &str,
) -> Result<T, E> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        E::custom(Located::tracked(
            vec![Segment::Key(name.to_owned())],
            &error,
        ))
    })
}

/// Writes the property `name`, always (a required field, or a
/// required-nullable one, whose `None` is written as `null`).
pub fn entry<M: SerializeMap, T: Serialize + ?Sized>(
    map: &mut M,
    name: &'static str,
    value: &T,
) -> Result<(), M::Error> {
    map.serialize_entry(name, value)
}

/// Writes the property `name` unless it is `None`.
pub fn optional_entry<M: SerializeMap, T: Serialize>(
    map: &mut M,
    name: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(name, value),
        None => Ok(()),
    }
}

/// Writes the property `name` unless it is absent (`null` is written).
pub fn nullable_entry<M: SerializeMap, T: Serialize>(
    map: &mut M,
    name: &'static str,
    value: &Nullable<T>,
) -> Result<(), M::Error> {
    if value.is_absent() {
        Ok(())
    } else {
        map.serialize_entry(name, value)
    }
}

/// Writes the properties the schema does not name, as they came.
pub fn rest_entries<M: SerializeMap, T: Serialize>(
    map: &mut M,
    rest: &BTreeMap<String, T>,
) -> Result<(), M::Error> {
    rest.iter()
        .try_for_each(|(name, value)| map.serialize_entry(name, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a generated struct's impls look like.
    #[derive(Debug, PartialEq)]
    struct Key {
        id: String,
        name: Option<String>,
        scopes: Nullable<Vec<String>>,
        owner: Option<String>,
        rest: BTreeMap<String, serde_json::Value>,
    }

    impl<'de> Deserialize<'de> for Key {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let mut object = object(deserializer)?;
            Ok(Key {
                id: required(&mut object, "id")?,
                name: optional(&mut object, "name")?,
                scopes: nullable(&mut object, "scopes")?,
                owner: optional(&mut object, "owner")?,
                rest: rest(object)?,
            })
        }
    }

    impl Serialize for Key {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(None)?;
            entry(&mut map, "id", &self.id)?;
            optional_entry(&mut map, "name", &self.name)?;
            nullable_entry(&mut map, "scopes", &self.scopes)?;
            entry(&mut map, "owner", &self.owner)?;
            rest_entries(&mut map, &self.rest)?;
            map.end()
        }
    }

    #[test]
    fn known_properties_are_taken_and_the_rest_kept() {
        let text = r#"{"id":"k1","scopes":null,"owner":null,"extra":{"a":1},"name":"n"}"#;
        let key: Key = serde_json::from_str(text).unwrap();
        assert_eq!(key.id, "k1");
        assert_eq!(key.name.as_deref(), Some("n"));
        assert_eq!(key.scopes, Nullable::Null);
        assert_eq!(key.owner, None);
        assert_eq!(key.rest["extra"], serde_json::json!({"a": 1}));
        assert_eq!(
            serde_json::to_value(&key).unwrap(),
            serde_json::json!({"id":"k1","name":"n","scopes":null,"owner":null,"extra":{"a":1}})
        );
        let bare: Key = serde_json::from_str(r#"{"id":"k2"}"#).unwrap();
        assert_eq!(bare.scopes, Nullable::Absent);
        assert_eq!(
            serde_json::to_string(&bare).unwrap(),
            r#"{"id":"k2","owner":null}"#
        );
    }

    /// A page of keys, with a map property and typed unknown properties.
    #[derive(Debug)]
    struct Page {
        data: Vec<Key>,
        counts: Option<BTreeMap<String, Vec<u64>>>,
        rest: BTreeMap<String, u64>,
    }

    impl<'de> Deserialize<'de> for Page {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let mut object = object(deserializer)?;
            Ok(Page {
                data: required(&mut object, "data")?,
                counts: optional(&mut object, "counts")?,
                rest: rest(object)?,
            })
        }
    }

    /// Where and why `body` fails to decode as a `Page`, as the client sees it.
    fn failure(body: &str) -> (String, String) {
        match crate::located::from_slice::<Page>(body.as_bytes()) {
            Ok(page) => panic!("decoded {page:?}"),
            Err(located) => (located.path.to_string(), located.reason),
        }
    }

    #[test]
    fn nested_models_maps_and_typed_rest_decode() {
        let body = r#"{"data":[{"id":"a"}],"counts":{"x":[1,2]},"extra":3}"#;
        let page: Page = serde_json::from_str(body).unwrap();
        assert_eq!(page.data[0].id, "a");
        assert_eq!(page.counts.unwrap()["x"], [1, 2]);
        assert_eq!(page.rest["extra"], 3);
    }

    #[test]
    fn errors_carry_the_path_through_every_level() {
        let null_id = r#"{"data":[{"id":"a"},{"id":"b"},{"id":"c"},{"id":null}]}"#;
        assert_eq!(
            failure(null_id),
            (
                "data[3].id".into(),
                "invalid type: null, expected a string".into()
            )
        );
        let deep = r#"{"data":[{"id":"a","scopes":["s",7]}]}"#;
        assert_eq!(
            failure(deep),
            (
                "data[0].scopes[1]".into(),
                "invalid type: integer, expected a string".into()
            )
        );
        let missing = r#"{"data":[{"id":"a"},{"name":"n"}]}"#;
        assert_eq!(
            failure(missing),
            ("data[1]".into(), "missing field `id`".into())
        );
        assert_eq!(
            failure(r#"{"name":"n"}"#),
            (String::new(), "missing field `data`".into())
        );
    }

    #[test]
    fn map_values_are_located_by_key_without_their_value() {
        let in_map = r#"{"data":[],"counts":{"a":[1],"b c":[2,"SECRET-1"]}}"#;
        assert_eq!(
            failure(in_map),
            (
                r#"counts["b c"][1]"#.into(),
                "invalid type: string, expected u64".into()
            )
        );
        let in_rest = r#"{"data":[],"extra":"SECRET-2"}"#;
        assert_eq!(
            failure(in_rest),
            ("extra".into(), "invalid type: string, expected u64".into())
        );
    }

    #[test]
    fn errors_name_the_property_and_say_what_was_missing() {
        let missing = serde_json::from_str::<Key>(r#"{"name":"n"}"#).unwrap_err();
        assert!(
            missing.to_string().starts_with("missing field `id`"),
            "{missing}"
        );
        let wrong = serde_json::from_str::<Key>(r#"{"id":"k","scopes":[1]}"#).unwrap_err();
        assert!(
            wrong
                .to_string()
                .starts_with("at `scopes[0]`: invalid type: integer, expected a string"),
            "{wrong}"
        );
        let not_object = serde_json::from_str::<Key>("[1]").unwrap_err();
        assert!(
            not_object.to_string().contains("expected a map"),
            "{not_object}"
        );
    }
}
