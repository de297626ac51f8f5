//! A string whose `Debug` and `Display` output is redacted.
//!
//! Layer 1: imports nothing from the crate.

use std::fmt;

/// A credential whose `Debug` and `Display` output is redacted.
///
/// Use [`Secret::expose`] where the value is really needed. It serializes as
/// the plain string, because response and request bodies carry key values
/// (a created key, for instance) that must reach the wire and the caller.
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret value itself.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `Some` unless `value` is empty: an empty credential counts as unset.
    pub(crate) fn non_empty(value: String) -> Option<Self> {
        (!value.is_empty()).then_some(Secret(value))
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "abcdef0123456789SECRETKEY";

    #[test]
    fn secrets_are_redacted() {
        let secret = Secret::new(KEY);
        assert_eq!(format!("{secret:?}"), "Secret(\"***\")");
        assert_eq!(format!("{secret:#?}"), "Secret(\"***\")");
        assert_eq!(format!("{secret}"), "***");
        assert_eq!(secret.expose(), KEY);
    }

    #[test]
    fn serializes_as_the_plain_string() {
        let secret = Secret::from(KEY);
        assert_eq!(
            serde_json::to_string(&secret).unwrap(),
            format!("\"{KEY}\"")
        );
        let back: Secret = serde_json::from_str(&format!("\"{KEY}\"")).unwrap();
        assert_eq!(back, secret);
        assert_eq!(Secret::from(KEY.to_owned()), secret);
    }

    #[test]
    fn empty_values_are_unset() {
        assert!(Secret::non_empty(String::new()).is_none());
        assert_eq!(Secret::non_empty("k".to_owned()), Some(Secret::new("k")));
    }
}
