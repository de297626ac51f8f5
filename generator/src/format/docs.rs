//! Doc comments set aside while a piece is parsed and printed.
//!
//! A quarter of a generated file is doc comments, and prettyplease prints a
//! plain one exactly as written: `///` (or `//!`), the text with its
//! trailing spaces trimmed, on a line of its own at the item's indentation.
//! A doc line never changes how the code around it is laid out, since
//! prettyplease breaks the line after it whatever its length. So each run
//! of such lines is replaced by one short placeholder doc line before
//! parsing, and the printed placeholder by the run's lines afterwards:
//! syn and prettyplease never see the text. Whatever does not take exactly
//! that path (a doc line with escapes, a placeholder printed in another
//! form, one missing) makes [`restore`] refuse, and the piece is formatted
//! as it was written.

use std::fmt::Write as _;

/// Begins a placeholder's text: a private-use character, which
/// `lit_str` escapes wherever it renders one, so a rendered doc line never
/// starts with it unescaped.
const MARK: char = '\u{F8FF}';

/// A piece with its plain doc lines set aside.
#[derive(Debug)]
pub(super) struct Lifted {
    /// The piece, each run of plain doc lines replaced by one placeholder.
    pub(super) text: String,
    /// The lifted lines as prettyplease prints them, without indentation,
    /// each ending with a line break.
    lines: String,
    /// For each placeholder in order: whether it is an inner doc (`//!`),
    /// and its lines, a range of `lines`.
    runs: Vec<(bool, std::ops::Range<usize>)>,
}

/// `piece` with each run of plain doc lines replaced by a placeholder;
/// `None` when it has none.
pub(super) fn lift(piece: &str) -> Option<Lifted> {
    let mut lifted = Lifted {
        text: String::with_capacity(piece.len()),
        lines: String::new(),
        runs: Vec::new(),
    };
    // Whether the previous line was a lifted doc line (its run is the last).
    let mut in_run = false;
    for line in piece.split_inclusive('\n') {
        let Some(inner) = doc_line(line, &mut lifted.lines) else {
            lifted.text.push_str(line);
            in_run = false;
            continue;
        };
        let end = lifted.lines.len();
        match lifted.runs.last_mut() {
            Some((run_inner, range)) if in_run && *run_inner == inner => range.end = end,
            _ => {
                let style = if inner { "//!" } else { "///" };
                // Writing to a String cannot fail.
                let _ = writeln!(lifted.text, "{style}{MARK}{}", lifted.runs.len());
                let start = lifted.runs.last().map_or(0, |(_, r)| r.end);
                lifted.runs.push((inner, start..end));
            }
        }
        in_run = true;
    }
    (!lifted.runs.is_empty()).then_some(lifted)
}

/// Whether `line` is a plain doc line (`/// text`, `//! text`,
/// `#[doc = "text"]` or `#![doc = "text"]`, alone on its line), and if so
/// whether it is inner; the line prettyplease prints for it, without
/// indentation, is then appended to `out`. `None`, and `out` unchanged, for
/// any other line, and for a doc prettyplease would print in another form
/// (a line break in it, or an outer doc starting with `/`) or whose literal
/// has escapes other than `\"`, `\\` and `\'`.
pub(super) fn doc_line(line: &str, out: &mut String) -> Option<bool> {
    let line = line.strip_suffix('\n').unwrap_or(line).trim_start();
    let (inner, value, literal) = if let Some(rest) = line.strip_prefix("///") {
        (false, rest, false)
    } else if let Some(rest) = line.strip_prefix("//!") {
        (true, rest, false)
    } else if let Some(rest) = line.strip_prefix("#[doc = \"") {
        (false, rest.trim_end().strip_suffix("\"]")?, true)
    } else if let Some(rest) = line.strip_prefix("#![doc = \"") {
        (true, rest.trim_end().strip_suffix("\"]")?, true)
    } else {
        return None;
    };
    if line.contains('\r') || value.starts_with(MARK) || (!inner && value.starts_with('/')) {
        return None;
    }
    let start = out.len();
    out.push_str(if inner { "//!" } else { "///" });
    if !literal {
        out.push_str(value);
    } else if !unescape(value, out) {
        out.truncate(start);
        return None;
    }
    out.truncate(out.trim_end_matches(' ').len());
    out.push('\n');
    Some(inner)
}

/// Appends to `out` the value of a string literal's body with only `\"`,
/// `\\` and `\'` escapes and no bare quote; `false` for any other body
/// (`out` then holds part of it).
fn unescape(body: &str, out: &mut String) -> bool {
    let mut rest = body;
    while let Some(at) = rest.find(['\\', '"']) {
        out.push_str(&rest[..at]);
        match rest.as_bytes()[at..] {
            [b'\\', c @ (b'"' | b'\\' | b'\''), ..] => out.push(char::from(c)),
            _ => return false,
        }
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    true
}

/// `printed` (what prettyplease printed for [`Lifted::text`]) with each
/// placeholder line replaced by its run, at the placeholder's indentation;
/// `None` unless every placeholder was printed, once, in order, as a doc
/// line of its own.
pub(super) fn restore(lifted: &Lifted, printed: &str) -> Option<String> {
    let mut out = String::with_capacity(printed.len() + lifted.lines.len() * 9 / 8);
    let mut next = 0;
    for line in printed.split_inclusive('\n') {
        let body = line.trim_start();
        let indent = &line[..line.len() - body.len()];
        let placeholder = ["///", "//!"]
            .into_iter()
            .find_map(|style| Some((style == "//!", body.strip_prefix(style)?)))
            .and_then(|(inner, rest)| Some((inner, rest.strip_prefix(MARK)?)));
        let Some((inner, number)) = placeholder else {
            out.push_str(line);
            continue;
        };
        let (run_inner, range) = lifted.runs.get(next)?;
        if number.trim_end().parse() != Ok(next) || *run_inner != inner {
            return None;
        }
        for doc in lifted.lines[range.clone()].split_inclusive('\n') {
            out.push_str(indent);
            out.push_str(doc);
        }
        next += 1;
    }
    (next == lifted.runs.len()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn print(text: &str) -> String {
        prettyplease::unparse(&syn::parse_file(text).unwrap())
    }

    /// The lifted path prints what prettyplease prints for the text as
    /// written, for each form of doc line and for the ones it leaves alone.
    #[test]
    fn lifted_docs_print_as_prettyplease_prints_them() {
        let text = concat!(
            "//! Module docs.\n#![doc = \" more \\\"inner\\\" docs  \"]\n",
            "#[doc = \" A struct.\"]\n#[doc = \"\"]\n/// It says \"hi\".   \n",
            "#[derive(Debug)]\n#[doc = \" after an attribute\"]\n",
            "pub struct A {\n#[doc = \" a field\\nwith a break\"]\n    ///    indented\n",
            "    #[doc = \"/starts with a slash\"]\n    pub x: u8,\n    #[doc = \" tab\\t\"]\n",
            "    pub y: u8,\n}\nimpl A {\n        /// A method.\n    pub fn f(&self) {}\n}\n",
        );
        let lifted = lift(text).expect("doc lines to lift");
        assert!(!lifted.text.contains("A struct"), "{}", lifted.text);
        assert!(lifted.text.contains("with a break"), "{}", lifted.text);
        let restored = restore(&lifted, &print(&lifted.text)).expect("every placeholder");
        assert_eq!(restored, print(text));
    }

    #[test]
    fn text_without_docs_is_left_alone() {
        assert!(lift("pub struct A;\n// a comment\n//// not a doc\n").is_none());
    }

    /// A placeholder prettyplease printed in another form (here inside a
    /// macro's tokens) or not at all makes the lifted path refuse.
    #[test]
    fn a_placeholder_not_printed_as_a_doc_line_is_refused() {
        let text = "/// Docs.\nstruct A;\nm! {\n    /// In a macro.\n    struct B;\n}\n";
        let lifted = lift(text).expect("doc lines to lift");
        assert_eq!(restore(&lifted, &print(&lifted.text)), None);
        assert_eq!(restore(&lifted, "struct A;\n"), None);
    }
}
