//! The shapes of items as the API sees them: a struct's public fields, an
//! enum's variants, a trait's items, a function's signature, a type's text
//! with and without its optionality.

use std::collections::BTreeMap;

use syn::{
    Fields, FnArg, GenericArgument, Pat, PathArguments, ReturnType, TraitItem as SynTraitItem, Type,
};

use super::extract::{is_public, Attrs};
use super::tokens::text;
use super::{EnumShape, Signature, StructShape, TraitItem, TraitShape, TypeText};

/// `Foo<T, N>` for `struct Foo<'a, T: Clone, const N: usize>`: the type as
/// an impl's key names it (lifetimes left out, as there).
pub(super) fn self_type_text(name: &str, generics: &syn::Generics) -> String {
    let params: Vec<String> = generics
        .params
        .iter()
        .filter_map(|param| match param {
            syn::GenericParam::Type(t) => Some(t.ident.to_string()),
            syn::GenericParam::Const(c) => Some(c.ident.to_string()),
            _ => None,
        })
        .collect();
    if params.is_empty() {
        name.to_owned()
    } else {
        format!("{name}<{}>", params.join(", "))
    }
}

pub(super) fn generics_text(generics: &syn::Generics) -> String {
    match &generics.where_clause {
        Some(clause) => format!("{} {}", text(generics), text(clause)),
        None => text(generics),
    }
}

pub(super) fn struct_shape(
    fields: &Fields,
    generics: &syn::Generics,
    non_exhaustive: bool,
) -> StructShape {
    let mut public = BTreeMap::new();
    let mut all_public = true;
    for (index, field) in fields.iter().enumerate() {
        let attrs = Attrs::read(&field.attrs);
        if attrs.test_only {
            continue;
        }
        all_public &= is_public(&field.vis);
        if is_public(&field.vis) && !attrs.hidden {
            let name = field
                .ident
                .as_ref()
                .map_or_else(|| index.to_string(), ToString::to_string);
            public.insert(name, type_text(&field.ty));
        }
    }
    StructShape {
        generics: generics_text(generics),
        fields: public,
        literal: all_public && !non_exhaustive,
        non_exhaustive,
    }
}

pub(super) fn enum_shape(e: &syn::ItemEnum, non_exhaustive: bool) -> EnumShape {
    let variants = e
        .variants
        .iter()
        .filter(|v| !Attrs::read(&v.attrs).excluded())
        .map(|v| (v.ident.to_string(), variant_fields(&v.fields)))
        .collect();
    EnumShape {
        generics: generics_text(&e.generics),
        variants,
        non_exhaustive,
    }
}

/// `(String)`, `{ id: u64 }`, or empty for a unit variant.
fn variant_fields(fields: &Fields) -> String {
    match fields {
        Fields::Named(named) => {
            let fields: Vec<String> = named
                .named
                .iter()
                .map(|f| {
                    let name = f
                        .ident
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    format!("{name}: {}", text(&f.ty))
                })
                .collect();
            format!(" {{ {} }}", fields.join(", "))
        }
        Fields::Unnamed(unnamed) => {
            let fields: Vec<String> = unnamed.unnamed.iter().map(|f| text(&f.ty)).collect();
            format!("({})", fields.join(", "))
        }
        Fields::Unit => String::new(),
    }
}

pub(super) fn trait_shape(t: &syn::ItemTrait) -> TraitShape {
    let mut header = generics_text(&t.generics);
    if t.unsafety.is_some() {
        header = format!("unsafe {header}");
    }
    if !t.supertraits.is_empty() {
        header = format!("{header}: {}", text(&t.supertraits));
    }
    let mut items = BTreeMap::new();
    for item in &t.items {
        let (name, text_, provided) = match item {
            SynTraitItem::Fn(f) => (
                f.sig.ident.to_string(),
                signature(&f.sig).to_string(),
                f.default.is_some(),
            ),
            SynTraitItem::Const(c) => (
                c.ident.to_string(),
                format!("const {}: {}", c.ident, text(&c.ty)),
                c.default.is_some(),
            ),
            SynTraitItem::Type(ty) => {
                let bounds = if ty.bounds.is_empty() {
                    String::new()
                } else {
                    format!(": {}", text(&ty.bounds))
                };
                let declared = format!("type {}{}{bounds}", ty.ident, text(&ty.generics));
                (ty.ident.to_string(), declared, ty.default.is_some())
            }
            _ => continue,
        };
        items.insert(
            name,
            TraitItem {
                text: text_,
                provided,
            },
        );
    }
    TraitShape { header, items }
}

/// A signature in pieces: see [`Signature`].
pub(super) fn signature(sig: &syn::Signature) -> Signature {
    let mut head = String::new();
    if sig.constness.is_some() {
        head.push_str("const ");
    }
    if sig.asyncness.is_some() {
        head.push_str("async ");
    }
    let safety = text(&sig.safety);
    if !safety.is_empty() {
        head.push_str(&safety);
        head.push(' ');
    }
    if let Some(abi) = &sig.abi {
        head.push_str(&text(abi));
        head.push(' ');
    }
    head.push_str(&format!("fn {}{}", sig.ident, text(&sig.generics)));
    let mut receiver = None;
    let mut params = Vec::new();
    for (index, input) in sig.inputs.iter().enumerate() {
        match input {
            FnArg::Receiver(r) => receiver = Some(receiver_text(r)),
            FnArg::Typed(typed) => params.push((arg_name(&typed.pat, index), type_text(&typed.ty))),
        }
    }
    let output = match &sig.output {
        ReturnType::Default => TypeText {
            text: "()".into(),
            core: "()".into(),
            option: false,
        },
        ReturnType::Type(_, ty) => type_text(ty),
    };
    Signature {
        head,
        receiver,
        params,
        output,
        where_clause: sig
            .generics
            .where_clause
            .as_ref()
            .map(text)
            .unwrap_or_default(),
    }
}

/// `&self`, `&'a mut self`, `self`, `self: Box<Self>`: the `mut` of a
/// by-value `mut self` is the method's business, not its callers'.
fn receiver_text(receiver: &syn::Receiver) -> String {
    let written = text(receiver);
    match written.strip_prefix("mut ") {
        Some(rest) if matches!(receiver.kind, syn::ReceiverKind::Value) => rest.to_owned(),
        _ => written,
    }
}

/// An argument's name: its identifier (without `mut`), else its pattern, else
/// its position.
fn arg_name(pat: &Pat, index: usize) -> String {
    match pat {
        Pat::Ident(ident) => ident.ident.to_string(),
        other => {
            let written = text(other);
            if written.is_empty() {
                format!("#{index}")
            } else {
                written
            }
        }
    }
}

/// A type's text, and its text without `Option`/`Nullable` wrappers.
pub(super) fn type_text(ty: &Type) -> TypeText {
    TypeText {
        text: text(ty),
        core: text(without_optionality(ty)),
        option: wrapped(ty).is_some_and(|(wrapper, _)| wrapper == "Option"),
    }
}

/// `T` for `Option<T>`, `Nullable<T>`, `Option<Nullable<T>>`, any path to them.
fn without_optionality(mut ty: &Type) -> &Type {
    while let Some((_, inner)) = wrapped(ty) {
        ty = inner;
    }
    ungrouped(ty)
}

/// `ty` without invisible groups and parentheses.
fn ungrouped(mut ty: &Type) -> &Type {
    loop {
        match ty {
            Type::Group(group) => ty = &group.elem,
            Type::Paren(paren) => ty = &paren.elem,
            _ => return ty,
        }
    }
}

/// For `Option<T>` or `Nullable<T>` (by any path), the wrapper's name and `T`.
fn wrapped(ty: &Type) -> Option<(String, &Type)> {
    match ungrouped(ty) {
        Type::Path(path) if path.qself.is_none() => {
            let inner = sole_argument(&path.path)?;
            let wrapper = path.path.segments.last()?.ident.to_string();
            Some((wrapper, inner))
        }
        _ => None,
    }
}

/// The one type argument of a path ending in `Option<…>` or `Nullable<…>`.
fn sole_argument(path: &syn::Path) -> Option<&Type> {
    let last = path.segments.last()?;
    if last.ident != "Option" && last.ident != "Nullable" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match (args.args.len(), args.args.first()) {
        (1, Some(GenericArgument::Type(inner))) => Some(inner),
        _ => None,
    }
}
