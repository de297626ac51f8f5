//! Numbers as specs write them, which is not always as Rust's types hold
//! them.
//!
//! Real specs put integers beyond 64 bits in bounds and defaults (OpenAI's
//! `minimum: -9223372036854776000`, the float-printed `i64::MIN`). The YAML
//! parser refuses those outright, and openapiv3 reads an integer schema's
//! `minimum` and `maximum` as `i64`. So YAML is read through [`LooseValue`],
//! which keeps an out-of-range integer as the nearest float, and
//! [`clamp_integer_bounds`] then brings an integer schema's bounds back into
//! `i64`, the widest integer the generated client uses.

use std::fmt;

use serde::de::{
    Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Number, Value};

/// A YAML value whose integers beyond 64 bits became floats.
pub struct LooseValue(pub Value);

impl<'de> Deserialize<'de> for LooseValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor).map(LooseValue)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Number(match i64::try_from(v) {
            Ok(small) => small.into(),
            Err(_) => Number::from(v as f64),
        }))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(Value::Number(match u64::try_from(v) {
            Ok(small) => small.into(),
            Err(_) => Number::from(v as f64),
        }))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
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

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        LooseValue::deserialize(d).map(|v| v.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(LooseValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Mapping::new();
        while let Some((LooseValue(key), LooseValue(value))) = map.next_entry()? {
            out.insert(key, value);
        }
        Ok(Value::Mapping(out))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // serde_yaml hands a `!tag value` over as an enum.
        let (tag, variant): (String, _) = data.variant()?;
        let LooseValue(value) = variant.newtype_variant()?;
        Ok(Value::Tagged(Box::new(TaggedValue {
            tag: Tag::new(tag),
            value,
        })))
    }
}

/// Parses YAML text, keeping integers beyond 64 bits as floats.
pub fn parse_yaml(text: &str) -> Result<Value, serde_yaml::Error> {
    serde_yaml::from_str::<LooseValue>(text).map(|v| v.0)
}

/// Clamps the `minimum` and `maximum` of every integer schema into `i64`
/// (a float that is a whole number becomes that integer, saturated).
pub fn clamp_integer_bounds(node: &mut Value) {
    match node {
        Value::Mapping(map) => {
            let integer = map.get("type").and_then(Value::as_str) == Some("integer");
            if integer {
                for key in ["minimum", "maximum"] {
                    if let Some(Value::Number(n)) = map.get_mut(key) {
                        if let (None, None, Some(f)) = (n.as_i64(), n.as_u64(), n.as_f64()) {
                            if f.fract() == 0.0 {
                                // `as` saturates: beyond i64 is i64::MIN or MAX.
                                *n = Number::from(f as i64);
                            }
                        }
                        if let (None, Some(u)) = (n.as_i64(), n.as_u64()) {
                            *n = Number::from(i64::try_from(u).unwrap_or(i64::MAX));
                        }
                    }
                }
            }
            for (_, value) in map.iter_mut() {
                clamp_integer_bounds(value);
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(clamp_integer_bounds),
        Value::Tagged(tagged) => clamp_integer_bounds(&mut tagged.value),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_beyond_64_bits_are_read_and_bounds_clamped() {
        let mut value = parse_yaml(
            "type: integer\nminimum: -9223372036854776000\nmaximum: 18446744073709551616\ndefault: 99999999999999999999\n",
        )
        .unwrap();
        assert_eq!(value["default"].as_f64(), Some(1e20));
        clamp_integer_bounds(&mut value);
        assert_eq!(value["minimum"].as_i64(), Some(i64::MIN));
        assert_eq!(value["maximum"].as_i64(), Some(i64::MAX));
        let mut number = parse_yaml("type: number\nminimum: 1.5\n").unwrap();
        clamp_integer_bounds(&mut number);
        assert_eq!(number["minimum"].as_f64(), Some(1.5));
    }
}
