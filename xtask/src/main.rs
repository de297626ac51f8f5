//! `cargo xtask codegen [--check]`: regenerate `generated/` from `spec/`
//! and `templates/`, or check that it is up to date. A regeneration ends
//! with a report of how the crate's public API changed against what
//! `generated/` held before, each change breaking or compatible, and the
//! semver bump that implies.
//! `cargo xtask generate --spec FILE [--spec FILE ...] --out DIR --crate-name NAME [--check]`:
//! the same pipeline on any specs, into a standalone crate (with the same
//! report when DIR held an earlier generation).
//! `cargo xtask api-diff [--base REV]`: the same report between the spec at
//! a git revision (default `HEAD`) and the working tree, both generated in
//! memory with the current generator and templates; nothing is written.
//! `cargo xtask fuzz [--minutes N] [--seed S]`: random and mutated specs
//! through the generator for N minutes; failing inputs are kept in
//! `tests/fuzz-found/`, which a workspace test replays.
//! `cargo xtask ir`: print the key-management IR as JSON.
//! `cargo xtask stats`: template statistics and functions over 80 lines
//! (see `xtask::stats`).
//! `cargo xtask bench`: run the benchmarks (see BENCHMARKS.md).
//! `cargo xtask trim-spec SPEC (--sample NAME | --keep ID,ID... --out FILE)`:
//! a published spec cut down to some operations and what they reach (see
//! `xtask::trim`).

mod bench;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clientgen::emit::{self, Mode, Target};
use generator::api_diff::{self, PublicApi};
use generator::Config;
use xtask::fuzz::campaign;

const USAGE: &str = "\
usage: cargo xtask codegen [--check]
           regenerate generated/ from spec/ and templates/ (or check it is up to date);
           ends with how the public API changed and the semver bump it implies
       cargo xtask generate --spec FILE [--spec FILE ...] --out DIR --crate-name NAME [--check]
           `clientgen generate` (see `cargo run -p clientgen -- --help` for every option):
           a standalone client crate from any OpenAPI 3.0 specs, one module per spec, named
           after its file, with the runtime copied into DIR/runtime as <NAME>-runtime, so
           DIR builds wherever it is copied. DIR is replaced in one step, and left as it
           was if anything fails. When DIR held an earlier generation, ends with how the
           public API changed.
       cargo xtask api-diff [--base REV]
           how the public API generated from the spec at git revision REV (default HEAD)
           differs from the one generated from the working tree's spec, with the current
           generator and templates: each change breaking or compatible, and the semver bump
           it implies. Writes nothing; exits 0 whatever changed.
       cargo xtask fuzz [--minutes N] [--seed S]
           generate random valid specs, real specs with vendor extensions, and damaged real
           specs for N minutes (default 1): a valid spec must generate, nothing may panic.
           Each failing input is shrunk and kept in tests/fuzz-found/ (replayed by
           `cargo test`); exits 1 when it kept any. Faster as
           `cargo run --release -p xtask -- fuzz --minutes N`.
       cargo xtask ir
           print the key-management IR as JSON
       cargo xtask stats
           what the templates still decide (comparisons against tag strings, fail( calls,
           dict-literal lookups, per template) and every function over 80 lines in
           generator/, runtime/, xtask/ and keys/, with its reason (`// long: ...`)
       cargo xtask bench [ARGS]
           benchmarks, see BENCHMARKS.md
       cargo xtask trim-spec SPEC (--sample NAME | --keep ID,ID... --out FILE)
           SPEC (JSON or YAML) cut down to the operations with those operationIds and exactly
           the components they reach, written as JSON; --sample NAME keeps the operations of
           tests/real-specs/public/ named NAME (stripe, openai, twilio) and writes its file";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["help" | "--help" | "-h"] | ["api-diff", "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        ["codegen"] => codegen(Mode::Write),
        ["codegen", "--check"] => codegen(Mode::Check),
        ["generate", rest @ ..] => generate(rest),
        ["api-diff", rest @ ..] => api_diff(rest),
        ["fuzz", "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        ["fuzz", rest @ ..] => fuzz(rest),
        ["ir"] => dump_ir(),
        ["stats"] => stats(),
        ["bench", rest @ ..] => bench::run(&workspace_root(), rest),
        ["trim-spec", rest @ ..] => trim_spec(rest),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn codegen(mode: Mode) -> ExitCode {
    let root = workspace_root();
    let config = xtask::config(&root);
    let shown = "generated/";
    match generator::generate(&config) {
        Ok((krate, output)) => {
            let target = Target {
                dir: &root.join("generated"),
                shown,
                command: "cargo xtask codegen",
                version: &config.info.version,
            };
            emit::finish(&krate, &output, target, mode)
        }
        Err(e) => emit::failed(&e, shown),
    }
}

/// `cargo xtask trim-spec SPEC (--sample NAME | --keep IDS --out FILE)`.
fn trim_spec(args: &[&str]) -> ExitCode {
    let root = workspace_root();
    let (spec, keep, out): (&str, Vec<&str>, PathBuf) = match args {
        [spec, "--sample", name] => match xtask::trim::sample(name) {
            Some(sample) => (spec, sample.keep.to_vec(), root.join(sample.out)),
            None => {
                eprintln!("error: no sample named `{name}`\n\n{USAGE}");
                return ExitCode::from(2);
            }
        },
        [spec, "--keep", ids, "--out", out] => (spec, ids.split(',').collect(), out.into()),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let trimmed =
        xtask::trim::read_spec(Path::new(spec)).and_then(|v| xtask::trim::trim(&v, &keep));
    let written = trimmed.and_then(|value| {
        let text = xtask::trim::to_text(&value);
        std::fs::write(&out, text).map_err(|e| format!("{}: {e}", out.display()))
    });
    match written {
        Ok(()) => {
            println!("wrote {} ({} operations)", out.display(), keep.len());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask generate ...` is `clientgen generate ...`.
fn generate(args: &[&str]) -> ExitCode {
    let mut all = vec!["generate"];
    all.extend_from_slice(args);
    clientgen::cli::main_with(&all)
}

/// `cargo xtask api-diff [--base REV]`: the spec at `REV` against the
/// working tree's, both generated in memory.
fn api_diff(args: &[&str]) -> ExitCode {
    let request = match xtask::ApiDiffArgs::parse(args) {
        Ok(request) => request,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match api_diff_report(&workspace_root(), &request.base) {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The report of `cargo xtask api-diff --base REV`, or why there is none.
fn api_diff_report(root: &Path, rev: &str) -> Result<String, String> {
    let dir = tempfile::tempdir().map_err(|e| format!("cannot make a temporary directory: {e}"))?;
    let base = xtask::config_at_revision(root, rev, dir.path())?;
    let head = xtask::config(root);
    let mut report = String::new();
    for (module, path) in xtask::SPECS {
        if !base.specs.iter().any(|s| s.module == *module) {
            report.push_str(&format!(
                "{path} does not exist at `{rev}`: module `{module}` counts as new.\n"
            ));
        }
    }
    let before = public_api(&base).map_err(|e| format!("the spec at `{rev}`: {e}"))?;
    let after = public_api(&head).map_err(|e| format!("the working tree's spec: {e}"))?;
    report.push_str(&format!(
        "spec at `{rev}` -> working tree, both generated with the current generator and templates\n"
    ));
    report.push_str(&api_diff::diff(&before, &after).render(Some(&head.info.version)));
    Ok(report)
}

/// The public API of the crate `config` generates, in memory.
fn public_api(config: &Config) -> generator::Result<PublicApi> {
    let (_, output) = generator::generate(config)?;
    PublicApi::from_output(&output)
}

/// `cargo xtask fuzz`: the long run of [`xtask::fuzz::campaign`].
fn fuzz(args: &[&str]) -> ExitCode {
    let request = match xtask::FuzzArgs::parse(args) {
        Ok(request) => request,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let root = workspace_root();
    let seed = request.seed.unwrap_or_else(random_seed);
    let options = campaign::Options {
        duration: std::time::Duration::from_secs_f64(request.minutes * 60.0),
        seed,
        found_dir: root.join(xtask::fuzz::found::DIR),
        current_file: campaign::work_dir(&root).join("current.yaml"),
        root,
    };
    println!(
        "fuzzing for {} min with seed {seed} (repeat with --seed {seed})",
        request.minutes
    );
    let summary = match campaign::run(&options, |s| println!("{}", s.line())) {
        Ok(summary) => summary,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    if summary.saved.is_empty() {
        println!(
            "nothing found: {} documents in {:.1} min",
            summary.documents,
            summary.elapsed.as_secs_f64() / 60.0
        );
        return ExitCode::SUCCESS;
    }
    println!(
        "kept {} failing inputs (and saw {} more of the same problems):",
        summary.saved.len(),
        summary.repeats
    );
    for (path, problem) in &summary.saved {
        println!(
            "  {}: {}",
            path.display(),
            problem.lines().next().unwrap_or_default()
        );
    }
    println!("`cargo test -p workspace-tests --test fuzz` replays them.");
    ExitCode::FAILURE
}

/// A seed from the clock: each run tries new documents.
fn random_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

fn dump_ir() -> ExitCode {
    let root = workspace_root();
    match generator::lower_specs(&xtask::config(&root)) {
        Ok(krate) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&krate).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Prints the template statistics and the long functions; fails when a
/// long function of shipped code gives no reason.
fn stats() -> ExitCode {
    use xtask::stats;
    let root = workspace_root();
    let templates = match stats::template_stats(&root.join("templates")) {
        Ok(templates) => templates,
        Err(e) => {
            eprintln!("error: templates/: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("templates (comparisons against tag strings, fail( calls, dict-literal lookups):");
    for t in &templates {
        println!(
            "  {:<24} {:>3} {:>3} {:>3}",
            t.file, t.tag_comparisons, t.fail_calls, t.dict_lookups
        );
    }
    let sum = |f: fn(&stats::TemplateStats) -> usize| templates.iter().map(f).sum::<usize>();
    println!(
        "  {:<24} {:>3} {:>3} {:>3}",
        "total",
        sum(|t| t.tag_comparisons),
        sum(|t| t.fail_calls),
        sum(|t| t.dict_lookups)
    );
    let long = match stats::long_functions(&root) {
        Ok(long) => long,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("functions over {} lines:", stats::MAX_LINES);
    for function in &long {
        println!("  {function}");
    }
    let unexplained = long.iter().filter(|f| f.unexplained()).count();
    println!("{} long, {unexplained} without a reason", long.len());
    if unexplained == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn workspace_root() -> PathBuf {
    xtask::project_root()
}
