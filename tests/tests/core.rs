//! The generator's core contract, one test per defect the typed IR and the
//! runtime crate were made to end: every HTTP method is sent as itself, a
//! stream method cannot collide with an operation's own, a path-level page
//! size reaches the stream, an unknown method is refused with a pointer, a
//! client for another API reads none of Datadog's environment, and no Rust
//! text hides in the IR. Then what real specs need of it: offset and cursor
//! streams, unstable operations held back until enabled, and references
//! into other operations shared as components.

#[path = "common/crate_check.rs"]
mod crate_check;

use generator::ir::{
    Api, Crate, FieldShape, Method, Operation, PagePosition, Primitive, Success, TypeRef,
};
use generator::{load, Config, CrateInfo, Error, SpecInput};

use crate_check::{root, runtime_path};

fn fixture_config(fixture: &str) -> Config {
    Config {
        info: CrateInfo::new("core-client", "0.0.0", "Core tests.", &runtime_path()),
        specs: vec![SpecInput {
            module: fixture.into(),
            path: root()
                .join("tests/fixtures")
                .join(format!("{fixture}.yaml")),
            display: format!("tests/fixtures/{fixture}.yaml"),
        }],
        templates: root().join("templates"),
        vendor_runtime: None,
    }
}

fn methods_api() -> Api {
    let krate =
        generator::lower_specs(&fixture_config("methods")).unwrap_or_else(|e| panic!("{e}"));
    krate.apis.into_iter().next().expect("one api")
}

/// The IR of the spec `text`, as one module `api`.
fn lower_text(text: &str) -> Crate {
    let spec = load::parse(text, "spec.yaml").unwrap_or_else(|e| panic!("{e}"));
    let info = CrateInfo::new("c", "0.0.0", "d", "runtime");
    generator::lower::lower_crate(&info, &[("api".into(), spec)]).unwrap_or_else(|e| panic!("{e}"))
}

fn operation<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.operations
        .iter()
        .find(|op| op.id == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
}

#[test]
fn a_module_named_by_a_keyword_or_a_crate_module_gets_a_name_of_its_own() {
    // Box's published spec is `box.json`: its module was `r#box`, written
    // to `src/r#box/`, where `mod r#box;` does not look.
    let spec = load::parse(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n",
        "box.json",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let info = CrateInfo::new("c", "0.0.0", "d", "runtime");
    let krate = generator::lower::lower_crate(
        &info,
        &[
            ("box".into(), spec.clone()),
            ("type".into(), spec.clone()),
            // The crate's own `cli` module, and cargo's binaries directory.
            ("cli".into(), spec.clone()),
            ("bin".into(), spec),
        ],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let modules: Vec<&str> = krate.apis.iter().map(|a| a.module.as_str()).collect();
    assert_eq!(modules, ["box_", "type_", "cli2", "bin2"]);
}

#[test]
fn items_without_a_type_are_any_json_except_in_a_parameter() {
    // Slack's spec writes a message's `bot_id` (a string on the wire) and
    // a whole conversation object this way; a parameter so written is an
    // array that lost its `type`.
    let krate = lower_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /messages:\n    get:\n      operationId: getMessage\n      parameters:\n        - {name: ids, in: query, schema: {items: {type: string}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  bot_id: {items: {anyOf: [{type: string}, {nullable: true}]}}\n",
    );
    let api = &krate.apis[0];
    let op = operation(api, "getMessage");
    let ids = &op.params.as_ref().expect("query params").params[0];
    assert_eq!(ids.wire_name, "ids");
    assert_eq!(ids.ty, TypeRef::List(Box::new(TypeRef::STRING)));
    let Success::Json {
        ty: TypeRef::Model(id),
        ..
    } = &op.success
    else {
        panic!("{:?}", op.success)
    };
    let model = id.get(&api.models).expect("the response model");
    let generator::ir::ModelKind::Struct { fields, .. } = &model.kind else {
        panic!("{model:?}")
    };
    assert_eq!(fields[0].wire_name, "bot_id");
    assert_eq!(fields[0].ty, TypeRef::Json);
}

#[test]
fn a_204_returns_nothing_whatever_content_the_spec_gives_it() {
    // As Zoom's spec writes 73 of its 204s: decoding the empty body of a
    // 204 as JSON failed every call.
    let krate = lower_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /owner:\n    put:\n      operationId: updateOwner\n      responses:\n        '204':\n          description: updated\n          content:\n            application/json: {schema: {}}\n            application/xml: {schema: {}}\n  /reset:\n    post:\n      operationId: reset\n      responses:\n        '205':\n          description: reset\n          content:\n            application/json: {schema: {type: object, properties: {a: {type: string}}}}\n  /thing:\n    get:\n      operationId: getThing\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: {schema: {}}\n",
    );
    let api = &krate.apis[0];
    assert_eq!(
        operation(api, "updateOwner").success,
        Success::Empty { status: 204 }
    );
    assert_eq!(
        operation(api, "reset").success,
        Success::Empty { status: 205 }
    );
    assert!(matches!(
        operation(api, "getThing").success,
        Success::Json { status: 200, .. }
    ));
}

#[test]
fn every_method_is_its_own_and_trace_is_sent_as_trace() {
    let api = methods_api();
    let methods: Vec<(&str, Method)> = api
        .operations
        .iter()
        .map(|op| (op.id.as_str(), op.method))
        .collect();
    assert_eq!(
        methods,
        [
            ("ListKeys", Method::Get),
            ("KeyOptions", Method::Options),
            ("HeadKeys", Method::Head),
            ("TraceKeys", Method::Trace),
            ("ListPages", Method::Get),
            ("ListKeysStream", Method::Get),
            ("PutKey", Method::Put),
            ("PostKey", Method::Post),
            ("DeleteKey", Method::Delete),
            ("PatchKey", Method::Patch),
        ]
    );
    let (_, output) =
        generator::generate(&fixture_config("methods")).unwrap_or_else(|e| panic!("{e}"));
    let api_rs = &output["src/methods/api.rs"];
    assert!(
        api_rs.contains("method: runtime::Method::Trace,"),
        "TRACE reaches the runtime as TRACE:\n{api_rs}"
    );
}

#[test]
fn a_stream_method_never_takes_an_operations_name() {
    let api = methods_api();
    let list = operation(&api, "ListKeys");
    let stream_op = operation(&api, "ListKeysStream");
    assert_eq!(list.fn_name, "list_keys");
    assert_eq!(stream_op.fn_name, "list_keys_stream");
    let stream = list.pagination.as_ref().expect("ListKeys pages");
    assert_eq!(stream.fn_name, "list_keys_stream2");
    let mut names: Vec<&str> = api
        .operations
        .iter()
        .flat_map(|op| {
            std::iter::once(op.fn_name.as_str())
                .chain(op.pagination.as_ref().map(|p| p.fn_name.as_str()))
        })
        .collect();
    let count = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), count, "method names are distinct: {names:?}");
}

#[test]
fn a_page_size_declared_on_the_path_item_gives_the_streams_default() {
    let api = methods_api();
    let list = operation(&api, "ListKeys");
    let stream = list.pagination.as_ref().expect("ListKeys pages");
    assert_eq!(stream.default_size, 25, "the path-level default, not 10");
    assert_eq!(stream.size_field, "page_size");
    assert_eq!(stream.item, TypeRef::Primitive(Primitive::String));
}

#[test]
fn a_stream_over_a_bare_array_with_32_bit_pages_starts_where_the_spec_says() {
    let api = methods_api();
    let stream = operation(&api, "ListPages")
        .pagination
        .as_ref()
        .expect("ListPages pages");
    assert!(stream.items.is_empty(), "the response is the array");
    assert_eq!(
        stream.position,
        PagePosition::Number {
            field: "page".into(),
            ty: TypeRef::Primitive(Primitive::I32),
            first: 1
        }
    );
    assert_eq!(stream.default_size, 1000);
    assert_eq!(stream.size_ty, TypeRef::Primitive(Primitive::I32));
}

#[test]
fn offset_and_cursor_paging_give_streams_that_move_as_the_spec_says() {
    let krate = generator::lower_specs(&fixture_config("params")).unwrap_or_else(|e| panic!("{e}"));
    let api = &krate.apis[0];
    assert!(api.warnings.is_empty(), "{:?}", api.warnings);
    let by_offset = operation(api, "ListWidgetsByOffset").pagination.as_ref();
    assert_eq!(
        by_offset.map(|p| &p.position),
        Some(&PagePosition::Offset {
            field: "offset".into(),
            ty: TypeRef::Primitive(Primitive::I32)
        })
    );
    let by_cursor = operation(api, "ListWidgetsByCursor")
        .pagination
        .as_ref()
        .expect("a cursor stream");
    let PagePosition::Cursor { field, next } = &by_cursor.position else {
        panic!("{:?}", by_cursor.position);
    };
    assert_eq!(field, "page_cursor");
    let path: Vec<(&str, FieldShape)> = next.iter().map(|s| (s.field.as_str(), s.shape)).collect();
    assert_eq!(
        path,
        [
            ("meta", FieldShape::Optional),
            ("page", FieldShape::Required),
            ("after", FieldShape::OptionalNullable)
        ]
    );
    assert_eq!(by_cursor.fn_name, "list_widgets_by_cursor_stream");
}

#[test]
fn a_cursor_that_is_not_a_string_is_a_warning_not_a_failure() {
    let text = r#"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /things:
    get:
      operationId: ListThings
      x-pagination: {limitParam: limit, cursorParam: cursor, cursorPath: next, resultsPath: data}
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: string}}
                  next: {type: integer}
"#;
    let krate = lower_text(text);
    let api = &krate.apis[0];
    assert!(api.operations[0].pagination.is_none());
    assert_eq!(
        api.warnings,
        ["spec.yaml#/paths/~1things/get/x-pagination (line 8): invalid `x-pagination`: the cursor at `cursorPath` is `Option<i64>`, not a string; generated without it"]
    );
}

#[test]
fn an_unknown_method_is_refused_with_its_pointer() {
    let text = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n  /things:\n    get:\n      responses:\n        '200':\n          description: OK\n    query:\n      responses:\n        '200':\n          description: OK\n";
    match load::parse(text, "spec.yaml") {
        Err(Error::Unsupported { location, what }) => {
            assert_eq!(location.pointer, "#/paths/~1things/query");
            assert_eq!(location.line, Some(11));
            assert!(what.contains("`query`"), "{what}");
        }
        other => panic!("expected Unsupported, got {other:?}"),
    }
}

#[test]
fn a_client_for_another_api_reads_no_datadog_variable() {
    let (krate, output) =
        generator::generate(&fixture_config("params")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(krate.profile.site_env, None);
    assert!(krate.credentials.iter().all(|c| c.env.is_empty()));
    for (path, text) in &output {
        for datadog in ["DD_", "datadog", "Datadog"] {
            assert!(
                !text.contains(datadog),
                "{path} mentions `{datadog}`:\n{text}"
            );
        }
    }
    let lib = &output["src/lib.rs"];
    assert!(lib.contains("site_env: None,"), "{lib}");
    assert!(lib.contains("user_agent: \"core-client/0.0.0\","), "{lib}");
}

#[test]
fn the_key_management_ir_holds_no_rust_source() {
    let krate = generator::lower_specs(&xtask::config(&root())).unwrap_or_else(|e| panic!("{e}"));
    // Documentation is prose for doc comments; everything else is data.
    fn strip_prose(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for prose in ["docs", "examples", "notes", "description"] {
                    map.remove(prose);
                }
                map.values_mut().for_each(strip_prose);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip_prose),
            _ => {}
        }
    }
    let mut ir = serde_json::to_value(&krate).expect("IR serializes");
    strip_prose(&mut ir);
    let json = ir.to_string();
    for rust in [
        "Vec<",
        "Option<",
        "Box<",
        "::",
        "unwrap_or",
        "format!",
        "&str",
    ] {
        assert!(
            !json.contains(rust),
            "the IR holds Rust text `{rust}`; it should be a typed value"
        );
    }
}

#[test]
fn the_key_management_client_is_datadogs_by_configuration_only() {
    let krate = generator::lower_specs(&xtask::config(&root())).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(krate.profile.site_env.as_deref(), Some("DD_SITE"));
    let envs: Vec<(&generator::ir::CredentialKind, &[String], &str)> = krate
        .credentials
        .iter()
        .map(|c| (&c.kind, c.env.as_slice(), c.setter.as_str()))
        .collect();
    let header = |name: &str| generator::ir::CredentialKind::ApiKey {
        location: generator::ir::KeyLocation::Header,
        name: name.to_owned(),
    };
    assert_eq!(
        envs,
        [
            (
                &header("DD-API-KEY"),
                &["DD_API_KEY".to_owned()][..],
                "api_key"
            ),
            (
                &header("DD-APPLICATION-KEY"),
                &["DD_APP_KEY".to_owned()][..],
                "app_key"
            ),
        ]
    );
}

#[test]
fn a_client_with_a_vendored_runtime_builds_where_it_is_copied() {
    let mut config = fixture_config("params");
    config.info.runtime_path = "runtime".into();
    config.vendor_runtime = Some(root().join("runtime"));
    let (_, output) = generator::generate(&config).unwrap_or_else(|e| panic!("{e}"));
    assert!(output.contains_key("runtime/Cargo.toml"));
    assert!(output.contains_key("runtime/src/lib.rs"));
    // Under a name of its own, so that two such clients can share a
    // workspace; the dependency is renamed, so the code says `client_runtime`.
    assert!(
        output["Cargo.toml"]
            .contains(r#"client-runtime = { package = "core-client-runtime", path = "runtime" }"#),
        "{}",
        output["Cargo.toml"]
    );
    assert!(output["runtime/Cargo.toml"].contains("\nname = \"core-client-runtime\"\n"));
    assert!(output["runtime/Cargo.toml"].contains("\nname = \"core_client_runtime\"\n"));
    // Nothing in the copy points back into this repository.
    for (path, text) in output.iter().filter(|(p, _)| p.ends_with(".toml")) {
        assert!(!text.contains("workspace = true"), "{path}");
        assert!(!text.contains("../"), "{path}");
    }
    crate_check::check_crate(
        &root().join("target/vendored-check"),
        output,
        "crate with a vendored runtime",
    );
}

#[test]
fn openapi_31_is_read_with_what_it_drops_named() {
    let krate =
        generator::lower_specs(&fixture_config("openapi31")).unwrap_or_else(|e| panic!("{e}"));
    let warnings = &krate.apis[0].warnings;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("tests/fixtures/openapi31.yaml#/openapi (line 1): `webhooks`"),
        "{warnings:?}"
    );
    let id = &krate.apis[0].operations[0].path_params[0];
    assert_eq!(
        id.constraints.minimum.as_ref().and_then(|n| n.as_i64()),
        Some(0)
    );
}

#[test]
fn a_credential_setter_never_takes_a_configuration_methods_name() {
    let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  securitySchemes:\n    getSite: {type: apiKey, in: header, name: X-A}\n    timeout: {type: apiKey, in: header, name: X-B}\n";
    let krate = lower_text(text);
    let setters: Vec<&str> = krate
        .credentials
        .iter()
        .map(|c| c.setter.as_str())
        .collect();
    assert_eq!(setters, ["get_site2", "timeout2"]);
}

#[test]
fn only_an_unstable_operation_waits_to_be_enabled() {
    let api = methods_api();
    let unstable: Vec<&str> = api
        .operations
        .iter()
        .filter(|op| op.unstable)
        .map(|op| op.id.as_str())
        .collect();
    assert_eq!(unstable, ["KeyOptions"]);
    let op = operation(&api, "KeyOptions");
    assert!(
        op.notes
            .iter()
            .any(|n| n.contains(r#"enable_unstable("KeyOptions")"#)),
        "{:?}",
        op.notes
    );
}

#[test]
fn references_into_other_operations_become_shared_components() {
    // DigitalOcean's style: a parameter and a schema shared by pointing
    // into another operation, the pointer percent-encoded.
    let text = r##"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /keys/{id}:
    get:
      operationId: GetKey
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  name: {type: string}
                  next: {$ref: '#/paths/~1keys~1%7Bid%7D/get/responses/200/content/application~1json/schema'}
    delete:
      operationId: DeleteKey
      parameters:
        - $ref: '#/paths/~1keys~1%7Bid%7D/get/parameters/0'
      responses:
        '200':
          description: The deleted key.
          content:
            application/json:
              schema: {$ref: '#/paths/~1keys~1{id}/get/responses/200/content/application~1json/schema'}
"##;
    let krate = lower_text(text);
    let api = &krate.apis[0];
    let get = operation(api, "GetKey");
    let delete = operation(api, "DeleteKey");
    assert_eq!(delete.path_params[0].wire_name, "id");
    let (Success::Json { ty: got, .. }, Success::Json { ty: deleted, .. }) =
        (&get.success, &delete.success)
    else {
        panic!("JSON responses");
    };
    // One model, reached from both operations and from itself.
    assert_eq!(got, deleted);
    let TypeRef::Model(id) = got else {
        panic!("{got:?}")
    };
    assert_eq!(api.models[id.index()].wire_name, "keys_id_get_200");
    assert!(
        api.models[id.index()].holds().contains(id),
        "the recursion is kept"
    );
}
