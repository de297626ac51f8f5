//! Changes to a public API, how each is classified, and the report a
//! reviewer reads: one line per change, breaking ones first, and the semver
//! bump they imply.

use std::fmt;

use super::Cfg;

/// Whether a change can break code that compiled against the old API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Some user's code may no longer compile (or mean the same).
    Breaking,
    /// Everything that compiled still does.
    Compatible,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Breaking => "breaking",
            Severity::Compatible => "compatible",
        })
    }
}

/// The semver bump a set of changes implies, smallest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// No public API changed.
    Patch,
    /// Only compatible changes.
    Minor,
    /// At least one breaking change.
    Major,
}

impl Bump {
    /// The version after `version` (`MAJOR.MINOR.PATCH`) with this bump, by
    /// cargo's rules: before 1.0 the first non-zero number is the one that
    /// breaks (`0.1.0` → `0.2.0` for a breaking change, `0.1.1` for an
    /// addition), and at `0.0.z` every release may break. `None` when
    /// `version` is not three numbers.
    pub fn next_version(self, version: &str) -> Option<String> {
        let numbers: Vec<u64> = version
            .split('.')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        let [major, minor, patch] = numbers[..] else {
            return None;
        };
        let (major, minor, patch) = match (major, minor, self) {
            (0, 0, _) => (0, 0, patch + 1),
            (0, _, Bump::Major) => (0, minor + 1, 0),
            (0, _, _) => (0, minor, patch + 1),
            (_, _, Bump::Major) => (major + 1, 0, 0),
            (_, _, Bump::Minor) => (major, minor + 1, 0),
            (_, _, Bump::Patch) => (major, minor, patch + 1),
        };
        Some(format!("{major}.{minor}.{patch}"))
    }

    /// Why this bump, and what it means for a crate at `version`.
    fn explain(self, version: Option<&str>) -> String {
        let reason = match self {
            Bump::Major => "major (breaking changes)",
            Bump::Minor => "minor (compatible additions only)",
            Bump::Patch => "patch (public API unchanged)",
        };
        let zero_x = match self {
            Bump::Major => "a 0.x crate marks a breaking change by its minor number",
            Bump::Minor => "a 0.x crate marks an addition by its patch number",
            Bump::Patch => "",
        };
        match version.and_then(|v| Some((v, self.next_version(v)?))) {
            Some((v, next)) if v.starts_with("0.0.") => {
                format!("{reason}: {v} -> {next}; at 0.0.z every release may break")
            }
            Some((v, next)) if v.starts_with("0.") && self != Bump::Patch => {
                format!("{reason}: {v} -> {next}, as {zero_x}")
            }
            Some((v, next)) => format!("{reason}: {v} -> {next}"),
            None if self == Bump::Patch => reason.to_owned(),
            None => format!("{reason}; {zero_x}"),
        }
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::Major => "major",
            Bump::Minor => "minor",
            Bump::Patch => "patch",
        })
    }
}

/// The Rust kinds of item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `mod`
    Module,
    /// `struct`
    Struct,
    /// `union`
    Union,
    /// `enum`
    Enum,
    /// `trait`
    Trait,
    /// `fn`
    Fn,
    /// `type`
    TypeAlias,
    /// `const`
    Const,
    /// `static`
    Static,
    /// `pub use` of another crate's item
    Reexport,
    /// `macro_rules!` with `#[macro_export]`
    Macro,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Module => "module",
            Kind::Struct => "struct",
            Kind::Union => "union",
            Kind::Enum => "enum",
            Kind::Trait => "trait",
            Kind::Fn => "fn",
            Kind::TypeAlias => "type alias",
            Kind::Const => "const",
            Kind::Static => "static",
            Kind::Reexport => "re-export",
            Kind::Macro => "macro",
        })
    }
}

/// What an item is, in the words of the generated crate's users where they
/// can be told from the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Noun {
    /// A type of a `models` module.
    Model,
    /// A `…Params` struct: an operation's parameters.
    Params,
    /// A method taking `self` of an `…Api` struct.
    Operation,
    /// A method named after a field (`name`, `with_name`, `set_name`).
    Setter,
    /// Any other method or associated function.
    Method,
    /// An associated const.
    AssocConst,
    /// Anything else, by its Rust kind.
    Item(Kind),
}

impl fmt::Display for Noun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Noun::Model => f.write_str("model"),
            Noun::Params => f.write_str("params struct"),
            Noun::Operation => f.write_str("operation"),
            Noun::Setter => f.write_str("setter"),
            Noun::Method => f.write_str("method"),
            Noun::AssocConst => f.write_str("associated const"),
            Noun::Item(kind) => kind.fmt(f),
        }
    }
}

/// What part of the subject a change is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Element {
    /// The subject itself.
    Item(Noun),
    /// A field of a struct.
    Field(String),
    /// A parameter: a field of a `…Params` struct, or an argument of an
    /// operation.
    Parameter(String),
    /// An argument of any other function.
    Argument(String),
    /// A variant of an enum.
    Variant(String),
    /// A trait impl, by its key (`From<&str> for ApiKeysType`).
    Impl(String),
    /// An associated item of a trait.
    TraitItem(String),
    /// A cargo feature of the crate.
    Feature(String),
}

impl fmt::Display for Element {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Element::Item(noun) => noun.fmt(f),
            Element::Field(name) => write!(f, "field `{name}`"),
            Element::Parameter(name) => write!(f, "parameter `{name}`"),
            Element::Argument(name) => write!(f, "argument `{name}`"),
            Element::Variant(name) => write!(f, "variant `{name}`"),
            Element::Impl(key) => write!(f, "impl `{key}`"),
            Element::TraitItem(name) => write!(f, "trait item `{name}`"),
            Element::Feature(name) => write!(f, "feature `{name}`"),
        }
    }
}

/// What happened to an element.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// It is new; `shape` is what is shown with its name (a field's type, a
    /// variant's fields, a trait item's declaration).
    Added {
        /// Shown with the name, when there is something to show.
        shape: Option<String>,
    },
    /// It is gone.
    Removed,
    /// Its type (or target, or declaration) changed.
    Changed {
        /// Before.
        from: String,
        /// After.
        to: String,
    },
    /// A function's qualifiers, generics, receiver or argument order changed.
    SignatureChanged {
        /// Before.
        from: String,
        /// After.
        to: String,
    },
    /// A function's return type changed.
    ReturnTypeChanged {
        /// Before.
        from: String,
        /// After.
        to: String,
    },
    /// A type's generic parameters changed.
    GenericsChanged {
        /// Before.
        from: String,
        /// After.
        to: String,
    },
    /// The item is now another kind of item (a struct became an enum).
    KindChanged {
        /// Before.
        from: Kind,
        /// After.
        to: Kind,
    },
    /// A struct users could build with a literal no longer can be.
    LiteralLost,
    /// A struct users can now build with a literal.
    LiteralGained,
    /// An enum became `#[non_exhaustive]`.
    NowNonExhaustive,
    /// An enum is no longer `#[non_exhaustive]`.
    NoLongerNonExhaustive,
    /// The `cfg` conditions it needs changed.
    CfgChanged {
        /// Before.
        from: Cfg,
        /// After.
        to: Cfg,
    },
    /// It has another name now (a cargo feature whose items now need
    /// another one).
    Renamed {
        /// The new name.
        to: String,
    },
    /// It became `#[deprecated]`.
    Deprecated,
    /// It is no longer `#[deprecated]`.
    Undeprecated,
}

/// A remark printed after a change, in parentheses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Note {
    /// The types differ only by an `Option<…>` / `Nullable<…>` wrapper.
    Optionality,
    /// An added parameter users may leave out.
    Optional,
    /// An added parameter users must give.
    Required,
    /// Why an added field breaks: users build the struct with literals.
    BreaksStructLiterals,
    /// Why an added variant breaks: users match the enum exhaustively.
    BreaksExhaustiveMatches,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Note::Optionality => "(optionality)",
            Note::Optional => "(optional)",
            Note::Required => "(required)",
            Note::BreaksStructLiterals => "(breaks struct literals)",
            Note::BreaksExhaustiveMatches => "(breaks exhaustive matches)",
        })
    }
}

/// One change to the public API.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    /// Breaking or compatible. First, so that sorting lists breaking
    /// changes first.
    pub severity: Severity,
    /// The path of the item changed (`v2::models::ApiKey`,
    /// `v2::KeyManagementApi::list_api_keys`).
    pub subject: String,
    /// Which part of it.
    pub element: Element,
    /// What happened.
    pub kind: ChangeKind,
    /// Remarks.
    pub notes: Vec<Note>,
    /// The `cfg` conditions of what changed (as it is after the change, or
    /// was before a removal).
    pub cfg: Cfg,
}

impl fmt::Display for Change {
    /// One line:
    ///
    /// ```text
    /// breaking  v2::models::ApiKeyAttributes: field `name` changed from `String` to `Option<String>` (optionality)
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}  {}: ", self.severity, self.subject)?;
        self.describe(f)?;
        for note in &self.notes {
            write!(f, " {note}")?;
        }
        if !self.cfg.is_empty() {
            write!(f, " ({})", self.cfg)?;
        }
        Ok(())
    }
}

impl Change {
    /// What happened, after the subject.
    fn describe(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let element = &self.element;
        match &self.kind {
            ChangeKind::Added { shape } => match (element, shape) {
                (Element::Field(name), Some(ty)) => write!(f, "field `{name}: {ty}` added"),
                (Element::Parameter(name), Some(ty)) => {
                    write!(f, "parameter `{name}: {ty}` added")
                }
                (Element::Argument(name), Some(ty)) => write!(f, "argument `{name}: {ty}` added"),
                (Element::Variant(name), Some(fields)) => {
                    write!(f, "variant `{name}{fields}` added")
                }
                (Element::TraitItem(_), Some(declared)) => {
                    write!(f, "trait item `{declared}` added")
                }
                _ => write!(f, "{element} added"),
            },
            ChangeKind::Removed => write!(f, "{element} removed"),
            ChangeKind::Changed { from, to } => {
                write!(f, "{element} changed from `{from}` to `{to}`")
            }
            ChangeKind::SignatureChanged { from, to } => {
                write!(f, "{element} signature changed from `{from}` to `{to}`")
            }
            ChangeKind::ReturnTypeChanged { from, to } => {
                write!(f, "{element} return type changed from `{from}` to `{to}`")
            }
            ChangeKind::GenericsChanged { from, to } => write!(
                f,
                "{element} generics changed from `{}` to `{}`",
                or_none(from),
                or_none(to)
            ),
            ChangeKind::KindChanged { from, to } => {
                write!(f, "changed from {from} to {to}")
            }
            ChangeKind::LiteralLost => {
                write!(f, "{element} can no longer be built with a struct literal")
            }
            ChangeKind::LiteralGained => {
                write!(f, "{element} can now be built with a struct literal")
            }
            ChangeKind::NowNonExhaustive => write!(f, "{element} is now #[non_exhaustive]"),
            ChangeKind::NoLongerNonExhaustive => {
                write!(f, "{element} is no longer #[non_exhaustive]")
            }
            ChangeKind::CfgChanged { from, to } => match (from.is_empty(), to.is_empty()) {
                (true, _) => write!(f, "{element} now requires {to}"),
                (_, true) => write!(f, "{element} no longer requires {from}"),
                _ => write!(f, "{element} now requires {to} instead of {from}"),
            },
            ChangeKind::Renamed { to } => write!(f, "{element} renamed to `{to}`"),
            ChangeKind::Deprecated => write!(f, "{element} deprecated"),
            ChangeKind::Undeprecated => write!(f, "{element} no longer deprecated"),
        }
    }
}

fn or_none(generics: &str) -> &str {
    if generics.is_empty() {
        "<>"
    } else {
        generics
    }
}

/// Every change between two public APIs, sorted: breaking first, then by
/// path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    changes: Vec<Change>,
}

impl Report {
    /// A report of `changes`, in report order, without duplicates.
    pub fn new(mut changes: Vec<Change>) -> Self {
        changes.sort();
        changes.dedup();
        Report { changes }
    }

    /// The changes, breaking first.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Whether the public API is the same.
    pub fn is_unchanged(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.changes
            .iter()
            .filter(|c| c.severity == severity)
            .count()
    }

    /// The bump the changes imply.
    pub fn bump(&self) -> Bump {
        match self.changes.first().map(|c| c.severity) {
            Some(Severity::Breaking) => Bump::Major,
            Some(Severity::Compatible) => Bump::Minor,
            None => Bump::Patch,
        }
    }

    /// One line per change, as printed.
    pub fn lines(&self) -> Vec<String> {
        self.changes.iter().map(ToString::to_string).collect()
    }

    /// The whole report: a summary line, the changes, and the bump with what
    /// it means for a crate now at `version` (when given).
    pub fn render(&self, version: Option<&str>) -> String {
        let mut out = if self.is_unchanged() {
            String::from("public API unchanged\n")
        } else {
            format!(
                "public API: {} change{} ({} breaking, {} compatible)\n",
                self.changes.len(),
                if self.changes.len() == 1 { "" } else { "s" },
                self.count(Severity::Breaking),
                self.count(Severity::Compatible),
            )
        };
        for line in self.lines() {
            out.push_str(&line);
            out.push('\n');
        }
        out.push_str(&format!("semver: {}\n", self.bump().explain(version)));
        out
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_after_a_bump() {
        for (bump, version, next) in [
            (Bump::Major, "0.1.0", "0.2.0"),
            (Bump::Minor, "0.1.0", "0.1.1"),
            (Bump::Patch, "0.1.3", "0.1.4"),
            (Bump::Major, "0.0.3", "0.0.4"),
            (Bump::Minor, "0.0.3", "0.0.4"),
            (Bump::Major, "1.2.3", "2.0.0"),
            (Bump::Minor, "1.2.3", "1.3.0"),
            (Bump::Patch, "1.2.3", "1.2.4"),
        ] {
            assert_eq!(
                bump.next_version(version).as_deref(),
                Some(next),
                "{bump} {version}"
            );
        }
        assert_eq!(Bump::Major.next_version("1.0.0-rc.1"), None);
        assert_eq!(Bump::Major.next_version("1.0"), None);
    }

    #[test]
    fn what_a_bump_means_for_a_zero_x_crate() {
        assert_eq!(
            Bump::Major.explain(Some("0.1.0")),
            "major (breaking changes): 0.1.0 -> 0.2.0, as a 0.x crate marks a breaking change by its minor number"
        );
        assert_eq!(
            Bump::Minor.explain(Some("0.1.0")),
            "minor (compatible additions only): 0.1.0 -> 0.1.1, as a 0.x crate marks an addition by its patch number"
        );
        assert_eq!(
            Bump::Patch.explain(Some("0.1.0")),
            "patch (public API unchanged): 0.1.0 -> 0.1.1"
        );
        assert_eq!(
            Bump::Major.explain(None),
            "major (breaking changes); a 0.x crate marks a breaking change by its minor number"
        );
        assert_eq!(
            Bump::Major.explain(Some("2.0.0")),
            "major (breaking changes): 2.0.0 -> 3.0.0"
        );
    }
}
