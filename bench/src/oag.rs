//! openapi-generator (the `rust` generator), the third tool in the
//! comparison. It is a Java program; PyPI's `openapi-generator-cli` wheel
//! carries its JAR, so installing that wheel into a venv under `target/`
//! is all it takes (no download from Maven Central, which the npm wrapper
//! `@openapitools/openapi-generator-cli` would need at its first run).
//!
//! The wheel's `openapi-generator-cli` script only runs
//! `java -jar <the bundled JAR> ...`; the bench runs that command itself,
//! so the process measured is the JVM and nothing else.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::tools::Files;

/// The PyPI package and version, pinned so numbers are comparable.
pub const PACKAGE: &str = "openapi-generator-cli";
pub const VERSION: &str = "7.26.0";

/// What to install when a piece is missing.
const HELP: &str = "openapi-generator needs python3 with venv (apt-get install python3-venv) \
     and Java 11 or later (apt-get install openjdk-17-jre-headless); \
     run with --no-oag to leave it out";

/// An installed openapi-generator.
pub struct Oag {
    pub jar: PathBuf,
    /// `java -version`'s first line.
    pub java: String,
    /// `java -jar <jar> version`.
    pub version: String,
}

/// Installs `openapi-generator-cli==VERSION` into `venv` unless it is
/// there already, and checks that Java runs it.
pub fn install(venv: &Path) -> Result<Oag, String> {
    let java = Command::new("java")
        .arg("-version")
        .output()
        .map_err(|e| format!("`java -version` failed ({e}): {HELP}"))?;
    // `java -version` writes to stderr.
    let java = String::from_utf8_lossy(&java.stderr)
        .lines()
        .next()
        .unwrap_or("java")
        .trim()
        .to_owned();

    let jar = match find_jar(venv) {
        Some(jar) => jar,
        None => {
            if !venv.join("bin").join("python").exists() {
                run(
                    Command::new("python3").arg("-m").arg("venv").arg(venv),
                    "python3 -m venv",
                )?;
            }
            run(
                Command::new(venv.join("bin").join("python"))
                    .args([
                        "-m",
                        "pip",
                        "install",
                        "--quiet",
                        "--disable-pip-version-check",
                    ])
                    .arg(format!("{PACKAGE}=={VERSION}")),
                &format!("pip install {PACKAGE}=={VERSION}"),
            )?;
            find_jar(venv).ok_or_else(|| {
                format!(
                    "{PACKAGE} {VERSION} installed into {} but its openapi-generator.jar was not found",
                    venv.display()
                )
            })?
        }
    };
    let out = run(
        Command::new("java").arg("-jar").arg(&jar).arg("version"),
        "java -jar openapi-generator.jar version",
    )?;
    let version = out.trim().to_owned();
    Ok(Oag { jar, java, version })
}

/// The JAR of an installed `openapi-generator-cli==VERSION`, found through
/// the wheel's dist-info directory, so that another version in the venv
/// is not taken for this one.
fn find_jar(venv: &Path) -> Option<PathBuf> {
    let lib = venv.join("lib");
    for python in std::fs::read_dir(&lib).ok()?.flatten() {
        let site = python.path().join("site-packages");
        let dist_info = site.join(format!("{}-{VERSION}.dist-info", PACKAGE.replace('-', "_")));
        let jar = site
            .join("openapi_generator_cli")
            .join("openapi-generator.jar");
        if dist_info.is_dir() && jar.is_file() {
            return Some(jar);
        }
    }
    None
}

/// Runs `cmd`; its stdout, or an error with the tail of its stderr.
fn run(cmd: &mut Command, what: &str) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("{what}: {e}\n{HELP}"))?;
    if !out.status.success() {
        return Err(format!(
            "{what} failed ({}):\n{}\n{HELP}",
            out.status,
            tail(&String::from_utf8_lossy(&out.stderr), 20)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The last `n` lines of `text`.
pub fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

impl Oag {
    /// `java -jar <jar> generate -g rust` on `spec` into `out`, as a crate
    /// named `package`, with the generator's defaults otherwise (the
    /// `reqwest` library, async, Markdown docs for every API and model).
    pub fn command(&self, spec: &Path, out: &Path, package: &str) -> Command {
        let mut cmd = Command::new("java");
        // swagger-parser refuses YAML over 3 Mi code points (the v2 x 50
        // spec is 3.7 MB); a user with a large spec raises the limit so.
        cmd.arg(format!("-DmaxYamlCodePoints={}", i32::MAX))
            .arg("-jar")
            .arg(&self.jar)
            .args(["generate", "-g", "rust", "-i"])
            .arg(spec)
            .arg("-o")
            .arg(out)
            .arg(format!("--additional-properties=packageName={package}"));
        cmd
    }
}

/// Reads every file under `dir`, paths relative to it with `/`.
pub fn read_tree(dir: &Path) -> Result<Files, String> {
    fn walk(base: &Path, dir: &Path, files: &mut Files) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(base, &path, files)?;
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                let rel = path.strip_prefix(base).unwrap_or(&path);
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.push((rel, text));
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    files.sort();
    Ok(files)
}

/// One crate from openapi-generator's crates, one per spec: each crate's
/// `src/` becomes module `<module>` (its `lib.rs` the module's `mod.rs`,
/// `crate::` paths pointed at the module), as progenitor's two outputs
/// are modules of one crate. The manifest has the union of their
/// dependencies, with `rustls` instead of their default `native-tls`, as
/// our crate and progenitor's use rustls.
pub fn combined_crate(outputs: &[(String, Files)], package: &str) -> Result<Files, String> {
    let mut files: Files = Vec::new();
    let mut dependencies: Vec<String> = Vec::new();
    let mut features: Vec<String> = Vec::new();
    let mut lib =
        String::from("//! openapi-generator's output for the same specs, one module each.\n\n");
    for (module, output) in outputs {
        lib.push_str(&format!("pub mod {module};\n"));
        let manifest = output
            .iter()
            .find(|(p, _)| p == "Cargo.toml")
            .map(|(_, t)| t.as_str())
            .ok_or_else(|| format!("openapi-generator's {module} output has no Cargo.toml"))?;
        for line in section(manifest, "dependencies") {
            if !dependencies.contains(&line) {
                dependencies.push(line);
            }
        }
        for line in section(manifest, "features") {
            if !line.starts_with("default") && !features.contains(&line) {
                features.push(line);
            }
        }
        for (path, text) in output {
            let Some(rest) = path.strip_prefix("src/") else {
                continue;
            };
            if !rest.ends_with(".rs") {
                continue;
            }
            let rest = if rest == "lib.rs" { "mod.rs" } else { rest };
            files.push((
                format!("src/{module}/{rest}"),
                text.replace("crate::", &format!("crate::{module}::")),
            ));
        }
    }
    if !features.iter().any(|f| f.starts_with("rustls")) {
        return Err("openapi-generator's Cargo.toml has no `rustls` feature".into());
    }
    files.push(("src/lib.rs".into(), lib));
    files.push((
        "Cargo.toml".into(),
        format!(
            "[package]\nname = \"{package}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\n{}\n\n[features]\ndefault = [\"rustls\"]\n{}\n\n[workspace]\n",
            dependencies.join("\n"),
            features.join("\n")
        ),
    ));
    Ok(files)
}

/// The non-empty lines of a TOML `[name]` section.
fn section(manifest: &str, name: &str) -> Vec<String> {
    manifest
        .lines()
        .skip_while(|l| l.trim() != format!("[{name}]"))
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crates_become_modules_of_one_crate() {
        let manifest = "[package]\nname = \"x\"\n\n[dependencies]\nserde = \"1\"\nreqwest = \"0.13\"\n\n\
                        [features]\ndefault = [\"native-tls\"]\nnative-tls = [\"reqwest/native-tls\"]\nrustls = [\"reqwest/rustls\"]\n";
        let output = |extra: &str| -> Files {
            vec![
                ("Cargo.toml".into(), format!("{manifest}{extra}")),
                ("README.md".into(), "docs".into()),
                ("src/lib.rs".into(), "pub mod apis;\n".into()),
                (
                    "src/apis/mod.rs".into(),
                    "use crate::models;\nuse crate::{apis::X};\n".into(),
                ),
            ]
        };
        let files =
            combined_crate(&[("v1".into(), output("")), ("v2".into(), output(""))], "o").unwrap();
        let get = |p: &str| &files.iter().find(|(q, _)| q == p).unwrap().1;
        assert_eq!(get("src/v1/mod.rs"), "pub mod apis;\n");
        assert_eq!(
            get("src/v2/apis/mod.rs"),
            "use crate::v2::models;\nuse crate::v2::{apis::X};\n"
        );
        assert!(get("src/lib.rs").contains("pub mod v1;\npub mod v2;\n"));
        let toml = get("Cargo.toml");
        assert_eq!(toml.matches("serde = \"1\"").count(), 1);
        assert!(toml.contains("default = [\"rustls\"]\nnative-tls"));
        assert!(!files.iter().any(|(p, _)| p.ends_with(".md")));
    }
}
