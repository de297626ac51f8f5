//! Schemas → Rust types and models.
//!
//! [`TypeLowerer`] turns each schema into a [`TypeRef`] and records a
//! [`Model`] for every schema that needs a type of its own: component
//! schemas under their own names, inline objects, enums and unions under
//! names derived from where they appear (`ApiKeyAttributes` + `category` →
//! `ApiKeyAttributesCategory`). Models live in a table addressed by
//! [`ModelId`]; recursion is broken on ids, by boxing the members that lie
//! on a cycle of direct containment.

mod cycles;
mod shape;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{AdditionalProperties, Discriminator, ReferenceOr, Schema, SchemaKind, Type};

use crate::docs;
use crate::error::{Error, Pointer, Result};
use crate::ir::{
    DefaultImpl, Field, FieldShape, Model, ModelId, ModelKind, TypeRef, UnionVariant, Variant,
};
use crate::load::Spec;
use crate::naming::{sanitize, sign_words, Case, NameHint, Names, Reserved};
use cycles::{strongly_connected, Graph};
use shape::{classify, merge_part, Shape};

/// A schema reached from somewhere, possibly through a `$ref`.
#[derive(Debug, Clone, Copy)]
pub enum SchemaRef<'a> {
    /// `$ref: '#/components/schemas/<name>'`.
    Ref(&'a str),
    /// An inline schema.
    Item(&'a Schema),
}

/// The Rust type a response header's value parses into: the primitive
/// `classify` gives a scalar schema (so an `int32` header is an `i32`, as
/// the same schema would be in a model), and `String` for anything else,
/// since a header is text and has no JSON to hold a structure.
pub(crate) fn header_value_type(schema: &Schema) -> TypeRef {
    match classify(SchemaRef::Item(schema)) {
        Shape::Scalar(ty @ TypeRef::Primitive(_)) => ty,
        _ => TypeRef::STRING,
    }
}

/// A property of a struct being built: its wire name, its schema and where
/// that is.
type Property<'s> = (String, &'s ReferenceOr<Box<Schema>>, Pointer);

/// What `allOf` parts merge into: their properties, and the names of those
/// required.
type Merged<'s> = (Vec<Property<'s>>, Vec<String>);

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
    direct: Graph,
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
            names: Names::reserving(Reserved::TypeName),
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
            let ptr = component_pointer(name);
            let id = self.component_ids[name];
            let model = self.build_model(id, schema.into(), &ptr)?;
            self.models[id.index()].model = Some(model);
        }
        Ok(())
    }

    /// The model table, components first; members on a cycle of direct
    /// containment are boxed, and conversions and accessors decided.
    pub fn finish(mut self) -> Vec<Model> {
        self.break_alias_cycles();
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
                    features: Vec::new(),
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
    pub fn type_of(
        &mut self,
        schema: SchemaRef<'_>,
        ptr: &Pointer,
        hint: &NameHint,
    ) -> Result<TypeRef> {
        self.shape_type(classify(schema), schema, ptr, hint)
    }

    /// A parameter's type: as [`Self::type_of`], except that an inline
    /// schema with `items` and no `type` is a list. Elsewhere such a schema
    /// is any JSON (see `classify`); a parameter's value is sent as text,
    /// where an array written without its `type` is what the spec means.
    pub fn param_type_of(
        &mut self,
        schema: SchemaRef<'_>,
        ptr: &Pointer,
        hint: &NameHint,
    ) -> Result<TypeRef> {
        if let SchemaRef::Item(Schema {
            schema_kind: SchemaKind::Any(any),
            ..
        }) = schema
        {
            if any.typ.is_none() && any.items.is_some() && matches!(classify(schema), Shape::Json) {
                return self.array_type(any.items.as_ref(), ptr, hint);
            }
        }
        self.type_of(schema, ptr, hint)
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
        let name = schema_name(reference).ok_or_else(|| Error::Unsupported {
            location: self.spec.location(ptr),
            what: format!("schema reference `{reference}` must point into `#/components/schemas`"),
        })?;
        self.component_ids
            .get(name.as_ref())
            .map(|id| TypeRef::Model(*id))
            .ok_or_else(|| Error::UnresolvedRef {
                location: self.spec.location(ptr),
                reference: reference.to_owned(),
            })
    }

    /// The type of a schema of `shape` reached at `ptr`: written in place,
    /// or a model of its own named `hint`.
    fn shape_type(
        &mut self,
        shape: Shape<'_>,
        schema: SchemaRef<'_>,
        ptr: &Pointer,
        hint: &NameHint,
    ) -> Result<TypeRef> {
        match shape {
            Shape::Reference(reference) => self.ref_type(reference, ptr),
            Shape::Scalar(ty) => Ok(ty),
            Shape::Json => Ok(TypeRef::Json),
            Shape::List(items) => self.array_type(items, ptr, hint),
            Shape::Tuple(items) => self.tuple_type(items, ptr, hint),
            Shape::Map(additional) => self.map_type(additional, ptr, hint),
            Shape::Part {
                part,
                keyword,
                index,
            } => self.type_of(part, &ptr.push(keyword).push(index), hint),
            Shape::UnknownType(other) => Err(Error::Unsupported {
                location: self.spec.location(&ptr.push("type")),
                what: format!("unknown schema type `{other}`"),
            }),
            Shape::StringEnum { .. }
            | Shape::Struct { .. }
            | Shape::Union { .. }
            | Shape::Merge { .. } => self.inline_model(hint, schema, shape, ptr),
        }
    }

    fn array_type(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        ptr: &Pointer,
        hint: &NameHint,
    ) -> Result<TypeRef> {
        let item = match items {
            Some(items) => self.type_of(items.into(), &ptr.push("items"), &hint.item())?,
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
        hint: &NameHint,
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
            let ty = self.type_of((&schema).into(), &item_ptr, &hint.element(i))?;
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
        hint: &NameHint,
    ) -> Result<TypeRef> {
        let value = match additional {
            Some(AdditionalProperties::Schema(s)) => self.type_of(
                s.as_ref().into(),
                &ptr.push("additionalProperties"),
                &hint.value(),
            )?,
            _ => TypeRef::Json,
        };
        Ok(value.wrapped(TypeRef::Map))
    }

    fn inline_model(
        &mut self,
        hint: &NameHint,
        schema: SchemaRef<'_>,
        shape: Shape<'_>,
        ptr: &Pointer,
    ) -> Result<TypeRef> {
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
        let rust_name = self.names.unique(&sanitize(hint.as_str(), Case::Pascal));
        let id = self.allocate(hint.as_str(), rust_name);
        let model = self.model_of(id, schema, shape, ptr);
        self.inline_depth -= 1;
        self.models[id.index()].model = Some(model?);
        Ok(TypeRef::Model(id))
    }

    /// The model of a component schema, whatever its shape.
    fn build_model(&mut self, id: ModelId, schema: SchemaRef<'_>, ptr: &Pointer) -> Result<Model> {
        self.model_of(id, schema, classify(schema), ptr)
    }

    /// The model `id` for a schema of `shape`: its docs and its kind.
    fn model_of(
        &mut self,
        id: ModelId,
        schema: SchemaRef<'_>,
        shape: Shape<'_>,
        ptr: &Pointer,
    ) -> Result<Model> {
        let wire_name = self.models[id.index()].wire_name.clone();
        let rust_name = self.rust_name(id);
        let mut model_docs = Vec::new();
        if let SchemaRef::Item(schema) = schema {
            if let Some(title) = &schema.schema_data.title {
                docs::append(&mut model_docs, title);
            }
            if let Some(description) = &schema.schema_data.description {
                docs::append(&mut model_docs, description);
            }
        }
        if model_docs.is_empty() {
            model_docs.push(format!("The `{wire_name}` schema."));
        }
        let kind = self.model_kind(id, schema, shape, ptr)?;
        Ok(Model {
            wire_name,
            rust_name,
            docs: model_docs,
            kind,
            features: Vec::new(),
        })
    }

    /// The kind of model a shape is: exactly one for each. A shape that is
    /// written in place elsewhere is, as a model of its own, an alias of
    /// that type.
    fn model_kind(
        &mut self,
        id: ModelId,
        schema: SchemaRef<'_>,
        shape: Shape<'_>,
        ptr: &Pointer,
    ) -> Result<ModelKind> {
        Ok(match shape {
            Shape::StringEnum { values, default } => string_enum(&values, default),
            Shape::Struct {
                properties,
                required,
                additional,
            } => {
                let at = ptr.push("properties");
                let props: Vec<_> = properties
                    .iter()
                    .map(|(k, v)| (k.clone(), v, at.push(k)))
                    .collect();
                self.struct_kind(id, &props, required, additional, ptr)?
            }
            Shape::Union {
                alternatives,
                keyword,
                discriminator,
            } => self.union_kind(id, alternatives, discriminator, &ptr.push(keyword))?,
            Shape::Merge { parts, own } => {
                let at = ptr.push("properties");
                let own: Vec<_> = own
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), v, at.push(k)))
                    .collect();
                self.all_of_kind(id, parts, &own, ptr)?
            }
            Shape::Reference(_)
            | Shape::Scalar(_)
            | Shape::Json
            | Shape::List(_)
            | Shape::Tuple(_)
            | Shape::Map(_)
            | Shape::Part { .. }
            | Shape::UnknownType(_) => {
                let hint = NameHint::new(self.rust_name(id));
                ModelKind::Alias {
                    target: self.shape_type(shape, schema, ptr, &hint)?,
                }
            }
        })
    }

    fn struct_kind(
        &mut self,
        id: ModelId,
        props: &[Property<'_>],
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
            let hint = NameHint::new(&rust_name).property(wire);
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
                &NameHint::new(&rust_name).additional(),
            )?,
            _ => TypeRef::Json,
        };
        Ok(ModelKind::Struct {
            default: default_impl(&fields),
            fields,
            additional: value,
            additional_field: field_names.additional_field(),
            // Filled in by `finish`, once every model is known.
            conversions: Vec::new(),
            id_accessor: None,
        })
    }

    /// `allOf` of objects: one struct with every part's properties, and
    /// the schema's `own` beside them; a part that is not an object leaves
    /// no struct to merge into, and the JSON is kept as is.
    fn all_of_kind(
        &mut self,
        id: ModelId,
        parts: &[ReferenceOr<Schema>],
        own: &[Property<'_>],
        ptr: &Pointer,
    ) -> Result<ModelKind> {
        let Some((mut props, required)) = self.merged_parts(parts, ptr)? else {
            return Ok(ModelKind::Alias {
                target: TypeRef::Json,
            });
        };
        props.extend(own.iter().map(|(k, v, p)| (k.clone(), *v, p.clone())));
        // A later part's property replaces an earlier one of the same name.
        let mut merged: Vec<Property<'_>> = Vec::new();
        for prop in props {
            match merged.iter_mut().find(|(k, _, _)| *k == prop.0) {
                Some(slot) => *slot = prop,
                None => merged.push(prop),
            }
        }
        self.struct_kind(id, &merged, &required, None, ptr)
    }

    /// Every property of `parts` and of the parts they merge in turn, in
    /// order, and the names they require; `None` when a part is not an
    /// object. A component reached twice is merged once.
    fn merged_parts<'s>(
        &self,
        parts: &'s [ReferenceOr<Schema>],
        ptr: &Pointer,
    ) -> Result<Option<Merged<'s>>>
    where
        'a: 's,
    {
        let mut props: Vec<Property<'s>> = Vec::new();
        let mut required = Vec::new();
        let mut seen = BTreeSet::new();
        let mut stack: Vec<(SchemaRef<'s>, Pointer)> = Vec::new();
        push_parts(&mut stack, parts, ptr);
        while let Some((part, part_ptr)) = stack.pop() {
            let (schema, at) = match part {
                SchemaRef::Item(s) => (s, part_ptr),
                SchemaRef::Ref(r) => {
                    let name = crate::load::component_name(r, "schemas").unwrap_or_default();
                    if !seen.insert(name.clone()) {
                        continue;
                    }
                    let s = resolve_component(self.spec, r, &part_ptr)?;
                    (s, component_pointer(&name))
                }
            };
            let Some(part) = merge_part(schema) else {
                return Ok(None);
            };
            let properties_at = at.push("properties");
            props.extend(
                part.properties
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), v, properties_at.push(k))),
            );
            required.extend(part.required.iter().cloned());
            push_parts(&mut stack, part.parts, &at);
        }
        Ok(Some((props, required)))
    }

    fn union_kind(
        &mut self,
        id: ModelId,
        alternatives: &[ReferenceOr<Schema>],
        discriminator: Option<&Discriminator>,
        ptr: &Pointer,
    ) -> Result<ModelKind> {
        let rust_name = self.rust_name(id);
        let mut variant_names = Names::new();
        let mut claimed_tags = BTreeSet::new();
        let mut variants = Vec::new();
        for (i, alternative) in alternatives.iter().enumerate() {
            let alt_ptr = ptr.push(i);
            let ty = self.type_of(
                alternative.into(),
                &alt_ptr,
                &NameHint::new(&rust_name).variant(i),
            )?;
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
            Some(p) => match classify(SchemaRef::Item(self.resolve(p.into(), ptr)?)) {
                Shape::StringEnum { values, .. } => values,
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

    /// A schema that is only itself (`A: {oneOf: [$ref: A]}`, or through
    /// other such schemas) constrains nothing: the alias that closes the
    /// cycle, which Rust would refuse, is one of any JSON.
    fn break_alias_cycles(&mut self) {
        let alias_of = |slot: &Slot| match &slot.model {
            Some(Model {
                kind:
                    ModelKind::Alias {
                        target: TypeRef::Model(next),
                    },
                ..
            }) => Some(*next),
            _ => None,
        };
        for start in 0..self.models.len() {
            let mut seen = BTreeSet::new();
            let mut at = start;
            while let Some(next) = self.models.get(at).and_then(alias_of) {
                if next.index() == start {
                    if let Some(model) = &mut self.models[start].model {
                        model.kind = ModelKind::Alias {
                            target: TypeRef::Json,
                        };
                    }
                    break;
                }
                if !seen.insert(next) {
                    break;
                }
                at = next.index();
            }
        }
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

/// Puts `parts` on `stack` so that the first is taken first.
fn push_parts<'s>(
    stack: &mut Vec<(SchemaRef<'s>, Pointer)>,
    parts: &'s [ReferenceOr<Schema>],
    ptr: &Pointer,
) {
    stack.extend(
        parts
            .iter()
            .enumerate()
            .rev()
            .map(|(i, p)| (p.into(), ptr.push("allOf").push(i))),
    );
}

/// Where the component schema `name` is.
fn component_pointer(name: &str) -> Pointer {
    Pointer::root()
        .push("components")
        .push("schemas")
        .push(name)
}

/// The component schema name of a `$ref`, if it points into
/// `#/components/schemas`. A plain `#/components/schemas/Name` (nothing
/// escaped or percent-encoded, as almost every reference is) is read
/// without parsing it as a pointer: lowering meets one for every field
/// whose type is a model.
fn schema_name(reference: &str) -> Option<std::borrow::Cow<'_, str>> {
    match reference.strip_prefix("#/components/schemas/") {
        Some(name) if !name.is_empty() && !name.contains(['~', '/', '%']) => Some(name.into()),
        _ => crate::load::component_name(reference, "schemas").map(Into::into),
    }
}

fn resolve_component<'s>(spec: &'s Spec, reference: &str, ptr: &Pointer) -> Result<&'s Schema> {
    // A plain reference to a schema written out (not itself a reference)
    // needs no walk: the same schema the walk below would reach.
    let plain = reference
        .strip_prefix("#/components/schemas/")
        .filter(|name| !name.contains(['~', '/', '%']))
        .and_then(|name| spec.doc.components.as_ref()?.schemas.get(name)?.as_item());
    if let Some(schema) = plain {
        return Ok(schema);
    }
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

#[cfg(test)]
mod tests;
