//! Comparing two public APIs item by item, and classifying each change by
//! the cargo book's SemVer rules: removing or changing anything public
//! breaks; adding breaks only where users could rely on there being no more
//! (fields of a struct they build with a literal, variants of an enum they
//! match exhaustively, required items of a trait they implement).

use std::collections::{BTreeMap, BTreeSet};

use super::report::{Change, ChangeKind, Element, Note, Noun, Report, Severity};
use super::{
    Cfg, EnumShape, Item, ItemKind, Member, MemberKey, MemberKind, PublicApi, Signature,
    StructShape, TraitShape, TypeText,
};

/// Every change from `old` to `new`.
pub fn diff(old: &PublicApi, new: &PublicApi) -> Report {
    let mut changes = Changes::default();
    for path in union(&old.items, &new.items) {
        match (old.items.get(path), new.items.get(path)) {
            (Some(before), None) => {
                let noun = item_noun(path, before);
                changes.removed(path, Element::Item(noun), &before.cfg);
            }
            (None, Some(after)) => {
                let noun = item_noun(path, after);
                changes.added(path, Element::Item(noun), None, &after.cfg);
            }
            (Some(before), Some(after)) => {
                let start = changes.0.len();
                compare_items(path, before, after, &mut changes);
                changes.within(start, &after.cfg);
            }
            (None, None) => {}
        }
    }
    feature_changes(old, new, &mut changes);
    Report::new(changes.0)
}

/// The subject of a change to the crate's cargo features.
const MANIFEST: &str = "Cargo.toml";

/// Features removed (breaking: a dependency that names one no longer
/// builds), renamed (breaking too: the items a removed feature compiled
/// now need a new one, the one most of them need) and added (compatible).
fn feature_changes(old: &PublicApi, new: &PublicApi, changes: &mut Changes) {
    let added: BTreeSet<&String> = new.features.difference(&old.features).collect();
    let mut renamed_to: BTreeSet<&String> = BTreeSet::new();
    for gone in old.features.difference(&new.features) {
        let condition = format!("feature = {gone:?}");
        let mut votes: BTreeMap<&String, usize> = BTreeMap::new();
        let moved = (old.items.iter())
            .filter(|(_, item)| item.cfg.0.contains(&condition))
            .filter_map(|(path, _)| new.items.get(path));
        for item in moved {
            for feature in &added {
                if item.cfg.0.contains(&format!("feature = {feature:?}")) {
                    *votes.entry(*feature).or_default() += 1;
                }
            }
        }
        // The most votes; of equals, the first name.
        let target = (votes.iter())
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(f, _)| *f);
        let element = Element::Feature(gone.clone());
        match target {
            Some(to) => {
                renamed_to.insert(to);
                let kind = ChangeKind::Renamed { to: to.clone() };
                changes.push(Severity::Breaking, MANIFEST, element, kind);
            }
            None => changes.removed(MANIFEST, element, &Cfg::default()),
        }
    }
    for feature in added.difference(&renamed_to) {
        let element = Element::Feature((*feature).clone());
        changes.added(MANIFEST, element, None, &Cfg::default());
    }
}

/// The keys of both maps, sorted, once each.
fn union<'a, K: Ord, V>(a: &'a BTreeMap<K, V>, b: &'a BTreeMap<K, V>) -> BTreeSet<&'a K> {
    a.keys().chain(b.keys()).collect()
}

/// Changes as they are found.
#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, severity: Severity, subject: &str, element: Element, kind: ChangeKind) {
        self.note(severity, subject, element, kind, &[], &Cfg::default());
    }

    /// Gives the changes found since `start` inside something that needs
    /// `cfg` (a field of an item, an argument of a method in a `cfg` impl)
    /// its conditions, unless they name conditions of their own: only code
    /// built with them sees the change. A change of the conditions
    /// themselves already says them.
    fn within(&mut self, start: usize, cfg: &Cfg) {
        for change in &mut self.0[start..] {
            let own =
                !change.cfg.is_empty() || matches!(change.kind, ChangeKind::CfgChanged { .. });
            if !own {
                change.cfg = cfg.clone();
            }
        }
    }

    fn note(
        &mut self,
        severity: Severity,
        subject: &str,
        element: Element,
        kind: ChangeKind,
        notes: &[Note],
        cfg: &Cfg,
    ) {
        self.0.push(Change {
            severity,
            subject: subject.to_owned(),
            element,
            kind,
            notes: notes.to_vec(),
            cfg: cfg.clone(),
        });
    }

    /// Anything public removed: always breaking.
    fn removed(&mut self, subject: &str, element: Element, cfg: &Cfg) {
        let kind = ChangeKind::Removed;
        self.note(Severity::Breaking, subject, element, kind, &[], cfg);
    }

    /// An item or member added: compatible (its container decides for fields
    /// and variants).
    fn added(&mut self, subject: &str, element: Element, shape: Option<String>, cfg: &Cfg) {
        let kind = ChangeKind::Added { shape };
        self.note(Severity::Compatible, subject, element, kind, &[], cfg);
    }

    /// A type that changed: always breaking, noted when only its
    /// optionality did.
    fn retyped(&mut self, subject: &str, element: Element, from: &TypeText, to: &TypeText) {
        let notes: &[Note] = if from.differs_only_in_optionality(to) {
            &[Note::Optionality]
        } else {
            &[]
        };
        let kind = ChangeKind::Changed {
            from: from.text.clone(),
            to: to.text.clone(),
        };
        let cfg = Cfg::default();
        self.note(Severity::Breaking, subject, element, kind, notes, &cfg);
    }

    /// Needing more `cfg` conditions breaks code built without them;
    /// needing fewer breaks nothing.
    fn cfg_changed(&mut self, subject: &str, element: Element, from: &Cfg, to: &Cfg) {
        if from == to {
            return;
        }
        let severity = if to.is_subset(from) {
            Severity::Compatible
        } else {
            Severity::Breaking
        };
        let kind = ChangeKind::CfgChanged {
            from: from.clone(),
            to: to.clone(),
        };
        self.push(severity, subject, element, kind);
    }

    /// Deprecation, either way, is compatible.
    fn deprecation(&mut self, subject: &str, element: Element, from: bool, to: bool) {
        let kind = match (from, to) {
            (false, true) => ChangeKind::Deprecated,
            (true, false) => ChangeKind::Undeprecated,
            _ => return,
        };
        self.push(Severity::Compatible, subject, element, kind);
    }
}

/// What users call the item at `path`.
fn item_noun(path: &str, item: &Item) -> Noun {
    let (module, name) = path.rsplit_once("::").unwrap_or(("", path));
    let in_models = module == "models" || module.ends_with("::models");
    match &item.kind {
        ItemKind::Struct(_) if name.ends_with("Params") => Noun::Params,
        ItemKind::Struct(_)
        | ItemKind::Union(_)
        | ItemKind::Enum(_)
        | ItemKind::TypeAlias { .. }
            if in_models =>
        {
            Noun::Model
        }
        kind => Noun::Item(kind.kind()),
    }
}

fn compare_items(path: &str, before: &Item, after: &Item, changes: &mut Changes) {
    let noun = item_noun(path, after);
    let (from, to) = (before.kind.kind(), after.kind.kind());
    if from != to {
        let kind = ChangeKind::KindChanged { from, to };
        changes.push(Severity::Breaking, path, Element::Item(noun), kind);
        return;
    }
    changes.cfg_changed(path, Element::Item(noun), &before.cfg, &after.cfg);
    changes.deprecation(
        path,
        Element::Item(noun),
        before.deprecated,
        after.deprecated,
    );
    match (&before.kind, &after.kind) {
        (ItemKind::Struct(a), ItemKind::Struct(b)) | (ItemKind::Union(a), ItemKind::Union(b)) => {
            compare_structs(path, noun, a, b, changes);
        }
        (ItemKind::Enum(a), ItemKind::Enum(b)) => compare_enums(path, noun, a, b, changes),
        (ItemKind::Trait(a), ItemKind::Trait(b)) => compare_traits(path, noun, a, b, changes),
        (ItemKind::Fn(a), ItemKind::Fn(b)) => compare_signatures(path, noun, a, b, changes),
        (
            ItemKind::TypeAlias {
                generics: g1,
                target: t1,
            },
            ItemKind::TypeAlias {
                generics: g2,
                target: t2,
            },
        ) => {
            compare_generics(path, noun, g1, g2, changes);
            if t1 != t2 {
                changes.retyped(path, Element::Item(noun), t1, t2);
            }
        }
        (ItemKind::Const(a), ItemKind::Const(b)) | (ItemKind::Static(a), ItemKind::Static(b))
            if a != b =>
        {
            changes.retyped(path, Element::Item(noun), a, b);
        }
        (ItemKind::Reexport(a), ItemKind::Reexport(b)) if a != b => {
            let kind = ChangeKind::Changed {
                from: a.clone(),
                to: b.clone(),
            };
            changes.push(Severity::Breaking, path, Element::Item(noun), kind);
        }
        _ => {}
    }
    compare_members(path, before, after, changes);
}

fn compare_generics(path: &str, noun: Noun, from: &str, to: &str, changes: &mut Changes) {
    if from != to {
        let kind = ChangeKind::GenericsChanged {
            from: from.to_owned(),
            to: to.to_owned(),
        };
        changes.push(Severity::Breaking, path, Element::Item(noun), kind);
    }
}

fn compare_structs(
    path: &str,
    noun: Noun,
    before: &StructShape,
    after: &StructShape,
    changes: &mut Changes,
) {
    compare_generics(path, noun, &before.generics, &after.generics, changes);
    match (before.literal, after.literal) {
        (true, false) => {
            let kind = ChangeKind::LiteralLost;
            changes.push(Severity::Breaking, path, Element::Item(noun), kind);
        }
        (false, true) => {
            let kind = ChangeKind::LiteralGained;
            changes.push(Severity::Compatible, path, Element::Item(noun), kind);
        }
        _ => {}
    }
    // The fields of a params struct are an operation's parameters.
    let element = |name: &str| match noun {
        Noun::Params => Element::Parameter(name.to_owned()),
        _ => Element::Field(name.to_owned()),
    };
    for name in union(&before.fields, &after.fields) {
        match (before.fields.get(name), after.fields.get(name)) {
            (Some(_), None) => changes.removed(path, element(name), &Cfg::default()),
            (None, Some(ty)) => field_added(path, noun, element(name), ty, before.literal, changes),
            (Some(a), Some(b)) if a != b => changes.retyped(path, element(name), a, b),
            _ => {}
        }
    }
}

/// A new public field breaks struct literals, where users can write them;
/// a new parameter says whether it can be left out.
fn field_added(
    path: &str,
    noun: Noun,
    element: Element,
    ty: &TypeText,
    literal: bool,
    changes: &mut Changes,
) {
    let mut notes = Vec::new();
    if noun == Noun::Params {
        notes.push(if ty.option {
            Note::Optional
        } else {
            Note::Required
        });
    }
    let severity = if literal {
        notes.push(Note::BreaksStructLiterals);
        Severity::Breaking
    } else {
        Severity::Compatible
    };
    let kind = ChangeKind::Added {
        shape: Some(ty.text.clone()),
    };
    changes.note(severity, path, element, kind, &notes, &Cfg::default());
}

fn compare_enums(
    path: &str,
    noun: Noun,
    before: &EnumShape,
    after: &EnumShape,
    changes: &mut Changes,
) {
    compare_generics(path, noun, &before.generics, &after.generics, changes);
    match (before.non_exhaustive, after.non_exhaustive) {
        (false, true) => {
            let kind = ChangeKind::NowNonExhaustive;
            changes.push(Severity::Breaking, path, Element::Item(noun), kind);
        }
        (true, false) => {
            let kind = ChangeKind::NoLongerNonExhaustive;
            changes.push(Severity::Compatible, path, Element::Item(noun), kind);
        }
        _ => {}
    }
    for name in union(&before.variants, &after.variants) {
        let element = Element::Variant(name.clone());
        match (before.variants.get(name), after.variants.get(name)) {
            (Some(_), None) => changes.removed(path, element, &Cfg::default()),
            (None, Some(fields)) => {
                let shape = (!fields.is_empty()).then(|| fields.clone());
                let kind = ChangeKind::Added { shape };
                if before.non_exhaustive {
                    changes.push(Severity::Compatible, path, element, kind);
                } else {
                    let notes = [Note::BreaksExhaustiveMatches];
                    changes.note(
                        Severity::Breaking,
                        path,
                        element,
                        kind,
                        &notes,
                        &Cfg::default(),
                    );
                }
            }
            (Some(a), Some(b)) if a != b => {
                let kind = ChangeKind::Changed {
                    from: format!("{name}{a}"),
                    to: format!("{name}{b}"),
                };
                changes.push(Severity::Breaking, path, element, kind);
            }
            _ => {}
        }
    }
}

fn compare_traits(
    path: &str,
    noun: Noun,
    before: &TraitShape,
    after: &TraitShape,
    changes: &mut Changes,
) {
    if before.header != after.header {
        let kind = ChangeKind::Changed {
            from: before.header.clone(),
            to: after.header.clone(),
        };
        changes.push(Severity::Breaking, path, Element::Item(noun), kind);
    }
    for name in union(&before.items, &after.items) {
        let element = Element::TraitItem(name.clone());
        match (before.items.get(name), after.items.get(name)) {
            (Some(_), None) => changes.removed(path, element, &Cfg::default()),
            (None, Some(item)) => {
                // Implementors must write a new item without a default.
                let severity = if item.provided {
                    Severity::Compatible
                } else {
                    Severity::Breaking
                };
                let kind = ChangeKind::Added {
                    shape: Some(item.text.clone()),
                };
                changes.push(severity, path, element, kind);
            }
            (Some(a), Some(b)) if a.text != b.text => {
                let kind = ChangeKind::Changed {
                    from: a.text.clone(),
                    to: b.text.clone(),
                };
                changes.push(Severity::Breaking, path, element, kind);
            }
            _ => {}
        }
    }
}

/// Every change to a signature breaks callers. An operation's or method's
/// arguments are compared by name, so the report says which one changed;
/// anything else (qualifiers, generics, receiver, order) is shown whole.
fn compare_signatures(
    path: &str,
    noun: Noun,
    before: &Signature,
    after: &Signature,
    changes: &mut Changes,
) {
    if before == after {
        return;
    }
    if reshaped(before, after) {
        let kind = ChangeKind::SignatureChanged {
            from: before.to_string(),
            to: after.to_string(),
        };
        changes.push(Severity::Breaking, path, Element::Item(noun), kind);
        return;
    }
    compare_arguments(path, noun, before, after, changes);
    if before.output != after.output {
        let notes: &[Note] = if before.output.differs_only_in_optionality(&after.output) {
            &[Note::Optionality]
        } else {
            &[]
        };
        let kind = ChangeKind::ReturnTypeChanged {
            from: before.output.text.clone(),
            to: after.output.text.clone(),
        };
        let (element, cfg) = (Element::Item(noun), Cfg::default());
        changes.note(Severity::Breaking, path, element, kind, notes, &cfg);
    }
}

/// Whether a signature changed in more than its arguments' types and
/// presence: qualifiers, generics, receiver, where clause, or the order of
/// the arguments both have.
fn reshaped(before: &Signature, after: &Signature) -> bool {
    let kept = |of: &Signature, other: &Signature| -> Vec<String> {
        let names: Vec<&String> = other.params.iter().map(|(n, _)| n).collect();
        of.params
            .iter()
            .map(|(n, _)| n.clone())
            .filter(|n| names.contains(&n))
            .collect()
    };
    before.head != after.head
        || before.receiver != after.receiver
        || before.where_clause != after.where_clause
        || kept(before, after) != kept(after, before)
}

/// Arguments added, removed or retyped, by name: an operation's are its
/// parameters.
fn compare_arguments(
    path: &str,
    noun: Noun,
    before: &Signature,
    after: &Signature,
    changes: &mut Changes,
) {
    let element = |name: &str| match noun {
        Noun::Operation => Element::Parameter(name.to_owned()),
        _ => Element::Argument(name.to_owned()),
    };
    let by_name =
        |s: &Signature| -> BTreeMap<String, TypeText> { s.params.iter().cloned().collect() };
    let (old, new) = (by_name(before), by_name(after));
    for name in union(&old, &new) {
        match (old.get(name), new.get(name)) {
            (Some(_), None) => changes.removed(path, element(name), &Cfg::default()),
            (None, Some(ty)) => {
                let kind = ChangeKind::Added {
                    shape: Some(ty.text.clone()),
                };
                changes.push(Severity::Breaking, path, element(name), kind);
            }
            (Some(a), Some(b)) if a != b => changes.retyped(path, element(name), a, b),
            _ => {}
        }
    }
}

/// Methods and consts are subjects of their own (`Type::method`); impls are
/// elements of their item.
fn compare_members(path: &str, before: &Item, after: &Item, changes: &mut Changes) {
    for key in union(&before.members, &after.members) {
        let (old, new) = (before.members.get(key), after.members.get(key));
        let (subject, element) = match key {
            MemberKey::Impl(name) => (path.to_owned(), Element::Impl(name.clone())),
            MemberKey::Method(name) | MemberKey::Const(name) => {
                let owner = if new.is_some() { after } else { before };
                let noun = member_noun(path, owner, key, new.or(old));
                (format!("{path}::{name}"), Element::Item(noun))
            }
        };
        match (old, new) {
            (Some(m), None) => changes.removed(&subject, element, &m.cfg),
            (None, Some(m)) => changes.added(&subject, element, None, &m.cfg),
            (Some(a), Some(b)) => {
                let start = changes.0.len();
                compare_member(&subject, element, a, b, changes);
                changes.within(start, &b.cfg);
            }
            (None, None) => {}
        }
    }
}

fn compare_member(
    subject: &str,
    element: Element,
    before: &Member,
    after: &Member,
    changes: &mut Changes,
) {
    changes.cfg_changed(subject, element.clone(), &before.cfg, &after.cfg);
    changes.deprecation(
        subject,
        element.clone(),
        before.deprecated,
        after.deprecated,
    );
    let Element::Item(noun) = element else {
        return;
    };
    match (&before.kind, &after.kind) {
        (MemberKind::Method(a), MemberKind::Method(b)) => {
            compare_signatures(subject, noun, a, b, changes)
        }
        (MemberKind::Const(a), MemberKind::Const(b)) if a != b => {
            changes.retyped(subject, Element::Item(noun), a, b);
        }
        _ => {}
    }
}

/// What users call a method or const of the item at `path`: the methods
/// taking `self` of an `…Api` struct are its operations; a method named
/// after a field sets it.
fn member_noun(path: &str, owner: &Item, key: &MemberKey, member: Option<&Member>) -> Noun {
    let MemberKey::Method(name) = key else {
        return Noun::AssocConst;
    };
    let type_name = path.rsplit("::").next().unwrap_or(path);
    let takes_self = matches!(
        member.map(|m| &m.kind),
        Some(MemberKind::Method(Signature {
            receiver: Some(_),
            ..
        }))
    );
    let ItemKind::Struct(shape) = &owner.kind else {
        return Noun::Method;
    };
    if type_name.ends_with("Api") && takes_self {
        return Noun::Operation;
    }
    let field = ["with_", "set_"]
        .iter()
        .find_map(|prefix| name.strip_prefix(prefix))
        .unwrap_or(name);
    if takes_self && shape.fields.contains_key(field) {
        Noun::Setter
    } else {
        Noun::Method
    }
}
