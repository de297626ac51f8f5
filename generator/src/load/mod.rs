//! Stage 1, **load**: read a spec file, parse it, check every `$ref`, and
//! validate what the later stages rely on.
//!
//! Parsing goes YAML text → `serde_yaml::Value` (syntax errors keep their
//! line) → `openapiv3::OpenAPI` through `serde_path_to_error` (shape errors
//! keep their JSON pointer). References are checked on the raw YAML tree, so
//! a `$ref` anywhere in the document is seen, not only where openapiv3 models
//! one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use openapiv3::{OpenAPI, Parameter, ReferenceOr};
use serde::Deserialize;
use serde_yaml::Value;

use crate::error::{Error, Location, Pointer, Result};
use crate::template::UrlTemplate;

mod json;
mod schemas;

/// A parsed, reference-checked, validated spec.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file as the user named it (used in every error message).
    pub file: String,
    /// The file's text, kept to find the line of a JSON pointer.
    source: String,
    /// The document.
    pub doc: OpenAPI,
    /// Every path template, parsed, by its text in `paths`.
    pub paths: BTreeMap<String, UrlTemplate>,
    /// The first server's URL, parsed (`None` without `servers`).
    pub server_url: Option<UrlTemplate>,
    /// What loading left out (3.1 `webhooks`), each naming where.
    pub warnings: Vec<String>,
}

/// Reads and loads the spec at `path`; errors name it as `display`.
pub fn load(path: &Path, display: &str) -> Result<Spec> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        file: display.to_owned(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..offset];
        Error::NotUtf8 {
            file: display.to_owned(),
            offset,
            line: before.iter().filter(|b| **b == b'\n').count() + 1,
        }
    })?;
    parse(&text, display)
}

/// Loads a spec from text; errors name it as `display`.
///
/// The text is taken as written: a byte-order mark and CRLF line endings
/// change nothing, and a document that starts with `{` is read as JSON (by
/// a JSON parser: YAML's reading of JSON string escapes differs, for
/// instance on surrogate pairs such as `\ud83d\ude00`).
pub fn parse(text: &str, display: &str) -> Result<Spec> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let normalized;
    let text = if text.contains('\r') {
        normalized = text.replace("\r\n", "\n");
        normalized.as_str()
    } else {
        text
    };
    let here = |pointer: Pointer| Location {
        file: display.to_owned(),
        line: line_of(text, &pointer),
        pointer: pointer.to_string(),
    };
    let syntax = |format, line, message| Error::Syntax {
        format,
        location: Location {
            file: display.to_owned(),
            pointer: "#".into(),
            line,
        },
        message,
    };
    let mut raw: Value = if text.trim_start().starts_with('{') {
        let json = json::parse(text).map_err(|e| Error::Syntax {
            format: "JSON",
            location: Location {
                file: display.to_owned(),
                pointer: e.pointer.to_string(),
                line: Some(e.line),
            },
            message: e.message,
        })?;
        serde_yaml::to_value(json).map_err(|e| syntax("JSON", None, e.to_string()))?
    } else {
        crate::numbers::parse_yaml(text)
            .map_err(|e| syntax("YAML", e.location().map(|l| l.line()), e.to_string()))?
    };
    raw.apply_merge().map_err(|e| Error::Syntax {
        format: "YAML",
        location: here(Pointer::root()),
        message: e.to_string(),
    })?;

    crate::numbers::clamp_integer_bounds(&mut raw);

    let version = check_version(&raw, &here)?;
    crate::openapi31::remove_tuple_markers(&mut raw);
    let mut warnings = Vec::new();
    if crate::openapi31::is_31(&version) {
        let location = here(Pointer::root().push("openapi"));
        warnings.extend(
            crate::openapi31::normalize(&mut raw)
                .into_iter()
                .map(|dropped| format!("{location}: {dropped}")),
        );
        if let Value::Mapping(root) = &mut raw {
            // 3.1 lets a document have no `paths`.
            root.entry("paths".into())
                .or_insert_with(|| Value::Mapping(Default::default()));
        }
    }
    let mut foreign = Vec::new();
    check_tree(
        &raw,
        &mut Vec::new(),
        Within::Spec,
        &raw,
        &here,
        &mut foreign,
    )?;
    check_methods(&raw, &here)?;
    hoist_foreign_refs(&mut raw, foreign);
    inline_path_item_refs(&mut raw);
    inline_callback_refs(&mut raw);
    schemas::check(&raw, &here)?;

    // The common case, a well-formed document, takes the direct path; only
    // when it fails is the tree deserialized again through
    // serde_path_to_error, whose bookkeeping finds where.
    let doc = match OpenAPI::deserialize(&raw) {
        Ok(doc) => doc,
        Err(_) => return Err(structure_error(&raw, &here)),
    };

    let mut spec = Spec {
        file: display.to_owned(),
        source: text.to_owned(),
        doc,
        paths: BTreeMap::new(),
        server_url: None,
        warnings,
    };
    spec.paths = parse_paths(&spec)?;
    spec.server_url = parse_server(&spec)?;
    validate_operations(&spec)?;
    Ok(spec)
}

impl Spec {
    /// The location of `pointer` in this spec, with its line when found.
    pub fn location(&self, pointer: &Pointer) -> Location {
        Location {
            file: self.file.clone(),
            pointer: pointer.to_string(),
            line: line_of(&self.source, pointer),
        }
    }

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

/// The component a local `$ref` names in `#/components/<kind>/`, unescaped
/// (`~1` is `/`, `~0` is `~`); `None` for a reference anywhere else. The one
/// place a `$ref` string is taken apart.
pub fn component_name(reference: &str, kind: &str) -> Option<String> {
    if !reference.starts_with("#/") {
        return None;
    }
    let pointer = Pointer::from_fragment(reference);
    match pointer.segments().as_slice() {
        [components, k, name] if components == "components" && k == kind => Some(name.clone()),
        _ => None,
    }
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

/// The error of a document that does not deserialize as OpenAPI, with the
/// JSON pointer of the offending node.
fn structure_error(raw: &Value, here: &impl Fn(Pointer) -> Location) -> Error {
    let e = match serde_path_to_error::deserialize::<_, OpenAPI>(raw) {
        Ok(_) => {
            return Error::Structure {
                location: here(Pointer::root()),
                message: "the document could not be read as OpenAPI 3.0".into(),
            }
        }
        Err(e) => e,
    };
    let pointer = e
        .path()
        .iter()
        .filter_map(|seg| match seg {
            serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
            serde_path_to_error::Segment::Map { key } => Some(key.clone()),
            serde_path_to_error::Segment::Enum { variant } => Some(variant.clone()),
            serde_path_to_error::Segment::Unknown => None,
        })
        .fold(Pointer::root(), |p, seg| p.push(seg));
    Error::Structure {
        location: here(pointer),
        message: e.into_inner().to_string(),
    }
}

/// The document's OpenAPI version, if one this generator reads: 3.0, or
/// 3.1 (normalized into 3.0 by [`crate::openapi31`]).
fn check_version(raw: &Value, here: &impl Fn(Pointer) -> Location) -> Result<String> {
    let text = |v: &Value| match v {
        Value::String(v) => v.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    };
    let version = match raw.get("openapi") {
        Some(v) => text(v),
        // A Swagger 2.0 document names its version in `swagger`.
        None if raw.get("swagger").is_some() => {
            return Err(Error::UnsupportedVersion {
                location: here(Pointer::root().push("swagger")),
                version: raw.get("swagger").map(text).unwrap_or_default(),
            })
        }
        None => {
            return Err(Error::Structure {
                location: here(Pointer::root()),
                message: "missing field `openapi`".into(),
            })
        }
    };
    if version.starts_with("3.0.") || version == "3.0" || crate::openapi31::is_31(&version) {
        Ok(version)
    } else {
        Err(Error::UnsupportedVersion {
            location: here(Pointer::root().push("openapi")),
            version,
        })
    }
}

/// Checks every `$ref` in the raw tree (local, resolvable, and not part of
/// a chain of references that never reaches a real node) and every `enum`
/// (not empty: `enum: []` admits no value, and openapiv3 would read it as no
/// enum at all), outside literal data: examples, defaults, enum values and
/// extensions hold JSON as it is, where a `$ref` key is just a key (GitHub's
/// examples hold `$ref`s to files that are not there).
///
/// The walk keeps the path as a stack of segments and builds a pointer only
/// when it reports a problem, so a large spec costs one pass and no pointer
/// per node. On the way it collects, into `foreign`, where each reference to
/// a node that is not a component sits (see [`hoist_foreign_refs`]).
fn check_tree(
    node: &Value,
    path: &mut Vec<String>,
    within: Within,
    root: &Value,
    here: &impl Fn(Pointer) -> Location,
    foreign: &mut Vec<(Vec<String>, String)>,
) -> Result<()> {
    if within == Within::Data {
        return Ok(());
    }
    match node {
        Value::Mapping(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                follow_ref(reference, path, root, here)?;
                if !is_component_ref(reference) {
                    foreign.push((path.clone(), reference.clone()));
                }
            }
            if within == Within::Spec
                && matches!(map.get("enum"), Some(Value::Sequence(v)) if v.is_empty())
            {
                path.push("enum".into());
                return Err(Error::Unsupported {
                    location: here(pointer_of(path)),
                    what: "an enum with no values: no value is valid here".into(),
                });
            }
            for (key, value) in map {
                let key = key_text(key);
                let inner = within.child(&key);
                path.push(key);
                check_tree(value, path, inner, root, here, foreign)?;
                path.pop();
            }
        }
        Value::Sequence(items) => {
            let inner = within.item();
            for (i, value) in items.iter().enumerate() {
                path.push(i.to_string());
                check_tree(value, path, inner, root, here, foreign)?;
                path.pop();
            }
        }
        Value::Tagged(tagged) => check_tree(&tagged.value, path, within, root, here, foreign)?,
        _ => {}
    }
    Ok(())
}

/// What the raw tree holds at a place: OpenAPI objects, or literal data
/// that only looks like them. The load checks and the 3.1 pass walk only
/// the objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Within {
    /// OpenAPI objects.
    Spec,
    /// A map whose keys are names the spec chose (`properties`,
    /// `schemas`, ...): a property called `example` or a schema named
    /// `enum` is an object like any other.
    Names,
    /// A map of names that also takes vendor extensions: `paths` and an
    /// operation's `responses` (a `default` response is an object, an
    /// `x-...` key is data).
    ExtensibleNames,
    /// An `examples` map of Example Objects (or, in 3.1, a list of values).
    Examples,
    /// One Example Object: its `value` is data.
    Example,
    /// Literal JSON: examples, defaults, enum values, extensions.
    Data,
}

impl Within {
    /// What the value under `key` holds, in a mapping of this kind.
    pub(crate) fn child(self, key: &str) -> Within {
        match (self, key) {
            (Within::Data, _) => Within::Data,
            (Within::ExtensibleNames, key) if key.starts_with("x-") => Within::Data,
            (Within::Names | Within::ExtensibleNames, _) => Within::Spec,
            (Within::Examples, _) => Within::Example,
            (Within::Example, "value") => Within::Data,
            (_, "example" | "default" | "enum" | "const") => Within::Data,
            // The 3.1 pass keeps a tuple's schemas there.
            (_, crate::openapi31::PREFIX_ITEMS) => Within::Spec,
            (_, key) if key.starts_with("x-") => Within::Data,
            (_, "examples") => Within::Examples,
            (_, "paths" | "responses") => Within::ExtensibleNames,
            (
                _,
                "properties" | "patternProperties" | "schemas" | "parameters" | "requestBodies"
                | "headers" | "securitySchemes" | "links" | "callbacks" | "content" | "encoding"
                | "variables" | "$defs",
            ) => Within::Names,
            _ => Within::Spec,
        }
    }

    /// What the items of a list hold, in a place of this kind.
    pub(crate) fn item(self) -> Within {
        match self {
            // 3.1's list of examples in a schema is data.
            Within::Examples => Within::Data,
            // A list under a key of names (an operation's `parameters`)
            // holds objects, whose `x-...` keys are extensions.
            Within::Names | Within::ExtensibleNames => Within::Spec,
            other => other,
        }
    }
}

/// Moves each node that a `$ref` points at, when it is not a component
/// (`#/components/<kind>/<name>`), into the components, and points every
/// reference to it (and the place it was) at the new component:
/// DigitalOcean's operations share parameters and schemas by pointing into
/// other operations (`#/paths/~1v2~1keys~1{id}/get/parameters/0`), and
/// `openapiv3` and lowering resolve references to components only. The
/// kind of component follows from where the reference sits (in a
/// `parameters` list, a parameter; in a schema, a schema). `sites` are where
/// such references sit, as [`check_tree`] found them (it checked that they
/// resolve). A path item reached by `$ref` has no component kind in 3.0 and
/// is left for lowering to refuse.
fn hoist_foreign_refs(raw: &mut Value, sites: Vec<(Vec<String>, String)>) {
    // Each target once, with the kind of its first reference.
    let mut targets: BTreeMap<Vec<String>, &'static str> = BTreeMap::new();
    for (site, reference) in &sites {
        if let Some(kind) = component_kind(site) {
            targets
                .entry(Pointer::from_fragment(reference).segments())
                .or_insert(kind);
        }
    }
    // Deepest first: moving a node leaves the pointers of its ancestors
    // valid, and its descendants have moved already.
    let mut order: Vec<(Vec<String>, &'static str)> = targets.into_iter().collect();
    order.sort_by(|(a, _), (b, _)| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    let mut moved: BTreeMap<Vec<String>, String> = BTreeMap::new();
    for (target, kind) in order {
        let name = free_component_name(raw, kind, &target);
        let new_ref = Pointer::root().push("components").push(kind).push(&name);
        let Some(node) = lookup_mut(raw, &target) else {
            continue;
        };
        let mut stub = serde_yaml::Mapping::new();
        stub.insert("$ref".into(), new_ref.as_str().into());
        let content = std::mem::replace(node, Value::Mapping(stub));
        if let Some(Value::Mapping(components)) = ensure_mapping(raw, &["components", kind]) {
            components.insert(name.into(), content);
        }
        moved.insert(target, new_ref.as_str().to_owned());
    }
    retarget_refs(raw, &moved);
}

/// Replaces each path item that is a `$ref` to another path item of the
/// document (`/support/ip-address: {$ref: '#/paths/~1ip-address'}`, as
/// SureVoIP's spec has) with a copy of it: 3.0 has no component for path
/// items, and the same operations then serve both paths. The copy's
/// operations lose their `operationId`s, which must stay unique, and are
/// named from their method and path instead. A chain of such references
/// is followed; a loop, or a reference to anything else, is left for
/// lowering to refuse.
fn inline_path_item_refs(raw: &mut Value) {
    let Some(Value::Mapping(paths)) = raw.get("paths") else {
        return;
    };
    let target_of = |item: &Value| -> Option<String> {
        let reference = item.get("$ref")?.as_str()?;
        match Pointer::from_fragment(reference).segments().as_slice() {
            [root, path] if root == "paths" => Some(path.clone()),
            _ => None,
        }
    };
    let mut copies = Vec::new();
    for (key, item) in paths {
        let mut seen = BTreeSet::new();
        let mut target = item;
        while let Some(next) = target_of(target) {
            if !seen.insert(next.clone()) {
                break;
            }
            match paths.get(next.as_str()) {
                Some(found) => target = found,
                None => break,
            }
        }
        if !std::ptr::eq(target, item) && target_of(target).is_none() {
            let mut copy = target.clone();
            if let Value::Mapping(operations) = &mut copy {
                for (_, operation) in operations.iter_mut() {
                    if let Value::Mapping(operation) = operation {
                        operation.remove("operationId");
                    }
                }
            }
            copies.push((key.clone(), copy));
        }
    }
    if let Some(Value::Mapping(paths)) = raw.get_mut("paths") {
        for (key, copy) in copies {
            paths.insert(key, copy);
        }
    }
}

/// Replaces each callback of an operation that is a `$ref` to
/// `#/components/callbacks/NAME` (PeerTube's search operations) with a copy
/// of that component: 3.0 allows it, but `openapiv3` reads an operation's
/// callbacks as objects only, and would refuse the whole document.
/// Callbacks are not generated; this only lets the document load.
fn inline_callback_refs(raw: &mut Value) {
    let Some(components) = raw
        .get("components")
        .and_then(|c| c.get("callbacks"))
        .cloned()
    else {
        return;
    };
    let Some(Value::Mapping(paths)) = raw.get_mut("paths") else {
        return;
    };
    let operations = paths
        .values_mut()
        .filter_map(|item| match item {
            Value::Mapping(item) => Some(item.values_mut()),
            _ => None,
        })
        .flatten();
    for operation in operations {
        let Some(Value::Mapping(callbacks)) = operation.get_mut("callbacks") else {
            continue;
        };
        for (_, callback) in callbacks.iter_mut() {
            let target = callback
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/callbacks/"))
                .and_then(|name| components.get(name));
            if let Some(target) = target.filter(|t| t.get("$ref").is_none()) {
                *callback = target.clone();
            }
        }
    }
}

/// Whether a `#/components/<kind>/<name>` reference (not one into a
/// component, such as `#/components/schemas/A/properties/b`).
fn is_component_ref(reference: &str) -> bool {
    matches!(
        Pointer::from_fragment(reference).segments().as_slice(),
        [components, _, _] if components == "components"
    )
}

/// The component kind a `$ref` at `site` stands for, by where it sits.
fn component_kind(site: &[String]) -> Option<&'static str> {
    let parent = site
        .len()
        .checked_sub(2)
        .and_then(|i| site.get(i))
        .map(String::as_str);
    let last = site.last().map(String::as_str);
    Some(match (parent, last) {
        // A path item: 3.0 has no component for it.
        (Some("paths"), _) if site.len() == 2 => return None,
        // A property's schema, whatever the property is called, and a
        // schema under a schema keyword, whatever the schema above it is
        // called (Codat's `properties/links/items`).
        (Some("properties"), _) => "schemas",
        (_, Some(last)) if last == "schema" || schemas::ONE.contains(&last) => "schemas",
        (Some(parent), _) if schemas::LIST.contains(&parent) => "schemas",
        (Some("parameters"), _) => "parameters",
        (Some("responses"), _) => "responses",
        (_, Some("requestBody")) => "requestBodies",
        (Some("headers"), _) => "headers",
        (Some("examples"), _) => "examples",
        (Some("links"), _) => "links",
        (Some("callbacks"), _) => "callbacks",
        (Some("securitySchemes"), _) => return None,
        _ => "schemas",
    })
}

/// A name for the node at `target` among the components of `kind`: the
/// last three telling segments of its pointer (`keys_id_get_200` for the
/// schema of `GET /keys/{id}`'s 200 response), numbered if taken.
fn free_component_name(raw: &Value, kind: &str, target: &[String]) -> String {
    const STRUCTURE: &[&str] = &[
        "paths",
        "components",
        "schemas",
        "$defs",
        "properties",
        "items",
        "schema",
        "content",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "responses",
        "parameters",
        "requestBody",
        "additionalProperties",
    ];
    let mut words = Vec::new();
    for (i, segment) in target.iter().enumerate() {
        let after = i
            .checked_sub(1)
            .and_then(|p| target.get(p))
            .map(String::as_str);
        // A list index says nothing; a status code does.
        let telling = match segment.parse::<usize>() {
            Ok(_) => after == Some("responses"),
            Err(_) => !STRUCTURE.contains(&segment.as_str()) && !segment.contains("json"),
        };
        if telling {
            let word: String = segment
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join("_");
            if !word.is_empty() {
                words.push(word);
            }
        }
    }
    let base = match words.len() {
        0 => "Shared".to_owned(),
        n => words[n.saturating_sub(3)..].join("_"),
    };
    let taken = |name: &str| {
        raw.get("components")
            .and_then(|c| c.get(kind))
            .and_then(|m| m.get(name))
            .is_some()
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

/// The mapping at `path` from the root, created (empty) where missing.
fn ensure_mapping<'a>(raw: &'a mut Value, path: &[&str]) -> Option<&'a mut Value> {
    path.iter().try_fold(raw, |node, key| {
        let Value::Mapping(map) = node else {
            return None;
        };
        Some(
            map.entry((*key).into())
                .or_insert_with(|| Value::Mapping(Default::default())),
        )
    })
}

/// Every `$ref` whose target (as segments, however it was escaped) moved,
/// pointed at where it went.
fn retarget_refs(node: &mut Value, moved: &BTreeMap<Vec<String>, String>) {
    match node {
        Value::Mapping(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if reference.starts_with("#/") {
                    if let Some(to) = moved.get(&Pointer::from_fragment(reference).segments()) {
                        *reference = to.clone();
                    }
                }
            }
            for (_, value) in map.iter_mut() {
                retarget_refs(value, moved);
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|v| retarget_refs(v, moved)),
        _ => {}
    }
}

/// The node at `path`, a list of unescaped segments.
fn lookup_mut<'a>(root: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(root, |node, seg| match node {
        Value::Mapping(map) => map
            .iter_mut()
            .find(|(k, _)| key_text(k) == *seg)
            .map(|(_, v)| v),
        Value::Sequence(items) => seg.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    })
}

fn pointer_of(path: &[String]) -> Pointer {
    path.iter().fold(Pointer::root(), |p, seg| p.push(seg))
}

fn follow_ref(
    reference: &str,
    path: &[String],
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

fn lookup<'a>(root: &'a Value, pointer: &Pointer) -> Option<&'a Value> {
    pointer
        .segments()
        .iter()
        .try_fold(root, |node, seg| match node {
            // Keys are nearly always strings: a hashed lookup, with a scan
            // only for numeric or boolean keys (`200:`), so resolving a
            // `$ref` costs its depth, not the size of the spec.
            Value::Mapping(map) => map.get(seg.as_str()).or_else(|| {
                map.iter()
                    .find(|(k, _)| !k.is_string() && key_text(k) == *seg)
                    .map(|(_, v)| v)
            }),
            Value::Sequence(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
}

fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

/// Unique operationIds, and path templates that agree with their path
/// parameters.
fn validate_operations(spec: &Spec) -> Result<()> {
    let mut ids: BTreeMap<&str, Pointer> = BTreeMap::new();
    for (path, item) in spec.doc.paths.iter() {
        let path_ptr = Pointer::root().push("paths").push(path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                return Err(Error::Unsupported {
                    location: spec.location(&path_ptr),
                    what: "a `$ref` as a path item".into(),
                })
            }
        };
        for (method, op) in item.iter() {
            let op_ptr = path_ptr.push(method);
            if let Some(id) = &op.operation_id {
                if let Some(first) = ids.get(id.as_str()) {
                    return Err(Error::DuplicateOperationId {
                        location: spec.location(&op_ptr.push("operationId")),
                        id: id.clone(),
                        first: first.to_string(),
                    });
                }
                ids.insert(id, op_ptr.push("operationId"));
            }
            check_path_params(
                spec,
                &spec.paths[path],
                &item.parameters,
                &path_ptr,
                &op.parameters,
                &op_ptr,
            )?;
        }
    }
    Ok(())
}

fn check_path_params(
    spec: &Spec,
    template: &UrlTemplate,
    shared: &[ReferenceOr<Parameter>],
    shared_ptr: &Pointer,
    own: &[ReferenceOr<Parameter>],
    op_ptr: &Pointer,
) -> Result<()> {
    let mut declared = BTreeSet::new();
    let listed = shared
        .iter()
        .enumerate()
        .map(|(i, p)| (p, shared_ptr.push("parameters").push(i)))
        .chain(
            own.iter()
                .enumerate()
                .map(|(i, p)| (p, op_ptr.push("parameters").push(i))),
        );
    for (param, ptr) in listed {
        let resolved = spec.resolve(param, &ptr, "parameters", |c| &c.parameters)?;
        if let Parameter::Path { parameter_data, .. } = resolved.item {
            if !template.has_variable(&parameter_data.name) {
                return Err(Error::PathParameterNotInTemplate {
                    location: spec.location(&ptr),
                    name: parameter_data.name.clone(),
                });
            }
            declared.insert(parameter_data.name.clone());
        }
    }
    match template.variables().find(|name| !declared.contains(*name)) {
        Some(name) => Err(Error::UndeclaredPathParameter {
            location: spec.location(op_ptr),
            name: name.to_owned(),
        }),
        None => Ok(()),
    }
}

/// Every path template of the spec, parsed; a malformed one is an error
/// at its path.
fn parse_paths(spec: &Spec) -> Result<BTreeMap<String, UrlTemplate>> {
    spec.doc
        .paths
        .paths
        .keys()
        .map(|path| {
            UrlTemplate::parse(path)
                .map(|t| (path.clone(), t))
                .map_err(|e| Error::Unsupported {
                    location: spec.location(&Pointer::root().push("paths").push(path)),
                    what: format!("path template `{path}`: {e}"),
                })
        })
        .collect()
}

/// The first server's URL, parsed.
fn parse_server(spec: &Spec) -> Result<Option<UrlTemplate>> {
    let Some(server) = spec.doc.servers.first() else {
        return Ok(None);
    };
    UrlTemplate::parse(&server.url)
        .map(Some)
        .map_err(|e| Error::Unsupported {
            location: spec.location(&Pointer::root().push("servers").push(0).push("url")),
            what: format!("server URL `{}`: {e}", server.url),
        })
}

/// The keys a path item may have besides extensions (`x-...`): OpenAPI
/// 3.0's fixed fields and its eight methods.
const PATH_ITEM_KEYS: &[&str] = &[
    "$ref",
    "summary",
    "description",
    "servers",
    "parameters",
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
];

/// Refuses a path item key that is neither a field, a method OpenAPI 3.0
/// knows, nor an extension: openapiv3 would drop it silently, and the
/// operation under it (`query:`, `connect:`) would vanish from the client.
fn check_methods(raw: &Value, here: &impl Fn(Pointer) -> Location) -> Result<()> {
    let Some(Value::Mapping(paths)) = raw.get("paths") else {
        return Ok(());
    };
    for (path, item) in paths {
        let Value::Mapping(item) = item else { continue };
        // The Paths Object takes vendor extensions beside its paths.
        if key_text(path).starts_with("x-") {
            continue;
        }
        for key in item.keys() {
            let key = key_text(key);
            if !key.starts_with("x-") && !PATH_ITEM_KEYS.contains(&key.as_str()) {
                return Err(Error::Unsupported {
                    location: here(Pointer::root().push("paths").push(key_text(path)).push(&key)),
                    what: format!(
                        "`{key}` is not an HTTP method of OpenAPI 3.0 (get, put, post, delete, options, head, patch, trace)"
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Best-effort line of a JSON pointer in block-style YAML (or pretty-printed
/// JSON objects): each segment is a `key:` among the children of the node
/// found so far, or the n-th `- ` item of a sequence. Returns `None` rather
/// than a guess when the layout is not one it understands.
pub fn line_of(text: &str, pointer: &Pointer) -> Option<usize> {
    let lines: Vec<Option<Line<'_>>> = text.lines().map(Line::parse).collect();
    // The node found so far: its line, and whether its children start on
    // that same line (a `- key: value` item) or on the next.
    let (mut at, mut inline) = (None::<usize>, false);
    for seg in pointer.segments() {
        let first = match at {
            None => 0,
            Some(line) if inline => line,
            Some(line) => line + 1,
        };
        let end = block_end(&lines, at, inline, first);
        let children: Vec<(usize, &Line<'_>)> = (first..end)
            .filter_map(|i| lines[i].as_ref().map(|l| (i, l)))
            .collect();
        let &(_, head) = children.first()?;
        let found = match seg.parse::<usize>() {
            Ok(index) if head.dash => children
                .iter()
                .filter(|(_, l)| l.dash && l.raw_indent == head.raw_indent)
                .nth(index)
                .map(|(i, _)| (*i, true)),
            _ => children
                .iter()
                .filter(|(_, l)| l.indent == head.indent)
                .find(|(_, l)| l.is_key(&seg))
                .map(|(i, _)| (*i, false)),
        };
        let (line, is_item) = found?;
        at = Some(line);
        inline = is_item;
    }
    at.map(|line| line + 1)
}

/// One non-blank, non-comment line: where its content starts, and whether it
/// opens a sequence item.
struct Line<'a> {
    raw_indent: usize,
    indent: usize,
    dash: bool,
    text: &'a str,
}

impl<'a> Line<'a> {
    fn parse(line: &'a str) -> Option<Self> {
        let trimmed = line.trim_start();
        // Blank lines, comments, and JSON's lone brackets carry no keys.
        if trimmed.is_empty()
            || trimmed.starts_with('#')
            || matches!(trimmed.trim_end_matches(','), "{" | "}" | "[" | "]")
        {
            return None;
        }
        let raw_indent = line.len() - trimmed.len();
        let (dash, text) = match trimmed.strip_prefix('-') {
            Some(rest) if rest.is_empty() || rest.starts_with(' ') => (true, rest.trim_start()),
            _ => (false, trimmed),
        };
        Some(Line {
            raw_indent,
            indent: line.len() - text.len(),
            dash,
            text,
        })
    }

    fn is_key(&self, key: &str) -> bool {
        [key.to_owned(), format!("\"{key}\""), format!("'{key}'")]
            .iter()
            .any(|k| {
                self.text
                    .strip_prefix(k.as_str())
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
    }
}

/// One past the last line of the children of the node at `parent`, which
/// start at `first`. A sequence item's children share its indentation; a
/// key's children are indented deeper, or are `- ` items at its own indent.
fn block_end(lines: &[Option<Line<'_>>], parent: Option<usize>, item: bool, first: usize) -> usize {
    let Some(parent) = parent.and_then(|p| lines[p].as_ref()) else {
        return lines.len();
    };
    let indent = parent.indent;
    (first + usize::from(item)..lines.len())
        .find(|&i| match &lines[i] {
            None => false,
            Some(l) if item => l.raw_indent < indent,
            Some(l) => l.raw_indent < indent || (l.raw_indent == indent && !l.dash),
        })
        .unwrap_or(lines.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swagger_2_is_an_unsupported_version() {
        let err = parse(
            "swagger: \"2.0\"\ninfo:\n  title: T\n  version: \"1\"\npaths: {}\n",
            "s.yaml",
        )
        .unwrap_err();
        let Error::UnsupportedVersion { location, version } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(version, "2.0");
        assert_eq!(location.pointer, "#/swagger");
        assert_eq!(location.line, Some(1));
    }

    /// Found by `cargo xtask fuzz`: vendor extensions are data wherever
    /// OpenAPI allows them, whatever they hold.
    #[test]
    fn vendor_extensions_are_data_in_paths_and_parameters() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  x-foo: {name: null}\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query, schema: {type: string}, x-foo: {$ref: '*/'}}\n      responses:\n        '200': {description: OK}\n        x-bar: {$ref: 'elsewhere.yaml'}\n";
        let spec = parse(text, "spec.yaml").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(spec.doc.paths.paths.len(), 1);
    }

    /// Found by `cargo xtask fuzz`: a vendor extension named like the
    /// marker the 3.1 pass keeps tuples under is not read as a tuple.
    #[test]
    fn a_vendor_extension_is_never_a_tuple() {
        for version in ["3.0.3", "3.1.0"] {
            let text = format!("openapi: {version}\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    A: {{type: array, items: {{type: string}}, x-prefix-items: [1]}}\n");
            let spec = parse(&text, "spec.yaml").unwrap_or_else(|e| panic!("{e}"));
            let schemas = &spec.doc.components.as_ref().expect("components").schemas;
            let extensions = &schemas["A"]
                .as_item()
                .expect("a schema")
                .schema_data
                .extensions;
            assert!(extensions.is_empty(), "{version}: {extensions:?}");
        }
    }

    #[test]
    fn a_reference_stands_for_the_component_its_place_calls_for() {
        let kind = |segments: &[&str]| {
            component_kind(&segments.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(
            kind(&["paths", "/a", "get", "parameters", "0"]),
            Some("parameters")
        );
        assert_eq!(
            kind(&["paths", "/a", "get", "responses", "default"]),
            Some("responses")
        );
        assert_eq!(
            kind(&["paths", "/a", "post", "requestBody"]),
            Some("requestBodies")
        );
        let schema = [
            "paths",
            "/a",
            "get",
            "responses",
            "200",
            "content",
            "application/json",
            "schema",
        ];
        assert_eq!(kind(&schema), Some("schemas"));
        // A property named like a component kind is still a schema.
        assert_eq!(
            kind(&["components", "schemas", "A", "properties", "parameters"]),
            Some("schemas")
        );
        // A path item has no component kind in 3.0.
        assert_eq!(kind(&["paths", "/a"]), None);
        // Under a property named like a component kind, a schema keyword
        // still holds a schema.
        let links = ["components", "schemas", "A", "properties", "links"];
        for keyword in ["items", "not", "additionalProperties"] {
            assert_eq!(kind(&[&links[..], &[keyword]].concat()), Some("schemas"));
        }
        assert_eq!(
            kind(&[
                "components",
                "schemas",
                "A",
                "properties",
                "examples",
                "allOf",
                "0"
            ]),
            Some("schemas")
        );
    }

    #[test]
    fn a_path_item_may_be_a_reference_to_another() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /ip-address:\n    get:\n      operationId: getIpAddress\n      responses: {'200': {description: OK}}\n  /support/ip-address: {$ref: '#/paths/~1ip-address'}\n  /alias: {$ref: '#/paths/~1support~1ip-address'}\n  /loop: {$ref: '#/paths/~1loop'}\n";
        // The loop is refused, where it is.
        let err = parse(text, "spec.yaml").expect_err("a loop");
        assert!(err.to_string().contains("/paths/~1loop"), "{err}");
        let text = text.replace("  /loop: {$ref: '#/paths/~1loop'}\n", "");
        let spec = parse(&text, "spec.yaml").expect("loads");
        let ids: Vec<Option<String>> = spec
            .doc
            .paths
            .iter()
            .map(|(_, item)| match item {
                ReferenceOr::Item(item) => item.get.as_ref().and_then(|op| op.operation_id.clone()),
                ReferenceOr::Reference { reference } => panic!("left as a reference: {reference}"),
            })
            .collect();
        assert_eq!(ids, [Some("getIpAddress".to_owned()), None, None]);
    }

    #[test]
    fn a_callback_may_be_a_reference_to_a_component() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /s:\n    get:\n      responses: {'200': {description: OK}}\n      callbacks:\n        indexed: {$ref: '#/components/callbacks/index'}\ncomponents:\n  callbacks:\n    index:\n      'https://example.org/hook':\n        post:\n          responses: {'200': {description: OK}}\n";
        let spec = parse(text, "spec.yaml").expect("loads");
        let ReferenceOr::Item(item) = &spec.doc.paths.paths["/s"] else {
            panic!("a path item");
        };
        let callbacks = &item.get.as_ref().expect("get").callbacks;
        assert!(callbacks["indexed"].contains_key("https://example.org/hook"));
    }

    #[test]
    fn a_reference_into_a_schema_from_a_property_named_links_loads() {
        // Codat's specs point the items of a `links` property into another
        // schema's `definitions`: that node is a schema, not a Link.
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    R:\n      type: object\n      definitions:\n        line: {type: object, properties: {id: {type: string}}}\n      properties:\n        links:\n          type: array\n          items: {$ref: '#/components/schemas/R/definitions/line'}\n";
        let spec = parse(text, "spec.yaml").expect("loads");
        let components = spec.doc.components.expect("components");
        assert!(components.links.is_empty());
        assert!(
            components.schemas.keys().any(|k| k.contains("line")),
            "{:?}",
            components.schemas.keys()
        );
    }

    #[test]
    fn references_into_defs_become_components_of_their_own() {
        let text = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    T:\n      type: object\n      $defs: {U: {const: m}, V: {type: string}}\n      properties:\n        u: {$ref: '#/components/schemas/T/$defs/U'}\n        v: {$ref: '#/components/schemas/T/$defs/V'}\n        p: {prefixItems: [{$ref: '#/components/schemas/T/$defs/U'}]}\n    T_V: {type: integer}\n";
        let spec = parse(text, "spec.yaml").unwrap_or_else(|e| panic!("{e}"));
        let schemas = &spec.doc.components.as_ref().expect("components").schemas;
        let properties = match schemas["T"].as_item().map(|s| &s.schema_kind) {
            Some(openapiv3::SchemaKind::Type(openapiv3::Type::Object(o))) => &o.properties,
            other => panic!("{other:?}"),
        };
        let reference = |name: &str| match &properties[name] {
            ReferenceOr::Reference { reference } => reference.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(reference("u"), "#/components/schemas/T_U");
        // A taken name gets a number.
        assert_eq!(reference("v"), "#/components/schemas/T_V2");
        assert!(schemas.contains_key("T_V2"));
        // The moved schema was normalized where it stood: `const` is an enum.
        match schemas["T_U"].as_item().map(|s| &s.schema_kind) {
            Some(openapiv3::SchemaKind::Type(openapiv3::Type::String(s))) => {
                assert_eq!(s.enumeration, [Some("m".to_owned())]);
            }
            other => panic!("{other:?}"),
        }
        // References in a tuple, which the 3.1 pass keeps aside, follow.
        let raw = serde_json::to_value(&properties["p"]).expect("json");
        assert_eq!(
            raw[crate::openapi31::PREFIX_ITEMS][0]["$ref"].as_str(),
            Some("#/components/schemas/T_U")
        );
    }
}
