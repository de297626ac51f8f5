//! Serde for generated structs, without derive.
//!
//! Layer 2: imports [`Nullable`], [`Content`] and `Located` from layer 1.
//!
//! Every generated struct keeps the properties its schema does not name.
//! With `#[derive]` that takes `#[serde(flatten)]`, which makes serde expand
//! each struct into a buffering visitor: the largest share of a generated
//! crate's compile time. Instead, a generated struct implements [`FromMap`]:
//! it walks the JSON [`Object`] once, as the deserializer reads it, matches
//! each key as it arrives ([`Object::key`]) and decodes a known property's
//! value straight into its slot ([`Object::value`]); an unknown one goes
//! into the struct's map of the rest ([`Object::unknown`]). Once the object ends, each slot becomes its field
//! ([`required`], [`optional`], [`nullable`]). Nothing is
//! buffered and nothing decoded twice, as with a derive. Its
//! `Deserialize` is [`deserialize`]. Its `Serialize` writes a map entry per
//! field, as one chain of calls on [`Entries`] (`.entry`, `.optional_entry`,
//! `.nullable_entry`, then `.end` with the rest). A generated impl is one
//! line per field in each part, and the work is done here, compiled once.
//! Neither part has a `?` per field: its match yields each field's result
//! and one `?` takes it, and the chain keeps the first error. Each `?` is
//! an early return that drops every slot filled so far, so a `?` per field
//! made the code the compiler checks grow with the square of the fields.
//!
//! No path is tracked while decoding: that would cost on every call, and
//! the path is needed only when decoding fails. The client then decodes the
//! document again under a path tracker (`located::from_slice`), which sees
//! through these visitors down to the failing value
//! (``data[3].attributes.created_at``) or, for a missing required property,
//! to the object that lacks it (``data[3]``: ``missing field `id` ``).
//!
//! A union (`oneOf`, `anyOf`) reads its item into an [`Item`] first: a
//! [`Content`] buffer that borrows names and strings from the document, as
//! serde's derives buffer an internally tagged or untagged enum. A tagged
//! union then matches [`Item::tag`] and decodes that variant
//! ([`Item::variant`]); an untagged one tries each variant in order
//! ([`Item::attempt`]); what matches none is kept as a `serde_json::Value`
//! ([`Item::unknown`]). The buffer hides the item from a tracker around the
//! document, so a variant that fails is decoded again from the buffer under
//! its own tracker, and its path handed up in the error's message (see the
//! `located` module).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize};

use crate::content::{Content, ContentRef};
use crate::located::Located;
use crate::nullable::Nullable;
use crate::properties::AdditionalProperties;

/// A generated struct, decoded from the properties of one JSON object.
pub trait FromMap<'de>: Sized {
    /// Reads every property of `object`.
    fn from_map<A: MapAccess<'de>>(object: Object<'de, A>) -> Result<Self, A::Error>;
}

/// The `Deserialize` of a generated struct: a JSON object, read by
/// [`FromMap::from_map`].
pub fn deserialize<'de, D: Deserializer<'de>, T: FromMap<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// Hands the object to `T`; anything else is an error.
struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: FromMap<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(Object {
            map,
            input: PhantomData,
        })
    }
}

/// A property's name, borrowed from the document when it can be: a known
/// one is only compared, an unknown one is copied once, into the map of the
/// rest.
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Unescaped, or read from a source that does not lend.
    Owned(String),
}

impl Key<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(name) => name,
            Key::Owned(name) => name,
        }
    }

    fn into_string(self) -> String {
        match self {
            Key::Borrowed(name) => name.to_owned(),
            Key::Owned(name) => name,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a property name")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, name: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(name))
    }

    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(name.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, name: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(name))
    }
}

/// The JSON object a generated struct reads, one property at a time.
pub struct Object<'de, A> {
    map: A,
    input: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Object<'de, A> {
    /// The next property's name, `None` at the end of the object.
    #[inline]
    pub fn key(&mut self) -> Result<Option<Key<'de>>, A::Error> {
        self.map.next_key()
    }

    /// Decodes the value of a known property into its slot. A property
    /// given twice keeps its last value, as `serde_json::Map` does.
    ///
    /// The slot holds the field's whole type: an optional field's
    /// `Option<T>` reads `null` as `None`, a nullable one's [`Nullable<T>`]
    /// as `Null`.
    #[inline]
    pub fn value<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>) -> Result<(), A::Error> {
        *slot = Some(self.map.next_value()?);
        Ok(())
    }

    /// Decodes the value of a property the schema does not name into `rest`.
    #[inline]
    pub fn unknown<T: Deserialize<'de>>(
        &mut self,
        name: Key<'de>,
        rest: &mut AdditionalProperties<T>,
    ) -> Result<(), A::Error> {
        let value = self.map.next_value()?;
        rest.insert(name.into_string(), value);
        Ok(())
    }
}

/// The item of a union, buffered to choose its variant.
pub struct Item<'de>(Content<'de>);

impl<'de> Item<'de> {
    /// Reads the whole item.
    #[inline]
    pub fn read<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Content::deserialize(deserializer).map(Item)
    }

    /// The string value of the property `name` (the discriminator), if the
    /// item is an object that has it.
    #[inline]
    pub fn tag(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Content::as_str)
    }

    /// The item decoded as `T`, wrapped by `variant`; a failure says where
    /// inside the item, without its value.
    pub fn variant<T: Deserialize<'de>, V, E: serde::de::Error>(
        &self,
        variant: impl FnOnce(T) -> V,
    ) -> Result<V, E> {
        self.decode().map(variant).map_err(E::custom)
    }

    /// The item decoded as `T`, wrapped by `variant`, if it decodes: the
    /// untagged union's next alternative.
    #[inline]
    pub fn attempt<T: Deserialize<'de>, V>(&self, variant: impl FnOnce(T) -> V) -> Option<V> {
        T::deserialize(ContentRef::<serde_json::Error>::new(&self.0))
            .ok()
            .map(variant)
    }

    /// The item kept as received, an alternative the client does not know.
    pub fn unknown<V>(self, variant: impl FnOnce(serde_json::Value) -> V) -> V {
        variant(self.0.to_value())
    }

    /// Decodes without tracking, and only a failure again with a tracker,
    /// to find where.
    fn decode<T: Deserialize<'de>>(&self) -> Result<T, Located> {
        T::deserialize(ContentRef::<serde_json::Error>::new(&self.0)).or_else(|_| {
            serde_path_to_error::deserialize(ContentRef::new(&self.0))
                .map_err(|error| Located::tracked(Vec::new(), &error))
        })
    }
}

/// The `Deserialize` of a generated string enum: a value the spec lists
/// (`known`) is matched without copying it, any other kept (`unknown`).
pub fn string_enum<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    known: fn(&str) -> Option<T>,
    unknown: fn(String) -> T,
) -> Result<T, D::Error> {
    deserializer.deserialize_str(StringEnumVisitor { known, unknown })
}

struct StringEnumVisitor<T> {
    known: fn(&str) -> Option<T>,
    unknown: fn(String) -> T,
}

impl<T> Visitor<'_> for StringEnumVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok((self.known)(value).unwrap_or_else(|| (self.unknown)(value.to_owned())))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<T, E> {
        Ok(match (self.known)(&value) {
            Some(known) => known,
            None => (self.unknown)(value),
        })
    }
}

/// The value of the required property `name`: an error if it was absent.
#[inline]
pub fn required<T, E: serde::de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
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
    rest: &AdditionalProperties<T>,
) -> Result<(), M::Error> {
    rest.iter()
        .try_for_each(|(name, value)| map.serialize_entry(name, value))
}

/// The map a generated struct's `Serialize` writes: one method call per
/// field, chained, and the first error kept (the later calls then write
/// nothing). A chain instead of a `?` per field keeps each generated impl
/// one expression, which the compiler checks in a fraction of the time.
#[must_use = "the map is written only by `end`"]
pub struct Entries<M: SerializeMap>(Result<M, M::Error>);

/// Starts the map of a generated struct (see [`Entries`]).
#[inline]
pub fn entries<S: serde::Serializer>(serializer: S) -> Entries<S::SerializeMap> {
    Entries(serializer.serialize_map(None))
}

impl<M: SerializeMap> Entries<M> {
    /// Writes with `write` unless an earlier entry failed.
    #[inline]
    fn then(self, write: impl FnOnce(&mut M) -> Result<(), M::Error>) -> Self {
        Entries(self.0.and_then(|mut map| write(&mut map).map(|()| map)))
    }

    /// Writes the property `name` (see [`entry`]).
    #[inline]
    pub fn entry<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Self {
        self.then(|map| entry(map, name, value))
    }

    /// Writes the property `name` unless it is `None` (see [`optional_entry`]).
    #[inline]
    pub fn optional_entry<T: Serialize>(self, name: &'static str, value: &Option<T>) -> Self {
        self.then(|map| optional_entry(map, name, value))
    }

    /// Writes the property `name` unless it is absent (see [`nullable_entry`]).
    #[inline]
    pub fn nullable_entry<T: Serialize>(self, name: &'static str, value: &Nullable<T>) -> Self {
        self.then(|map| nullable_entry(map, name, value))
    }

    /// Writes the properties the schema does not name and ends the map.
    #[inline]
    pub fn end<T: Serialize>(self, rest: &AdditionalProperties<T>) -> Result<M::Ok, M::Error> {
        let mut map = self.0?;
        // Most objects have no properties beyond their schema's, and an
        // iterator over an empty map still costs a call and a walk.
        if !rest.is_empty() {
            rest_entries(&mut map, rest)?;
        }
        map.end()
    }
}

/// The value of an optional property: `None` when it was absent or `null`.
#[inline]
pub fn optional<T>(slot: Option<Option<T>>) -> Option<T> {
    slot.flatten()
}

/// The value of a nullable property, keeping absent apart from `null`.
#[inline]
pub fn nullable<T>(slot: Option<Nullable<T>>) -> Nullable<T> {
    slot.unwrap_or(Nullable::Absent)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// What a generated struct's impls look like.
    #[derive(Debug, PartialEq)]
    struct ApiKey {
        id: String,
        name: Option<String>,
        scopes: Nullable<Vec<String>>,
        owner: Option<String>,
        rest: AdditionalProperties,
    }

    impl<'de> Deserialize<'de> for ApiKey {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    impl<'de> FromMap<'de> for ApiKey {
        fn from_map<A: MapAccess<'de>>(mut object: Object<'de, A>) -> Result<Self, A::Error> {
            let mut id = None;
            let mut name = None;
            let mut scopes = None;
            let mut owner = None;
            let mut rest = AdditionalProperties::new();
            while let Some(key) = object.key()? {
                match key.as_str() {
                    "id" => object.value(&mut id),
                    "name" => object.value(&mut name),
                    "scopes" => object.value(&mut scopes),
                    "owner" => object.value(&mut owner),
                    _ => object.unknown(key, &mut rest),
                }?;
            }
            Ok(ApiKey {
                id: required(id, "id")?,
                name: optional(name),
                scopes: nullable(scopes),
                owner: optional(owner),
                rest,
            })
        }
    }

    impl Serialize for ApiKey {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            entries(serializer)
                .entry("id", &self.id)
                .optional_entry("name", &self.name)
                .nullable_entry("scopes", &self.scopes)
                .entry("owner", &self.owner)
                .end(&self.rest)
        }
    }

    #[test]
    fn known_properties_are_taken_and_the_rest_kept() {
        let text = r#"{"id":"k1","scopes":null,"owner":null,"extra":{"a":1},"name":"n"}"#;
        let key: ApiKey = serde_json::from_str(text).unwrap();
        assert_eq!(key.id, "k1");
        assert_eq!(key.name.as_deref(), Some("n"));
        assert_eq!(key.scopes, Nullable::Null);
        assert_eq!(key.owner, None);
        assert_eq!(key.rest["extra"], serde_json::json!({"a": 1}));
        assert_eq!(
            serde_json::to_value(&key).unwrap(),
            serde_json::json!({"id":"k1","name":"n","scopes":null,"owner":null,"extra":{"a":1}})
        );
        let bare: ApiKey = serde_json::from_str(r#"{"id":"k2"}"#).unwrap();
        assert_eq!(bare.scopes, Nullable::Absent);
        assert_eq!(
            serde_json::to_string(&bare).unwrap(),
            r#"{"id":"k2","owner":null}"#
        );
        let set: ApiKey = serde_json::from_str(r#"{"id":"k3","scopes":["a"]}"#).unwrap();
        assert_eq!(set.scopes, Nullable::Value(vec!["a".to_owned()]));
    }

    #[test]
    fn escaped_and_owned_names_match_as_well() {
        // `\u0069d` is `id`: serde_json hands it over unescaped, not borrowed.
        let text = r#"{"\u0069d":"k1","n\u0061me":"n","x\"y":1,"scopes":[]}"#;
        let key: ApiKey = serde_json::from_str(text).unwrap();
        assert_eq!(key.id, "k1");
        assert_eq!(key.name.as_deref(), Some("n"));
        assert_eq!(key.rest["x\"y"], 1);
        assert_eq!(key.scopes, Nullable::Value(vec![]));
        // A `serde_json::Value` gives its names as owned strings.
        let value = serde_json::json!({"id": "k2", "owner": "o", "extra": [1]});
        let key = ApiKey::deserialize(&value).unwrap();
        assert_eq!((key.id.as_str(), key.owner.as_deref()), ("k2", Some("o")));
        assert_eq!(ApiKey::deserialize(value).unwrap(), key);
        assert_eq!(key.rest["extra"], serde_json::json!([1]));
    }

    #[test]
    fn a_property_given_twice_keeps_its_last_value() {
        let text = r#"{"id":"first","x":1,"id":"second","x":2}"#;
        let key: ApiKey = serde_json::from_str(text).unwrap();
        assert_eq!(key.id, "second");
        assert_eq!(key.rest["x"], 2);
    }

    /// A value whose encoding fails, and one that counts its encodings.
    struct Fails;

    impl Serialize for Fails {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("this value cannot be encoded"))
        }
    }

    struct Counted<'a>(&'a std::cell::Cell<u32>);

    impl Serialize for Counted<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.0.set(self.0.get() + 1);
            serializer.serialize_u32(self.0.get())
        }
    }

    #[test]
    fn entries_keep_the_first_error_and_write_nothing_after_it() {
        let count = std::cell::Cell::new(0);
        let mut out = Vec::new();
        let result = entries(&mut serde_json::Serializer::new(&mut out))
            .entry("before", &Counted(&count))
            .entry("bad", &Fails)
            .optional_entry("after", &Some(Counted(&count)))
            .end(&AdditionalProperties::from(BTreeMap::from([(
                "rest".to_owned(),
                Counted(&count),
            )])));
        let error = result.unwrap_err();
        assert_eq!(error.to_string(), "this value cannot be encoded");
        assert_eq!(count.get(), 1, "nothing after the failing entry is encoded");
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"before":1,"bad":"#);
    }

    #[test]
    fn entries_write_present_fields_then_the_rest() {
        let key = ApiKey {
            id: "k1".into(),
            name: None,
            scopes: Nullable::Null,
            owner: None,
            rest: BTreeMap::from([("extra".to_owned(), serde_json::json!([1]))]).into(),
        };
        assert_eq!(
            serde_json::to_string(&key).unwrap(),
            r#"{"id":"k1","scopes":null,"owner":null,"extra":[1]}"#
        );
    }

    /// A page of keys, with a map property and typed unknown properties.
    #[derive(Debug)]
    struct Page {
        data: Vec<ApiKey>,
        counts: Option<BTreeMap<String, Vec<u64>>>,
        rest: AdditionalProperties<u64>,
    }

    impl<'de> Deserialize<'de> for Page {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    impl<'de> FromMap<'de> for Page {
        fn from_map<A: MapAccess<'de>>(mut object: Object<'de, A>) -> Result<Self, A::Error> {
            let mut data = None;
            let mut counts = None;
            let mut rest = AdditionalProperties::new();
            while let Some(key) = object.key()? {
                match key.as_str() {
                    "data" => object.value(&mut data),
                    "counts" => object.value(&mut counts),
                    _ => object.unknown(key, &mut rest),
                }?;
            }
            Ok(Page {
                data: required(data, "data")?,
                counts: optional(counts),
                rest,
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
            failure(r#"{"other":1}"#),
            (String::new(), "missing field `data`".into())
        );
        assert_eq!(
            failure(r#"{"data":[{"id":"a"}, 7]}"#),
            (
                "data[1]".into(),
                "invalid type: integer, expected a map".into()
            )
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
    fn errors_say_what_was_missing_or_wrong() {
        let missing = serde_json::from_str::<ApiKey>(r#"{"name":"n"}"#).unwrap_err();
        assert!(
            missing.to_string().starts_with("missing field `id`"),
            "{missing}"
        );
        let wrong = serde_json::from_str::<ApiKey>(r#"{"id":"k","scopes":[1]}"#).unwrap_err();
        assert!(
            wrong
                .to_string()
                .starts_with("invalid type: integer `1`, expected a string"),
            "{wrong}"
        );
        let not_object = serde_json::from_str::<ApiKey>("[1]").unwrap_err();
        assert!(
            not_object.to_string().contains("expected a map"),
            "{not_object}"
        );
    }
    /// A union dispatched on `type`, as generated.
    #[derive(Debug, PartialEq)]
    enum Included {
        Key(ApiKey),
        Token(Box<ApiKey>),
        Unknown(serde_json::Value),
    }

    impl<'de> Deserialize<'de> for Included {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let item = Item::read(deserializer)?;
            match item.tag("type") {
                Some("keys") => item.variant(Included::Key),
                Some("tokens" | "secrets") => item.variant(Included::Token),
                _ => Ok(item.unknown(Included::Unknown)),
            }
        }
    }

    /// A union without a discriminator, as generated: the first
    /// alternative that decodes.
    #[derive(Debug, PartialEq)]
    enum Either {
        Count(u64),
        Key(ApiKey),
        Unknown(serde_json::Value),
    }

    impl<'de> Deserialize<'de> for Either {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let item = Item::read(deserializer)?;
            if let Some(value) = item.attempt(Either::Count) {
                return Ok(value);
            }
            if let Some(value) = item.attempt(Either::Key) {
                return Ok(value);
            }
            Ok(item.unknown(Either::Unknown))
        }
    }

    #[test]
    fn tagged_unions_decode_the_variant_their_tag_names() {
        let text = r#"[
            {"id":"k1","scopes":null,"type":"keys","extra":"kept"},
            {"type":"secrets","id":"k\u0032","owner":"o"},
            {"type":"robots","id":"r1","nested":{"a":[1,-2,0.5,true,null]}},
            {"id":"untagged"},
            "not an object"
        ]"#;
        let items: Vec<Included> = serde_json::from_str(text).unwrap();
        // The tag is kept as an unknown property of the variant.
        let Included::Key(key) = &items[0] else {
            panic!("{:?}", items[0])
        };
        assert_eq!((key.id.as_str(), &key.scopes), ("k1", &Nullable::Null));
        assert_eq!(key.rest["type"], "keys");
        assert_eq!(key.rest["extra"], "kept");
        let Included::Token(token) = &items[1] else {
            panic!("{:?}", items[1])
        };
        assert_eq!(
            (token.id.as_str(), token.owner.as_deref()),
            ("k2", Some("o"))
        );
        assert_eq!(token.scopes, Nullable::Absent);
        assert_eq!(
            items[2..],
            [
                Included::Unknown(serde_json::json!(
                    {"type":"robots","id":"r1","nested":{"a":[1,-2,0.5,true,null]}}
                )),
                Included::Unknown(serde_json::json!({"id":"untagged"})),
                Included::Unknown(serde_json::json!("not an object")),
            ]
        );
        // The same from a reader, which lends no strings, and from a value.
        let from_reader: Vec<Included> = serde_json::from_reader(text.as_bytes()).unwrap();
        assert_eq!(from_reader, items);
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(Vec::<Included>::deserialize(&value).unwrap(), items);
    }

    #[test]
    fn untagged_unions_take_the_first_alternative_that_decodes() {
        let text = r#"[7, {"id":"k1","owner":"o"}, {"name":"no id"}, -1]"#;
        let items: Vec<Either> = serde_json::from_str(text).unwrap();
        assert_eq!(items[0], Either::Count(7));
        let Either::Key(key) = &items[1] else {
            panic!("{:?}", items[1])
        };
        assert_eq!((key.id.as_str(), key.owner.as_deref()), ("k1", Some("o")));
        assert_eq!(
            items[2..],
            [
                Either::Unknown(serde_json::json!({"name":"no id"})),
                Either::Unknown(serde_json::json!(-1)),
            ]
        );
    }

    #[test]
    fn union_variant_failures_keep_the_path_inside_the_variant() {
        #[derive(Debug)]
        struct Wrapper {
            #[allow(dead_code)]
            included: Vec<Included>,
        }
        impl<'de> Deserialize<'de> for Wrapper {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserialize(deserializer)
            }
        }
        impl<'de> FromMap<'de> for Wrapper {
            fn from_map<A: MapAccess<'de>>(mut object: Object<'de, A>) -> Result<Self, A::Error> {
                let mut included = None;
                while let Some(key) = object.key()? {
                    match key.as_str() {
                        "included" => object.value(&mut included)?,
                        _ => object.unknown(key, &mut AdditionalProperties::<u8>::new())?,
                    }
                }
                Ok(Wrapper {
                    included: required(included, "included")?,
                })
            }
        }
        let failure = |body: &str| match crate::located::from_slice::<Wrapper>(body.as_bytes()) {
            Ok(wrapper) => panic!("decoded {wrapper:?}"),
            Err(located) => (located.path.to_string(), located.reason),
        };
        let deep = r#"{"included":[{"type":"x"},{"type":"tokens","id":"a","scopes":["s",{"k":"SECRET"}]}]}"#;
        assert_eq!(
            failure(deep),
            (
                "included[1].scopes[1]".into(),
                "invalid type: map, expected a string".into()
            )
        );
        let tag_only = r#"{"included":[{"type":"keys"}]}"#;
        assert_eq!(
            failure(tag_only),
            ("included[0]".into(), "missing field `id`".into())
        );
        let plain = serde_json::from_str::<Included>(r#"{"type":"keys","id":3}"#).unwrap_err();
        assert_eq!(
            plain.to_string(),
            "at `id`: invalid type: integer, expected a string"
        );
    }
    /// A string enum, as generated.
    #[derive(Debug, PartialEq)]
    enum Status {
        Active,
        Disabled,
        Unknown(String),
    }

    impl Status {
        fn known(value: &str) -> Option<Self> {
            Some(match value {
                "Active" => Self::Active,
                "Disabled" => Self::Disabled,
                _ => return None,
            })
        }
    }

    impl<'de> Deserialize<'de> for Status {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            string_enum(deserializer, Self::known, Self::Unknown)
        }
    }

    #[test]
    fn string_enums_match_listed_values_and_keep_the_rest() {
        let text = r#"["Active","Disabled","Pending","Dis\u0061bled","Tab\tbed"]"#;
        let expected = [
            Status::Active,
            Status::Disabled,
            Status::Unknown("Pending".into()),
            Status::Disabled,
            Status::Unknown("Tab\tbed".into()),
        ];
        assert_eq!(serde_json::from_str::<Vec<Status>>(text).unwrap(), expected);
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(Vec::<Status>::deserialize(value).unwrap(), expected);
        let error = serde_json::from_str::<Status>("7").unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid type: integer `7`, expected a string at line 1 column 1"
        );
    }
}
