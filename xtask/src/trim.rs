//! `cargo xtask trim-spec`: a published spec cut down to a few operations
//! and exactly the components they reach, for the public-spec proofs
//! against Prism (`tests/real-specs/public/`).
//!
//! Nothing kept is rewritten: a kept operation is copied whole (with its
//! path item's `parameters`, `servers`, `summary` and `description`), and so
//! is every component it reaches through `$ref` (also through a
//! discriminator's `mapping`), transitively, plus the security schemes its
//! requirements name. Dropped: the other operations and path items, unreached
//! components, tags no kept operation uses, `webhooks` and the top-level
//! `x-` extensions (documentation navigation, megabytes in OpenAI's spec).
//! Key order is the spec's own, so the output is deterministic.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Map, Value};

/// A published spec and the operations its trimmed copy keeps.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// The name given to `cargo xtask trim-spec SPEC --sample NAME`.
    pub name: &'static str,
    /// Where the trimmed spec is written, relative to the workspace root.
    pub out: &'static str,
    /// The operationIds kept.
    pub keep: &'static [&'static str],
}

/// The trimmed public specs of `tests/real-specs/public/`, each driven
/// through its generated command line against Prism by
/// `tests/tests/prism_public.rs`.
pub const SAMPLES: &[Sample] = &[
    Sample {
        name: "stripe",
        out: "tests/real-specs/public/stripe.json",
        keep: &[
            "GetBalance",
            "GetProducts",
            "PostProducts",
            "GetProductsId",
            "PostProductsId",
            "DeleteProductsId",
            "GetProductsSearch",
        ],
    },
    Sample {
        name: "openai",
        out: "tests/real-specs/public/openai.json",
        keep: &[
            "listModels",
            "retrieveModel",
            "deleteModel",
            "createEmbedding",
            "listFiles",
            "createModeration",
        ],
    },
    Sample {
        name: "twilio",
        out: "tests/real-specs/public/twilio.json",
        keep: &[
            "FetchAccount",
            "FetchBalance",
            "CreateMessage",
            "FetchMessage",
            "UpdateMessage",
            "DeleteMessage",
        ],
    },
];

/// The sample named `name`.
pub fn sample(name: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.name == name)
}

/// Reads a spec in JSON or YAML (by its contents: JSON is tried first).
pub fn read_spec(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).or_else(|json| {
        serde_yaml::from_str(&text).map_err(|yaml| {
            format!(
                "{}: neither JSON ({json}) nor YAML ({yaml})",
                path.display()
            )
        })
    })
}

/// A trimmed spec as written: pretty JSON ending with a newline.
pub fn to_text(spec: &Value) -> String {
    let mut text = serde_json::to_string_pretty(spec).unwrap_or_default();
    text.push('\n');
    text
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// `spec` with only the operations `keep` names and what they reach. Fails
/// when an operationId of `keep` is not in the spec.
pub fn trim(spec: &Value, keep: &[&str]) -> Result<Value, String> {
    let root = spec.as_object().ok_or("the spec is not an object")?;
    let (paths, found) = kept_paths(root.get("paths"), keep);
    let missing: Vec<&str> = keep
        .iter()
        .copied()
        .filter(|id| !found.contains(*id))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "no operation with the operationId {}",
            missing.join(", ")
        ));
    }
    let components = root.get("components").and_then(Value::as_object);
    let reached = reach(&paths, root.get("security"), components);
    let mut out = Map::new();
    for (key, value) in root {
        match key.as_str() {
            "paths" => {
                out.insert(key.clone(), Value::Object(paths.clone()));
            }
            "components" => {
                out.insert(key.clone(), kept_components(components, &reached));
            }
            "tags" => {
                out.insert(key.clone(), used_tags(value, &paths));
            }
            "webhooks" => {}
            other if other.starts_with("x-") => {}
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(Value::Object(out))
}

/// The path items holding a kept operation, each with its kept operations
/// and its other fields; and the operationIds found.
fn kept_paths(paths: Option<&Value>, keep: &[&str]) -> (Map<String, Value>, BTreeSet<String>) {
    let mut kept = Map::new();
    let mut found = BTreeSet::new();
    let items = paths.and_then(Value::as_object).into_iter().flatten();
    for (path, item) in items {
        let Some(item) = item.as_object() else {
            continue;
        };
        let mut out = Map::new();
        let mut any = false;
        for (key, value) in item {
            if !METHODS.contains(&key.as_str()) {
                out.insert(key.clone(), value.clone());
                continue;
            }
            let id = value.get("operationId").and_then(Value::as_str);
            if let Some(id) = id.filter(|id| keep.contains(id)) {
                found.insert(id.to_owned());
                out.insert(key.clone(), value.clone());
                any = true;
            }
        }
        if any {
            kept.insert(path.clone(), Value::Object(out));
        }
    }
    (kept, found)
}

/// Every component reached from `paths` (kind → names), security schemes
/// included.
fn reach(
    paths: &Map<String, Value>,
    global_security: Option<&Value>,
    components: Option<&Map<String, Value>>,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut reached: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut queue = Vec::new();
    let mut schemes = BTreeSet::new();
    security_names(global_security, &mut schemes);
    for item in paths.values() {
        refs(item, &mut queue);
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                security_names(operation.get("security"), &mut schemes);
            }
        }
    }
    reached.insert("securitySchemes".into(), schemes);
    while let Some((kind, name)) = queue.pop() {
        if !reached
            .entry(kind.clone())
            .or_default()
            .insert(name.clone())
        {
            continue;
        }
        let target = components
            .and_then(|c| c.get(&kind))
            .and_then(|c| c.get(&name));
        if let Some(target) = target {
            refs(target, &mut queue);
        }
    }
    reached
}

/// The scheme names of a list of security requirements.
fn security_names(security: Option<&Value>, into: &mut BTreeSet<String>) {
    let requirements = security.and_then(Value::as_array).into_iter().flatten();
    for requirement in requirements.filter_map(Value::as_object) {
        into.extend(requirement.keys().cloned());
    }
}

/// Pushes `(kind, name)` for every local component reference in `value`:
/// `$ref` values and discriminator mappings.
fn refs(value: &Value, into: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(target)) => into.extend(component(target)),
                    ("mapping", Value::Object(mapping)) => into.extend(
                        mapping
                            .values()
                            .filter_map(Value::as_str)
                            .filter_map(component),
                    ),
                    _ => refs(child, into),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| refs(item, into)),
        _ => {}
    }
}

/// `#/components/KIND/NAME[/...]` as `(KIND, NAME)`, with the pointer's
/// escapes (`~1`, `~0`) undone.
fn component(target: &str) -> Option<(String, String)> {
    let mut parts = target.strip_prefix("#/components/")?.split('/');
    let unescape = |s: &str| s.replace("~1", "/").replace("~0", "~");
    let kind = unescape(parts.next()?);
    let name = unescape(parts.next()?);
    Some((kind, name))
}

/// `components` with only what was reached, in the spec's order; kinds left
/// empty are dropped.
fn kept_components(
    components: Option<&Map<String, Value>>,
    reached: &BTreeMap<String, BTreeSet<String>>,
) -> Value {
    let mut out = Map::new();
    for (kind, entries) in components.into_iter().flatten() {
        let Some(names) = reached.get(kind) else {
            continue;
        };
        let Some(entries) = entries.as_object() else {
            continue;
        };
        let kept: Map<String, Value> = entries
            .iter()
            .filter(|(name, _)| names.contains(*name))
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();
        if !kept.is_empty() {
            out.insert(kind.clone(), Value::Object(kept));
        }
    }
    Value::Object(out)
}

/// The entries of `tags` that a kept operation names.
fn used_tags(tags: &Value, paths: &Map<String, Value>) -> Value {
    let mut used = BTreeSet::new();
    for item in paths.values() {
        for method in METHODS {
            let names = item
                .get(method)
                .and_then(|op| op.get("tags"))
                .and_then(Value::as_array);
            used.extend(names.into_iter().flatten().filter_map(Value::as_str));
        }
    }
    let kept = tags.as_array().into_iter().flatten().filter(|tag| {
        tag.get("name")
            .and_then(Value::as_str)
            .is_some_and(|name| used.contains(name))
    });
    Value::Array(kept.cloned().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "x-docs": {"huge": true},
            "tags": [{"name": "a"}, {"name": "b"}],
            "security": [{"basic": []}],
            "paths": {
                "/a/{id}": {
                    "parameters": [{"$ref": "#/components/parameters/Id"}],
                    "get": {"operationId": "getA", "tags": ["a"], "responses": {"200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}
                    }}},
                    "delete": {"operationId": "deleteA", "responses": {"204": {"description": "gone"}}}
                },
                "/b": {
                    "post": {"operationId": "postB", "tags": ["b"], "security": [{"key": []}],
                        "responses": {"200": {"$ref": "#/components/responses/B"}}}
                }
            },
            "components": {
                "schemas": {
                    "A": {"properties": {"pet": {"$ref": "#/components/schemas/Pet"}}},
                    "Pet": {"oneOf": [{"$ref": "#/components/schemas/Dog"}],
                        "discriminator": {"propertyName": "t", "mapping": {"cat": "#/components/schemas/Cat"}}},
                    "Dog": {"type": "object"},
                    "Cat": {"type": "object"},
                    "a/b": {"type": "string"},
                    "Unused": {"$ref": "#/components/schemas/Dog"}
                },
                "parameters": {"Id": {"name": "id", "in": "path", "required": true,
                    "schema": {"$ref": "#/components/schemas/a~1b"}}},
                "responses": {"B": {"description": "b"}},
                "securitySchemes": {"basic": {"type": "http", "scheme": "basic"},
                    "key": {"type": "apiKey", "in": "header", "name": "K"}}
            }
        })
    }

    #[test]
    fn keeps_the_operations_and_exactly_what_they_reach() {
        let trimmed = trim(&spec(), &["getA"]).unwrap();
        assert_eq!(
            trimmed,
            json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "tags": [{"name": "a"}],
                "security": [{"basic": []}],
                "paths": {"/a/{id}": {
                    "parameters": [{"$ref": "#/components/parameters/Id"}],
                    "get": spec()["paths"]["/a/{id}"]["get"].clone()
                }},
                "components": {
                    "schemas": {
                        "A": spec()["components"]["schemas"]["A"].clone(),
                        "Pet": spec()["components"]["schemas"]["Pet"].clone(),
                        "Dog": {"type": "object"},
                        "Cat": {"type": "object"},
                        "a/b": {"type": "string"}
                    },
                    "parameters": spec()["components"]["parameters"].clone(),
                    "securitySchemes": {"basic": {"type": "http", "scheme": "basic"}}
                }
            })
        );
        // Key order is the spec's, whatever the order of `keep`.
        let text = |keep: &[&str]| serde_json::to_string(&trim(&spec(), keep).unwrap()).unwrap();
        assert_eq!(text(&["getA", "postB"]), text(&["postB", "getA"]));
    }

    #[test]
    fn an_operations_own_security_and_responses_are_reached() {
        let trimmed = trim(&spec(), &["postB"]).unwrap();
        let components = &trimmed["components"];
        assert_eq!(components["responses"], json!({"B": {"description": "b"}}));
        let schemes: Vec<&String> = components["securitySchemes"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(schemes, ["basic", "key"]);
        assert!(components.get("schemas").is_none());
        assert_eq!(trimmed["tags"], json!([{"name": "b"}]));
    }

    #[test]
    fn an_unknown_operation_is_an_error() {
        assert_eq!(
            trim(&spec(), &["getA", "nope", "neither"]).unwrap_err(),
            "no operation with the operationId nope, neither"
        );
    }

    #[test]
    fn reads_yaml_and_json() {
        let dir = tempfile::tempdir().unwrap();
        let yaml = dir.path().join("s.yaml");
        std::fs::write(&yaml, "openapi: 3.0.3\npaths: {}\n").unwrap();
        assert_eq!(
            read_spec(&yaml).unwrap(),
            json!({"openapi": "3.0.3", "paths": {}})
        );
        let json = dir.path().join("s.json");
        std::fs::write(&json, "{\"openapi\": \"3.1.0\"}").unwrap();
        assert_eq!(read_spec(&json).unwrap(), json!({"openapi": "3.1.0"}));
    }

    /// The committed copies are what `trim-spec --sample` writes: trimming
    /// one again with its own operations changes nothing (no component is
    /// left that they do not reach, none is missing, no edit by hand).
    #[test]
    fn every_committed_sample_is_its_own_trim() {
        for sample in SAMPLES {
            let path = crate::project_root().join(sample.out);
            let text = std::fs::read_to_string(&path).unwrap();
            let again = trim(&read_spec(&path).unwrap(), sample.keep).unwrap();
            assert!(
                text == to_text(&again),
                "{} is not what `cargo xtask trim-spec SPEC --sample {}` writes",
                sample.out,
                sample.name
            );
        }
    }
}
