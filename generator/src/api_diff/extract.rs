//! Reading the public API out of Rust files with syn, in two passes:
//! [`collect`] records what each module declares (public items, module
//! declarations, `use`s, impls) without resolving anything;
//! [`Resolver`] then finds the path a user writes
//! for each module (following `pub mod` and `pub use`) and hangs every impl
//! on the public type it is for. The shapes of items are read in
//! [`shapes`](super::shapes).

use std::collections::{BTreeMap, BTreeSet};

use syn::punctuated::Punctuated;
use syn::{
    Attribute, Fields, GenericArgument, ImplItem, Item as SynItem, Meta, PathArguments, Token,
    Type, UseTree, Visibility,
};

use super::resolve::Resolver;
use super::shapes::{
    enum_shape, generics_text, self_type_text, signature, struct_shape, trait_shape, type_text,
};
use super::tokens::{text, text_without_lifetimes};
use super::{Cfg, ItemKind, Member, MemberKey, MemberKind, PublicApi, TraitShape};
use crate::error::{Error, Result};

/// A module by its path where it is defined (`["v2", "api"]`), which may
/// not be the path users write.
pub(super) type ModPath = Vec<String>;

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
pub(super) struct Module {
    /// Its own `#![cfg(…)]` (the one on its declaration is its parent's).
    pub(super) cfg: Cfg,
    /// `#![doc(hidden)]` inside it, or test-only.
    pub(super) hidden: bool,
    /// `mod` declarations inside it.
    pub(super) children: Vec<Child>,
    /// `use` declarations, public or not (private ones resolve impls).
    pub(super) uses: Vec<Use>,
    /// Public, visible items by name.
    pub(super) items: BTreeMap<String, RawItem>,
    /// Every type and trait name declared, public or not: an impl for a
    /// private type is no part of the API.
    pub(super) types: BTreeSet<String>,
    /// Impl blocks.
    pub(super) impls: Vec<RawImpl>,
}

/// `mod name;` or `mod name { … }`.
#[derive(Debug)]
pub(super) struct Child {
    pub(super) name: String,
    pub(super) public: bool,
    pub(super) hidden: bool,
    pub(super) cfg: Cfg,
}

/// One leaf of a `use` declaration: `use a::b::{c as d, e::*}` is two.
#[derive(Debug)]
pub(super) struct Use {
    /// The path before the leaf, as written (`crate`, `self`, `super` kept).
    pub(super) prefix: Vec<String>,
    pub(super) leaf: Leaf,
    pub(super) public: bool,
    pub(super) hidden: bool,
    pub(super) cfg: Cfg,
}

#[derive(Debug)]
pub(super) enum Leaf {
    /// `*`
    Glob,
    /// `name` or `name as alias` (`self` for `a::{self}`).
    Name { name: String, alias: String },
}

/// A public item as declared, before its path is known.
#[derive(Debug)]
pub(super) struct RawItem {
    pub(super) kind: ItemKind,
    pub(super) cfg: Cfg,
    pub(super) deprecated: bool,
    /// Traits in its `#[derive(…)]`, by their last segment.
    pub(super) derives: Vec<String>,
    /// The type as an impl names it: `Foo`, `Foo<T>`.
    pub(super) self_text: String,
}

/// An impl block, unresolved.
#[derive(Debug)]
pub(super) struct RawImpl {
    /// The self type's path, when it is a plain path (`Foo`, `models::Foo`).
    pub(super) self_path: Option<Vec<String>>,
    /// The trait impl's key (`From<&str> for Foo`), `None` when inherent.
    pub(super) trait_key: Option<String>,
    /// Type paths in the trait's arguments: `impl From<Foo> for String` is
    /// about `Foo`.
    pub(super) mentioned: Vec<Vec<String>>,
    /// Public methods and consts of an inherent impl.
    pub(super) members: Vec<(MemberKey, Member)>,
    pub(super) cfg: Cfg,
}

/// What an item's attributes say about its place in the API.
#[derive(Debug, Default)]
pub(super) struct Attrs {
    pub(super) cfg: Cfg,
    /// `#[cfg(test)]`: never compiled for users.
    pub(super) test_only: bool,
    /// `#[doc(hidden)]`: not API by convention.
    pub(super) hidden: bool,
    pub(super) deprecated: bool,
    pub(super) non_exhaustive: bool,
    pub(super) derives: Vec<String>,
    pub(super) macro_export: bool,
}

impl Attrs {
    pub(super) fn read(attrs: &[Attribute]) -> Self {
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
    pub(super) fn excluded(&self) -> bool {
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

pub(super) fn is_public(vis: &Visibility) -> bool {
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
    let parts = type_parts(item).or_else(|| value_parts(item))?;
    if !is_public(parts.vis) || parts.attrs.excluded() {
        return None;
    }
    let name = parts.ident.to_string();
    let self_text = match parts.generics {
        Some(generics) => self_type_text(&name, generics),
        None => name.clone(),
    };
    Some((
        name,
        RawItem {
            kind: parts.kind,
            cfg: parts.attrs.cfg,
            deprecated: parts.attrs.deprecated,
            derives: parts.attrs.derives,
            self_text,
        },
    ))
}

/// What [`raw_item`] reads from an item of any kind, before it knows
/// whether the item is API.
struct Parts<'a> {
    attrs: Attrs,
    vis: &'a syn::Visibility,
    ident: &'a syn::Ident,
    /// The generics of an item that is a type (for its `Self` text).
    generics: Option<&'a syn::Generics>,
    kind: ItemKind,
}

impl<'a> Parts<'a> {
    fn new(
        attrs: Attrs,
        vis: &'a syn::Visibility,
        ident: &'a syn::Ident,
        generics: Option<&'a syn::Generics>,
        kind: ItemKind,
    ) -> Self {
        Parts {
            attrs,
            vis,
            ident,
            generics,
            kind,
        }
    }
}

/// The parts of an item that defines a type: a struct, union, enum,
/// trait, trait alias or type alias.
fn type_parts(item: &SynItem) -> Option<Parts<'_>> {
    Some(match item {
        SynItem::Struct(s) => {
            let attrs = Attrs::read(&s.attrs);
            let kind = ItemKind::Struct(struct_shape(&s.fields, &s.generics, attrs.non_exhaustive));
            Parts::new(attrs, &s.vis, &s.ident, Some(&s.generics), kind)
        }
        SynItem::Union(u) => {
            let attrs = Attrs::read(&u.attrs);
            let fields = Fields::Named(u.fields.clone());
            let mut shape = struct_shape(&fields, &u.generics, attrs.non_exhaustive);
            // A union literal sets one field: more fields break none.
            shape.literal = false;
            Parts::new(
                attrs,
                &u.vis,
                &u.ident,
                Some(&u.generics),
                ItemKind::Union(shape),
            )
        }
        SynItem::Enum(e) => {
            let attrs = Attrs::read(&e.attrs);
            let kind = ItemKind::Enum(enum_shape(e, attrs.non_exhaustive));
            Parts::new(attrs, &e.vis, &e.ident, Some(&e.generics), kind)
        }
        SynItem::Trait(t) => {
            let kind = ItemKind::Trait(trait_shape(t));
            Parts::new(
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
            Parts::new(
                Attrs::read(&t.attrs),
                &t.vis,
                &t.ident,
                Some(&t.generics),
                kind,
            )
        }
        SynItem::Type(t) => {
            let kind = ItemKind::TypeAlias {
                generics: generics_text(&t.generics),
                target: type_text(&t.ty),
            };
            Parts::new(
                Attrs::read(&t.attrs),
                &t.vis,
                &t.ident,
                Some(&t.generics),
                kind,
            )
        }
        _ => return None,
    })
}

/// The parts of an item that names a value or a crate: a function,
/// constant, static or `extern crate`.
fn value_parts(item: &SynItem) -> Option<Parts<'_>> {
    Some(match item {
        SynItem::Fn(f) => {
            let kind = ItemKind::Fn(signature(&f.sig));
            Parts::new(Attrs::read(&f.attrs), &f.vis, &f.sig.ident, None, kind)
        }
        SynItem::Const(c) => {
            let kind = ItemKind::Const(type_text(&c.ty));
            Parts::new(Attrs::read(&c.attrs), &c.vis, &c.ident, None, kind)
        }
        SynItem::Static(s) => {
            let kind = ItemKind::Static(type_text(&s.ty));
            Parts::new(Attrs::read(&s.attrs), &s.vis, &s.ident, None, kind)
        }
        SynItem::ExternCrate(c) => {
            let ident = c.rename.as_ref().map_or(&c.ident, |(_, rename)| rename);
            let kind = ItemKind::Reexport(c.ident.to_string());
            Parts::new(Attrs::read(&c.attrs), &c.vis, ident, None, kind)
        }
        _ => return None,
    })
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
