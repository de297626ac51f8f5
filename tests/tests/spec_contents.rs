//! Checks on the hand-written OpenAPI specs in `spec/`: that they parse as OpenAPI 3.0
//! (`openapiv3`), describe exactly the 24 Key Management operations, and carry what the
//! code generator relies on (vendor extensions, parameters, examples, sites).
//!
//! These read the YAML files directly; they do not go through the generator.

use std::collections::BTreeSet;
use std::path::PathBuf;

use openapiv3::{
    OpenAPI, Operation, Parameter, ParameterSchemaOrContent, ReferenceOr, Response, Schema,
    SchemaKind, StatusCode, Type,
};
use serde_json::Value;

const SITES: [&str; 8] = [
    "datadoghq.com",
    "us3.datadoghq.com",
    "us5.datadoghq.com",
    "datadoghq.eu",
    "ap1.datadoghq.com",
    "ap2.datadoghq.com",
    "ddog-gov.com",
    "us2.ddog-gov.com",
];

const GOVERNMENT_SITES: [&str; 2] = ["ddog-gov.com", "us2.ddog-gov.com"];

fn spec_path(version: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("spec")
        .join(version)
        .join("key_management.yaml")
}

fn load(version: &str) -> OpenAPI {
    let path = spec_path(version);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "{} is not a valid OpenAPI 3.0 document: {e}",
            path.display()
        )
    })
}

fn specs() -> Vec<(&'static str, OpenAPI)> {
    vec![("v1", load("v1")), ("v2", load("v2"))]
}

/// (path, METHOD, operation) for every operation of a spec, in document order.
fn operations(spec: &OpenAPI) -> Vec<(String, String, &Operation)> {
    let mut out = Vec::new();
    for (path, item) in spec.paths.iter() {
        let item = item
            .as_item()
            .unwrap_or_else(|| panic!("path item {path} must not be a $ref"));
        for (method, op) in item.iter() {
            out.push((path.clone(), method.to_uppercase(), op));
        }
    }
    out
}

fn component_name<'a>(reference: &'a str, kind: &str) -> &'a str {
    let prefix = format!("#/components/{kind}/");
    reference
        .strip_prefix(prefix.as_str())
        .unwrap_or_else(|| panic!("unexpected $ref {reference} (expected {prefix}...)"))
}

fn resolve_parameter<'a>(spec: &'a OpenAPI, p: &'a ReferenceOr<Parameter>) -> &'a Parameter {
    match p {
        ReferenceOr::Item(p) => p,
        ReferenceOr::Reference { reference } => {
            let name = component_name(reference, "parameters");
            let components = spec.components.as_ref().expect("components");
            components
                .parameters
                .get(name)
                .and_then(ReferenceOr::as_item)
                .unwrap_or_else(|| panic!("unresolved parameter {reference}"))
        }
    }
}

fn resolve_response<'a>(spec: &'a OpenAPI, r: &'a ReferenceOr<Response>) -> &'a Response {
    match r {
        ReferenceOr::Item(r) => r,
        ReferenceOr::Reference { reference } => {
            let name = component_name(reference, "responses");
            let components = spec.components.as_ref().expect("components");
            components
                .responses
                .get(name)
                .and_then(ReferenceOr::as_item)
                .unwrap_or_else(|| panic!("unresolved response {reference}"))
        }
    }
}

fn resolve_schema<'a>(spec: &'a OpenAPI, s: &'a ReferenceOr<Schema>) -> &'a Schema {
    match s {
        ReferenceOr::Item(s) => s,
        ReferenceOr::Reference { reference } => {
            let name = component_name(reference, "schemas");
            let components = spec.components.as_ref().expect("components");
            components
                .schemas
                .get(name)
                .and_then(ReferenceOr::as_item)
                .unwrap_or_else(|| panic!("unresolved schema {reference}"))
        }
    }
}

fn parameter_schema<'a>(spec: &'a OpenAPI, p: &'a Parameter) -> &'a Schema {
    match &p.parameter_data_ref().format {
        ParameterSchemaOrContent::Schema(s) => resolve_schema(spec, s),
        ParameterSchemaOrContent::Content(_) => {
            panic!(
                "parameter {} must use `schema`",
                p.parameter_data_ref().name
            )
        }
    }
}

fn find_operation<'a>(spec: &'a OpenAPI, method: &str, path: &str) -> &'a Operation {
    operations(spec)
        .into_iter()
        .find(|(p, m, _)| p == path && m == method)
        .map(|(_, _, op)| op)
        .unwrap_or_else(|| panic!("no operation {method} {path}"))
}

#[test]
fn specs_declare_openapi_3_0_3_with_info() {
    for (version, spec) in specs() {
        assert_eq!(spec.openapi, "3.0.3", "{version}: openapi version");
        assert!(!spec.info.title.is_empty(), "{version}: info.title");
        assert!(!spec.info.version.is_empty(), "{version}: info.version");
        assert!(
            spec.info
                .description
                .as_deref()
                .is_some_and(|d| !d.trim().is_empty()),
            "{version}: info.description"
        );
    }
}

#[test]
fn exactly_the_24_key_management_operations() {
    let expected: BTreeSet<(&str, &str, &str, &str)> = [
        ("v1", "GET", "/api/v1/api_key", "ListAPIKeys"),
        ("v1", "POST", "/api/v1/api_key", "CreateAPIKey"),
        ("v1", "GET", "/api/v1/api_key/{key}", "GetAPIKey"),
        ("v1", "PUT", "/api/v1/api_key/{key}", "UpdateAPIKey"),
        ("v1", "DELETE", "/api/v1/api_key/{key}", "DeleteAPIKey"),
        (
            "v1",
            "GET",
            "/api/v1/application_key",
            "ListApplicationKeys",
        ),
        (
            "v1",
            "POST",
            "/api/v1/application_key",
            "CreateApplicationKey",
        ),
        (
            "v1",
            "GET",
            "/api/v1/application_key/{key}",
            "GetApplicationKey",
        ),
        (
            "v1",
            "PUT",
            "/api/v1/application_key/{key}",
            "UpdateApplicationKey",
        ),
        (
            "v1",
            "DELETE",
            "/api/v1/application_key/{key}",
            "DeleteApplicationKey",
        ),
        ("v2", "GET", "/api/v2/api_keys", "ListAPIKeys"),
        ("v2", "POST", "/api/v2/api_keys", "CreateAPIKey"),
        ("v2", "GET", "/api/v2/api_keys/{api_key_id}", "GetAPIKey"),
        (
            "v2",
            "PATCH",
            "/api/v2/api_keys/{api_key_id}",
            "UpdateAPIKey",
        ),
        (
            "v2",
            "DELETE",
            "/api/v2/api_keys/{api_key_id}",
            "DeleteAPIKey",
        ),
        (
            "v2",
            "GET",
            "/api/v2/application_keys",
            "ListApplicationKeys",
        ),
        (
            "v2",
            "GET",
            "/api/v2/application_keys/{app_key_id}",
            "GetApplicationKey",
        ),
        (
            "v2",
            "PATCH",
            "/api/v2/application_keys/{app_key_id}",
            "UpdateApplicationKey",
        ),
        (
            "v2",
            "DELETE",
            "/api/v2/application_keys/{app_key_id}",
            "DeleteApplicationKey",
        ),
        (
            "v2",
            "GET",
            "/api/v2/current_user/application_keys",
            "ListCurrentUserApplicationKeys",
        ),
        (
            "v2",
            "POST",
            "/api/v2/current_user/application_keys",
            "CreateCurrentUserApplicationKey",
        ),
        (
            "v2",
            "GET",
            "/api/v2/current_user/application_keys/{app_key_id}",
            "GetCurrentUserApplicationKey",
        ),
        (
            "v2",
            "PATCH",
            "/api/v2/current_user/application_keys/{app_key_id}",
            "UpdateCurrentUserApplicationKey",
        ),
        (
            "v2",
            "DELETE",
            "/api/v2/current_user/application_keys/{app_key_id}",
            "DeleteCurrentUserApplicationKey",
        ),
    ]
    .into_iter()
    .collect();
    assert_eq!(expected.len(), 24);

    let specs = specs();
    let mut actual = BTreeSet::new();
    let mut count = 0;
    for (version, spec) in &specs {
        for (path, method, op) in operations(spec) {
            count += 1;
            let id = op
                .operation_id
                .clone()
                .unwrap_or_else(|| panic!("{version} {method} {path}: no operationId"));
            actual.insert((version.to_string(), method, path, id));
        }
    }
    let actual: BTreeSet<(&str, &str, &str, &str)> = actual
        .iter()
        .map(|(v, m, p, id)| (v.as_str(), m.as_str(), p.as_str(), id.as_str()))
        .collect();
    assert_eq!(count, 24, "number of operations");
    assert_eq!(actual, expected);
}

#[test]
fn every_operation_is_documented_tagged_authenticated_and_has_a_permission() {
    for (version, spec) in specs() {
        for (path, method, op) in operations(&spec) {
            let what = format!("{version} {method} {path}");
            assert_eq!(op.tags, vec!["Key Management".to_string()], "{what}: tags");
            assert!(
                op.summary.as_deref().is_some_and(|s| !s.trim().is_empty()),
                "{what}: summary"
            );
            assert!(
                op.description
                    .as_deref()
                    .is_some_and(|s| !s.trim().is_empty()),
                "{what}: description"
            );

            // Both key headers, in one requirement object.
            let security = op
                .security
                .as_ref()
                .unwrap_or_else(|| panic!("{what}: security"));
            assert_eq!(security.len(), 1, "{what}: one security requirement");
            let schemes: BTreeSet<&str> = security[0].keys().map(String::as_str).collect();
            assert_eq!(
                schemes,
                BTreeSet::from(["apiKeyAuth", "appKeyAuth"]),
                "{what}"
            );

            let permission = op
                .extensions
                .get("x-permission")
                .unwrap_or_else(|| panic!("{what}: no x-permission"));
            let operator = permission["operator"].as_str();
            assert!(
                matches!(operator, Some("OR") | Some("AND")),
                "{what}: x-permission.operator is {operator:?}"
            );
            let permissions = permission["permissions"]
                .as_array()
                .unwrap_or_else(|| panic!("{what}: x-permission.permissions is not a list"));
            assert!(
                !permissions.is_empty(),
                "{what}: x-permission.permissions is empty"
            );
            for p in permissions {
                assert!(
                    p.as_str().is_some_and(|p| !p.is_empty()),
                    "{what}: permission {p} is not a non-empty string"
                );
            }

            if let Some(sites) = op.extensions.get("x-unavailable-sites") {
                for site in sites.as_array().expect("x-unavailable-sites is a list") {
                    let site = site.as_str().expect("site is a string");
                    assert!(SITES.contains(&site), "{what}: unknown site {site}");
                }
            }
        }
    }
}

#[test]
fn permissions_are_the_documented_ones() {
    let or = |perms: &[&str]| serde_json::json!({"operator": "OR", "permissions": perms});
    let cases = [
        ("v1", "GET", "/api/v1/api_key", or(&["api_keys_read"])),
        ("v1", "POST", "/api/v1/api_key", or(&["api_keys_write"])),
        (
            "v1",
            "DELETE",
            "/api/v1/api_key/{key}",
            or(&["api_keys_delete"]),
        ),
        (
            "v1",
            "GET",
            "/api/v1/application_key",
            or(&["org_app_keys_read", "user_app_keys"]),
        ),
        (
            "v1",
            "POST",
            "/api/v1/application_key",
            or(&["user_app_keys"]),
        ),
        (
            "v1",
            "PUT",
            "/api/v1/application_key/{key}",
            or(&["org_app_keys_write", "user_app_keys"]),
        ),
        ("v2", "GET", "/api/v2/api_keys", or(&["api_keys_read"])),
        (
            "v2",
            "PATCH",
            "/api/v2/api_keys/{api_key_id}",
            or(&["api_keys_write"]),
        ),
        (
            "v2",
            "DELETE",
            "/api/v2/api_keys/{api_key_id}",
            or(&["api_keys_delete"]),
        ),
        (
            "v2",
            "GET",
            "/api/v2/application_keys",
            or(&["org_app_keys_read"]),
        ),
        (
            "v2",
            "PATCH",
            "/api/v2/application_keys/{app_key_id}",
            or(&["org_app_keys_write"]),
        ),
        (
            "v2",
            "POST",
            "/api/v2/current_user/application_keys",
            or(&["user_app_keys"]),
        ),
    ];
    let specs = specs();
    for (version, method, path, expected) in cases {
        let spec = &specs.iter().find(|(v, _)| *v == version).unwrap().1;
        let op = find_operation(spec, method, path);
        assert_eq!(
            op.extensions.get("x-permission"),
            Some(&expected),
            "{version} {method} {path}"
        );
    }
}

#[test]
fn every_list_get_create_update_has_a_json_success_schema_and_examples() {
    for (version, spec) in specs() {
        for (path, method, op) in operations(&spec) {
            let what = format!("{version} {method} {path}");
            let successes: Vec<(u16, &Response)> = op
                .responses
                .responses
                .iter()
                .filter_map(|(code, r)| match code {
                    StatusCode::Code(c) if (200..300).contains(c) => {
                        Some((*c, resolve_response(&spec, r)))
                    }
                    _ => None,
                })
                .collect();
            assert_eq!(successes.len(), 1, "{what}: exactly one 2xx response");
            let (code, response) = successes[0];

            if code == 204 {
                assert_eq!(method, "DELETE", "{what}: only deletes answer 204");
                assert!(response.content.is_empty(), "{what}: 204 has no content");
                continue;
            }
            let media = response
                .content
                .get("application/json")
                .unwrap_or_else(|| panic!("{what}: {code} has no application/json content"));
            assert!(media.schema.is_some(), "{what}: {code} has no schema");
            if method != "DELETE" {
                assert!(!media.examples.is_empty(), "{what}: {code} has no example");
            }
            for (name, example) in &media.examples {
                let example = example.as_item().expect("inline example");
                assert!(
                    example.summary.is_some(),
                    "{what}: example {name} has no summary"
                );
                assert!(
                    example.value.is_some(),
                    "{what}: example {name} has no value"
                );
            }

            if let Some(body) = &op.request_body {
                let body = body.as_item().expect("inline request body");
                assert!(body.required, "{what}: request body is required");
                let media = body
                    .content
                    .get("application/json")
                    .unwrap_or_else(|| panic!("{what}: request body is not JSON"));
                assert!(media.schema.is_some(), "{what}: request body has no schema");
                assert!(
                    !media.examples.is_empty(),
                    "{what}: request body has no example"
                );
            }
        }
    }
}

#[test]
fn error_responses_share_the_api_error_schema() {
    for (version, spec) in specs() {
        let components = spec.components.as_ref().expect("components");
        let error = components
            .schemas
            .get("APIErrorResponse")
            .and_then(ReferenceOr::as_item)
            .unwrap_or_else(|| panic!("{version}: no APIErrorResponse schema"));
        match &error.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                assert_eq!(o.required, vec!["errors".to_string()], "{version}");
                assert!(o.properties.contains_key("errors"), "{version}");
            }
            other => panic!("{version}: APIErrorResponse is not an object: {other:?}"),
        }
        for (path, method, op) in operations(&spec) {
            for (code, response) in &op.responses.responses {
                let StatusCode::Code(c) = code else {
                    panic!("status ranges are not used")
                };
                if *c < 400 {
                    continue;
                }
                let ReferenceOr::Reference { reference } = response else {
                    panic!("{version} {method} {path}: {c} must $ref components.responses")
                };
                let resolved = resolve_response(&spec, response);
                let media = &resolved.content["application/json"];
                match media.schema.as_ref() {
                    Some(ReferenceOr::Reference { reference: schema }) => assert_eq!(
                        schema, "#/components/schemas/APIErrorResponse",
                        "{reference}"
                    ),
                    other => panic!("{reference}: schema is {other:?}"),
                }
            }
        }
    }
}

#[test]
fn v2_list_api_keys_has_the_eleven_documented_query_parameters() {
    let spec = load("v2");
    let op = find_operation(&spec, "GET", "/api/v2/api_keys");
    let params: Vec<&Parameter> = op
        .parameters
        .iter()
        .map(|p| resolve_parameter(&spec, p))
        .collect();
    let names: Vec<&str> = params
        .iter()
        .map(|p| p.parameter_data_ref().name.as_str())
        .collect();
    assert_eq!(
        names,
        vec![
            "page[size]",
            "page[number]",
            "sort",
            "filter",
            "filter[created_at][start]",
            "filter[created_at][end]",
            "filter[modified_at][start]",
            "filter[modified_at][end]",
            "include",
            "filter[remote_config_read_enabled]",
            "filter[category]",
        ]
    );
    for p in &params {
        assert!(
            matches!(p, Parameter::Query { .. }),
            "{} is a query parameter",
            p.parameter_data_ref().name
        );
        assert!(
            !p.parameter_data_ref().required,
            "{} is optional",
            p.parameter_data_ref().name
        );
        assert!(
            p.parameter_data_ref().description.is_some(),
            "{} has a description",
            p.parameter_data_ref().name
        );
    }

    let by_name = |name: &str| {
        *params
            .iter()
            .find(|p| p.parameter_data_ref().name == name)
            .unwrap()
    };

    match &parameter_schema(&spec, by_name("page[size]")).schema_kind {
        SchemaKind::Type(Type::Integer(i)) => assert_eq!(i.maximum, Some(100)),
        other => panic!("page[size] is not an integer: {other:?}"),
    }
    match &parameter_schema(&spec, by_name("page[number]")).schema_kind {
        SchemaKind::Type(Type::Integer(_)) => {}
        other => panic!("page[number] is not an integer: {other:?}"),
    }
    match &parameter_schema(&spec, by_name("sort")).schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            let values: Vec<&str> = s.enumeration.iter().flatten().map(String::as_str).collect();
            assert_eq!(
                values,
                vec![
                    "created_at",
                    "-created_at",
                    "last4",
                    "-last4",
                    "modified_at",
                    "-modified_at",
                    "name",
                    "-name"
                ]
            );
        }
        other => panic!("sort is not a string enum: {other:?}"),
    }
    match &parameter_schema(&spec, by_name("filter[remote_config_read_enabled]")).schema_kind {
        SchemaKind::Type(Type::Boolean(_)) => {}
        other => panic!("filter[remote_config_read_enabled] is not a boolean: {other:?}"),
    }

    // `include` is a comma-separated list: form style, not exploded.
    let include = by_name("include");
    match include {
        Parameter::Query {
            style,
            parameter_data,
            ..
        } => {
            assert_eq!(*style, openapiv3::QueryStyle::Form);
            assert_eq!(parameter_data.explode, Some(false));
        }
        _ => unreachable!(),
    }
    match &parameter_schema(&spec, include).schema_kind {
        SchemaKind::Type(Type::Array(a)) => {
            let items = a.items.as_ref().expect("include items");
            let items = match items {
                ReferenceOr::Item(s) => s.as_ref(),
                ReferenceOr::Reference { reference } => {
                    panic!("inline items expected, got {reference}")
                }
            };
            match &items.schema_kind {
                SchemaKind::Type(Type::String(s)) => {
                    let values: Vec<&str> =
                        s.enumeration.iter().flatten().map(String::as_str).collect();
                    assert_eq!(values, vec!["created_by", "modified_by"]);
                }
                other => panic!("include items are not a string enum: {other:?}"),
            }
        }
        other => panic!("include is not an array: {other:?}"),
    }
}

#[test]
fn v2_list_operations_declare_pagination() {
    let spec = load("v2");
    for path in [
        "/api/v2/api_keys",
        "/api/v2/application_keys",
        "/api/v2/current_user/application_keys",
    ] {
        let op = find_operation(&spec, "GET", path);
        assert_eq!(
            op.extensions.get("x-pagination"),
            Some(&serde_json::json!({
                "limitParam": "page[size]",
                "pageParam": "page[number]",
                "resultsPath": "data",
                "totalPath": "meta.page.total_filtered_count",
            })),
            "{path}"
        );
        // The named parameters exist on the operation.
        let names: BTreeSet<String> = op
            .parameters
            .iter()
            .map(|p| {
                resolve_parameter(&spec, p)
                    .parameter_data_ref()
                    .name
                    .clone()
            })
            .collect();
        assert!(
            names.contains("page[size]") && names.contains("page[number]"),
            "{path}"
        );

        // totalPath is a real dot path through the 200 response schema.
        let response = resolve_response(
            &spec,
            op.responses.responses.get(&StatusCode::Code(200)).unwrap(),
        );
        let mut schema = resolve_schema(
            &spec,
            response.content["application/json"]
                .schema
                .as_ref()
                .unwrap(),
        );
        for segment in ["meta", "page", "total_filtered_count"] {
            let SchemaKind::Type(Type::Object(o)) = &schema.schema_kind else {
                panic!("{path}: not an object before {segment}")
            };
            let next = o
                .properties
                .get(segment)
                .unwrap_or_else(|| panic!("{path}: no property {segment}"));
            schema = match next {
                ReferenceOr::Item(s) => s.as_ref(),
                ReferenceOr::Reference { reference } => {
                    let name = component_name(reference, "schemas");
                    spec.components.as_ref().unwrap().schemas[name]
                        .as_item()
                        .unwrap()
                }
            };
        }
        assert!(
            matches!(schema.schema_kind, SchemaKind::Type(Type::Integer(_))),
            "{path}"
        );
    }
}

#[test]
fn v1_operations_are_unavailable_on_both_government_sites() {
    let spec = load("v1");
    for (path, method, op) in operations(&spec) {
        let sites: BTreeSet<&str> = op
            .extensions
            .get("x-unavailable-sites")
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("v1 {method} {path}: no x-unavailable-sites"))
            .iter()
            .map(|s| s.as_str().expect("site is a string"))
            .collect();
        assert_eq!(
            sites,
            BTreeSet::from(GOVERNMENT_SITES),
            "v1 {method} {path}"
        );
        assert!(
            op.description
                .as_deref()
                .unwrap()
                .contains("Government sites"),
            "v1 {method} {path}: the description carries the Government note"
        );
    }
}

#[test]
fn one_time_read_mode_is_flagged_where_documented() {
    let spec = load("v1");
    let flagged: BTreeSet<String> = operations(&spec)
        .into_iter()
        .filter(|(_, _, op)| {
            op.extensions.get("x-disabled-in-one-time-read-mode") == Some(&Value::Bool(true))
        })
        .map(|(_, _, op)| op.operation_id.clone().unwrap())
        .collect();
    let expected: BTreeSet<String> = [
        "ListApplicationKeys",
        "CreateApplicationKey",
        "GetApplicationKey",
        "UpdateApplicationKey",
        "DeleteApplicationKey",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(flagged, expected);

    let spec = load("v2");
    for (path, method, op) in operations(&spec) {
        assert!(
            op.extensions
                .get("x-disabled-in-one-time-read-mode")
                .is_none(),
            "v2 {method} {path}: no v2 page says the endpoint is disabled in One-Time Read mode"
        );
    }
}

#[test]
fn servers_list_the_eight_sites_and_both_key_headers_are_defined() {
    for (version, spec) in specs() {
        assert_eq!(spec.servers.len(), 1, "{version}: one server");
        let server = &spec.servers[0];
        assert_eq!(server.url, "https://{subdomain}.{site}", "{version}");
        let variables = server.variables.as_ref().expect("server variables");
        let site = &variables["site"];
        assert_eq!(site.default, "datadoghq.com", "{version}");
        let actual: BTreeSet<&str> = site.enumeration.iter().map(String::as_str).collect();
        assert_eq!(site.enumeration.len(), 8, "{version}: no duplicate sites");
        assert_eq!(actual, BTreeSet::from(SITES), "{version}");
        assert_eq!(variables["subdomain"].default, "api", "{version}");

        let schemes = &spec.components.as_ref().unwrap().security_schemes;
        for (name, header) in [
            ("apiKeyAuth", "DD-API-KEY"),
            ("appKeyAuth", "DD-APPLICATION-KEY"),
        ] {
            match schemes.get(name).and_then(ReferenceOr::as_item) {
                Some(openapiv3::SecurityScheme::APIKey {
                    location,
                    name: header_name,
                    ..
                }) => {
                    assert_eq!(
                        *location,
                        openapiv3::APIKeyLocation::Header,
                        "{version} {name}"
                    );
                    assert_eq!(header_name, header, "{version} {name}");
                }
                other => panic!("{version}: {name} is {other:?}"),
            }
        }
    }
}

#[test]
fn application_key_scopes_are_nullable_and_included_items_are_discriminated() {
    let spec = load("v2");
    let schemas = &spec.components.as_ref().unwrap().schemas;
    let schema = |name: &str| {
        schemas
            .get(name)
            .and_then(ReferenceOr::as_item)
            .unwrap_or_else(|| panic!("no schema {name}"))
    };
    for name in [
        "ApplicationKeyCreateAttributes",
        "ApplicationKeyUpdateAttributes",
        "FullApplicationKeyAttributes",
        "PartialApplicationKeyAttributes",
    ] {
        let SchemaKind::Type(Type::Object(o)) = &schema(name).schema_kind else {
            panic!("{name}")
        };
        let scopes = o.properties["scopes"].as_item().expect("inline scopes");
        assert!(scopes.schema_data.nullable, "{name}.scopes is nullable");
    }

    for (name, expected) in [
        (
            "APIKeyResponseIncludedItem",
            vec![("users", "User"), ("leaked_keys", "LeakedKey")],
        ),
        (
            "ApplicationKeyResponseIncludedItem",
            vec![
                ("users", "User"),
                ("roles", "Role"),
                ("leaked_keys", "LeakedKey"),
            ],
        ),
    ] {
        let s = schema(name);
        let SchemaKind::OneOf { one_of } = &s.schema_kind else {
            panic!("{name} is not a oneOf")
        };
        let discriminator = s.schema_data.discriminator.as_ref().expect("discriminator");
        assert_eq!(discriminator.property_name, "type");
        assert_eq!(one_of.len(), expected.len(), "{name}");
        for (tag, variant) in expected {
            let target = format!("#/components/schemas/{variant}");
            assert_eq!(
                discriminator.mapping.get(tag),
                Some(&target),
                "{name} {tag}"
            );
            assert!(
                one_of.iter().any(
                    |v| matches!(v, ReferenceOr::Reference { reference } if *reference == target)
                ),
                "{name}: {variant} is a oneOf variant"
            );
            let SchemaKind::Type(Type::Object(o)) = &schema(variant).schema_kind else {
                panic!("{variant}")
            };
            assert!(
                o.required.contains(&"type".to_string()),
                "{variant}.type is required"
            );
        }
    }
}
