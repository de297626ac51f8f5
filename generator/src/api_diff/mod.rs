//! The public API of a generated crate, and how it changed between two
//! generations: what a reviewer of a regeneration needs beside the diff of
//! the files, and the semver bump it implies.
//!
//! The API is read from the generated Rust itself, not from the IR: what
//! users compile against is the Rust, whatever template or generator change
//! produced it. [`PublicApi::from_output`] parses every file under `src/`
//! with syn and keeps what a user of the crate can name (paths as the user
//! writes them: `src/v2/api.rs` is private and re-exported by
//! `pub use api::*`, so its items are `v2::…`), [`diff()`] compares two of
//! them by the rules of the cargo book's SemVer chapter, and [`Report`]
//! prints the result, breaking changes first.
//!
//! Nothing here knows today's templates: items are read generically
//! (structs, enums, fns, inherent methods, trait impls and derives, type
//! aliases, consts, statics, re-exports, macros), `#[doc(hidden)]` items are
//! left out, and items behind `#[cfg(feature = "…")]` are kept with their
//! feature. Only the words of the report speak the generated crate's
//! language: methods of `…Api` structs are operations, fields of `…Params`
//! structs and arguments of operations are parameters, items of a `models`
//! module are models.

mod diff;
mod extract;
mod report;
mod resolve;
mod shapes;
mod tokens;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use crate::error::Result;
use crate::write::Output;

pub use diff::diff;
pub use report::{Bump, Change, ChangeKind, Element, Kind, Note, Noun, Report, Severity};

/// Everything a user of a crate can name: items by the path they write
/// (`v2::models::ApiKey`, `Configuration`), each with its members.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicApi {
    /// Items by path; the crate root's own impls hang on `crate`.
    pub items: BTreeMap<String, Item>,
    /// The cargo features of `Cargo.toml` (users name them in their
    /// dependency), when it was read.
    pub features: BTreeSet<String>,
}

impl PublicApi {
    /// The public API of generated files: `(path in the crate, text)` pairs
    /// such as `("src/v2/models.rs", …)`. Only `.rs` files under `src/` are
    /// read (not a vendored runtime, not `src/bin/`); a file that is not
    /// valid Rust is an error naming it.
    /// A `Cargo.toml` among them gives the crate's features.
    pub fn from_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self> {
        let files: Vec<(&str, &str)> = files.into_iter().collect();
        let mut api = extract::extract(files.iter().copied())?;
        if let Some((_, manifest)) = files.iter().find(|(path, _)| *path == "Cargo.toml") {
            api.features = manifest_features(manifest)?;
        }
        Ok(api)
    }

    /// The public API of [`generate`](crate::generate)'s output.
    pub fn from_output(output: &Output) -> Result<Self> {
        Self::from_files(
            output
                .iter()
                .map(|(path, text)| (path.as_str(), text.as_str())),
        )
    }

    /// The public API of the crate in `dir` (its `src/` tree), as generated
    /// earlier; empty when `dir` does not exist.
    pub fn from_dir(dir: &Path) -> Result<Self> {
        let mut files = crate::write::read_tree(&dir.join("src"), "src/", "rs")?;
        if let Ok(manifest) = std::fs::read_to_string(dir.join("Cargo.toml")) {
            files.insert("Cargo.toml".to_owned(), manifest);
        }
        Self::from_output(&files)
    }
}

/// The names of the `[features]` of a `Cargo.toml`.
fn manifest_features(manifest: &str) -> Result<BTreeSet<String>> {
    let table: toml::Table = toml::from_str(manifest)
        .map_err(|e| crate::Error::Features(format!("cannot read Cargo.toml: {e}")))?;
    Ok(match table.get("features") {
        Some(toml::Value::Table(features)) => features.keys().cloned().collect(),
        _ => BTreeSet::new(),
    })
}

/// One public item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What it is.
    pub kind: ItemKind,
    /// The `cfg` conditions it needs, its modules' included.
    pub cfg: Cfg,
    /// Whether it is `#[deprecated]`.
    pub deprecated: bool,
    /// Inherent methods and associated consts, and the trait impls
    /// (derived or written) of the type, or that name it.
    pub members: BTreeMap<MemberKey, Member>,
}

/// The kinds of public item, each with what its users depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemKind {
    /// A module (`pub mod models`).
    Module,
    /// A struct.
    Struct(StructShape),
    /// A union.
    Union(StructShape),
    /// An enum.
    Enum(EnumShape),
    /// A trait (or trait alias).
    Trait(TraitShape),
    /// A free function.
    Fn(Signature),
    /// `pub type A = B;`
    TypeAlias {
        /// Its generic parameters, as text (`<T>`), empty without any.
        generics: String,
        /// The aliased type.
        target: TypeText,
    },
    /// `pub const A: T`, by its type.
    Const(TypeText),
    /// `pub static A: T`, by its type.
    Static(TypeText),
    /// `pub use a::b as c;` of something outside the crate (or not found in
    /// it), by the path as written (`client_runtime::Body`).
    Reexport(String),
    /// A `#[macro_export]` macro.
    Macro,
}

impl ItemKind {
    /// The Rust word for this kind of item.
    pub fn kind(&self) -> Kind {
        match self {
            ItemKind::Module => Kind::Module,
            ItemKind::Struct(_) => Kind::Struct,
            ItemKind::Union(_) => Kind::Union,
            ItemKind::Enum(_) => Kind::Enum,
            ItemKind::Trait(_) => Kind::Trait,
            ItemKind::Fn(_) => Kind::Fn,
            ItemKind::TypeAlias { .. } => Kind::TypeAlias,
            ItemKind::Const(_) => Kind::Const,
            ItemKind::Static(_) => Kind::Static,
            ItemKind::Reexport(_) => Kind::Reexport,
            ItemKind::Macro => Kind::Macro,
        }
    }
}

/// A struct's (or union's) public face.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructShape {
    /// Generic parameters and where clause, as text; empty without any.
    pub generics: String,
    /// Public fields by name (`0`, `1`, … for a tuple struct).
    pub fields: BTreeMap<String, TypeText>,
    /// Whether users can build it with a struct literal: every field is
    /// public and it is not `#[non_exhaustive]`. Adding a field to such a
    /// struct breaks those literals.
    pub literal: bool,
    /// Whether it is `#[non_exhaustive]`.
    pub non_exhaustive: bool,
}

/// An enum's public face.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumShape {
    /// Generic parameters and where clause, as text; empty without any.
    pub generics: String,
    /// Variants by name, each with its fields as text: `(String)`,
    /// `{ id: u64 }`, or empty for a unit variant.
    pub variants: BTreeMap<String, String>,
    /// Whether it is `#[non_exhaustive]`; adding a variant to an enum that
    /// is not breaks exhaustive matches.
    pub non_exhaustive: bool,
}

/// A trait's public face.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraitShape {
    /// Generics, supertraits and qualifiers, as text.
    pub header: String,
    /// Associated items by name.
    pub items: BTreeMap<String, TraitItem>,
}

/// An associated item of a trait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraitItem {
    /// Its declaration, as text (`fn f(&self) -> u8`, `type Out: Clone`).
    pub text: String,
    /// Whether the trait gives a default, so implementors need not.
    pub provided: bool,
}

/// A function's signature, in pieces that change separately.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Qualifiers, name and generics: `async fn list<T>`.
    pub head: String,
    /// The receiver: `&self`, `self` (a by-value receiver's `mut` is no part
    /// of the API), `self: Box<Self>`; `None` for an associated function.
    pub receiver: Option<String>,
    /// The other arguments, by name, in order.
    pub params: Vec<(String, TypeText)>,
    /// The return type (`()` when none is written).
    pub output: TypeText,
    /// The where clause, as text; empty without one.
    pub where_clause: String,
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let params = self.params.iter().map(|(name, ty)| format!("{name}: {ty}"));
        let all: Vec<String> = self.receiver.iter().cloned().chain(params).collect();
        write!(f, "{}({})", self.head, all.join(", "))?;
        if self.output.text != "()" {
            write!(f, " -> {}", self.output)?;
        }
        if !self.where_clause.is_empty() {
            write!(f, " {}", self.where_clause)?;
        }
        Ok(())
    }
}

/// A type as normalised text, and the same with any `Option<…>` /
/// `Nullable<…>` wrappers taken off, so that a change of optionality can be
/// told from a change of type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TypeText {
    /// The type: `Option<String>`.
    pub text: String,
    /// Without optionality wrappers: `String`.
    pub core: String,
    /// Whether it is an `Option<…>`: a parameter of this type can be left
    /// out.
    pub option: bool,
}

impl TypeText {
    /// Whether the two types differ only in their optionality wrappers
    /// (`String` / `Option<String>` / `Nullable<String>`).
    pub fn differs_only_in_optionality(&self, other: &TypeText) -> bool {
        self.text != other.text && self.core == other.core
    }
}

impl fmt::Display for TypeText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// What identifies a member of an item. Ordered so that a report lists
/// constants, then methods, then impls.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum MemberKey {
    /// An associated const, by name.
    Const(String),
    /// An inherent method or associated function, by name.
    Method(String),
    /// A trait impl, by its trait and self type without lifetimes:
    /// `From<&str> for ApiKeysType`, `Deserialize for ApiKeysType`,
    /// `FromStr<Err = Infallible> for ApiKeysType`.
    Impl(String),
}

/// A member of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// What it is.
    pub kind: MemberKind,
    /// The `cfg` conditions it needs, its item's and impl's included.
    pub cfg: Cfg,
    /// Whether it is `#[deprecated]`.
    pub deprecated: bool,
}

/// The kinds of member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberKind {
    /// An associated const, by its type.
    Const(TypeText),
    /// A method or associated function.
    Method(Signature),
    /// A trait impl (its key says which).
    Impl,
}

/// The `cfg` conditions something needs to exist, each as the text inside
/// `#[cfg(…)]`; empty when it always does.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cfg(pub BTreeSet<String>);

impl Cfg {
    /// No condition.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Both sets of conditions.
    pub fn union(&self, other: &Cfg) -> Cfg {
        Cfg(self.0.union(&other.0).cloned().collect())
    }

    /// Whether every condition of `self` is one of `other`'s: code that
    /// compiled under `other` still sees the item.
    pub fn is_subset(&self, other: &Cfg) -> bool {
        self.0.is_subset(&other.0)
    }
}

impl fmt::Display for Cfg {
    /// ``feature `mock` ``, or ``cfg `unix` ``; several joined with `and`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|condition| match feature_name(condition) {
                Some(feature) => format!("feature `{feature}`"),
                None => format!("cfg `{condition}`"),
            })
            .collect();
        f.write_str(&parts.join(" and "))
    }
}

/// `mock` for `feature = "mock"`.
fn feature_name(condition: &str) -> Option<&str> {
    condition
        .strip_prefix("feature = \"")?
        .strip_suffix('"')
        .filter(|name| !name.contains('"'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(files: &[(&str, &str)]) -> PublicApi {
        PublicApi::from_files(files.iter().copied()).unwrap()
    }

    fn lines(before: &[(&str, &str)], after: &[(&str, &str)]) -> Vec<String> {
        diff(&api(before), &api(after)).lines()
    }

    const LIB: &str = "pub mod v2;";

    /// A feature removed or renamed is breaking (a dependency naming it no
    /// longer builds); the new name is the one the removed feature's items
    /// now need. A feature added is compatible.
    #[test]
    fn removed_renamed_and_added_features() {
        let manifest = |features: &str| {
            format!("[package]\nname = \"c\"\n[features]\ndefault = [\"all-tags\"]\n{features}mock = []\n")
        };
        let models = |keys: &str, users: &str| {
            format!("#[cfg(feature = \"{keys}\")] pub struct Key;\n#[cfg(feature = \"{keys}\")] pub struct KeyPage;\n#[cfg(feature = \"{users}\")] pub struct User;\n")
        };
        let (old_manifest, old_models) = (
            manifest("\"all-tags\" = []\nkeys = []\nusers = []\nlegacy = []\n"),
            models("keys", "users"),
        );
        let (new_manifest, new_models) = (
            manifest("\"all-tags\" = []\n\"key-management\" = []\nusers = []\naudit = []\n"),
            models("key-management", "users"),
        );
        let files = |manifest: &'static str, models: &'static str| {
            vec![
                ("Cargo.toml", manifest),
                ("src/lib.rs", LIB),
                ("src/v2/mod.rs", "pub mod models;"),
                ("src/v2/models.rs", models),
            ]
        };
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        let before = files(leak(old_manifest), leak(old_models));
        let after = files(leak(new_manifest), leak(new_models));
        let report = lines(&before, &after);
        let features: Vec<&String> = report.iter().filter(|l| l.contains("Cargo.toml")).collect();
        assert_eq!(
            features,
            [
                "breaking  Cargo.toml: feature `keys` renamed to `key-management`",
                "breaking  Cargo.toml: feature `legacy` removed",
                "compatible  Cargo.toml: feature `audit` added",
            ]
        );
        assert_eq!(api(&after).features.len(), 6);
    }

    #[test]
    fn paths_are_those_users_write() {
        let api = api(&[
            (
                "src/lib.rs",
                "pub mod v2;\n\
                 #[cfg(feature = \"mock\")] pub mod mock { pub struct MockServer; }\n\
                 #[doc(inline)] pub use client_runtime::{Body, Secret as Key};\n\
                 pub use self::v2::models::Pet as Animal;\n\
                 #[doc(hidden)] pub fn plumbing() {}\n\
                 fn private() {}\n\
                 #[cfg(test)] mod tests { pub fn helper() {} }",
            ),
            ("src/v2/mod.rs", "mod api;\npub mod models;\npub use api::*;"),
            (
                "src/v2/api.rs",
                "use super::models::*;\n\
                 pub struct PetsApi { client: u8 }\n\
                 impl PetsApi { pub async fn get_pet(&self, id: &str) -> Pet { todo!() } fn private(&self) {} }",
            ),
            (
                "src/v2/models.rs",
                "#[derive(Debug, Clone)] pub struct Pet { pub name: String }\n\
                 impl From<Pet> for String { fn from(p: Pet) -> String { p.name } }",
            ),
            ("src/main.rs", "pub fn not_the_library() {}"),
        ]);
        let paths: Vec<&str> = api.items.keys().map(String::as_str).collect();
        assert_eq!(
            paths,
            [
                "Animal",
                "Body",
                "Key",
                "mock",
                "mock::MockServer",
                "v2",
                "v2::PetsApi",
                "v2::models",
                "v2::models::Pet"
            ]
        );
        assert_eq!(
            api.items["mock::MockServer"].cfg.to_string(),
            "feature `mock`"
        );
        assert_eq!(
            api.items["Key"].kind,
            ItemKind::Reexport("client_runtime::Secret".into())
        );
        assert_eq!(
            api.items["Animal"].kind,
            ItemKind::Reexport("v2::models::Pet".into())
        );
        let pet: Vec<&MemberKey> = api.items["v2::models::Pet"].members.keys().collect();
        assert_eq!(
            pet,
            [
                &MemberKey::Impl("Clone for Pet".into()),
                &MemberKey::Impl("Debug for Pet".into()),
                &MemberKey::Impl("From<Pet> for String".into()),
            ]
        );
        let MemberKind::Method(get_pet) =
            &api.items["v2::PetsApi"].members[&MemberKey::Method("get_pet".into())].kind
        else {
            panic!("get_pet is a method");
        };
        assert_eq!(
            get_pet.to_string(),
            "async fn get_pet(&self, id: &str) -> Pet"
        );
    }

    #[test]
    fn additions_break_only_what_users_could_rely_on() {
        let before = [
            ("src/lib.rs", LIB),
            (
                "src/v2/mod.rs",
                "pub struct Open { pub a: u8 }\n\
                 #[non_exhaustive] pub struct Closed { pub a: u8 }\n\
                 pub enum Exhaustive { A }\n\
                 #[non_exhaustive] pub enum Open2 { A }\n\
                 pub struct Conv;",
            ),
        ];
        let after = [
            ("src/lib.rs", LIB),
            (
                "src/v2/mod.rs",
                "pub struct Open { pub a: u8, pub b: Option<u8> }\n\
                 #[non_exhaustive] pub struct Closed { pub a: u8, pub b: u8 }\n\
                 pub enum Exhaustive { A, B(String) }\n\
                 #[non_exhaustive] pub enum Open2 { A, B }\n\
                 pub struct Conv;\n\
                 impl From<u8> for Conv { fn from(_: u8) -> Self { Conv } }",
            ),
        ];
        assert_eq!(
            lines(&before, &after),
            [
                "breaking  v2::Exhaustive: variant `B(String)` added (breaks exhaustive matches)",
                "breaking  v2::Open: field `b: Option<u8>` added (breaks struct literals)",
                "compatible  v2::Closed: field `b: u8` added",
                "compatible  v2::Conv: impl `From<u8> for Conv` added",
                "compatible  v2::Open2: variant `B` added",
            ]
        );
        assert_eq!(diff(&api(&before), &api(&after)).bump(), Bump::Major);
        assert_eq!(diff(&api(&before), &api(&before)).bump(), Bump::Patch);
    }

    #[test]
    fn changes_of_type_optionality_and_signature() {
        let before = [
            ("src/lib.rs", LIB),
            (
                "src/v2/mod.rs",
                "pub struct S { pub name: String, pub id: u8 }\n\
                 impl S { pub fn new(name: impl Into<String>) -> Self { todo!() } }\n\
                 impl From<u8> for S { fn from(_: u8) -> Self { todo!() } }\n\
                 #[cfg(feature = \"mock\")] pub fn mock() {}",
            ),
        ];
        let after = [
            ("src/lib.rs", LIB),
            (
                "src/v2/mod.rs",
                "pub struct S { pub name: Option<String>, pub id: u16 }\n\
                 impl S { pub fn new() -> Self { todo!() } #[deprecated] pub fn old(&self) {} }",
            ),
        ];
        assert_eq!(
            lines(&before, &after),
            [
                "breaking  v2::S: field `id` changed from `u8` to `u16`",
                "breaking  v2::S: field `name` changed from `String` to `Option<String>` (optionality)",
                "breaking  v2::S: impl `From<u8> for S` removed",
                "breaking  v2::S::new: argument `name` removed",
                "breaking  v2::mock: fn removed (feature `mock`)",
                "compatible  v2::S::old: method added",
            ]
        );
    }

    #[test]
    fn changes_inside_a_cfg_impl_or_item_name_its_feature() {
        let file = |argument: &str, field: &str| {
            format!(
                "#[cfg(feature = \"mock\")] pub struct Mock;\n\
                 #[cfg(feature = \"mock\")] impl Mock {{ pub fn get(&self, {argument}) {{}} }}\n\
                 #[cfg(feature = \"mock\")] pub struct Hook {{ pub id: {field} }}\n\
                 pub struct Plain;\n\
                 #[cfg(feature = \"mock\")] impl Plain {{ pub fn mocked(&self, {argument}) {{}} }}"
            )
        };
        let (old, new) = (file("id: u8", "u8"), file("id: u8, version: i64", "u16"));
        let before = [("src/lib.rs", LIB), ("src/v2/mod.rs", old.as_str())];
        let after = [("src/lib.rs", LIB), ("src/v2/mod.rs", new.as_str())];
        assert_eq!(
            lines(&before, &after),
            [
                "breaking  v2::Hook: field `id` changed from `u8` to `u16` (feature `mock`)",
                "breaking  v2::Mock::get: argument `version: i64` added (feature `mock`)",
                "breaking  v2::Plain::mocked: argument `version: i64` added (feature `mock`)",
            ]
        );
    }

    #[test]
    fn hidden_and_test_only_items_are_not_api() {
        let before = [("src/lib.rs", "pub struct A;")];
        let after = [(
            "src/lib.rs",
            "pub struct A;\n#[doc(hidden)] pub struct B;\n#[cfg(test)] pub struct C;\n\
             impl A { #[doc(hidden)] pub fn plumbing(&self) {} }",
        )];
        assert!(diff(&api(&before), &api(&after)).is_unchanged());
    }

    #[test]
    fn a_file_that_is_not_rust_is_an_error() {
        let files = [
            ("src/lib.rs", "pub mod v2;"),
            ("src/v2/mod.rs", "pub fn broken( {"),
        ];
        let error = PublicApi::from_files(files).unwrap_err();
        let message = error.to_string();
        assert!(
            message.starts_with("src/v2/mod.rs: not valid Rust (line 1, column"),
            "{message}"
        );
    }
}
