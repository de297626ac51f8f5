//! Reading the public API out of Rust files with syn, in two passes:
//! [`collect`] records what each module declares (public items, module
//! declarations, `use`s, impls) without resolving anything; [`Resolver`]
//! then finds the path a user writes for each module (following `pub mod`
//! and `pub use`) and hangs every impl on the public type it is for.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use syn::punctuated::Punctuated;
use syn::{
    Attribute, Fields, FnArg, GenericArgument, ImplItem, Item as SynItem, Meta, Pat, PathArguments,
    ReturnType, Token, TraitItem as SynTraitItem, Type, UseTree, Visibility,
};

use super::tokens::{text, text_without_lifetimes};
use super::{
    Cfg, EnumShape, Item, ItemKind, Member, MemberKey, MemberKind, PublicApi, Signature,
    StructShape, TraitItem, TraitShape, TypeText,
};
use crate::error::{Error, Result};

/// A module by its path where it is defined (`["v2", "api"]`), which may
/// not be the path users write.
type ModPath = Vec<String>;

/// The subject of impls that name no public type of the crate's root.
const ROOT_SUBJECT: &str = "crate";

pub(super) fn extract<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<PublicApi> {
    let mut modules = BTreeMap::new();
    let mut macros = Vec::new();
    for (path, source) in files {
        let Some(module) = module_of_file(path) else {
            continue;
        };
        let file = syn::parse_file(source).map_err(|e| {
            let start = e.span().start();
            Error::RustSyntax {
                file: path.to_owned(),
                line: start.line,
                column: start.column + 1,
                message: e.to_string(),
            }
        })?;
        let inner = Attrs::read(&file.attrs);
        let entry: &mut Module = modules.entry(module.clone()).or_default();
        entry.cfg = entry.cfg.union(&inner.cfg);
        entry.hidden |= inner.hidden || inner.test_only;
        collect(&module, &file.items, &mut modules, &mut macros);
    }
    Ok(Resolver::new(modules).api(macros))
}

/// The module a file defines: `src/lib.rs` the root, `src/v2/mod.rs` and
/// `src/v2.rs` `v2`, `src/v2/models.rs` `v2::models`. `None` for what is
/// not the library's source (`src/main.rs`, `src/bin/`, anything outside
/// `src/` or not `.rs`).
fn module_of_file(path: &str) -> Option<ModPath> {
    let relative = path.strip_prefix("src/")?.strip_suffix(".rs")?;
    if relative == "main" || relative.starts_with("bin/") {
        return None;
    }
    let mut segments: ModPath = relative.split('/').map(str::to_owned).collect();
    if segments.last().is_some_and(|last| last == "mod") || segments == ["lib"] {
        segments.pop();
    }
    Some(segments)
}

/// What one module declares, before anything is resolved.
#[derive(Debug, Default)]
struct Module {
    /// Its own `#![cfg(…)]` (the one on its declaration is its parent's).
    cfg: Cfg,
    /// `#![doc(hidden)]` inside it, or test-only.
    hidden: bool,
    /// `mod` declarations inside it.
    children: Vec<Child>,
    /// `use` declarations, public or not (private ones resolve impls).
    uses: Vec<Use>,
    /// Public, visible items by name.
    items: BTreeMap<String, RawItem>,
    /// Every type and trait name declared, public or not: an impl for a
    /// private type is no part of the API.
    types: BTreeSet<String>,
    /// Impl blocks.
    impls: Vec<RawImpl>,
}

/// `mod name;` or `mod name { … }`.
#[derive(Debug)]
struct Child {
    name: String,
    public: bool,
    hidden: bool,
    cfg: Cfg,
}

/// One leaf of a `use` declaration: `use a::b::{c as d, e::*}` is two.
#[derive(Debug)]
struct Use {
    /// The path before the leaf, as written (`crate`, `self`, `super` kept).
    prefix: Vec<String>,
    leaf: Leaf,
    public: bool,
    hidden: bool,
    cfg: Cfg,
}

#[derive(Debug)]
enum Leaf {
    /// `*`
    Glob,
    /// `name` or `name as alias` (`self` for `a::{self}`).
    Name { name: String, alias: String },
}

/// A public item as declared, before its path is known.
#[derive(Debug)]
struct RawItem {
    kind: ItemKind,
    cfg: Cfg,
    deprecated: bool,
    /// Traits in its `#[derive(…)]`, by their last segment.
    derives: Vec<String>,
    /// The type as an impl names it: `Foo`, `Foo<T>`.
    self_text: String,
}

/// An impl block, unresolved.
#[derive(Debug)]
struct RawImpl {
    /// The self type's path, when it is a plain path (`Foo`, `models::Foo`).
    self_path: Option<Vec<String>>,
    /// The trait impl's key (`From<&str> for Foo`), `None` when inherent.
    trait_key: Option<String>,
    /// Type paths in the trait's arguments: `impl From<Foo> for String` is
    /// about `Foo`.
    mentioned: Vec<Vec<String>>,
    /// Public methods and consts of an inherent impl.
    members: Vec<(MemberKey, Member)>,
    cfg: Cfg,
}

/// What an item's attributes say about its place in the API.
#[derive(Debug, Default)]
struct Attrs {
    cfg: Cfg,
    /// `#[cfg(test)]`: never compiled for users.
    test_only: bool,
    /// `#[doc(hidden)]`: not API by convention.
    hidden: bool,
    deprecated: bool,
    non_exhaustive: bool,
    derives: Vec<String>,
    macro_export: bool,
}

impl Attrs {
    fn read(attrs: &[Attribute]) -> Self {
        let mut out = Attrs::default();
        for attr in attrs {
            let path = attr.path();
            if path.is_ident("deprecated") {
                out.deprecated = true;
            } else if path.is_ident("non_exhaustive") {
                out.non_exhaustive = true;
            } else if path.is_ident("macro_export") {
                out.macro_export = true;
            } else if let Meta::List(list) = &attr.meta {
                if path.is_ident("cfg") {
                    let condition = text(&list.tokens);
                    out.test_only |= condition == "test";
                    out.cfg.0.insert(condition);
                } else if path.is_ident("doc") {
                    out.hidden |= list
                        .tokens
                        .clone()
                        .into_iter()
                        .any(|t| t.to_string() == "hidden");
                } else if path.is_ident("derive") {
                    out.derives.extend(derived_traits(attr));
                }
            }
        }
        out
    }

    /// Not part of what users compile against.
    fn excluded(&self) -> bool {
        self.test_only || self.hidden
    }
}

/// `#[derive(Debug, serde::Serialize)]` → `Debug`, `Serialize`; nothing if
/// the list does not parse as paths.
fn derived_traits(attr: &Attribute) -> Vec<String> {
    attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
        .map(|paths| {
            paths
                .iter()
                .filter_map(|p| p.segments.last().map(|s| s.ident.to_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn is_public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// Records what `items` (the contents of `module`) declare.
fn collect(
    module: &ModPath,
    items: &[SynItem],
    modules: &mut BTreeMap<ModPath, Module>,
    macros: &mut Vec<(String, Cfg)>,
) {
    for item in items {
        if let SynItem::Mod(inner) = item {
            let attrs = Attrs::read(&inner.attrs);
            let name = inner.ident.to_string();
            modules
                .entry(module.clone())
                .or_default()
                .children
                .push(Child {
                    name: name.clone(),
                    public: is_public(&inner.vis),
                    hidden: attrs.excluded(),
                    cfg: attrs.cfg,
                });
            if let Some((_, content)) = &inner.content {
                let mut path = module.clone();
                path.push(name);
                modules.entry(path.clone()).or_default();
                collect(&path, content, modules, macros);
            }
            continue;
        }
        let entry = modules.entry(module.clone()).or_default();
        collect_item(item, entry, macros);
    }
}

/// Records one item other than a module.
fn collect_item(item: &SynItem, module: &mut Module, macros: &mut Vec<(String, Cfg)>) {
    if let Some(name) = type_name(item) {
        module.types.insert(name);
    }
    match item {
        SynItem::Use(u) => {
            let attrs = Attrs::read(&u.attrs);
            let mut leaves = Vec::new();
            flatten_use(&u.tree, Vec::new(), &mut leaves);
            for (prefix, leaf) in leaves {
                module.uses.push(Use {
                    prefix,
                    leaf,
                    public: is_public(&u.vis),
                    hidden: attrs.excluded(),
                    cfg: attrs.cfg.clone(),
                });
            }
        }
        SynItem::Impl(imp) => {
            if let Some(raw) = raw_impl(imp) {
                module.impls.push(raw);
            }
        }
        SynItem::Macro(mac) => {
            let attrs = Attrs::read(&mac.attrs);
            if let (Some(ident), true, false) = (&mac.ident, attrs.macro_export, attrs.excluded()) {
                macros.push((ident.to_string(), attrs.cfg));
            }
        }
        _ => {
            if let Some((name, raw)) = raw_item(item) {
                module.items.insert(name, raw);
            }
        }
    }
}

/// The name of a type or trait an impl could be for.
fn type_name(item: &SynItem) -> Option<String> {
    match item {
        SynItem::Struct(s) => Some(s.ident.to_string()),
        SynItem::Enum(e) => Some(e.ident.to_string()),
        SynItem::Union(u) => Some(u.ident.to_string()),
        SynItem::Type(t) => Some(t.ident.to_string()),
        SynItem::Trait(t) => Some(t.ident.to_string()),
        _ => None,
    }
}

/// `a::{b, c::*}` → `(["a"], b)`, `(["a", "c"], *)`.
fn flatten_use(tree: &UseTree, prefix: Vec<String>, out: &mut Vec<(Vec<String>, Leaf)>) {
    match tree {
        UseTree::Path(p) => {
            let mut prefix = prefix;
            prefix.push(p.ident.to_string());
            flatten_use(&p.tree, prefix, out);
        }
        UseTree::Name(n) => {
            let name = n.ident.to_string();
            let alias = if name == "self" {
                prefix.last().cloned().unwrap_or_default()
            } else {
                name.clone()
            };
            out.push((prefix, Leaf::Name { name, alias }));
        }
        UseTree::Rename(r) => out.push((
            prefix,
            Leaf::Name {
                name: r.ident.to_string(),
                alias: r.rename.to_string(),
            },
        )),
        UseTree::Glob(_) => out.push((prefix, Leaf::Glob)),
        UseTree::Group(g) => {
            for tree in &g.items {
                flatten_use(tree, prefix.clone(), out);
            }
        }
    }
}

/// A public item's name and shape; `None` for anything private, hidden,
/// test-only, or not an item users name.
fn raw_item(item: &SynItem) -> Option<(String, RawItem)> {
    let (attrs, vis, ident, generics, kind) = match item {
        SynItem::Struct(s) => {
            let attrs = Attrs::read(&s.attrs);
            let shape = struct_shape(&s.fields, &s.generics, attrs.non_exhaustive);
            (
                attrs,
                &s.vis,
                &s.ident,
                Some(&s.generics),
                ItemKind::Struct(shape),
            )
        }
        SynItem::Union(u) => {
            let attrs = Attrs::read(&u.attrs);
            let fields = Fields::Named(u.fields.clone());
            let mut shape = struct_shape(&fields, &u.generics, attrs.non_exhaustive);
            // A union literal sets one field: more fields break none.
            shape.literal = false;
            (
                attrs,
                &u.vis,
                &u.ident,
                Some(&u.generics),
                ItemKind::Union(shape),
            )
        }
        SynItem::Enum(e) => {
            let attrs = Attrs::read(&e.attrs);
            let shape = enum_shape(e, attrs.non_exhaustive);
            (
                attrs,
                &e.vis,
                &e.ident,
                Some(&e.generics),
                ItemKind::Enum(shape),
            )
        }
        SynItem::Trait(t) => {
            let kind = ItemKind::Trait(trait_shape(t));
            (
                Attrs::read(&t.attrs),
                &t.vis,
                &t.ident,
                Some(&t.generics),
                kind,
            )
        }
        SynItem::TraitAlias(t) => {
            let header = format!("{} = {}", text(&t.generics), text(&t.bounds));
            let kind = ItemKind::Trait(TraitShape {
                header,
                items: BTreeMap::new(),
            });
            (
                Attrs::read(&t.attrs),
                &t.vis,
                &t.ident,
                Some(&t.generics),
                kind,
            )
        }
        SynItem::Fn(f) => {
            let kind = ItemKind::Fn(signature(&f.sig));
            (Attrs::read(&f.attrs), &f.vis, &f.sig.ident, None, kind)
        }
        SynItem::Type(t) => {
            let kind = ItemKind::TypeAlias {
                generics: generics_text(&t.generics),
                target: type_text(&t.ty),
            };
            (
                Attrs::read(&t.attrs),
                &t.vis,
                &t.ident,
                Some(&t.generics),
                kind,
            )
        }
        SynItem::Const(c) => {
            let kind = ItemKind::Const(type_text(&c.ty));
            (Attrs::read(&c.attrs), &c.vis, &c.ident, None, kind)
        }
        SynItem::Static(s) => {
            let kind = ItemKind::Static(type_text(&s.ty));
            (Attrs::read(&s.attrs), &s.vis, &s.ident, None, kind)
        }
        SynItem::ExternCrate(c) => {
            let ident = c.rename.as_ref().map_or(&c.ident, |(_, rename)| rename);
            let kind = ItemKind::Reexport(c.ident.to_string());
            (Attrs::read(&c.attrs), &c.vis, ident, None, kind)
        }
        _ => return None,
    };
    if !is_public(vis) || attrs.excluded() {
        return None;
    }
    let name = ident.to_string();
    let self_text = match generics {
        Some(generics) => self_type_text(&name, generics),
        None => name.clone(),
    };
    Some((
        name,
        RawItem {
            kind,
            cfg: attrs.cfg,
            deprecated: attrs.deprecated,
            derives: attrs.derives,
            self_text,
        },
    ))
}

/// `Foo<T, N>` for `struct Foo<'a, T: Clone, const N: usize>`: the type as
/// an impl's key names it (lifetimes left out, as there).
fn self_type_text(name: &str, generics: &syn::Generics) -> String {
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

fn generics_text(generics: &syn::Generics) -> String {
    match &generics.where_clause {
        Some(clause) => format!("{} {}", text(generics), text(clause)),
        None => text(generics),
    }
}

fn struct_shape(fields: &Fields, generics: &syn::Generics, non_exhaustive: bool) -> StructShape {
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

fn enum_shape(e: &syn::ItemEnum, non_exhaustive: bool) -> EnumShape {
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

fn trait_shape(t: &syn::ItemTrait) -> TraitShape {
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
fn signature(sig: &syn::Signature) -> Signature {
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
fn type_text(ty: &Type) -> TypeText {
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

/// An impl block's key, self type and members; `None` when hidden or
/// test-only.
fn raw_impl(imp: &syn::ItemImpl) -> Option<RawImpl> {
    let attrs = Attrs::read(&imp.attrs);
    if attrs.excluded() {
        return None;
    }
    let self_path = plain_path(&imp.self_ty);
    let (trait_key, mentioned, members) = match &imp.trait_ {
        Some((trait_path, _)) => {
            let key = impl_key(trait_path, imp);
            (Some(key), mentioned_paths(trait_path), Vec::new())
        }
        None => (None, Vec::new(), inherent_members(imp)),
    };
    Some(RawImpl {
        self_path,
        trait_key,
        mentioned,
        members,
        cfg: attrs.cfg,
    })
}

/// The segments of a type that is a plain path (`models::Foo<T>` →
/// `["models", "Foo"]`); `None` for references, tuples and the like.
fn plain_path(ty: &Type) -> Option<Vec<String>> {
    match ty {
        Type::Path(path) if path.qself.is_none() => Some(
            path.path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect(),
        ),
        Type::Group(group) => plain_path(&group.elem),
        Type::Paren(paren) => plain_path(&paren.elem),
        _ => None,
    }
}

/// `From<&str> for Foo`, `FromStr<Err = Infallible> for Foo`: the trait by its
/// last segment (derives and written impls name it differently), its
/// arguments and associated types, and the self type, all without lifetimes.
fn impl_key(trait_path: &syn::Path, imp: &syn::ItemImpl) -> String {
    let Some(last) = trait_path.segments.last() else {
        return format!("for {}", text_without_lifetimes(&imp.self_ty));
    };
    let mut args: Vec<String> = match &last.arguments {
        PathArguments::AngleBracketed(angle) => angle
            .args
            .iter()
            .filter(|arg| !matches!(arg, GenericArgument::Lifetime(_)))
            .map(text_without_lifetimes)
            .collect(),
        _ => Vec::new(),
    };
    args.extend(imp.items.iter().filter_map(|item| match item {
        ImplItem::Type(ty) => Some(format!("{} = {}", ty.ident, text_without_lifetimes(&ty.ty))),
        _ => None,
    }));
    let parenthesized = match &last.arguments {
        PathArguments::Parenthesized(p) => text_without_lifetimes(p),
        _ => String::new(),
    };
    let args = if args.is_empty() {
        String::new()
    } else {
        format!("<{}>", args.join(", "))
    };
    format!(
        "{}{parenthesized}{args} for {}",
        last.ident,
        text_without_lifetimes(&imp.self_ty)
    )
}

/// The type paths among a trait's arguments.
fn mentioned_paths(trait_path: &syn::Path) -> Vec<Vec<String>> {
    trait_path
        .segments
        .iter()
        .filter_map(|segment| match &segment.arguments {
            PathArguments::AngleBracketed(args) => Some(args.args.iter()),
            _ => None,
        })
        .flatten()
        .filter_map(|arg| match arg {
            GenericArgument::Type(ty) => plain_path(ty),
            _ => None,
        })
        .collect()
}

/// The public methods and consts of an inherent impl.
fn inherent_members(imp: &syn::ItemImpl) -> Vec<(MemberKey, Member)> {
    imp.items
        .iter()
        .filter_map(|item| {
            let (attrs, vis, key, kind) = match item {
                ImplItem::Fn(f) => (
                    Attrs::read(&f.attrs),
                    &f.vis,
                    MemberKey::Method(f.sig.ident.to_string()),
                    MemberKind::Method(signature(&f.sig)),
                ),
                ImplItem::Const(c) => (
                    Attrs::read(&c.attrs),
                    &c.vis,
                    MemberKey::Const(c.ident.to_string()),
                    MemberKind::Const(type_text(&c.ty)),
                ),
                _ => return None,
            };
            if !is_public(vis) || attrs.excluded() {
                return None;
            }
            let member = Member {
                kind,
                cfg: attrs.cfg,
                deprecated: attrs.deprecated,
            };
            Some((key, member))
        })
        .collect()
}

/// Where users find a module, or an item re-exported by name.
#[derive(Debug, Clone)]
struct Exposure {
    /// The path users write; empty for the crate root.
    path: String,
    /// The conditions on the way: `#[cfg]` on `pub mod` and `pub use`.
    cfg: Cfg,
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}::{name}")
    }
}

/// Resolves what [`collect`] recorded into a [`PublicApi`].
struct Resolver {
    modules: BTreeMap<ModPath, Module>,
    /// Public paths of the modules users can reach.
    exposed: BTreeMap<ModPath, Exposure>,
    /// Items re-exported by name from a module users cannot reach
    /// (`pub use api::KeyManagementApi`).
    aliases: BTreeMap<(ModPath, String), Exposure>,
    /// The API under construction.
    items: BTreeMap<String, Item>,
}

impl Resolver {
    fn new(modules: BTreeMap<ModPath, Module>) -> Self {
        Resolver {
            modules,
            exposed: BTreeMap::new(),
            aliases: BTreeMap::new(),
            items: BTreeMap::new(),
        }
    }

    fn api(mut self, macros: Vec<(String, Cfg)>) -> PublicApi {
        self.expose_modules();
        self.place_items();
        for (name, cfg) in macros {
            self.items
                .entry(name)
                .or_insert_with(|| plain_item(ItemKind::Macro, cfg));
        }
        self.attach_impls();
        PublicApi { items: self.items }
    }

    /// Walks from the crate root through `pub mod` and `pub use`, nearest
    /// first, so each module gets its shortest public path.
    fn expose_modules(&mut self) {
        let root: ModPath = Vec::new();
        let Some(root_module) = self.modules.get(&root) else {
            return;
        };
        let start = Exposure {
            path: String::new(),
            cfg: root_module.cfg.clone(),
        };
        self.exposed.insert(root.clone(), start);
        let mut queue = VecDeque::from([root]);
        while let Some(module) = queue.pop_front() {
            for (target, exposure, listed) in self.exposures_from(&module) {
                let hidden = self.modules.get(&target).is_some_and(|m| m.hidden);
                if hidden || self.exposed.contains_key(&target) {
                    continue;
                }
                if listed {
                    let item = plain_item(ItemKind::Module, exposure.cfg.clone());
                    self.items.entry(exposure.path.clone()).or_insert(item);
                }
                self.exposed.insert(target.clone(), exposure);
                queue.push_back(target);
            }
        }
    }

    /// The modules `module` makes public (each with whether it gets a path of
    /// its own, as opposed to a glob merging it into `module`'s), and, on
    /// the way, the items it re-exports by name.
    fn exposures_from(&mut self, module: &ModPath) -> Vec<(ModPath, Exposure, bool)> {
        let (Some(here), Some(declared)) =
            (self.exposed.get(module).cloned(), self.modules.get(module))
        else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for child in declared.children.iter().filter(|c| c.public && !c.hidden) {
            let mut target = module.clone();
            target.push(child.name.clone());
            let own = self.modules.get(&target).map(|m| m.cfg.clone());
            let own = own.unwrap_or_default();
            let cfg = here.cfg.union(&child.cfg).union(&own);
            let path = join(&here.path, &child.name);
            found.push((target, Exposure { path, cfg }, true));
        }
        let (mut reexports, mut aliases) = (Vec::new(), Vec::new());
        for used in declared.uses.iter().filter(|u| u.public && !u.hidden) {
            let cfg = here.cfg.union(&used.cfg);
            match &used.leaf {
                Leaf::Glob => match self.local_module(module, &used.prefix) {
                    Some(target) => {
                        let path = here.path.clone();
                        found.push((target, Exposure { path, cfg }, false));
                    }
                    None => {
                        let target = format!("{}::*", written(&used.prefix));
                        reexports.push((join(&here.path, "*"), target, cfg));
                    }
                },
                Leaf::Name { name, alias } => {
                    let path = join(&here.path, alias);
                    let mut full = used.prefix.clone();
                    if name != "self" {
                        full.push(name.clone());
                    }
                    if let Some(target) = self.local_module(module, &full) {
                        found.push((target, Exposure { path, cfg }, true));
                    } else if let Some(owner) =
                        self.local_module(module, &used.prefix).filter(|m| {
                            self.modules
                                .get(m)
                                .is_some_and(|m| m.items.contains_key(name))
                        })
                    {
                        aliases.push(((owner, name.clone()), Exposure { path, cfg }));
                    } else {
                        reexports.push((path, written(&full), cfg));
                    }
                }
            }
        }
        self.aliases.extend(aliases);
        for (path, target, cfg) in reexports {
            let item = plain_item(ItemKind::Reexport(target), cfg);
            self.items.entry(path).or_insert(item);
        }
        found
    }

    /// The crate's module that `segments` (a `use` path or a type path's
    /// prefix, written in `from`) names; `None` for another crate's.
    fn local_module(&self, from: &ModPath, segments: &[String]) -> Option<ModPath> {
        let mut path = from.clone();
        let mut rest = segments;
        match rest.first().map(String::as_str) {
            Some("crate") => {
                path.clear();
                rest = &rest[1..];
            }
            Some("self") => rest = &rest[1..],
            Some("super") => {
                while rest.first().is_some_and(|s| s == "super") {
                    path.pop()?;
                    rest = &rest[1..];
                }
            }
            _ => {}
        }
        for segment in rest {
            path.push(segment.clone());
            if !self.modules.contains_key(&path) {
                return None;
            }
        }
        Some(path)
    }

    /// Gives every public item its path: in a module users reach, or where a
    /// `pub use` put it.
    fn place_items(&mut self) {
        let mut placed = Vec::new();
        for (module_path, module) in &self.modules {
            let compile_cfg = self.compile_cfg(module_path);
            for (name, raw) in &module.items {
                let key = (module_path.clone(), name.clone());
                let exposure = match self.exposed.get(module_path) {
                    Some(e) => Exposure {
                        path: join(&e.path, name),
                        cfg: e.cfg.clone(),
                    },
                    None => match self.aliases.get(&key) {
                        Some(alias) => alias.clone(),
                        None => continue,
                    },
                };
                let cfg = compile_cfg.union(&exposure.cfg).union(&raw.cfg);
                placed.push((exposure.path, raw, cfg));
            }
        }
        let mut items = std::mem::take(&mut self.items);
        for (path, raw, cfg) in placed {
            let mut item = Item {
                kind: raw.kind.clone(),
                cfg: cfg.clone(),
                deprecated: raw.deprecated,
                members: BTreeMap::new(),
            };
            for derived in &raw.derives {
                let key = MemberKey::Impl(format!("{derived} for {}", raw.self_text));
                let member = Member {
                    kind: MemberKind::Impl,
                    cfg: cfg.clone(),
                    deprecated: false,
                };
                item.members.insert(key, member);
            }
            items.entry(path).or_insert(item);
        }
        self.items = items;
    }

    /// The `cfg` of every `mod` declaration on the way to `module`, and of
    /// each module's own `#![cfg]`: what it takes for its code to compile.
    fn compile_cfg(&self, module: &[String]) -> Cfg {
        let own = |path: &[String]| self.modules.get(path).map(|m| m.cfg.clone());
        let mut cfg = own(&[]).unwrap_or_default();
        for depth in 1..=module.len() {
            let (parent, name) = (&module[..depth - 1], &module[depth - 1]);
            if let Some(parent) = self.modules.get(parent) {
                for child in parent.children.iter().filter(|c| &c.name == name) {
                    cfg = cfg.union(&child.cfg);
                }
            }
            cfg = cfg.union(&own(&module[..depth]).unwrap_or_default());
        }
        cfg
    }

    /// Hangs each impl's members on the public item it is for.
    fn attach_impls(&mut self) {
        let mut attached = Vec::new();
        for (module_path, module) in &self.modules {
            let compile_cfg = self.compile_cfg(module_path);
            for imp in &module.impls {
                let Some(subject) = self.subject_of(module_path, imp) else {
                    continue;
                };
                let cfg = compile_cfg.union(&imp.cfg);
                if let Some(key) = &imp.trait_key {
                    let member = Member {
                        kind: MemberKind::Impl,
                        cfg: cfg.clone(),
                        deprecated: false,
                    };
                    attached.push((subject.clone(), MemberKey::Impl(key.clone()), member));
                }
                for (key, member) in &imp.members {
                    let mut member = member.clone();
                    member.cfg = cfg.union(&member.cfg);
                    attached.push((subject.clone(), key.clone(), member));
                }
            }
        }
        for (subject, key, member) in attached {
            let item = self
                .items
                .entry(subject)
                .or_insert_with(|| plain_item(ItemKind::Module, Cfg::default()));
            item.members.entry(key).or_insert(member);
        }
    }

    /// The public path an impl's members belong to: its self type's; for a
    /// trait impl on another crate's type, the first of the crate's public
    /// types among the trait's arguments (`impl From<Foo> for String`), else
    /// the module's. `None` when it is for a type users cannot name.
    fn subject_of(&self, module: &ModPath, imp: &RawImpl) -> Option<String> {
        if let Some(local) = imp
            .self_path
            .as_ref()
            .and_then(|p| self.resolve_type(module, p))
        {
            return self.public_path(&local);
        }
        imp.trait_key.as_ref()?;
        let mentioned = imp
            .mentioned
            .iter()
            .filter_map(|p| self.resolve_type(module, p))
            .find_map(|local| self.public_path(&local));
        mentioned.or_else(|| {
            let exposure = self.exposed.get(module)?;
            Some(if exposure.path.is_empty() {
                ROOT_SUBJECT.to_owned()
            } else {
                exposure.path.clone()
            })
        })
    }

    /// The module and name of the crate's type that `path`, written in
    /// `module`, names: declared there, imported by name or by glob, or
    /// through a module path.
    fn resolve_type(&self, module: &ModPath, path: &[String]) -> Option<(ModPath, String)> {
        let (name, prefix) = path.split_last()?;
        let declares = |m: &ModPath| self.modules.get(m).is_some_and(|m| m.types.contains(name));
        if !prefix.is_empty() {
            let owner = self.local_module(module, prefix)?;
            return declares(&owner).then(|| (owner, name.clone()));
        }
        if declares(module) {
            return Some((module.clone(), name.clone()));
        }
        let uses = &self.modules.get(module)?.uses;
        uses.iter()
            .filter(|u| match &u.leaf {
                Leaf::Glob => true,
                Leaf::Name { alias, .. } => alias == name,
            })
            .filter_map(|u| {
                let owner = self.local_module(module, &u.prefix)?;
                let declared = match &u.leaf {
                    Leaf::Name { name, .. } => name.clone(),
                    Leaf::Glob => name.clone(),
                };
                self.modules
                    .get(&owner)
                    .is_some_and(|m| m.types.contains(&declared))
                    .then_some((owner, declared))
            })
            .next()
    }

    /// The path users write for the item `name` of `module`, if they can.
    fn public_path(&self, (module, name): &(ModPath, String)) -> Option<String> {
        if let Some(exposure) = self.exposed.get(module) {
            let path = join(&exposure.path, name);
            return self.items.contains_key(&path).then_some(path);
        }
        self.aliases
            .get(&(module.clone(), name.clone()))
            .map(|e| e.path.clone())
    }
}

/// A `use` path as written, without a leading `::`.
fn written(segments: &[String]) -> String {
    segments.join("::")
}

fn plain_item(kind: ItemKind, cfg: Cfg) -> Item {
    Item {
        kind,
        cfg,
        deprecated: false,
        members: BTreeMap::new(),
    }
}
