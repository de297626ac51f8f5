//! Every shape a schema can have, and what it becomes: a type written in
//! place or a model of its own, and as a component schema exactly one kind
//! of model.

use super::*;

/// What a schema of one shape becomes.
#[derive(Debug, PartialEq)]
struct Becomes {
    /// Written in place (`false`), or a model of its own (`true`), where it
    /// is a property's schema.
    inline_model: bool,
    /// The kind of model it is as a component schema; `None`: an error.
    component: Option<&'static str>,
}

/// The one thing each shape becomes, written out without a wildcard: a new
/// shape does not compile until it is decided here, and a row of `SCHEMAS`
/// shows it.
fn expected(shape: &Shape<'_>) -> (&'static str, Becomes) {
    let in_place = |kind| Becomes {
        inline_model: false,
        component: kind,
    };
    let model = |kind| Becomes {
        inline_model: true,
        component: Some(kind),
    };
    match shape {
        Shape::Reference(_) => ("reference", in_place(Some("Alias"))),
        Shape::Scalar(_) => ("scalar", in_place(Some("Alias"))),
        Shape::Json => ("json", in_place(Some("Alias"))),
        Shape::List(_) => ("list", in_place(Some("Alias"))),
        Shape::Tuple(_) => ("tuple", in_place(Some("Alias"))),
        Shape::Map(_) => ("map", in_place(Some("Alias"))),
        Shape::Part { .. } => ("part", in_place(Some("Alias"))),
        Shape::UnknownType(_) => ("unknown type", in_place(None)),
        Shape::StringEnum { .. } => ("string enum", model("StringEnum")),
        Shape::Struct { .. } => ("struct", model("Struct")),
        Shape::Union { .. } => ("union", model("OneOf")),
        Shape::Merge { .. } => ("merge", model("Struct")),
    }
}

/// A small schema of every shape (several for some), as YAML flow text, and
/// the shape it has.
const SCHEMAS: &[(&str, &str)] = &[
    ("{$ref: '#/components/schemas/Object'}", "reference"),
    ("{type: string}", "scalar"),
    ("{type: string, format: password}", "scalar"),
    ("{type: string, format: date-time}", "scalar"),
    ("{type: integer, format: int32}", "scalar"),
    ("{type: boolean}", "scalar"),
    // openapiv3 reads a string with a bound as an untyped schema.
    ("{type: string, format: binary, minimum: 1}", "scalar"),
    ("{type: string, enum: [null]}", "scalar"),
    ("{}", "json"),
    ("{not: {type: string}}", "json"),
    ("{type: array, items: {type: string}}", "list"),
    ("{items: {type: string}}", "json"),
    (
        "{type: array, prefixItems: [{type: string}, {type: integer}]}",
        "tuple",
    ),
    ("{type: object}", "map"),
    (
        "{type: object, additionalProperties: {type: integer}}",
        "map",
    ),
    ("{type: string, enum: [a, b]}", "string enum"),
    ("{type: string, enum: [a, 3, null]}", "string enum"),
    ("{type: object, properties: {a: {type: string}}}", "struct"),
    ("{properties: {a: {type: string}}}", "struct"),
    ("{oneOf: [{type: string}, {type: integer}]}", "union"),
    ("{type: object, anyOf: [{type: string}]}", "union"),
    ("{oneOf: [{$ref: '#/components/schemas/Object'}]}", "part"),
    ("{anyOf: [{type: string}]}", "part"),
    ("{allOf: [{$ref: '#/components/schemas/Object'}]}", "part"),
    (
        "{allOf: [{$ref: '#/components/schemas/Object'}, {description: d}]}",
        "part",
    ),
    (
        "{type: object, allOf: [{$ref: '#/components/schemas/Object'}]}",
        "part",
    ),
    (
        "{allOf: [{$ref: '#/components/schemas/Object'}, {properties: {b: {type: integer}}}]}",
        "merge",
    ),
    (
        "{properties: {b: {type: integer}}, allOf: [{$ref: '#/components/schemas/Object'}]}",
        "merge",
    ),
    ("{type: strange}", "unknown type"),
];

/// A spec whose component `S` is `schema`, beside `Holder`, an object whose
/// property `p` is `schema`.
fn spec(schema: &str) -> String {
    format!(
        "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Object: {{type: object, properties: {{a: {{type: string}}}}}}\n    S: {schema}\n    Holder: {{type: object, properties: {{p: {schema}}}}}\n"
    )
}

fn kind_name(kind: &ModelKind) -> &'static str {
    match kind {
        ModelKind::Struct { .. } => "Struct",
        ModelKind::StringEnum { .. } => "StringEnum",
        ModelKind::OneOf { .. } => "OneOf",
        ModelKind::Alias { .. } => "Alias",
    }
}

/// What lowering `schema` gives, in the terms of [`Becomes`].
fn lowered(schema: &str) -> Becomes {
    let lower = || -> Result<Vec<Model>> {
        let spec = crate::load::parse(&spec(schema), "spec.yaml")?;
        let mut types = TypeLowerer::new(&spec)?;
        types.lower_components()?;
        Ok(types.finish())
    };
    match lower() {
        Err(_) => Becomes {
            inline_model: false,
            component: None,
        },
        Ok(models) => {
            let named = |name: &str| models.iter().find(|m| m.wire_name == name);
            Becomes {
                // An inline model is named after where it is: `Holder` + `p`.
                inline_model: named("HolderP").is_some(),
                component: named("S").map(|m| kind_name(&m.kind)),
            }
        }
    }
}

#[test]
fn every_shape_becomes_exactly_one_thing() {
    let mut shapes = BTreeSet::new();
    for (text, name) in SCHEMAS {
        // The 3.1 pass keeps `prefixItems` as an extension: classify what
        // lowering sees.
        let spec = crate::load::parse(&spec(text), "spec.yaml").ok();
        let parsed: ReferenceOr<Schema> = serde_yaml::from_str(text).unwrap();
        let schema = spec
            .as_ref()
            .and_then(|s| s.doc.components.as_ref()?.schemas.get("S"))
            .unwrap_or(&parsed);
        let (shape, becomes) = expected(&classify(schema.into()));
        assert_eq!(shape, *name, "the shape of {text}");
        assert_eq!(lowered(text), becomes, "what {text} becomes");
        shapes.insert(shape);
    }
    assert_eq!(shapes.len(), 12, "a row for every shape: {shapes:?}");
}

#[test]
fn a_schema_that_is_only_itself_is_any_json() {
    let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {oneOf: [{$ref: '#/components/schemas/A'}]}\n    B: {allOf: [{$ref: '#/components/schemas/C'}, {description: d}]}\n    C: {anyOf: [{$ref: '#/components/schemas/B'}]}\n";
    let spec = crate::load::parse(text, "spec.yaml").unwrap();
    let mut types = TypeLowerer::new(&spec).unwrap();
    types.lower_components().unwrap();
    let models = types.finish();
    let targets: Vec<_> = models
        .iter()
        .map(|m| match &m.kind {
            ModelKind::Alias { target } => (m.wire_name.as_str(), target.clone()),
            other => panic!("{} is a {}", m.wire_name, kind_name(other)),
        })
        .collect();
    assert_eq!(
        targets,
        [
            ("A", TypeRef::Json),
            ("B", TypeRef::Json),
            ("C", TypeRef::Model(ModelId::new(1))),
        ]
    );
}

#[test]
fn a_string_is_classified_the_same_whichever_way_openapiv3_reads_it() {
    let scalar = |text: &str| match classify(SchemaRef::Item(&serde_yaml::from_str(text).unwrap()))
    {
        Shape::Scalar(ty) => ty,
        other => panic!("{text} is {other:?}"),
    };
    // `minimum` makes openapiv3 read these as untyped schemas.
    assert_eq!(scalar("{type: string, format: password}"), TypeRef::Secret);
    assert_eq!(
        scalar("{type: string, format: password, minimum: 1}"),
        TypeRef::Secret
    );
    assert_eq!(
        scalar("{type: string, format: binary, minimum: 1}"),
        TypeRef::File
    );
    // A string enum of no string is no enum.
    assert_eq!(scalar("{type: string, enum: [null]}"), TypeRef::STRING);
    assert_eq!(
        scalar("{type: string, enum: [null], minimum: 1}"),
        TypeRef::STRING
    );
}
