//! Bundling: a spec split across files (`$ref: schemas/pet.yaml`,
//! `$ref: 'common.yaml#/components/parameters/limit'`) becomes one document,
//! which the rest of the load reads as if it had been written whole.
//!
//! What another file holds goes where the reference stands for it: a node
//! a component may hold (a schema, parameter, response, ...) becomes one
//! component of the root document, once, however many references reach it,
//! and each reference points at it; anything else (an operation, a path
//! item, a description) is copied in where the reference was. References
//! inside a copied node are resolved against the file it came from, so
//! nested directories, references between other files and cycles across
//! files all work.
//!
//! A component keeps the name it had in its file
//! (`#/components/schemas/Pet`, or the last segment of the pointer) and a
//! whole file is named after the file (its title for an `index` or
//! `schema` file); a name already taken gets a number.
//!
//! Only files inside the root file's directory tree are read, each once;
//! a URL or a path that leaves the tree is refused: nothing is fetched.
//!
//! Every node copied in remembers where it came from ([`Sources`]), so an
//! error names the chain of references that led to the file, the pointer
//! in that file, and its line.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde_yaml::Value;

use super::lines::line_of;
use super::reading;
use super::tree::{key_text, lookup, lookup_mut, lookup_path, pointer_of, Within};
use crate::error::{Error, Location, Pointer, Result};

/// Where each part of a bundled document came from, to locate a pointer of
/// the bundle in the file that holds it.
#[derive(Debug)]
pub(super) struct Sources {
    /// The root file.
    root: Origin,
    /// Every node copied in from another file, by its path in the bundle.
    copied: BTreeMap<Vec<String>, Origin>,
}

/// One file's part of the bundle.
#[derive(Debug, Clone)]
struct Origin {
    /// The file as errors name it: for a file reached by `$ref`, the chain
    /// of references that led there (`spec.yaml#/paths/~1pets/get -> pets.yaml`).
    file: String,
    /// The file's path relative to the root's directory (`""` for text).
    rel: String,
    /// Where the node is in its file.
    base: Pointer,
    /// The file's text, for lines.
    text: Arc<str>,
}

impl Sources {
    /// A document read from `text` alone.
    pub(super) fn single(display: &str, text: &str) -> Self {
        Sources {
            root: Origin {
                file: display.to_owned(),
                rel: String::new(),
                base: Pointer::root(),
                text: text.into(),
            },
            copied: BTreeMap::new(),
        }
    }

    /// The location of `pointer`, a pointer of the bundle, in the file that
    /// holds the node.
    pub(super) fn locate(&self, pointer: &Pointer) -> Location {
        if !self.copied.is_empty() {
            let segments = pointer.segments();
            for n in (1..=segments.len()).rev() {
                if let Some(origin) = self.copied.get(&segments[..n]) {
                    let inner = segments[n..]
                        .iter()
                        .fold(origin.base.clone(), |p, s| p.push(s));
                    return origin.location(&inner);
                }
            }
        }
        self.root.location(pointer)
    }
}

impl Origin {
    fn location(&self, pointer: &Pointer) -> Location {
        Location {
            file: self.file.clone(),
            pointer: pointer.to_string(),
            line: line_of(&self.text, pointer),
        }
    }
}

/// A bundled document.
pub(super) struct Bundle {
    /// The one document.
    pub(super) tree: Value,
    /// Where its parts came from.
    pub(super) sources: Sources,
}

/// A node of another file: the file (relative to the root's directory) and
/// the fragment (`""` for the whole file).
type Target = (String, String);

/// What a reference names.
enum Named {
    /// A node of the root document, by its local pointer (`#/...`).
    Root(String),
    /// A node of another file.
    Other(Target),
}

/// One subtree of the bundle whose references are still to resolve.
struct Work {
    /// Where it is in the bundle.
    path: Vec<String>,
    /// What a place of it holds.
    within: Within,
    /// The file it came from.
    origin: Origin,
    /// The nodes copied in on the way here, to refuse a loop of copies.
    copies: Vec<Target>,
}

/// A `$ref` found in a subtree: where (relative to the subtree), the
/// reference, and what its place holds.
type Site = (Vec<String>, String, Within);

/// One file read and parsed.
struct File {
    text: Arc<str>,
    tree: Value,
    display: String,
}

/// Reads the spec at `path` and every file it refers to: one document.
pub(super) fn bundle(path: &Path, display: &str) -> Result<Bundle> {
    let text = reading::read(path, display)?;
    let text = reading::normalize(&text).into_owned();
    let rel = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut sources = Sources::single(display, &text);
    sources.root.rel.clone_from(&rel);
    let tree = reading::tree(&text, display, &|p| sources.locate(&p))?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    let display_dir = match display.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/"),
        None => String::new(),
    };
    let mut bundler = Bundler {
        dir,
        display_dir,
        root_rel: rel,
        files: HashMap::new(),
        components: HashMap::new(),
        tree,
        sources,
    };
    bundler.run()?;
    Ok(Bundle {
        tree: bundler.tree,
        sources: bundler.sources,
    })
}

struct Bundler {
    /// The root file's directory: no file outside it is read.
    dir: PathBuf,
    /// The directory part of the root's display name, with its `/`.
    display_dir: String,
    /// The root file's name.
    root_rel: String,
    /// Every file read, by its path relative to `dir`.
    files: HashMap<String, Arc<File>>,
    /// The component each node of another file became (`#/components/...`).
    components: HashMap<Target, String>,
    /// The document being bundled.
    tree: Value,
    sources: Sources,
}

impl Bundler {
    fn run(&mut self) -> Result<()> {
        self.claim_root_components()?;
        let mut queue = VecDeque::from([Work {
            path: Vec::new(),
            within: Within::Spec,
            origin: self.sources.root.clone(),
            copies: Vec::new(),
        }]);
        while let Some(work) = queue.pop_front() {
            let Some(node) = lookup_path(&self.tree, &work.path) else {
                continue;
            };
            let mut sites = Vec::new();
            let root_local = work.origin.rel == self.root_rel;
            collect(node, &mut Vec::new(), work.within, root_local, &mut sites);
            for site in sites {
                if let Some(next) = self.resolve_site(&work, site)? {
                    queue.push_back(next);
                }
            }
        }
        Ok(())
    }

    /// A root component that is only a reference to another file
    /// (`Pet: {$ref: schemas/pet.yaml}`) becomes that node, under its name
    /// in the root: every other reference to it then points there.
    fn claim_root_components(&mut self) -> Result<()> {
        let Some(Value::Mapping(components)) = self.tree.get("components") else {
            return Ok(());
        };
        let mut claims = Vec::new();
        for (kind, table) in components {
            let Value::Mapping(table) = table else {
                continue;
            };
            for (name, node) in table {
                if let Some(Value::String(reference)) = node.get("$ref") {
                    if !reference.starts_with('#') {
                        let (kind, name) =
                            (key_text(kind).into_owned(), key_text(name).into_owned());
                        claims.push((kind, name, reference.clone()));
                    }
                }
            }
        }
        for (kind, name, reference) in claims {
            let at = Pointer::root().push("components").push(&kind).push(&name);
            let origin = self.sources.root.clone();
            let here = |why: &str| refused(&origin, &at, &reference, why);
            if let Named::Other(target) = self.target(&origin.rel, &reference, here)? {
                self.components.entry(target).or_insert(at.to_string());
            }
        }
        Ok(())
    }

    /// Resolves the reference at `site` of `work`: points it at a component
    /// or copies the node in. Returns the subtree to walk next, if any.
    fn resolve_site(&mut self, work: &Work, site: Site) -> Result<Option<Work>> {
        let (rel_path, reference, within) = site;
        let at = pointer_of(&rel_path)
            .segments()
            .iter()
            .fold(work.origin.base.clone(), |p, s| p.push(s));
        let refuse = |why: &str| refused(&work.origin, &at, &reference, why);
        let mut path = work.path.clone();
        path.extend(rel_path);
        let target = match self.target(&work.origin.rel, &reference, refuse)? {
            Named::Other(target) => target,
            Named::Root(local) => {
                if local != reference {
                    set_reference(&mut self.tree, &path, &local);
                }
                return Ok(None);
            }
        };
        let claimed = self.components.get(&target).cloned();
        let here = Pointer::root();
        let here = path.iter().fold(here, |p, s| p.push(s));
        if let Some(component) = &claimed {
            if *component != here.to_string() {
                set_reference(&mut self.tree, &path, component);
                return Ok(None);
            }
        }
        let site = RefSite {
            origin: &work.origin,
            at: &at,
            reference: &reference,
        };
        let (file, node) = self.node(&target, &site)?;
        let origin = Origin {
            file: format!("{} -> {}", site.head(), file.display),
            rel: target.0.clone(),
            base: Pointer::from_fragment(&fragment_pointer(&target.1)),
            text: file.text.clone(),
        };
        match component_kind(&path, within).filter(|_| claimed.is_none()) {
            Some(kind) => Ok(Some(self.add_component(kind, target, node, origin, &path))),
            None => {
                if work.copies.contains(&target) {
                    return Err(Error::RefCycle {
                        location: site.location(),
                        chain: work.copies.iter().chain([&target]).map(show).collect(),
                    });
                }
                copy_in(&mut self.tree, &path, node);
                self.sources.copied.insert(path.clone(), origin.clone());
                let mut copies = work.copies.clone();
                copies.push(target);
                Ok(Some(Work {
                    path,
                    within,
                    origin,
                    copies,
                }))
            }
        }
    }

    /// Adds `node` as a new component of `kind` and points the reference at
    /// `site` to it; the component's subtree is walked next.
    fn add_component(
        &mut self,
        kind: &str,
        target: Target,
        node: Value,
        origin: Origin,
        site: &[String],
    ) -> Work {
        let name = self.free_name(kind, &target, &node);
        let path = vec!["components".to_owned(), kind.to_owned(), name.clone()];
        let pointer = Pointer::root().push("components").push(kind).push(&name);
        if let Some(Value::Mapping(table)) = ensure_mapping(&mut self.tree, &["components", kind]) {
            table.insert(name.into(), node);
        }
        set_reference(&mut self.tree, site, pointer.as_str());
        self.components.insert(target, pointer.to_string());
        self.sources.copied.insert(path.clone(), origin.clone());
        Work {
            path,
            within: Within::Spec,
            origin,
            copies: Vec::new(),
        }
    }

    /// The node a target names, and its file (read once).
    fn node(&mut self, target: &Target, site: &RefSite<'_>) -> Result<(Arc<File>, Value)> {
        let file = self.file(&target.0, site)?;
        let pointer = Pointer::from_fragment(&fragment_pointer(&target.1));
        let node = lookup(&file.tree, &pointer)
            .cloned()
            .ok_or_else(|| Error::UnresolvedRef {
                location: site.location(),
                reference: site.reference.to_owned(),
            })?;
        Ok((file, node))
    }

    /// The file at `rel` (relative to the root's directory), read and parsed
    /// on first use.
    fn file(&mut self, rel: &str, site: &RefSite<'_>) -> Result<Arc<File>> {
        if let Some(file) = self.files.get(rel) {
            return Ok(file.clone());
        }
        let display = format!("{}{rel}", self.display_dir);
        let path = self.dir.join(rel);
        let unreadable = |source: std::io::Error| Error::RefFile {
            location: site.location(),
            reference: site.reference.to_owned(),
            file: display.clone(),
            source,
        };
        // A symbolic link may lead out of the tree as well as `..`.
        let (real, root) = (path.canonicalize(), self.dir.canonicalize());
        let (real, root) = (real.map_err(unreadable)?, root.map_err(unreadable)?);
        if !real.starts_with(&root) {
            return Err(Error::RefRefused {
                location: site.location(),
                reference: site.reference.to_owned(),
                why: "leads out of the spec's directory tree (through a symbolic link)".into(),
            });
        }
        let text = reading::read(&path, &display).map_err(|e| match e {
            Error::Read { source, .. } => unreadable(source),
            other => other,
        })?;
        let text: Arc<str> = reading::normalize(&text).as_ref().into();
        let chain = format!("{} -> {display}", site.head());
        let here = |pointer: Pointer| Location {
            file: chain.clone(),
            line: line_of(&text, &pointer),
            pointer: pointer.to_string(),
        };
        let tree = reading::tree(&text, &chain, &here)?;
        let file = Arc::new(File {
            text,
            tree,
            display,
        });
        self.files.insert(rel.to_owned(), file.clone());
        Ok(file)
    }

    /// What `reference`, written in the file at `from`, names: a node of
    /// another file, or a node of the root (its local pointer). `refuse`
    /// makes the error of a reference not followed.
    fn target(&self, from: &str, reference: &str, refuse: impl Fn(&str) -> Error) -> Result<Named> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = fragment.trim_end_matches('/').to_owned();
        let rel = if file.is_empty() {
            from.to_owned()
        } else {
            resolve_path(from, file).map_err(refuse)?
        };
        if rel == self.root_rel {
            return Ok(Named::Root(fragment_pointer(&fragment)));
        }
        Ok(Named::Other((rel, fragment)))
    }

    /// A component name for `target` among the components of `kind`.
    fn free_name(&self, kind: &str, target: &Target, node: &Value) -> String {
        let base = component_base_name(target, node);
        let taken = |name: &str| {
            self.tree
                .get("components")
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
}

/// The name a node of another file suggests: its name in that file's
/// components, the last segment of its pointer, or for a whole file the
/// file's name (an `index` or `schema` file: its title, or its directory).
fn component_base_name(target: &Target, node: &Value) -> String {
    let (file, fragment) = target;
    let segments = Pointer::from_fragment(&fragment_pointer(fragment)).segments();
    if let Some(last) = segments.last().filter(|s| s.parse::<usize>().is_err()) {
        return last.clone();
    }
    let path = Path::new(file);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !matches!(stem.as_str(), "index" | "schema" | "openapi" | "") {
        return stem;
    }
    if let Some(Value::String(title)) = node.get("title") {
        return title.clone();
    }
    path.parent()
        .and_then(Path::file_name)
        .map(|d| d.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Shared".to_owned())
}

/// `#` followed by the fragment, as a pointer's text.
fn fragment_pointer(fragment: &str) -> String {
    format!("#{fragment}")
}

/// A target as an error shows it.
fn show(target: &Target) -> String {
    match target.1.as_str() {
        "" => target.0.clone(),
        fragment => format!("{}#{fragment}", target.0),
    }
}

/// A `$ref` being resolved: its file, its pointer there, and its text.
struct RefSite<'a> {
    origin: &'a Origin,
    at: &'a Pointer,
    reference: &'a str,
}

impl RefSite<'_> {
    /// Where the reference is, with its line: for errors only, as finding
    /// the line reads the file's text.
    fn location(&self) -> Location {
        self.origin.location(self.at)
    }

    /// Where the reference is, as the head of a chain of files.
    fn head(&self) -> String {
        format!("{}{}", self.origin.file, self.at)
    }
}

fn refused(origin: &Origin, at: &Pointer, reference: &str, why: &str) -> Error {
    Error::RefRefused {
        location: origin.location(at),
        reference: reference.to_owned(),
        why: why.to_owned(),
    }
}

/// The path, relative to the root's directory, of `file` written in the
/// file at `from`; or why it is not followed.
fn resolve_path(from: &str, file: &str) -> std::result::Result<String, &'static str> {
    let file = percent_encoding::percent_decode_str(file).decode_utf8_lossy();
    if file.contains("://") || file.starts_with("//") {
        return Err("names a URL");
    }
    let mut parts: Vec<String> = from.split('/').map(str::to_owned).collect();
    parts.pop();
    for component in Path::new(file.as_ref()).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err("leaves the spec's directory tree");
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err("is an absolute path, outside the spec's directory tree")
            }
        }
    }
    Ok(parts.join("/"))
}

/// Collects the `$ref`s under `node` that are still to resolve, outside
/// literal data; with `root_local`, all but the local ones (`#/...`) of the
/// root document, which already point where they should. A mapping with a
/// `$ref` is not entered: its siblings are left as they are.
fn collect<'a>(
    node: &'a Value,
    path: &mut Vec<Cow<'a, str>>,
    within: Within,
    root_local: bool,
    sites: &mut Vec<Site>,
) {
    if within == Within::Data {
        return;
    }
    match node {
        Value::Mapping(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                // A local reference of the root stays as it is, unless it
                // ends in `/` (`resolve_site` trims that).
                if !(root_local && reference.starts_with('#') && !reference.ends_with('/')) {
                    let at = path.iter().map(|s| s.clone().into_owned()).collect();
                    sites.push((at, reference.clone(), within));
                }
                return;
            }
            for (key, value) in map {
                let key = key_text(key);
                let inner = within.child(&key);
                path.push(key);
                collect(value, path, inner, root_local, sites);
                path.pop();
            }
        }
        Value::Sequence(items) => {
            let inner = within.item();
            for (i, value) in items.iter().enumerate() {
                path.push(Cow::Owned(i.to_string()));
                collect(value, path, inner, root_local, sites);
                path.pop();
            }
        }
        Value::Tagged(tagged) => collect(&tagged.value, path, within, root_local, sites),
        _ => {}
    }
}

/// The component kind a reference at `site` (a path of the bundle, a place
/// holding `within`) stands for, or `None` where the node is copied in: a
/// path item, an operation, a map of names (`properties: {$ref: ...}`),
/// anything under `info`, `servers`, `tags` or `security`, and a
/// description given by reference.
fn component_kind(site: &[String], within: Within) -> Option<&'static str> {
    if matches!(within, Within::Names | Within::ExtensibleNames) {
        return None;
    }
    let first = site.first().map(String::as_str);
    if matches!(
        first,
        Some("info" | "servers" | "tags" | "externalDocs" | "security")
    ) {
        return None;
    }
    let from_end = |n: usize| {
        site.len()
            .checked_sub(n)
            .and_then(|i| site.get(i))
            .map(String::as_str)
    };
    // A callback's path item, or an operation of one.
    if from_end(3) == Some("callbacks") || from_end(4) == Some("callbacks") {
        return None;
    }
    match site {
        [paths, _] | [paths, _, _] if paths == "paths" => return None,
        [components, kind, _] if components == "components" && kind == "securitySchemes" => {
            return None
        }
        _ => {}
    }
    let parent = site.len().checked_sub(2).and_then(|i| site.get(i));
    let last = site.last().map(String::as_str);
    if matches!(last, Some("description" | "summary"))
        && parent.map(String::as_str) != Some("properties")
    {
        return None;
    }
    super::rewrites::component_kind(site)
}

/// Points the `$ref` of the node at `path` at `to`.
fn set_reference(tree: &mut Value, path: &[String], to: &str) {
    if let Some(Value::Mapping(node)) = lookup_mut(tree, path) {
        node.insert("$ref".into(), to.into());
    }
}

/// Replaces the reference at `path` with `node`; keys written beside the
/// `$ref` are kept over the node's own.
fn copy_in(tree: &mut Value, path: &[String], node: Value) {
    let Some(site) = lookup_mut(tree, path) else {
        return;
    };
    let siblings: Vec<(Value, Value)> = match site {
        Value::Mapping(map) => map
            .iter()
            .filter(|(k, _)| k.as_str() != Some("$ref"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        _ => Vec::new(),
    };
    *site = node;
    if let Value::Mapping(map) = site {
        map.extend(siblings);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_against_the_referring_file_and_stay_in_the_tree() {
        assert_eq!(
            resolve_path("openapi.yaml", "schemas/pet.yaml"),
            Ok("schemas/pet.yaml".into())
        );
        assert_eq!(
            resolve_path("resources/apps/list.yml", "../../shared/responses/e.yml"),
            Ok("shared/responses/e.yml".into())
        );
        assert_eq!(
            resolve_path("a/b.yaml", "./c%20d.json"),
            Ok("a/c d.json".into())
        );
        assert_eq!(
            resolve_path("a/b.yaml", "../../c.yaml"),
            Err("leaves the spec's directory tree")
        );
        assert_eq!(
            resolve_path("openapi.yaml", "/etc/passwd"),
            Err("is an absolute path, outside the spec's directory tree")
        );
        for url in [
            "https://example.com/a.yaml",
            "http://x/y",
            "//host/a.yaml",
            "file:///a",
        ] {
            assert_eq!(
                resolve_path("openapi.yaml", url),
                Err("names a URL"),
                "{url}"
            );
        }
    }

    #[test]
    fn a_component_is_named_after_its_pointer_its_file_or_its_title() {
        let name = |file: &str, fragment: &str, node: &str| {
            let node: Value = serde_yaml::from_str(node).unwrap();
            component_base_name(&(file.into(), fragment.into()), &node)
        };
        assert_eq!(
            name("defs.yaml", "/components/schemas/Category", "{}"),
            "Category"
        );
        assert_eq!(name("models.yaml", "/Pet", "{}"), "Pet");
        assert_eq!(name("schemas/pet.yaml", "", "{title: Animal}"), "pet");
        assert_eq!(name("pet/index.yaml", "", "{title: Animal}"), "Animal");
        assert_eq!(name("pet/schema.yaml", "", "{}"), "pet");
        assert_eq!(name("list.yaml", "/items/0", "{}"), "list");
    }

    #[test]
    fn what_a_reference_stands_for_follows_from_its_place() {
        let kind = |site: &[&str], within: Within| {
            let site: Vec<String> = site.iter().map(|s| (*s).to_owned()).collect();
            component_kind(&site, within)
        };
        // Copied in: operations, path items, descriptions, maps of names.
        assert_eq!(kind(&["paths", "/a"], Within::Spec), None);
        assert_eq!(kind(&["paths", "/a", "get"], Within::Spec), None);
        assert_eq!(kind(&["tags", "0", "description"], Within::Spec), None);
        let properties = ["components", "schemas", "A", "properties"];
        assert_eq!(kind(&properties, Within::Names), None);
        let callback = ["paths", "/a", "get", "callbacks", "c", "{$url}", "post"];
        assert_eq!(kind(&callback, Within::Spec), None);
        // Components.
        assert_eq!(
            kind(&["paths", "/a", "get", "parameters", "0"], Within::Spec),
            Some("parameters")
        );
        let property = ["components", "schemas", "A", "properties", "description"];
        assert_eq!(kind(&property, Within::Spec), Some("schemas"));
        assert_eq!(
            kind(&["paths", "/a", "get", "responses", "404"], Within::Spec),
            Some("responses")
        );
    }

    #[test]
    fn a_pointer_of_the_bundle_is_located_in_the_file_that_holds_it() {
        let mut sources = Sources::single("root.yaml", "openapi: 3.0.3\npaths: {}\n");
        let text = "type: object\nproperties:\n  a: {type: string}\n";
        sources.copied.insert(
            vec!["components".into(), "schemas".into(), "pet".into()],
            Origin {
                file: "root.yaml#/paths/~1a/get -> schemas/pet.yaml".into(),
                rel: "schemas/pet.yaml".into(),
                base: Pointer::root(),
                text: text.into(),
            },
        );
        let inside = Pointer::root()
            .push("components")
            .push("schemas")
            .push("pet")
            .push("properties")
            .push("a");
        let location = sources.locate(&inside);
        assert_eq!(
            location.file,
            "root.yaml#/paths/~1a/get -> schemas/pet.yaml"
        );
        assert_eq!(location.pointer, "#/properties/a");
        assert_eq!(location.line, Some(3));
        let root = sources.locate(&Pointer::root().push("paths"));
        assert_eq!((root.file.as_str(), root.line), ("root.yaml", Some(2)));
    }
}
