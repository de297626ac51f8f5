//! Unit tests of the view: each IR variant becomes the fact the templates
//! place, checked as the templates see it (serialized).

use serde_json::{json, Value};

use super::models::field_helpers;
use super::operations::{query_serde, BodyView, ErrorStatusView, PaginationView, SuccessView};
use super::*;
use crate::ir::{
    Body, BodyEncoding, Constraints, ErrorStatus, FieldShape, ModelKind, MultipartPart,
    PagePosition, Pagination, Param, ParamLocation, PartKind, Primitive, Success,
};

fn seen<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("a view serializes")
}

fn alias(rust_name: &str) -> Model {
    Model {
        wire_name: rust_name.to_owned(),
        rust_name: rust_name.to_owned(),
        docs: Vec::new(),
        kind: ModelKind::Alias {
            target: TypeRef::STRING,
        },
        features: Vec::new(),
    }
}

fn types(models: &[Model]) -> Types<'_> {
    Types {
        models,
        lib_name: "my_client",
    }
}

const I32: TypeRef = TypeRef::Primitive(Primitive::I32);

#[test]
fn types_are_named_from_the_table_and_an_unknown_model_is_an_error() {
    let models = [alias("A"), alias("B")];
    let types = types(&models);
    let ty = TypeRef::List(Box::new(TypeRef::Option(Box::new(TypeRef::Model(
        ModelId::new(1),
    )))));
    assert_eq!(types.text(&ty).unwrap(), "Vec<Option<B>>");
    assert_eq!(
        types.text_optional(&ty, false).unwrap(),
        "Option<Vec<Option<B>>>"
    );
    assert_eq!(types.text_optional(&I32, true).unwrap(), "i32");
    let unknown = TypeRef::Map(Box::new(TypeRef::Model(ModelId::new(7))));
    assert_eq!(
        types.text(&unknown),
        Err(ViewError::UnknownModel(ModelId::new(7)))
    );
    let sample = Sample::New {
        model: ModelId::new(0),
        args: vec![Sample::Text("x".into()), Sample::Integer(3)],
    };
    assert_eq!(types.samples(&[sample], "op").unwrap(), "A::new(\"x\", 3)");
    let unknown = Sample::Unit {
        model: ModelId::new(9),
        variant: "V".into(),
    };
    assert_eq!(
        types.samples(&[unknown], "ListThings"),
        Err(ViewError::UnknownExampleModel("ListThings".into()))
    );
}

#[test]
fn clippy_limit_counts_seven_arguments_as_fine() {
    assert_eq!(CLIPPY_MAX_ARGUMENTS, 7);
    assert!(!too_many_arguments(7));
    assert!(too_many_arguments(8));
}

#[test]
fn impls_are_split_every_formatter_chunk() {
    let n = crate::format::ITEMS_PER_IMPL;
    let starts: Vec<usize> = (0..3 * n + 1).filter(|&i| starts_impl_chunk(i)).collect();
    assert_eq!(starts, [0, n, 2 * n, 3 * n]);
}

#[test]
fn each_field_shape_has_its_wrapper_and_runtime_helpers() {
    let cases = [
        (
            FieldShape::Required,
            (false, false),
            ("entry", "required", None),
        ),
        (
            FieldShape::RequiredNullable,
            (true, false),
            ("entry", "optional", Some("Some")),
        ),
        (
            FieldShape::Optional,
            (true, false),
            ("optional_entry", "optional", Some("Some")),
        ),
        (
            FieldShape::OptionalNullable,
            (false, true),
            (
                "nullable_entry",
                "nullable",
                Some("runtime::Nullable::Value"),
            ),
        ),
    ];
    for (shape, (in_option, in_nullable), helpers) in cases {
        assert_eq!(
            Holding::of(shape),
            Holding {
                in_option,
                in_nullable
            },
            "{shape:?}"
        );
        assert_eq!(field_helpers(shape), helpers, "{shape:?}");
    }
}

fn param(location: ParamLocation, required: bool) -> Param {
    Param {
        wire_name: "filter[x]".into(),
        rust_name: "filter_x".into(),
        ty: TypeRef::List(Box::new(TypeRef::STRING)),
        shape: if required {
            FieldShape::Required
        } else {
            FieldShape::Optional
        },
        location,
        constraints: Constraints::default(),
        docs: Vec::new(),
    }
}

#[test]
fn each_query_style_gets_its_serde_attribute_and_the_rest_are_skipped() {
    use ParamLocation::*;
    let joined = |joiner: &str, required: bool| {
        let function = if required {
            "serialize"
        } else {
            "serialize_option"
        };
        json!({
            "rename": "filter[x]",
            "skip_if_none": !required,
            "serialize_with": format!("runtime::__private::{joiner}::{function}"),
        })
    };
    let plain = |rename: &str, required: bool| json!({ "rename": rename, "skip_if_none": !required, "serialize_with": null });
    for required in [true, false] {
        let cases = [
            (Query, plain("filter[x]", required)),
            (QueryRepeated, plain("filter[x]", required)),
            (QueryDeepObjectList, plain("filter[x][]", required)),
            (QueryCommaSeparated, joined("comma_separated", required)),
            (QuerySpaceDelimited, joined("space_separated", required)),
            (QueryPipeDelimited, joined("pipe_separated", required)),
            (QueryJson, joined("json_text", required)),
            (QueryDeepObject, Value::Null),
            (QueryFormObject, Value::Null),
            (Header, Value::Null),
            (HeaderList, Value::Null),
            (Cookie, Value::Null),
        ];
        for (location, expected) in cases {
            let p = param(location, required);
            assert_eq!(seen(&query_serde(&p)), expected, "{location:?} {required}");
        }
    }
}

fn body(encoding: BodyEncoding, required: bool) -> Body {
    Body {
        ty: TypeRef::Model(ModelId::new(0)),
        required,
        content_type: "application/x".into(),
        encoding,
        deep_object: vec!["expand".into(), "meta".into()],
        parts: vec![MultipartPart {
            wire_name: "file".into(),
            field: "file".into(),
            shape: FieldShape::OptionalNullable,
            kind: PartKind::Field,
        }],
        docs: Vec::new(),
    }
}

#[test]
fn each_body_encoding_is_one_runtime_call_or_the_parts() {
    let encode = |encoding| seen(&BodyView::new(&body(encoding, false)));
    let call = |function: &str, by_ref: bool, argument: &str| {
        json!({
            "required": false,
            "encode": { "function": function, "by_ref": by_ref, "argument": argument },
            "multipart": null,
        })
    };
    assert_eq!(
        encode(BodyEncoding::Json),
        call("json_body", true, "\"application/x\"")
    );
    assert_eq!(
        encode(BodyEncoding::Form),
        call("form_body", true, "&[\"expand\", \"meta\", ]")
    );
    assert_eq!(
        encode(BodyEncoding::Text),
        call("raw_body", false, "\"application/x\"")
    );
    assert_eq!(
        encode(BodyEncoding::Bytes),
        call("raw_body", false, "\"application/x\"")
    );
    assert_eq!(
        encode(BodyEncoding::Multipart),
        json!({
            "required": false,
            "encode": null,
            "multipart": [{
                "wire_name": "file",
                "field": "file",
                "method": "field",
                "fallible": true,
                "in_option": false,
                "in_nullable": true,
            }],
        })
    );
    assert_eq!(
        encode(BodyEncoding::Raw),
        json!({ "required": false, "encode": null, "multipart": null })
    );
}

#[test]
fn the_success_type_and_its_decoder_come_from_the_variant() {
    let models = [alias("ApiKey")];
    let types = types(&models);
    let sent_whole = |ty: &str, decoder: &str, response_ty: String, response_decoder: &str| {
        json!({
            "ty": ty, "send": "send", "decoder": decoder, "mock_ty": ty,
            "response_ty": response_ty, "response_send": "send_with",
            "response_decoder": response_decoder,
        })
    };
    let cases = [
        (
            Success::Json {
                ty: TypeRef::Model(ModelId::new(0)),
                status: 200,
                media_type: "application/json".into(),
            },
            sent_whole(
                "ApiKey",
                "json",
                "runtime::ResponseValue<ApiKey>".into(),
                "json_response",
            ),
            json!({ "status": 200, "media_type": "application/json", "has_value": true }),
        ),
        (
            Success::Text {
                status: 201,
                media_type: "text/plain".into(),
            },
            sent_whole(
                "String",
                "text",
                "runtime::ResponseValue<String>".into(),
                "text_response",
            ),
            json!({ "status": 201, "media_type": "text/plain", "has_value": true }),
        ),
        (
            // A download streams from `…_with_response`, without the cap.
            Success::Bytes {
                status: 200,
                media_type: "image/png".into(),
            },
            json!({
                "ty": "runtime::bytes::Bytes", "send": "send", "decoder": "bytes",
                "mock_ty": "runtime::bytes::Bytes",
                "response_ty": "runtime::ByteStream<Error>",
                "response_send": "send_streaming_with", "response_decoder": "bytes",
            }),
            json!({ "status": 200, "media_type": "image/png", "has_value": true }),
        ),
        (
            // Events stream from both methods; the mock answers with a list.
            Success::EventStream {
                ty: TypeRef::Model(ModelId::new(0)),
                status: 200,
                media_type: "text/event-stream".into(),
            },
            json!({
                "ty": "runtime::EventStream<ApiKey, Error>", "send": "send_streaming",
                "decoder": "events", "mock_ty": "Vec<ApiKey>",
                "response_ty": "runtime::EventStream<ApiKey, Error>",
                "response_send": "send_streaming_with", "response_decoder": "events",
            }),
            json!({ "status": 200, "media_type": "text/event-stream", "has_value": true }),
        ),
        (
            Success::Empty { status: 204 },
            sent_whole(
                "()",
                "empty",
                "runtime::ResponseValue<()>".into(),
                "empty_response",
            ),
            json!({ "status": 204, "media_type": null, "has_value": false }),
        ),
    ];
    for (success, reading, rest) in cases {
        let mut expected = reading;
        let (Value::Object(expected_map), Value::Object(rest)) = (&mut expected, rest) else {
            unreachable!("objects")
        };
        expected_map.extend(rest);
        let view = seen(&SuccessView::new(&success, "Error", &types).unwrap());
        assert_eq!(view, expected, "{success:?}");
    }
}

#[test]
fn error_statuses_are_runtime_variants() {
    let seen_status = |s| seen(&ErrorStatusView::of(&s));
    assert_eq!(
        seen_status(ErrorStatus::Code(404)),
        json!({ "variant": "Code", "value": 404 })
    );
    assert_eq!(
        seen_status(ErrorStatus::Class(4)),
        json!({ "variant": "Class", "value": 4 })
    );
    assert_eq!(
        seen_status(ErrorStatus::Default),
        json!({ "variant": "Default", "value": null })
    );
}

fn pagination(position: PagePosition) -> Pagination {
    Pagination {
        fn_name: "list_stream".into(),
        size_field: "page_size".into(),
        size_ty: I32,
        default_size: 25,
        position,
        item: TypeRef::STRING,
        items: Vec::new(),
        total: None,
    }
}

#[test]
fn each_page_position_has_its_sentence_and_its_counter_or_cursor() {
    let types = types(&[]);
    let view = |position| seen(&PaginationView::new(&pagination(position), &types).unwrap());
    let number = view(PagePosition::Number {
        field: "page".into(),
        ty: I32,
        first: 1,
    });
    assert_eq!(
        number["docs"],
        json!([
            "Pages are fetched lazily, 25 items at a time unless the params set a page size, starting at the params' page number (or 1). The stream ends after an empty or short page, once the reported total is reached, or after the first error."
        ])
    );
    assert_eq!(
        number["counter"],
        json!({ "field": "page", "ty": "i32", "first": 1, "advance": "Pages" })
    );
    assert_eq!(number["cursor"], Value::Null);
    let offset = view(PagePosition::Offset {
        field: "offset".into(),
        ty: I32,
    });
    assert!(
        offset["docs"][0].as_str().unwrap().contains(
            "starting at the params' offset (or 0). The stream ends after an empty or short page"
        ),
        "{offset}"
    );
    assert_eq!(
        offset["counter"],
        json!({ "field": "offset", "ty": "i32", "first": 0, "advance": "Items" })
    );
    let cursor = view(PagePosition::Cursor {
        field: "cursor".into(),
        next: vec![crate::ir::FieldStep {
            field: "meta".into(),
            shape: FieldShape::Optional,
        }],
    });
    assert!(
        cursor["docs"][0].as_str().unwrap().ends_with(
            "following the cursor each response names. The stream ends after a page without a next cursor, an empty page, or the first error."
        ),
        "{cursor}"
    );
    assert_eq!(
        cursor["cursor"],
        json!({ "field": "cursor", "next": [{ "field": "meta", "in_option": true, "in_nullable": false }] })
    );
    assert_eq!(cursor["counter"], Value::Null);
}

/// The default site by its position, wherever the spec lists it (a loop
/// filtered to the default in a template counts from 0 every time).
#[test]
fn the_default_site_is_found_by_position() {
    let site = |name: &str, default| Site {
        wire_name: name.into(),
        rust_name: name.to_uppercase(),
        default,
    };
    let mut krate = Crate {
        package: "my-client".into(),
        lib_name: "my_client".into(),
        version: "0.1.0".into(),
        description: "A client.".into(),
        runtime: RuntimeDependency {
            path: "../runtime".into(),
            package: None,
            version: "0.1.0".into(),
        },
        profile: Profile {
            name: "My API".into(),
            user_agent: "my-client".into(),
            site_variable: None,
            site_env: None,
            tracing_target: "my_client".into(),
            span_name: "request".into(),
        },
        sites: vec![site("us", false), site("eu", true), site("ap", false)],
        credentials: Vec::new(),
        servers: Default::default(),
        apis: Vec::new(),
        recursion_limit: None,
        features: None,
    };
    assert_eq!(seen(&CrateView::new(&krate).unwrap())["default_site"], 1);
    krate.sites[1].default = false;
    assert_eq!(
        CrateView::new(&krate).unwrap_err(),
        ViewError::NoDefaultSite
    );
}
