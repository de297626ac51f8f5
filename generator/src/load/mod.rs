//! Stage 1, **load**: read a spec file, parse it, check every `$ref`, and
//! validate what the later stages rely on.
//!
//! Parsing goes YAML text → `serde_yaml::Value` (syntax errors keep their
//! line) → `openapiv3::OpenAPI` through `serde_path_to_error` (shape errors
//! keep their JSON pointer). References are checked on the raw YAML tree, so
//! a `$ref` anywhere in the document is seen, not only where openapiv3 models
//! one.
//!
//! [`parse`] runs the steps in order; each lives in a module named for what
//! it does:
//!
//! 1. `reading`: bytes → text → tree (byte-order mark, CRLF, JSON or YAML;
//!    `json` reads JSON strictly, refusing a key written twice; `chunks`
//!    parses a large YAML text in chunks on all cores);
//! 2. `validation`: the version, known HTTP methods, and after the
//!    document is read, operationIds and path parameters;
//! 3. `rewrites`: each rewrite of the tree that lets `openapiv3` and
//!    lowering read what OpenAPI allows (3.1 as 3.0, foreign `$ref`s hoisted
//!    into the components, path items and callbacks by `$ref` copied in);
//! 4. `references`: the `$ref` walk over the tree, and following a
//!    reference once the document is read ([`Spec::resolve`]); before
//!    all this, `bundle` reads the files a spec split across files refers
//!    to into one document;
//! 5. `schemas`: every schema read alone before the whole document;
//! 6. `lines`: the line of a JSON pointer, for every error.
//!
//! `tree` holds what the walks share: what a place of the tree holds, and
//! nodes by pointer.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_yaml::Value;

use crate::error::{Error, Location, Pointer, Result};
use crate::template::UrlTemplate;

mod bundle;
mod chunks;
mod json;
mod lines;
mod reading;
mod references;
mod rewrites;
mod schemas;
mod tree;
mod validation;

pub use lines::line_of;
pub use references::{component_name, Resolved};
pub(crate) use tree::Within;

use bundle::Sources;

/// A parsed, reference-checked, validated spec.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file as the user named it (used in every error message).
    pub file: String,
    /// The texts of the file and of every file it refers to, and where
    /// their parts went, to locate a JSON pointer in the file that holds it.
    sources: Arc<Sources>,
    /// The document.
    pub doc: OpenAPI,
    /// Every path template, parsed, by its text in `paths`.
    pub paths: BTreeMap<String, UrlTemplate>,
    /// The first server's URL, parsed (`None` without `servers`).
    pub server_url: Option<UrlTemplate>,
    /// What loading left out (3.1 `webhooks`, invalid operations with
    /// [`LoadOptions::skip_invalid_operations`]), each naming where.
    pub warnings: Vec<String>,
}

/// How a spec is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Leave out an operation that breaks the spec's rules (an error
    /// located inside `paths./x.<method>`), with a warning naming its
    /// pointer and the reason, instead of refusing the whole spec. Errors
    /// outside operations still refuse it.
    pub skip_invalid_operations: bool,
}

impl Spec {
    /// The location of `pointer` in this spec (in the file that holds it,
    /// for a spec split across files), with its line when found.
    pub fn location(&self, pointer: &Pointer) -> Location {
        self.sources.locate(pointer)
    }

    /// The operation (path and method) whose node holds `location`, if any.
    pub fn operation_containing(&self, location: &Location) -> Option<(String, String)> {
        let operations = self.doc.paths.iter().flat_map(|(path, item)| {
            let methods: Vec<&str> = match item.as_item() {
                Some(item) => item.iter().map(|(method, _)| method).collect(),
                None => Vec::new(),
            };
            methods
                .into_iter()
                .map(move |method| (path.clone(), method.to_owned()))
        });
        containing(&self.sources, location, operations)
    }

    /// Leaves the operation at `path` and `method` out of the document.
    pub fn remove_operation(&mut self, path: &str, method: &str) {
        let Some(openapiv3::ReferenceOr::Item(item)) = self.doc.paths.paths.get_mut(path) else {
            return;
        };
        let slot = match method {
            "get" => &mut item.get,
            "put" => &mut item.put,
            "post" => &mut item.post,
            "delete" => &mut item.delete,
            "options" => &mut item.options,
            "head" => &mut item.head,
            "patch" => &mut item.patch,
            "trace" => &mut item.trace,
            _ => return,
        };
        *slot = None;
    }
}

/// Of `operations` (path, method), the one whose node holds `location`.
fn containing(
    sources: &Sources,
    location: &Location,
    mut operations: impl Iterator<Item = (String, String)>,
) -> Option<(String, String)> {
    operations.find(|(path, method)| {
        let at = sources.locate(&Pointer::root().push("paths").push(path).push(method));
        at.file == location.file
            && (location.pointer == at.pointer
                || location.pointer.starts_with(&format!("{}/", at.pointer)))
    })
}

/// Reads and loads the spec at `path`, and the files its `$ref`s name;
/// errors name it as `display`.
pub fn load(path: &Path, display: &str) -> Result<Spec> {
    load_with(path, display, LoadOptions::default())
}

/// [`load`], with options.
pub fn load_with(path: &Path, display: &str, options: LoadOptions) -> Result<Spec> {
    let bundle = bundle::bundle(path, display)?;
    read_tree(bundle.tree, bundle.sources, display, options)
}

/// The spec at `path` with every file it refers to bundled in, as one
/// document: JSON text when `json`, YAML otherwise. This is the document
/// the rest of the load reads (before 3.1 is read as 3.0).
pub fn bundle_text(path: &Path, display: &str, json: bool) -> Result<String> {
    let bundle = bundle::bundle(path, display)?;
    let location = Location {
        file: display.to_owned(),
        pointer: "#".into(),
        line: None,
    };
    let text = if json {
        serde_json::to_string_pretty(&bundle.tree)
            .map(|t| t + "\n")
            .map_err(|e| e.to_string())
    } else {
        serde_yaml::to_string(&bundle.tree).map_err(|e| e.to_string())
    };
    text.map_err(|message| Error::Unsupported {
        location,
        what: format!("the bundled document cannot be written: {message}"),
    })
}

/// Loads a spec from text; errors name it as `display`.
///
/// The text is taken as written: a byte-order mark and CRLF line endings
/// change nothing, and a document that starts with `{` is read as JSON (by
/// a JSON parser: YAML's reading of JSON string escapes differs, for
/// instance on surrogate pairs such as `\ud83d\ude00`). A reference to
/// another file is an error: text has no directory to read it from.
pub fn parse(text: &str, display: &str) -> Result<Spec> {
    let text = reading::normalize(text);
    let sources = Sources::single(display, &text);
    let raw = reading::tree(&text, display, &|p| sources.locate(&p))?;
    read_tree(raw, sources, display, LoadOptions::default())
}

/// Checks and reads the document `raw`. With
/// [`LoadOptions::skip_invalid_operations`], an error inside an operation
/// leaves that operation out, with a warning, and the document is read
/// again without it.
fn read_tree(
    mut raw: Value,
    sources: Sources,
    display: &str,
    options: LoadOptions,
) -> Result<Spec> {
    let sources = Arc::new(sources);
    let mut skipped = Vec::new();
    loop {
        let attempt = if options.skip_invalid_operations {
            raw.clone()
        } else {
            std::mem::take(&mut raw)
        };
        let error = match check_tree(attempt, &sources, display) {
            Ok(mut spec) => {
                spec.warnings.append(&mut skipped);
                return Ok(spec);
            }
            Err(error) => error,
        };
        let Some((path, method)) = options
            .skip_invalid_operations
            .then(|| raw_operation_of(&raw, &sources, &error))
            .flatten()
        else {
            return Err(error);
        };
        let at = Pointer::root().push("paths").push(&path).push(&method);
        skipped.push(skip_warning(&sources.locate(&at), &method, &path, &error));
        if let Some(Value::Mapping(item)) = raw.get_mut("paths").and_then(|p| p.get_mut(&path)) {
            item.remove(method.as_str());
        }
    }
}

/// The warning of an operation left out by
/// [`LoadOptions::skip_invalid_operations`].
pub fn skip_warning(at: &Location, method: &str, path: &str, error: &Error) -> String {
    format!(
        "{at}: operation `{} {path}` left out (skip invalid operations): {error}",
        method.to_uppercase()
    )
}

/// The operation of the raw document whose node holds the error's
/// location, if any: every key of a path item but its fields and
/// extensions (an unknown method is an operation too).
fn raw_operation_of(raw: &Value, sources: &Sources, error: &Error) -> Option<(String, String)> {
    let location = error.location()?;
    let Some(Value::Mapping(paths)) = raw.get("paths") else {
        return None;
    };
    let operations = paths
        .iter()
        .filter_map(|(path, item)| match item {
            Value::Mapping(item) => Some((tree::key_text(path).into_owned(), item)),
            _ => None,
        })
        .flat_map(|(path, item)| {
            item.keys()
                .map(|key| tree::key_text(key).into_owned())
                .filter(|key| !key.starts_with("x-") && !validation::is_path_item_field(key))
                .map(move |method| (path.clone(), method))
                .collect::<Vec<_>>()
        });
    containing(sources, location, operations)
}

/// The checks and rewrites of a document read into a tree, then reading it
/// as OpenAPI.
fn check_tree(mut raw: Value, sources: &Arc<Sources>, display: &str) -> Result<Spec> {
    let here = |pointer: Pointer| sources.locate(&pointer);
    crate::numbers::clamp_integer_bounds(&mut raw);
    let version = validation::check_version(&raw, &here)?;
    let warnings = rewrites::to_30(&mut raw, &version, &here);
    let foreign = references::check(&raw, &here)?;
    validation::check_methods(&raw, &here)?;
    rewrites::hoist_foreign_refs(&mut raw, foreign);
    rewrites::inline_path_item_refs(&mut raw);
    rewrites::inline_callback_refs(&mut raw);
    schemas::check(&raw, &here)?;

    // The common case, a well-formed document, takes the direct path; only
    // when it fails is the tree deserialized again through
    // serde_path_to_error, whose bookkeeping finds where.
    let doc = match OpenAPI::deserialize(&raw) {
        Ok(doc) => doc,
        Err(_) => return Err(validation::structure_error(&raw, &here)),
    };

    let mut spec = Spec {
        file: display.to_owned(),
        sources: sources.clone(),
        doc,
        paths: BTreeMap::new(),
        server_url: None,
        warnings,
    };
    spec.paths = validation::parse_paths(&spec)?;
    spec.server_url = validation::parse_server(&spec)?;
    validation::validate_operations(&spec)?;
    Ok(spec)
}

#[cfg(test)]
mod tests {
    use openapiv3::ReferenceOr;

    use super::*;
    use crate::error::Error;

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
