//! The generated crate as one file for `include!`: what `build.rs` use
//! needs.
//!
//! An included file holds items only: no inner attributes (`#![...]`,
//! `//!`) at its top, and modules inline, since `mod v1;` would be looked
//! for beside the includer, not in `OUT_DIR`. So the crate's `src/lib.rs`
//! is parsed with syn, every `mod name;` replaced by the module's file
//! (recursively, its `//!` docs kept as the module's outer
//! attributes, after those of the declaration), the crate-level inner attributes dropped (a
//! `#![recursion_limit]` is returned, for the includer's crate root), and
//! the items behind the generated crate's `mock` feature kept without the
//! `cfg` (with `mock`) or left out: the including crate has features of its
//! own. Generated code names items by `crate::`, so the file belongs at the
//! root of a crate.

use syn::ext::IdentExt;
use syn::{Attribute, Item, Meta};

use generator::Output;

/// One file for `include!`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SingleFile {
    /// The Rust text.
    pub text: String,
    /// The crate's `#![recursion_limit]`, which the including crate's root
    /// must declare (an included file cannot).
    pub recursion_limit: Option<String>,
}

/// Joins the Rust files of `output` (`src/lib.rs` and the modules it
/// declares) into one file; with `mock`, the typed mocks are part of it.
pub fn single_file(output: &Output, mock: bool) -> Result<SingleFile, String> {
    let mut root = parse(output, "src/lib.rs")?;
    let recursion_limit = root.attrs.iter().find_map(|attr| match &attr.meta {
        Meta::NameValue(syn::MetaNameValue {
            path,
            value:
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(limit),
                    ..
                }),
            ..
        }) if path.is_ident("recursion_limit") => Some(limit.value()),
        _ => None,
    });
    root.attrs.clear();
    root.items = inline_items(output, std::mem::take(&mut root.items), "src/", mock)?;
    Ok(SingleFile {
        text: prettyplease::unparse(&root),
        recursion_limit,
    })
}

fn parse(output: &Output, path: &str) -> Result<syn::File, String> {
    let text = output
        .get(path)
        .ok_or_else(|| format!("`{path}` is not among the generated files"))?;
    syn::parse_file(text).map_err(|e| format!("`{path}` does not parse: {e}"))
}

/// `items` of a module whose files sit under `dir`, each `mod x;` replaced
/// by the inline contents of `dir/x.rs` or `dir/x/mod.rs`.
fn inline_items(
    output: &Output,
    items: Vec<Item>,
    dir: &str,
    mock: bool,
) -> Result<Vec<Item>, String> {
    let mut kept = Vec::new();
    for mut item in items {
        if !keep_for_mock(item_attrs(&mut item), mock) {
            continue;
        }
        if let Item::Mod(module) = &mut item {
            let name = module.ident.unraw().to_string();
            match &mut module.content {
                Some((_, inner)) => {
                    let inner_items = std::mem::take(inner);
                    *inner = inline_items(output, inner_items, &format!("{dir}{name}/"), mock)?;
                }
                None => {
                    let (file, children) = [
                        (format!("{dir}{name}.rs"), format!("{dir}{name}/")),
                        (format!("{dir}{name}/mod.rs"), format!("{dir}{name}/")),
                    ]
                    .into_iter()
                    .find(|(file, _)| output.contains_key(file))
                    .ok_or_else(|| format!("`mod {name};` in `{dir}` has no file"))?;
                    let parsed = parse(output, &file)?;
                    // Outer, after the declaration's own: a module with both
                    // kinds in one file is clippy's `mixed_attributes_style`.
                    module
                        .attrs
                        .extend(parsed.attrs.into_iter().map(|mut attr| {
                            attr.style = syn::AttrStyle::Outer;
                            attr
                        }));
                    let inner = inline_items(output, parsed.items, &children, mock)?;
                    module.content = Some((Default::default(), inner));
                    module.semi = None;
                }
            }
        }
        kept.push(item);
    }
    Ok(kept)
}

/// Whether an item with `attrs` stays: an item behind the generated
/// crate's `mock` feature stays, without its `cfg`, only with `mock`; one
/// behind any other of its features (`cli`, whose binary an included file
/// has no place for) is left out.
fn keep_for_mock(attrs: Option<&mut Vec<Attribute>>, mock: bool) -> bool {
    let Some(attrs) = attrs else { return true };
    let features: Vec<String> = attrs.iter().filter_map(feature_cfg).collect();
    attrs.retain(|attr| feature_cfg(attr).is_none());
    features.iter().all(|feature| mock && feature == "mock")
}

/// The feature of a `#[cfg(feature = "…")]` attribute.
fn feature_cfg(attr: &Attribute) -> Option<String> {
    let Meta::List(list) = &attr.meta else {
        return None;
    };
    if !list.path.is_ident("cfg") {
        return None;
    }
    let cfg: syn::MetaNameValue = list.parse_args().ok()?;
    match &cfg.value {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(feature),
            ..
        }) if cfg.path.is_ident("feature") => Some(feature.value()),
        _ => None,
    }
}

fn item_attrs(item: &mut Item) -> Option<&mut Vec<Attribute>> {
    Some(match item {
        Item::Const(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::ExternCrate(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::ForeignMod(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::TraitAlias(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Union(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(files: &[(&str, &str)]) -> Output {
        files
            .iter()
            .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
            .collect()
    }

    const FILES: &[(&str, &str)] = &[
        (
            "src/lib.rs",
            "//! The crate.\n#![deny(missing_docs)]\n#![recursion_limit = \"512\"]\n\
             /// Version one.\npub mod v1;\n#[cfg(feature = \"mock\")]\npub mod mock;\n\
             #[cfg(feature = \"cli\")]\npub mod cli;\n\
             pub use client_runtime as runtime;\n",
        ),
        (
            "src/v1/mod.rs",
            "//! The v1 API.\nmod api;\npub mod models;\npub use api::*;\n",
        ),
        (
            "src/v1/api.rs",
            "use super::models::*;\n/// An API.\npub struct Api;\n\
             #[cfg(feature = \"mock\")]\n/// Its mock.\npub struct Mock;\n",
        ),
        ("src/v1/models.rs", "/// A model.\npub struct Pet;\n"),
        (
            "src/mock.rs",
            "//! Mocks.\n/// A server.\npub struct MockServer;\n",
        ),
        ("Cargo.toml", "[package]\n"),
    ];

    #[test]
    fn modules_are_inlined_and_inner_attributes_leave_the_top() {
        let file = single_file(&output(FILES), false).unwrap();
        assert_eq!(file.recursion_limit.as_deref(), Some("512"));
        let expected = "\
/// Version one.
/// The v1 API.
pub mod v1 {
    mod api {
        use super::models::*;
        /// An API.
        pub struct Api;
    }
    pub mod models {
        /// A model.
        pub struct Pet;
    }
    pub use api::*;
}
pub use client_runtime as runtime;
";
        assert_eq!(file.text, expected);
        syn::parse_file(&file.text).unwrap();
    }

    #[test]
    fn with_mock_the_mocks_stay_without_their_cfg() {
        let file = single_file(&output(FILES), true).unwrap();
        assert!(
            file.text.contains("/// Mocks.\npub mod mock {"),
            "{}",
            file.text
        );
        assert!(
            file.text
                .contains("    /// Its mock.\n        pub struct Mock;"),
            "{}",
            file.text
        );
        assert!(!file.text.contains("cfg"), "{}", file.text);
    }

    #[test]
    fn a_module_without_its_file_is_an_error() {
        let files = output(&[("src/lib.rs", "pub mod gone;\n")]);
        assert_eq!(
            single_file(&files, false),
            Err("`mod gone;` in `src/` has no file".into())
        );
    }
}
