//! Schemas → Rust types and models.
//!
//! [`TypeLowerer`] turns each schema into a [`Ty`] (a structured Rust type)
//! and records a [`Model`] for every schema that needs a type of its own:
//! component schemas under their own names, inline objects, enums and
//! unions under names derived from where they appear (`ApiKeyAttributes` +
//! `category` → `ApiKeyAttributesCategory`).

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use crate::docs;
use crate::error::{Error, Pointer, Result};
use crate::ir::{DefaultImpl, Field, FieldShape, Model, ModelKind, UnionVariant, Variant};
use crate::load::Spec;
use crate::naming::{sanitize, sign_words, Case, Names};

/// A Rust type, kept structured until the end so that recursion can be
/// broken with `Box` where needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// A primitive or library type, as source text (`String`, `i64`, ...).
    Plain(String),
    /// A generated model, by Rust name.
    Named(String),
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
}

impl Ty {
    /// The type as Rust source.
    pub fn render(&self) -> String {
        match self {
            Ty::Plain(s) | Ty::Named(s) => s.clone(),
            Ty::Vec(t) => format!("Vec<{}>", t.render()),
            Ty::Map(t) => format!("::std::collections::BTreeMap<String, {}>", t.render()),
        }
    }

    fn value() -> Ty {
        Ty::Plain("::serde_json::Value".into())
    }
}

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
    /// Component schema name → Rust type name, decided up front so that
    /// references can be named before their target is lowered.
    component_names: BTreeMap<String, String>,
    /// Every type name in the module.
    names: Names,
    /// Models of component schemas, in spec order.
    components: Vec<Model>,
    /// Models of inline schemas, in the order found.
    inline: Vec<Model>,
    /// For each struct or union: the models it contains directly (not
    /// through `Vec` or a map), by field or variant index.
    direct: BTreeMap<String, Vec<(usize, String)>>,
}

impl<'a> TypeLowerer<'a> {
    /// Names every component schema; lowers nothing yet.
    pub fn new(spec: &'a Spec) -> Result<Self> {
        let mut names = Names::with_reserved(RESERVED_TYPE_NAMES.iter().copied());
        let mut component_names = BTreeMap::new();
        if let Some(components) = &spec.doc.components {
            for name in components.schemas.keys() {
                let rust = names.unique(&sanitize(name, Case::Pascal));
                component_names.insert(name.clone(), rust);
            }
        }
        Ok(TypeLowerer {
            spec,
            component_names,
            names,
            components: Vec::new(),
            inline: Vec::new(),
            direct: BTreeMap::new(),
        })
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
            let rust_name = self.component_names[name].clone();
            let model = match schema {
                ReferenceOr::Reference { reference } => Model {
                    wire_name: name.clone(),
                    rust_name,
                    docs: Vec::new(),
                    kind: ModelKind::Alias {
                        rust_type: self.ref_type(reference, &ptr)?.render(),
                    },
                },
                ReferenceOr::Item(schema) => self.model(name, rust_name, schema, &ptr)?,
            };
            self.components.push(model);
        }
        Ok(())
    }

    /// All models, components first; cycles of direct containment are
    /// broken with `Box`.
    pub fn finish(mut self) -> Vec<Model> {
        let mut models = std::mem::take(&mut self.components);
        models.append(&mut self.inline);
        let cyclic = self.cyclic_edges();
        for model in &mut models {
            for (index, _) in cyclic.get(&model.rust_name).into_iter().flatten() {
                box_member(&mut model.kind, *index);
            }
        }
        models
    }

    /// The Rust type of a schema reached at `ptr`; inline schemas that need
    /// a type of their own are named `hint`.
    pub fn type_of(&mut self, schema: SchemaRef<'_>, ptr: &Pointer, hint: &str) -> Result<Ty> {
        match schema {
            SchemaRef::Ref(reference) => self.ref_type(reference, ptr),
            SchemaRef::Item(schema) => self.inline_type(schema, ptr, hint),
        }
    }

    /// Whether the schema (after following references) is nullable.
    pub fn is_nullable(&self, schema: SchemaRef<'_>, ptr: &Pointer) -> Result<bool> {
        Ok(self.resolve(schema, ptr)?.schema_data.nullable)
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
    /// such as an operation's params struct).
    pub fn unique_type_name(&mut self, wanted: &str) -> String {
        self.names.unique(&sanitize(wanted, Case::Pascal))
    }

    /// Whether values of `ty` can be written as text (`Display`): numbers,
    /// booleans, strings, string enums, and aliases of those.
    pub fn has_text_form(&self, ty: &Ty) -> bool {
        match ty {
            // `Secret` displays as `***`: it has no text form to send.
            Ty::Plain(p) => !p.contains("serde_json::Value") && !p.ends_with("Secret"),
            Ty::Named(name) => match self.model_named(name).map(|m| &m.kind) {
                Some(ModelKind::StringEnum { .. }) => true,
                Some(ModelKind::Alias { rust_type }) => matches!(
                    rust_type.as_str(),
                    "String" | "bool" | "i32" | "i64" | "u32" | "u64" | "f32" | "f64"
                ),
                _ => false,
            },
            Ty::Vec(_) | Ty::Map(_) => false,
        }
    }

    /// The model with this Rust name, if lowered already.
    pub fn model_named(&self, rust_name: &str) -> Option<&Model> {
        self.components
            .iter()
            .chain(&self.inline)
            .find(|m| m.rust_name == rust_name)
    }

    /// Default value expression for a type, when the spec gives one that
    /// Rust can express for it (an enum's default variant).
    pub fn default_of(
        &self,
        ty: &Ty,
        schema: SchemaRef<'_>,
        ptr: &Pointer,
    ) -> Result<Option<String>> {
        let Ty::Named(name) = ty else { return Ok(None) };
        let Some(serde_json::Value::String(value)) =
            &self.resolve(schema, ptr)?.schema_data.default
        else {
            return Ok(None);
        };
        Ok(self.model_named(name).and_then(|m| match &m.kind {
            ModelKind::StringEnum { variants, .. } => variants
                .iter()
                .find(|v| &v.wire_name == value)
                .map(|v| format!("{name}::{}", v.rust_name)),
            _ => None,
        }))
    }

    fn ref_type(&self, reference: &str, ptr: &Pointer) -> Result<Ty> {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .ok_or_else(|| Error::Unsupported {
                location: self.spec.location(ptr),
                what: format!(
                    "schema reference `{reference}` must point into `#/components/schemas`"
                ),
            })?;
        let name = name.replace("~1", "/").replace("~0", "~");
        self.component_names
            .get(&name)
            .map(|rust| Ty::Named(rust.clone()))
            .ok_or_else(|| Error::UnresolvedRef {
                location: self.spec.location(ptr),
                reference: reference.to_owned(),
            })
    }

    fn inline_type(&mut self, schema: &Schema, ptr: &Pointer, hint: &str) -> Result<Ty> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.iter().all(Option::is_none) => {
                self.inline_model(hint, schema, ptr)
            }
            // `format: password` marks a secret: it must not print.
            SchemaKind::Type(Type::String(s))
                if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Password) =>
            {
                Ok(Ty::Plain("crate::runtime::Secret".into()))
            }
            SchemaKind::Type(Type::String(_)) => Ok(Ty::Plain("String".into())),
            SchemaKind::Type(Type::Integer(i)) => Ok(Ty::Plain(integer_type(&i.format).into())),
            SchemaKind::Type(Type::Number(n)) => Ok(Ty::Plain(number_type(&n.format).into())),
            SchemaKind::Type(Type::Boolean(_)) => Ok(Ty::Plain("bool".into())),
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
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => {
                self.inline_model(hint, schema, ptr)
            }
            SchemaKind::Not { .. } => Ok(Ty::value()),
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
    ) -> Result<Ty> {
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
            None => Ok(Ty::value()),
            Some("string") if any.enumeration.iter().any(|v| v.is_string()) => {
                self.inline_model(hint, schema, ptr)
            }
            Some("string") => Ok(Ty::Plain("String".into())),
            Some("integer") => Ok(Ty::Plain(integer_type(&parse_format(&any.format)).into())),
            Some("number") => Ok(Ty::Plain(number_type(&parse_format(&any.format)).into())),
            Some("boolean") => Ok(Ty::Plain("bool".into())),
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
    ) -> Result<Ty> {
        match items {
            Some(items) => {
                let item =
                    self.type_of(items.into(), &ptr.push("items"), &format!("{hint}Item"))?;
                Ok(Ty::Vec(Box::new(item)))
            }
            None => Ok(Ty::Vec(Box::new(Ty::value()))),
        }
    }

    fn map_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        ptr: &Pointer,
        hint: &str,
    ) -> Result<Ty> {
        let value = match additional {
            Some(AdditionalProperties::Schema(s)) => self.type_of(
                s.as_ref().into(),
                &ptr.push("additionalProperties"),
                &format!("{hint}Value"),
            )?,
            _ => Ty::value(),
        };
        Ok(Ty::Map(Box::new(value)))
    }

    fn inline_model(&mut self, hint: &str, schema: &Schema, ptr: &Pointer) -> Result<Ty> {
        let rust_name = self.names.unique(&sanitize(hint, Case::Pascal));
        let model = self.model(hint, rust_name.clone(), schema, ptr)?;
        self.inline.push(model);
        Ok(Ty::Named(rust_name))
    }

    /// The model for a schema that gets a type of its own.
    fn model(
        &mut self,
        wire_name: &str,
        rust_name: String,
        schema: &Schema,
        ptr: &Pointer,
    ) -> Result<Model> {
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
                let values: Vec<String> = any
                    .enumeration
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                string_enum(&values, schema.schema_data.default.as_ref())
            }
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => {
                let props: Vec<_> = o
                    .properties
                    .iter()
                    .map(|(k, v)| (k.clone(), v, ptr.push("properties").push(k)))
                    .collect();
                self.struct_kind(
                    &rust_name,
                    &props,
                    &o.required,
                    o.additional_properties.as_ref(),
                    ptr,
                )?
            }
            SchemaKind::OneOf { one_of: v } => {
                self.union_kind(&rust_name, v, schema, &ptr.push("oneOf"))?
            }
            SchemaKind::AnyOf { any_of: v } => {
                self.union_kind(&rust_name, v, schema, &ptr.push("anyOf"))?
            }
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => {
                self.all_of_kind(&rust_name, all_of, &[], ptr)?
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() => {
                self.union_kind(&rust_name, &any.one_of, schema, &ptr.push("oneOf"))?
            }
            SchemaKind::Any(any) if !any.any_of.is_empty() => {
                self.union_kind(&rust_name, &any.any_of, schema, &ptr.push("anyOf"))?
            }
            SchemaKind::Any(any) if !any.all_of.is_empty() || !any.properties.is_empty() => {
                let own: Vec<_> = any
                    .properties
                    .iter()
                    .map(|(k, v)| (k.clone(), v, ptr.push("properties").push(k)))
                    .collect();
                if any.all_of.is_empty() {
                    self.struct_kind(
                        &rust_name,
                        &own,
                        &any.required,
                        any.additional_properties.as_ref(),
                        ptr,
                    )?
                } else {
                    self.all_of_kind(&rust_name, &any.all_of, &own, ptr)?
                }
            }
            _ => ModelKind::Alias {
                rust_type: self.inline_type(schema, ptr, &rust_name)?.render(),
            },
        };
        Ok(Model {
            wire_name: wire_name.to_owned(),
            rust_name,
            docs: model_docs,
            kind,
        })
    }

    fn struct_kind(
        &mut self,
        rust_name: &str,
        props: &[(String, &ReferenceOr<Box<Schema>>, Pointer)],
        required: &[String],
        additional: Option<&AdditionalProperties>,
        ptr: &Pointer,
    ) -> Result<ModelKind> {
        let mut field_names = Names::new();
        let mut fields = Vec::new();
        let mut direct = Vec::new();
        for (wire, schema, field_ptr) in props {
            let schema: SchemaRef<'_> = (*schema).into();
            let hint = format!("{rust_name}{}", sanitize(wire, Case::Pascal));
            let ty = self.type_of(schema, field_ptr, &hint)?;
            let nullable = self.is_nullable(schema, field_ptr)?;
            let shape = match (required.contains(wire), nullable) {
                (true, false) => FieldShape::Required,
                (true, true) => FieldShape::RequiredNullable,
                (false, false) => FieldShape::Optional,
                (false, true) => FieldShape::OptionalNullable,
            };
            if let Ty::Named(target) = &ty {
                direct.push((fields.len(), target.clone()));
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
            let default = match shape {
                FieldShape::Required => self.default_of(&ty, schema, field_ptr)?,
                _ => None,
            };
            fields.push(Field {
                wire_name: wire.clone(),
                rust_name: field_names.unique(&sanitize(wire, Case::Snake)),
                inner_type: ty.render(),
                rust_type: wrap(shape, &ty.render()),
                shape,
                docs: field_docs,
                default,
            });
        }
        self.direct.insert(rust_name.to_owned(), direct);
        let needs_value =
            |f: &&Field| matches!(f.shape, FieldShape::Required | FieldShape::RequiredNullable);
        let constructor_args: Vec<String> = fields
            .iter()
            .filter(needs_value)
            .filter(|f| f.default.is_none())
            .map(|f| f.rust_name.clone())
            .collect();
        let default = if !fields.iter().any(|f| needs_value(&f)) {
            DefaultImpl::Derive
        } else if constructor_args.is_empty() {
            DefaultImpl::ViaNew
        } else {
            DefaultImpl::None
        };
        let value = match additional {
            Some(AdditionalProperties::Schema(s)) => self.type_of(
                s.as_ref().into(),
                &ptr.push("additionalProperties"),
                &format!("{rust_name}AdditionalProperty"),
            )?,
            _ => Ty::value(),
        };
        Ok(ModelKind::Struct {
            fields,
            additional: value.render(),
            additional_field: field_names.unique("additional_properties"),
            constructor_args,
            default,
        })
    }

    /// `allOf` of objects: one struct with every part's properties.
    fn all_of_kind(
        &mut self,
        rust_name: &str,
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
                    let name = r.trim_start_matches("#/components/schemas/").to_owned();
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
                        rust_type: Ty::value().render(),
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
        self.struct_kind(rust_name, &merged, &required, None, ptr)
    }

    fn union_kind(
        &mut self,
        rust_name: &str,
        alternatives: &[ReferenceOr<Schema>],
        schema: &Schema,
        ptr: &Pointer,
    ) -> Result<ModelKind> {
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut variant_names = Names::new();
        let mut variants = Vec::new();
        for (i, alternative) in alternatives.iter().enumerate() {
            let alt_ptr = ptr.push(i);
            let (name_hint, ty) = match alternative {
                ReferenceOr::Reference { reference } => {
                    let ty = self.ref_type(reference, &alt_ptr)?;
                    (ty.render(), ty)
                }
                ReferenceOr::Item(s) => {
                    let ty = self.inline_type(s, &alt_ptr, &format!("{rust_name}Variant{i}"))?;
                    (variant_hint(&ty), ty)
                }
            };
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
            // Alternatives that are objects are boxed: the enum is then as
            // small as its smallest variant allows, and cycles through a
            // union are broken for free.
            let rust_type = match &ty {
                Ty::Named(_) => format!("Box<{}>", ty.render()),
                _ => ty.render(),
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
                docs: vec![format!("A `{}`{selected_by}.", ty.render())],
                rust_name: variant_names.unique(&sanitize(&name_hint, Case::Pascal)),
                rust_type,
                tags,
            });
        }
        let unknown_variant = if variant_names.claim("Unknown") {
            "Unknown".to_owned()
        } else {
            variant_names.unique("UnknownValue")
        };
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
            vec![reference.rsplit('/').next().unwrap_or(reference).to_owned()]
        } else {
            values
        })
    }

    /// Edges of direct containment that lie on a cycle: by model, the
    /// field or variant indexes to box. Tarjan's algorithm, linear in the
    /// size of the graph.
    fn cyclic_edges(&self) -> BTreeMap<String, Vec<(usize, String)>> {
        let sccs = strongly_connected(&self.direct);
        let mut out: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
        for (model, edges) in &self.direct {
            for (index, target) in edges {
                if sccs.get(model) == sccs.get(target) && sccs.contains_key(target) {
                    out.entry(model.clone())
                        .or_default()
                        .push((*index, target.clone()));
                }
            }
        }
        out
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
    let unknown_variant = if names.claim("Unknown") {
        "Unknown".to_owned()
    } else {
        names.unique("UnknownValue")
    };
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

/// A variant name for an inline alternative: its type's name.
fn variant_hint(ty: &Ty) -> String {
    match ty {
        Ty::Named(n) => n.clone(),
        Ty::Plain(p) => p.rsplit("::").next().unwrap_or(p).to_owned(),
        Ty::Vec(_) => "List".into(),
        Ty::Map(_) => "Map".into(),
    }
}

fn one_or_any(schema: &Schema) -> &'static str {
    match schema.schema_kind {
        SchemaKind::AnyOf { .. } => "anyOf",
        _ => "oneOf",
    }
}

/// The full type of a field of `shape` holding `inner`.
pub fn wrap(shape: FieldShape, inner: &str) -> String {
    match shape {
        FieldShape::Required => inner.to_owned(),
        FieldShape::RequiredNullable | FieldShape::Optional => format!("Option<{inner}>"),
        FieldShape::OptionalNullable => format!("crate::runtime::Nullable<{inner}>"),
    }
}

fn box_member(kind: &mut ModelKind, index: usize) {
    match kind {
        ModelKind::Struct { fields, .. } => {
            if let Some(f) = fields.get_mut(index) {
                f.inner_type = format!("Box<{}>", f.inner_type);
                f.rust_type = wrap(f.shape, &f.inner_type);
                f.default = None;
            }
        }
        ModelKind::OneOf { variants, .. } => {
            if let Some(v) = variants.get_mut(index) {
                v.rust_type = format!("Box<{}>", v.rust_type);
            }
        }
        _ => {}
    }
}

fn integer_type(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> &'static str {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => "i32",
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uint32" => "u32",
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uint64" => "u64",
        _ => "i64",
    }
}

fn number_type(format: &VariantOrUnknownOrEmpty<NumberFormat>) -> &'static str {
    match format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => "f32",
        _ => "f64",
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
fn strongly_connected(graph: &BTreeMap<String, Vec<(usize, String)>>) -> BTreeMap<String, usize> {
    struct State<'g> {
        graph: &'g BTreeMap<String, Vec<(usize, String)>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        on_stack: BTreeSet<&'g str>,
        stack: Vec<&'g str>,
        next: usize,
        out: BTreeMap<String, usize>,
        components: usize,
    }
    // Iterative DFS so that deep type graphs cannot overflow the stack.
    fn visit<'g>(s: &mut State<'g>, root: &'g str) {
        let mut work: Vec<(&'g str, usize)> = vec![(root, 0)];
        s.index.insert(root, s.next);
        s.low.insert(root, s.next);
        s.next += 1;
        s.stack.push(root);
        s.on_stack.insert(root);
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            let edges = s.graph.get(node).map(Vec::as_slice).unwrap_or(&[]);
            if let Some((_, target)) = edges.get(*edge) {
                *edge += 1;
                let target = target.as_str();
                if !s.index.contains_key(target) {
                    s.index.insert(target, s.next);
                    s.low.insert(target, s.next);
                    s.next += 1;
                    s.stack.push(target);
                    s.on_stack.insert(target);
                    work.push((target, 0));
                } else if s.on_stack.contains(target) {
                    let low = s.low[node].min(s.index[target]);
                    s.low.insert(node, low);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                let low = s.low[parent].min(s.low[node]);
                s.low.insert(parent, low);
            }
            if s.low[node] == s.index[node] {
                let mut members = Vec::new();
                while let Some(member) = s.stack.pop() {
                    s.on_stack.remove(member);
                    members.push(member);
                    if member == node {
                        break;
                    }
                }
                let self_loop = s
                    .graph
                    .get(node)
                    .is_some_and(|e| e.iter().any(|(_, t)| t == node));
                if members.len() > 1 || self_loop {
                    for m in members {
                        s.out.insert(m.to_owned(), s.components);
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
        if !s.index.contains_key(node.as_str()) {
            visit(&mut s, node);
        }
    }
    s.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(&str, &str)]) -> BTreeMap<String, Vec<(usize, String)>> {
        let mut g: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
        for (i, (a, b)) in edges.iter().enumerate() {
            g.entry((*a).into()).or_default().push((i, (*b).into()));
        }
        g
    }

    #[test]
    fn cycles_are_found_and_trees_are_not() {
        let sccs = strongly_connected(&graph(&[("A", "B"), ("B", "A"), ("B", "C"), ("D", "D")]));
        assert_eq!(sccs.get("A"), sccs.get("B"));
        assert!(sccs.contains_key("A"));
        assert!(!sccs.contains_key("C"));
        assert!(sccs.contains_key("D"));
        assert_ne!(sccs.get("A"), sccs.get("D"));
    }
}
