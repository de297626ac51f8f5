//! The whole Datadog API (issue 19, item 3): our generator on Datadog's
//! published v1 and v2 specs (read from `../shared/specs/datadog/`, never
//! copied into the repository), and the official `datadog-api-client`
//! crate from crates.io, measured in the same run.
//!
//! For each of v1, v2 and both in one crate (`datadog-api`, modules `v1`
//! and `v2`): generation as a whole process (wall time, peak RSS), the
//! lines generated, and `cargo check` / `cargo build` of the crate alone
//! (dependencies built, non-incremental). Beside them the official crate,
//! checked and built the same way (`cargo clean -p`, then the command for
//! that package alone). Then the whole crate with only the
//! `key-management` feature, with the default features and with all of
//! them, where the generated crate has such features.

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::Config;

use crate::compile::{CompileTimes, TempCrate};
use crate::measure::{mib, secs, step};
use crate::{process, synth, tools};

/// The official client, pinned: the newest release when this was written.
pub const OFFICIAL_VERSION: &str = "0.38.0";
const OFFICIAL: &str = "datadog-api-client";
/// The cargo feature of Datadog's Key Management tag, once features per
/// tag exist.
const KEY_MANAGEMENT: &str = "key-management";

/// Where Datadog's published specs are: `shared/specs/datadog/` beside
/// the repository or beside a directory above it (a worktree's), or
/// `$DATADOG_SPECS`.
pub fn specs_dir(root: &Path) -> PathBuf {
    if let Some(dir) = std::env::var_os("DATADOG_SPECS") {
        return PathBuf::from(dir);
    }
    let beside = |dir: &Path| dir.join("shared").join("specs").join("datadog");
    (root.ancestors().skip(1))
        .map(beside)
        .find(|dir| dir.join("v1.yaml").is_file())
        .unwrap_or_else(|| beside(root.parent().unwrap_or(root)))
}

/// The crates measured: `v1`, `v2` and `all` (both in one crate).
pub const WHICH: [&str; 3] = ["v1", "v2", "all"];

/// Our configuration for `which` (`v1`, `v2` or `all`), runtime vendored.
pub fn config(root: &Path, which: &str) -> Result<Config, String> {
    let dir = specs_dir(root);
    let mut config = tools::vendored(&xtask::config(root), root);
    config.info.package = format!("datadog-api-{which}");
    config.info.description = format!("Datadog's published API ({which}), for the benchmark.");
    let modules: &[&str] = match which {
        "v1" => &["v1"],
        "v2" => &["v2"],
        "all" => &["v1", "v2"],
        _ => return Err(format!("unknown Datadog crate {which} (v1, v2 or all)")),
    };
    config.specs = (modules.iter())
        .map(|module| {
            let path = dir.join(format!("{module}.yaml"));
            generator::SpecInput {
                module: (*module).into(),
                display: path.display().to_string(),
                path,
            }
        })
        .collect();
    match config.specs.iter().find(|s| !s.path.is_file()) {
        Some(missing) => Err(format!(
            "{} is missing (Datadog's published spec; set DATADOG_SPECS to its directory)",
            missing.path.display()
        )),
        None => Ok(config),
    }
}

/// What `cargo xtask bench datadog` and the full run print.
pub struct Options {
    pub compile_runs: usize,
    pub process_runs: usize,
    /// Where to draw `datadog.svg` and `datadog.csv`.
    pub charts: Option<PathBuf>,
    /// `cargo build` too, not only `cargo check`.
    pub build: bool,
}

/// One of our crates: its operations, generation, size and compile times.
struct Ours {
    which: &'static str,
    operations: usize,
    generation: Result<process::Runs, String>,
    size: tools::Size,
    krate: TempCrate,
    /// Whether the crate has the key-management feature.
    has_key_management: bool,
}

/// Measures everything and prints the tables; `exe` is this harness (for
/// `once ours --datadog WHICH`).
pub fn run(root: &Path, work: &Path, options: &Options) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut ours = Vec::new();
    for which in WHICH {
        ours.push(generate(root, work, &exe, which, options)?);
    }
    print_generation(&ours);
    let official = official_crate(root, work)?;
    let mut crates: Vec<&TempCrate> = ours.iter().map(|o| &o.krate).collect();
    crates.push(&official);
    let commands: &[&str] = match options.build {
        true => &["check", "build"],
        false => &["check"],
    };
    let times = crate::compile::time_all(&crates, commands, options.compile_runs)?;
    let official_size = registry_size(&official.dir)?;
    let rows = print_compile(&ours, &times, official_size);
    if let Some(dir) = &options.charts {
        chart(dir, &rows)?;
    }
    let all = ours
        .iter()
        .find(|o| o.which == "all")
        .ok_or("no whole crate")?;
    features(all, options.compile_runs)
}

/// Generates `which` as a user would (whole process, timed), writes it as
/// a crate and counts its lines.
fn generate(
    root: &Path,
    work: &Path,
    exe: &Path,
    which: &'static str,
    options: &Options,
) -> Result<Ours, String> {
    let config = config(root, which)?;
    let operations = (config.specs.iter())
        .map(|s| std::fs::read_to_string(&s.path).map(|text| synth::operation_count(&text)))
        .sum::<Result<usize, _>>()
        .map_err(|e| e.to_string())?;
    let dir = work.join("datadog");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let out = dir.join(format!("out-{which}"));
    let generation = process::time_binary().and_then(|time| {
        let mut runs = Vec::new();
        for run in 0..options.process_runs {
            step(format!(
                "datadog: generating {which} ({operations} operations), run {} of {}",
                run + 1,
                options.process_runs
            ));
            let mut cmd = Command::new(exe);
            cmd.args(["once", "ours", "--datadog", which, "--out"])
                .arg(&out);
            runs.push(process::measure(
                &time,
                &cmd,
                &dir.join(format!("{which}.log")),
            )?);
        }
        Ok(process::Runs::new(&runs))
    });
    step(format!("datadog: writing {which} as a crate"));
    let mut files: tools::Files = tools::ours(&config).into_iter().collect();
    let size = tools::rust_size(files.iter().map(|(p, t)| (p, t)));
    let manifest = (files.iter_mut())
        .find(|(path, _)| path == "Cargo.toml")
        .ok_or("our output has no Cargo.toml")?;
    let has_key_management = has_feature(&manifest.1, KEY_MANAGEMENT);
    manifest.1.push_str("\n[workspace]\n");
    let krate = TempCrate::write(
        dir.join(format!("crate-{which}")),
        work.join("target-datadog"),
        &config.info.package,
        files.iter().map(|(p, t)| (p, t)),
        &root.join("Cargo.lock"),
    )
    .map_err(|e| e.to_string())?;
    Ok(Ours {
        which,
        operations,
        generation,
        size,
        krate,
        has_key_management,
    })
}

/// Whether `manifest` declares the feature `name`. The generator quotes
/// every feature name (`"key-management" = []`), so a key is compared with
/// its quotes taken off.
fn has_feature(manifest: &str, name: &str) -> bool {
    let features = manifest
        .split("\n[")
        .find(|section| section.starts_with("features]"));
    features.is_some_and(|section| {
        section.lines().any(|line| {
            let key = line.split('=').next().unwrap_or_default().trim();
            key.strip_prefix('"')
                .and_then(|key| key.strip_suffix('"'))
                .unwrap_or(key)
                == name
        })
    })
}

/// A crate that depends on the official client, so that cargo fetches and
/// builds it; it is measured as `-p datadog-api-client`. Its TLS is rustls
/// (ours is too); `retry` is one of its default features.
fn official_crate(root: &Path, work: &Path) -> Result<TempCrate, String> {
    let manifest = format!(
        "[package]\nname = \"datadog-official\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{OFFICIAL} = {{ version = \"={OFFICIAL_VERSION}\", default-features = false, features = [\"rustls-tls\", \"retry\"] }}\n\n\
         [workspace]\n"
    );
    let files = [
        ("Cargo.toml".to_string(), manifest),
        (
            "src/lib.rs".to_string(),
            "pub use datadog_api_client;\n".to_string(),
        ),
    ];
    TempCrate::write(
        work.join("datadog").join("official"),
        work.join("target-datadog"),
        OFFICIAL,
        files.iter().map(|(p, t)| (p, t)),
        &root.join("Cargo.lock"),
    )
    .map_err(|e| e.to_string())
}

/// The official crate's source, as cargo unpacked it: its operations
/// (each has a `…_with_http_info` method) and lines.
fn registry_size(dir: &Path) -> Result<(usize, tools::Size), String> {
    let out = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["metadata", "--format-version", "1"])
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let needle = format!("/{OFFICIAL}-{OFFICIAL_VERSION}/Cargo.toml");
    let manifest = (text.split('"'))
        .find(|s| s.ends_with(&needle))
        .ok_or("the official crate is not in cargo metadata")?;
    let src = Path::new(manifest).with_file_name("src");
    let mut files = Vec::new();
    collect_rust(&src, &mut files)?;
    let operations = (files.iter())
        .flat_map(|(_, text)| text.lines())
        .filter(|line| line.contains("pub async fn ") && line.contains("_with_http_info("))
        .count();
    Ok((
        operations,
        tools::rust_size(files.iter().map(|(p, t)| (p, t))),
    ))
}

fn collect_rust(dir: &Path, files: &mut Vec<(String, String)>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect_rust(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
            files.push((path.display().to_string(), text));
        }
    }
    Ok(())
}

fn print_generation(ours: &[Ours]) {
    println!("\n## The whole Datadog API: generation (ours, whole process; wall min / median, peak RSS)\n");
    println!("| crate | operations | wall | peak RSS | lines (code) |");
    println!("|---|---|---|---|---|");
    for o in ours {
        let (wall, rss) = match &o.generation {
            Ok(runs) => (
                format!("{} / {}", secs(runs.wall.min()), secs(runs.wall.median())),
                mib(runs.max_rss),
            ),
            Err(e) => (format!("not measured: {e}"), "-".into()),
        };
        println!(
            "| ours {} | {} | {wall} | {rss} | {} ({}) |",
            o.which, o.operations, o.size.lines, o.size.code
        );
    }
}

/// A crate's check and build time per operation, in ms.
struct PerOperation {
    name: String,
    check: f64,
    build: Option<f64>,
}

fn print_compile(
    ours: &[Ours],
    times: &[Vec<CompileTimes>],
    official: (usize, tools::Size),
) -> Vec<PerOperation> {
    println!("\n## The whole Datadog API: the crate alone, dependencies built, non-incremental (wall min / median; ms per operation from the median)\n");
    println!(
        "| crate | operations | lines | check | check ms/op | check CPU | build | build ms/op |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let rows = ours
        .iter()
        .map(|o| (format!("ours {}", o.which), o.operations, o.size.lines))
        .chain([(
            format!("official {OFFICIAL} {OFFICIAL_VERSION}"),
            official.0,
            official.1.lines,
        )]);
    let mut per_operation = Vec::new();
    for ((name, operations, lines), times) in rows.zip(times) {
        let ms = |t: &CompileTimes| t.wall.median().as_secs_f64() * 1e3 / operations.max(1) as f64;
        let per_op = |t: &CompileTimes| format!("{:.0}", ms(t));
        let pair = |t: &CompileTimes| format!("{} / {}", secs(t.wall.min()), secs(t.wall.median()));
        let (build, build_per_op) = match times.get(1) {
            Some(t) => (pair(t), per_op(t)),
            None => ("not run".into(), "-".into()),
        };
        // On a busy machine the CPU time (cargo and rustc) says more than the wall time.
        println!(
            "| {name} | {operations} | {lines} | {} | {} | {} | {build} | {build_per_op} |",
            pair(&times[0]),
            per_op(&times[0]),
            secs(times[0].cpu.median()),
        );
        per_operation.push(PerOperation {
            check: ms(&times[0]),
            build: times.get(1).map(ms),
            name,
        });
    }
    println!("\nGoal: at most 30 ms per operation checked.");
    per_operation
}

/// `datadog.svg`: check and build time per operation of each crate, and
/// the same figures in `datadog.csv`.
fn chart(dir: &Path, rows: &[PerOperation]) -> Result<(), String> {
    use crate::charts;
    step(format!(
        "datadog: drawing {}",
        dir.join("datadog.svg").display()
    ));
    let series = [
        (
            "cargo check",
            charts::OURS,
            rows.iter().map(|r| Some(r.check)).collect(),
        ),
        (
            "cargo build",
            charts::OTHER2,
            rows.iter().map(|r| r.build).collect(),
        ),
    ]
    .map(|(name, color, values)| charts::Bars {
        name: name.into(),
        color,
        values,
    });
    let groups: Vec<String> = rows.iter().map(|r| r.name.clone()).collect();
    charts::bars(
        &dir.join("datadog.svg"),
        "The whole Datadog API: ms per operation, the crate alone (median)",
        "ms per operation",
        &groups,
        &series,
        " ms",
    )?;
    let mut csv = vec![vec![
        "crate".to_string(),
        "check_ms_per_op".into(),
        "build_ms_per_op".into(),
    ]];
    csv.extend(rows.iter().map(|r| {
        let build = r.build.map_or(String::new(), |b| format!("{b:.1}"));
        vec![r.name.clone(), format!("{:.1}", r.check), build]
    }));
    charts::csv(&dir.join("datadog.csv"), &csv)
}

/// `cargo check` of the whole crate with only `key-management`, with the
/// default features and with all of them.
fn features(all: &Ours, runs: usize) -> Result<(), String> {
    println!("\n## The whole Datadog API in one crate, by features (`cargo check`, the crate alone; wall min / median)\n");
    println!("| features | check |");
    println!("|---|---|");
    let sets: [(&str, &[&str]); 3] = [
        (
            "only key-management",
            &["--no-default-features", "--features", KEY_MANAGEMENT],
        ),
        ("default", &[]),
        ("all (--all-features)", &["--all-features"]),
    ];
    for (name, args) in sets {
        if !all.has_key_management {
            println!(
                "| {name} | not available: the generated crate has no `{KEY_MANAGEMENT}` feature |"
            );
            continue;
        }
        step(format!("datadog: cargo check of the whole crate, {name}"));
        let times = crate::compile::time_all_with(&all.krate, "check", args, runs)?;
        println!(
            "| {name} | {} / {} |",
            secs(times.wall.min()),
            secs(times.wall.median())
        );
    }
    println!("\nGoal: under 5 s with only `{KEY_MANAGEMENT}`.");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::has_feature;

    #[test]
    fn a_feature_is_found_quoted_or_bare_and_only_under_features() {
        let manifest = "[package]\nname = \"x\"\n\n[features]\ndefault = [\"all-tags\"]\n\"key-management\" = []\nmock = []\n\n[[bin]]\nname = \"cli\"\n";
        assert!(has_feature(manifest, "key-management"));
        assert!(has_feature(manifest, "mock"));
        assert!(!has_feature(manifest, "name"));
        assert!(!has_feature(manifest, "metrics"));
        assert!(!has_feature(
            "[package]\nname = \"key-management\"\n",
            "key-management"
        ));
    }
}
