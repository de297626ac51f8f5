//! Real specs, mutated: the vendored `tests/real-specs/` and the fixtures
//! of `tests/fixtures/`, read as YAML trees, with random structural
//! changes applied (a key deleted, a value of another JSON type, a
//! component duplicated or renamed, a `$ref` broken, a vendor extension
//! anywhere, a node nested deep). Most results are invalid: the generator
//! may refuse them, but only with an error, never a panic.
//!
//! [`Extended`] is the one mutation that keeps a spec valid: vendor
//! extensions placed only where OpenAPI allows them. A spec that generated
//! before must still generate.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::{select, Index};
use serde_yaml::{Mapping, Value};

use super::documents::json_value;
use super::pools;

/// One spec to mutate.
#[derive(Debug)]
pub struct Seed {
    /// Its path relative to the workspace root.
    pub name: String,
    /// Its tree.
    pub tree: Value,
    /// Whether it was JSON (mutations of it are written as JSON).
    pub json: bool,
}

impl Seed {
    /// The seed as mutations write it: its tree, unchanged.
    pub fn text(&self) -> String {
        write(&self.tree, self.json)
    }
}

/// Specs larger than this are left out: each case generates the whole
/// spec, and the large ones would make a case take seconds.
pub const MAX_SEED_BYTES: u64 = 120_000;

/// The specs mutations start from: every `tests/real-specs/*.{yaml,json}`
/// and `tests/fixtures/*.yaml` under [`MAX_SEED_BYTES`] that parses as
/// YAML, by path. Read once.
pub fn seeds() -> &'static [Seed] {
    static SEEDS: OnceLock<Vec<Seed>> = OnceLock::new();
    SEEDS.get_or_init(|| read_seeds(&crate::project_root()))
}

fn read_seeds(root: &Path) -> Vec<Seed> {
    let mut out = Vec::new();
    for dir in ["tests/real-specs", "tests/fixtures"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let json = path.extension().is_some_and(|e| e == "json");
            let yaml = path.extension().is_some_and(|e| e == "yaml");
            let small = path.metadata().is_ok_and(|m| m.len() <= MAX_SEED_BYTES);
            if !(json || yaml) || !small {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if let Ok(tree) = serde_yaml::from_str::<Value>(&text) {
                let file = path.file_name().map(|f| f.to_string_lossy().into_owned());
                out.push(Seed {
                    name: format!("{dir}/{}", file.unwrap_or_default()),
                    tree,
                    json,
                });
            }
        }
    }
    out
}

/// One structural change. Every [`Index`] picks a node (or a `$ref`, or
/// a component) of the tree as it is when the change is applied.
#[derive(Debug, Clone)]
pub enum Mutation {
    /// Remove a node from its mapping or sequence.
    Delete(Index),
    /// Replace a node with another JSON value (often of another type).
    Replace(Index, serde_json::Value),
    /// Set a node to an odd scalar (a keyword, a version, a type name).
    Scalar(Index, &'static str),
    /// Rename a mapping key (a property, a status, a path, a media type).
    RenameKey(Index, &'static str),
    /// Copy a component under a new name made from its own.
    DuplicateComponent(Index, NameChange),
    /// Rename a component; references follow when the flag is set.
    RenameComponent(Index, NameChange, bool),
    /// Point a `$ref` elsewhere: nowhere, outside, at a random node.
    BreakRef(Index, BrokenRef),
    /// Add a vendor extension to any mapping.
    Extension(Index, &'static str, serde_json::Value),
    /// Wrap a node in `depth` levels of arrays, objects or combinators.
    Nest(Index, Nesting, usize),
    /// Replace the second node with a copy of the first.
    Copy(Index, Index),
}

/// How a renamed or duplicated component's new name is made.
#[derive(Debug, Clone, Copy)]
pub enum NameChange {
    /// `name` + a suffix.
    Suffix(&'static str),
    /// The name in lower case.
    Lower,
    /// The name in upper case.
    Upper,
    /// A fixed name.
    Fixed(&'static str),
}

/// Where a broken `$ref` points.
#[derive(Debug, Clone, Copy)]
pub enum BrokenRef {
    /// A fixed string.
    Fixed(&'static str),
    /// The node picked by the index.
    Node(Index),
    /// The `$ref`'s own place.
    ItSelf,
}

/// What [`Mutation::Nest`] wraps with.
#[derive(Debug, Clone, Copy)]
pub enum Nesting {
    /// `{type: array, items: X}`.
    Array,
    /// `{type: object, properties: {a: X}}`.
    Object,
    /// `{allOf: [X]}`.
    AllOf,
    /// `{oneOf: [X, {type: string}]}`.
    OneOf,
    /// `[X]`.
    List,
}

/// A seed (by index into [`seeds`]) and the changes applied to it, in
/// order.
#[derive(Debug, Clone)]
pub struct Mutated {
    /// Which seed.
    pub seed: Index,
    /// The changes.
    pub mutations: Vec<Mutation>,
}

/// A seed with vendor extensions added where OpenAPI allows them.
#[derive(Debug, Clone)]
pub struct Extended {
    /// Which seed.
    pub seed: Index,
    /// Each extension: the extensible object it goes on, its name, its
    /// value.
    pub extensions: Vec<(Index, &'static str, serde_json::Value)>,
}

/// Odd scalars to put anywhere.
const SCALARS: &[&str] = &[
    "",
    "3.1.0",
    "2.0",
    "3.0",
    "string",
    "object",
    "array",
    "integer",
    "null",
    "type",
    "Self",
    "名前",
    "#/components/schemas",
    "{",
    "-1",
    "1e400",
    "true",
];

/// Odd mapping keys.
const KEYS: &[&str] = &[
    "",
    "{",
    "}",
    "/{a}/{a}",
    "/{}",
    "x-",
    "200",
    "4XX",
    "default",
    "type",
    "a b",
    "名前",
    "$ref",
    "/pets/{petId}",
    "application/json",
    "*/*",
    "text/plain",
    "multipart/form-data",
    "allOf",
    "query",
    "get",
    "1XX",
];

/// Fixed broken references.
const REFS: &[&str] = &[
    "#/components/schemas/Missing",
    "other.yaml#/components/schemas/Pet",
    "#/paths",
    "#",
    "",
    "#/components/schemas",
    "https://example.com/x.json",
    "#/info/title",
    "#/components/parameters/Missing",
    "#/components/schemas/a~1b",
    "#/components/schemas/%7B",
];

/// Any list of mutations of any seed.
pub fn mutated() -> impl Strategy<Value = Mutated> {
    (any::<Index>(), prop::collection::vec(mutation(), 1..5))
        .prop_map(|(seed, mutations)| Mutated { seed, mutations })
}

/// Vendor extensions on any seed, where OpenAPI allows them.
pub fn extended() -> impl Strategy<Value = Extended> {
    (
        any::<Index>(),
        prop::collection::vec(
            (any::<Index>(), select(pools::EXTENSION_NAMES), json_value()),
            1..6,
        ),
    )
        .prop_map(|(seed, extensions)| Extended { seed, extensions })
}

fn name_change() -> impl Strategy<Value = NameChange> {
    prop_oneof![
        select(&["_copy", "-copy", "2", "_", ".v2", "~1", "/x"][..]).prop_map(NameChange::Suffix),
        Just(NameChange::Lower),
        Just(NameChange::Upper),
        select(&["", "Self", "名前", "200", "x-foo", "a/b", "Error"][..])
            .prop_map(NameChange::Fixed),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<Index>().prop_map(Mutation::Delete),
        (any::<Index>(), json_value()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        (any::<Index>(), select(SCALARS)).prop_map(|(i, s)| Mutation::Scalar(i, s)),
        (any::<Index>(), select(KEYS)).prop_map(|(i, k)| Mutation::RenameKey(i, k)),
        (any::<Index>(), name_change()).prop_map(|(i, n)| Mutation::DuplicateComponent(i, n)),
        (any::<Index>(), name_change(), any::<bool>())
            .prop_map(|(i, n, follow)| Mutation::RenameComponent(i, n, follow)),
        (
            any::<Index>(),
            prop_oneof![
                select(REFS).prop_map(BrokenRef::Fixed),
                any::<Index>().prop_map(BrokenRef::Node),
                Just(BrokenRef::ItSelf),
            ]
        )
            .prop_map(|(i, r)| Mutation::BreakRef(i, r)),
        (any::<Index>(), select(pools::EXTENSION_NAMES), json_value())
            .prop_map(|(i, n, v)| Mutation::Extension(i, n, v)),
        (
            any::<Index>(),
            select(
                &[
                    Nesting::Array,
                    Nesting::Object,
                    Nesting::AllOf,
                    Nesting::OneOf,
                    Nesting::List
                ][..]
            ),
            prop_oneof![3 => 1usize..8, 1 => 30usize..80, 1 => 120usize..200],
        )
            .prop_map(|(i, n, d)| Mutation::Nest(i, n, d)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::Copy(a, b)),
    ]
}

/// One step from a parent node to a child: a mapping key or a list index.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(Value),
    Item(usize),
}

impl Mutated {
    /// The seed this starts from.
    pub fn seed(&self) -> &'static Seed {
        pick_seed(self.seed)
    }

    /// The mutated spec's text.
    pub fn text(&self) -> String {
        let seed = self.seed();
        let mut tree = seed.tree.clone();
        for mutation in &self.mutations {
            apply(&mut tree, mutation);
        }
        write(&tree, seed.json)
    }
}

impl Extended {
    /// The seed this starts from.
    pub fn seed(&self) -> &'static Seed {
        pick_seed(self.seed)
    }

    /// The seed's text with the extensions added.
    pub fn text(&self) -> String {
        let seed = self.seed();
        let mut tree = seed.tree.clone();
        for (at, name, value) in &self.extensions {
            let places = extensible(&tree);
            if places.is_empty() {
                break;
            }
            let place = pick(at, &places).clone();
            if let Some(Value::Mapping(map)) = node_mut(&mut tree, &place) {
                map.insert((*name).into(), to_yaml(value));
            }
        }
        write(&tree, seed.json)
    }
}

fn pick_seed(index: Index) -> &'static Seed {
    let seeds = seeds();
    // The directories are part of the repository; an empty list would
    // only mean it is not checked out, which every caller checks first.
    &seeds[index
        .index(seeds.len().max(1))
        .min(seeds.len().saturating_sub(1))]
}

/// The tree as spec text: JSON when the seed was (and the tree still has
/// only string keys), else YAML.
fn write(tree: &Value, json: bool) -> String {
    if json {
        if let Ok(text) = serde_json::to_string_pretty(tree) {
            return text;
        }
    }
    serde_yaml::to_string(tree).unwrap_or_default()
}

fn to_yaml(value: &serde_json::Value) -> Value {
    serde_yaml::to_value(value).unwrap_or(Value::Null)
}

/// Every node's path, root first, in document order.
fn nodes(tree: &Value) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    let mut stack = vec![(Vec::new(), tree)];
    while let Some((path, node)) = stack.pop() {
        match node {
            Value::Mapping(map) => {
                for (k, v) in map.iter().collect::<Vec<_>>().into_iter().rev() {
                    let mut p = path.clone();
                    p.push(Step::Key(k.clone()));
                    stack.push((p, v));
                }
            }
            Value::Sequence(items) => {
                for (i, v) in items.iter().enumerate().rev() {
                    let mut p = path.clone();
                    p.push(Step::Item(i));
                    stack.push((p, v));
                }
            }
            _ => {}
        }
        out.push(path);
    }
    out
}

fn node_mut(tree: &mut Value, path: impl AsRef<[Step]>) -> Option<&mut Value> {
    path.as_ref()
        .iter()
        .try_fold(tree, |node, step| match (node, step) {
            (Value::Mapping(map), Step::Key(k)) => map.get_mut(k),
            (Value::Sequence(items), Step::Item(i)) => items.get_mut(*i),
            _ => None,
        })
}

fn node(tree: &Value, path: impl AsRef<[Step]>) -> Option<&Value> {
    path.as_ref()
        .iter()
        .try_fold(tree, |node, step| match (node, step) {
            (Value::Mapping(map), Step::Key(k)) => map.get(k),
            (Value::Sequence(items), Step::Item(i)) => items.get(*i),
            _ => None,
        })
}

/// The item `index` picks among `items` (which must not be empty).
fn pick<T>(index: impl AsRef<Index>, items: &[T]) -> &T {
    index.as_ref().get(items)
}

/// The paths of every node except the root.
fn inner_nodes(tree: &Value) -> Vec<Vec<Step>> {
    nodes(tree).into_iter().filter(|p| !p.is_empty()).collect()
}

/// Every component: `(kind, name)` under `components`.
fn components(tree: &Value) -> Vec<(Value, Value)> {
    let Some(Value::Mapping(components)) = tree.get("components") else {
        return Vec::new();
    };
    components
        .iter()
        .filter_map(|(kind, table)| match table {
            Value::Mapping(table) => Some(table.keys().map(|name| (kind.clone(), name.clone()))),
            _ => None,
        })
        .flatten()
        .collect()
}

/// The paths of every `$ref` string.
fn refs(tree: &Value) -> Vec<Vec<Step>> {
    nodes(tree)
        .into_iter()
        .filter(|p| matches!(p.last(), Some(Step::Key(Value::String(k))) if k == "$ref"))
        .filter(|p| matches!(node(tree, p), Some(Value::String(_))))
        .collect()
}

fn apply(tree: &mut Value, mutation: &Mutation) {
    match mutation {
        Mutation::Delete(at) => delete(tree, *at),
        Mutation::Replace(at, value) => set(tree, *at, to_yaml(value)),
        Mutation::Scalar(at, text) => set(tree, *at, Value::String((*text).into())),
        Mutation::RenameKey(at, key) => rename_key(tree, *at, key),
        Mutation::DuplicateComponent(at, change) => duplicate_component(tree, *at, *change),
        Mutation::RenameComponent(at, change, follow) => {
            rename_component(tree, *at, *change, *follow)
        }
        Mutation::BreakRef(at, target) => break_ref(tree, *at, *target),
        Mutation::Extension(at, name, value) => {
            let maps: Vec<Vec<Step>> = nodes(tree)
                .into_iter()
                .filter(|p| matches!(node(tree, p), Some(Value::Mapping(_))))
                .collect();
            if maps.is_empty() {
                return;
            }
            let path = pick(at, &maps).clone();
            if let Some(Value::Mapping(map)) = node_mut(tree, &path) {
                map.insert((*name).into(), to_yaml(value));
            }
        }
        Mutation::Nest(at, nesting, depth) => nest(tree, *at, *nesting, *depth),
        Mutation::Copy(from, to) => {
            let all = nodes(tree);
            let source = node(tree, pick(from, &all)).cloned();
            let inner = inner_nodes(tree);
            if let (Some(source), false) = (source, inner.is_empty()) {
                if let Some(slot) = node_mut(tree, pick(to, &inner)) {
                    *slot = source;
                }
            }
        }
    }
}

fn delete(tree: &mut Value, at: Index) {
    let inner = inner_nodes(tree);
    if inner.is_empty() {
        return;
    }
    let path = pick(at, &inner);
    let (last, parent) = path.split_last().expect("an inner node has a parent");
    match (node_mut(tree, parent), last) {
        (Some(Value::Mapping(map)), Step::Key(k)) => {
            map.remove(k);
        }
        (Some(Value::Sequence(items)), Step::Item(i)) if *i < items.len() => {
            items.remove(*i);
        }
        _ => {}
    }
}

fn set(tree: &mut Value, at: Index, value: Value) {
    let all = nodes(tree);
    if let Some(slot) = node_mut(tree, pick(at, &all)) {
        *slot = value;
    }
}

fn rename_key(tree: &mut Value, at: Index, key: &str) {
    let keyed: Vec<Vec<Step>> = inner_nodes(tree)
        .into_iter()
        .filter(|p| matches!(p.last(), Some(Step::Key(_))))
        .collect();
    if keyed.is_empty() {
        return;
    }
    let path = pick(at, &keyed);
    let (Some(Step::Key(old)), parent) = (path.last(), &path[..path.len() - 1]) else {
        return;
    };
    if let Some(Value::Mapping(map)) = node_mut(tree, parent) {
        *map = map
            .iter()
            .map(|(k, v)| {
                let k = if k == old {
                    Value::String(key.into())
                } else {
                    k.clone()
                };
                (k, v.clone())
            })
            .collect::<Mapping>();
    }
}

fn new_name(name: &Value, change: NameChange) -> Value {
    let name = match name {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    };
    Value::String(match change {
        NameChange::Suffix(suffix) => format!("{name}{suffix}"),
        NameChange::Lower => name.to_lowercase(),
        NameChange::Upper => name.to_uppercase(),
        NameChange::Fixed(fixed) => fixed.to_owned(),
    })
}

fn component_table<'a>(tree: &'a mut Value, kind: &Value) -> Option<&'a mut Mapping> {
    match tree.get_mut("components")?.get_mut(kind)? {
        Value::Mapping(table) => Some(table),
        _ => None,
    }
}

fn duplicate_component(tree: &mut Value, at: Index, change: NameChange) {
    let all = components(tree);
    if all.is_empty() {
        return;
    }
    let (kind, name) = pick(at, &all).clone();
    if let Some(table) = component_table(tree, &kind) {
        if let Some(value) = table.get(&name).cloned() {
            table.insert(new_name(&name, change), value);
        }
    }
}

fn rename_component(tree: &mut Value, at: Index, change: NameChange, follow: bool) {
    let all = components(tree);
    if all.is_empty() {
        return;
    }
    let (kind, name) = pick(at, &all).clone();
    let renamed = new_name(&name, change);
    if let Some(table) = component_table(tree, &kind) {
        *table = table
            .iter()
            .map(|(k, v)| {
                (
                    if *k == name {
                        renamed.clone()
                    } else {
                        k.clone()
                    },
                    v.clone(),
                )
            })
            .collect();
    }
    if !follow {
        return;
    }
    let (Value::String(kind), Value::String(old), Value::String(new)) = (&kind, &name, &renamed)
    else {
        return;
    };
    let escape = |s: &str| s.replace('~', "~0").replace('/', "~1");
    let old_ref = format!("#/components/{kind}/{}", escape(old));
    let new_ref = format!("#/components/{kind}/{}", escape(new));
    for path in refs(tree) {
        if let Some(Value::String(r)) = node_mut(tree, &path) {
            if *r == old_ref {
                *r = new_ref.clone();
            }
        }
    }
}

fn break_ref(tree: &mut Value, at: Index, target: BrokenRef) {
    let all = refs(tree);
    if all.is_empty() {
        return;
    }
    let path = pick(at, &all).clone();
    let reference = match target {
        BrokenRef::Fixed(text) => text.to_owned(),
        BrokenRef::Node(index) => pointer(pick::<Vec<Step>>(index, &nodes(tree))),
        BrokenRef::ItSelf => pointer(&path[..path.len() - 1]),
    };
    if let Some(slot) = node_mut(tree, &path) {
        *slot = Value::String(reference);
    }
}

/// A JSON pointer fragment to the node at `path`.
fn pointer(path: &[Step]) -> String {
    let mut out = String::from("#");
    for step in path {
        out.push('/');
        match step {
            Step::Item(i) => out.push_str(&i.to_string()),
            Step::Key(Value::String(k)) => out.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Step::Key(other) => {
                out.push_str(serde_yaml::to_string(other).unwrap_or_default().trim())
            }
        }
    }
    out
}

fn nest(tree: &mut Value, at: Index, nesting: Nesting, depth: usize) {
    let all = nodes(tree);
    let Some(slot) = node_mut(tree, pick(at, &all)) else {
        return;
    };
    let mut value = std::mem::take(slot);
    for _ in 0..depth {
        value = match nesting {
            Nesting::Array => yaml(&[("type", "array".into()), ("items", value)]),
            Nesting::Object => yaml(&[
                ("type", "object".into()),
                ("properties", yaml(&[("a", value)])),
            ]),
            Nesting::AllOf => yaml(&[("allOf", Value::Sequence(vec![value]))]),
            Nesting::OneOf => yaml(&[(
                "oneOf",
                Value::Sequence(vec![value, yaml(&[("type", "string".into())])]),
            )]),
            Nesting::List => Value::Sequence(vec![value]),
        };
    }
    *slot = value;
}

fn yaml(entries: &[(&str, Value)]) -> Value {
    Value::Mapping(
        entries
            .iter()
            .map(|(k, v)| (Value::String((*k).into()), v.clone()))
            .collect(),
    )
}

/// What a node of a spec is, for placing extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// An OpenAPI object: extensions allowed.
    Object,
    /// A map of names the spec chose; extensions allowed only in the
    /// Paths and Responses objects.
    Names { extensible: bool },
    /// Literal data, or a map of strings (`mapping`, `scopes`).
    Data,
}

impl Place {
    fn child(self, key: &str, value: &Value) -> Place {
        match self {
            Place::Data => Place::Data,
            Place::Names { .. } if key.starts_with("x-") => Place::Data,
            Place::Names { .. } => Place::Object,
            Place::Object => match key {
                k if k.starts_with("x-") => Place::Data,
                "example" | "default" | "enum" | "const" | "value" | "mapping" | "scopes"
                | "security" => Place::Data,
                // 3.1 lists examples in a schema; elsewhere they are a map
                // of Example objects.
                "examples" if value.is_sequence() => Place::Data,
                "paths" | "responses" => Place::Names { extensible: true },
                "parameters" if value.is_sequence() => Place::Object,
                "properties" | "schemas" | "parameters" | "requestBodies" | "headers"
                | "securitySchemes" | "links" | "callbacks" | "content" | "encoding"
                | "variables" | "$defs" | "patternProperties" | "examples" | "webhooks" => {
                    Place::Names { extensible: false }
                }
                _ => Place::Object,
            },
        }
    }

    fn extensible(self) -> bool {
        matches!(self, Place::Object | Place::Names { extensible: true })
    }
}

/// The paths of the mappings that may carry vendor extensions.
fn extensible(tree: &Value) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    let mut stack = vec![(Vec::new(), tree, Place::Object)];
    while let Some((path, node, place)) = stack.pop() {
        match node {
            Value::Mapping(map) => {
                if place.extensible() {
                    out.push(path.clone());
                }
                for (k, v) in map {
                    let key = k.as_str().unwrap_or_default();
                    let mut p = path.clone();
                    p.push(Step::Key(k.clone()));
                    stack.push((p, v, place.child(key, v)));
                }
            }
            Value::Sequence(items) => {
                for (i, v) in items.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(Step::Item(i));
                    stack.push((p, v, place));
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|p| p.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Value {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn extensions_go_only_on_objects_that_allow_them() {
        let spec = tree(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: OK}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        p: {type: string, enum: [x]}\n      discriminator: {propertyName: p, mapping: {x: '#/components/schemas/A'}}\n",
        );
        let places: Vec<String> = extensible(&spec).iter().map(|p| pointer(p)).collect();
        for expected in [
            "#",
            "#/info",
            "#/paths",
            "#/paths/~1a",
            "#/paths/~1a/get",
            "#/paths/~1a/get/responses",
            "#/paths/~1a/get/responses/200",
            "#/components",
            "#/components/schemas/A",
            "#/components/schemas/A/properties/p",
            "#/components/schemas/A/discriminator",
        ] {
            assert!(
                places.contains(&expected.to_owned()),
                "{expected}: {places:?}"
            );
        }
        for not_expected in [
            "#/components/schemas",
            "#/components/schemas/A/properties",
            "#/components/schemas/A/discriminator/mapping",
        ] {
            assert!(!places.contains(&not_expected.to_owned()), "{not_expected}");
        }
    }

    /// Some index: with one candidate, any index picks it.
    fn any_index() -> Index {
        use proptest::strategy::ValueTree;
        any::<Index>()
            .new_tree(&mut proptest::test_runner::TestRunner::deterministic())
            .expect("an index")
            .current()
    }

    #[test]
    fn renaming_a_component_can_carry_its_references_along() {
        let spec = tree(
            "paths: {/a: {get: {responses: {'200': {$ref: '#/components/schemas/A'}}}}}\ncomponents:\n  schemas:\n    A: {type: string}\n",
        );
        let mut followed = spec.clone();
        rename_component(
            &mut followed,
            any_index(),
            NameChange::Suffix("_copy"),
            true,
        );
        let text = serde_yaml::to_string(&followed).unwrap();
        assert!(text.contains("A_copy:"), "{text}");
        assert!(text.contains("'#/components/schemas/A_copy'"), "{text}");
        let mut broken = spec;
        rename_component(&mut broken, any_index(), NameChange::Lower, false);
        let text = serde_yaml::to_string(&broken).unwrap();
        assert!(
            text.contains("'#/components/schemas/A'") && text.contains(" a:"),
            "{text}"
        );
    }

    #[test]
    fn every_seed_is_read() {
        let names: Vec<&str> = seeds().iter().map(|s| s.name.as_str()).collect();
        assert!(
            names.contains(&"tests/real-specs/petstore.yaml"),
            "{names:?}"
        );
        assert!(
            names.contains(&"tests/real-specs/petstore-json.json"),
            "{names:?}"
        );
        assert!(names.contains(&"tests/fixtures/keywords.yaml"), "{names:?}");
        assert!(seeds()
            .iter()
            .find(|s| s.name.ends_with(".json"))
            .is_some_and(|s| s.json));
    }
}
