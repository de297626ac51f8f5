//! Templates lay out; Rust decides. Every choice between variants of the
//! IR is a `match` in the generator's view (`generator/src/render/view/`),
//! and a template only places what it is given. This test reads every
//! template and fails on the signs of a decision made in a template:
//!
//! - a comparison with a string (`p.location == "query"`, `!= "…"`, or
//!   the tests `is eq "…"`, `selectattr("kind", "equalto", "…")`);
//! - a membership test against a list of strings (`in ["header", …]`);
//! - a dict literal indexed by a value (`{"a": "b"}[p.location]`);
//! - a `fail(…)` call standing in for an exhaustive `match`.
//!
//! Its message lists each offence as `file:line`.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_owned()
}

/// A piece of a template tag's expression.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A string literal, its text without quotes.
    Str(String),
    /// A name or keyword.
    Word(String),
    /// `==` or `!=`.
    Compare,
    /// Any other character.
    Punct(char),
}

/// The tokens of a tag's expression, each with its byte offset in `text`
/// (the tag starts at `start`).
fn tokens(text: &str, start: usize) -> Vec<(usize, Token)> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let token = match c {
            '"' | '\'' => {
                let mut value = String::new();
                while let Some((_, next)) = chars.next() {
                    match next {
                        '\\' => value.extend(chars.next().map(|(_, escaped)| escaped)),
                        q if q == c => break,
                        other => value.push(other),
                    }
                }
                Token::Str(value)
            }
            '=' | '!' if chars.peek().map(|&(_, n)| n) == Some('=') => {
                chars.next();
                Token::Compare
            }
            c if c.is_alphanumeric() || c == '_' => {
                let mut word = c.to_string();
                while let Some(&(_, n)) = chars.peek() {
                    if !(n.is_alphanumeric() || n == '_') {
                        break;
                    }
                    word.push(n);
                    chars.next();
                }
                Token::Word(word)
            }
            c if c.is_whitespace() => continue,
            c => Token::Punct(c),
        };
        out.push((start + at, token));
    }
    out
}

/// The names of jinja tests that compare values.
const COMPARING_TESTS: &[&str] = &["eq", "equalto", "ne", "sameas", "in", "==", "!="];

/// What is wrong at each token of one tag, if anything.
fn offences_in_tag(tokens: &[(usize, Token)]) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    let is_str = |i: usize| matches!(tokens.get(i), Some((_, Token::Str(_))));
    let word = |i: usize| match tokens.get(i) {
        Some((_, Token::Word(w))) => Some(w.as_str()),
        _ => None,
    };
    let punct = |i: usize| match tokens.get(i) {
        Some((_, Token::Punct(p))) => Some(*p),
        _ => None,
    };
    for (i, (at, token)) in tokens.iter().enumerate() {
        let offence = match token {
            Token::Compare if is_str(i + 1) || (i > 0 && is_str(i - 1)) => {
                Some("compares a value with a string")
            }
            Token::Word(w)
                if w == "in" && matches!(punct(i + 1), Some('[' | '(')) && is_str(i + 2) =>
            {
                Some("tests membership in a list of strings")
            }
            Token::Word(w)
                if w == "is"
                    && word(i + 1).is_some_and(|t| COMPARING_TESTS.contains(&t))
                    && (is_str(i + 2) || (punct(i + 2) == Some('(') && is_str(i + 3))) =>
            {
                Some("compares a value with a string (a jinja test)")
            }
            Token::Str(s)
                if COMPARING_TESTS.contains(&s.as_str())
                    && punct(i.wrapping_sub(1)) == Some(',') =>
            {
                Some("filters by comparing with a string (select/selectattr)")
            }
            Token::Word(w) if w == "fail" && punct(i + 1) == Some('(') => {
                Some("calls fail(...) where the view should match exhaustively")
            }
            Token::Punct('}') if punct(i + 1) == Some('[') => {
                Some("indexes a dict literal by a value")
            }
            _ => None,
        };
        found.extend(offence.map(|o| (*at, o)));
    }
    found
}

/// Every offence of one template's `text`, as `(line, what)`.
fn offences(text: &str) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find('{').map(|i| rest + i) {
        let close = match text.get(open + 1..open + 2) {
            Some("{") => "}}",
            Some("%") => "%}",
            // A comment says what it likes.
            Some("#") => {
                rest = text[open..].find("#}").map_or(text.len(), |i| open + i + 2);
                continue;
            }
            _ => {
                rest = open + 1;
                continue;
            }
        };
        let body_start = open + 2;
        let end = text[body_start..]
            .find(close)
            .map_or(text.len(), |i| body_start + i);
        let tag = tokens(&text[body_start..end], body_start);
        for (at, what) in offences_in_tag(&tag) {
            found.push((text[..at].matches('\n').count() + 1, what));
        }
        rest = (end + 2).min(text.len());
    }
    found
}

fn templates(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            templates(&path, out);
        } else if path.extension().is_some_and(|e| e == "j2") {
            out.push(path);
        }
    }
}

#[test]
fn templates_make_no_decisions() {
    let root = root();
    let mut files = Vec::new();
    templates(&root.join("templates"), &mut files);
    files.sort();
    assert!(
        files.len() >= 6,
        "expected the templates under templates/, found {files:?}"
    );
    let mut report = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("template");
        let name = file.strip_prefix(&root).unwrap_or(file).display();
        for (line, what) in offences(&text) {
            report.push(format!("{name}:{line}: {what}"));
        }
    }
    assert!(
        report.is_empty(),
        "templates decide what Rust should (give the template a fact from \
         generator/src/render/view/ instead):\n{}",
        report.join("\n")
    );
}

#[test]
fn every_kind_of_decision_is_found_on_its_line() {
    let text = [
        "{% if p.location == \"query\" %}",                  // 1
        "{% if 'cookie' != p.location %}{% endif %}",        // 2
        "{% elif p.location in [\"header\", \"cookie\"] %}", // 3
        "{% set j = {\"a\": \"b\"}[p.location] %}",          // 4
        "{{ fail(\"unhandled \" ~ p.kind) }}",               // 5
        "{% for h in ps | selectattr(\"location\", \"equalto\", \"x\") %}", // 6
        "{% if s.kind is eq \"json\" %}",                    // 7
        "{% if s.kind is equalto('json') %}",                // 8
    ]
    .join("\n");
    let lines: Vec<usize> = offences(&text).into_iter().map(|(line, _)| line).collect();
    assert_eq!(lines, [1, 2, 3, 4, 5, 6, 7, 8]);
}

#[test]
fn layout_is_not_a_decision() {
    let text = [
        "{# a comment may say p.location == \"query\" and fail(...) #}",
        "{% if p.required %}Some({{ p.rust_name | ident }}){% endif %}",
        "#[serde(skip_serializing_if = \"Option::is_none\")]",
        "{{ \"true\" if op.unstable else \"false\" }}",
        "{% if a.b is not none %}{{ api.operations[method.op].id }}{% endif %}",
        "if x == \"a\" { return; }",
        "{% for p in q.params if not p.required %}{{ (\" Sets `\" ~ p.wire_name) | lit_str }}{% endfor %}",
    ]
    .join("\n");
    assert_eq!(offences(&text), []);
}
