//! Broken specs, one per kind of [`generator::Error`] that loading or
//! lowering can produce. Each test checks the variant, the exact JSON
//! pointer (and line, where the YAML layout gives one) and the `Display`
//! text a user sees, which must name the file and the pointer.
//!
//! The last tests feed mangled copies of the real v2 spec through the whole
//! pipeline: every one must come back as `Ok` or `Err`, never as a panic.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use generator::error::Pointer;
use generator::load::{self, line_of, Spec};
use generator::{CrateInfo, Error, Location};

const FILE: &str = "broken.yaml";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

fn info() -> CrateInfo {
    CrateInfo::new(
        "broken",
        "0.0.0",
        "A crate from a broken spec.",
        "../runtime",
    )
}

/// Loading `text` must fail; the error.
#[track_caller]
fn load_err(text: &str) -> Error {
    match load::parse(text, FILE) {
        Ok(_) => panic!("the spec loaded, but it is broken:\n{text}"),
        Err(e) => e,
    }
}

/// Loading `text` must succeed and lowering it must fail; the error.
#[track_caller]
fn lower_err(text: &str) -> Error {
    let spec = load::parse(text, FILE).unwrap_or_else(|e| panic!("the spec should load: {e}"));
    match generator::lower::lower_crate(&info(), &[("v1".into(), spec)]) {
        Ok(_) => panic!("the spec lowered, but it is broken:\n{text}"),
        Err(e) => e,
    }
}

/// The location's pointer is `pointer`, and the message starts with the
/// file, the pointer and the line.
#[track_caller]
fn assert_location(err: &Error, location: &Location, pointer: &str, line: Option<usize>) {
    assert_eq!(location.file, FILE, "{err}");
    assert_eq!(location.pointer, pointer, "{err}");
    assert_eq!(location.line, line, "{err}");
    let prefix = match line {
        Some(line) => format!("{FILE}{pointer} (line {line}): "),
        None => format!("{FILE}{pointer}: "),
    };
    assert!(
        err.to_string().starts_with(&prefix),
        "`{err}` should start with `{prefix}`"
    );
}

#[test]
fn unreadable_file() {
    let err = load::load(Path::new("/nonexistent/dir/spec.yaml"), "missing.yaml").unwrap_err();
    let Error::Read { file, source } = &err else {
        panic!("expected Read, got {err:?}")
    };
    assert_eq!(file, "missing.yaml");
    assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
    assert!(
        err.to_string().starts_with("missing.yaml: cannot read: "),
        "{err}"
    );
}

#[test]
fn invalid_yaml_syntax_reports_the_line() {
    let text = "\
openapi: 3.0.3
info:
  title: Broken
  version: \"1.0
paths: {}
";
    let err = load_err(text);
    let Error::Syntax {
        location, message, ..
    } = &err
    else {
        panic!("expected Syntax, got {err:?}")
    };
    assert_eq!(location.pointer, "#");
    // The unterminated string opens on line 4; the scanner reports where it
    // gave up, which is at or after that line.
    let line = location.line.expect("a syntax error has a line");
    assert!((4..=6).contains(&line), "line {line}: {err}");
    assert!(!message.is_empty());
    assert!(
        err.to_string()
            .starts_with(&format!("{FILE}# (line {line}): invalid YAML: ")),
        "{err}"
    );
}

#[test]
fn invalid_yaml_indentation_reports_its_line() {
    let text = "\
openapi: 3.0.3
info:
  title: Broken
 version: \"1.0\"
paths: {}
";
    let err = load_err(text);
    let Error::Syntax { location, .. } = &err else {
        panic!("expected Syntax, got {err:?}")
    };
    assert_eq!(location.line, Some(4), "{err}");
    assert_location(&err, location, "#", Some(4));
}

#[test]
fn wrong_structure_reports_the_json_pointer() {
    let text = "\
openapi: 3.0.3
info:
  title: Broken
  version:
    - 1
    - 0
servers:
  - url: https://api.example.com
paths: {}
";
    let err = load_err(text);
    let Error::Structure { location, message } = &err else {
        panic!("expected Structure, got {err:?}")
    };
    assert_location(&err, location, "#/info/version", Some(4));
    assert!(message.contains("expected a string"), "{message}");
    assert_eq!(
        err.to_string(),
        format!("{FILE}#/info/version (line 4): not a valid OpenAPI 3.0 document: {message}")
    );
}

#[test]
fn missing_required_field_reports_its_parent() {
    let text = "\
openapi: 3.0.3
info:
  title: Broken
servers:
  - url: https://api.example.com
paths: {}
";
    let err = load_err(text);
    let Error::Structure { location, message } = &err else {
        panic!("expected Structure, got {err:?}")
    };
    assert_location(&err, location, "#/info", Some(2));
    assert!(message.contains("missing field `version`"), "{message}");
}

#[test]
fn openapi_4_is_unsupported() {
    let text = "\
openapi: 4.0.0
info:
  title: Too new
  version: \"1.0\"
paths: {}
";
    let err = load_err(text);
    let Error::UnsupportedVersion { location, version } = &err else {
        panic!("expected UnsupportedVersion, got {err:?}")
    };
    assert_eq!(version, "4.0.0");
    assert_location(&err, location, "#/openapi", Some(1));
    assert_eq!(
        err.to_string(),
        "broken.yaml#/openapi (line 1): unsupported OpenAPI version `4.0.0`; only 3.0.x and 3.1.x are supported"
    );
}

#[test]
fn swagger_2_is_unsupported() {
    let text = "\
swagger: \"2.0\"
info:
  title: Too old
  version: \"1.0\"
paths: {}
";
    let err = load_err(text);
    let Error::UnsupportedVersion { location, version } = &err else {
        panic!("expected UnsupportedVersion, got {err:?}")
    };
    assert_eq!(version, "2.0");
    assert_location(&err, location, "#/swagger", Some(1));
    assert_eq!(
        err.to_string(),
        "broken.yaml#/swagger (line 1): unsupported OpenAPI version `2.0`; only 3.0.x and 3.1.x are supported"
    );
}

/// A spec with one `GET /api/v2/api_keys` whose 200 response schema is `schema`
/// (indented for its place).
fn with_response_schema(schema: &str) -> String {
    format!(
        "\
openapi: 3.0.3
info:
  title: Broken
  version: \"1.0\"
servers:
  - url: https://api.example.com
paths:
  /api/v2/api_keys:
    get:
      operationId: ListAPIKeys
      responses:
        \"200\":
          description: OK
          content:
            application/json:
              schema:
{schema}
components:
  schemas:
    Key:
      type: object
      properties:
        id:
          type: string
"
    )
}

const SCHEMA_SITE: &str =
    "#/paths/~1api~1v2~1api_keys/get/responses/200/content/application~1json/schema";

#[test]
fn unresolved_ref_points_at_the_ref_site() {
    let text = with_response_schema("                $ref: \"#/components/schemas/Missing\"");
    let err = load_err(&text);
    let Error::UnresolvedRef {
        location,
        reference,
    } = &err
    else {
        panic!("expected UnresolvedRef, got {err:?}")
    };
    assert_eq!(reference, "#/components/schemas/Missing");
    assert_location(&err, location, SCHEMA_SITE, Some(16));
    assert_eq!(
        err.to_string(),
        format!(
            "{FILE}{SCHEMA_SITE} (line 16): unresolvable reference `#/components/schemas/Missing`"
        )
    );
}

/// A spec given as text (`load::parse`) has no directory: a reference to
/// another file is refused there (`load::load` reads it, see the split
/// tests below).
#[test]
fn external_ref_in_text_is_rejected() {
    let text = with_response_schema("                $ref: \"other.yaml#/components/schemas/Key\"");
    let err = load_err(&text);
    let Error::ExternalRef {
        location,
        reference,
    } = &err
    else {
        panic!("expected ExternalRef, got {err:?}")
    };
    assert_eq!(reference, "other.yaml#/components/schemas/Key");
    assert_location(&err, location, SCHEMA_SITE, Some(16));
    assert_eq!(
        err.to_string(),
        format!(
            "{FILE}{SCHEMA_SITE} (line 16): reference `other.yaml#/components/schemas/Key` points to another file, \
             and a spec given as text has no directory to read it from; load the spec from its file"
        )
    );
}

#[test]
fn a_ref_inside_example_data_is_data_but_a_property_named_example_is_checked() {
    // GitHub's spec: an example value holding `$ref` to a file it does not
    // ship. Example values, defaults and extensions are JSON as written.
    let literal = with_response_schema(
        "                type: object
                default: {$ref: missing.yaml}
                x-meta: {$ref: missing.yaml}
              examples:
                stats:
                  value: [{$ref: server-statistics-actions.yaml}]
                shared:
                  $ref: \"#/components/examples/Shared\"",
    )
    .replace(
        "components:\n",
        "components:\n  examples:\n    Shared:\n      value: {$ref: missing.yaml}\n",
    );
    load::parse(&literal, FILE)
        .unwrap_or_else(|e| panic!("example data must not be followed: {e}"));

    // An Example Object's own `$ref` is a reference, and a property called
    // `example` is a schema like any other.
    let bad_example = literal.replace("#/components/examples/Shared", "#/components/examples/Gone");
    assert!(matches!(
        load_err(&bad_example),
        Error::UnresolvedRef { .. }
    ));
    let property = with_response_schema(
        "                type: object
                properties:
                  example: {$ref: other.yaml}",
    );
    let Error::ExternalRef { location, .. } = load_err(&property) else {
        panic!("a property named `example` is checked");
    };
    assert_eq!(
        location.pointer,
        format!("{SCHEMA_SITE}/properties/example")
    );
}

#[test]
fn pure_ref_cycle_is_rejected() {
    let text = "\
openapi: 3.0.3
info:
  title: Broken
  version: \"1.0\"
servers:
  - url: https://api.example.com
paths: {}
components:
  schemas:
    A:
      $ref: \"#/components/schemas/B\"
    B:
      $ref: \"#/components/schemas/A\"
";
    let err = load_err(text);
    let Error::RefCycle { location, chain } = &err else {
        panic!("expected RefCycle, got {err:?}")
    };
    assert_eq!(
        chain,
        &[
            "#/components/schemas/B",
            "#/components/schemas/A",
            "#/components/schemas/B"
        ]
    );
    assert_location(&err, location, "#/components/schemas/A", Some(10));
    assert_eq!(
        err.to_string(),
        "broken.yaml#/components/schemas/A (line 10): reference cycle without a schema in between: \
         #/components/schemas/B -> #/components/schemas/A -> #/components/schemas/B"
    );
}

#[test]
fn duplicate_operation_id_points_at_the_second_and_names_the_first() {
    let text = "\
openapi: 3.0.3
info:
  title: Broken
  version: \"1.0\"
servers:
  - url: https://api.example.com
paths:
  /api/v2/api_keys:
    get:
      operationId: ListAPIKeys
      responses:
        \"200\":
          description: OK
  /api/v2/current_user/application_keys:
    get:
      operationId: ListAPIKeys
      responses:
        \"200\":
          description: OK
";
    let err = load_err(text);
    let Error::DuplicateOperationId {
        location,
        id,
        first,
    } = &err
    else {
        panic!("expected DuplicateOperationId, got {err:?}")
    };
    assert_eq!(id, "ListAPIKeys");
    assert_eq!(first, "#/paths/~1api~1v2~1api_keys/get/operationId");
    let second = "#/paths/~1api~1v2~1current_user~1application_keys/get/operationId";
    assert_location(&err, location, second, Some(16));
    assert_eq!(
        err.to_string(),
        format!(
            "{FILE}{second} (line 16): duplicate operationId `ListAPIKeys` \
             (first used at #/paths/~1api~1v2~1api_keys/get/operationId)"
        )
    );
}

#[test]
fn template_variable_without_path_parameter() {
    let text = "\
openapi: 3.0.3
info:
  title: Broken
  version: \"1.0\"
servers:
  - url: https://api.example.com
paths:
  /api/v2/api_keys/{api_key_id}:
    get:
      operationId: GetAPIKey
      responses:
        \"200\":
          description: OK
";
    let err = load_err(text);
    let Error::UndeclaredPathParameter { location, name } = &err else {
        panic!("expected UndeclaredPathParameter, got {err:?}")
    };
    assert_eq!(name, "api_key_id");
    let pointer = "#/paths/~1api~1v2~1api_keys~1{api_key_id}/get";
    assert_location(&err, location, pointer, Some(9));
    assert_eq!(
        err.to_string(),
        format!(
            "{FILE}{pointer} (line 9): path template has `{{api_key_id}}` but no `in: path` parameter \
             named `api_key_id` is declared"
        )
    );
}

#[test]
fn path_parameter_not_in_template() {
    let text = "\
openapi: 3.0.3
info:
  title: Broken
  version: \"1.0\"
servers:
  - url: https://api.example.com
paths:
  /api/v2/api_keys:
    get:
      operationId: ListAPIKeys
      parameters:
        - name: api_key_id
          in: path
          required: true
          schema:
            type: string
      responses:
        \"200\":
          description: OK
";
    let err = load_err(text);
    let Error::PathParameterNotInTemplate { location, name } = &err else {
        panic!("expected PathParameterNotInTemplate, got {err:?}")
    };
    assert_eq!(name, "api_key_id");
    let pointer = "#/paths/~1api~1v2~1api_keys/get/parameters/0";
    assert_location(&err, location, pointer, Some(12));
    assert_eq!(
        err.to_string(),
        format!("{FILE}{pointer} (line 12): path parameter `api_key_id` does not appear in the path template")
    );
}

#[test]
fn unknown_schema_type_is_unsupported() {
    let text = with_response_schema("                type: file");
    let err = lower_err(&text);
    let Error::Unsupported { location, what } = &err else {
        panic!("expected Unsupported, got {err:?}")
    };
    assert_eq!(what, "unknown schema type `file`");
    let pointer = format!("{SCHEMA_SITE}/type");
    assert_location(&err, location, &pointer, Some(17));
    assert_eq!(
        err.to_string(),
        format!("{FILE}{pointer} (line 17): unsupported: unknown schema type `file`")
    );
}

/// A spec whose one operation carries `extension` (indented for its place)
/// and has `page[size]` as its only query parameter.
fn with_extension(extension: &str) -> String {
    format!(
        "\
openapi: 3.0.3
info:
  title: Broken
  version: \"1.0\"
servers:
  - url: https://api.{{site}}
    variables:
      site:
        default: datadoghq.com
        enum:
          - datadoghq.com
          - datadoghq.eu
paths:
  /api/v2/api_keys:
    get:
      operationId: ListAPIKeys
{extension}
      parameters:
        - name: page[size]
          in: query
          schema:
            type: integer
      responses:
        \"200\":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    type: array
                    items:
                      type: string
"
    )
}

/// Lowering `text` must succeed, with exactly one warning; the warning.
#[track_caller]
fn lower_warning(text: &str) -> (generator::ir::Crate, String) {
    let spec = load::parse(text, FILE).unwrap_or_else(|e| panic!("the spec should load: {e}"));
    let krate = generator::lower::lower_crate(&info(), &[("v1".into(), spec)])
        .unwrap_or_else(|e| panic!("a vendor extension must never fail a valid spec: {e}"));
    let warnings = &krate.apis[0].warnings;
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let warning = warnings[0].clone();
    (krate, warning)
}

#[test]
fn an_unknown_unavailable_site_is_a_warning_naming_where() {
    let text = with_extension(
        "      x-unavailable-sites:\n        - datadoghq.eu\n        - mars.datadoghq.com",
    );
    let (krate, warning) = lower_warning(&text);
    let pointer = "#/paths/~1api~1v2~1api_keys/get/x-unavailable-sites";
    assert_eq!(
        warning,
        format!(
            "{FILE}{pointer} (line 17): invalid `x-unavailable-sites`: `mars.datadoghq.com` is not one of \
             the server's sites (datadoghq.com, datadoghq.eu); generated without it"
        )
    );
    assert!(krate.apis[0].operations[0].unavailable_sites.is_empty());
}

#[test]
fn pagination_naming_undeclared_parameters_is_a_warning_and_no_stream() {
    let text = with_extension(
        "      x-pagination:\n        limitParam: page[size]\n        pageParam: page[number]\n        resultsPath: data",
    );
    let (krate, warning) = lower_warning(&text);
    let pointer = "#/paths/~1api~1v2~1api_keys/get/x-pagination";
    assert_eq!(
        warning,
        format!(
            "{FILE}{pointer} (line 17): invalid `x-pagination`: `page[number]` is not a query parameter of this operation; generated without it"
        )
    );
    assert!(krate.apis[0].operations[0].pagination.is_none());
}

#[test]
fn datadogs_published_extension_forms_never_fail_a_spec() {
    // Offset and cursor paging, as Datadog's published spec writes them,
    // naming parameters this operation lacks: a warning each, no stream.
    for form in [
        "      x-pagination:\n        limitParam: page[limit]\n        pageOffsetParam: page[offset]\n        resultsPath: data",
        "      x-pagination:\n        limitParam: page[size]\n        cursorParam: page[cursor]\n        cursorPath: meta.page.after\n        resultsPath: data",
    ] {
        let (krate, warning) = lower_warning(&with_extension(form));
        assert!(warning.contains("is not a query parameter of this operation"), "{warning}");
        assert!(krate.apis[0].operations[0].pagination.is_none());
    }
    // `OPEN`: no permission needed.
    let text =
        with_extension("      x-permission:\n        operator: OPEN\n        permissions: []");
    let spec = load::parse(&text, FILE).unwrap_or_else(|e| panic!("{e}"));
    let krate = generator::lower::lower_crate(&info(), &[("v1".into(), spec)])
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(krate.apis[0].warnings.is_empty());
    let op = &krate.apis[0].operations[0];
    assert_eq!(
        op.permission.as_ref().map(|p| p.operator),
        Some(generator::ir::PermissionOperator::Open)
    );
    assert!(op
        .docs
        .iter()
        .any(|line| line == "No permission is needed."));
    // A shape we do not know at all.
    let (_, warning) = lower_warning(&with_extension("      x-permission: 42"));
    assert!(warning.contains("invalid `x-permission`"), "{warning}");
}

#[test]
fn a_request_body_without_a_media_type_is_built_by_the_caller() {
    let text = "\
openapi: 3.0.3
info:
  title: Open
  version: \"1.0\"
servers:
  - url: https://api.example.com
paths:
  /api/v2/api_keys:
    post:
      operationId: CreateAPIKey
      requestBody:
        required: true
        content: {}
      responses:
        \"204\":
          description: Created
";
    let spec = load::parse(text, FILE).unwrap_or_else(|e| panic!("{e}"));
    let krate = generator::lower::lower_crate(&info(), &[("v1".into(), spec)])
        .unwrap_or_else(|e| panic!("a body without a media type is valid: {e}"));
    let body = krate.apis[0].operations[0].body.as_ref().expect("a body");
    assert_eq!(body.encoding, generator::ir::BodyEncoding::Raw);
    assert_eq!(body.ty, generator::ir::TypeRef::RawBody);
    assert!(body.required);
    assert!(
        body.docs.iter().any(|d| d.contains("names no media type")),
        "{:?}",
        body.docs
    );
}

#[test]
fn line_of_finds_keys_and_sequence_items() {
    let text = "\
openapi: 3.0.3
# a comment line
paths:
  /api/v2/api_keys/{id}:
    get:
      parameters:
        - name: id
          in: path
          required: true

        - name: filter[name]
          in: query
          schema:
            type: string
        -   name: third
            in: query
      responses:
        \"200\":
          description: OK
components:
  schemas: {}
";
    let at = |pointer: &str| line_of(text, &Pointer::from_fragment(pointer));
    let params = "#/paths/~1api~1v2~1api_keys~1{id}/get/parameters";
    assert_eq!(at("#/openapi"), Some(1));
    assert_eq!(at("#/paths"), Some(3));
    assert_eq!(at("#/paths/~1api~1v2~1api_keys~1{id}"), Some(4));
    assert_eq!(at(params), Some(6));
    assert_eq!(at(&format!("{params}/0")), Some(7));
    assert_eq!(at(&format!("{params}/0/name")), Some(7));
    assert_eq!(at(&format!("{params}/0/in")), Some(8));
    assert_eq!(at(&format!("{params}/0/required")), Some(9));
    assert_eq!(at(&format!("{params}/1")), Some(11));
    assert_eq!(at(&format!("{params}/1/in")), Some(12));
    assert_eq!(at(&format!("{params}/1/schema/type")), Some(14));
    assert_eq!(at(&format!("{params}/2/in")), Some(16));
    assert_eq!(
        at("#/paths/~1api~1v2~1api_keys~1{id}/get/responses/200/description"),
        Some(19)
    );
    assert_eq!(at("#/components/schemas"), Some(21));
    // Not there, or inside flow style: no guess.
    assert_eq!(at(&format!("{params}/3")), None);
    assert_eq!(at(&format!("{params}/0/schema")), None);
    assert_eq!(at("#/components/schemas/Missing"), None);
    assert_eq!(at("#/info"), None);
}

#[test]
fn errors_deep_in_sequences_get_their_line() {
    // The same lookup as above, reached through a real error.
    let text = "\
openapi: 3.0.3
info:
  title: Broken
  version: \"1.0\"
servers:
  - url: https://api.example.com
paths:
  /api/v2/api_keys/{id}:
    get:
      operationId: GetAPIKey
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
        - name: stray
          in: path
          required: true
          schema:
            type: string
      responses:
        \"200\":
          description: OK
";
    let err = load_err(text);
    let Error::PathParameterNotInTemplate { location, .. } = &err else {
        panic!("expected PathParameterNotInTemplate, got {err:?}")
    };
    assert_location(
        &err,
        location,
        "#/paths/~1api~1v2~1api_keys~1{id}/get/parameters/1",
        Some(17),
    );
}

/// What a mangled spec did.
enum Outcome {
    Generated,
    Failed,
}

/// Runs a spec text through load, lower, render and format, catching panics.
fn run_pipeline(text: &str, templates: &generator::render::Templates) -> Result<Outcome, String> {
    let result = catch_unwind(AssertUnwindSafe(|| -> generator::Result<()> {
        let spec: Spec = load::parse(text, "mangled.yaml")?;
        let krate = generator::lower::lower_crate(&info(), &[("v2".into(), spec)])?;
        let rendered = templates.render_crate(&krate)?;
        generator::format::format_all(rendered)?;
        Ok(())
    }));
    match result {
        Ok(Ok(())) => Ok(Outcome::Generated),
        Ok(Err(e)) => {
            // Every error must render, and name the file when it is a spec error.
            let message = e.to_string();
            assert!(!message.is_empty());
            Ok(Outcome::Failed)
        }
        Err(panic) => Err(panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "(non-string panic)".into())),
    }
}

/// A small deterministic generator (64-bit LCG), so every run mangles the
/// spec the same way.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % bound as u64) as usize
    }
}

#[test]
fn mangled_specs_never_panic() {
    let text =
        std::fs::read_to_string(root().join("spec/v2/key_management.yaml")).expect("the v2 spec");
    let templates =
        generator::render::Templates::load(&root().join("templates")).expect("templates");
    let mut variants: Vec<(String, String)> = Vec::new();

    // Truncated at 20 offsets spread over the file, each moved back to a
    // char boundary.
    for i in 1..=20 {
        let mut offset = text.len() * i / 21;
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        variants.push((
            format!("truncated at byte {offset}"),
            text[..offset].to_owned(),
        ));
    }

    // Lines deleted: one line, then growing runs of scattered lines.
    let lines: Vec<&str> = text.lines().collect();
    let mut rng = Lcg(0x5eed);
    for round in 0..20 {
        let count = 1 + round / 2;
        let mut deleted: Vec<usize> = (0..count).map(|_| rng.next(lines.len())).collect();
        deleted.sort_unstable();
        deleted.dedup();
        let kept: Vec<&str> = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| !deleted.contains(i))
            .map(|(_, l)| *l)
            .collect();
        let numbers: Vec<String> = deleted.iter().map(|i| (i + 1).to_string()).collect();
        variants.push((
            format!("lines {} deleted", numbers.join(", ")),
            kept.join("\n") + "\n",
        ));
    }

    let outcomes: Vec<(String, Result<Outcome, String>)> = variants
        .iter()
        .map(|(label, text)| (label.clone(), run_pipeline(text, &templates)))
        .collect();

    let panics: Vec<String> = outcomes
        .iter()
        .filter_map(|(label, outcome)| outcome.as_ref().err().map(|p| format!("{label}: {p}")))
        .collect();
    assert!(
        panics.is_empty(),
        "the generator panicked on mangled specs:\n{}",
        panics.join("\n")
    );
    let failed = outcomes
        .iter()
        .filter(|(_, o)| matches!(o, Ok(Outcome::Failed)))
        .count();
    let generated = outcomes
        .iter()
        .filter(|(_, o)| matches!(o, Ok(Outcome::Generated)))
        .count();
    assert_eq!(failed + generated, 40);
    // Most truncations cut a document the generator needs.
    assert!(
        failed >= 10,
        "only {failed} of 40 mangled specs were rejected"
    );
}

// --- Input as written: BOM, CRLF, JSON, encoding ------------------------------------------

/// The generated files for `text` as the only spec of a crate.
fn generate_text(text: &str, name: &str) -> generator::Output {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write spec");
    let config = generator::Config {
        info: info(),
        specs: vec![generator::SpecInput {
            module: "api".into(),
            path,
            display: name.into(),
        }],
        templates: root().join("templates"),
        vendor_runtime: None,
    };
    generator::generate(&config)
        .unwrap_or_else(|e| panic!("{e}"))
        .1
}

#[test]
fn a_byte_order_mark_and_crlf_line_endings_change_nothing() {
    let text = std::fs::read_to_string(root().join("spec/v2/key_management.yaml")).unwrap();
    let plain = generate_text(&text, "spec.yaml");
    let windows = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    assert_eq!(generate_text(&windows, "spec.yaml"), plain);
}

#[test]
fn json_is_read_as_json_surrogate_pairs_included() {
    let text = r#"{
  "openapi": "3.0.3",
  "info": {"title": "Emoji \ud83d\ude00", "version": "1"},
  "paths": {}
}"#;
    let spec = load::parse(text, "spec.json").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(spec.doc.info.title, "Emoji \u{1f600}");
    let broken = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"x\",}\n}";
    let err = load::parse(broken, "spec.json").unwrap_err();
    let Error::Syntax { location, .. } = &err else {
        panic!("expected Syntax, got {err:?}")
    };
    assert_eq!(location.line, Some(3), "{err}");
    assert!(
        err.to_string()
            .starts_with("spec.json# (line 3): invalid JSON: "),
        "{err}"
    );
}

#[test]
fn a_json_key_written_twice_is_refused_at_its_pointer() {
    // The second `/pets` would silently replace the first, and its
    // operation would vanish.
    let text = r#"{
  "openapi": "3.0.3",
  "info": {"title": "Pets", "version": "1"},
  "paths": {
    "/pets": {"get": {"operationId": "listPets", "responses": {"200": {"description": "ok"}}}},
    "/pets": {"post": {"operationId": "addPet", "responses": {"201": {"description": "ok"}}}}
  }
}"#;
    let err = load::parse(text, "spec.json").unwrap_err();
    let Error::Syntax { location, .. } = &err else {
        panic!("expected Syntax, got {err:?}")
    };
    assert_eq!(location.pointer, "#/paths/~1pets", "{err}");
    assert_eq!(location.line, Some(6), "{err}");
    assert_eq!(
        err.to_string(),
        "spec.json#/paths/~1pets (line 6): invalid JSON: duplicate key `/pets`: the object already has it"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_named_with_its_byte_offset_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("latin1.yaml");
    std::fs::write(&path, b"openapi: 3.0.3\ninfo:\n  title: caf\xe9\n").unwrap();
    let err = load::load(&path, "latin1.yaml").unwrap_err();
    match &err {
        Error::NotUtf8 { file, offset, line } => {
            assert_eq!(file, "latin1.yaml");
            assert_eq!(*offset, 33);
            assert_eq!(*line, 3);
        }
        other => panic!("expected NotUtf8, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "latin1.yaml: not UTF-8 text: invalid byte at offset 33 (line 3)"
    );
}

#[test]
fn integers_beyond_i64_in_bounds_and_defaults_are_accepted() {
    // OpenAI's spec bounds an int64 with the float-printed i64::MIN.
    let text = std::fs::read_to_string(root().join("tests/fixtures/params.yaml"))
        .unwrap()
        .replacen(
            "openapi: 3.0.3",
            "openapi: 3.0.3\nx-big: 99999999999999999999999",
            1,
        );
    let spec = load::parse(&text, FILE).unwrap_or_else(|e| panic!("{e}"));
    assert!(spec.doc.extensions.contains_key("x-big"));
    let big = "openapi: 3.0.3\ninfo: {title: Big, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - name: n\n          in: query\n          schema: {type: integer, format: int64, minimum: -9223372036854776000, maximum: 9223372036854776000, default: 18446744073709551616}\n      responses:\n        '200': {description: ok}\n";
    let output = generate_text(big, "big.yaml");
    let api = &output["src/api/api.rs"];
    assert!(
        api.contains("Minimum: -9223372036854775808, Maximum: 9223372036854775807"),
        "{api}"
    );
}

#[test]
fn an_enum_with_no_values_is_refused_with_its_pointer() {
    let text = "\
openapi: 3.0.3
info:
  title: Broken
  version: \"1.0\"
paths: {}
components:
  schemas:
    Nothing:
      type: string
      enum: []
";
    let err = load_err(text);
    let Error::Unsupported { location, what } = &err else {
        panic!("expected Unsupported, got {err:?}")
    };
    assert_location(
        &err,
        location,
        "#/components/schemas/Nothing/enum",
        Some(10),
    );
    assert!(what.contains("no values"), "{err}");
}

/// Loads `tests/broken/<dir>/openapi.yaml`, which must fail; the error.
#[track_caller]
fn split_err(dir: &str) -> Error {
    let display = format!("tests/broken/{dir}/openapi.yaml");
    match load::load(&root().join(&display), &display) {
        Ok(_) => panic!("{display} loaded, but it is broken"),
        Err(e) => e,
    }
}

#[test]
fn a_bad_pointer_in_another_file_names_the_chain_of_files() {
    let err = split_err("split-bad-pointer");
    let Error::UnresolvedRef {
        location,
        reference,
    } = &err
    else {
        panic!("expected UnresolvedRef, got {err:?}")
    };
    assert_eq!(reference, "owner.yaml#/components/schemas/Missing");
    // The chain: the root's reference, then the file it led to, where the
    // bad reference is (its pointer and line in that file).
    assert_eq!(
        location.file,
        "tests/broken/split-bad-pointer/openapi.yaml#/paths/~1pets/get/responses/200/content/application~1json/schema -> tests/broken/split-bad-pointer/schemas/pet.yaml"
    );
    assert_eq!(location.pointer, "#/properties/owner");
    assert_eq!(location.line, Some(4));
    assert!(
        err.to_string().ends_with("schemas/pet.yaml#/properties/owner (line 4): unresolvable reference `owner.yaml#/components/schemas/Missing`"),
        "{err}"
    );
}

#[test]
fn a_missing_file_is_named_with_the_reference_to_it() {
    let display = "tests/broken/missing-file.yaml";
    let err = load::load(&root().join(display), display).unwrap_err();
    let Error::RefFile {
        location,
        reference,
        file,
        source,
    } = &err
    else {
        panic!("expected RefFile, got {err:?}")
    };
    assert_eq!(reference, "models.yaml#/Thing");
    assert_eq!(file, "tests/broken/models.yaml");
    assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
    assert_eq!(
        location.pointer,
        "#/paths/~1a/get/responses/200/content/application~1json/schema"
    );
    assert_eq!(location.line, Some(12));
    assert_eq!(location.file, display);
}

#[test]
fn references_out_of_the_tree_or_to_urls_are_refused_without_reading_them() {
    for (dir, reference, why) in [
        (
            "split-outside",
            "../missing-file.yaml#/paths/~1a",
            "leaves the spec's directory tree",
        ),
        (
            "split-url",
            "https://example.com/schemas/pet.yaml",
            "names a URL",
        ),
    ] {
        let err = split_err(dir);
        let Error::RefRefused {
            location,
            reference: found,
            why: found_why,
        } = &err
        else {
            panic!("{dir}: expected RefRefused, got {err:?}")
        };
        assert_eq!(found, reference, "{dir}");
        assert_eq!(found_why, why, "{dir}");
        assert_eq!(location.file, format!("tests/broken/{dir}/openapi.yaml"));
        assert_eq!(
            location.pointer,
            "#/paths/~1pets/get/responses/200/content/application~1json/schema"
        );
        assert!(
            err.to_string().contains(
                "only files in the spec's directory tree are read, and nothing is fetched from the network"
            ),
            "{err}"
        );
    }
}

#[test]
fn split_specs_are_read_file_by_file_with_errors_in_the_file_that_holds_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(
        "root.yaml",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      $ref: 'ops/a.yaml'\n",
    );
    // An operation in another file, whose schema is an enum of no values:
    // the error names the chain of files, and the pointer and line in the
    // file that holds it.
    write(
        "ops/a.yaml",
        "operationId: getA\nresponses:\n  '200':\n    description: OK\n    content:\n      application/json:\n        schema:\n          type: string\n          enum: []\n",
    );
    let err = load::load(&dir.path().join("root.yaml"), "root.yaml").unwrap_err();
    let location = err.location().expect("located");
    assert_eq!(
        location.file, "root.yaml#/paths/~1a/get -> ops/a.yaml",
        "{err}"
    );
    assert_eq!(
        location.pointer, "#/responses/200/content/application~1json/schema/enum",
        "{err}"
    );
    assert_eq!(location.line, Some(9), "{err}");
    // An operation that is a copy of itself never ends: refused.
    write(
        "root.yaml",
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    $ref: 'ops/a.yaml'\n",
    );
    write("ops/a.yaml", "get:\n  $ref: 'a.yaml#/get'\n");
    let err = load::load(&dir.path().join("root.yaml"), "root.yaml").unwrap_err();
    assert!(matches!(err, Error::RefCycle { .. }), "{err:?}");
    assert!(
        err.to_string()
            .ends_with("ops/a.yaml -> ops/a.yaml#/get -> ops/a.yaml#/get"),
        "{err}"
    );
}
