//! A field that can be absent, explicitly `null`, or set.
//!
//! Layer 1: imports nothing from the crate.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON field that distinguishes "absent" from "`null`".
///
/// `Option` cannot tell them apart, but an update request can: an absent
/// field leaves the value unchanged, `null` clears it. There is deliberately
/// no `From<Option<T>>`: whether `None` means "leave it" or "clear it" is the
/// caller's to say, with [`Nullable::Absent`] or [`Nullable::Null`].
/// Generated fields use
/// `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`, so that
/// an absent field deserializes as [`Nullable::Absent`] and is not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// The field is not present.
    #[default]
    Absent,
    /// The field is present and `null`.
    Null,
    /// The field is present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the field is absent (for `skip_serializing_if`).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the field is explicitly `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if there is one.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

/// `None` becomes [`Nullable::Null`]: an explicit "no value".
impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            // An absent field should have been skipped; `null` is the closest
            // thing when the container does not skip it.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Only called when the field is present; absence is `#[serde(default)]`.
        Option::<T>::deserialize(deserializer).map(|value| match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Update {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        name: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        count: Nullable<i64>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Open {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        name: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        tags: Nullable<Vec<String>>,
        #[serde(flatten)]
        additional_properties: BTreeMap<String, serde_json::Value>,
    }

    #[test]
    fn deserializes_the_three_states() {
        let update: Update = serde_json::from_value(json!({"name": null, "count": 3})).unwrap();
        assert_eq!(update.name, Nullable::Null);
        assert_eq!(update.count, Nullable::Value(3));
        let update: Update = serde_json::from_value(json!({})).unwrap();
        assert_eq!(update.name, Nullable::Absent);
        assert!(serde_json::from_value::<Update>(json!({"count": "x"})).is_err());
    }

    #[test]
    fn serializes_the_three_states() {
        let update = Update {
            name: Nullable::Null,
            count: Nullable::Absent,
        };
        assert_eq!(
            serde_json::to_value(&update).unwrap(),
            json!({"name": null})
        );
        let update = Update {
            name: "x".to_owned().into(),
            count: 2.into(),
        };
        assert_eq!(
            serde_json::to_value(&update).unwrap(),
            json!({"name": "x", "count": 2})
        );
        assert_eq!(
            serde_json::to_string(&Nullable::<u8>::Absent).unwrap(),
            "null"
        );
    }

    #[test]
    fn works_next_to_flattened_additional_properties() {
        let input = json!({"name": null, "tags": ["a"], "extra": {"x": 1}, "other": null});
        let open: Open = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(open.name, Nullable::Null);
        assert_eq!(open.tags, Nullable::Value(vec!["a".to_owned()]));
        assert_eq!(open.additional_properties.len(), 2);
        assert_eq!(serde_json::to_value(&open).unwrap(), input);

        let open: Open = serde_json::from_str(r#"{"extra": true}"#).unwrap();
        assert_eq!(open.name, Nullable::Absent);
        assert_eq!(open.tags, Nullable::Absent);
        assert_eq!(serde_json::to_value(&open).unwrap(), json!({"extra": true}));

        let open: Open = serde_json::from_str(r#"{"name": "n", "tags": null}"#).unwrap();
        assert_eq!(open.name, Nullable::Value("n".to_owned()));
        assert_eq!(open.tags, Nullable::Null);
    }

    #[test]
    fn accessors() {
        let value = Nullable::Value(5);
        assert_eq!(value.as_option(), Some(&5));
        assert_eq!(value.into_option(), Some(5));
        // The derived `Default` must not require `T: Default`.
        struct NoDefault;
        assert!(Nullable::<NoDefault>::default().is_absent());
        assert_eq!(Nullable::<u8>::Null.into_option(), None);
        assert_eq!(Nullable::<u8>::Absent.as_option(), None);
    }
}
