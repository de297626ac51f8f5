//! The properties of an object that its schema does not name.
//!
//! Layer 1: imports nothing from the crate.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The properties of a JSON object that its schema does not name, kept as
/// received, by name: every generated struct has such a field.
///
/// It is a [`BTreeMap`] (it derefs to one, and converts from and into one)
/// that takes one word in its struct and costs nothing to create or drop
/// while empty. Almost every decoded object has nothing beyond what its
/// schema names: a `BTreeMap` itself would take three words in every
/// struct, each nested struct larger to move while decoding, and its drop
/// is a call that sets up a walk over no entries, once for every object of
/// a response.
// The box is the point: one word where a `BTreeMap` takes three.
#[allow(clippy::box_collection)]
pub struct AdditionalProperties<T = serde_json::Value>(Option<Box<BTreeMap<String, T>>>);

impl<T> AdditionalProperties<T> {
    /// No properties.
    #[inline]
    pub const fn new() -> Self {
        AdditionalProperties(None)
    }

    /// The map.
    pub fn into_inner(self) -> BTreeMap<String, T> {
        self.0.map(|map| *map).unwrap_or_default()
    }
}

impl<T> Default for AdditionalProperties<T> {
    #[inline]
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Deref for AdditionalProperties<T> {
    type Target = BTreeMap<String, T>;

    #[inline]
    fn deref(&self) -> &BTreeMap<String, T> {
        match &self.0 {
            Some(map) => map,
            // A constant: no map is made for an empty one.
            None => const { &BTreeMap::new() },
        }
    }
}

/// Creates the map, if there is none yet.
impl<T> DerefMut for AdditionalProperties<T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut BTreeMap<String, T> {
        self.0.get_or_insert_default()
    }
}

impl<T> From<BTreeMap<String, T>> for AdditionalProperties<T> {
    fn from(map: BTreeMap<String, T>) -> Self {
        AdditionalProperties((!map.is_empty()).then(|| Box::new(map)))
    }
}

impl<T> From<AdditionalProperties<T>> for BTreeMap<String, T> {
    fn from(properties: AdditionalProperties<T>) -> Self {
        properties.into_inner()
    }
}

impl<T> FromIterator<(String, T)> for AdditionalProperties<T> {
    fn from_iter<I: IntoIterator<Item = (String, T)>>(iter: I) -> Self {
        BTreeMap::from_iter(iter).into()
    }
}

impl<T> Extend<(String, T)> for AdditionalProperties<T> {
    fn extend<I: IntoIterator<Item = (String, T)>>(&mut self, iter: I) {
        (**self).extend(iter);
    }
}

impl<T> IntoIterator for AdditionalProperties<T> {
    type Item = (String, T);
    type IntoIter = std::collections::btree_map::IntoIter<String, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_inner().into_iter()
    }
}

impl<'a, T> IntoIterator for &'a AdditionalProperties<T> {
    type Item = (&'a String, &'a T);
    type IntoIter = std::collections::btree_map::Iter<'a, String, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut AdditionalProperties<T> {
    type Item = (&'a String, &'a mut T);
    type IntoIter = std::collections::btree_map::IterMut<'a, String, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<T: Clone> Clone for AdditionalProperties<T> {
    fn clone(&self) -> Self {
        AdditionalProperties(self.0.clone())
    }
}

/// Equal when they hold the same properties, however they were made.
impl<T: PartialEq> PartialEq for AdditionalProperties<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Eq> Eq for AdditionalProperties<T> {}

impl<T: fmt::Debug> fmt::Debug for AdditionalProperties<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        BTreeMap::fmt(self, f)
    }
}

/// A JSON object of the properties.
impl<T: Serialize> Serialize for AdditionalProperties<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        BTreeMap::serialize(self, serializer)
    }
}

/// A JSON object, every property kept.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for AdditionalProperties<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BTreeMap::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;

    #[test]
    fn reads_and_writes_as_the_map_it_holds() {
        let mut properties = AdditionalProperties::new();
        properties.insert("tags".to_owned(), serde_json::json!(["a"]));
        properties.extend([("team".to_owned(), serde_json::json!("sre"))]);
        assert_eq!(properties.get("team"), Some(&serde_json::json!("sre")));
        assert_eq!(
            serde_json::to_string(&properties).unwrap(),
            r#"{"tags":["a"],"team":"sre"}"#
        );
        let names: Vec<&String> = (&properties).into_iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["tags", "team"]);
        assert_eq!(
            format!("{properties:?}"),
            r#"{"tags": Array [String("a")], "team": String("sre")}"#
        );

        let back: AdditionalProperties =
            serde_json::from_str(r#"{"tags":["a"],"team":"sre"}"#).unwrap();
        assert_eq!(back, properties);
        let map: BTreeMap<String, serde_json::Value> = back.into();
        assert_eq!(map.len(), 2);
    }

    /// One word in every generated struct, and equal by content whether
    /// a map was ever made or not.
    #[test]
    fn an_empty_one_is_a_word_and_equals_any_other_empty_one() {
        assert_eq!(
            std::mem::size_of::<AdditionalProperties>(),
            std::mem::size_of::<usize>()
        );
        let mut touched = AdditionalProperties::<u8>::new();
        touched.insert("a".to_owned(), 1);
        touched.clear();
        assert_eq!(touched, AdditionalProperties::new());
        assert_eq!(
            AdditionalProperties::from(BTreeMap::<String, u8>::new()),
            touched
        );
        assert_eq!(serde_json::to_string(&touched).unwrap(), "{}");
        assert!(touched.into_inner().is_empty());
    }

    /// Every value is dropped once, with the properties or with the map
    /// taken out of them.
    #[test]
    fn drops_every_value_it_holds() {
        let value = Rc::new(());
        let mut properties = AdditionalProperties::new();
        properties.insert("a".to_owned(), Rc::clone(&value));
        properties.insert("b".to_owned(), Rc::clone(&value));
        let copy = properties.clone();
        assert_eq!(Rc::strong_count(&value), 5);
        drop(properties);
        assert_eq!(Rc::strong_count(&value), 3);
        let map = copy.into_inner();
        assert_eq!(Rc::strong_count(&value), 3);
        drop(map);
        assert_eq!(Rc::strong_count(&value), 1);
    }
}
