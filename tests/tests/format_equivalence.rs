//! The format stage takes shortcuts for speed: most items are laid out as
//! the templates wrote them, only re-indented, and the rest are printed by
//! prettyplease item by item, their doc comments set aside. What it prints
//! must still be the same Rust as prettyplease's print of the whole
//! rendered file (the same tokens, comments and all), and no line it wrote
//! itself may be wider than rustfmt allows. Checked on every file of every
//! fixture, every real-world spec and the project's own specs.

use std::path::{Path, PathBuf};

use generator::format::{format_rust, format_rust_reference};
use generator::render::FileKind;
use generator::{Config, CrateInfo, SpecInput, Templates};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

/// Every spec file the tests generate from: the fixtures (a directory's
/// `openapi.yaml` for a split one) and the real-world specs, sorted.
fn spec_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["tests/fixtures", "tests/real-specs"] {
        for entry in std::fs::read_dir(root().join(dir)).expect("read_dir") {
            let path = entry.expect("entry").path();
            let split = path.join("openapi.yaml");
            if split.is_file() {
                files.push(split);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            ) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn config_for(path: &Path) -> Config {
    Config {
        info: CrateInfo::new("equivalence", "0.0.0", "Format equivalence.", "../runtime"),
        specs: vec![SpecInput {
            module: "api".into(),
            path: path.to_owned(),
            display: path.display().to_string(),
        }],
        templates: root().join("templates"),
        vendor_runtime: None,
    }
}

/// Each Rust file of the crate `config` describes, formatted both ways;
/// the number of files compared.
#[track_caller]
fn assert_same_format(config: &Config, what: &str) -> usize {
    let krate = match generator::lower_specs(config) {
        Ok(krate) => krate,
        // Specs that do not generate are the subject of other tests.
        Err(_) => return 0,
    };
    let templates = Templates::load(&config.templates).unwrap_or_else(|e| panic!("{e}"));
    let mut compared = 0;
    for job in templates.jobs(&krate) {
        let file = templates
            .render(&job)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        if file.kind != FileKind::Rust {
            continue;
        }
        let fast = format_rust(&file, String::new()).unwrap_or_else(|e| panic!("{e}"));
        let reference =
            format_rust_reference(&file, String::new()).unwrap_or_else(|e| panic!("{e}"));
        let (fast_items, written, printed) = (items(&fast), items(&file.text), items(&reference));
        assert_eq!(fast_items.len(), printed.len(), "{what}, {}", file.path);
        for (i, item) in fast_items.iter().enumerate() {
            assert!(
                *item == written[i] || *item == printed[i],
                "{what}, {}: item {i} holds other Rust than the template wrote and than \
                 prettyplease prints:\n{}",
                file.path,
                first_difference(item, &printed[i])
            );
        }
        for line in fast.lines().filter(|l| l.chars().count() > 100) {
            let doc = line.trim_start().starts_with("//");
            assert!(
                doc || reference.lines().any(|r| r == line),
                "{what}, {}: a line over 100 columns that prettyplease did not print:\n{line}",
                file.path
            );
        }
        compared += 1;
    }
    compared
}

/// The file's inner attributes and items, each as its tokens (comments
/// are not tokens; doc comments are, as `#[doc]` attributes), without
/// spaces and without the trailing commas prettyplease adds where it breaks
/// a list. Each item of the format stage's output must hold exactly what
/// the template wrote (taken as written) or what prettyplease prints (it
/// also puts a long match arm in a block).
fn items(text: &str) -> Vec<String> {
    use quote::ToTokens as _;
    let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{e}"));
    let attrs = file.attrs.iter().map(|a| a.to_token_stream());
    let items = file.items.iter().map(|i| i.to_token_stream());
    attrs
        .chain(items)
        .map(|t| compact(&t.to_string()))
        .collect()
}

fn compact(tokens: &str) -> String {
    let chars: Vec<char> = tokens.chars().filter(|c| *c != ' ').collect();
    chars
        .iter()
        .enumerate()
        .filter(|&(i, c)| !(*c == ',' && matches!(chars.get(i + 1), Some(')' | ']' | '}' | '>'))))
        .map(|(_, c)| c)
        .collect()
}

/// Where `a` and `b` part, from a little before.
fn first_difference(a: &str, b: &str) -> String {
    let at = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let from = at.saturating_sub(60);
    let tail = |s: &str| s.chars().skip(from).take(160).collect::<String>();
    format!(
        "column {at}:\n  fast:      {}\n  reference: {}",
        tail(a),
        tail(b)
    )
}

#[test]
fn every_fixture_and_real_spec_formats_to_the_rust_prettyplease_prints() {
    let mut compared = 0;
    for path in spec_files() {
        compared += assert_same_format(&config_for(&path), &path.display().to_string());
    }
    // Most of the specs generate, each into several Rust files.
    assert!(compared > 100, "only {compared} files compared");
}

/// Any other specs, for a maintainer trying a layout change on large
/// real-world specs: `FORMAT_EQUIVALENCE_SPECS=a.yaml:b.json cargo test -p
/// workspace-tests --test format_equivalence`.
#[test]
fn the_specs_named_in_the_environment_format_to_the_rust_prettyplease_prints() {
    let Some(paths) = std::env::var_os("FORMAT_EQUIVALENCE_SPECS") else {
        return;
    };
    for path in std::env::split_paths(&paths) {
        let path = root().join(path);
        let config = config_for(&path);
        if let Err(e) = generator::lower_specs(&config) {
            panic!("{}: {e}", path.display());
        }
        assert_same_format(&config, &path.display().to_string());
    }
}

#[test]
fn the_key_management_client_formats_to_the_rust_prettyplease_prints() {
    let compared = assert_same_format(&xtask::config(&root()), "generated/");
    assert!(compared >= 8, "only {compared} files compared");
}
