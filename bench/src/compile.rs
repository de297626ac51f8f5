//! Compile time of generated code: each output is written as a standalone
//! crate (its own `[workspace]`, the root's Cargo.lock as a starting
//! point), its dependencies are built once, and then the crate alone is
//! rebuilt from clean, several times.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::measure::{children_cpu, step, Samples};

/// A crate on disk to build.
pub struct TempCrate {
    /// Directory holding Cargo.toml.
    pub dir: PathBuf,
    /// Its own CARGO_TARGET_DIR.
    pub target: PathBuf,
    /// Package name, for `cargo clean -p`.
    pub package: String,
}

impl TempCrate {
    /// Writes `files` (paths relative to the crate root) into a fresh `dir`
    /// and seeds its Cargo.lock from `lock`, so both crates start from the
    /// dependency versions the workspace uses.
    pub fn write<'a>(
        dir: PathBuf,
        target: PathBuf,
        package: &str,
        files: impl IntoIterator<Item = (&'a String, &'a String)>,
        lock: &Path,
    ) -> std::io::Result<Self> {
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        for (path, text) in files {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, text)?;
        }
        std::fs::copy(lock, dir.join("Cargo.lock"))?;
        Ok(TempCrate {
            dir,
            target,
            package: package.into(),
        })
    }

    fn cargo(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cmd.args(args)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            // A generated client is compiled as a dependency, and cargo
            // never builds dependencies incrementally.
            .env("CARGO_INCREMENTAL", "0")
            .env_remove("RUSTFLAGS");
        cmd
    }

    /// Runs `cargo <args>`; on failure returns its stderr's tail.
    fn run(&self, args: &[&str]) -> Result<RunStats, String> {
        let cpu_before = children_cpu();
        let start = Instant::now();
        let out = self
            .cargo(args)
            .output()
            .map_err(|e| format!("running cargo: {e}"))?;
        let wall = start.elapsed();
        let cpu = children_cpu().saturating_sub(cpu_before);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        if !out.status.success() {
            let tail: Vec<&str> = stderr.lines().rev().take(40).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            return Err(format!(
                "`cargo {}` failed in {}:\n{}",
                args.join(" "),
                self.dir.display(),
                tail.join("\n")
            ));
        }
        Ok(RunStats { wall, cpu, stderr })
    }

    /// Runs `cargo <command>` once untimed, building the dependencies.
    pub fn warm(&self, command: &str) -> Result<Duration, String> {
        self.warm_with(command, &[])
    }

    /// [`Self::warm`] with `extra` arguments (features).
    pub fn warm_with(&self, command: &str, extra: &[&str]) -> Result<Duration, String> {
        let mut args = vec![command, "-p", &self.package];
        args.extend_from_slice(extra);
        Ok(self.run(&args)?.wall)
    }

    /// `cargo build --release`, untimed (a program the bench then runs).
    pub fn build_release(&self) -> Result<(), String> {
        self.run(&["build", "--release"]).map(drop)
    }

    /// `cargo clean -p <crate>`, then a timed `cargo <command>`: the crate
    /// alone, from clean. Returns (wall, CPU) time.
    pub fn time_once(&self, command: &str) -> Result<(Duration, Duration), String> {
        self.time_once_with(command, &[])
    }

    /// [`Self::time_once`] with `extra` arguments (features). The command
    /// names the package (`-p`), so that a crate from crates.io is timed
    /// alone too.
    pub fn time_once_with(
        &self,
        command: &str,
        extra: &[&str],
    ) -> Result<(Duration, Duration), String> {
        self.run(&["clean", "-p", &self.package])?;
        let mut args = vec![command, "-p", &self.package];
        args.extend_from_slice(extra);
        let stats = self.run(&args)?;
        // Only this crate may have been rebuilt, and it must have been. A
        // crate with a build script says `Compiling` under `cargo check`
        // too (datadog-api-client does), so both verbs count there.
        let verbs: &[&str] = if command == "check" {
            &["Checking", "Compiling"]
        } else {
            &["Compiling"]
        };
        let rebuilt: Vec<&str> = stats
            .stderr
            .lines()
            .filter(|l| verbs.iter().any(|v| l.trim_start().starts_with(v)))
            .collect();
        if rebuilt.is_empty() || rebuilt.iter().any(|l| !l.contains(&self.package)) {
            return Err(format!(
                "expected only {} to be rebuilt, cargo said:\n{}",
                self.package, stats.stderr
            ));
        }
        Ok((stats.wall, stats.cpu))
    }
}

/// Times `commands` on each crate `runs` times, interleaved (run 1 of
/// every crate and command, then run 2, ...) so that noise on a busy
/// machine falls on all alike. Result: `[crate][command]`.
pub fn time_all(
    crates: &[&TempCrate],
    commands: &[&str],
    runs: usize,
) -> Result<Vec<Vec<CompileTimes>>, String> {
    let mut first = Vec::new();
    for krate in crates {
        let mut row = Vec::new();
        for command in commands {
            step(format!(
                "cargo {command} of {} (first run, dependencies too)",
                krate.package
            ));
            row.push(krate.warm(command)?);
        }
        first.push(row);
    }
    let mut wall = vec![vec![Vec::with_capacity(runs); commands.len()]; crates.len()];
    let mut cpu = wall.clone();
    for run in 0..runs {
        for (i, krate) in crates.iter().enumerate() {
            for (j, command) in commands.iter().enumerate() {
                step(format!(
                    "cargo {command} of {}, run {} of {runs}",
                    krate.package,
                    run + 1
                ));
                let (w, c) = krate.time_once(command)?;
                wall[i][j].push(w);
                cpu[i][j].push(c);
            }
        }
    }
    Ok((0..crates.len())
        .map(|i| {
            (0..commands.len())
                .map(|j| CompileTimes {
                    first: first[i][j],
                    wall: Samples::new(std::mem::take(&mut wall[i][j])),
                    cpu: Samples::new(std::mem::take(&mut cpu[i][j])),
                })
                .collect()
        })
        .collect())
}

/// Times `cargo <command> <extra>` on one crate: once untimed (the
/// dependencies, for these features), then `runs` times from clean.
pub fn time_all_with(
    krate: &TempCrate,
    command: &str,
    extra: &[&str],
    runs: usize,
) -> Result<CompileTimes, String> {
    let first = krate.warm_with(command, extra)?;
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    for run in 0..runs {
        step(format!(
            "cargo {command} {} of {}, run {} of {runs}",
            extra.join(" "),
            krate.package,
            run + 1
        ));
        let (w, c) = krate.time_once_with(command, extra)?;
        wall.push(w);
        cpu.push(c);
    }
    Ok(CompileTimes {
        first,
        wall: Samples::new(wall),
        cpu: Samples::new(cpu),
    })
}

struct RunStats {
    wall: Duration,
    cpu: Duration,
    stderr: String,
}

/// Timings of one cargo command on one crate.
pub struct CompileTimes {
    /// The first run, dependencies included (or already cached).
    pub first: Duration,
    /// Wall time of the crate alone, from clean.
    pub wall: Samples,
    /// User + system CPU time of the same runs (cargo and rustc together).
    pub cpu: Samples,
}

/// Cargo.toml for progenitor's output: [`progenitor_dependencies`].
pub fn progenitor_manifest(package: &str, sources: &[&str]) -> String {
    format!(
        "[package]\nname = \"{package}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{}\n\n[workspace]\n",
        progenitor_dependencies(sources).join("\n")
    )
}

/// The dependencies of progenitor's output, as Cargo.toml lines: those its
/// README lists for generated code, plus those the output is seen to use.
/// TLS and HTTP/2 match our crate's reqwest features.
pub fn progenitor_dependencies(sources: &[&str]) -> Vec<String> {
    let uses = |krate: &str| sources.iter().any(|s| s.contains(&format!("{krate}::")));
    let mut deps = vec![
        r#"progenitor-client = "0.15""#.to_string(),
        r#"reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream", "rustls", "http2"] }"#.into(),
        r#"serde = { version = "1", features = ["derive"] }"#.into(),
        r#"serde_json = "1""#.into(),
        r#"futures = "0.3""#.into(),
    ];
    let optional = [
        (
            "chrono",
            r#"chrono = { version = "0.4", default-features = false, features = ["serde", "std", "clock"] }"#,
        ),
        (
            "uuid",
            r#"uuid = { version = "1", features = ["serde", "v4"] }"#,
        ),
        ("regress", r#"regress = "0.12""#),
        ("bytes", r#"bytes = "1""#),
        ("serde_urlencoded", r#"serde_urlencoded = "0.7""#),
    ];
    for (krate, line) in optional {
        if uses(krate) {
            deps.push(line.into());
        }
    }
    deps
}
