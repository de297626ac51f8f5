//! The benchmark harness behind `cargo xtask bench` (build it in release
//! mode; xtask does). Measures, and prints:
//!
//! 1. generation time of our generator on the project's specs (load +
//!    lower + render + format, in memory), per stage too, and its memory;
//! 2. scaling on synthetic specs: the v2 spec repeated k times;
//! 3. progenitor on the same specs (parse + generate + prettyplease);
//! 4. compile time (`cargo build`, `cargo check`) of both outputs.
//!
//! Subcommands for single runs in a fresh process, used for peak RSS and
//! instruction counts (callgrind), and for profiling:
//!
//! ```text
//! bench [--runs N] [--compile-runs N] [--scaling 1,10,50] [--no-compile] [--no-callgrind]
//! bench once <ours|progenitor|none> [--spec PATH]
//! bench profile [ours|progenitor] [--spec PATH] [--top N]
//! ```

mod compile;
mod measure;
mod synth;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use generator::Config;
use measure::{allocations, mib, ms, secs, time_runs, Samples};

#[global_allocator]
static ALLOC: measure::Counting = measure::Counting;

const USAGE: &str = "usage:
  bench [--runs N] [--compile-runs N] [--scaling 1,10,50] [--no-compile] [--no-callgrind]
  bench once <ours|progenitor|none> [--spec PATH]
  bench profile [ours|progenitor] [--spec PATH] [--top N]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("once") => once(&args[1..]),
        Some("profile") => profile(&args[1..]),
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => Options::parse(&args).and_then(|options| run(&options)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

struct Options {
    runs: usize,
    compile_runs: usize,
    scaling: Vec<usize>,
    compile: bool,
    callgrind: bool,
}

impl Options {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut options = Options {
            runs: 50,
            compile_runs: 10,
            scaling: vec![1, 10, 50],
            compile: true,
            callgrind: true,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = || args.next().ok_or(format!("{arg} needs a value\n{USAGE}"));
            match arg.as_str() {
                "--runs" => options.runs = number(value()?)?,
                "--compile-runs" => options.compile_runs = number(value()?)?,
                "--scaling" => {
                    options.scaling = value()?.split(',').map(number).collect::<Result<_, _>>()?
                }
                "--no-compile" => options.compile = false,
                "--no-callgrind" => options.callgrind = false,
                _ => return Err(format!("unknown argument {arg}\n{USAGE}")),
            }
        }
        Ok(options)
    }
}

fn number(s: &str) -> Result<usize, String> {
    match s.parse() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("expected a positive number, got {s:?}")),
    }
}

/// The workspace root: this crate's parent directory.
fn root() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    dir.parent().unwrap_or(dir).to_owned()
}

/// Scratch space: synthetic specs, the temp crates, callgrind files.
fn work_dir() -> PathBuf {
    root().join("target").join("bench-work")
}

fn run(options: &Options) -> Result<(), String> {
    let root = root();
    let work = work_dir();
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let config = xtask::config(&root);
    let specs = tools::spec_paths(&config);
    let mut summary = Summary::default();

    machine();

    println!(
        "\n## Generation: {} (in memory, {} timed runs each after 2 warm-up runs, interleaved)\n",
        config
            .specs
            .iter()
            .map(|s| s.display.as_str())
            .collect::<Vec<_>>()
            .join(" + "),
        options.runs
    );
    let progenitor_output = tools::progenitor(&specs);
    let [ours_time, progenitor_time] = time_interleaved(
        2,
        options.runs,
        [&mut || drop(tools::ours(&config)), &mut || {
            drop(tools::progenitor(&specs))
        }],
    );
    println!("ours:       {ours_time}");
    println!("progenitor: {progenitor_time}");
    stages(&config, options.runs);

    let (_, ours_allocs) = allocations(|| tools::ours(&config));
    let (_, progenitor_allocs) = allocations(|| tools::progenitor(&specs));
    println!("\nMemory of one run (counting allocator, in process):");
    for (name, a) in [("ours", ours_allocs), ("progenitor", progenitor_allocs)] {
        println!(
            "  {name:<11} peak live heap {}, {} allocated in {} allocations",
            mib(a.peak),
            mib(a.total),
            a.count
        );
    }
    let rss = ["none", "ours", "progenitor"].map(|tool| once_rss(tool).unwrap_or(0));
    println!(
        "Peak RSS of a fresh process generating once: ours {}, progenitor {} (a process that generates nothing: {})",
        mib(rss[1]),
        mib(rss[2]),
        mib(rss[0])
    );

    let instructions = if options.callgrind {
        callgrind_counts()
    } else {
        None
    };
    if let Some([none, ours, progenitor]) = instructions {
        println!(
            "Instructions for one run (callgrind, fresh process, minus an idle process's {:.1} M): ours {:.0} M, progenitor {:.0} M",
            none as f64 / 1e6,
            ours.saturating_sub(none) as f64 / 1e6,
            progenitor.saturating_sub(none) as f64 / 1e6,
        );
    }

    // The crate as the bench builds it, outside the workspace: the same
    // code, plus a vendored copy of `client-runtime` under `runtime/`,
    // which is compiled as a dependency (like progenitor's
    // `progenitor-client`). Generation is timed without the copy, as the
    // in-repo client is generated.
    let vendored_config = tools::vendored(&config, &root);
    let ours_output = tools::ours(&vendored_config);
    // runtime/src/tests.rs is `#[cfg(test)]`: never compiled for users.
    let compiled = |path: &&String| !path.ends_with("/tests.rs");
    let ours_size = tools::rust_size(
        ours_output
            .iter()
            .filter(|(p, _)| compiled(p) && !p.starts_with("runtime/")),
    );
    let ours_runtime = tools::rust_size(
        ours_output
            .iter()
            .filter(|(p, _)| compiled(p) && p.starts_with("runtime/")),
    );
    let progenitor_size = tools::rust_size(progenitor_output.iter().map(|(p, t)| (p, t)));
    println!(
        "\n## Output size (Rust files compiled in a build; code = not blank, not only a comment)\n"
    );
    let show = |s: tools::Size| {
        format!(
            "{} lines ({} code), {} KiB in {} files",
            s.lines,
            s.code,
            s.bytes / 1024,
            s.files
        )
    };
    println!("ours:       {}", show(ours_size));
    println!(
        "            + its runtime, the client-runtime crate (a dependency, vendored as runtime/ in the bench's copy): {}",
        show(ours_runtime)
    );
    println!(
        "progenitor: {} (its runtime is the progenitor-client crate, a dependency)",
        show(progenitor_size)
    );

    summary.generation = Some((ours_time, progenitor_time));
    summary.allocs = Some((ours_allocs.peak, progenitor_allocs.peak));
    summary.rss = Some((rss[1], rss[2]));
    summary.instructions = instructions.map(|[n, o, p]| (o.saturating_sub(n), p.saturating_sub(n)));
    summary.lines = Some((ours_size, progenitor_size));

    scaling(&config, &work, options)?;

    if options.compile {
        summary.scaling_check = scaling_check(&config, &root, &work, options)?;
        summary.compile = Some(compile_times(
            &root,
            &work,
            &ours_output,
            &progenitor_output,
            options.compile_runs,
        )?);
    }

    summary.print();
    Ok(())
}

fn machine() {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, model)| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into());
    let rustc = Command::new("rustc")
        .arg("-V")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|_| "unknown".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("## Machine\n\n{cores} cores, {cpu}, {rustc}");
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(root())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    // Only when the root is a checkout itself (not, say, a copy of the
    // tree inside some other repository's target/).
    let toplevel = git(&["rev-parse", "--show-toplevel"]).map(PathBuf::from);
    let is_checkout =
        toplevel.is_some_and(|top| top.canonicalize().ok() == root().canonicalize().ok());
    if let Some(commit) = git(&["rev-parse", "--short", "HEAD"]).filter(|_| is_checkout) {
        let dirty = git(&[
            "status",
            "--porcelain",
            "--",
            "generator",
            "templates",
            "spec",
        ])
        .is_some_and(|s| !s.is_empty());
        let note = if dirty {
            " + uncommitted changes in generator/, templates/ or spec/"
        } else {
            ""
        };
        println!("tree: {commit}{note}");
    } else {
        println!("tree: {} (not a git checkout)", root().display());
    }
}

/// Times several closures in turn, run by run, so that noise on a busy
/// machine falls on all of them alike.
fn time_interleaved<const N: usize>(
    warmup: usize,
    runs: usize,
    mut fs: [&mut dyn FnMut(); N],
) -> [Samples; N] {
    for _ in 0..warmup {
        fs.iter_mut().for_each(|f| f());
    }
    let mut samples: [Vec<Duration>; N] = std::array::from_fn(|_| Vec::with_capacity(runs));
    for _ in 0..runs {
        for (f, samples) in fs.iter_mut().zip(samples.iter_mut()) {
            let start = Instant::now();
            f();
            samples.push(start.elapsed());
        }
    }
    samples.map(Samples::new)
}

/// Our generator stage by stage, each timed on the previous stage's output.
fn stages(config: &Config, runs: usize) {
    let load = time_runs(2, runs, || {
        config
            .specs
            .iter()
            .map(|s| generator::load::load(&s.path, &s.display).expect("loads"))
            .collect::<Vec<_>>()
    });
    let load_lower = time_runs(2, runs, || generator::lower_specs(config).expect("lowers"));
    let krate = generator::lower_specs(config).expect("lowers");
    let render = time_runs(2, runs, || {
        let templates = generator::render::Templates::load(&config.templates).expect("templates");
        templates.render_crate(&krate).expect("renders")
    });
    let templates = generator::render::Templates::load(&config.templates).expect("templates");
    let rendered = templates.render_crate(&krate).expect("renders");
    let mut format = Vec::with_capacity(runs);
    for _ in 0..runs + 2 {
        let input = rendered.clone();
        let start = Instant::now();
        drop(generator::format::format_all(input).expect("formats"));
        format.push(start.elapsed());
    }
    let format = Samples::new(format.split_off(2));
    println!(
        "  ours by stage (medians): load {}, load+lower {}, render (incl. reading templates) {}, format {}",
        ms(load.median()),
        ms(load_lower.median()),
        ms(render.median()),
        ms(format.median()),
    );
    let rendered_bytes: usize = rendered.iter().map(|f| f.text.len()).sum();
    println!(
        "  rendered text before formatting: {} KiB in {} files",
        rendered_bytes / 1024,
        rendered.len()
    );
}

/// Generation time against spec size: the last spec (v2) repeated k times.
fn scaling(config: &Config, work: &Path, options: &Options) -> Result<(), String> {
    let base = config.specs.last().ok_or("no specs")?;
    let text = std::fs::read_to_string(&base.path).map_err(|e| e.to_string())?;
    println!(
        "\n## Scaling: {} repeated k times, renamed (max(3, {} / k) timed runs each, interleaved)\n",
        base.display, options.runs
    );
    if options.callgrind {
        println!("Instructions: callgrind on one run of ours in a fresh process, and its ratio to the first k.\n");
    }
    println!("| k | operations | ours min / median | ours per op | ours instructions | ours peak heap | progenitor min / median | progenitor per op |");
    println!("|---|---|---|---|---|---|---|---|");
    let idle = if options.callgrind {
        instructions("none", &[])
    } else {
        None
    };
    let mut first_count = None;
    for &k in &options.scaling {
        let synthetic = synth::replicate(&text, k);
        let operations = synth::operation_count(&synthetic);
        let path = work.join(format!("{}-k{k}.yaml", base.module));
        std::fs::write(&path, &synthetic).map_err(|e| e.to_string())?;
        let ours_config = tools::ours_on(config, &base.module, &path);
        let specs = vec![(base.module.clone(), path.clone())];
        let runs = (options.runs / k).max(3);
        let (_, allocs) = allocations(|| tools::ours(&ours_config));
        let [ours, progenitor] = time_interleaved(
            1,
            runs,
            [&mut || drop(tools::ours(&ours_config)), &mut || {
                drop(tools::progenitor(&specs))
            }],
        );
        let per_op = |s: &Samples| {
            format!(
                "{:.0} µs",
                s.median().as_secs_f64() * 1e6 / operations as f64
            )
        };
        let count = idle.and_then(|idle| {
            let spec = ["--spec".to_string(), path.display().to_string()];
            Some(instructions("ours", &spec)?.saturating_sub(idle))
        });
        let count = match (count, *first_count.get_or_insert(count)) {
            (Some(n), Some(first)) => format!(
                "{:.0} M (×{:.1})",
                n as f64 / 1e6,
                n as f64 / first.max(1) as f64
            ),
            _ => "-".into(),
        };
        println!(
            "| {k} | {operations} | {} | {} | {count} | {} | {} | {} |",
            pair(&ours),
            per_op(&ours),
            mib(allocs.peak),
            pair(&progenitor),
            per_op(&progenitor),
        );
    }
    Ok(())
}

/// Builds both outputs as standalone crates and times `cargo build` and
/// `cargo check` of each, from clean, dependencies already built; an empty
/// crate with our dependencies shows the fixed cost of a cargo and rustc
/// run.
fn compile_times(
    root: &Path,
    work: &Path,
    ours: &generator::Output,
    progenitor: &tools::Files,
    runs: usize,
) -> Result<CompileSummary, String> {
    let lock = root.join("Cargo.lock");
    let target = root.join("target");
    let io = |e: std::io::Error| e.to_string();

    let mut ours_files = ours.clone();
    let manifest = ours_files
        .get_mut("Cargo.toml")
        .ok_or("our output has no Cargo.toml")?;
    manifest.push_str("\n[workspace]\n");
    let ours_crate = compile::TempCrate::write(
        work.join("crates").join("ours"),
        target.join("bench-compile-ours"),
        "datadog-key-management",
        &ours_files,
        &lock,
    )
    .map_err(io)?;

    let package = "progenitor-key-management";
    let sources: Vec<&str> = progenitor.iter().map(|(_, text)| text.as_str()).collect();
    let modules: String = progenitor
        .iter()
        .filter_map(|(path, _)| path.strip_prefix("src/")?.strip_suffix(".rs"))
        .map(|module| format!("pub mod {module};\n"))
        .collect();
    let mut progenitor_files = progenitor.clone();
    progenitor_files.push((
        "Cargo.toml".into(),
        compile::progenitor_manifest(package, &sources),
    ));
    progenitor_files.push((
        "src/lib.rs".into(),
        format!("//! progenitor's output for the same specs, one module each.\n\n{modules}"),
    ));
    let progenitor_crate = compile::TempCrate::write(
        work.join("crates").join("progenitor"),
        target.join("bench-compile-progenitor"),
        package,
        progenitor_files.iter().map(|(p, t)| (p, t)),
        &lock,
    )
    .map_err(io)?;

    // The fixed cost: our manifest (same dependencies, so cargo has as
    // much to resolve and fingerprint) with an empty lib.rs.
    let empty_manifest = ours_files["Cargo.toml"].replace(
        "name = \"datadog-key-management\"",
        "name = \"bench-empty\"",
    );
    // It needs the vendored runtime too, and it has exactly our
    // dependencies, so it shares our target directory (one build of them).
    let mut empty_files: Vec<(String, String)> = ours_files
        .iter()
        .filter(|(p, _)| p.starts_with("runtime/"))
        .map(|(p, t)| (p.clone(), t.clone()))
        .collect();
    empty_files.push(("Cargo.toml".to_string(), empty_manifest));
    empty_files.push(("src/lib.rs".to_string(), String::new()));
    let empty_crate = compile::TempCrate::write(
        work.join("crates").join("empty"),
        target.join("bench-compile-ours"),
        "bench-empty",
        empty_files.iter().map(|(p, t)| (p, t)),
        &lock,
    )
    .map_err(io)?;

    println!(
        "\n## Compile time of the emitted crate (dev profile, CARGO_INCREMENTAL=0, dependencies prebuilt; {runs} interleaved runs of `cargo clean -p <crate>` + timed command)\n"
    );
    let names = ["ours", "progenitor", "empty crate"];
    let commands = ["build", "check"];
    let times = compile::time_all(
        &[&ours_crate, &progenitor_crate, &empty_crate],
        &commands,
        runs,
    )?;
    for (name, row) in names.iter().zip(&times) {
        for (command, t) in commands.iter().zip(row) {
            println!(
                "{name:<11} cargo {command:<5}: wall {} | cpu min {} / median {} | first run incl. deps {}",
                wall_secs(&t.wall),
                secs(t.cpu.min()),
                secs(t.cpu.median()),
                secs(t.first),
            );
        }
    }
    let mut times = times.into_iter().map(|row| {
        let mut row = row.into_iter();
        let build = row.next().expect("build timed");
        let check = row.next().expect("check timed");
        (build, check)
    });
    let mut next = || times.next().expect("three crates timed");
    Ok(CompileSummary {
        ours: next(),
        progenitor: next(),
        empty: next(),
    })
}

/// `cargo check` of ours and progenitor's output for the largest synthetic
/// spec of `--scaling` (written by [`scaling`]), from clean, dependencies
/// prebuilt: how check time grows with the number of operations.
fn scaling_check(
    config: &Config,
    root: &Path,
    work: &Path,
    options: &Options,
) -> Result<Option<ScalingCheck>, String> {
    let Some(&k) = options.scaling.iter().max() else {
        return Ok(None);
    };
    let base = config.specs.last().ok_or("no specs")?;
    let path = work.join(format!("{}-k{k}.yaml", base.module));
    let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let operations = synth::operation_count(&text);
    let lock = root.join("Cargo.lock");
    let target = root.join("target");
    let io = |e: std::io::Error| e.to_string();

    let ours_package = "bench-scale-ours";
    let mut ours = tools::ours(&tools::vendored(
        &tools::ours_on(config, &base.module, &path),
        root,
    ));
    let manifest = ours
        .get_mut("Cargo.toml")
        .ok_or("our output has no Cargo.toml")?;
    *manifest = manifest.replace(
        &format!("name = \"{}\"", config.info.package),
        &format!("name = \"{ours_package}\""),
    ) + "\n[workspace]\n";
    let ours_crate = compile::TempCrate::write(
        work.join("crates").join("scale-ours"),
        target.join("bench-compile-ours"),
        ours_package,
        &ours,
        &lock,
    )
    .map_err(io)?;

    let progenitor_package = "bench-scale-progenitor";
    let source = tools::progenitor_one(&text);
    let progenitor_files = vec![
        (
            "Cargo.toml".to_string(),
            compile::progenitor_manifest(progenitor_package, &[&source]),
        ),
        (
            "src/lib.rs".to_string(),
            format!("pub mod {};\n", base.module),
        ),
        (format!("src/{}.rs", base.module), source),
    ];
    let progenitor_crate = compile::TempCrate::write(
        work.join("crates").join("scale-progenitor"),
        target.join("bench-compile-progenitor"),
        progenitor_package,
        progenitor_files.iter().map(|(p, t)| (p, t)),
        &lock,
    )
    .map_err(io)?;

    let runs = options.compile_runs.min(3);
    println!(
        "\n## `cargo check` of the output for k = {k} ({operations} operations; CARGO_INCREMENTAL=0, dependencies prebuilt; {runs} interleaved runs)\n"
    );
    let times = compile::time_all(&[&ours_crate, &progenitor_crate], &["check"], runs)?;
    let mut times = times.into_iter().map(|mut row| row.remove(0));
    let result = ScalingCheck {
        k,
        operations,
        ours: times.next().expect("ours timed"),
        progenitor: times.next().expect("progenitor timed"),
    };
    for (name, t) in [("ours", &result.ours), ("progenitor", &result.progenitor)] {
        println!(
            "{name:<11} cargo check: wall {} | {:.1} ms per operation (median) | cpu median {}",
            wall_secs(&t.wall),
            t.wall.median().as_secs_f64() * 1e3 / operations as f64,
            secs(t.cpu.median()),
        );
    }
    Ok(Some(result))
}

/// `cargo check` times on the largest synthetic spec.
struct ScalingCheck {
    k: usize,
    operations: usize,
    ours: compile::CompileTimes,
    progenitor: compile::CompileTimes,
}

/// `(build, check)` times of each crate.
struct CompileSummary {
    ours: (compile::CompileTimes, compile::CompileTimes),
    progenitor: (compile::CompileTimes, compile::CompileTimes),
    empty: (compile::CompileTimes, compile::CompileTimes),
}

fn wall_secs(s: &Samples) -> String {
    format!(
        "min {} / median {} / max {}",
        secs(s.min()),
        secs(s.median()),
        secs(s.max())
    )
}

/// What the final table needs.
#[derive(Default)]
struct Summary {
    generation: Option<(Samples, Samples)>,
    allocs: Option<(usize, usize)>,
    rss: Option<(usize, usize)>,
    instructions: Option<(u64, u64)>,
    lines: Option<(tools::Size, tools::Size)>,
    compile: Option<CompileSummary>,
    scaling_check: Option<ScalingCheck>,
}

impl Summary {
    fn print(&self) {
        println!("\n## Summary\n");
        println!("| | ours | progenitor |");
        println!("|---|---|---|");
        let row = |name: &str, ours: String, progenitor: String| {
            println!("| {name} | {ours} | {progenitor} |");
        };
        if let Some((o, p)) = &self.generation {
            row("generation, min / median", pair(o), pair(p));
        }
        if let Some((o, p)) = self.instructions {
            row(
                "generation, instructions (callgrind)",
                format!("{:.0} M", o as f64 / 1e6),
                format!("{:.0} M", p as f64 / 1e6),
            );
        }
        if let Some((o, p)) = self.allocs {
            row("peak live heap, one run", mib(o), mib(p));
        }
        if let Some((o, p)) = self.rss {
            row("peak RSS, fresh process", mib(o), mib(p));
        }
        if let Some((o, p)) = self.lines {
            row(
                "output lines, all / code (compiled Rust files)",
                format!("{} / {}", o.lines, o.code),
                format!("{} / {}", p.lines, p.code),
            );
        }
        if let Some(c) = &self.compile {
            let (ob, oc) = &c.ours;
            let (pb, pc) = &c.progenitor;
            let (eb, ec) = &c.empty;
            let above = |t: &compile::CompileTimes, empty: &compile::CompileTimes| {
                secs(t.wall.median().saturating_sub(empty.wall.median()))
            };
            row(
                "`cargo build` (dev), wall min / median",
                compile_pair(&ob.wall),
                compile_pair(&pb.wall),
            );
            row(
                "`cargo build` (dev), CPU median",
                secs(ob.cpu.median()),
                secs(pb.cpu.median()),
            );
            row(
                "`cargo build` (dev), wall median above an empty crate",
                above(ob, eb),
                above(pb, eb),
            );
            row(
                "`cargo check`, wall min / median",
                compile_pair(&oc.wall),
                compile_pair(&pc.wall),
            );
            row(
                "`cargo check`, CPU median",
                secs(oc.cpu.median()),
                secs(pc.cpu.median()),
            );
            row(
                "`cargo check`, wall median above an empty crate",
                above(oc, ec),
                above(pc, ec),
            );
            if let Some(s) = &self.scaling_check {
                let per_op = |t: &compile::CompileTimes| {
                    format!(
                        "{} / {} ({:.1} ms per operation)",
                        secs(t.wall.min()),
                        secs(t.wall.median()),
                        t.wall.median().as_secs_f64() * 1e3 / s.operations as f64
                    )
                };
                row(
                    &format!(
                        "`cargo check`, k = {} ({} operations), wall min / median",
                        s.k, s.operations
                    ),
                    per_op(&s.ours),
                    per_op(&s.progenitor),
                );
            }
            println!(
                "\nAn empty crate with our dependencies (the fixed cost of cargo + rustc): build {}, check {} (wall medians).",
                secs(eb.wall.median()),
                secs(ec.wall.median())
            );
        }
    }
}

fn pair(s: &Samples) -> String {
    format!("{} / {}", ms(s.min()), ms(s.median()))
}

fn compile_pair(s: &Samples) -> String {
    format!("{} / {}", secs(s.min()), secs(s.median()))
}

/// `once <tool> [--spec PATH]`: one generation in this process, then its
/// peak RSS on stdout as `max_rss <bytes>`.
fn once(args: &[String]) -> Result<(), String> {
    let (tool, spec) = tool_and_spec(args)?;
    let config = xtask::config(&root());
    let config = match &spec {
        Some(path) => tools::ours_on(&config, "v2", path),
        None => config,
    };
    let specs = tools::spec_paths(&config);
    if !["ours", "progenitor", "none"].contains(&tool.as_str()) {
        return Err(format!("unknown tool {tool}\n{USAGE}"));
    }
    let (_, allocs) = allocations(|| match tool.as_str() {
        "ours" => drop(std::hint::black_box(tools::ours(&config))),
        "progenitor" => drop(std::hint::black_box(tools::progenitor(&specs))),
        _ => {}
    });
    println!("max_rss {}", measure::max_rss().unwrap_or(0));
    println!(
        "peak_heap {}\nallocated {}\nallocations {}",
        allocs.peak, allocs.total, allocs.count
    );
    Ok(())
}

fn tool_and_spec(args: &[String]) -> Result<(String, Option<PathBuf>), String> {
    let mut tool = None;
    let mut spec = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--spec" => spec = Some(PathBuf::from(args.next().ok_or("--spec needs a path")?)),
            "--top" => {
                args.next();
            }
            _ if tool.is_none() => tool = Some(arg.clone()),
            _ => return Err(format!("unexpected argument {arg}\n{USAGE}")),
        }
    }
    Ok((tool.unwrap_or_else(|| "ours".into()), spec))
}

/// Peak RSS of a fresh `once <tool>` process.
fn once_rss(tool: &str) -> Option<usize> {
    let exe = std::env::current_exe().ok()?;
    let out = Command::new(exe).args(["once", tool]).output().ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("max_rss ")?.trim().parse().ok())
}

/// Runs `once <tool> [extra]` under callgrind; returns the output file.
fn callgrind(tool: &str, extra: &[String]) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let out_file = work_dir().join(format!("callgrind.{tool}.out"));
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out_file.display()))
        .arg(exe)
        .args(["once", tool])
        .args(extra)
        .output()
        .ok()?;
    status.status.success().then_some(out_file)
}

/// Instructions callgrind counts for `once <tool> [extra]`.
fn instructions(tool: &str, extra: &[String]) -> Option<u64> {
    let text = std::fs::read_to_string(callgrind(tool, extra)?).ok()?;
    text.lines()
        .find_map(|l| {
            l.strip_prefix("totals:")
                .or_else(|| l.strip_prefix("summary:"))
        })
        .and_then(|n| n.split_whitespace().next()?.parse().ok())
}

/// Total instructions of `once none`, `once ours` and `once progenitor`.
fn callgrind_counts() -> Option<[u64; 3]> {
    let counts = ["none", "ours", "progenitor"].map(|tool| instructions(tool, &[]));
    match counts {
        [Some(n), Some(o), Some(p)] => Some([n, o, p]),
        _ => {
            println!("(callgrind not available or failed: no instruction counts)");
            None
        }
    }
}

/// `profile [tool] [--spec PATH] [--top N]`: callgrind on one generation,
/// then the functions with the most instructions, self and inclusive.
fn profile(args: &[String]) -> Result<(), String> {
    let (tool, spec) = tool_and_spec(args)?;
    let top: usize = args
        .iter()
        .position(|a| a == "--top")
        .and_then(|i| args.get(i + 1))
        .map(|s| number(s))
        .transpose()?
        .unwrap_or(25);
    let extra: Vec<String> = spec
        .iter()
        .flat_map(|p| ["--spec".to_string(), p.display().to_string()])
        .collect();
    std::fs::create_dir_all(work_dir()).map_err(|e| e.to_string())?;
    let file = callgrind(&tool, &extra).ok_or("valgrind --tool=callgrind failed")?;
    for inclusive in ["no", "yes"] {
        let out = Command::new("callgrind_annotate")
            .arg(format!("--inclusive={inclusive}"))
            .arg(&file)
            .output()
            .map_err(|e| format!("callgrind_annotate: {e}"))?;
        let text = String::from_utf8_lossy(&out.stdout);
        let kind = if inclusive == "yes" {
            "inclusive"
        } else {
            "self"
        };
        println!("## Top {top} functions by {kind} instructions ({tool})\n");
        // The table follows its `file:function` heading. Inclusive counts
        // start with the process's own frames (loader, `main`, this
        // harness), which say nothing: they are left out.
        const FRAMES: &[&str] = &[
            "???",
            "libc_start",
            "lang_start",
            "__rust_begin_short_backtrace",
            "bench::",
        ];
        let body = text
            .lines()
            .skip_while(|l| !l.contains("file:function"))
            .skip(1)
            .filter(|l| !l.trim().is_empty() && !l.starts_with("---"))
            .filter(|l| inclusive == "no" || !FRAMES.iter().any(|f| l.contains(f)))
            .take(top);
        for line in body {
            println!("{line}");
        }
        println!();
    }
    println!("full profile: callgrind_annotate {}", file.display());
    Ok(())
}
