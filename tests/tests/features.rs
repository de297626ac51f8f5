//! Cargo features per tag (`lower/features.rs`), on the two specs of
//! `tests/features/`: `store` (tags `Pets`, `Orders`, `Users`, an untagged
//! operation, models shared between tags, schemas no operation uses) and
//! `admin` (`Pets` again, in another module, and `Audit Log`).
//!
//! What a user relies on: which features the crate has and what is in the
//! default set (`Cargo.toml`), that each feature's models are exactly the
//! closure of what its operations name, that the configuration's names and
//! errors are followed, and that every combination of features compiles
//! without warnings and passes clippy.

#[path = "common/crate_check.rs"]
mod crate_check;

use std::collections::BTreeMap;

use generator::ir::Crate;
use generator::lower::{FeatureConfig, FeatureMode};
use generator::{Config, CrateInfo, SpecInput};

use crate_check::{root, runtime_path};

/// The two specs as modules `store` and `admin`, with `features`.
fn config(features: FeatureConfig) -> Config {
    let mut info = CrateInfo::new(
        "featured-client",
        "0.0.0",
        "Generated from tests/features/.",
        &runtime_path(),
    );
    info.features = features;
    Config {
        info,
        specs: ["store", "admin"]
            .iter()
            .map(|module| SpecInput {
                module: (*module).into(),
                path: root().join(format!("tests/features/{module}.yaml")),
                display: format!("tests/features/{module}.yaml"),
            })
            .collect(),
        templates: root().join("templates"),
        vendor_runtime: None,
    }
}

fn on() -> FeatureConfig {
    FeatureConfig {
        mode: FeatureMode::On,
        names: BTreeMap::new(),
    }
}

fn lower(features: FeatureConfig) -> Crate {
    generator::lower_specs(&config(features)).unwrap_or_else(|e| panic!("{e}"))
}

/// Each model of module `module`, by wire name, with its features.
fn model_features(krate: &Crate, module: &str) -> BTreeMap<String, Vec<String>> {
    let api = krate.apis.iter().find(|a| a.module == module).unwrap();
    (api.models.iter())
        .map(|m| (m.wire_name.clone(), m.features.clone()))
        .collect()
}

fn list(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

/// One feature per tag, named in kebab case, one name across modules
/// (`Pets` in `store` and `admin`); the untagged operation's group is
/// named after the spec's title.
#[test]
fn each_tag_is_one_feature_across_modules() {
    let krate = lower(on());
    let features = krate.features.as_ref().expect("features are on");
    let tags: Vec<(&str, Vec<&str>)> = (features.tags.iter())
        .map(|f| (f.name.as_str(), f.tags.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        tags,
        [
            ("pets", vec!["Pets"]),
            ("orders", vec!["Orders"]),
            ("users", vec!["Users"]),
            ("pet-store", vec!["Pet Store"]),
            ("audit-log", vec!["Audit Log"]),
        ]
    );
    assert_eq!(features.all, "all-tags");
    assert_eq!(features.unused_models.as_deref(), Some("unused-models"));
    let groups: Vec<(&str, &str, Option<&str>)> = (krate.apis.iter())
        .flat_map(|api| api.groups.iter().map(move |g| (api, g)))
        .map(|(api, g)| {
            (
                api.module.as_str(),
                g.rust_name.as_str(),
                g.feature.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("store", "PetsApi", Some("pets")),
            ("store", "OrdersApi", Some("orders")),
            ("store", "UsersApi", Some("users")),
            ("store", "PetStoreApi", Some("pet-store")),
            ("admin", "PetsApi", Some("pets")),
            ("admin", "AuditLogApi", Some("audit-log")),
        ]
    );
}

/// A feature's models are exactly the closure of the types its operations
/// name: through a union (`Owner` → `User`), lists, inline objects
/// (`Order.shipping` → `Address`), enums of parameters (`PetKind`) and
/// error bodies (`Error`, needed by every tag). Schemas no operation
/// reaches are `unused-models`.
#[test]
fn a_features_models_are_exactly_its_closure() {
    let krate = lower(on());
    let store = model_features(&krate, "store");
    let expected: BTreeMap<String, Vec<String>> = [
        ("Error", list(&["pets", "orders", "users"])),
        ("PetKind", list(&["pets", "orders"])),
        ("Pet", list(&["pets", "orders"])),
        ("NewPet", list(&["pets"])),
        ("PetList", list(&["pets"])),
        ("Owner", list(&["pets", "orders"])),
        ("User", list(&["pets", "orders", "users"])),
        ("Team", list(&["pets", "orders"])),
        ("Address", list(&["pets", "orders", "users"])),
        ("Order", list(&["orders"])),
        ("OrderShipping", list(&["orders"])),
        ("OrderStatus", list(&["orders"])),
        ("Legacy", list(&["unused-models"])),
        ("LegacyPart", list(&["unused-models"])),
        ("PingResponse", list(&["pet-store"])),
    ]
    .into_iter()
    .map(|(name, features)| (name.to_owned(), features))
    .collect();
    assert_eq!(store, expected);
    let admin = model_features(&krate, "admin");
    assert_eq!(admin["AdminError"], ["pets", "audit-log"]);
    assert_eq!(admin["AuditEvent"], ["audit-log"]);
}

/// `auto`: a crate this small (7 operations) has no features, and its
/// models none; naming a feature turns them on; `off` never.
#[test]
fn when_features_are_on() {
    let auto = lower(FeatureConfig::default());
    assert_eq!(auto.features, None);
    assert!(auto
        .apis
        .iter()
        .all(|a| a.groups.iter().all(|g| g.feature.is_none())));
    assert!(auto
        .apis
        .iter()
        .all(|a| a.models.iter().all(|m| m.features.is_empty())));
    let named = FeatureConfig {
        mode: FeatureMode::Auto,
        names: BTreeMap::from([("Users".to_owned(), "accounts".to_owned())]),
    };
    assert!(lower(named).features.is_some());
    let off = FeatureConfig {
        mode: FeatureMode::Off,
        names: BTreeMap::new(),
    };
    assert_eq!(lower(off).features, None);
}

/// The configuration names features (several tags may share one); an
/// unknown tag, a name cargo refuses and a name the crate uses itself are
/// errors that name them.
#[test]
fn configured_names_and_their_errors() {
    let grouped = FeatureConfig {
        mode: FeatureMode::On,
        names: BTreeMap::from([
            ("Users".to_owned(), "accounts".to_owned()),
            ("Orders".to_owned(), "accounts".to_owned()),
        ]),
    };
    let krate = lower(grouped);
    let features = krate.features.as_ref().unwrap();
    let accounts = features.tags.iter().find(|f| f.name == "accounts").unwrap();
    assert_eq!(accounts.tags, ["Orders", "Users"]);
    assert_eq!(
        model_features(&krate, "store")["User"],
        ["pets", "accounts"]
    );

    let error = |tag: &str, name: &str| {
        let features = FeatureConfig {
            mode: FeatureMode::Auto,
            names: BTreeMap::from([(tag.to_owned(), name.to_owned())]),
        };
        generator::lower_specs(&config(features))
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        error("Petz", "pets"),
        "features per tag: the tag `Petz` (feature `pets`) is not a tag of any operation; \
         the tags are `Audit Log`, `Orders`, `Pet Store`, `Pets`, `Users`"
    );
    assert_eq!(
        error("Pets", "pets!"),
        "features per tag: the tag `Pets`: `pets!` is not a cargo feature name (a letter, \
         digit or `_` first, then letters, digits, `_`, `-`, `+`, `.`)"
    );
    assert_eq!(
        error("Pets", "mock"),
        "features per tag: the tag `Pets`: `mock` is a feature the crate has already \
         (reserved: default, mock, cli, all-tags, unused-models)"
    );
}

/// `Cargo.toml` lists each feature with what it holds, all of them in the
/// default set; the store module's files, with their `#[cfg]`s.
#[test]
fn output_snapshots() {
    let (_, output) = generator::generate(&config(on())).unwrap_or_else(|e| panic!("{e}"));
    insta::assert_snapshot!("features_cargo_toml", output["Cargo.toml"]);
    for file in ["mod.rs", "api.rs", "models.rs", "cli.rs"] {
        insta::assert_snapshot!(
            format!("features_store_{file}"),
            output[&format!("src/store/{file}")]
        );
    }
    insta::assert_snapshot!("features_mock.rs", output["src/mock.rs"]);
    // The parts split from `api.rs` and `models.rs`, each behind its cfg.
    let parts: Vec<&String> = (output.keys())
        .filter(|path| path.starts_with("src/store/api/") || path.starts_with("src/store/models/"))
        .collect();
    insta::assert_snapshot!("features_store_parts", format!("{parts:#?}"));
    for path in parts {
        let name = path.trim_start_matches("src/store/").replace('/', "_");
        insta::assert_snapshot!(format!("features_store_{name}"), output[path]);
    }
}

/// The crate with no features, with each feature alone, each with `mock`
/// and `cli`, and with all of them: `cargo clippy -D warnings` (which
/// checks too) on each, so an import or a server left unused by a subset
/// fails. The default set compiles everything: the doc examples of every
/// operation and of the mocks, with `cargo test --doc --features mock`.
#[test]
fn every_feature_set_compiles_without_warnings() {
    let (krate, output) = generator::generate(&config(on())).unwrap_or_else(|e| panic!("{e}"));
    let features = krate.features.expect("features are on");
    let mut names: Vec<String> = features.tags.iter().map(|f| f.name.clone()).collect();
    names.extend(features.unused_models);
    let dir = crate_check::write_crate(&root().join("target/features-check"), output);
    let clippy = |features: &str| {
        let mut args = vec![
            "clippy",
            "--offline",
            "--quiet",
            "--all-targets",
            "--no-default-features",
        ];
        if !features.is_empty() {
            args.extend(["--features", features]);
        }
        args.extend(["--", "-D", "warnings"]);
        crate_check::cargo_in(&dir, &format!("features `{features}`"), &args);
    };
    clippy("");
    clippy("mock,cli");
    for name in &names {
        clippy(name);
        clippy(&format!("{name},mock,cli"));
    }
    clippy(&format!("{},mock,cli", names.join(",")));
    crate_check::cargo_in(
        &dir,
        "default features",
        &[
            "test",
            "--doc",
            "--offline",
            "--quiet",
            "--features",
            "mock",
        ],
    );
}
