//! The public API report of a regeneration (`generator::api_diff`), on real
//! generations: for each kind of spec change, a small spec before and after
//! it, both generated with the repository's templates, and the exact report
//! lines and semver bump. Then the checked-in client against itself.
//!
//! What is breaking follows from the generated shapes: models are plain
//! structs with every field public (users build them with literals, so any
//! new field breaks them) and exhaustive enums (a new value breaks
//! exhaustive matches), while `…Params` structs are `#[non_exhaustive]`
//! (a new optional parameter is an addition).

use generator::api_diff::{diff, Bump, PublicApi, Report};
use generator::{Config, CrateInfo, SpecInput};
use xtask::project_root as root;

/// The spec every test changes: two operations (one with a query
/// parameter, one with a path parameter), two models and an enum.
const PETS: &str = r##"
openapi: 3.0.3
info:
  title: Pets
  version: "1.0"
servers:
  - url: https://api.example.com
tags:
  - name: Pets
paths:
  /pets:
    get:
      tags: [Pets]
      operationId: ListPets
      parameters:
        - name: limit
          in: query
          schema:
            type: integer
            format: int64
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: "#/components/schemas/Pet"
  /pets/{pet_id}:
    get:
      tags: [Pets]
      operationId: GetPet
      parameters:
        - name: pet_id
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Pet"
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name:
          type: string
        tag:
          type: string
        kind:
          $ref: "#/components/schemas/Kind"
    Kind:
      type: string
      enum: [cat, dog]
    Toy:
      type: object
      properties:
        label:
          type: string
"##;

/// The public API of the crate generated from `spec` (as module `pets`).
fn public_api(spec: &str) -> PublicApi {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pets.yaml");
    std::fs::write(&path, spec).unwrap();
    let config = Config {
        info: CrateInfo::new("pets", "0.1.0", "Pets.", "../runtime"),
        specs: vec![SpecInput {
            module: "pets".into(),
            path,
            display: "pets.yaml".into(),
        }],
        templates: root().join("templates"),
        vendor_runtime: None,
    };
    let (_, output) = generator::generate(&config).unwrap_or_else(|e| panic!("{e}"));
    PublicApi::from_output(&output).unwrap_or_else(|e| panic!("{e}"))
}

/// `spec` with the first `from` replaced by `to` (which must be there).
#[track_caller]
fn edit(spec: &str, from: &str, to: &str) -> String {
    assert!(spec.contains(from), "the spec has no `{from}`");
    spec.replacen(from, to, 1)
}

/// The report from the `PETS` spec to `after`.
fn report(after: &str) -> Report {
    diff(&public_api(PETS), &public_api(after))
}

#[track_caller]
fn assert_report(after: &str, lines: &[&str], bump: Bump) {
    let report = report(after);
    assert_eq!(report.lines(), lines, "\n{}", report.render(None));
    assert_eq!(report.bump(), bump);
}

/// A new operation, `DeletePet`, on the existing path.
const DELETE_PET: &str = r##"
    delete:
      tags: [Pets]
      operationId: DeletePet
      parameters:
        - name: pet_id
          in: path
          required: true
          schema:
            type: string
      responses:
        "204":
          description: Deleted
components:"##;

#[test]
fn operation_added() {
    let after = edit(PETS, "\ncomponents:", DELETE_PET);
    assert_report(
        &after,
        &[
            // Its typed mock, behind the `mock` feature.
            "compatible  pets::Mock::delete_pet: method added (feature `mock`)",
            "compatible  pets::PetsApi::delete_pet: operation added",
            "compatible  pets::PetsApi::delete_pet_with_response: operation added",
        ],
        Bump::Minor,
    );
}

#[test]
fn operation_removed() {
    let before = edit(PETS, "\ncomponents:", DELETE_PET);
    let report = diff(&public_api(&before), &public_api(PETS));
    assert_eq!(
        report.lines(),
        [
            "breaking  pets::Mock::delete_pet: method removed (feature `mock`)",
            "breaking  pets::PetsApi::delete_pet: operation removed",
            "breaking  pets::PetsApi::delete_pet_with_response: operation removed",
        ]
    );
    assert_eq!(report.bump(), Bump::Major);
}

#[test]
fn model_added() {
    let after = edit(
        PETS,
        "    Toy:",
        "    Owner:\n      type: object\n      properties:\n        name:\n          type: string\n    Toy:",
    );
    assert_report(
        &after,
        &["compatible  pets::models::Owner: model added"],
        Bump::Minor,
    );
}

#[test]
fn model_removed() {
    let at = PETS.find("    Toy:").unwrap();
    let after = &PETS[..at];
    assert_report(
        after,
        &["breaking  pets::models::Toy: model removed"],
        Bump::Major,
    );
}

#[test]
fn optional_field_added() {
    // Models are `#[non_exhaustive]` (built with `new` and setters): a new
    // optional field breaks no one.
    let after = edit(
        PETS,
        "        tag:\n",
        "        color:\n          type: string\n        tag:\n",
    );
    assert_report(
        &after,
        &[
            "compatible  pets::models::Pet: field `color: Option<String>` added",
            "compatible  pets::models::Pet::with_color: setter added",
        ],
        Bump::Minor,
    );
}

#[test]
fn required_field_added() {
    let after = edit(
        PETS,
        "      required: [name]\n      properties:\n",
        "      required: [name, age]\n      properties:\n        age:\n          type: integer\n          format: int64\n",
    );
    assert_report(
        &after,
        &[
            "breaking  pets::models::Pet::new: argument `age: impl Into<i64>` added",
            "compatible  pets::models::Pet: field `age: i64` added",
        ],
        Bump::Major,
    );
}

#[test]
fn field_removed() {
    let after = edit(PETS, "        tag:\n          type: string\n", "");
    assert_report(
        &after,
        &[
            "breaking  pets::models::Pet: field `tag` removed",
            "breaking  pets::models::Pet::with_tag: setter removed",
        ],
        Bump::Major,
    );
}

#[test]
fn field_type_changed() {
    let after = edit(
        PETS,
        "        tag:\n          type: string\n",
        "        tag:\n          type: integer\n          format: int64\n",
    );
    assert_report(
        &after,
        &[
            "breaking  pets::models::Pet: field `tag` changed from `Option<String>` to `Option<i64>`",
            "breaking  pets::models::Pet::with_tag: argument `value` changed from `impl Into<String>` to `impl Into<i64>`",
        ],
        Bump::Major,
    );
}

#[test]
fn field_optionality_changed() {
    let after = edit(
        PETS,
        "      required: [name]",
        "      required: [name, tag]",
    );
    assert_report(
        &after,
        &[
            "breaking  pets::models::Pet: field `tag` changed from `Option<String>` to `String` (optionality)",
            "breaking  pets::models::Pet::new: argument `tag: impl Into<String>` added",
            "breaking  pets::models::Pet::with_tag: setter removed",
        ],
        Bump::Major,
    );
}

#[test]
fn field_nullability_changed() {
    // An optional field that may also be `null` is a `Nullable<…>`, which
    // tells absent from null: optionality again, not another type.
    let after = edit(
        PETS,
        "        tag:\n          type: string\n",
        "        tag:\n          type: string\n          nullable: true\n",
    );
    assert_report(
        &after,
        &["breaking  pets::models::Pet: field `tag` changed from `Option<String>` to `runtime::Nullable<String>` (optionality)"],
        Bump::Major,
    );
}

#[test]
fn enum_variant_added() {
    // Generated enums are `#[non_exhaustive]`: users' matches have a
    // wildcard arm already.
    let after = edit(PETS, "enum: [cat, dog]", "enum: [cat, dog, bird]");
    assert_report(
        &after,
        &["compatible  pets::models::Kind: variant `Bird` added"],
        Bump::Minor,
    );
}

#[test]
fn enum_variant_removed() {
    let after = edit(PETS, "enum: [cat, dog]", "enum: [cat]");
    assert_report(
        &after,
        &["breaking  pets::models::Kind: variant `Dog` removed"],
        Bump::Major,
    );
}

/// A second query parameter of `ListPets`, `required` or not.
fn with_query_parameter(required: bool) -> String {
    let parameter = format!(
        "        - name: limit\n          in: query\n          schema:\n            type: integer\n            format: int64\n        - name: color\n          in: query\n          required: {required}\n          schema:\n            type: string\n"
    );
    edit(
        PETS,
        "        - name: limit\n          in: query\n          schema:\n            type: integer\n            format: int64\n",
        &parameter,
    )
}

#[test]
fn optional_parameter_added() {
    assert_report(
        &with_query_parameter(false),
        &[
            "compatible  pets::ListPetsParams: parameter `color: Option<String>` added (optional)",
            "compatible  pets::ListPetsParams::color: setter added",
        ],
        Bump::Minor,
    );
}

#[test]
fn required_parameter_added() {
    // The field itself is an addition to a `#[non_exhaustive]` struct; the
    // params can no longer be built with `default()`, only `new(color)`.
    assert_report(
        &with_query_parameter(true),
        &[
            "breaking  pets::ListPetsParams: impl `Default for ListPetsParams` removed",
            "compatible  pets::ListPetsParams: parameter `color: String` added (required)",
            "compatible  pets::ListPetsParams::new: method added",
        ],
        Bump::Major,
    );
}

#[test]
fn path_parameter_added() {
    let after = edit(
        PETS,
        "  /pets/{pet_id}:\n    get:\n      tags: [Pets]\n      operationId: GetPet\n      parameters:\n",
        "  /pets/{pet_id}/{version}:\n    get:\n      tags: [Pets]\n      operationId: GetPet\n      parameters:\n        - name: version\n          in: path\n          required: true\n          schema:\n            type: integer\n            format: int64\n",
    );
    assert_report(
        &after,
        &[
            "breaking  pets::Mock::get_pet: argument `version: i64` added (feature `mock`)",
            "breaking  pets::PetsApi::get_pet: parameter `version: i64` added",
            "breaking  pets::PetsApi::get_pet_with_response: parameter `version: i64` added",
        ],
        Bump::Major,
    );
}

#[test]
fn parameter_removed() {
    let after = edit(
        PETS,
        "      parameters:\n        - name: limit\n          in: query\n          schema:\n            type: integer\n            format: int64\n",
        "",
    );
    assert_report(
        &after,
        &[
            "breaking  pets::ListPetsParams: params struct removed",
            "breaking  pets::Mock::list_pets: argument `params` removed (feature `mock`)",
            "breaking  pets::PetsApi::list_pets: parameter `params` removed",
            "breaking  pets::PetsApi::list_pets_with_response: parameter `params` removed",
        ],
        Bump::Major,
    );
}

#[test]
fn parameter_type_changed() {
    let after = edit(
        PETS,
        "        - name: limit\n          in: query\n          schema:\n            type: integer\n            format: int64\n",
        "        - name: limit\n          in: query\n          schema:\n            type: string\n",
    );
    assert_report(
        &after,
        &[
            "breaking  pets::ListPetsParams: parameter `limit` changed from `Option<i64>` to `Option<String>`",
            "breaking  pets::ListPetsParams::limit: argument `value` changed from `impl Into<i64>` to `impl Into<String>`",
        ],
        Bump::Major,
    );
}

#[test]
fn path_parameter_type_changed() {
    let after = edit(
        PETS,
        "        - name: pet_id\n          in: path\n          required: true\n          schema:\n            type: string\n",
        "        - name: pet_id\n          in: path\n          required: true\n          schema:\n            type: integer\n            format: int64\n",
    );
    assert_report(
        &after,
        &[
            "breaking  pets::Mock::get_pet: argument `pet_id` changed from `&str` to `i64` (feature `mock`)",
            "breaking  pets::PetsApi::get_pet: parameter `pet_id` changed from `&str` to `i64`",
            "breaking  pets::PetsApi::get_pet_with_response: parameter `pet_id` changed from `&str` to `i64`",
        ],
        Bump::Major,
    );
}

#[test]
fn unchanged_is_a_patch() {
    let report = report(PETS);
    assert!(report.is_unchanged());
    assert_eq!(report.bump(), Bump::Patch);
    assert_eq!(
        report.render(Some("0.1.0")),
        "public API unchanged\nsemver: patch (public API unchanged): 0.1.0 -> 0.1.1\n"
    );
}

#[test]
fn the_report_as_printed() {
    let after = edit(
        &with_query_parameter(false),
        "enum: [cat, dog]",
        "enum: [cat]",
    );
    assert_eq!(
        report(&after).render(Some("0.1.0")),
        "\
public API: 3 changes (1 breaking, 2 compatible)
breaking  pets::models::Kind: variant `Dog` removed
compatible  pets::ListPetsParams: parameter `color: Option<String>` added (optional)
compatible  pets::ListPetsParams::color: setter added
semver: major (breaking changes): 0.1.0 -> 0.2.0, as a 0.x crate marks a breaking change by its minor number
"
    );
}

#[test]
fn the_checked_in_client_against_itself_is_unchanged() {
    let on_disk = PublicApi::from_dir(&root().join("generated")).unwrap_or_else(|e| panic!("{e}"));
    assert!(on_disk.items.contains_key("v2::KeyManagementApi"));
    assert!(on_disk.items.contains_key("v2::models::ApiKeysSort"));
    assert!(diff(&on_disk, &on_disk).is_unchanged());
    // And against a fresh generation (the freshness test checks the bytes).
    let (_, output) =
        generator::generate(&xtask::config(&root())).unwrap_or_else(|e| panic!("{e}"));
    let fresh = PublicApi::from_output(&output).unwrap_or_else(|e| panic!("{e}"));
    let report = diff(&on_disk, &fresh);
    assert!(report.is_unchanged(), "{report}");
}
