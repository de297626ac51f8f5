//! `cargo xtask stats`: how much deciding is left in the templates, and
//! which functions are long.
//!
//! Two lists, both meant to be zero or explained (issue 16):
//!
//! * per template, the comparisons against tag strings (`== "…"`, `!= "…"`,
//!   `in ["…"`), the `fail(` calls and the lookups in dict literals
//!   (`{…}[key]`), counted inside `{{ … }}` and `{% … %}` only: the Rust a
//!   template prints may compare strings too;
//! * every function (free, in an `impl` or a trait, in inline modules) of
//!   the crates in [`CRATES`] longer than [`MAX_LINES`] lines, from its
//!   `fn` line to its closing brace, with its file and line.
//!
//! # The long-function rule
//!
//! Shipped code has no function over [`MAX_LINES`] lines unless a comment
//! says why, on its own line among the comments and attributes right above
//! the `fn` (doc comments included):
//!
//! ```text
//! // long: one arm per HTTP status class; split, it reads worse
//! fn classify(...) { ... }
//! ```
//!
//! The reason must not be empty. Test code may be long: a function marked
//! `#[test]` (or `#[tokio::test]`, any `…::test`), anything inside a
//! `#[cfg(test)]` module, and the files under a crate's `tests/`,
//! `benches/` and `examples/`. The `function_length` test of xtask holds
//! the rule; the command prints test functions too, so nothing is skipped
//! silently.

use std::fmt;
use std::path::{Path, PathBuf};

use syn::spanned::Spanned;

/// The crates whose functions are measured, relative to the workspace root.
pub const CRATES: &[&str] = &["generator", "runtime", "xtask", "keys"];

/// The longest a function may be without a written reason.
pub const MAX_LINES: usize = 80;

/// The comment that gives a long function its reason: `// long: <reason>`.
pub const MARKER: &str = "// long:";

/// What one template still decides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateStats {
    /// The template, relative to the templates directory, with `/`.
    pub file: String,
    /// Comparisons against a string literal: `== "…"`, `!= "…"`, `in ["…"`.
    pub tag_comparisons: usize,
    /// `fail(` calls.
    pub fail_calls: usize,
    /// Lookups in a dict literal: `{…}[key]`.
    pub dict_lookups: usize,
}

/// A function and its length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    /// The file, relative to the workspace root, with `/`.
    pub file: String,
    /// The line of its `fn` keyword (1-based).
    pub line: usize,
    /// Its name, with the type or trait of its `impl` when it has one.
    pub name: String,
    /// Its length in lines, `fn` line to closing brace.
    pub lines: usize,
    /// The reason written beside it, if any.
    pub reason: Option<String>,
    /// Whether it is test code, which may be long.
    pub test: bool,
}

impl Function {
    /// Whether it breaks the rule: shipped code, long, no reason given.
    pub fn unexplained(&self) -> bool {
        self.lines > MAX_LINES && !self.test && self.reason.is_none()
    }
}

impl fmt::Display for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{} {} ({} lines)",
            self.file, self.line, self.name, self.lines
        )?;
        match (&self.reason, self.test) {
            (_, true) => write!(f, " [test]"),
            (Some(reason), false) => write!(f, " [long: {reason}]"),
            (None, false) => write!(f, " [no reason given]"),
        }
    }
}

/// The statistics of every `.j2` file under `dir`, by path.
pub fn template_stats(dir: &Path) -> std::io::Result<Vec<TemplateStats>> {
    let mut stats = Vec::new();
    for path in files(dir, "j2")? {
        let text = std::fs::read_to_string(&path)?;
        let mut entry = count_template(&text);
        entry.file = relative(dir, &path);
        stats.push(entry);
    }
    Ok(stats)
}

/// The counts of one template's text (its `file` left empty).
pub fn count_template(text: &str) -> TemplateStats {
    let mut stats = TemplateStats::default();
    for code in jinja_code(text) {
        stats.tag_comparisons += count_tag_comparisons(code);
        stats.fail_calls += code.match_indices("fail(").count();
        stats.dict_lookups += count_dict_lookups(code);
    }
    stats
}

/// The insides of the `{{ … }}` and `{% … %}` tags of `text` (comments,
/// `{# … #}`, are not code).
fn jinja_code(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            Some('#') => "#}",
            _ => {
                rest = after;
                continue;
            }
        };
        let body = &after[1..];
        let Some(end) = body.find(close) else { break };
        if close != "#}" {
            found.push(&body[..end]);
        }
        rest = &body[end + close.len()..];
    }
    found
}

/// `== "…"`, `!= "…"` (either side) and `in ["…"` in one tag's code.
fn count_tag_comparisons(code: &str) -> usize {
    let is_quote = |c: char| c == '"' || c == '\'';
    let mut count = 0;
    for (index, op) in code.match_indices("==").chain(code.match_indices("!=")) {
        let after = code[index + op.len()..].trim_start();
        let before = code[..index].trim_end();
        if after.starts_with(is_quote) || before.ends_with(is_quote) {
            count += 1;
        }
    }
    for (index, _) in code.match_indices(" in ") {
        let after = code[index + 4..].trim_start();
        if let Some(list) = after.strip_prefix('[') {
            if list.trim_start().starts_with(is_quote) {
                count += 1;
            }
        }
    }
    count
}

/// Dict literals indexed where they stand: `{…}[key]` or `{…}.get(`.
fn count_dict_lookups(code: &str) -> usize {
    code.match_indices('}')
        .filter(|(index, _)| {
            let after = code[index + 1..].trim_start();
            after.starts_with('[') || after.starts_with(".get(")
        })
        .count()
}

/// Every function over [`MAX_LINES`] lines in the [`CRATES`] under `root`,
/// by file and line.
pub fn long_functions(root: &Path) -> Result<Vec<Function>, String> {
    let mut functions = all_functions(root)?;
    functions.retain(|f| f.lines > MAX_LINES);
    Ok(functions)
}

/// Every function in the [`CRATES`] under `root`, by file and line.
pub fn all_functions(root: &Path) -> Result<Vec<Function>, String> {
    let mut found = Vec::new();
    for krate in CRATES {
        let dir = root.join(krate);
        let paths = files(&dir, "rs").map_err(|e| format!("{}: {e}", dir.display()))?;
        for path in paths {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let file = relative(root, &path);
            let test_file = ["tests", "benches", "examples"]
                .iter()
                .any(|d| relative(&dir, &path).starts_with(&format!("{d}/")));
            let functions = functions_in(&text, &file, test_file)?;
            found.extend(functions);
        }
    }
    Ok(found)
}

/// Every function of one file's `text`, long or not.
pub fn functions_in(text: &str, file: &str, test: bool) -> Result<Vec<Function>, String> {
    let ast = syn::parse_file(text).map_err(|e| {
        let at = e.span().start();
        format!("{file}:{}:{}: {e}", at.line, at.column + 1)
    })?;
    // Lines come from proc-macro2's `span-locations` feature (enabled by
    // the generator, a dependency); without it every span is at line 0,
    // and every function would look one line long.
    if ast
        .items
        .first()
        .is_some_and(|item| item.span().start().line == 0)
    {
        return Err(format!(
            "{file}: no line numbers: proc-macro2's span-locations feature is off"
        ));
    }
    let mut walk = Walk {
        file,
        lines: text.lines().collect(),
        found: Vec::new(),
    };
    walk.items(&ast.items, test);
    Ok(walk.found)
}

/// The walk over one file's items.
struct Walk<'a> {
    file: &'a str,
    lines: Vec<&'a str>,
    found: Vec<Function>,
}

impl Walk<'_> {
    fn items(&mut self, items: &[syn::Item], test: bool) {
        for item in items {
            match item {
                syn::Item::Fn(f) => self.function(&f.attrs, &f.sig, &f.block, None, test),
                syn::Item::Impl(imp) => {
                    let owner = text_of(&imp.self_ty);
                    let test = test || is_cfg_test(&imp.attrs);
                    for member in &imp.items {
                        if let syn::ImplItem::Fn(f) = member {
                            self.function(&f.attrs, &f.sig, &f.block, Some(&owner), test);
                        }
                    }
                }
                syn::Item::Trait(t) => {
                    let owner = t.ident.to_string();
                    for member in &t.items {
                        if let syn::TraitItem::Fn(syn::TraitItemFn {
                            attrs,
                            sig,
                            default: Some(block),
                            ..
                        }) = member
                        {
                            self.function(attrs, sig, block, Some(&owner), test);
                        }
                    }
                }
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        self.items(items, test || is_cfg_test(&m.attrs));
                    }
                }
                _ => {}
            }
        }
    }

    fn function(
        &mut self,
        attrs: &[syn::Attribute],
        sig: &syn::Signature,
        block: &syn::Block,
        owner: Option<&str>,
        test: bool,
    ) {
        let line = sig.fn_token.span.start().line;
        let end = block.brace_token.span.close().end().line;
        let name = match owner {
            Some(owner) => format!("{owner}::{}", sig.ident),
            None => sig.ident.to_string(),
        };
        self.found.push(Function {
            file: self.file.to_owned(),
            line,
            name,
            lines: end + 1 - line,
            reason: reason_above(&self.lines, line),
            test: test || attrs.iter().any(is_test_attr),
        });
    }
}

/// The reason of a `// long: <reason>` comment among the comment and
/// attribute lines right above line `line` (1-based), or on the lines of
/// the signature before `fn` (`pub`, `async`).
pub fn reason_above(lines: &[&str], line: usize) -> Option<String> {
    let above = lines.get(..line.saturating_sub(1))?;
    for text in above.iter().rev().map(|l| l.trim()) {
        if let Some(reason) = text.strip_prefix(MARKER) {
            let reason = reason.trim();
            return (!reason.is_empty()).then(|| reason.to_owned());
        }
        let attached = text.starts_with("//") || text.starts_with("#[") || text.ends_with(']');
        if !attached {
            return None;
        }
    }
    None
}

/// `#[test]`, `#[tokio::test]` or any `#[….::test]`.
fn is_test_attr(attr: &syn::Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "test")
}

/// `#[cfg(test)]`.
fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Ident>()
                .is_ok_and(|ident| ident == "test")
    })
}

/// A type as written, without spaces (`Walk<'_>`).
fn text_of(ty: &syn::Type) -> String {
    let tokens = ty.span().source_text();
    tokens.unwrap_or_else(|| quote_free(ty))
}

/// A type's tokens joined, when its source text is unavailable.
fn quote_free(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect::<Vec<_>>()
            .join("::"),
        _ => "_".to_owned(),
    }
}

/// The files under `dir` ending in `.{ext}`, sorted, outside `target/`.
fn files(dir: &Path, ext: &str) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "target") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == ext) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// `path` relative to `base`, with `/`.
fn relative(base: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_counts_look_inside_tags_only() {
        let text = r#"{% if p.location == "query" %}x{% elif "a" != p.b %}{% endif %}
if name == "literal" { }
{% if p.location in ["header", "cookie"] %}{{ fail("no") }}{% endif %}
{# p.location == "comment" #}
{% set j = {"a": "b", "c": "d"}[p.location] %}{{ {"x": 1}.get(k) }}
{% if a == b %}{% endif %}{% for x in [1, 2] %}{% endfor %}"#;
        let stats = count_template(text);
        assert_eq!(
            (stats.tag_comparisons, stats.fail_calls, stats.dict_lookups),
            (3, 1, 2),
            "{stats:?}"
        );
    }

    #[test]
    fn a_function_is_measured_from_fn_to_its_brace() {
        let body = "    let x = 1;\n".repeat(3);
        let text = format!(
            "/// Doc.\n// long: a reason\n#[inline]\npub fn a() {{\n{body}}}\n\nfn b() {{\n}}\n\nstruct S;\nimpl S {{\n    // long:\n    fn c(&self) {{}}\n}}\n\n#[cfg(test)]\nmod tests {{\n    fn helper() {{}}\n    #[tokio::test]\n    async fn t() {{}}\n}}\n"
        );
        let found = functions_in(&text, "f.rs", false).expect("parses");
        let summary: Vec<_> = found
            .iter()
            .map(|f| {
                (
                    f.name.as_str(),
                    f.line,
                    f.lines,
                    f.reason.as_deref(),
                    f.test,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("a", 4, 5, Some("a reason"), false),
                ("b", 10, 2, None, false),
                // An empty reason is no reason.
                ("S::c", 16, 1, None, false),
                ("helper", 21, 1, None, true),
                ("t", 23, 1, None, true),
            ]
        );
        // Short functions break no rule, with or without a reason.
        assert!(found.iter().all(|f| !f.unexplained()));
        let long = Function {
            lines: MAX_LINES + 1,
            ..found[1].clone()
        };
        assert!(long.unexplained());
        let explained = Function {
            lines: MAX_LINES + 1,
            ..found[0].clone()
        };
        assert!(!explained.unexplained());
    }

    #[test]
    fn a_reason_must_be_attached_to_its_function() {
        let lines = ["// long: for another", "", "fn f() {}"];
        assert_eq!(reason_above(&lines, 3), None);
        let lines = ["// long: ok", "/// Doc.", "#[must_use]", "fn f() {}"];
        assert_eq!(reason_above(&lines, 4).as_deref(), Some("ok"));
    }
}
