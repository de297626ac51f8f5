//! OpenAPI 3.1 read as 3.0: a normalizing pass over the raw document, so
//! that `openapiv3` (which models 3.0) reads a 3.1 spec, and a 3.0 spec is
//! untouched (but for [`remove_tuple_markers`], run on every version).
//!
//! What it rewrites, in every schema:
//!
//! - `type: [T, "null"]` → `type: T` + `nullable: true`; `type: "null"` alone
//!   → `nullable: true`; several non-null types → no `type` (any JSON);
//! - `anyOf`/`oneOf` with a `{type: "null"}` alternative → the others, made
//!   nullable (one left → `allOf: [it]`, which lowering sees through);
//! - `const: v` → `enum: [v]` (and `type: string` for a string without one);
//! - `examples: [..]` (JSON Schema's list) → `example:` its first item;
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` → `minimum`/`maximum`
//!   with the boolean flag of 3.0.
//!
//! - `prefixItems: [A, B]` (without further `items`) → a tuple `(A, B)`,
//!   kept for lowering under the `x-prefix-items` extension; with further
//!   items of any schema, a list of JSON values.
//!
//! A reference into a schema's `$defs` (`#/components/schemas/Name/$defs/Def`)
//! needs nothing here: loading moves every referenced node that is not a
//! component into the components (`Name_Def`), 3.0 or 3.1.
//!
//! What it drops, each with a warning: `webhooks` (a client sends requests,
//! it does not receive them), and `mutualTLS` security schemes (a client
//! certificate is set on the HTTP client, `Configuration::http_client`,
//! not sent per request; a requirement naming one is then left out of the
//! operations with a warning). `contentMediaType` and
//! other keywords 3.0 does not know are ignored, as `openapiv3` ignores
//! unknown keys.

use serde_yaml::{Mapping, Value};

use crate::load::Within;

/// The extension a tuple's `prefixItems` are kept under, since `openapiv3`
/// drops keys it does not know; lowering reads it.
pub const PREFIX_ITEMS: &str = "x-prefix-items";

/// Whether `version` is an OpenAPI 3.1 version.
pub fn is_31(version: &str) -> bool {
    version == "3.1" || version.starts_with("3.1.")
}

/// Rewrites the 3.1 document `raw` into the 3.0 shapes above; returns what
/// was dropped, for warnings.
pub fn normalize(raw: &mut Value) -> Vec<String> {
    let mut dropped = Vec::new();
    if let Value::Mapping(root) = raw {
        root.insert("openapi".into(), "3.0.3".into());
        if root.remove("webhooks").is_some() {
            dropped.push(
                "`webhooks` (OpenAPI 3.1) describe requests the API sends, not ones a client makes: skipped"
                    .to_owned(),
            );
        }
        drop_mutual_tls(root, &mut dropped);
    }
    let mut empty_enums = 0;
    walk_within(raw, Within::Spec, &mut |map: &mut Mapping| {
        if matches!(map.get("enum"), Some(Value::Sequence(values)) if values.is_empty()) {
            map.remove("enum");
            empty_enums += 1;
        }
        schema(map);
    });
    if empty_enums > 0 {
        // 3.1's JSON Schema allows `enum: []` (a value no instance has);
        // Discord's spec writes it beside the `allOf` that names the
        // values. 3.0 does not, and is refused at it (`references.rs`).
        dropped.push(format!(
            "{empty_enums} schema(s) with `enum: []`, which admits no value: read without the enum"
        ));
    }
    dropped
}

/// Removes the `mutualTLS` security schemes, which OpenAPI 3.0 (and
/// `openapiv3`) do not know.
fn drop_mutual_tls(root: &mut Mapping, dropped: &mut Vec<String>) {
    let Some(Value::Mapping(schemes)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
    else {
        return;
    };
    let mutual: Vec<Value> = schemes
        .iter()
        .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(name, _)| name.clone())
        .collect();
    for name in mutual {
        schemes.remove(&name);
        dropped.push(format!(
            "the security scheme `{}` is `mutualTLS` (OpenAPI 3.1), a client certificate set on the HTTP client with `Configuration::http_client`, not a credential sent per request: skipped",
            name.as_str().unwrap_or_default()
        ));
    }
}

/// Rewrites every schema of the document; examples, defaults and
/// extensions are data, not schemas, and are left as they are.
fn walk(node: &mut Value) {
    walk_within(node, Within::Spec, &mut schema);
}

/// Removes every `x-prefix-items` the document wrote itself, in any
/// version: only [`normalize`] may put one there, or a vendor extension of
/// that name would be read as a tuple (and refused when it is not a list
/// of schemas). Extensions the generator does not know are ignored anyway.
pub fn remove_tuple_markers(raw: &mut Value) {
    walk_within(raw, Within::Spec, &mut |map: &mut Mapping| {
        map.remove(PREFIX_ITEMS);
    });
}

/// Reads a 3.0 document: removes its tuple markers (as
/// [`remove_tuple_markers`]) and reads `type: "null"`, `type: [T, "null"]`
/// and `anyOf`/`oneOf` with a null alternative as 3.1 does (nullable), in
/// one walk. They are not 3.0, but real specs write them meaning exactly
/// that (OpenAI's 3.0.0 spec has hundreds), and one of them should not
/// refuse the whole spec. A valid 3.0 document has none, and is left as it
/// is.
pub fn read_30(raw: &mut Value) {
    walk_within(raw, Within::Spec, &mut |map: &mut Mapping| {
        map.remove(PREFIX_ITEMS);
        type_list(map);
        null_alternatives(map, "anyOf");
        null_alternatives(map, "oneOf");
    });
}

/// Calls `on_object` on every OpenAPI object (schemas among them) of the
/// tree, outside literal data.
fn walk_within(node: &mut Value, within: Within, on_object: &mut impl FnMut(&mut Mapping)) {
    if within == Within::Data {
        return;
    }
    match node {
        Value::Mapping(map) => {
            // A map of names (`properties`) is not a schema: a property
            // called `const` stays a property.
            if within == Within::Spec {
                on_object(map);
            }
            for (key, value) in map.iter_mut() {
                let inner = within.child(key.as_str().unwrap_or_default());
                walk_within(value, inner, on_object);
            }
        }
        Value::Sequence(items) => {
            let inner = within.item();
            items
                .iter_mut()
                .for_each(|v| walk_within(v, inner, on_object));
        }
        Value::Tagged(tagged) => walk_within(&mut tagged.value, within, on_object),
        _ => {}
    }
}

/// The 3.1 keywords of one mapping, if it is a schema.
fn schema(map: &mut Mapping) {
    type_list(map);
    null_alternatives(map, "anyOf");
    null_alternatives(map, "oneOf");
    if let Some(value) = map.remove("const") {
        if value.is_string() && !map.contains_key("type") {
            map.insert("type".into(), "string".into());
        }
        map.insert("enum".into(), Value::Sequence(vec![value]));
    }
    if let Some(Value::Sequence(examples)) = map.get("examples") {
        let first = examples.first().cloned();
        map.remove("examples");
        if let Some(first) = first {
            map.entry("example".into()).or_insert(first);
        }
    }
    if let Some(Value::Sequence(mut items)) = map.remove("prefixItems") {
        // A tuple. Its entries are schemas of their own: normalize them now,
        // since the walk does not enter extensions.
        items.iter_mut().for_each(walk);
        let rest = map.remove("items");
        if matches!(rest, None | Some(Value::Bool(false))) {
            map.insert("type".into(), "array".into());
            map.insert(PREFIX_ITEMS.into(), Value::Sequence(items));
        }
        // Further items of any schema: a list of JSON values.
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = map.get(exclusive).cloned() {
            map.insert(bound.into(), Value::Number(n));
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
}

/// `type: [T, "null"]` and `type: "null"`.
fn type_list(map: &mut Mapping) {
    let types: Vec<String> = match map.get("type") {
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(t)) if t == "null" => vec!["null".to_owned()],
        _ => return,
    };
    let nullable = types.iter().any(|t| t == "null");
    let others: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
    match others.as_slice() {
        [only] => {
            map.insert("type".into(), Value::String((*only).clone()));
        }
        _ => {
            map.remove("type");
        }
    }
    if nullable {
        map.insert("nullable".into(), Value::Bool(true));
    }
}

/// `anyOf: [A, {type: "null"}]` → `allOf: [A]`, nullable.
fn null_alternatives(map: &mut Mapping, key: &str) {
    let Some(Value::Sequence(items)) = map.get(key) else {
        return;
    };
    let is_null = |v: &Value| {
        v.as_mapping().is_some_and(|m| {
            m.get("type").and_then(Value::as_str) == Some("null")
                || matches!(m.get("type"), Some(Value::Sequence(t)) if t.len() == 1 && t[0].as_str() == Some("null"))
        })
    };
    if !items.iter().any(is_null) {
        return;
    }
    let rest: Vec<Value> = items.iter().filter(|v| !is_null(v)).cloned().collect();
    map.remove(key);
    map.insert("nullable".into(), Value::Bool(true));
    match rest.len() {
        0 => {}
        1 => {
            map.insert("allOf".into(), Value::Sequence(rest));
        }
        _ => {
            map.insert(key.into(), Value::Sequence(rest));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_types_of_a_30_document_read_as_nullable() {
        let mut v: Value = serde_yaml::from_str(
            "openapi: 3.0.0\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        url: {anyOf: [{type: string}, {type: 'null'}]}\n        n: {type: [integer, 'null']}\n        type: {type: string, example: {type: 'null'}}\n",
        )
        .unwrap();
        read_30(&mut v);
        let props = &v["components"]["schemas"]["A"]["properties"];
        assert_eq!(props["url"]["nullable"], Value::Bool(true));
        assert_eq!(props["url"]["allOf"][0]["type"].as_str(), Some("string"));
        assert!(props["url"].get("anyOf").is_none());
        assert_eq!(props["n"]["type"].as_str(), Some("integer"));
        assert_eq!(props["n"]["nullable"], Value::Bool(true));
        // A property named `type`, and example data, are not schemas' types.
        assert_eq!(props["type"]["type"].as_str(), Some("string"));
        assert_eq!(props["type"]["example"]["type"].as_str(), Some("null"));
        assert_eq!(v["openapi"].as_str(), Some("3.0.0"));
    }

    fn normalized(text: &str) -> (Value, Vec<String>) {
        let mut value: Value = serde_yaml::from_str(text).unwrap();
        let dropped = normalize(&mut value);
        (value, dropped)
    }

    #[test]
    fn rewrites_31_keywords_into_30_ones() {
        let (v, dropped) = normalized(
            "openapi: 3.1.0\nwebhooks: {a: {}}\ncomponents:\n  schemas:\n    A: {type: [string, 'null'], examples: [x, y]}\n    B: {anyOf: [{$ref: '#/components/schemas/A'}, {type: 'null'}]}\n    C: {const: fixed}\n    D: {type: integer, exclusiveMinimum: 0}\n    E: {type: [string, integer]}\n",
        );
        assert_eq!(v["openapi"].as_str(), Some("3.0.3"));
        assert!(v.get("webhooks").is_none());
        assert_eq!(dropped.len(), 1);
        let s = &v["components"]["schemas"];
        assert_eq!(s["A"]["type"].as_str(), Some("string"));
        assert_eq!(s["A"]["nullable"].as_bool(), Some(true));
        assert_eq!(s["A"]["example"].as_str(), Some("x"));
        assert_eq!(s["B"]["nullable"].as_bool(), Some(true));
        assert_eq!(
            s["B"]["allOf"][0]["$ref"].as_str(),
            Some("#/components/schemas/A")
        );
        assert_eq!(s["C"]["enum"][0].as_str(), Some("fixed"));
        assert_eq!(s["C"]["type"].as_str(), Some("string"));
        assert_eq!(s["D"]["minimum"].as_i64(), Some(0));
        assert_eq!(s["D"]["exclusiveMinimum"].as_bool(), Some(true));
        assert!(s["E"].get("type").is_none());
    }

    #[test]
    fn an_empty_enum_of_31_is_read_without_it_and_said() {
        let (v, dropped) = normalized(
            "openapi: 3.1.0\npaths:\n  /r:\n    get:\n      parameters:\n        - {name: status, in: query, schema: {type: string, enum: [], allOf: [{$ref: '#/components/schemas/S'}]}}\ncomponents:\n  schemas:\n    S: {type: string, enum: [a, b]}\n    N: {type: integer, enum: [], example: {enum: []}}\n",
        );
        let param = &v["paths"]["/r"]["get"]["parameters"][0]["schema"];
        assert!(param.get("enum").is_none(), "{param:?}");
        assert!(param.get("allOf").is_some(), "{param:?}");
        assert_eq!(
            v["components"]["schemas"]["S"]["enum"]
                .as_sequence()
                .unwrap()
                .len(),
            2
        );
        // An example is data: left as it is.
        let n = &v["components"]["schemas"]["N"];
        assert!(n.get("enum").is_none(), "{n:?}");
        assert!(n["example"]["enum"].as_sequence().unwrap().is_empty());
        assert_eq!(
            dropped,
            ["2 schema(s) with `enum: []`, which admits no value: read without the enum"]
        );
    }

    #[test]
    fn mutual_tls_schemes_are_dropped_with_a_warning() {
        let (v, dropped) = normalized(
            "openapi: 3.1.0\ncomponents:\n  securitySchemes:\n    mtls: {type: mutualTLS}\n    key: {type: apiKey, in: header, name: X-Key}\n",
        );
        let schemes = &v["components"]["securitySchemes"];
        assert!(schemes.get("mtls").is_none());
        assert_eq!(schemes["key"]["type"].as_str(), Some("apiKey"));
        assert_eq!(dropped.len(), 1);
        assert!(
            dropped[0].starts_with("the security scheme `mtls` is `mutualTLS`"),
            "{}",
            dropped[0]
        );
    }

    #[test]
    fn tuples_are_kept_with_their_entries_normalized() {
        let (v, _) = normalized(
            "openapi: 3.1.0\ncomponents:\n  schemas:\n    T:\n      properties:\n        p: {prefixItems: [{type: [number, 'null']}, {$ref: '#/components/schemas/U'}], items: false}\n        q: {type: array, prefixItems: [{type: string}], items: {type: integer}}\n",
        );
        let s = &v["components"]["schemas"];
        let p = &s["T"]["properties"]["p"];
        assert_eq!(p["type"].as_str(), Some("array"));
        assert!(p.get("items").is_none());
        let tuple = &p[PREFIX_ITEMS];
        // Entries are normalized too.
        assert_eq!(tuple[0]["nullable"].as_bool(), Some(true));
        assert_eq!(tuple[1]["$ref"].as_str(), Some("#/components/schemas/U"));
        let q = &s["T"]["properties"]["q"];
        assert!(q.get(PREFIX_ITEMS).is_none() && q.get("items").is_none());
    }
}
