//! Inputs a fuzzing run found the generator failing on, kept as files in
//! `tests/fuzz-found/` and replayed by a workspace test forever after.
//!
//! A file is the input's exact text under a header of `#` comment lines
//! that says what it must give and what went wrong when it was found:
//!
//! ```text
//! # Found by `cargo xtask fuzz`: replayed by tests/tests/fuzz.rs.
//! # expect: generates
//! # origin: a random valid document
//! # problem: the generator panicked: index out of bounds ...
//! openapi: 3.0.3
//! ...
//! ```
//!
//! Replaying strips the header and generates the rest as it is, so a JSON
//! input stays JSON.

use std::path::{Path, PathBuf};

use super::harness::Expect;

/// Where found inputs are kept, relative to the workspace root.
pub const DIR: &str = "tests/fuzz-found";

/// One found input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// What it must give.
    pub expect: Expect,
    /// How it was made: a random document, or which seed was mutated.
    pub origin: String,
    /// What went wrong when it was found.
    pub problem: String,
    /// The input, exactly as the generator read it.
    pub text: String,
}

impl Found {
    /// The file's contents: the header, then the input.
    pub fn file_text(&self) -> String {
        let mut out =
            String::from("# Found by `cargo xtask fuzz`: replayed by tests/tests/fuzz.rs.\n");
        out.push_str(&format!("# expect: {}\n", self.expect.as_str()));
        out.push_str(&format!("# origin: {}\n", one_line(&self.origin)));
        for (i, line) in self.problem.lines().enumerate() {
            let label = if i == 0 { "problem: " } else { "  " };
            out.push_str(&format!("# {label}{line}\n"));
        }
        out.push_str(&self.text);
        out
    }

    /// Reads a file [`Found::file_text`] wrote.
    pub fn parse(file: &str) -> Result<Found, String> {
        let mut expect = None;
        let mut origin = String::new();
        let mut problem = Vec::new();
        let mut rest = file;
        while let Some(line) = rest.strip_prefix('#') {
            let (line, after) = line.split_once('\n').unwrap_or((line, ""));
            rest = after;
            let line = line.strip_prefix(' ').unwrap_or(line);
            if let Some(value) = line.strip_prefix("expect: ") {
                expect = Some(
                    Expect::parse(value.trim())
                        .ok_or_else(|| format!("unknown expectation `{value}`"))?,
                );
            } else if let Some(value) = line.strip_prefix("origin: ") {
                origin = value.to_owned();
            } else if let Some(value) = line.strip_prefix("problem: ") {
                problem.push(value.to_owned());
            } else if let Some(value) = line.strip_prefix("  ").filter(|_| !problem.is_empty()) {
                problem.push(value.to_owned());
            }
        }
        Ok(Found {
            expect: expect.ok_or("no `# expect:` line in the header")?,
            origin,
            problem: problem.join("\n"),
            text: rest.to_owned(),
        })
    }

    /// Its file name: a hash of the input, so the same input is one file.
    pub fn file_name(&self) -> String {
        format!("{:016x}.yaml", fnv1a(self.text.as_bytes()))
    }

    /// Writes it into `dir` (created if missing); its path.
    pub fn save(&self, dir: &Path) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(self.file_name());
        std::fs::write(&path, self.file_text())?;
        Ok(path)
    }
}

/// Every found input in `dir`, by file name; an unreadable one is an
/// error naming it.
pub fn load_all(dir: &Path) -> Result<Vec<(PathBuf, Found)>, String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let found = Found::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok((path, found))
        })
        .collect()
}

fn one_line(text: &str) -> String {
    text.lines().collect::<Vec<_>>().join(" ")
}

/// 64-bit FNV-1a: stable across Rust versions, unlike `DefaultHasher`, so
/// an input keeps its file name.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_found_input_reads_back_as_written() {
        let found = Found {
            expect: Expect::Generates,
            origin: "a random valid document".into(),
            problem: "the generator panicked: boom\nat src/lib.rs:1:1".into(),
            text: "{\"openapi\": \"3.0.3\"}\n".into(),
        };
        let file = found.file_text();
        assert!(file.starts_with("# Found by `cargo xtask fuzz`"), "{file}");
        assert!(file.ends_with("\n{\"openapi\": \"3.0.3\"}\n"), "{file}");
        assert_eq!(Found::parse(&file), Ok(found.clone()));
        assert_eq!(found.file_name().len(), "0123456789abcdef.yaml".len());
        assert!(Found::parse("openapi: 3.0.3\n").is_err());
    }
}
