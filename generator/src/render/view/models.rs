//! The view of a model (`api/models.rs.j2`): a struct, a string enum, a
//! union or an alias.

use serde::Serialize;

use super::{steps, too_many_arguments, StepView, Types, ViewResult};
use crate::ir::{
    Conversion, DefaultImpl, Field, FieldShape, Model, ModelKind, UnionVariant, Variant,
};

/// One model. Exactly one of `as_struct`, `as_enum`, `as_union` and
/// `alias_of` is set.
#[derive(Debug, Serialize)]
pub(crate) struct ModelView<'a> {
    wire_name: &'a str,
    rust_name: &'a str,
    docs: &'a [String],
    as_struct: Option<StructView<'a>>,
    as_enum: Option<EnumView<'a>>,
    as_union: Option<UnionView<'a>>,
    /// The aliased type, as Rust.
    alias_of: Option<String>,
    /// The `#[cfg(…)]` of each of its items, or nothing.
    cfg: String,
}

impl<'a> ModelView<'a> {
    /// The view of `model`, types named by `types`.
    pub(crate) fn new(model: &'a Model, types: &Types<'a>) -> ViewResult<Self> {
        let mut view = ModelView {
            wire_name: &model.wire_name,
            rust_name: &model.rust_name,
            docs: &model.docs,
            as_struct: None,
            as_enum: None,
            as_union: None,
            alias_of: None,
            cfg: super::cfg_any(&model.features),
        };
        match &model.kind {
            ModelKind::Struct {
                fields,
                additional,
                additional_field,
                default,
                conversions,
                id_accessor,
            } => {
                let fields = (fields.iter())
                    .map(|f| FieldView::new(f, types))
                    .collect::<ViewResult<Vec<_>>>()?;
                let (derive_default, default_via_new) = match default {
                    DefaultImpl::Derive => (true, false),
                    DefaultImpl::ViaNew => (false, true),
                    DefaultImpl::None => (false, false),
                };
                let arguments = fields.iter().filter(|f| f.in_constructor).count();
                view.as_struct = Some(StructView {
                    many_arguments: too_many_arguments(arguments),
                    fields,
                    additional: types.text(additional)?,
                    additional_field,
                    derive_default,
                    default_via_new,
                    conversions: (conversions.iter())
                        .map(|c| ConversionView::new(c, types))
                        .collect::<ViewResult<_>>()?,
                    id_accessor: id_accessor.as_deref().map(steps),
                });
            }
            ModelKind::StringEnum {
                variants,
                unknown_variant,
                default_variant,
            } => view.as_enum = Some(EnumView::new(variants, unknown_variant, default_variant)),
            ModelKind::OneOf {
                variants,
                discriminator,
                unknown_variant,
            } => {
                view.as_union = Some(UnionView {
                    variants: (variants.iter())
                        .map(|v| UnionVariantView::new(v, types))
                        .collect::<ViewResult<_>>()?,
                    discriminator: discriminator.as_deref(),
                    unknown_variant,
                });
            }
            ModelKind::Alias { target } => view.alias_of = Some(types.text(target)?),
        }
        Ok(view)
    }
}

/// A struct, its serde impls on the runtime's `model` helpers, its
/// constructor and setters.
#[derive(Debug, Serialize)]
struct StructView<'a> {
    fields: Vec<FieldView<'a>>,
    /// The value type of the map of properties the spec does not name.
    additional: String,
    additional_field: &'a str,
    /// `#[derive(Default)]`.
    derive_default: bool,
    /// `impl Default` through `new()`.
    default_via_new: bool,
    /// Whether `new` needs `#[allow(clippy::too_many_arguments)]`.
    many_arguments: bool,
    conversions: Vec<ConversionView>,
    /// From the struct to `data.id`, for an `id()` accessor.
    id_accessor: Option<Vec<StepView<'a>>>,
}

/// A struct field.
#[derive(Debug, Serialize)]
struct FieldView<'a> {
    wire_name: &'a str,
    rust_name: &'a str,
    docs: &'a [String],
    /// The whole type, e.g. `Option<Vec<String>>`.
    ty: String,
    /// The `runtime::__private::model` function that writes it: `entry`,
    /// `optional_entry` (omitted when `None`) or `nullable_entry`.
    serialize_fn: &'static str,
    /// The `runtime::__private::model` function that turns its decoded slot into the
    /// field: `required`, `optional` or `nullable`.
    deserialize_fn: &'static str,
    /// Whether an absent property is an error (`required`, which takes the
    /// name and fails).
    missing_is_error: bool,
    in_constructor: bool,
    /// The enum variant the constructor fills in.
    default_variant: Option<&'a str>,
    setter: Option<SetterView<'a>>,
}

/// `with_name(value)`: `self.name = {wrap}(value.into())`.
#[derive(Debug, Serialize)]
struct SetterView<'a> {
    name: &'a str,
    /// What it takes `impl Into` of.
    value: String,
    /// What wraps the value in the field (`Some`), if anything.
    wrap: Option<&'static str>,
}

/// The runtime's `model` helpers that write and read a field of `shape`,
/// and what wraps a value set on it.
pub(super) fn field_helpers(
    shape: FieldShape,
) -> (&'static str, &'static str, Option<&'static str>) {
    match shape {
        FieldShape::Required => ("entry", "required", None),
        // Present as `null` when `None`; absent reads as `None` too.
        FieldShape::RequiredNullable => ("entry", "optional", Some("Some")),
        FieldShape::Optional => ("optional_entry", "optional", Some("Some")),
        FieldShape::OptionalNullable => (
            "nullable_entry",
            "nullable",
            Some("runtime::Nullable::Value"),
        ),
    }
}

impl<'a> FieldView<'a> {
    fn new(field: &'a Field, types: &Types<'a>) -> ViewResult<Self> {
        let (serialize_fn, deserialize_fn, wrap) = field_helpers(field.shape);
        Ok(FieldView {
            wire_name: &field.wire_name,
            rust_name: &field.rust_name,
            docs: &field.docs,
            ty: types.text(&field.full_ty())?,
            serialize_fn,
            deserialize_fn,
            missing_is_error: match field.shape {
                FieldShape::Required => true,
                FieldShape::RequiredNullable
                | FieldShape::Optional
                | FieldShape::OptionalNullable => false,
            },
            in_constructor: field.in_constructor,
            default_variant: field.default_variant.as_deref(),
            setter: (field.setter.as_ref())
                .map(|s| {
                    Ok::<_, super::ViewError>(SetterView {
                        name: &s.name,
                        value: types.text(&field.ty)?,
                        wrap,
                    })
                })
                .transpose()?,
        })
    }
}

/// `impl From<from>` for a wrapper struct.
#[derive(Debug, Serialize)]
struct ConversionView {
    from: String,
    /// The type `new` takes, built `from` the value first, if not `from`.
    via: Option<String>,
}

impl ConversionView {
    fn new(c: &Conversion, types: &Types<'_>) -> ViewResult<Self> {
        Ok(ConversionView {
            from: types.text(&c.from)?,
            via: c.via.as_ref().map(|v| types.text(v)).transpose()?,
        })
    }
}

/// A string enum.
#[derive(Debug, Serialize)]
struct EnumView<'a> {
    variants: Vec<VariantView<'a>>,
    unknown_variant: &'a str,
    /// `#[derive(Default)]`, one variant being `#[default]`.
    derive_default: bool,
}

/// A string enum's variant.
#[derive(Debug, Serialize)]
struct VariantView<'a> {
    wire_name: &'a str,
    rust_name: &'a str,
    /// The spec's default value: `#[default]`.
    is_default: bool,
}

impl<'a> EnumView<'a> {
    fn new(
        variants: &'a [Variant],
        unknown_variant: &'a str,
        default_variant: &'a Option<String>,
    ) -> Self {
        EnumView {
            variants: (variants.iter())
                .map(|v| VariantView {
                    wire_name: &v.wire_name,
                    rust_name: &v.rust_name,
                    is_default: default_variant.as_ref() == Some(&v.rust_name),
                })
                .collect(),
            unknown_variant,
            derive_default: default_variant.is_some(),
        }
    }
}

/// A `oneOf`.
#[derive(Debug, Serialize)]
struct UnionView<'a> {
    variants: Vec<UnionVariantView<'a>>,
    /// The property naming the alternative; without one, each is tried in
    /// order.
    discriminator: Option<&'a str>,
    unknown_variant: &'a str,
}

/// An alternative of a `oneOf`.
#[derive(Debug, Serialize)]
struct UnionVariantView<'a> {
    rust_name: &'a str,
    ty: String,
    tags: &'a [String],
    docs: &'a [String],
}

impl<'a> UnionVariantView<'a> {
    fn new(v: &'a UnionVariant, types: &Types<'a>) -> ViewResult<Self> {
        Ok(UnionVariantView {
            rust_name: &v.rust_name,
            ty: types.text(&v.ty)?,
            tags: &v.tags,
            docs: &v.docs,
        })
    }
}
