//! The benchmark harness behind `cargo xtask bench` (build it in release
//! mode; xtask does). Measures, and prints:
//!
//! 1. generation time of our generator on the project's specs (load +
//!    lower + render + format, in memory), per stage too, and its memory;
//! 2. scaling on synthetic specs: the v2 spec repeated k times;
//! 3. progenitor on the same specs (parse + generate + prettyplease);
//! 4. all three tools (ours, progenitor, openapi-generator's `rust`
//!    generator) as whole processes on v1, v2 and the synthetic specs:
//!    wall time, CPU time and peak RSS;
//! 5. compile time (`cargo build`, `cargo check`) of the three outputs;
//! 6. decoding a 100-key `ListAPIKeys` page with each tool's types and with
//!    hand-written serde structs;
//!
//! and draws the charts of BENCHMARKS.md (`bench/charts/*.svg`).
//!
//! Subcommands for single runs in a fresh process, used for peak RSS and
//! instruction counts (callgrind), and for profiling: see [`USAGE`].

mod charts;
mod compile;
mod datadog;
mod decode;
mod measure;
mod oag;
mod process;
mod synth;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use generator::Config;
use measure::{allocations, mib, ms, secs, step, time_runs, Samples};

#[global_allocator]
static ALLOC: measure::Counting = measure::Counting;

const USAGE: &str = "usage:
  cargo xtask bench [OPTIONS]
  cargo xtask bench once <ours|progenitor|none> [--spec PATH | --datadog v1|v2|all] [--out DIR]
  cargo xtask bench profile [ours|progenitor] [--spec PATH] [--top N]
  cargo xtask bench decode [--no-callgrind] [--charts DIR | --no-charts]
  cargo xtask bench datadog [--compile-runs N] [--process-runs N] [--no-datadog-build]
                            [--charts DIR | --no-charts]

The full run measures generation (in process, and as whole processes with
openapi-generator), scaling on the v2 spec repeated k times, compile time
of the three outputs, decoding and encoding speed, and the whole Datadog API
beside the official client (at most 3 compile runs there), prints the results
and draws the charts. See BENCHMARKS.md.

options:
  --runs N            timed in-process generation runs (default 50; max(3, N/k) at scale k)
  --process-runs N    timed whole-process runs per tool and spec (default 5; min(3, N)
                      on the synthetic specs with k >= 10)
  --compile-runs N    timed `cargo build`/`cargo check` runs per crate (default 10; the
                      largest scaling spec gets min(3, N))
  --scaling 1,10,50   the k of the synthetic specs (v2 repeated k times)
  --no-compile        skip compile times
  --no-callgrind      skip instruction counts (valgrind)
  --no-oag            leave openapi-generator out (else installed into
                      target/bench-oag-venv from PyPI: openapi-generator-cli==VERSION,
                      which bundles its JAR; needs python3 with venv and Java 11+)
  --no-decode         skip the decoding benchmark
  --no-datadog        skip the whole Datadog API (Datadog's published v1 and v2 specs, read
                      from ../shared/specs/datadog/ or $DATADOG_SPECS, beside the official
                      datadog-api-client OFFICIAL_DD from crates.io; the longest part of the run)
  --no-datadog-build  time only `cargo check` of the Datadog crates, not `cargo build`
  --charts DIR        where to draw the SVG charts (default bench/charts)
  --no-charts         draw no charts

once: one generation in a fresh process, then its peak RSS and allocations;
  --out DIR writes the generated files there (as a user's run would).
  --datadog v1|v2|all generates from Datadog's published specs instead.
profile: callgrind on one generation, then the top functions.
decode: the decoding benchmark alone (ours, hand-written derives and progenitor's
  types; openapi-generator's when an earlier full run left its crate).
datadog: the whole Datadog API alone (generation, lines, check and build of ours and of
  the official client, and of the whole crate by features); --compile-runs defaults to 1
  and --process-runs to 3 here.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("once") => once(&args[1..]),
        Some("profile") => profile(&args[1..]),
        Some("decode") => decode_only(&args[1..]),
        Some("datadog") => datadog_only(&args[1..]),
        Some("--help" | "-h" | "help") => {
            println!(
                "{}",
                (USAGE.replace("VERSION", oag::VERSION))
                    .replace("OFFICIAL_DD", datadog::OFFICIAL_VERSION)
            );
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
    process_runs: usize,
    compile_runs: usize,
    scaling: Vec<usize>,
    compile: bool,
    callgrind: bool,
    oag: bool,
    decode: bool,
    datadog: bool,
    datadog_build: bool,
    charts: Option<PathBuf>,
}

impl Options {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut options = Options {
            runs: 50,
            process_runs: 5,
            compile_runs: 10,
            scaling: vec![1, 10, 50],
            compile: true,
            callgrind: true,
            oag: true,
            decode: true,
            datadog: true,
            datadog_build: true,
            charts: Some(root().join("bench").join("charts")),
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = || args.next().ok_or(format!("{arg} needs a value\n{USAGE}"));
            match arg.as_str() {
                "--runs" => options.runs = number(value()?)?,
                "--process-runs" => options.process_runs = number(value()?)?,
                "--compile-runs" => options.compile_runs = number(value()?)?,
                "--scaling" => {
                    options.scaling = value()?.split(',').map(number).collect::<Result<_, _>>()?
                }
                "--no-compile" => options.compile = false,
                "--no-callgrind" => options.callgrind = false,
                "--no-oag" => options.oag = false,
                "--no-decode" => options.decode = false,
                "--no-datadog" => options.datadog = false,
                "--no-datadog-build" => options.datadog_build = false,
                "--charts" => options.charts = Some(PathBuf::from(value()?)),
                "--no-charts" => options.charts = None,
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

    step("starting; openapi-generator first (installed once into target/bench-oag-venv)");
    let oag = if options.oag {
        match oag::install(&root.join("target").join("bench-oag-venv")) {
            Ok(oag) => Some(oag),
            Err(e) => {
                println!("**openapi-generator left out**: {e}\n");
                eprintln!("note: openapi-generator left out: {e}");
                None
            }
        }
    } else {
        println!("openapi-generator left out (--no-oag)\n");
        None
    };
    machine(oag.as_ref());

    step("in-process generation, ours and progenitor");
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
        step("callgrind: one generation of each, in a fresh process");
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

    summary.generation = Some((ours_time, progenitor_time));
    summary.allocs = Some((ours_allocs.peak, progenitor_allocs.peak));
    summary.rss = Some((rss[1], rss[2]));
    summary.instructions = instructions.map(|[n, o, p]| (o.saturating_sub(n), p.saturating_sub(n)));

    scaling(&config, &work, options)?;

    let rows = whole_process(&config, &work, options, oag.as_ref())?;
    let oag_v1_v2: Option<Vec<(String, tools::Files)>> =
        oag.as_ref().and_then(|_| oag_outputs(&work, &["v1", "v2"]));

    // The crate as the bench builds it, outside the workspace: the same
    // code, plus a vendored copy of `client-runtime` under `runtime/`,
    // which is compiled as a dependency (like progenitor's
    // `progenitor-client`). Generation is timed without the copy, as the
    // in-repo client is generated.
    let vendored_config = tools::vendored(&config, &root);
    let ours_output = tools::ours(&vendored_config);
    let oag_crate = match &oag_v1_v2 {
        Some(outputs) => match oag::combined_crate(outputs, "oag-key-management") {
            Ok(files) => Some(files),
            Err(e) => {
                println!("**openapi-generator's output left out of size and compile times**: {e}");
                None
            }
        },
        None => None,
    };
    output_size(
        &ours_output,
        &progenitor_output,
        oag_crate.as_ref(),
        &mut summary,
    );
    summary.process = rows;

    if options.compile {
        summary.scaling_check = scaling_check(&config, &root, &work, options, oag.is_some())?;
        summary.compile = Some(compile_times(
            &root,
            &work,
            &ours_output,
            &progenitor_output,
            oag_crate.as_ref(),
            options.compile_runs,
        )?);
    }

    if options.decode {
        summary.decode = decoding(&root, &work, options, &progenitor_output, oag.is_some())?;
    }

    summary.print();
    // The charts of what is measured so far are drawn before the Datadog
    // part, the longest: a run stopped or failing there keeps them.
    if let Some(dir) = &options.charts {
        step(format!("drawing the charts into {}", dir.display()));
        summary.charts(dir, &config)?;
    }
    if options.datadog {
        datadog(&root, &work, options)?;
    }
    step("done");
    Ok(())
}

/// Prints the size of each tool's output (the Rust files a build compiles).
fn output_size(
    ours_output: &generator::Output,
    progenitor_output: &tools::Files,
    oag_crate: Option<&tools::Files>,
    summary: &mut Summary,
) {
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
    let oag_size = oag_crate.map(|files| tools::rust_size(files.iter().map(|(p, t)| (p, t))));
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
    if let Some(size) = oag_size {
        println!(
            "openapi-generator: {} (its v1 and v2 crates as modules of one crate; each crate also has a README and a Markdown page per API and model)",
            show(size)
        );
    }
    summary.lines = Some((ours_size, progenitor_size, oag_size));
}

fn machine(oag: Option<&oag::Oag>) {
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
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            let kib: f64 = info
                .lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))?
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()?;
            Some(format!("{:.0} GiB", kib / 1024.0 / 1024.0))
        })
        .unwrap_or_else(|| "unknown memory".into());
    println!("## Machine\n\n{cores} cores, {cpu}, {memory}, {rustc}");
    println!(
        "progenitor {} (bench/Cargo.lock); openapi-generator {}",
        locked_version("progenitor").unwrap_or_else(|| "?".into()),
        match oag {
            Some(oag) => format!(
                "{} (PyPI {}=={}), {}",
                oag.version,
                oag::PACKAGE,
                oag::VERSION,
                oag.java
            ),
            None => "left out".into(),
        }
    );
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

/// The version of `package` in bench/Cargo.lock.
fn locked_version(package: &str) -> Option<String> {
    let lock = std::fs::read_to_string(root().join("bench").join("Cargo.lock")).ok()?;
    let mut lines = lock.lines();
    lines.find(|l| *l == format!("name = \"{package}\""))?;
    let version = lines.next()?.strip_prefix("version = \"")?;
    Some(version.trim_end_matches('"').to_owned())
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
        step(format!(
            "scaling in process, k = {k} ({operations} operations), {runs} runs"
        ));
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

/// The tools measured as whole processes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tool {
    Ours,
    Progenitor,
    Oag,
}

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::Ours => "ours",
            Tool::Progenitor => "progenitor",
            Tool::Oag => "openapi-generator",
        }
    }

    fn color(self) -> plotters::style::RGBColor {
        match self {
            Tool::Ours => charts::OURS,
            Tool::Progenitor => charts::PROGENITOR,
            Tool::Oag => charts::OAG,
        }
    }
}

/// One spec, every tool's whole-process runs on it.
struct ProcessRow {
    label: String,
    operations: usize,
    /// The k of a v2-repeated spec (1 for v2 itself); `None` for v1.
    k: Option<usize>,
    runs: Vec<(Tool, Result<process::Runs, String>)>,
}

/// Each tool as a whole process, as a user runs it, on v1, v2 and v2
/// repeated k times: spec in, files out. Ours and progenitor run as
/// `bench once <tool> --spec PATH --out DIR` (the same code as in
/// process, plus process start and writing the files), openapi-generator
/// as `java -jar openapi-generator.jar generate -g rust`. Each run starts
/// from an empty output directory. One untimed run of each tool first
/// (page cache), then the runs interleaved.
fn whole_process(
    config: &Config,
    work: &Path,
    options: &Options,
    oag: Option<&oag::Oag>,
) -> Result<Vec<ProcessRow>, String> {
    let time = match process::time_binary() {
        Ok(time) => time,
        Err(e) => {
            println!("\n**{e}**");
            eprintln!("note: {e}");
            return Ok(Vec::new());
        }
    };
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let dir = work.join("process");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;

    // (label, module, spec, k)
    let mut specs: Vec<(String, String, PathBuf, Option<usize>)> = Vec::new();
    let base = config.specs.last().ok_or("no specs")?;
    for spec in &config.specs {
        let k = (spec.module == base.module).then_some(1);
        specs.push((
            spec.module.clone(),
            spec.module.clone(),
            spec.path.clone(),
            k,
        ));
    }
    for &k in options.scaling.iter().filter(|&&k| k > 1) {
        let path = work.join(format!("{}-k{k}.yaml", base.module));
        specs.push((
            format!("{}x{k}", base.module),
            base.module.clone(),
            path,
            Some(k),
        ));
    }
    let mut tools = vec![Tool::Ours, Tool::Progenitor];
    if oag.is_some() {
        tools.push(Tool::Oag);
    }

    let command = |tool: Tool, label: &str, spec: &Path, out: &Path| -> Command {
        match (tool, oag) {
            (Tool::Oag, Some(oag)) => oag.command(spec, out, &format!("oag-{label}")),
            _ => {
                let mut cmd = Command::new(&exe);
                cmd.args(["once", tool.name(), "--spec"])
                    .arg(spec)
                    .arg("--out")
                    .arg(out);
                cmd
            }
        }
    };
    let measure_once = |tool: Tool, label: &str, spec: &Path| -> Result<process::Run, String> {
        let out = dir.join(format!("{}-{label}", tool.name()));
        if out.exists() {
            std::fs::remove_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
        }
        let log = dir.join(format!("{}-{label}.log", tool.name()));
        process::measure(&time, &command(tool, label, spec, &out), &log)
    };

    println!(
        "\n## Whole process: spec in, files out (wall and CPU min / median, peak RSS from /usr/bin/time; {} interleaved runs, {} for k >= 10)\n",
        options.process_runs,
        process_runs(options, Some(10))
    );
    let header: Vec<String> = tools.iter().map(|t| t.name().to_string()).collect();
    println!(
        "| spec | operations | {} |",
        header
            .iter()
            .map(|t| format!("{t} wall | {t} CPU | {t} peak RSS"))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    println!("|---|---|{}", "---|---|---|".repeat(tools.len()));

    let mut rows = Vec::new();
    let mut warmed = false;
    for (label, _module, spec, k) in &specs {
        let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
        let operations = synth::operation_count(&text);
        if !warmed {
            step("whole process: one untimed run of each tool");
            for &tool in &tools {
                // A failure shows in the timed runs.
                measure_once(tool, label, spec).ok();
            }
            warmed = true;
        }
        let mut samples: Vec<Result<Vec<process::Run>, String>> =
            tools.iter().map(|_| Ok(Vec::new())).collect();
        for run in 0..options.process_runs {
            for (&tool, samples) in tools.iter().zip(samples.iter_mut()) {
                let runs = process_runs(options, *k);
                let Ok(list) = samples else { continue };
                if run >= runs {
                    continue;
                }
                step(format!(
                    "whole process, {label} ({operations} operations): {} run {} of {runs}",
                    tool.name(),
                    run + 1
                ));
                match measure_once(tool, label, spec) {
                    Ok(r) => list.push(r),
                    Err(e) => {
                        println!("\n**{} failed on {label}**: {e}\n", tool.name());
                        *samples = Err(e);
                    }
                }
            }
        }
        let runs: Vec<(Tool, Result<process::Runs, String>)> = tools
            .iter()
            .zip(samples)
            .map(|(&tool, s)| (tool, s.map(|list| process::Runs::new(&list))))
            .collect();
        let cells: Vec<String> = runs
            .iter()
            .map(|(_, r)| match r {
                Ok(r) => format!(
                    "{} / {} | {} / {} | {}",
                    ms(r.wall.min()),
                    ms(r.wall.median()),
                    ms(r.cpu.min()),
                    ms(r.cpu.median()),
                    mib(r.max_rss)
                ),
                Err(_) => "failed | | ".into(),
            })
            .collect();
        println!("| {label} | {operations} | {} |", cells.join(" | "));
        rows.push(ProcessRow {
            label: label.clone(),
            operations,
            k: *k,
            runs,
        });
    }
    Ok(rows)
}

/// Whole-process runs of each tool on a spec: fewer for the large
/// synthetic specs, where one openapi-generator run takes half a minute.
fn process_runs(options: &Options, k: Option<usize>) -> usize {
    match k {
        Some(k) if k >= 10 => options.process_runs.min(3),
        _ => options.process_runs,
    }
}

/// openapi-generator's crates for `labels` from the whole-process runs.
fn oag_outputs(work: &Path, labels: &[&str]) -> Option<Vec<(String, tools::Files)>> {
    let mut outputs = Vec::new();
    for label in labels {
        let dir = work
            .join("process")
            .join(format!("{}-{label}", Tool::Oag.name()));
        match oag::read_tree(&dir) {
            Ok(files) if !files.is_empty() => outputs.push(((*label).to_string(), files)),
            Ok(_) | Err(_) => {
                println!(
                    "(no openapi-generator output in {}: left out)",
                    dir.display()
                );
                return None;
            }
        }
    }
    Some(outputs)
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
    oag: Option<&tools::Files>,
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
    let oag_crate = match oag {
        Some(files) => Some(
            compile::TempCrate::write(
                work.join("crates").join("oag"),
                target.join("bench-compile-oag"),
                "oag-key-management",
                files.iter().map(|(p, t)| (p, t)),
                &lock,
            )
            .map_err(io)?,
        ),
        None => None,
    };
    let mut crates = vec![("ours", &ours_crate), ("progenitor", &progenitor_crate)];
    if let Some(krate) = &oag_crate {
        crates.push((Tool::Oag.name(), krate));
    }
    crates.push(("empty crate", &empty_crate));
    let commands = ["build", "check"];
    let times = compile::time_all(
        &crates.iter().map(|(_, c)| *c).collect::<Vec<_>>(),
        &commands,
        runs,
    )?;
    for ((name, _), row) in crates.iter().zip(&times) {
        for (command, t) in commands.iter().zip(row) {
            println!(
                "{name:<17} cargo {command:<5}: wall {} | cpu min {} / median {} | first run incl. deps {}",
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
    let mut next = || times.next().expect("every crate timed");
    Ok(CompileSummary {
        ours: next(),
        progenitor: next(),
        oag: oag_crate.as_ref().map(|_| next()),
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
    with_oag: bool,
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
    let progenitor_files = [
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

    // openapi-generator's crate for this spec, from the whole-process runs.
    let oag_files = if with_oag {
        oag_outputs(work, &[&format!("{}x{k}", base.module)])
            .map(|mut outputs| {
                outputs[0].0 = base.module.clone();
                oag::combined_crate(&outputs, "bench-scale-oag")
            })
            .transpose()
            .unwrap_or_else(|e| {
                println!("**openapi-generator's k = {k} output left out**: {e}");
                None
            })
    } else {
        None
    };
    let oag_crate = match &oag_files {
        Some(files) => Some(
            compile::TempCrate::write(
                work.join("crates").join("scale-oag"),
                target.join("bench-compile-oag"),
                "bench-scale-oag",
                files.iter().map(|(p, t)| (p, t)),
                &lock,
            )
            .map_err(io)?,
        ),
        None => None,
    };

    let runs = options.compile_runs.min(3);
    println!(
        "\n## `cargo check` of the output for k = {k} ({operations} operations; CARGO_INCREMENTAL=0, dependencies prebuilt; {runs} interleaved runs)\n"
    );
    let mut crates = vec![&ours_crate, &progenitor_crate];
    crates.extend(oag_crate.as_ref());
    let times = compile::time_all(&crates, &["check"], runs)?;
    let mut times = times.into_iter().map(|mut row| row.remove(0));
    let result = ScalingCheck {
        k,
        operations,
        ours: times.next().expect("ours timed"),
        progenitor: times.next().expect("progenitor timed"),
        oag: times.next(),
    };
    let mut rows = vec![("ours", &result.ours), ("progenitor", &result.progenitor)];
    rows.extend(result.oag.as_ref().map(|t| (Tool::Oag.name(), t)));
    for (name, t) in rows {
        println!(
            "{name:<17} cargo check: wall {} | {:.1} ms per operation (median) | cpu median {}",
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
    oag: Option<compile::CompileTimes>,
}

/// `(build, check)` times of each crate.
struct CompileSummary {
    ours: (compile::CompileTimes, compile::CompileTimes),
    progenitor: (compile::CompileTimes, compile::CompileTimes),
    oag: Option<(compile::CompileTimes, compile::CompileTimes)>,
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

/// Decoding a 100-key `ListAPIKeys` page: builds the decoding program
/// (release) and runs it; callgrind counts instructions per decode.
/// `decode [--no-callgrind]`: the decoding benchmark without the rest.
/// The whole Datadog API; left out with a note when the specs are missing.
fn datadog(root: &Path, work: &Path, options: &Options) -> Result<(), String> {
    step("the whole Datadog API: ours on the published specs, and the official client");
    let dir = datadog::specs_dir(root);
    if !dir.join("v1.yaml").is_file() || !dir.join("v2.yaml").is_file() {
        println!(
            "\n**the whole Datadog API left out**: no v1.yaml and v2.yaml in {}",
            dir.display()
        );
        eprintln!(
            "note: the whole Datadog API left out: no specs in {}",
            dir.display()
        );
        return Ok(());
    }
    datadog::run(
        root,
        work,
        &datadog::Options {
            // A check of the official client takes minutes.
            compile_runs: options.compile_runs.min(3),
            process_runs: options.process_runs,
            charts: options.charts.clone(),
            build: options.datadog_build,
        },
    )
}

/// `datadog [--compile-runs N] [--process-runs N] [--charts DIR | --no-charts]`.
fn datadog_only(args: &[String]) -> Result<(), String> {
    let mut options = Options::parse(args)?;
    let given = |flag: &str| args.iter().any(|a| a == flag);
    if !given("--compile-runs") {
        options.compile_runs = 1;
    }
    if !given("--process-runs") {
        options.process_runs = 3;
    }
    let work = work_dir();
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    datadog(&root(), &work, &options)
}

fn decode_only(args: &[String]) -> Result<(), String> {
    let mut options = Options::parse(&[])?;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--no-callgrind" => options.callgrind = false,
            "--no-charts" => options.charts = None,
            "--charts" => options.charts = args.next().map(PathBuf::from),
            other => return Err(format!("decode: unknown argument {other}\n\n{USAGE}")),
        }
    }
    let root = root();
    let work = work_dir();
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let specs = tools::spec_paths(&xtask::config(&root));
    step("decoding: progenitor's types (generated in process)");
    let progenitor_output = tools::progenitor(&specs);
    let oag = work
        .join("process")
        .join(format!("{}-v2", Tool::Oag.name()));
    let decode = decoding(&root, &work, &options, &progenitor_output, oag.is_dir())?;
    // Only the decode chart is drawn: the summary holds nothing else.
    match &options.charts {
        Some(dir) => Summary {
            decode,
            ..Summary::default()
        }
        .charts(dir, &xtask::config(&root)),
        None => Ok(()),
    }
}

fn decoding(
    root: &Path,
    work: &Path,
    options: &Options,
    progenitor_output: &tools::Files,
    with_oag: bool,
) -> Result<Option<DecodeSummary>, String> {
    step("decoding: building the decode program (release; the first build compiles every dependency)");
    let progenitor_v2 = progenitor_output
        .iter()
        .find(|(p, _)| p == "src/v2.rs")
        .map(|(_, t)| t.as_str());
    let oag_v2 = work
        .join("process")
        .join(format!("{}-v2", Tool::Oag.name()));
    let oag_v2 = (with_oag && oag_v2.join("Cargo.toml").is_file()).then_some(oag_v2);
    let program = match decode::build(
        root,
        &work.join("crates").join("decode"),
        &root.join("target").join("bench-decode"),
        progenitor_v2,
        oag_v2.as_deref(),
    ) {
        Ok(program) => program,
        Err(e) => {
            println!("\n**decoding benchmark left out: its program did not build**: {e}");
            return Ok(None);
        }
    };
    let (reps, iters) = (15, 200);
    step(format!(
        "decoding: {reps} repetitions of {iters} decodes per variant"
    ));
    let (bytes, mut results) = program.time(reps, iters)?;
    if options.callgrind {
        for result in &mut results {
            if let Ok(time) = &mut result.result {
                step(format!("decoding: callgrind on {}", result.name));
                time.instructions = program.instructions(work, &result.name, 50);
            }
        }
    }
    println!(
        "\n## Decoding one `ListAPIKeys` page: 100 keys, 20 included users ({} KiB of JSON; `serde_json::from_slice`; min / median of {reps} repetitions of {iters} decodes; instructions per decode from callgrind), and encoding it back (`… encode`: `serde_json::to_vec` of the page decoded once)\n",
        bytes / 1024
    );
    println!("| types | min | median | instructions | median vs hand-written |");
    println!("|---|---|---|---|---|");
    // Each decode against the hand-written decode, each encode against its encode.
    let base = |name: &str| {
        let base = match name.ends_with(" encode") {
            true => "hand-written encode",
            false => "hand-written",
        };
        results
            .iter()
            .find(|r| r.name == base)
            .and_then(|r| r.result.as_ref().ok())
            .map(|t| t.median_ns)
    };
    for r in &results {
        let base = base(&r.name);
        match &r.result {
            Ok(t) => println!(
                "| {} | {:.1} µs | {:.1} µs | {} | {} |",
                r.name,
                t.min_ns as f64 / 1e3,
                t.median_ns as f64 / 1e3,
                t.instructions
                    .map_or("-".into(), |n| format!("{:.2} M", n as f64 / 1e6)),
                base.map_or("-".into(), |b| format!(
                    "{:.2}×",
                    t.median_ns as f64 / b.max(1) as f64
                )),
            ),
            Err(e) => println!("| {} | fails to decode the page: {e} | | | |", r.name),
        }
    }
    Ok(Some(DecodeSummary { results }))
}

struct DecodeSummary {
    results: Vec<decode::Decode>,
}

/// What the final table and the charts need.
#[derive(Default)]
struct Summary {
    generation: Option<(Samples, Samples)>,
    allocs: Option<(usize, usize)>,
    rss: Option<(usize, usize)>,
    instructions: Option<(u64, u64)>,
    lines: Option<(tools::Size, tools::Size, Option<tools::Size>)>,
    process: Vec<ProcessRow>,
    compile: Option<CompileSummary>,
    scaling_check: Option<ScalingCheck>,
    decode: Option<DecodeSummary>,
}

impl Summary {
    fn has_oag(&self) -> bool {
        self.process
            .iter()
            .any(|row| row.runs.iter().any(|(t, _)| *t == Tool::Oag))
    }

    fn print(&self) {
        let oag = self.has_oag();
        println!("\n## Summary\n");
        if oag {
            println!("| | ours | progenitor | openapi-generator |");
            println!("|---|---|---|---|");
        } else {
            println!("| | ours | progenitor |");
            println!("|---|---|---|");
        }
        // In-process rows have nothing for openapi-generator (a JVM run as
        // a whole process only).
        let row = |name: &str, ours: String, progenitor: String, third: Option<String>| {
            if oag {
                let third = third.unwrap_or_else(|| "-".into());
                println!("| {name} | {ours} | {progenitor} | {third} |");
            } else {
                println!("| {name} | {ours} | {progenitor} |");
            }
        };
        if let Some((o, p)) = &self.generation {
            row(
                "generation in process, min / median",
                pair(o),
                pair(p),
                None,
            );
        }
        if let Some((o, p)) = self.instructions {
            row(
                "generation, instructions (callgrind)",
                format!("{:.0} M", o as f64 / 1e6),
                format!("{:.0} M", p as f64 / 1e6),
                None,
            );
        }
        if let Some((o, p)) = self.allocs {
            row("peak live heap, one run", mib(o), mib(p), None);
        }
        if let Some((o, p)) = self.rss {
            row("peak RSS, fresh process", mib(o), mib(p), None);
        }
        for process_row in &self.process {
            let cell = |tool: Tool, f: &dyn Fn(&process::Runs) -> String| {
                process_row
                    .runs
                    .iter()
                    .find(|(t, _)| *t == tool)
                    .map(|(_, r)| r.as_ref().map_or_else(|_| "failed".into(), f))
            };
            let wall = |r: &process::Runs| pair_long(&r.wall);
            let rss = |r: &process::Runs| mib(r.max_rss);
            let name = format!(
                "whole process, {} ({} operations)",
                process_row.label, process_row.operations
            );
            row(
                &format!("{name}: wall min / median"),
                cell(Tool::Ours, &wall).unwrap_or_default(),
                cell(Tool::Progenitor, &wall).unwrap_or_default(),
                cell(Tool::Oag, &wall),
            );
            row(
                &format!("{name}: peak RSS"),
                cell(Tool::Ours, &rss).unwrap_or_default(),
                cell(Tool::Progenitor, &rss).unwrap_or_default(),
                cell(Tool::Oag, &rss),
            );
        }
        if let Some((o, p, a)) = self.lines {
            let show = |s: tools::Size| format!("{} / {}", s.lines, s.code);
            row(
                "output lines, all / code (compiled Rust files)",
                show(o),
                show(p),
                a.map(show),
            );
        }
        if let Some(c) = &self.compile {
            let (ob, oc) = &c.ours;
            let (pb, pc) = &c.progenitor;
            let (eb, ec) = &c.empty;
            let above = |t: &compile::CompileTimes, empty: &compile::CompileTimes| {
                secs(t.wall.median().saturating_sub(empty.wall.median()))
            };
            let third = |f: &dyn Fn(&(compile::CompileTimes, compile::CompileTimes)) -> String| {
                c.oag.as_ref().map(f)
            };
            row(
                "`cargo build` (dev), wall min / median",
                compile_pair(&ob.wall),
                compile_pair(&pb.wall),
                third(&|(b, _)| compile_pair(&b.wall)),
            );
            row(
                "`cargo build` (dev), CPU median",
                secs(ob.cpu.median()),
                secs(pb.cpu.median()),
                third(&|(b, _)| secs(b.cpu.median())),
            );
            row(
                "`cargo build` (dev), wall median above an empty crate",
                above(ob, eb),
                above(pb, eb),
                third(&|(b, _)| above(b, eb)),
            );
            row(
                "`cargo check`, wall min / median",
                compile_pair(&oc.wall),
                compile_pair(&pc.wall),
                third(&|(_, c)| compile_pair(&c.wall)),
            );
            row(
                "`cargo check`, CPU median",
                secs(oc.cpu.median()),
                secs(pc.cpu.median()),
                third(&|(_, c)| secs(c.cpu.median())),
            );
            row(
                "`cargo check`, wall median above an empty crate",
                above(oc, ec),
                above(pc, ec),
                third(&|(_, c)| above(c, ec)),
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
                    s.oag.as_ref().map(per_op),
                );
            }
            println!(
                "\nAn empty crate with our dependencies (the fixed cost of cargo + rustc): build {}, check {} (wall medians).",
                secs(eb.wall.median()),
                secs(ec.wall.median())
            );
        }
    }

    /// Draws the charts into `dir`, each with a CSV of its numbers.
    fn charts(&self, dir: &Path, config: &Config) -> Result<(), String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let base = config.specs.last().map_or("v2", |s| s.module.as_str());
        // Scaling: the v2 rows (k = 1 is v2 itself), x = operations.
        let scaled: Vec<&ProcessRow> = self.process.iter().filter(|r| r.k.is_some()).collect();
        if scaled.len() > 1 {
            let tools: Vec<Tool> = scaled[0].runs.iter().map(|(t, _)| *t).collect();
            let points = |tool: Tool, f: &dyn Fn(&process::Runs) -> f64| -> Vec<(f64, f64)> {
                scaled
                    .iter()
                    .filter_map(|row| {
                        let (_, r) = row.runs.iter().find(|(t, _)| *t == tool)?;
                        Some((row.operations as f64, f(r.as_ref().ok()?)))
                    })
                    .collect()
            };
            let series = |f: &dyn Fn(&process::Runs) -> f64| -> Vec<charts::Series> {
                tools
                    .iter()
                    .map(|&t| charts::Series {
                        name: t.name().into(),
                        color: t.color(),
                        points: points(t, f),
                    })
                    .filter(|s| !s.points.is_empty())
                    .collect()
            };
            charts::log_log(
                &dir.join("generation-time.svg"),
                &format!("Generation, whole process: {base} repeated k times (median wall)"),
                "operations (log)",
                "seconds (log)",
                &series(&|r| r.wall.median().as_secs_f64()),
            )?;
            charts::log_log(
                &dir.join("generation-memory.svg"),
                &format!("Generation, whole process: {base} repeated k times (peak RSS)"),
                "operations (log)",
                "MiB (log)",
                &series(&|r| r.max_rss as f64 / (1024.0 * 1024.0)),
            )?;
            let mut rows = vec![vec![
                "spec".to_string(),
                "operations".into(),
                "tool".into(),
                "wall_min_s".into(),
                "wall_median_s".into(),
                "cpu_median_s".into(),
                "peak_rss_mib".into(),
            ]];
            for row in &self.process {
                for (tool, r) in &row.runs {
                    if let Ok(r) = r {
                        rows.push(vec![
                            row.label.clone(),
                            row.operations.to_string(),
                            tool.name().into(),
                            format!("{:.4}", r.wall.min().as_secs_f64()),
                            format!("{:.4}", r.wall.median().as_secs_f64()),
                            format!("{:.4}", r.cpu.median().as_secs_f64()),
                            format!("{:.1}", r.max_rss as f64 / (1024.0 * 1024.0)),
                        ]);
                    }
                }
            }
            charts::csv(&dir.join("generation.csv"), &rows)?;
        }
        if let Some(c) = &self.compile {
            let mut tools = vec![(Tool::Ours, &c.ours), (Tool::Progenitor, &c.progenitor)];
            tools.extend(c.oag.as_ref().map(|t| (Tool::Oag, t)));
            let series: Vec<charts::Bars> = tools
                .iter()
                .map(|(tool, (build, check))| charts::Bars {
                    name: tool.name().into(),
                    color: tool.color(),
                    values: vec![
                        Some(build.wall.median().as_secs_f64()),
                        Some(check.wall.median().as_secs_f64()),
                    ],
                })
                .collect();
            charts::bars(
                &dir.join("compile-time.svg"),
                "Compiling the key-management crate (v1 + v2, 24 operations; median wall)",
                "seconds",
                &["cargo build (dev)".into(), "cargo check".into()],
                &series,
                " s",
            )?;
            let mut rows = vec![vec![
                "crate".to_string(),
                "tool".into(),
                "command".into(),
                "wall_min_s".into(),
                "wall_median_s".into(),
                "cpu_median_s".into(),
            ]];
            let mut add = |krate: &str, tool: &str, command: &str, t: &compile::CompileTimes| {
                rows.push(vec![
                    krate.into(),
                    tool.into(),
                    command.into(),
                    format!("{:.3}", t.wall.min().as_secs_f64()),
                    format!("{:.3}", t.wall.median().as_secs_f64()),
                    format!("{:.3}", t.cpu.median().as_secs_f64()),
                ]);
            };
            for (tool, (build, check)) in &tools {
                add("key-management", tool.name(), "build", build);
                add("key-management", tool.name(), "check", check);
            }
            add("key-management", "empty crate", "build", &c.empty.0);
            add("key-management", "empty crate", "check", &c.empty.1);
            if let Some(s) = &self.scaling_check {
                let mut tools = vec![(Tool::Ours, &s.ours), (Tool::Progenitor, &s.progenitor)];
                tools.extend(s.oag.as_ref().map(|t| (Tool::Oag, t)));
                let krate = format!("{base}x{}", s.k);
                for (tool, t) in &tools {
                    add(&krate, tool.name(), "check", t);
                }
                let series: Vec<charts::Bars> = tools
                    .iter()
                    .map(|(tool, t)| charts::Bars {
                        name: tool.name().into(),
                        color: tool.color(),
                        values: vec![Some(t.wall.median().as_secs_f64())],
                    })
                    .collect();
                charts::bars(
                    &dir.join("compile-large.svg"),
                    &format!(
                        "cargo check of the output for {base} x {} ({} operations; median wall)",
                        s.k, s.operations
                    ),
                    "seconds",
                    &[format!("{base} x {}", s.k)],
                    &series,
                    " s",
                )?;
            }
            charts::csv(&dir.join("compile.csv"), &rows)?;
        }
        if let Some(d) = &self.decode {
            let timed: Vec<(&str, &decode::DecodeTime)> = d
                .results
                .iter()
                .filter_map(|r| Some((r.name.as_str(), r.result.as_ref().ok()?)))
                .collect();
            if !timed.is_empty() {
                let color = |name: &str| match name {
                    "ours" => charts::OURS,
                    "ours-tracked" => charts::OTHER2,
                    "progenitor" => charts::PROGENITOR,
                    "openapi-generator" => charts::OAG,
                    _ => charts::OTHER,
                };
                // One bar per variant, each its own series so it has its
                // colour and legend entry.
                let series: Vec<charts::Bars> = timed
                    .iter()
                    .enumerate()
                    .map(|(i, (name, t))| charts::Bars {
                        name: (*name).into(),
                        color: color(name),
                        values: (0..timed.len())
                            .map(|j| (i == j).then_some(t.median_ns as f64 / 1e3))
                            .collect(),
                    })
                    .collect();
                charts::bars(
                    &dir.join("decode.svg"),
                    "Decoding a 100-key ListAPIKeys page, and encoding it (median µs)",
                    "µs",
                    &timed
                        .iter()
                        .map(|(n, _)| (*n).to_string())
                        .collect::<Vec<_>>(),
                    &series,
                    " µs",
                )?;
            }
            let mut rows = vec![vec![
                "types".to_string(),
                "min_us".into(),
                "median_us".into(),
                "instructions".into(),
                "error".into(),
            ]];
            for r in &d.results {
                rows.push(match &r.result {
                    Ok(t) => vec![
                        r.name.clone(),
                        format!("{:.2}", t.min_ns as f64 / 1e3),
                        format!("{:.2}", t.median_ns as f64 / 1e3),
                        t.instructions.map_or(String::new(), |n| n.to_string()),
                        String::new(),
                    ],
                    Err(e) => vec![
                        r.name.clone(),
                        String::new(),
                        String::new(),
                        String::new(),
                        format!("\"{}\"", e.replace('"', "'")),
                    ],
                });
            }
            charts::csv(&dir.join("decode.csv"), &rows)?;
        }
        Ok(())
    }
}

fn pair(s: &Samples) -> String {
    format!("{} / {}", ms(s.min()), ms(s.median()))
}

/// Min / median of a multi-second or sub-second run, in its own unit.
fn pair_long(s: &Samples) -> String {
    if s.median() >= Duration::from_secs(1) {
        compile_pair(s)
    } else {
        pair(s)
    }
}

fn compile_pair(s: &Samples) -> String {
    format!("{} / {}", secs(s.min()), secs(s.median()))
}

/// `once <tool> [--spec PATH] [--out DIR]`: one generation in this
/// process (writing its files into DIR if given), then its peak RSS on
/// stdout as `max_rss <bytes>`.
fn once(args: &[String]) -> Result<(), String> {
    // `--datadog WHICH`: Datadog's published specs (see `datadog.rs`).
    let (datadog, args) = match args.iter().position(|a| a == "--datadog") {
        Some(i) => {
            let which = args.get(i + 1).ok_or("--datadog needs v1, v2 or all")?;
            let rest = [&args[..i], args.get(i + 2..).unwrap_or_default()].concat();
            (Some(datadog::config(&root(), which)?), rest)
        }
        None => (None, args.to_vec()),
    };
    let (tool, spec, out) = tool_and_spec(&args)?;
    let config = datadog.unwrap_or_else(|| xtask::config(&root()));
    let config = match &spec {
        // A spec of the project keeps its module name; another is `v2`.
        Some(path) => {
            let module = config
                .specs
                .iter()
                .find(|s| s.path.canonicalize().ok() == path.canonicalize().ok())
                .map_or("v2", |s| s.module.as_str())
                .to_owned();
            tools::ours_on(&config, &module, path)
        }
        None => config,
    };
    let specs = tools::spec_paths(&config);
    if !["ours", "progenitor", "none"].contains(&tool.as_str()) {
        return Err(format!("unknown tool {tool}\n{USAGE}"));
    }
    let (written, allocs) = allocations(|| -> Result<(), String> {
        let files: Vec<(String, String)> = match tool.as_str() {
            "ours" => std::hint::black_box(tools::ours(&config))
                .into_iter()
                .collect(),
            "progenitor" => std::hint::black_box(tools::progenitor(&specs)),
            _ => Vec::new(),
        };
        match &out {
            Some(dir) => tools::write_files(dir, &files),
            None => Ok(()),
        }
    });
    written?;
    println!("max_rss {}", measure::max_rss().unwrap_or(0));
    println!(
        "peak_heap {}\nallocated {}\nallocations {}",
        allocs.peak, allocs.total, allocs.count
    );
    Ok(())
}

/// The tool and the `--spec` and `--out` of `once` and `profile`.
type ToolArgs = (String, Option<PathBuf>, Option<PathBuf>);

fn tool_and_spec(args: &[String]) -> Result<ToolArgs, String> {
    let mut tool = None;
    let mut spec = None;
    let mut out = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--spec" => spec = Some(PathBuf::from(args.next().ok_or("--spec needs a path")?)),
            "--out" => out = Some(PathBuf::from(args.next().ok_or("--out needs a directory")?)),
            "--top" => {
                args.next();
            }
            _ if tool.is_none() => tool = Some(arg.clone()),
            _ => return Err(format!("unexpected argument {arg}\n{USAGE}")),
        }
    }
    Ok((tool.unwrap_or_else(|| "ours".into()), spec, out))
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
    callgrind_total(&callgrind(tool, extra)?)
}

/// The total instruction count in a callgrind output file.
fn callgrind_total(file: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(file).ok()?;
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
    let (tool, spec, _) = tool_and_spec(args)?;
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
