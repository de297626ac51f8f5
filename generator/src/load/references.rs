//! References: the walk that checks every `$ref` of the raw tree (local,
//! resolvable, no cycle) and, once the document is read, following a
//! reference to the component it names.
//!
//! This is the one place a `$ref` is followed: resolving references into
//! other files belongs here.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use openapiv3::ReferenceOr;
use serde_yaml::Value;

use super::tree::{key_text, lookup, pointer_of, Within};
use super::Spec;
use crate::error::{Error, Location, Pointer, Result};

/// Where a `$ref` to a node that is not a component sits (as segments),
/// and the reference: what [`super::rewrites::hoist_foreign_refs`] moves.
pub(super) type ForeignRefs = Vec<(Vec<String>, String)>;

/// Checks every `$ref` and `enum` of `raw` (see [`Walk::check_tree`]) and returns
/// where the references to nodes that are not components sit.
pub(super) fn check(raw: &Value, here: &impl Fn(Pointer) -> Location) -> Result<ForeignRefs> {
    let mut walk = Walk {
        root: raw,
        here,
        path: Vec::new(),
        resolved: HashMap::new(),
        foreign: Vec::new(),
    };
    walk.check_tree(raw, Within::Spec)?;
    Ok(walk.foreign)
}

/// The state of the `$ref` walk.
struct Walk<'a, H> {
    root: &'a Value,
    here: &'a H,
    /// Where the walk is: segments borrowed from the tree's keys, so a
    /// pointer is built only for an error.
    path: Vec<Cow<'a, str>>,
    /// References already followed to a real node, and whether each names
    /// a component: a spec refers to the same component from many places,
    /// and each reference is followed once.
    resolved: HashMap<&'a str, bool>,
    /// Where each reference to a node that is not a component sits.
    foreign: ForeignRefs,
}

impl<'a, H: Fn(Pointer) -> Location> Walk<'a, H> {
    /// Checks every `$ref` in the raw tree (local, resolvable, and not part
    /// of a chain of references that never reaches a real node) and every
    /// `enum` (not empty: `enum: []` admits no value, and openapiv3 would
    /// read it as no enum at all), outside literal data: examples,
    /// defaults, enum values and extensions hold JSON as it is, where a
    /// `$ref` key is just a key (GitHub's examples hold `$ref`s to files
    /// that are not there).
    ///
    /// The walk keeps the path as a stack of borrowed segments and builds a
    /// pointer only when it reports a problem, so a large spec costs one
    /// pass and no pointer per node. On the way it collects, into
    /// `foreign`, where each reference to a node that is not a component
    /// sits (see [`super::rewrites::hoist_foreign_refs`]).
    fn check_tree(&mut self, node: &'a Value, within: Within) -> Result<()> {
        if within == Within::Data {
            return Ok(());
        }
        match node {
            Value::Mapping(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let component = match self.resolved.get(reference.as_str()) {
                        Some(&component) => component,
                        None => {
                            follow_ref(reference, &self.path, self.root, self.here)?;
                            let component = is_component_ref(reference);
                            self.resolved.insert(reference, component);
                            component
                        }
                    };
                    if !component {
                        let path = self.path.iter().map(|s| s.clone().into_owned()).collect();
                        self.foreign.push((path, reference.clone()));
                    }
                }
                if within == Within::Spec
                    && matches!(map.get("enum"), Some(Value::Sequence(v)) if v.is_empty())
                {
                    self.path.push("enum".into());
                    return Err(Error::Unsupported {
                        location: (self.here)(pointer_of(&self.path)),
                        what: "an enum with no values: no value is valid here".into(),
                    });
                }
                for (key, value) in map {
                    let key = key_text(key);
                    let inner = within.child(&key);
                    self.path.push(key);
                    self.check_tree(value, inner)?;
                    self.path.pop();
                }
            }
            Value::Sequence(items) => {
                let inner = within.item();
                for (i, value) in items.iter().enumerate() {
                    self.path.push(i.to_string().into());
                    self.check_tree(value, inner)?;
                    self.path.pop();
                }
            }
            Value::Tagged(tagged) => self.check_tree(&tagged.value, within)?,
            _ => {}
        }
        Ok(())
    }
}

fn follow_ref(
    reference: &str,
    path: &[Cow<'_, str>],
    root: &Value,
    here: &impl Fn(Pointer) -> Location,
) -> Result<()> {
    let mut chain = vec![reference.to_owned()];
    let mut seen = BTreeSet::new();
    let mut current = reference.to_owned();
    loop {
        if !current.starts_with('#') {
            return Err(Error::ExternalRef {
                location: here(pointer_of(path)),
                reference: current,
            });
        }
        if !seen.insert(current.clone()) {
            return Err(Error::RefCycle {
                location: here(pointer_of(path)),
                chain,
            });
        }
        let target = lookup(root, &Pointer::from_fragment(&current)).ok_or_else(|| {
            Error::UnresolvedRef {
                location: here(pointer_of(path)),
                reference: current.clone(),
            }
        })?;
        match target.get("$ref") {
            Some(Value::String(next)) => {
                chain.push(next.clone());
                current = next.clone();
            }
            _ => return Ok(()),
        }
    }
}

/// Whether a `#/components/<kind>/<name>` reference (not one into a
/// component, such as `#/components/schemas/A/properties/b`).
fn is_component_ref(reference: &str) -> bool {
    match component_parts(reference) {
        Some(Some(_)) => true,
        Some(None) => false,
        None => matches!(
            Pointer::from_fragment(reference).segments().as_slice(),
            [components, _, _] if components == "components"
        ),
    }
}

/// The component a local `$ref` names in `#/components/<kind>/`, unescaped
/// (`~1` is `/`, `~0` is `~`); `None` for a reference anywhere else. The one
/// place a `$ref` string is taken apart.
pub fn component_name(reference: &str, kind: &str) -> Option<String> {
    if !reference.starts_with("#/") {
        return None;
    }
    match component_parts(reference) {
        Some(parts) => parts
            .filter(|(k, _)| *k == kind)
            .map(|(_, name)| name.to_owned()),
        None => match Pointer::from_fragment(reference).segments().as_slice() {
            [components, k, name] if components == "components" && k == kind => Some(name.clone()),
            _ => None,
        },
    }
}

/// The kind and name of a `#/components/<kind>/<name>` reference written
/// with nothing to unescape, without allocating: `Some(None)` when it names
/// something else; `None` when it has `~` or `%` escapes (or does not start
/// with `#/`), for [`Pointer::segments`] to read.
fn component_parts(reference: &str) -> Option<Option<(&str, &str)>> {
    let rest = reference.strip_prefix("#/")?;
    if rest.contains(['~', '%']) {
        return None;
    }
    let mut parts = rest.split('/');
    Some(
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some("components"), Some(kind), Some(name), None) => Some((kind, name)),
            _ => None,
        },
    )
}

/// An item reached through zero or more `$ref`s.
#[derive(Debug)]
pub struct Resolved<'a, T> {
    /// The item.
    pub item: &'a T,
    /// The component name of the last reference followed, if any.
    pub name: Option<String>,
    /// Where the item itself is.
    pub pointer: Pointer,
}

impl Spec {
    /// Follows `r` to the item it names in `components.<kind>`, returning the
    /// item, the component's name when it was a reference, and its pointer.
    pub fn resolve<'a, T>(
        &'a self,
        r: &'a ReferenceOr<T>,
        at: &Pointer,
        kind: &str,
        table: impl Fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> Result<Resolved<'a, T>> {
        let mut current = r;
        let mut pointer = at.clone();
        let mut name = None;
        // Reference chains were checked for cycles in `check_tree`; the
        // bound only keeps this loop obviously finite.
        for _ in 0..64 {
            match current {
                ReferenceOr::Item(item) => {
                    return Ok(Resolved {
                        item,
                        name,
                        pointer,
                    })
                }
                ReferenceOr::Reference { reference } => {
                    let component =
                        component_name(reference, kind).ok_or_else(|| Error::Unsupported {
                            location: self.location(&pointer),
                            what: format!(
                                "reference `{reference}` must point into `#/components/{kind}`"
                            ),
                        })?;
                    let found = self
                        .doc
                        .components
                        .as_ref()
                        .and_then(|c| table(c).get(&component))
                        .ok_or_else(|| Error::UnresolvedRef {
                            location: self.location(&pointer),
                            reference: reference.clone(),
                        })?;
                    pointer = Pointer::root()
                        .push("components")
                        .push(kind)
                        .push(&component);
                    name = Some(component);
                    current = found;
                }
            }
        }
        Err(Error::RefCycle {
            location: self.location(at),
            chain: vec![pointer.to_string()],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_component_reference_is_taken_apart_with_or_without_escapes() {
        let name = |r: &str| component_name(r, "schemas");
        assert_eq!(name("#/components/schemas/Pet").as_deref(), Some("Pet"));
        assert_eq!(
            name("#/components/schemas/a~1b~0c").as_deref(),
            Some("a/b~c")
        );
        assert_eq!(
            name("#/components/schemas/Pet%20Id").as_deref(),
            Some("Pet Id")
        );
        assert_eq!(name("#/components/parameters/Pet"), None);
        assert_eq!(name("#/components/schemas/Pet/properties/id"), None);
        assert_eq!(name("#/components/schemas/Pet/"), None);
        assert_eq!(name("#/paths/~1pets"), None);
        assert_eq!(name("pets.yaml#/components/schemas/Pet"), None);
        assert!(is_component_ref("#/components/responses/NotFound"));
        assert!(is_component_ref("#/components/schemas/a~1b"));
        assert!(!is_component_ref("#/components/schemas/A/properties/b"));
        assert!(!is_component_ref("#/paths/~1pets/get/parameters/0"));
    }

    /// A reference used in many places is followed once; each place that
    /// uses a broken one is still refused, at the first place.
    #[test]
    fn a_reference_is_checked_once_and_a_broken_one_named_where_first_used() {
        let text =
            "a:\n  - {$ref: '#/b'}\n  - {$ref: '#/b'}\n  - {$ref: '#/c'}\nb: {type: string}\n";
        let raw: Value = serde_yaml::from_str(text).expect("yaml");
        let here = |pointer: Pointer| Location {
            file: "s.yaml".into(),
            pointer: pointer.to_string(),
            line: None,
        };
        match check(&raw, &here) {
            Err(Error::UnresolvedRef {
                location,
                reference,
            }) => {
                assert_eq!(
                    (location.pointer.as_str(), reference.as_str()),
                    ("#/a/2", "#/c")
                );
            }
            other => panic!("{other:?}"),
        }
        let raw: Value = serde_yaml::from_str(&text.replace("'#/c'", "'#/b'")).expect("yaml");
        let foreign = check(&raw, &here).expect("resolves");
        let sites: Vec<&[String]> = foreign.iter().map(|(site, _)| site.as_slice()).collect();
        assert_eq!(sites, [["a", "0"], ["a", "1"], ["a", "2"]]);
    }
}
