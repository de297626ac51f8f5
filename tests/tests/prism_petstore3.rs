//! Swagger's Petstore 3 (`tests/real-specs/petstore3.yaml`: an OAuth2
//! scheme and an API key, alternatives on some operations) through the
//! command line generated for it, with `--auth`, against Prism serving the
//! same spec as a validating mock. Prism checks security too: a request
//! without the credential an operation requires, or with the wrong one, is
//! a violation (a 401 with `--errors`), so every call below must succeed,
//! and `.ci/with-prism` fails the run on any violation Prism logged.
//!
//! `.ci/with-prism` serves the spec and passes its URL in
//! `PRISM_PETSTORE3_URL`; CI runs
//! `.ci/with-prism cargo test -p workspace-tests --test prism_petstore3 -- --ignored`.

#[path = "common/crate_check.rs"]
mod crate_check;
#[path = "common/prism_cli.rs"]
mod prism_cli;

use std::path::PathBuf;

use prism_cli::{build_cli, prism_url, Cli};

/// The command line of a client generated from petstore3, pointed at
/// Prism.
fn cli() -> Cli {
    let spec = PathBuf::from("tests/real-specs/petstore3.yaml");
    Cli {
        bin: build_cli(
            "petstore3",
            "prism-petstore3",
            &[("petstore3".into(), spec)],
        ),
        base_url: prism_url("PRISM_PETSTORE3_URL"),
        secrets: vec!["prism-token".into(), "prism-key".into()],
    }
}

#[test]
#[ignore = "needs Prism: .ci/with-prism cargo test -p workspace-tests --test prism_petstore3 -- --ignored"]
fn every_scheme_is_sent_as_prism_requires_it() {
    let cli = cli();
    let oauth = "petstore_auth=prism-token";
    let key = "api_key=prism-key";
    // OAuth2 (an implicit flow): the access token as a bearer token.
    let pets = cli.ok(
        &[
            "--auth",
            oauth,
            "petstore3",
            "find-pets-by-status",
            "--status",
            "available",
        ],
        None,
    );
    assert!(pets.is_array(), "{pets}");
    cli.ok(
        &[
            "--auth",
            oauth,
            "petstore3",
            "find-pets-by-tags",
            "--tags",
            "a",
            "--tags",
            "b",
        ],
        None,
    );
    let pet = r#"{"id": 10, "name": "doggie", "photoUrls": ["u"], "status": "available"}"#;
    let added = cli.ok(
        &["--auth", oauth, "petstore3", "add-pet", "--body", "-"],
        Some(pet),
    );
    assert!(added.get("name").is_some(), "{added}");
    // `[{api_key: []}, {petstore_auth: [...]}]`: either alternative.
    cli.ok(
        &[
            "--auth",
            key,
            "petstore3",
            "get-pet-by-id",
            "--pet-id",
            "10",
        ],
        None,
    );
    cli.ok(
        &[
            "--auth",
            oauth,
            "petstore3",
            "get-pet-by-id",
            "--pet-id",
            "10",
        ],
        None,
    );
    // The API key alone.
    let inventory = cli.ok(&["--auth", key, "petstore3", "get-inventory"], None);
    assert!(inventory.is_object(), "{inventory}");
    // No security: nothing is sent, and Prism accepts it.
    cli.ok(&["petstore3", "get-order-by-id", "--order-id", "1"], None);
    // A credential missing: refused before anything reaches Prism.
    cli.refused_without("api_key", &["petstore3", "get-inventory"], None);
}
