//! Synthetic specs for the scaling benchmark: one spec's paths and
//! components repeated `k` times under new names.
//!
//! Copy 0 is the spec as it is. Copy `i > 0` gets every path prefixed with
//! `/c{i}`, every `operationId` and every component name (schemas,
//! parameters, responses, request bodies, headers, examples) suffixed with
//! `C{i}`, and every `#/components/...` reference inside it pointed at the
//! renamed component. Security schemes, servers and tags are shared.

use serde_yaml::{Mapping, Value};

/// Component kinds that are copied and renamed.
const RENAMED: &[&str] = &[
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "examples",
];

/// The spec in `text` repeated `k` times; returns YAML.
pub fn replicate(text: &str, k: usize) -> String {
    assert!(k >= 1, "k must be at least 1");
    let mut spec: Value = serde_yaml::from_str(text).expect("spec is YAML");
    let paths = spec["paths"].as_mapping().cloned().unwrap_or_default();
    let components = spec["components"].as_mapping().cloned().unwrap_or_default();

    let mut new_paths = paths.clone();
    let mut new_components = components.clone();
    for i in 1..k {
        let suffix = format!("C{i}");
        for (path, item) in &paths {
            let path = format!("/c{i}{}", path.as_str().expect("path is a string"));
            let mut item = item.clone();
            rename_refs(&mut item, &suffix);
            rename_operation_ids(&mut item, &suffix);
            new_paths.insert(Value::from(path), item);
        }
        for kind in RENAMED {
            let Some(originals) = components.get(*kind).and_then(Value::as_mapping) else {
                continue;
            };
            let target = new_components
                .get_mut(*kind)
                .and_then(Value::as_mapping_mut)
                .expect("kind was copied");
            for (name, value) in originals {
                let name = format!("{}{suffix}", name.as_str().expect("name is a string"));
                let mut value = value.clone();
                rename_refs(&mut value, &suffix);
                target.insert(Value::from(name), value);
            }
        }
    }
    spec["paths"] = Value::Mapping(new_paths);
    spec["components"] = Value::Mapping(new_components);
    serde_yaml::to_string(&spec).expect("YAML serializes")
}

/// Points every `#/components/<kind>/<name>` string (a `$ref`, or a
/// discriminator mapping's target) at `<name><suffix>`.
fn rename_refs(value: &mut Value, suffix: &str) {
    match value {
        Value::String(s) => {
            if let Some(rest) = s.strip_prefix("#/components/") {
                if let Some((kind, _)) = rest.split_once('/') {
                    if RENAMED.contains(&kind) {
                        s.push_str(suffix);
                    }
                }
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|v| rename_refs(v, suffix)),
        Value::Mapping(map) => map.values_mut().for_each(|v| rename_refs(v, suffix)),
        Value::Tagged(tagged) => rename_refs(&mut tagged.value, suffix),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Suffixes the `operationId` of each operation in a path item.
fn rename_operation_ids(item: &mut Value, suffix: &str) {
    let Some(item) = item.as_mapping_mut() else {
        return;
    };
    for (_, operation) in item.iter_mut() {
        if let Some(Value::String(id)) = operation
            .as_mapping_mut()
            .and_then(|op: &mut Mapping| op.get_mut("operationId"))
        {
            id.push_str(suffix);
        }
    }
}

/// Number of operations (path × method) in a spec.
pub fn operation_count(text: &str) -> usize {
    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let spec: Value = serde_yaml::from_str(text).expect("spec is YAML");
    spec["paths"]
        .as_mapping()
        .map(|paths| {
            paths
                .values()
                .filter_map(Value::as_mapping)
                .flat_map(|item| item.keys())
                .filter(|method| method.as_str().is_some_and(|m| METHODS.contains(&m)))
                .count()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a/{id}:
    get:
      operationId: GetA
      parameters:
        - $ref: "#/components/parameters/Id"
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/A"}
      security:
        - key: []
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: k}
  parameters:
    Id: {name: id, in: path, required: true, schema: {type: string}}
  schemas:
    A: {type: object, properties: {b: {$ref: "#/components/schemas/B"}}}
    B: {type: string}
"##;

    #[test]
    fn copies_are_renamed_and_self_contained() {
        let out = replicate(SPEC, 3);
        assert_eq!(operation_count(&out), 3);
        for needle in [
            "/c2/a/{id}",
            "operationId: GetAC2",
            "'#/components/schemas/BC2'",
            "'#/components/parameters/IdC1'",
            "AC1:",
        ] {
            assert!(out.contains(needle), "{needle} missing from:\n{out}");
        }
        assert!(!out.contains("securitySchemes/keyC"));
    }
}
