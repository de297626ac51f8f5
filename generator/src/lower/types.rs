//! Schemas → Rust types and models.
//!
//! [`TypeLowerer`] turns each schema into a [`TypeRef`] and records a
//! [`Model`] for every schema that needs a type of its own: component
//! schemas under their own names, inline objects, enums and unions under
//! names derived from where they appear (`ApiKeyAttributes` + `category` →
//! `ApiKeyAttributesCategory`). Models live in a table addressed by
//! [`ModelId`]; recursion is broken on ids, by boxing the members that lie
//! on a cycle of direct containment.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use crate::docs;
use crate::error::{Error, Pointer, Result};
use crate::ir::{
    DefaultImpl, Field, FieldShape, Model, ModelId, ModelKind, Primitive, TypeRef, UnionVariant,
    Variant,
};
use crate::load::Spec;
use crate::naming::{sanitize, sign_words, Case, Names};

/// Names a module-level type must not take: they would shadow the prelude
/// or the paths generated code relies on.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box",
    "Vec",
    "String",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Send",
    "Sync",
    "Sized",
    "ToString",
    "From",
    "Into",
    "Iterator",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "ToOwned",
    "AsRef",
    "Serialize",
    "Deserialize",
];

/// A schema reached from somewhere, possibly through a `$ref`.
#[derive(Clone, Copy)]
pub enum SchemaRef<'a> {
    /// `$ref: '#/components/schemas/<name>'`.
    Ref(&'a str),
    /// An inline schema.
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

/// Lowers the schemas of one spec.
pub struct TypeLowerer<'a> {
    spec: &'a Spec,
    /// Component schema name → its model's id, decided up front so that
    /// references can be lowered before their target is.
    component_ids: BTreeMap<String, ModelId>,
    /// Every type name in the module.
    names: Names,
    /// The model table: a slot per id, filled once the model is lowered.
    models: Vec<Slot>,
    /// For each struct or union: the models it holds directly (not through
    /// a list or a map), by field or variant index.
    direct: BTreeMap<ModelId, Vec<(usize, ModelId)>>,
    /// How many inline models are being built, one inside the other.
    inline_depth: usize,
}

/// How deep inline models may nest (see `inline_model`).
const MAX_INLINE_DEPTH: usize = 64;

/// A model's table entry: its names, known from the start, and the model
/// once lowered.
struct Slot {
    wire_name: String,
    rust_name: String,
    model: Option<Model>,
}

impl<'a> TypeLowerer<'a> {
    /// Names every component schema and gives it an id; lowers nothing yet.
    pub fn new(spec: &'a Spec) -> Result<Self> {
        let mut lowerer = TypeLowerer {
            spec,
            component_ids: BTreeMap::new(),
            names: Names::with_reserved(RESERVED_TYPE_NAMES.iter().copied()),
            models: Vec::new(),
            direct: BTreeMap::new(),
            inline_depth: 0,
        };
        if let Some(components) = &spec.doc.components {
            for name in components.schemas.keys() {
                let rust_name = lowerer.names.unique(&sanitize(name, Case::Pascal));
                let id = lowerer.allocate(name, rust_name);
                lowerer.component_ids.insert(name.clone(), id);
            }
        }
        Ok(lowerer)
    }

    fn allocate(&mut self, wire_name: &str, rust_name: String) -> ModelId {
        self.models.push(Slot {
            wire_name: wire_name.to_owned(),
            rust_name,
            model: None,
        });
        ModelId::new(self.models.len() - 1)
    }

    /// Lowers every component schema to a model, in spec order.
    pub fn lower_components(&mut self) -> Result<()> {
        let Some(components) = &self.spec.doc.components else {
            return Ok(());
        };
        for (name, schema) in &components.schemas {
            let ptr = Pointer::root()
                .push("components")
                .push("schemas")
                .push(name);
            let id = self.component_ids[name];
            let model = match schema {
                ReferenceOr::Reference { reference } => Model {
                    wire_name: name.clone(),
                    rust_name: self.rust_name(id),
                    docs: vec![format!("The `{name}` schema.")],
                    kind: ModelKind::Alias {
                        target: self.ref_type(reference, &ptr)?,
                    },
                },
                ReferenceOr::Item(schema) => self.build_model(id, schema, &ptr)?,
            };
            self.models[id.index()].model = Some(model);
        }
        Ok(())
    }

    /// The model table, components first; members on a cycle of direct
    /// containment are boxed, and conversions and accessors decided.
    pub fn finish(mut self) -> Vec<Model> {
        for (id, edges) in self.cyclic_edges() {
            let Some(Model {
                kind: ModelKind::Struct {
                    fields, default, ..
                },
                ..
            }) = &mut self.models[id.index()].model
            else {
                // Union alternatives that are models are boxed already.
                continue;
            };
            for (index, target) in edges {
                if let Some(field) = fields.get_mut(index) {
                    field.ty.box_model(target);
                    field.default_variant = None;
                    field.in_constructor = needs_value(field.shape);
                }
            }
            *default = default_impl(fields);
        }
        let mut models: Vec<Model> = self
            .models
            .into_iter()
            .map(|slot| {
                // Every slot is filled before lowering returns; an empty one
                // would only mean an error was reported already.
                slot.model.unwrap_or_else(|| Model {
                    wire_name: slot.wire_name.clone(),
                    rust_name: slot.rust_name,
                    docs: vec![format!("The `{}` schema.", slot.wire_name)],
                    kind: ModelKind::Alias {
                        target: TypeRef::Json,
                    },
                })
            })
            .collect();
        super::conveniences::add(&mut models);
        models
    }

    /// The Rust name of model `id`.
    pub fn rust_name(&self, id: ModelId) -> String {
        self.models
            .get(id.index())
            .map(|s| s.rust_name.clone())
            .unwrap_or_default()
    }

    /// The model `id`, once lowered.
    pub fn model(&self, id: ModelId) -> Option<&Model> {
        self.models.get(id.index()).and_then(|s| s.model.as_ref())
    }

    /// The type as docs name it.
    pub fn display(&self, ty: &TypeRef) -> String {
        ty.to_rust(&|id| self.models.get(id.index()).map(|s| s.rust_name.clone()))
            .unwrap_or_default()
    }

    /// The Rust type of a schema reached at `ptr`; inline schemas that need
    /// a type of their own are named `hint`.
    pub fn type_of(&mut self, schema: SchemaRef<'_>, ptr: &Pointer, hint: &str) -> Result<TypeRef> {
        match schema {
            SchemaRef::Ref(reference) => self.ref_type(reference, ptr),
            SchemaRef::Item(schema) => self.inline_type(schema, ptr, hint),
        }
    }

    /// Whether the schema (after following references) is nullable.
    /// Whether the schema (after following references) admits `null`:
    /// `nullable: true`, or `null` among its enum values.
    pub fn is_nullable(&self, schema: SchemaRef<'_>, ptr: &Pointer) -> Result<bool> {
        let schema = self.resolve(schema, ptr)?;
        let null_in_enum = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => s.enumeration.contains(&None),
            SchemaKind::Any(any) => any.enumeration.contains(&serde_json::Value::Null),
            _ => false,
        };
        Ok(schema.schema_data.nullable || null_in_enum)
    }

    /// Follows references to the schema itself.
    pub fn resolve<'s>(&'s self, schema: SchemaRef<'s>, ptr: &Pointer) -> Result<&'s Schema>
    where
        'a: 's,
    {
        match schema {
            SchemaRef::Item(s) => Ok(s),
            SchemaRef::Ref(reference) => resolve_component(self.spec, reference, ptr),
        }
    }

    /// Claims a type name in the module (for types that are not schemas,
    /// such as an operation's params struct); `wanted` is already a name.
    pub fn unique_type_name(&mut self, wanted: &str) -> String {
        self.names.unique(wanted)
    }

    /// Whether values of `ty` can be written as text (`Display`): numbers,
    /// booleans, strings, string enums, and aliases of those.
    pub fn has_text_form(&self, ty: &TypeRef) -> bool {
        match ty {
            // A date is ISO 8601 text (`2024-01-31`) when displayed; a
            // date-time displays with a space and `UTC`, not as RFC 3339.
            TypeRef::Primitive(_) | TypeRef::Date => true,
            TypeRef::Model(id) => match self.model(*id).map(|m| &m.kind) {
                Some(ModelKind::StringEnum { .. }) => true,
                Some(ModelKind::Alias { target }) => matches!(target, TypeRef::Primitive(_)),
                _ => false,
            },
            // `Secret` displays as `***`: it has no text form to send.
            _ => false,
        }
    }

    /// Whether values of `ty` are JSON objects: a map or a struct
    /// (directly or through an alias).
    pub fn is_object(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Map(_) => true,
            TypeRef::Model(id) => match self.model(*id).map(|m| &m.kind) {
                Some(ModelKind::Struct { .. }) => true,
                Some(ModelKind::Alias { target }) => self.is_object(target),
                _ => false,
            },
            _ => false,
        }
    }

    /// The variant of an enum-typed value that the spec's default names.
    pub fn default_variant(
        &self,
        ty: &TypeRef,
        schema: SchemaRef<'_>,
        ptr: &Pointer,
    ) -> Result<Option<String>> {
        let TypeRef::Model(id) = ty else {
            return Ok(None);
        };
        let Some(serde_json::Value::String(value)) =
            &self.resolve(schema, ptr)?.schema_data.default
        else {
            return Ok(None);
        };
        Ok(self.model(*id).and_then(|m| match &m.kind {
            ModelKind::StringEnum { variants, .. } => variants
                .iter()
                .find(|v| &v.wire_name == value)
                .map(|v| v.rust_name.clone()),
            _ => None,
        }))
    }

    fn ref_type(&self, reference: &str, ptr: &Pointer) -> Result<TypeRef> {
        let name = crate::load::component_name(reference, "schemas").ok_or_else(|| {
            Error::Unsupported {
                location: self.spec.location(ptr),
                what: format!(
                    "schema reference `{reference}` must point into `#/components/schemas`"
                ),
            }
        })?;
        self.component_ids
            .get(&name)
            .map(|id| TypeRef::Model(*id))
            .ok_or_else(|| Error::UnresolvedRef {
                location: self.spec.location(ptr),
                reference: reference.to_owned(),
            })
    }

    fn inline_type(&mut self, schema: &Schema, ptr: &Pointer, hint: &str) -> Result<TypeRef> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.iter().all(Option::is_none) => {
                self.inline_model(hint, schema, ptr)
            }
            // `format: password` marks a secret: it must not print.
            SchemaKind::Type(Type::String(s))
                if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Password) =>
            {
                Ok(TypeRef::Secret)
            }
            SchemaKind::Type(Type::String(s))
                if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary) =>
            {
                Ok(TypeRef::File)
            }
            SchemaKind::Type(Type::String(s)) => Ok(string_type(&s.format)),
            SchemaKind::Type(Type::Integer(i)) => Ok(TypeRef::Primitive(integer_type(&i.format))),
            SchemaKind::Type(Type::Number(n)) => Ok(TypeRef::Primitive(number_type(&n.format))),
            SchemaKind::Type(Type::Boolean(_)) => Ok(TypeRef::Primitive(Primitive::Bool)),
            SchemaKind::Type(Type::Array(_))
                if schema
                    .schema_data
                    .extensions
                    .contains_key(crate::openapi31::PREFIX_ITEMS) =>
            {
                self.tuple_type(
                    &schema.schema_data.extensions[crate::openapi31::PREFIX_ITEMS],
                    ptr,
                    hint,
                )
            }
            SchemaKind::Type(Type::Array(a)) => self.array_type(a.items.as_ref(), ptr, hint),
            SchemaKind::Type(Type::Object(o)) if o.properties.is_empty() => {
                self.map_type(o.additional_properties.as_ref(), ptr, hint)
            }
            SchemaKind::Type(Type::Object(_)) => self.inline_model(hint, schema, ptr),
            SchemaKind::OneOf { one_of: v } | SchemaKind::AnyOf { any_of: v } if v.len() == 1 => {
                self.type_of((&v[0]).into(), &ptr.push(one_or_any(schema)).push(0), hint)
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.type_of((&all_of[0]).into(), &ptr.push("allOf").push(0), hint)
            }
            // `allOf: [{$ref: A}, {description: ...}]`, how 3.0 specs give a
            // reference siblings: the type is A's. Merging it into a new
            // struct would, for a schema that holds itself this way (AWS's
            // `Expression` and its `Not`, or through a nested `allOf`),
            // build one without end.
            SchemaKind::AllOf { all_of } if sole_part(all_of).is_some() => {
                let i = sole_part(all_of).unwrap_or_default();
                self.type_of((&all_of[i]).into(), &ptr.push("allOf").push(i), hint)
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => {
                self.inline_model(hint, schema, ptr)
            }
            SchemaKind::Not { .. } => Ok(TypeRef::Json),
            SchemaKind::Any(any) => self.any_type(any, schema, ptr, hint),
        }
    }

    /// `AnySchema` is what openapiv3 gives for mixed or untyped schemas.
    fn any_type(
        &mut self,
        any: &openapiv3::AnySchema,
        schema: &Schema,
        ptr: &Pointer,
        hint: &str,
    ) -> Result<TypeRef> {
        if !any.properties.is_empty()
            || !any.one_of.is_empty()
            || !any.any_of.is_empty()
            || any.all_of.len() > 1
        {
            return self.inline_model(hint, schema, ptr);
        }
        if let [only] = any.all_of.as_slice() {
            return self.type_of(only.into(), &ptr.push("allOf").push(0), hint);
        }
        match any.typ.as_deref() {
            None if any.items.is_some() => self.array_type(any.items.as_ref(), ptr, hint),
            None if any.additional_properties.is_some() => {
                self.map_type(any.additional_properties.as_ref(), ptr, hint)
            }
            None => Ok(TypeRef::Json),
            Some("string") if !enum_strings(&any.enumeration).is_empty() => {
                self.inline_model(hint, schema, ptr)
            }
            Some("string") => Ok(string_type(&parse_format(&any.format))),
            Some("integer") => Ok(TypeRef::Primitive(integer_type(&parse_format(&any.format)))),
            Some("number") => Ok(TypeRef::Primitive(number_type(&parse_format(&any.format)))),
            Some("boolean") => Ok(TypeRef::Primitive(Primitive::Bool)),
            Some("array") => self.array_type(any.items.as_ref(), ptr, hint),
            Some("object") => self.map_type(any.additional_properties.as_ref(), ptr, hint),
            Some(other) => Err(Error::Unsupported {
                location: self.spec.location(&ptr.push("type")),
                what: format!("unknown schema type `{other}`"),
            }),
        }
    }

    fn array_type(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        ptr: &Pointer,
        hint: &str,
    ) -> Result<TypeRef> {
        let item = match items {
            Some(items) => {
                self.type_of(items.into(), &ptr.push("items"), &format!("{hint}Item"))?
            }
            None => TypeRef::Json,
        };
        Ok(item.wrapped(TypeRef::List))
    }

    /// A tuple from the `prefixItems` the 3.1 pass kept (see
    /// `openapi31.rs`); errors point at `prefixItems` as written.
    fn tuple_type(
        &mut self,
        items: &serde_json::Value,
        ptr: &Pointer,
        hint: &str,
    ) -> Result<TypeRef> {
        let ptr = ptr.push("prefixItems");
        let invalid = |ptr: &Pointer, what: String| Error::Unsupported {
            location: self.spec.location(ptr),
            what,
        };
        let serde_json::Value::Array(items) = items else {
            return Err(invalid(
                &ptr,
                "`prefixItems` that is not a list of schemas".into(),
            ));
        };
        let mut types = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let item_ptr = ptr.push(i);
            let schema: ReferenceOr<Schema> =
                serde_json::from_value(item.clone()).map_err(|e| {
                    invalid(
                        &item_ptr,
                        format!("a `prefixItems` entry that is not a schema ({e})"),
                    )
                })?;
            let ty = self.type_of((&schema).into(), &item_ptr, &format!("{hint}{i}"))?;
            types.push(match self.is_nullable((&schema).into(), &item_ptr)? {
                true => ty.wrapped(TypeRef::Option),
                false => ty,
            });
        }
        Ok(match types.len() {
            0 => TypeRef::Json.wrapped(TypeRef::List),
            _ => TypeRef::Tuple(types),
        })
    }

    fn map_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        ptr: &Pointer,
        hint: &str,
    ) -> Result<TypeRef> {
        let value = match additional {
            Some(AdditionalProperties::Schema(s)) => self.type_of(
                s.as_ref().into(),
                &ptr.push("additionalProperties"),
                &format!("{hint}Value"),
            )?,
            _ => TypeRef::Json,
        };
        Ok(value.wrapped(TypeRef::Map))
    }

    fn inline_model(&mut self, hint: &str, schema: &Schema, ptr: &Pointer) -> Result<TypeRef> {
        // Inline schemas nest no deeper than the document does (its parsers
        // stop at 128 levels), unless merging `allOf` parts brings a schema
        // back into itself: refuse that rather than recurse without end.
        if self.inline_depth >= MAX_INLINE_DEPTH {
            return Err(Error::Unsupported {
                location: self.spec.location(ptr),
                what: format!(
                    "inline schemas nested more than {MAX_INLINE_DEPTH} deep (a schema that holds itself through `allOf`?)"
                ),
            });
        }
        self.inline_depth += 1;
        let rust_name = self.names.unique(&sanitize(hint, Case::Pascal));
        let id = self.allocate(hint, rust_name);
        let model = self.build_model(id, schema, ptr);
        self.inline_depth -= 1;
        self.models[id.index()].model = Some(model?);
        Ok(TypeRef::Model(id))
    }

    /// The model for a schema that gets a type of its own.
    fn build_model(&mut self, id: ModelId, schema: &Schema, ptr: &Pointer) -> Result<Model> {
        let wire_name = self.models[id.index()].wire_name.clone();
        let rust_name = self.rust_name(id);
        let mut model_docs = Vec::new();
        if let Some(title) = &schema.schema_data.title {
            docs::append(&mut model_docs, title);
        }
        if let Some(description) = &schema.schema_data.description {
            docs::append(&mut model_docs, description);
        }
        if model_docs.is_empty() {
            model_docs.push(format!("The `{wire_name}` schema."));
        }
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                string_enum(&values, schema.schema_data.default.as_ref())
            }
            SchemaKind::Any(any)
                if any.typ.as_deref() == Some("string") && !any.enumeration.is_empty() =>
            {
                string_enum(
                    &enum_strings(&any.enumeration),
                    schema.schema_data.default.as_ref(),
                )
            }
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => {
                let props: Vec<_> = o
                    .properties
                    .iter()
                    .map(|(k, v)| (k.clone(), v, ptr.push("properties").push(k)))
                    .collect();
                self.struct_kind(
                    id,
                    &props,
                    &o.required,
                    o.additional_properties.as_ref(),
                    ptr,
                )?
            }
            SchemaKind::OneOf { one_of: v } => {
                self.union_kind(id, v, schema, &ptr.push("oneOf"))?
            }
            SchemaKind::AnyOf { any_of: v } => {
                self.union_kind(id, v, schema, &ptr.push("anyOf"))?
            }
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => {
                self.all_of_kind(id, all_of, &[], ptr)?
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() => {
                self.union_kind(id, &any.one_of, schema, &ptr.push("oneOf"))?
            }
            SchemaKind::Any(any) if !any.any_of.is_empty() => {
                self.union_kind(id, &any.any_of, schema, &ptr.push("anyOf"))?
            }
            SchemaKind::Any(any) if !any.all_of.is_empty() || !any.properties.is_empty() => {
                let own: Vec<_> = any
                    .properties
                    .iter()
                    .map(|(k, v)| (k.clone(), v, ptr.push("properties").push(k)))
                    .collect();
                if any.all_of.is_empty() {
                    self.struct_kind(
                        id,
                        &own,
                        &any.required,
                        any.additional_properties.as_ref(),
                        ptr,
                    )?
                } else {
                    self.all_of_kind(id, &any.all_of, &own, ptr)?
                }
            }
            _ => ModelKind::Alias {
                target: self.inline_type(schema, ptr, &rust_name)?,
            },
        };
        Ok(Model {
            wire_name,
            rust_name,
            docs: model_docs,
            kind,
        })
    }

    fn struct_kind(
        &mut self,
        id: ModelId,
        props: &[(String, &ReferenceOr<Box<Schema>>, Pointer)],
        required: &[String],
        additional: Option<&AdditionalProperties>,
        ptr: &Pointer,
    ) -> Result<ModelKind> {
        let rust_name = self.rust_name(id);
        let mut field_names = Names::new();
        let mut fields = Vec::new();
        let mut direct = Vec::new();
        for (wire, schema, field_ptr) in props {
            let schema: SchemaRef<'_> = (*schema).into();
            let hint = format!("{rust_name}{}", sanitize(wire, Case::Pascal));
            let inner = self.type_of(schema, field_ptr, &hint)?;
            let nullable = self.is_nullable(schema, field_ptr)?;
            let shape = match (required.contains(wire), nullable) {
                (true, false) => FieldShape::Required,
                (true, true) => FieldShape::RequiredNullable,
                (false, false) => FieldShape::Optional,
                (false, true) => FieldShape::OptionalNullable,
            };
            if let TypeRef::Model(target) = &inner {
                direct.push((fields.len(), *target));
            }
            let resolved = self.resolve(schema, field_ptr)?;
            let mut field_docs = Vec::new();
            if let Some(d) = &resolved.schema_data.description {
                docs::append(&mut field_docs, d);
            }
            if field_docs.is_empty() {
                field_docs.push(format!("The `{wire}` property."));
            }
            if resolved.schema_data.read_only {
                field_docs.push(String::new());
                field_docs.push("Read-only: set by the server.".into());
            }
            // Only a required field is filled in by the constructor; an
            // optional one stays absent so the server applies its default.
            let default_variant = match shape {
                FieldShape::Required => self.default_variant(&inner, schema, field_ptr)?,
                _ => None,
            };
            let field_name = field_names.unique(&sanitize(wire, Case::Snake));
            fields.push(Field {
                wire_name: wire.clone(),
                // Decided by `finish`, after boxing.
                setter: None,
                rust_name: field_name,
                ty: inner,
                shape,
                docs: field_docs,
                in_constructor: needs_value(shape) && default_variant.is_none(),
                default_variant,
            });
        }
        self.direct.insert(id, direct);
        let value = match additional {
            Some(AdditionalProperties::Schema(s)) => self.type_of(
                s.as_ref().into(),
                &ptr.push("additionalProperties"),
                &format!("{rust_name}AdditionalProperty"),
            )?,
            _ => TypeRef::Json,
        };
        Ok(ModelKind::Struct {
            default: default_impl(&fields),
            fields,
            additional: value,
            additional_field: field_names.unique("additional_properties"),
            // Filled in by `finish`, once every model is known.
            conversions: Vec::new(),
            id_accessor: None,
        })
    }

    /// `allOf` of objects: one struct with every part's properties.
    fn all_of_kind(
        &mut self,
        id: ModelId,
        parts: &[ReferenceOr<Schema>],
        own: &[(String, &ReferenceOr<Box<Schema>>, Pointer)],
        ptr: &Pointer,
    ) -> Result<ModelKind> {
        let mut props: Vec<(String, &ReferenceOr<Box<Schema>>, Pointer)> = Vec::new();
        let mut required = Vec::new();
        let mut seen = BTreeSet::new();
        let spec = self.spec;
        let mut stack: Vec<(SchemaRef<'_>, Pointer)> = parts
            .iter()
            .enumerate()
            .rev()
            .map(|(i, p)| (p.into(), ptr.push("allOf").push(i)))
            .collect();
        while let Some((part, part_ptr)) = stack.pop() {
            let (schema, at) = match part {
                SchemaRef::Item(s) => (s, part_ptr),
                SchemaRef::Ref(r) => {
                    let name = crate::load::component_name(r, "schemas").unwrap_or_default();
                    if !seen.insert(name.clone()) {
                        continue;
                    }
                    let s = resolve_component(spec, r, &part_ptr)?;
                    (
                        s,
                        Pointer::root()
                            .push("components")
                            .push("schemas")
                            .push(&name),
                    )
                }
            };
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => {
                    props.extend(
                        o.properties
                            .iter()
                            .map(|(k, v)| (k.clone(), v, at.push("properties").push(k))),
                    );
                    required.extend(o.required.iter().cloned());
                }
                SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() => {
                    props.extend(
                        any.properties
                            .iter()
                            .map(|(k, v)| (k.clone(), v, at.push("properties").push(k))),
                    );
                    required.extend(any.required.iter().cloned());
                    stack.extend(
                        any.all_of
                            .iter()
                            .enumerate()
                            .rev()
                            .map(|(i, p)| (p.into(), at.push("allOf").push(i))),
                    );
                }
                SchemaKind::AllOf { all_of } => {
                    stack.extend(
                        all_of
                            .iter()
                            .enumerate()
                            .rev()
                            .map(|(i, p)| (p.into(), at.push("allOf").push(i))),
                    );
                }
                // `allOf` of non-objects (a string with extra constraints, a
                // union) has no struct to merge into: keep the JSON as is.
                _ => {
                    return Ok(ModelKind::Alias {
                        target: TypeRef::Json,
                    })
                }
            }
        }
        props.extend(own.iter().map(|(k, v, p)| (k.clone(), *v, p.clone())));
        // A later part's property replaces an earlier one of the same name.
        let mut merged: Vec<(String, &ReferenceOr<Box<Schema>>, Pointer)> = Vec::new();
        for prop in props {
            match merged.iter_mut().find(|(k, _, _)| *k == prop.0) {
                Some(slot) => *slot = prop,
                None => merged.push(prop),
            }
        }
        self.struct_kind(id, &merged, &required, None, ptr)
    }

    fn union_kind(
        &mut self,
        id: ModelId,
        alternatives: &[ReferenceOr<Schema>],
        schema: &Schema,
        ptr: &Pointer,
    ) -> Result<ModelKind> {
        let rust_name = self.rust_name(id);
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut variant_names = Names::new();
        let mut claimed_tags = BTreeSet::new();
        let mut variants = Vec::new();
        for (i, alternative) in alternatives.iter().enumerate() {
            let alt_ptr = ptr.push(i);
            let ty = match alternative {
                ReferenceOr::Reference { reference } => self.ref_type(reference, &alt_ptr)?,
                ReferenceOr::Item(s) => {
                    self.inline_type(s, &alt_ptr, &format!("{rust_name}Variant{i}"))?
                }
            };
            let name_hint = self.variant_hint(&ty);
            let mut tags = Vec::new();
            if let (Some(d), ReferenceOr::Reference { reference }) = (discriminator, alternative) {
                tags.extend(
                    d.mapping
                        .iter()
                        .filter(|(_, target)| *target == reference)
                        .map(|(k, _)| k.clone()),
                );
                if tags.is_empty() {
                    tags = self.implicit_tags(reference, &d.property_name, &alt_ptr)?;
                }
            }
            // A value that selects an earlier alternative already stays
            // with it: the spec is ambiguous there (OpenAI's realtime items
            // give three alternatives the tag `message`), and a second
            // match arm for it could never be reached.
            tags.retain(|tag| claimed_tags.insert(tag.clone()));
            // Alternatives that are objects are boxed: the enum is then as
            // small as its smallest variant allows, and cycles through a
            // union are broken for free.
            let held = match &ty {
                TypeRef::Model(_) => ty.clone().wrapped(TypeRef::Boxed),
                _ => ty.clone(),
            };
            let selected_by = match (discriminator, tags.as_slice()) {
                (Some(d), [_, ..]) => {
                    let values: Vec<String> = tags.iter().map(|t| format!("`{t}`")).collect();
                    format!(
                        ", selected when `{}` is {}",
                        d.property_name,
                        values.join(" or ")
                    )
                }
                _ => String::new(),
            };
            variants.push(UnionVariant {
                docs: vec![format!("A `{}`{selected_by}.", self.display(&ty))],
                rust_name: variant_names.unique(&sanitize(&name_hint, Case::Pascal)),
                ty: held,
                tags,
            });
        }
        let unknown_variant = variant_names.catch_all();
        Ok(ModelKind::OneOf {
            variants,
            discriminator: discriminator.map(|d| d.property_name.clone()),
            unknown_variant,
        })
    }

    /// Without a mapping, a variant is selected by the values its
    /// discriminator property allows (its enum), else by its schema name.
    fn implicit_tags(&self, reference: &str, property: &str, ptr: &Pointer) -> Result<Vec<String>> {
        let schema = resolve_component(self.spec, reference, ptr)?;
        let prop = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => o.properties.get(property),
            SchemaKind::Any(a) => a.properties.get(property),
            _ => None,
        };
        let values = match prop {
            Some(p) => match self.resolve(p.into(), ptr)?.schema_kind {
                SchemaKind::Type(Type::String(ref s)) => {
                    s.enumeration.iter().flatten().cloned().collect()
                }
                _ => Vec::new(),
            },
            None => Vec::new(),
        };
        Ok(if values.is_empty() {
            vec![crate::load::component_name(reference, "schemas")
                .unwrap_or_else(|| reference.to_owned())]
        } else {
            values
        })
    }

    /// Edges of direct containment that lie on a cycle: by model, the
    /// field or variant indexes to box. Tarjan's algorithm, linear in the
    /// size of the graph.
    fn cyclic_edges(&self) -> BTreeMap<ModelId, Vec<(usize, ModelId)>> {
        let sccs = strongly_connected(&self.direct);
        let mut out: BTreeMap<ModelId, Vec<(usize, ModelId)>> = BTreeMap::new();
        for (model, edges) in &self.direct {
            for (index, target) in edges {
                if sccs.contains_key(target) && sccs.get(model) == sccs.get(target) {
                    out.entry(*model).or_default().push((*index, *target));
                }
            }
        }
        out
    }

    /// A variant name for a union alternative: its type's name.
    fn variant_hint(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Model(id) => self.rust_name(*id),
            TypeRef::Primitive(p) => p.as_rust().to_owned(),
            TypeRef::Secret => "Secret".into(),
            TypeRef::List(_) => "List".into(),
            TypeRef::Map(_) => "Map".into(),
            _ => "Value".into(),
        }
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

/// The index of the one part among `parts` that is more than an
/// annotation (`description`, `xml`, `example`: no type, properties or
/// items), when there is exactly one: usually a `$ref`, or an inline
/// `allOf` around one (`allOf: [{allOf: [{$ref: A}]}, {}]`).
fn sole_part(parts: &[ReferenceOr<Schema>]) -> Option<usize> {
    let annotation = |p: &ReferenceOr<Schema>| matches!(p, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(any), .. }) if *any == AnySchema::default());
    let mut parts = parts.iter().enumerate().filter(|(_, p)| !annotation(p));
    match (parts.next(), parts.next()) {
        (Some((i, _)), None) => Some(i),
        _ => None,
    }
}

/// Whether a field of `shape` must be given a value.
fn needs_value(shape: FieldShape) -> bool {
    matches!(shape, FieldShape::Required | FieldShape::RequiredNullable)
}

/// How a struct with `fields` implements `Default`.
pub(super) fn default_impl(fields: &[Field]) -> DefaultImpl {
    if !fields.iter().any(|f| needs_value(f.shape)) {
        DefaultImpl::Derive
    } else if fields.iter().all(|f| !f.in_constructor) {
        DefaultImpl::ViaNew
    } else {
        DefaultImpl::None
    }
}

fn resolve_component<'s>(spec: &'s Spec, reference: &str, ptr: &Pointer) -> Result<&'s Schema> {
    let r = ReferenceOr::<Schema>::Reference {
        reference: reference.to_owned(),
    };
    let resolved = spec.resolve(&r, ptr, "schemas", |c| &c.schemas)?;
    let name = resolved.name.unwrap_or_default();
    spec.doc
        .components
        .as_ref()
        .and_then(|c| c.schemas.get(&name))
        .and_then(|s| s.as_item())
        .ok_or_else(|| Error::UnresolvedRef {
            location: spec.location(ptr),
            reference: reference.to_owned(),
        })
}

fn string_enum(values: &[String], default: Option<&serde_json::Value>) -> ModelKind {
    let mut names = Names::new();
    let mut seen = BTreeSet::new();
    let variants: Vec<Variant> = values
        .iter()
        // A value listed twice is one variant.
        .filter(|v| seen.insert(v.as_str()))
        .map(|v| Variant {
            wire_name: v.clone(),
            rust_name: names.unique(&sanitize(&sign_words(v), Case::Pascal)),
        })
        .collect();
    let unknown_variant = names.catch_all();
    let default_variant = default
        .and_then(serde_json::Value::as_str)
        .and_then(|d| variants.iter().find(|v| v.wire_name == d))
        .map(|v| v.rust_name.clone());
    ModelKind::StringEnum {
        variants,
        unknown_variant,
        default_variant,
    }
}

fn one_or_any(schema: &Schema) -> &'static str {
    match schema.schema_kind {
        SchemaKind::AnyOf { .. } => "anyOf",
        _ => "oneOf",
    }
}

/// A string's type by its format: a date-time or a date is a chrono type,
/// anything else (`uuid`, `uri`, `email`, ...) stays a `String`.
fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        _ => TypeRef::STRING,
    }
}

fn integer_type(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> Primitive {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Primitive::I32,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uint32" => Primitive::U32,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uint64" => Primitive::U64,
        _ => Primitive::I64,
    }
}

fn number_type(format: &VariantOrUnknownOrEmpty<NumberFormat>) -> Primitive {
    match format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Primitive::F32,
        _ => Primitive::F64,
    }
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

/// Tarjan's strongly connected components: node → component index, for
/// nodes on a cycle (a component of two or more, or a self-loop).
fn strongly_connected(
    graph: &BTreeMap<ModelId, Vec<(usize, ModelId)>>,
) -> BTreeMap<ModelId, usize> {
    struct State<'g> {
        graph: &'g BTreeMap<ModelId, Vec<(usize, ModelId)>>,
        index: BTreeMap<ModelId, usize>,
        low: BTreeMap<ModelId, usize>,
        on_stack: BTreeSet<ModelId>,
        stack: Vec<ModelId>,
        next: usize,
        out: BTreeMap<ModelId, usize>,
        components: usize,
    }
    impl State<'_> {
        fn enter(&mut self, node: ModelId) {
            self.index.insert(node, self.next);
            self.low.insert(node, self.next);
            self.next += 1;
            self.stack.push(node);
            self.on_stack.insert(node);
        }
    }
    // Iterative DFS so that deep type graphs cannot overflow the stack.
    fn visit(s: &mut State<'_>, root: ModelId) {
        let mut work: Vec<(ModelId, usize)> = vec![(root, 0)];
        s.enter(root);
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            let edges = s.graph.get(&node).map(Vec::as_slice).unwrap_or(&[]);
            if let Some(&(_, target)) = edges.get(*edge) {
                *edge += 1;
                if !s.index.contains_key(&target) {
                    s.enter(target);
                    work.push((target, 0));
                } else if s.on_stack.contains(&target) {
                    let low = s.low[&node].min(s.index[&target]);
                    s.low.insert(node, low);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                let low = s.low[&parent].min(s.low[&node]);
                s.low.insert(parent, low);
            }
            if s.low[&node] == s.index[&node] {
                let mut members = Vec::new();
                while let Some(member) = s.stack.pop() {
                    s.on_stack.remove(&member);
                    members.push(member);
                    if member == node {
                        break;
                    }
                }
                let self_loop = s
                    .graph
                    .get(&node)
                    .is_some_and(|e| e.iter().any(|(_, t)| *t == node));
                if members.len() > 1 || self_loop {
                    for m in members {
                        s.out.insert(m, s.components);
                    }
                }
                s.components += 1;
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        on_stack: BTreeSet::new(),
        stack: Vec::new(),
        next: 0,
        out: BTreeMap::new(),
        components: 0,
    };
    for node in graph.keys() {
        if !s.index.contains_key(node) {
            visit(&mut s, *node);
        }
    }
    s.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(usize, usize)]) -> BTreeMap<ModelId, Vec<(usize, ModelId)>> {
        let mut g: BTreeMap<ModelId, Vec<(usize, ModelId)>> = BTreeMap::new();
        for (i, (a, b)) in edges.iter().enumerate() {
            g.entry(ModelId::new(*a))
                .or_default()
                .push((i, ModelId::new(*b)));
        }
        g
    }

    #[test]
    fn cycles_are_found_and_trees_are_not() {
        let (a, b, c, d) = (
            ModelId::new(0),
            ModelId::new(1),
            ModelId::new(2),
            ModelId::new(3),
        );
        let sccs = strongly_connected(&graph(&[(0, 1), (1, 0), (1, 2), (3, 3)]));
        assert_eq!(sccs.get(&a), sccs.get(&b));
        assert!(sccs.contains_key(&a));
        assert!(!sccs.contains_key(&c));
        assert!(sccs.contains_key(&d));
        assert_ne!(sccs.get(&a), sccs.get(&d));
    }
}
