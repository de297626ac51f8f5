//! The fixture specs in `tests/fixtures/`: small OpenAPI 3.0.3 documents,
//! each exercising naming rules or schema shapes. For each, an insta
//! snapshot of its IR and of every file generated for its module; then one
//! test that generates a crate with every fixture as a module and builds it
//! with `cargo check` and `cargo clippy -D warnings`.

#[path = "common/crate_check.rs"]
mod crate_check;

use generator::{Config, CrateInfo, SpecInput};

use crate_check::{check_crate, root, runtime_path};

/// Every fixture; each becomes a module of the same name.
const FIXTURES: &[&str] = &[
    "keywords",
    "collisions",
    "digits",
    "nullable",
    "enums",
    "one_of",
    "nested",
    "recursive",
    "params",
    "methods",
    "openapi31",
    "responses",
    "split",
    "servers",
    "security",
];

/// The file a fixture is read from: `tests/fixtures/<name>.yaml`, or for a
/// spec split across files, the directory's `openapi.yaml`.
fn fixture_file(name: &str) -> String {
    if root().join("tests/fixtures").join(name).is_dir() {
        format!("tests/fixtures/{name}/openapi.yaml")
    } else {
        format!("tests/fixtures/{name}.yaml")
    }
}

/// A configuration generating `fixtures`, each as its own module, with the
/// repository's templates.
fn config(fixtures: &[&str]) -> Config {
    Config {
        info: CrateInfo::new(
            "fixture-client",
            "0.0.0",
            "Generated from the generator's test fixtures.",
            &runtime_path(),
        ),
        specs: fixtures
            .iter()
            .map(|name| SpecInput {
                module: (*name).into(),
                path: root().join(fixture_file(name)),
                display: fixture_file(name),
            })
            .collect(),
        templates: root().join("templates"),
        vendor_runtime: None,
    }
}

/// Snapshot of the fixture's IR, as YAML.
#[track_caller]
fn assert_ir(fixture: &str) {
    let krate = generator::lower_specs(&config(&[fixture])).unwrap_or_else(|e| panic!("{e}"));
    insta::assert_yaml_snapshot!(format!("{fixture}_ir"), krate);
}

/// Snapshots of `src/lib.rs` and of every file under `src/<fixture>/`.
#[track_caller]
fn assert_output(fixture: &str) {
    let (_, output) = generator::generate(&config(&[fixture])).unwrap_or_else(|e| panic!("{e}"));
    let module_dir = format!("src/{fixture}/");
    let files: Vec<(&String, &String)> = output
        .iter()
        .filter(|(path, _)| *path == "src/lib.rs" || path.starts_with(&module_dir))
        .collect();
    assert_eq!(
        files.len(),
        5,
        "lib.rs, mod.rs, models.rs, api.rs and cli.rs"
    );
    for (path, text) in files {
        let file = path.rsplit('/').next().unwrap_or(path);
        insta::assert_snapshot!(format!("{fixture}_{file}"), text);
    }
}

macro_rules! fixture_tests {
    ($($fixture:ident),* $(,)?) => {
        mod ir {
            $(
                #[test]
                fn $fixture() {
                    super::assert_ir(stringify!($fixture));
                }
            )*
        }

        mod output {
            $(
                #[test]
                fn $fixture() {
                    super::assert_output(stringify!($fixture));
                }
            )*
        }

        #[test]
        fn every_fixture_has_tests() {
            let tested = [$(stringify!($fixture)),*];
            assert_eq!(tested, FIXTURES);
            let mut on_disk: Vec<String> = std::fs::read_dir(root().join("tests/fixtures"))
                .expect("tests/fixtures")
                .filter_map(|e| {
                    let e = e.ok()?;
                    let name = e.file_name().to_str()?.to_owned();
                    match e.path().is_dir() {
                        true => Some(name),
                        false => name.strip_suffix(".yaml").map(str::to_owned),
                    }
                })
                .collect();
            on_disk.sort();
            let mut listed: Vec<&str> = FIXTURES.to_vec();
            listed.sort();
            assert_eq!(on_disk, listed, "every tests/fixtures/*.yaml is listed in FIXTURES");
        }
    };
}

fixture_tests!(
    keywords, collisions, digits, nullable, enums, one_of, nested, recursive, params, methods,
    openapi31, responses, split, servers, security
);

/// The split fixture as one document (`generate --bundle`): each file read
/// once, a shared schema one component, components named after their file
/// or their name in it, references rewritten; in YAML and in JSON, the
/// same document.
#[test]
fn the_split_fixture_bundles_into_one_document() {
    let path = root().join(fixture_file("split"));
    let yaml = generator::load::bundle_text(&path, "split/openapi.yaml", false)
        .unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!("split_bundle", yaml);
    let json = generator::load::bundle_text(&path, "split/openapi.yaml", true)
        .unwrap_or_else(|e| panic!("{e}"));
    let from_yaml: serde_json::Value = serde_yaml::from_str(&yaml).expect("YAML");
    let from_json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(from_yaml, from_json);
    // Files stay where they were: nothing external is left.
    assert!(!yaml.contains(".yaml") && !yaml.contains(".json"), "{yaml}");
    let schemas: Vec<&str> = from_json["components"]["schemas"]
        .as_object()
        .expect("schemas")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(schemas, ["Pet", "Error", "owner", "tag", "Category"]);
}

/// Every fixture in one crate (they share the one server, so they share
/// the crate's sites), built with `cargo check` and linted with
/// `cargo clippy -D warnings`. The crate lives in
/// `target/fixture-check/crate` and builds into `target/fixture-check`, with
/// the workspace's `Cargo.lock`, so repeated runs are incremental and use
/// the same dependency versions as the workspace.
///
/// A module `deep` joins them: a chain of [`DEEP`] distinct object schemas,
/// each holding the next, written under `target/` rather than checked in
/// (its snapshots would be thousands of lines of the same struct). Without
/// a raised `recursion_limit`, rustc's drop check overflows on it.
#[test]
fn fixture_crate_compiles_without_warnings() {
    let mut config = config(FIXTURES);
    config.specs.push(deep_chain_spec());
    config.specs.push(schemas_only_spec());
    let (krate, output) = generator::generate(&config).unwrap_or_else(|e| panic!("{e}"));
    // No operations: no `api.rs` with an unused server and re-export.
    assert!(output.contains_key("src/schemas_only/models.rs"));
    assert!(!output.contains_key("src/schemas_only/api.rs"));
    assert_eq!(krate.sites.len(), 1, "the fixtures share one server");
    let modules: Vec<&str> = krate.apis.iter().map(|a| a.module.as_str()).collect();
    assert_eq!(modules[..FIXTURES.len()], *FIXTURES);
    assert_eq!(krate.recursion_limit, Some(512), "{DEEP} nested models");

    check_crate(
        &root().join("target/fixture-check"),
        output,
        "fixture crate",
    );
}

/// How many models the `deep` module nests: enough to overflow rustc's
/// default recursion limit of 128.
const DEEP: usize = 100;

/// Writes the `deep` spec (see [`fixture_crate_compiles_without_warnings`])
/// to `target/fixture-check/deep.yaml`.
/// A spec of schemas and no operations (a shared-models document).
fn schemas_only_spec() -> SpecInput {
    let text = "openapi: 3.0.3\ninfo: {title: Shared models, version: '1'}\nservers: [{url: 'https://api.example.com'}]\npaths: {}\ncomponents:\n  schemas:\n    Money: {type: object, required: [amount], properties: {amount: {type: integer}, currency: {type: string}}}\n";
    let path = root().join("target/fixture-check/schemas_only.yaml");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("target/fixture-check");
    std::fs::write(&path, text).expect("write schemas_only.yaml");
    SpecInput {
        module: "schemas_only".into(),
        path,
        display: "target/fixture-check/schemas_only.yaml".into(),
    }
}

fn deep_chain_spec() -> SpecInput {
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: Deep, version: '1'}\nservers: [{url: 'https://api.example.com'}]\npaths:\n  /deep:\n    get:\n      operationId: getDeep\n      responses:\n        '200':\n          description: The outermost model.\n          content: {application/json: {schema: {$ref: '#/components/schemas/Level0'}}}\ncomponents:\n  schemas:\n",
    );
    for level in 0..DEEP {
        let next = if level + 1 < DEEP {
            format!("{{$ref: '#/components/schemas/Level{}'}}", level + 1)
        } else {
            "{type: string}".to_owned()
        };
        text.push_str(&format!(
            "    Level{level}: {{type: object, properties: {{next: {next}}}}}\n"
        ));
    }
    let path = root().join("target/fixture-check/deep.yaml");
    std::fs::create_dir_all(path.parent().expect("parent")).expect("target/fixture-check");
    std::fs::write(&path, text).expect("write deep.yaml");
    SpecInput {
        module: "deep".into(),
        path,
        display: "target/fixture-check/deep.yaml".into(),
    }
}
