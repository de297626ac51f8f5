//! Reading a JSON document strictly: a key repeated in one object is an
//! error at that key's JSON pointer, as YAML's reader already refuses it.
//! `serde_json::Value` keeps the last value in silence, and an operation or
//! schema could vanish that way.

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::Pointer;

/// Why a JSON document was refused.
#[derive(Debug)]
pub(crate) struct JsonError {
    /// Where the problem is: the repeated key's pointer, or the root for a
    /// syntax error.
    pub pointer: Pointer,
    /// The 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses `text` as JSON, refusing repeated keys.
pub(crate) fn parse(text: &str) -> Result<Value, JsonError> {
    let duplicate = RefCell::new(None);
    let path = RefCell::new(Vec::new());
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let seed = Node {
        path: &path,
        duplicate: &duplicate,
    };
    let parsed = seed
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    parsed.map_err(|error| {
        let line = error.line();
        match duplicate.into_inner() {
            Some((pointer, key)) => JsonError {
                pointer,
                line,
                message: format!("duplicate key `{key}`: the object already has it"),
            },
            None => JsonError {
                pointer: Pointer::root(),
                line,
                message: error.to_string(),
            },
        }
    })
}

/// One value at `path`; a repeated key is recorded in `duplicate` with its
/// pointer, and stops the parse.
#[derive(Clone, Copy)]
struct Node<'a> {
    path: &'a RefCell<Vec<String>>,
    duplicate: &'a RefCell<Option<(Pointer, String)>>,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // As serde_json's own `Value` reads it: a non-finite float is null.
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            self.path.borrow_mut().push(items.len().to_string());
            let item = seq.next_element_seed(self);
            self.path.borrow_mut().pop();
            match item? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                let pointer = self
                    .path
                    .borrow()
                    .iter()
                    .fold(Pointer::root(), |p, step| p.push(step))
                    .push(&key);
                *self.duplicate.borrow_mut() = Some((pointer, key));
                return Err(A::Error::custom("duplicate key"));
            }
            self.path.borrow_mut().push(key.clone());
            let value = map.next_value_seed(self);
            self.path.borrow_mut().pop();
            object.insert(key, value?);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_key_is_named_with_its_pointer_and_line() {
        let text =
            "{\n  \"paths\": {\n    \"/a/{id}\": {\"get\": {}},\n    \"/a/{id}\": {}\n  }\n}";
        let error = parse(text).unwrap_err();
        assert_eq!(error.pointer.to_string(), "#/paths/~1a~1{id}");
        assert_eq!(error.line, 4);
        assert_eq!(
            error.message,
            "duplicate key `/a/{id}`: the object already has it"
        );
        let error = parse(r#"{"a": [{"b": 1, "b": 2}]}"#).unwrap_err();
        assert_eq!(error.pointer.to_string(), "#/a/0/b");
    }

    #[test]
    fn a_document_reads_as_serde_json_reads_it() {
        let text =
            r#"{"a": [1, -2, 3.5, "x", null, true, {"b": {}}], "big": 18446744073709551615}"#;
        assert_eq!(
            parse(text).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
        let error = parse("{\"a\": 1,\n}").unwrap_err();
        assert_eq!((error.pointer.to_string().as_str(), error.line), ("#", 2));
        assert!(parse("{} trailing").is_err());
    }
}
