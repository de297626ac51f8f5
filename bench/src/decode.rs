//! Decoding speed of generated types: one page of `ListAPIKeys` (100 keys
//! and 20 included users) decoded with our generated models, with
//! hand-written `#[derive(Deserialize)]` structs of the same shape, and
//! with progenitor's and openapi-generator's types when their outputs are
//! there.
//!
//! The decoding program (`bench/decode/`) is written into a temporary
//! crate that depends on our generated crate by path, takes progenitor's
//! v2 output as a module and openapi-generator's v2 crate as a path
//! dependency, and is built in release mode. It times the decodes itself
//! (min and median over repetitions); callgrind counts the instructions
//! of one decode, as the difference between N decodes and none.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::compile;

const MAIN: &str = include_str!("../decode/main.rs");
const HANDWRITTEN: &str = include_str!("../decode/handwritten.rs");

/// The timing of one variant, or why it could not decode the page.
pub struct Decode {
    pub name: String,
    pub result: Result<DecodeTime, String>,
}

pub struct DecodeTime {
    pub min_ns: u64,
    pub median_ns: u64,
    /// Instructions of one decode (callgrind), when counted.
    pub instructions: Option<u64>,
}

/// The decoding program, built: its executable.
pub struct Program {
    exe: PathBuf,
}

/// Writes the decode crate into `dir` and builds it (release) in
/// `target`. `progenitor_v2` is progenitor's v2 output, `oag_v2` the
/// directory of openapi-generator's v2 crate.
pub fn build(
    root: &Path,
    dir: &Path,
    target: &Path,
    progenitor_v2: Option<&str>,
    oag_v2: Option<&Path>,
) -> Result<Program, String> {
    let mut deps = vec![
        format!(
            "datadog-key-management = {{ path = {:?} }}",
            root.join("generated").display().to_string()
        ),
        r#"serde = { version = "1", features = ["derive"] }"#.to_string(),
        r#"serde_json = "1""#.into(),
        r#"serde_path_to_error = "0.1""#.into(),
        r#"chrono = { version = "0.4", default-features = false, features = ["serde", "std", "clock"] }"#.into(),
    ];
    let mut features = Vec::new();
    let mut files = vec![
        ("src/main.rs".to_string(), MAIN.to_string()),
        ("src/handwritten.rs".to_string(), HANDWRITTEN.to_string()),
    ];
    if let Some(source) = progenitor_v2 {
        features.push("\"progenitor\"");
        for dep in compile::progenitor_dependencies(&[source]) {
            // serde, serde_json and chrono are there already.
            if !["serde ", "serde_json ", "chrono "]
                .iter()
                .any(|name| dep.starts_with(name))
            {
                deps.push(dep);
            }
        }
        files.push(("src/progenitor_v2.rs".into(), source.to_string()));
    }
    if let Some(oag) = oag_v2 {
        features.push("\"oag\"");
        deps.push(format!(
            "oag-v2 = {{ path = {:?}, default-features = false, features = [\"rustls\"] }}",
            oag.display().to_string()
        ));
    }
    files.push((
        "Cargo.toml".into(),
        format!(
            "[package]\nname = \"bench-decode\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\n{}\n\n[features]\ndefault = [{}]\nprogenitor = []\noag = []\n\n\
             [profile.release]\ndebug = \"line-tables-only\"\n\n[workspace]\n",
            deps.join("\n"),
            features.join(", ")
        ),
    ));
    let krate = compile::TempCrate::write(
        dir.to_owned(),
        target.to_owned(),
        "bench-decode",
        files.iter().map(|(p, t)| (p, t)),
        &root.join("Cargo.lock"),
    )
    .map_err(|e| e.to_string())?;
    krate.build_release()?;
    Ok(Program {
        exe: target.join("release").join("bench-decode"),
    })
}

impl Program {
    /// Times every variant: `reps` repetitions of `iters` decodes each.
    pub fn time(&self, reps: usize, iters: usize) -> Result<(usize, Vec<Decode>), String> {
        let out = Command::new(&self.exe)
            .args(["--reps", &reps.to_string(), "--iters", &iters.to_string()])
            .output()
            .map_err(|e| format!("running {}: {e}", self.exe.display()))?;
        if !out.status.success() {
            return Err(format!(
                "{} failed: {}",
                self.exe.display(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let mut bytes = 0;
        let mut results = Vec::new();
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                ["bytes", n] => bytes = n.parse().unwrap_or(0),
                [name, "error", e] => results.push(Decode {
                    name: name.to_string(),
                    result: Err(e.to_string()),
                }),
                [name, "ns", min, median] => results.push(Decode {
                    name: name.to_string(),
                    result: Ok(DecodeTime {
                        min_ns: min.parse().unwrap_or(0),
                        median_ns: median.parse().unwrap_or(0),
                        instructions: None,
                    }),
                }),
                _ => return Err(format!("unexpected output from the decode program: {line}")),
            }
        }
        Ok((bytes, results))
    }

    /// Instructions of one decode of `variant`: callgrind on `iters`
    /// decodes minus callgrind on none, divided by `iters`.
    pub fn instructions(&self, work: &Path, variant: &str, iters: u64) -> Option<u64> {
        let count = |n: u64| {
            let file = work.join(format!("callgrind.decode.{variant}.{n}.out"));
            let ok = Command::new("valgrind")
                .arg("--tool=callgrind")
                .arg(format!("--callgrind-out-file={}", file.display()))
                .arg(&self.exe)
                .args(["--only", variant, "--iters", &n.to_string()])
                .output()
                .ok()?
                .status
                .success();
            ok.then(|| crate::callgrind_total(&file)).flatten()
        };
        let none = count(0)?;
        let many = count(iters)?;
        Some(many.saturating_sub(none) / iters)
    }
}
