//! What a schema is, decided once.
//!
//! [`classify`] destructures a schema and returns its [`Shape`], the way
//! typify's `convert_schema_object` does; everything after it (a type
//! written in place, a model of its own, the kind of that model) matches
//! on the shape, never on the schema again. A new shape is a compile error
//! in each of those matches.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, Discriminator, IntegerFormat, NumberFormat, ReferenceOr,
    Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::SchemaRef;
use crate::ir::{Primitive, TypeRef};

/// A schema's properties, by wire name.
pub(super) type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The shape of a schema: what it becomes in Rust.
#[derive(Debug, Clone)]
pub(super) enum Shape<'s> {
    /// `$ref: '#/components/schemas/<name>'`: the component's type.
    Reference(&'s str),
    /// A value of a built-in type, by `type` and `format`: a number, a
    /// boolean, a string, a date, a date-time, a secret (`password`) or a
    /// file (`binary`).
    Scalar(TypeRef),
    /// Any JSON at all: no type, or `not`.
    Json,
    /// `type: array`: a list of `items` (of any JSON without them).
    List(Option<&'s ReferenceOr<Box<Schema>>>),
    /// An array whose items are listed one by one (3.1's `prefixItems`,
    /// kept by the 3.1 pass as an extension): a tuple.
    Tuple(&'s serde_json::Value),
    /// An object without named properties: a map to its
    /// `additionalProperties` (to any JSON without them).
    Map(Option<&'s AdditionalProperties>),
    /// A string with listed values: an enum of them.
    StringEnum {
        /// The values, in spec order.
        values: Vec<String>,
        /// The spec's default value, if any.
        default: Option<&'s serde_json::Value>,
    },
    /// An object with named properties: a struct.
    Struct {
        /// The named properties, in spec order.
        properties: &'s Properties,
        /// Which of them are required.
        required: &'s [String],
        /// The value of the properties it does not name.
        additional: Option<&'s AdditionalProperties>,
    },
    /// `oneOf` or `anyOf` of several schemas: an enum of them.
    Union {
        /// The alternatives, in spec order.
        alternatives: &'s [ReferenceOr<Schema>],
        /// `oneOf` or `anyOf`, as the pointer to the alternatives reads.
        keyword: &'static str,
        /// The property whose value selects an alternative, if any.
        discriminator: Option<&'s Discriminator>,
    },
    /// `allOf` of several objects (and the schema's own properties): one
    /// struct with every part's properties.
    Merge {
        /// The parts, in spec order.
        parts: &'s [ReferenceOr<Schema>],
        /// The properties beside `allOf`, if any.
        own: Option<&'s Properties>,
    },
    /// One part that stands for the whole: `oneOf`, `anyOf` or `allOf` of
    /// one schema, or `allOf` of one schema beside parts that only annotate
    /// it (`description`, `example`), how 3.0 specs give a `$ref` siblings.
    /// Merging such a part into a struct of its own would, for a schema
    /// that holds itself this way (AWS's `Expression` and its `Not`, or
    /// through a nested `allOf`), build one without end.
    Part {
        /// The part.
        part: SchemaRef<'s>,
        /// `oneOf`, `anyOf` or `allOf`, as the pointer to the part reads.
        keyword: &'static str,
        /// The part's index there.
        index: usize,
    },
    /// A `type` OpenAPI does not have: an error where it is lowered.
    UnknownType(&'s str),
}

/// The shape of `schema`: the one place a schema's fields are looked at to
/// decide what it is.
pub(super) fn classify(schema: SchemaRef<'_>) -> Shape<'_> {
    let schema = match schema {
        SchemaRef::Ref(reference) => return Shape::Reference(reference),
        SchemaRef::Item(schema) => schema,
    };
    let discriminator = schema.schema_data.discriminator.as_ref();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => string_shape(
            schema,
            s.enumeration.iter().flatten().cloned().collect(),
            &s.format,
        ),
        SchemaKind::Type(Type::Integer(i)) => integer(&i.format),
        SchemaKind::Type(Type::Number(n)) => number(&n.format),
        SchemaKind::Type(Type::Boolean(_)) => Shape::Scalar(TypeRef::Primitive(Primitive::Bool)),
        SchemaKind::Type(Type::Array(a)) => array_shape(schema, a.items.as_ref()),
        SchemaKind::Type(Type::Object(o)) if o.properties.is_empty() => {
            Shape::Map(o.additional_properties.as_ref())
        }
        SchemaKind::Type(Type::Object(o)) => Shape::Struct {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        },
        SchemaKind::OneOf { one_of } => union_shape(one_of, "oneOf", discriminator),
        SchemaKind::AnyOf { any_of } => union_shape(any_of, "anyOf", discriminator),
        SchemaKind::AllOf { all_of } => match sole_part(all_of) {
            Some(index) => part(all_of, "allOf", index),
            None => Shape::Merge {
                parts: all_of,
                own: None,
            },
        },
        SchemaKind::Not { .. } => Shape::Json,
        SchemaKind::Any(any) => any_shape(schema, any),
    }
}

/// `AnySchema` is what openapiv3 gives for mixed or untyped schemas: the
/// composition keywords decide first, then named properties, then `type`.
fn any_shape<'s>(schema: &'s Schema, any: &'s AnySchema) -> Shape<'s> {
    let discriminator = schema.schema_data.discriminator.as_ref();
    let string_values = match any.typ.as_deref() {
        Some("string") => enum_strings(&any.enumeration),
        _ => Vec::new(),
    };
    if !string_values.is_empty() {
        return string_shape(schema, string_values, &VariantOrUnknownOrEmpty::Empty);
    }
    if !any.one_of.is_empty() {
        return Shape::Union {
            alternatives: &any.one_of,
            keyword: "oneOf",
            discriminator,
        };
    }
    if !any.any_of.is_empty() {
        return Shape::Union {
            alternatives: &any.any_of,
            keyword: "anyOf",
            discriminator,
        };
    }
    if !any.all_of.is_empty() {
        return match sole_part(&any.all_of) {
            Some(index) if any.properties.is_empty() => part(&any.all_of, "allOf", index),
            _ => Shape::Merge {
                parts: &any.all_of,
                own: Some(&any.properties),
            },
        };
    }
    if !any.properties.is_empty() {
        return Shape::Struct {
            properties: &any.properties,
            required: &any.required,
            additional: any.additional_properties.as_ref(),
        };
    }
    match any.typ.as_deref() {
        // `items` without `type` constrains an array only, and any other
        // value passes it. Slack's spec writes a message object as
        // `{items: {anyOf: [message, null]}}`: read as a list, every real
        // response failed to decode. (A parameter with such a schema is
        // still a list: `TypeLowerer::param_type_of`.)
        None if any.items.is_some() => Shape::Json,
        None if any.additional_properties.is_some() => {
            Shape::Map(any.additional_properties.as_ref())
        }
        None => Shape::Json,
        Some("string") => string_shape(schema, Vec::new(), &parse_format(&any.format)),
        Some("integer") => integer(&parse_format(&any.format)),
        Some("number") => number(&parse_format(&any.format)),
        Some("boolean") => Shape::Scalar(TypeRef::Primitive(Primitive::Bool)),
        Some("array") => array_shape(schema, any.items.as_ref()),
        Some("object") => Shape::Map(any.additional_properties.as_ref()),
        Some(other) => Shape::UnknownType(other),
    }
}

/// A string's shape: an enum when it lists values, else by its format.
fn string_shape<'s>(
    schema: &'s Schema,
    values: Vec<String>,
    format: &VariantOrUnknownOrEmpty<StringFormat>,
) -> Shape<'s> {
    if !values.is_empty() {
        return Shape::StringEnum {
            values,
            default: schema.schema_data.default.as_ref(),
        };
    }
    Shape::Scalar(match format {
        // `format: password` marks a secret: it must not print.
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => TypeRef::Secret,
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::File,
        // A date-time or a date is a chrono type, anything else (`uuid`,
        // `uri`, `email`, ...) stays a `String`.
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        _ => TypeRef::STRING,
    })
}

fn integer<'s>(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> Shape<'s> {
    Shape::Scalar(TypeRef::Primitive(match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Primitive::I32,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uint32" => Primitive::U32,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uint64" => Primitive::U64,
        _ => Primitive::I64,
    }))
}

fn number<'s>(format: &VariantOrUnknownOrEmpty<NumberFormat>) -> Shape<'s> {
    Shape::Scalar(TypeRef::Primitive(match format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Primitive::F32,
        _ => Primitive::F64,
    }))
}

/// An array: a tuple when the 3.1 pass kept its `prefixItems`, else a list.
fn array_shape<'s>(schema: &'s Schema, items: Option<&'s ReferenceOr<Box<Schema>>>) -> Shape<'s> {
    match schema
        .schema_data
        .extensions
        .get(crate::openapi31::PREFIX_ITEMS)
    {
        Some(prefix_items) => Shape::Tuple(prefix_items),
        None => Shape::List(items),
    }
}

/// `oneOf` or `anyOf`: of one schema, that schema; else a union.
fn union_shape<'s>(
    alternatives: &'s [ReferenceOr<Schema>],
    keyword: &'static str,
    discriminator: Option<&'s Discriminator>,
) -> Shape<'s> {
    match alternatives {
        [_] => part(alternatives, keyword, 0),
        _ => Shape::Union {
            alternatives,
            keyword,
            discriminator,
        },
    }
}

fn part<'s>(parts: &'s [ReferenceOr<Schema>], keyword: &'static str, index: usize) -> Shape<'s> {
    Shape::Part {
        part: (&parts[index]).into(),
        keyword,
        index,
    }
}

/// The index of the one part among `parts` that stands for them all: the
/// only part, or the one that is more than an annotation (`description`,
/// `xml`, `example`: no type, properties or items) when there is exactly
/// one: usually a `$ref`, or an inline `allOf` around one (`allOf:
/// [{allOf: [{$ref: A}]}, {}]`).
fn sole_part(parts: &[ReferenceOr<Schema>]) -> Option<usize> {
    if parts.len() == 1 {
        return Some(0);
    }
    let annotation = |p: &ReferenceOr<Schema>| matches!(p, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(any), .. }) if *any == AnySchema::default());
    let mut parts = parts.iter().enumerate().filter(|(_, p)| !annotation(p));
    match (parts.next(), parts.next()) {
        (Some((i, _)), None) => Some(i),
        _ => None,
    }
}

/// A string enum's values as the schema's type reads them: YAML's `3` or
/// `true` in a string enum is the string `"3"` or `"true"`; `null` is no
/// value (it makes the schema nullable).
fn enum_strings(values: &[serde_json::Value]) -> Vec<String> {
    values
        .iter()
        .filter_map(|v| match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        })
        .collect()
}

fn parse_format<T: std::str::FromStr>(format: &Option<String>) -> VariantOrUnknownOrEmpty<T> {
    match format {
        None => VariantOrUnknownOrEmpty::Empty,
        Some(f) => match f.parse() {
            Ok(v) => VariantOrUnknownOrEmpty::Item(v),
            Err(_) => VariantOrUnknownOrEmpty::Unknown(f.clone()),
        },
    }
}

/// What one part of an `allOf` adds to the struct they merge into.
pub(super) struct MergePart<'s> {
    /// Its named properties, if any.
    pub(super) properties: Option<&'s Properties>,
    /// The properties it requires (its own or another part's).
    pub(super) required: &'s [String],
    /// Its own `allOf` parts, merged in after it.
    pub(super) parts: &'s [ReferenceOr<Schema>],
}

/// What `schema`, one part of an `allOf`, adds to the merged struct; `None`
/// for a part that is not an object (a string with extra constraints, a
/// union): there is no struct to merge it into. Annotations and
/// `required` lists without a type are objects that add nothing, or only
/// which properties are required.
pub(super) fn merge_part(schema: &Schema) -> Option<MergePart<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(MergePart {
            properties: Some(&o.properties),
            required: &o.required,
            parts: &[],
        }),
        SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() => Some(MergePart {
            properties: Some(&any.properties),
            required: &any.required,
            parts: &any.all_of,
        }),
        SchemaKind::AllOf { all_of } => Some(MergePart {
            properties: None,
            required: &[],
            parts: all_of,
        }),
        SchemaKind::Type(_)
        | SchemaKind::OneOf { .. }
        | SchemaKind::AnyOf { .. }
        | SchemaKind::Not { .. }
        | SchemaKind::Any(_) => None,
    }
}
