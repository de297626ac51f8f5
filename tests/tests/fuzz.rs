//! Fuzzing the generator, bounded: a fixed number of random inputs from
//! each family of `xtask::fuzz` (random valid documents, real specs with
//! vendor extensions, damaged real specs), from a fixed seed, so `cargo
//! test` is deterministic. A failure is shrunk by proptest and its seed
//! kept in `tests/tests/fuzz.proptest-regressions`, replayed first on every
//! later run.
//!
//! Then: a handful of valid documents as the modules of one crate, built
//! with `cargo check`, `cargo clippy -D warnings` and its doc tests; and
//! every input a long run (`cargo xtask fuzz`) kept in
//! `tests/fuzz-found/`, replayed.

#[path = "common/crate_check.rs"]
mod crate_check;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed, TestCaseError, TestRunner};
use xtask::fuzz::{documents, found, mutations, seed_generates, Expect, Harness, Outcome};

use crate_check::{check_crate, root, runtime_path};

/// The same inputs on every run (`cases` of them); failures are kept
/// beside this file. About 120 ms a case in a debug build: 64 valid
/// documents, 16 extended real specs (larger) and 48 damaged ones (most
/// refused early) take some 15 s.
fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(0x0fa5_7e57),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        // A failing document shrinks in a few hundred steps; each is a
        // generation.
        max_shrink_iters: 512,
        ..Config::default()
    }
}

/// A harness of its own for each case: its temporary directory goes when
/// the case ends.
fn harness() -> Harness {
    Harness::new(&root()).expect("a temporary directory")
}

/// Fails the case when `text` does not give what `expect` says; the
/// message holds the input.
fn check(text: &str, expect: Expect, origin: &str) -> Result<(), TestCaseError> {
    match expect.failure(&harness().run(text)) {
        None => Ok(()),
        Some(problem) => Err(TestCaseError::fail(format!(
            "{problem}\norigin: {origin}\ninput:\n{text}"
        ))),
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// A valid document always generates, whatever it is called and
    /// whatever vendor extensions it carries.
    #[test]
    fn valid_documents_generate(document in documents::document()) {
        check(&document.text(), Expect::Generates, "a random valid document")?;
    }
}

proptest! {
    #![proptest_config(config(16))]

    /// Vendor extensions never make a spec that generated fail.
    #[test]
    fn vendor_extensions_are_never_refused(extended in mutations::extended()) {
        let expect = match seed_generates(extended.seed(), &harness()) {
            true => Expect::Generates,
            false => Expect::NoPanic,
        };
        check(&extended.text(), expect, &extended.seed().name)?;
    }
}

proptest! {
    #![proptest_config(config(48))]

    /// A damaged spec is refused with an error, never a panic.
    #[test]
    fn damaged_specs_never_panic(mutated in mutations::mutated()) {
        let origin = format!("{}, mutated: {:?}", mutated.seed().name, mutated.mutations);
        check(&mutated.text(), Expect::NoPanic, &origin)?;
    }
}

/// Five valid documents, as the modules of one crate, compile without
/// warnings and with working doc examples. The crate lives in
/// `target/fuzz-check/crate` and builds into `target/crate-check`.
#[test]
fn a_sample_of_valid_documents_compiles() {
    let mut runner = TestRunner::new(Config {
        rng_seed: RngSeed::Fixed(0x005a_3b1e),
        ..Config::default()
    });
    let texts: Vec<String> = (0..5)
        .map(|_| {
            documents::document()
                .new_tree(&mut runner)
                .expect("a document")
                .current()
                .text()
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let output = match harness().run_crate(&refs, &runtime_path()) {
        Outcome::Generated(generated) => generated.1,
        other => panic!(
            "the sample does not generate: {other:?}\n{}",
            texts.join("\n---\n")
        ),
    };
    check_crate(
        &root().join("target/fuzz-check"),
        output,
        "fuzz sample crate",
    );
}

/// Every input a long run kept still gives what it must: the bug it
/// found stays fixed.
#[test]
fn found_inputs_stay_fixed() {
    let dir = root().join(found::DIR);
    let all = found::load_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let harness = harness();
    let mut problems = Vec::new();
    for (path, found) in &all {
        if let Some(problem) = found.expect.failure(&harness.run(&found.text)) {
            problems.push(format!(
                "{}: {problem}\n  (found as: {})",
                path.display(),
                found.problem.lines().next().unwrap_or_default()
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}
