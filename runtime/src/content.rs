//! A JSON value buffered as read, borrowing its strings from the input.
//!
//! Layer 1: imports nothing from the crate.
//!
//! A union (`oneOf`) must see its whole item before it knows which variant
//! to decode: the tag may come last, and an untagged union tries each
//! variant in turn. Reading the item into a `serde_json::Value` builds a
//! `String` for every name and string and a map for every object, and then
//! the variant copies them again. [`Content`] is the item as it came: names
//! and strings without escapes are borrowed from the document, objects are
//! a `Vec` of entries in order, and a variant is decoded from it by
//! reference ([`ContentRef`], a `Deserializer`), so an untagged union can
//! try the next variant, and a failure can be decoded again under a path
//! tracker, from the same buffer. serde's own derives buffer the same way,
//! in a type they keep private.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, VariantAccess, Visitor,
};
use serde::Deserialize;

/// A buffered JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Content<'de> {
    /// `null` (or a unit, or `None`).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A non-negative integer.
    U64(u64),
    /// A negative integer.
    I64(i64),
    /// Any other number.
    F64(f64),
    /// A string borrowed from the input.
    Str(&'de str),
    /// A string the input could not lend (unescaped, or read from a stream).
    String(String),
    /// An array.
    Seq(Vec<Content<'de>>),
    /// An object: its entries in the order they came, a name given twice
    /// kept twice (whoever decodes it keeps the last, as from the document).
    Map(Vec<(Content<'de>, Content<'de>)>),
}

impl<'de> Content<'de> {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Content::Str(text) => Some(text),
            Content::String(text) => Some(text),
            _ => None,
        }
    }

    /// The value of the last entry named `name`, if this is an object.
    pub fn get(&self, name: &str) -> Option<&Content<'de>> {
        match self {
            Content::Map(entries) => (entries.iter().rev())
                .find(|(key, _)| key.as_str() == Some(name))
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// The same value as a `serde_json::Value`.
    pub fn to_value(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Content::Null => Value::Null,
            Content::Bool(b) => Value::Bool(*b),
            Content::U64(n) => Value::from(*n),
            Content::I64(n) => Value::from(*n),
            Content::F64(n) => Value::from(*n),
            Content::Str(text) => Value::String((*text).to_owned()),
            Content::String(text) => Value::String(text.clone()),
            Content::Seq(items) => Value::Array(items.iter().map(Content::to_value).collect()),
            Content::Map(entries) => Value::Object(
                (entries.iter())
                    .map(|(key, value)| (key_string(key), value.to_value()))
                    .collect(),
            ),
        }
    }

    /// What a type mismatch error calls it.
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Content::Null => Unexpected::Unit,
            Content::Bool(b) => Unexpected::Bool(*b),
            Content::U64(n) => Unexpected::Unsigned(*n),
            Content::I64(n) => Unexpected::Signed(*n),
            Content::F64(n) => Unexpected::Float(*n),
            Content::Str(text) => Unexpected::Str(text),
            Content::String(text) => Unexpected::Str(text),
            Content::Seq(_) => Unexpected::Seq,
            Content::Map(_) => Unexpected::Map,
        }
    }
}

/// An object key as a JSON name (JSON keys are strings; any other key is
/// written as its JSON text).
fn key_string(key: &Content<'_>) -> String {
    match key.as_str() {
        Some(text) => text.to_owned(),
        None => key.to_value().to_string(),
    }
}

impl<'de> Deserialize<'de> for Content<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ContentVisitor)
    }
}

struct ContentVisitor;

impl<'de> Visitor<'de> for ContentVisitor {
    type Value = Content<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Content<'de>, E> {
        Ok(Content::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Content<'de>, E> {
        Ok(match u64::try_from(value) {
            Ok(value) => Content::U64(value),
            Err(_) => Content::I64(value),
        })
    }

    fn visit_u64<E>(self, value: u64) -> Result<Content<'de>, E> {
        Ok(Content::U64(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Content<'de>, E> {
        Ok(Content::F64(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Content<'de>, E> {
        Ok(Content::String(value.to_owned()))
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Content<'de>, E> {
        Ok(Content::Str(value))
    }

    fn visit_string<E>(self, value: String) -> Result<Content<'de>, E> {
        Ok(Content::String(value))
    }

    fn visit_unit<E>(self) -> Result<Content<'de>, E> {
        Ok(Content::Null)
    }

    fn visit_none<E>(self) -> Result<Content<'de>, E> {
        Ok(Content::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Content<'de>, D::Error> {
        Content::deserialize(inner)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        inner: D,
    ) -> Result<Content<'de>, D::Error> {
        Content::deserialize(inner)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Content<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Content::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Content<'de>, A::Error> {
        // JSON gives no size: room for a small object, one growth for most.
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(8).min(64));
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Content::Map(entries))
    }
}

/// Decodes a value from a [`Content`] by reference, with the error type
/// `E` of the deserializer it was read from.
pub struct ContentRef<'a, 'de, E> {
    content: &'a Content<'de>,
    error: PhantomData<E>,
}

impl<'a, 'de, E> ContentRef<'a, 'de, E> {
    /// A deserializer of `content`.
    pub fn new(content: &'a Content<'de>) -> Self {
        ContentRef {
            content,
            error: PhantomData,
        }
    }

    fn invalid_type(&self, expected: &dyn de::Expected) -> E
    where
        E: de::Error,
    {
        E::invalid_type(self.content.unexpected(), expected)
    }
}

impl<'de, E: de::Error> Deserializer<'de> for ContentRef<'_, 'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.content {
            Content::Null => visitor.visit_unit(),
            Content::Bool(b) => visitor.visit_bool(*b),
            Content::U64(n) => visitor.visit_u64(*n),
            Content::I64(n) => visitor.visit_i64(*n),
            Content::F64(n) => visitor.visit_f64(*n),
            Content::Str(text) => visitor.visit_borrowed_str(text),
            Content::String(text) => visitor.visit_str(text),
            Content::Seq(items) => visit_seq(items, visitor),
            Content::Map(entries) => visit_map(entries, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.content {
            Content::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.content {
            Content::Null => visitor.visit_unit(),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_newtype_struct(self)
    }

    /// A unit variant is a string; any other variant an object of one entry.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        match self.content {
            Content::Str(_) | Content::String(_) => visitor.visit_enum(VariantRef {
                name: self.content,
                value: None,
                error: PhantomData,
            }),
            Content::Map(entries) if entries.len() == 1 => visitor.visit_enum(VariantRef {
                name: &entries[0].0,
                value: Some(&entries[0].1),
                error: PhantomData,
            }),
            _ => Err(self.invalid_type(&"a string or an object of one entry")),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

fn visit_seq<'de, V: Visitor<'de>, E: de::Error>(
    items: &[Content<'de>],
    visitor: V,
) -> Result<V::Value, E> {
    let mut access = SeqRef {
        items: items.iter(),
        error: PhantomData,
    };
    let value = visitor.visit_seq(&mut access)?;
    match access.items.len() {
        0 => Ok(value),
        _ => Err(E::invalid_length(items.len(), &"fewer elements")),
    }
}

fn visit_map<'de, V: Visitor<'de>, E: de::Error>(
    entries: &[(Content<'de>, Content<'de>)],
    visitor: V,
) -> Result<V::Value, E> {
    let mut access = MapRef {
        entries: entries.iter(),
        value: None,
        error: PhantomData,
    };
    let value = visitor.visit_map(&mut access)?;
    match access.entries.len() {
        0 => Ok(value),
        _ => Err(E::invalid_length(entries.len(), &"fewer entries")),
    }
}

struct SeqRef<'a, 'de, E> {
    items: std::slice::Iter<'a, Content<'de>>,
    error: PhantomData<E>,
}

impl<'de, E: de::Error> SeqAccess<'de> for SeqRef<'_, 'de, E> {
    type Error = E;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, E> {
        self.items
            .next()
            .map(|item| seed.deserialize(ContentRef::new(item)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapRef<'a, 'de, E> {
    entries: std::slice::Iter<'a, (Content<'de>, Content<'de>)>,
    value: Option<&'a Content<'de>>,
    error: PhantomData<E>,
}

impl<'de, E: de::Error> MapAccess<'de> for MapRef<'_, 'de, E> {
    type Error = E;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, E> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(ContentRef::new(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, E> {
        match self.value.take() {
            Some(value) => seed.deserialize(ContentRef::new(value)),
            None => Err(E::custom("a map value was asked for before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An enum variant: its name, and its value unless a unit variant.
struct VariantRef<'a, 'de, E> {
    name: &'a Content<'de>,
    value: Option<&'a Content<'de>>,
    error: PhantomData<E>,
}

impl<'a, 'de, E: de::Error> EnumAccess<'de> for VariantRef<'a, 'de, E> {
    type Error = E;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), E> {
        let name = seed.deserialize(ContentRef::new(self.name))?;
        Ok((name, self))
    }
}

impl<'de, E: de::Error> VariantAccess<'de> for VariantRef<'_, 'de, E> {
    type Error = E;

    fn unit_variant(self) -> Result<(), E> {
        match self.value {
            None | Some(Content::Null) => Ok(()),
            Some(other) => Err(E::invalid_type(other.unexpected(), &"a unit variant")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, E> {
        match self.value {
            Some(value) => seed.deserialize(ContentRef::new(value)),
            None => Err(E::invalid_type(
                Unexpected::UnitVariant,
                &"a newtype variant",
            )),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, E> {
        match self.value {
            Some(Content::Seq(items)) => visit_seq(items, visitor),
            _ => Err(E::invalid_type(Unexpected::UnitVariant, &"a tuple variant")),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        match self.value {
            Some(Content::Map(entries)) => visit_map(entries, visitor),
            _ => Err(E::invalid_type(
                Unexpected::UnitVariant,
                &"a struct variant",
            )),
        }
    }
}

impl<'a, 'de, E: de::Error> IntoDeserializer<'de, E> for ContentRef<'a, 'de, E> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn buffer(text: &str) -> Content<'_> {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn strings_without_escapes_are_borrowed_and_order_is_kept() {
        let content =
            buffer(r#"{"b":"plain","a":"tab\there","n":-3,"u":7,"f":1.5,"z":[null,true]}"#);
        let Content::Map(entries) = &content else {
            panic!("{content:?}")
        };
        let names: Vec<_> = entries.iter().map(|(k, _)| k.as_str().unwrap()).collect();
        assert_eq!(names, ["b", "a", "n", "u", "f", "z"]);
        assert!(matches!(content.get("b"), Some(Content::Str("plain"))));
        assert!(matches!(content.get("a"), Some(Content::String(s)) if s == "tab\there"));
        assert_eq!(content.get("n"), Some(&Content::I64(-3)));
        assert_eq!(content.get("u"), Some(&Content::U64(7)));
        assert_eq!(content.get("missing"), None);
        assert_eq!(
            content.to_value(),
            json!({"b":"plain","a":"tab\there","n":-3,"u":7,"f":1.5,"z":[null,true]})
        );
    }

    #[test]
    fn a_name_given_twice_reads_as_its_last_value() {
        let content = buffer(r#"{"type":"a","type":"b"}"#);
        assert_eq!(content.get("type").and_then(Content::as_str), Some("b"));
        let decoded: std::collections::BTreeMap<String, String> =
            Deserialize::deserialize(ContentRef::<serde_json::Error>::new(&content)).unwrap();
        assert_eq!(decoded["type"], "b");
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Item {
        id: String,
        count: Option<u32>,
        tags: Vec<String>,
        kind: Kind,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Plain,
        Sized(u8),
        Pair(u8, u8),
        Shaped { w: u8 },
    }

    #[test]
    fn values_decode_from_the_buffer_as_from_the_document() {
        for (text, kind) in [
            (r#""plain""#, Kind::Plain),
            (r#"{"sized":3}"#, Kind::Sized(3)),
            (r#"{"pair":[1,2]}"#, Kind::Pair(1, 2)),
            (r#"{"shaped":{"w":4}}"#, Kind::Shaped { w: 4 }),
        ] {
            let text = format!(r#"{{"id":"x","count":null,"tags":["a","b"],"kind":{text}}}"#);
            let content = buffer(&text);
            let item = Item::deserialize(ContentRef::<serde_json::Error>::new(&content)).unwrap();
            assert_eq!(item, serde_json::from_str::<Item>(&text).unwrap());
            assert_eq!(item.kind, kind);
        }
    }

    #[test]
    fn mismatches_fail_as_they_would_from_the_document() {
        let content = buffer(r#"{"id":7,"tags":[],"kind":"plain"}"#);
        let error = Item::deserialize(ContentRef::<serde_json::Error>::new(&content)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid type: integer `7`, expected a string"
        );
        let content = buffer(r#"[1,2,3]"#);
        let error =
            <(u8, u8)>::deserialize(ContentRef::<serde_json::Error>::new(&content)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid length 3, expected fewer elements"
        );
    }
}
