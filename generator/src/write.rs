//! Stage 5, **write**: put the generated files on disk in one step, or
//! compare them with what is there.
//!
//! Writing builds the whole new tree in a sibling directory first and then
//! swaps it in with two renames, so a run that fails part-way leaves the
//! output directory exactly as it was, and files the generator no longer
//! produces disappear with the old tree.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Generated files by path relative to the output directory (`/`-separated),
/// in sorted order.
pub type Output = BTreeMap<String, String>;

/// Directories inside the output that are not generated and never compared
/// (a build directory if someone builds the crate on its own).
const IGNORED_DIRS: &[&str] = &["target"];

/// Writes `output` as the complete contents of `dir`. Does nothing if `dir`
/// already holds exactly these files.
pub fn write_atomically(dir: &Path, output: &Output) -> Result<bool> {
    if compare(dir, output)?.is_clean() {
        return Ok(false);
    }
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let staging = dir.with_file_name(format!(".{name}.codegen-new"));
    let backup = dir.with_file_name(format!(".{name}.codegen-old"));
    remove_dir_if_exists(&staging)?;
    remove_dir_if_exists(&backup)?;
    for (path, text) in output {
        let target = staging.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|source| Error::Write {
                path: parent.to_owned(),
                source,
            })?;
        }
        fs::write(&target, text).map_err(|source| Error::Write {
            path: target.clone(),
            source,
        })?;
    }
    // Anything not generated (a build directory) moves into the new tree.
    for ignored in IGNORED_DIRS {
        let old = dir.join(ignored);
        if old.is_dir() {
            fs::rename(&old, staging.join(ignored)).map_err(|source| Error::Write {
                path: old.clone(),
                source,
            })?;
        }
    }
    if dir.exists() {
        fs::rename(dir, &backup).map_err(|source| Error::Write {
            path: dir.to_owned(),
            source,
        })?;
    }
    if let Err(source) = fs::rename(&staging, dir) {
        // Put the old tree back before reporting.
        let _ = fs::rename(&backup, dir);
        return Err(Error::Write {
            path: dir.to_owned(),
            source,
        });
    }
    remove_dir_if_exists(&backup)?;
    Ok(true)
}

fn remove_dir_if_exists(dir: &Path) -> Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::Write {
            path: dir.to_owned(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// How a directory differs from what would be generated.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Drift {
    /// Files that would be created.
    pub missing: Vec<String>,
    /// Files that would be removed.
    pub extra: Vec<String>,
    /// Files whose contents differ, each with a unified diff (on disk → generated).
    pub changed: Vec<(String, String)>,
}

impl Drift {
    /// No difference at all.
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty() && self.extra.is_empty() && self.changed.is_empty()
    }
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for path in &self.missing {
            writeln!(f, "missing: {path}")?;
        }
        for path in &self.extra {
            writeln!(f, "not generated (would be removed): {path}")?;
        }
        for (_, diff) in &self.changed {
            write!(f, "{diff}")?;
        }
        Ok(())
    }
}

/// Compares `dir` with `output` without writing anything.
pub fn compare(dir: &Path, output: &Output) -> Result<Drift> {
    let on_disk = list_files(dir)?;
    let mut drift = Drift::default();
    for (path, generated) in output {
        match fs::read(dir.join(path)) {
            Ok(bytes) if bytes == generated.as_bytes() => {}
            Ok(bytes) => {
                let current = String::from_utf8_lossy(&bytes);
                let diff = similar::TextDiff::from_lines(current.as_ref(), generated.as_str())
                    .unified_diff()
                    .context_radius(3)
                    .header(
                        &format!("a/{path} (on disk)"),
                        &format!("b/{path} (generated)"),
                    )
                    .to_string();
                drift.changed.push((path.clone(), diff));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => drift.missing.push(path.clone()),
            Err(source) => {
                return Err(Error::Write {
                    path: dir.join(path),
                    source,
                })
            }
        }
    }
    drift.extra = on_disk
        .into_iter()
        .filter(|p| !output.contains_key(p))
        .collect();
    Ok(drift)
}

/// The text of every file under `dir` whose name ends in `.{extension}`, by
/// its path relative to `dir` after `prefix` (`read_tree(out/src, "src/",
/// "rs")` gives `src/v2/models.rs`): what an earlier run wrote, read back.
/// Empty when `dir` does not exist.
pub fn read_tree(dir: &Path, prefix: &str, extension: &str) -> Result<Output> {
    let suffix = format!(".{extension}");
    let mut files = Output::new();
    for relative in list_files(dir)? {
        if !relative.ends_with(&suffix) {
            continue;
        }
        let path = dir.join(&relative);
        let text = fs::read_to_string(&path).map_err(|source| Error::Read {
            file: path.display().to_string(),
            source,
        })?;
        files.insert(format!("{prefix}{relative}"), text);
    }
    Ok(files)
}

/// Every file under `dir`, relative and `/`-separated, sorted; empty when
/// `dir` does not exist.
fn list_files(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        let entries = match fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && current == dir => return Ok(out),
            Err(source) => {
                return Err(Error::Write {
                    path: current,
                    source,
                })
            }
        };
        for entry in entries {
            let entry = entry.map_err(|source| Error::Write {
                path: current.clone(),
                source,
            })?;
            let path = entry.path();
            let relative = path.strip_prefix(dir).unwrap_or(&path);
            let relative = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if path.is_dir() {
                if !IGNORED_DIRS.contains(&relative.as_str()) {
                    stack.push(path);
                }
            } else {
                out.push(relative);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(files: &[(&str, &str)]) -> Output {
        files
            .iter()
            .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
            .collect()
    }

    #[test]
    fn writes_replaces_and_removes_stale_files() {
        let tmp = std::env::temp_dir().join(format!("codegen-write-{}", std::process::id()));
        let dir = tmp.join("generated");
        let _ = fs::remove_dir_all(&tmp);
        fs::create_dir_all(dir.join("src")).unwrap();
        fs::write(dir.join("src/stale.rs"), "old").unwrap();
        let out = output(&[("Cargo.toml", "[package]\n"), ("src/lib.rs", "//! lib\n")]);

        let drift = compare(&dir, &out).unwrap();
        assert_eq!(drift.missing, vec!["Cargo.toml", "src/lib.rs"]);
        assert_eq!(drift.extra, vec!["src/stale.rs"]);

        assert!(write_atomically(&dir, &out).unwrap());
        assert!(compare(&dir, &out).unwrap().is_clean());
        assert!(!dir.join("src/stale.rs").exists());
        assert!(
            !write_atomically(&dir, &out).unwrap(),
            "an identical tree is left alone"
        );

        fs::write(dir.join("src/lib.rs"), "//! edited by hand\n").unwrap();
        let drift = compare(&dir, &out).unwrap();
        assert_eq!(drift.changed.len(), 1);
        assert!(drift.to_string().contains("-//! edited by hand"), "{drift}");
        assert!(drift.to_string().contains("+//! lib"), "{drift}");
        fs::remove_dir_all(&tmp).unwrap();
    }
}
