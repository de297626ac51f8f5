//! The project's codegen configuration, shared by `cargo xtask` and the
//! freshness test: which specs, which templates, what crate, and what
//! Datadog-specific names the client uses. The generator and the runtime
//! know nothing of Datadog; everything Datadog about the client is here.

pub mod fuzz;
pub mod stats;
pub mod trim;

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::lower::CredentialInfo;
use generator::{Config, CrateInfo, SpecInput};

/// The specs, in module order: `(module, path relative to the root)`.
pub const SPECS: &[(&str, &str)] = &[
    ("v1", "spec/v1/key_management.yaml"),
    ("v2", "spec/v2/key_management.yaml"),
];

/// The workspace root, found at run time: cargo sets `CARGO_MANIFEST_DIR`
/// when it runs xtask (and its tests), so a binary built from another
/// checkout sharing a target directory still works on this one. The
/// compile-time value is only the fallback for running the binary directly.
pub fn project_root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest
        .ancestors()
        .find(|dir| dir.join("xtask").is_dir() && dir.join("spec").is_dir())
        .map(Path::to_owned)
        .unwrap_or(manifest)
}

/// The Datadog key-management client's identity: what the runtime is told.
pub fn crate_info() -> CrateInfo {
    let mut info = CrateInfo::new(
        "datadog-key-management",
        "0.1.0",
        "A typed, async client for Datadog's Key Management API (API and application keys, v1 and v2), generated from a hand-written OpenAPI spec.",
        "../runtime",
    );
    info.user_agent = Some("datadog-key-management-rust/0.1.0".into());
    info.site_env = Some("DD_SITE".into());
    info.span_name = Some("datadog.request".into());
    info.credentials = vec![
        CredentialInfo {
            scheme: "apiKeyAuth".into(),
            setter: Some("api_key".into()),
            label: Some("API key".into()),
            env: vec!["DD_API_KEY".into()],
        },
        CredentialInfo {
            scheme: "appKeyAuth".into(),
            setter: Some("app_key".into()),
            label: Some("application key".into()),
            env: vec!["DD_APP_KEY".into()],
        },
    ];
    info
}

/// The configuration for the workspace at `root`.
pub fn config(root: &Path) -> Config {
    Config {
        info: crate_info(),
        specs: SPECS
            .iter()
            .map(|(module, path)| SpecInput {
                module: (*module).into(),
                path: root.join(path),
                display: (*path).into(),
            })
            .collect(),
        templates: root.join("templates"),
        vendor_runtime: None,
    }
}

/// What `cargo xtask fuzz` was asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct FuzzArgs {
    /// How long to run, in minutes.
    pub minutes: f64,
    /// The random seed, to repeat a run; a fresh one when `None`.
    pub seed: Option<u64>,
}

impl FuzzArgs {
    /// Parses `[--minutes N] [--seed S]`; the run lasts one minute unless
    /// told otherwise.
    pub fn parse(args: &[&str]) -> Result<Self, String> {
        let mut parsed = FuzzArgs {
            minutes: 1.0,
            seed: None,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let value = args.next().ok_or_else(|| format!("`{arg}` needs a value"));
            match *arg {
                "--minutes" => {
                    parsed.minutes = value?
                        .parse()
                        .ok()
                        .filter(|m: &f64| m.is_finite() && *m > 0.0)
                        .ok_or("`--minutes` takes a positive number")?;
                }
                "--seed" => {
                    parsed.seed = Some(
                        value?
                            .parse()
                            .map_err(|_| "`--seed` takes a whole number".to_owned())?,
                    );
                }
                other => return Err(format!("unexpected argument `{other}`")),
            }
        }
        Ok(parsed)
    }
}

/// What `cargo xtask api-diff` was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiDiffArgs {
    /// The git revision whose spec is the base of the comparison.
    pub base: String,
}

impl ApiDiffArgs {
    /// Parses `[--base REV]` (also `--base=REV`); the base defaults to `HEAD`.
    pub fn parse(args: &[&str]) -> Result<Self, String> {
        let mut base = None;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let value = match (*arg, arg.strip_prefix("--base=")) {
                ("--base", _) => *args.next().ok_or("`--base` needs a revision")?,
                (_, Some(value)) => value,
                (other, None) => return Err(format!("unexpected argument `{other}`")),
            };
            if value.is_empty() || value.starts_with('-') {
                return Err(format!("`{value}` is not a revision"));
            }
            if base.replace(value.to_owned()).is_some() {
                return Err("`--base` given twice".into());
            }
        }
        Ok(ApiDiffArgs {
            base: base.unwrap_or_else(|| "HEAD".into()),
        })
    }
}

/// The configuration that generates the crate of revision `rev` with
/// today's generator and templates: the spec files of [`SPECS`] as they
/// were at `rev` (`git show REV:path`), written under `dir`. A spec file
/// that did not exist at `rev` is left out, so its module counts as new.
/// Errors name the revision: not a commit, git missing, no spec at all.
pub fn config_at_revision(root: &Path, rev: &str, dir: &Path) -> Result<Config, String> {
    let commit = format!("{rev}^{{commit}}");
    git(root, &["rev-parse", "--verify", "--quiet", &commit])
        .map_err(|e| format!("`{rev}` is not a commit of this repository{e}"))?;
    let mut config = config(root);
    let mut specs = Vec::new();
    for spec in config.specs {
        let object = format!("{rev}:./{}", spec.display);
        if git(root, &["cat-file", "-e", &object]).is_err() {
            continue;
        }
        let text =
            git(root, &["show", &object]).map_err(|e| format!("cannot read `{object}`{e}"))?;
        let path = dir.join(&spec.display);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        specs.push(generator::SpecInput {
            module: spec.module,
            path,
            display: format!("{rev}:{}", spec.display),
        });
    }
    if specs.is_empty() {
        return Err(format!("none of the spec files exists at `{rev}`"));
    }
    config.specs = specs;
    Ok(config)
}

/// Runs `git -C root ARGS`: its standard output, or `: <git's message>` (or
/// why it could not run) to append to an error.
fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!(": cannot run git: {e}"))?;
    if output.status.success() {
        return Ok(output.stdout);
    }
    let message = String::from_utf8_lossy(&output.stderr).trim().to_owned();
    Err(if message.is_empty() {
        String::new()
    } else {
        format!(": {message}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzz_arguments() {
        assert_eq!(
            FuzzArgs::parse(&[]),
            Ok(FuzzArgs {
                minutes: 1.0,
                seed: None
            })
        );
        assert_eq!(
            FuzzArgs::parse(&["--minutes", "2.5", "--seed", "7"]),
            Ok(FuzzArgs {
                minutes: 2.5,
                seed: Some(7)
            })
        );
        for bad in [
            &["--minutes"][..],
            &["--minutes", "0"],
            &["--minutes", "-1"],
            &["--minutes", "inf"],
            &["--seed", "x"],
            &["10"],
        ] {
            assert!(FuzzArgs::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn api_diff_arguments() {
        let base = |args: &[&str]| ApiDiffArgs::parse(args).map(|a| a.base);
        assert_eq!(base(&[]), Ok("HEAD".into()));
        assert_eq!(base(&["--base", "main~2"]), Ok("main~2".into()));
        assert_eq!(base(&["--base=v0.1.0"]), Ok("v0.1.0".into()));
        for bad in [
            &["--base"][..],
            &["--base", "--check"],
            &["--base="],
            &["--base", "a", "--base", "b"],
            &["HEAD"],
        ] {
            assert!(ApiDiffArgs::parse(bad).is_err(), "{bad:?}");
        }
    }

    /// Runs git in `dir` for a test, with an identity of its own.
    fn git_in(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
            .args(args)
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}: {status:?}");
    }

    #[test]
    fn the_spec_at_a_revision() {
        // A repository of its own, so that the test passes in a source
        // archive without `.git`: the first commit has only v1's spec.
        let repo = tempfile::tempdir().unwrap();
        let (v1, v2) = (SPECS[0].1, SPECS[1].1);
        let copy = |spec: &str| {
            let to = repo.path().join(spec);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(project_root().join(spec), to).unwrap();
        };
        git_in(repo.path(), &["init", "-q"]);
        copy(v1);
        git_in(repo.path(), &["add", "."]);
        git_in(repo.path(), &["commit", "-q", "-m", "v1"]);
        copy(v2);
        git_in(repo.path(), &["add", "."]);
        git_in(repo.path(), &["commit", "-q", "-m", "v2"]);

        let dir = tempfile::tempdir().unwrap();
        let config = config_at_revision(repo.path(), "HEAD", dir.path()).unwrap();
        let displays: Vec<&str> = config.specs.iter().map(|s| s.display.as_str()).collect();
        assert_eq!(
            displays,
            [
                "HEAD:spec/v1/key_management.yaml",
                "HEAD:spec/v2/key_management.yaml"
            ]
        );
        assert!(config
            .specs
            .iter()
            .all(|s| s.path.starts_with(dir.path()) && s.path.is_file()));
        let text = std::fs::read_to_string(&config.specs[1].path).unwrap();
        assert_eq!(
            text,
            std::fs::read_to_string(project_root().join(v2)).unwrap()
        );

        let first = config_at_revision(repo.path(), "HEAD~1", dir.path()).unwrap();
        let modules: Vec<&str> = first.specs.iter().map(|s| s.module.as_str()).collect();
        assert_eq!(modules, ["v1"], "a spec that did not exist yet is left out");

        let error = config_at_revision(repo.path(), "no-such-revision", dir.path()).unwrap_err();
        assert_eq!(
            error,
            "`no-such-revision` is not a commit of this repository"
        );
    }
}
