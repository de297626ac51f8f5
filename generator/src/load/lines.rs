//! Line lookup: the line of a JSON pointer in the spec's text, for error
//! messages.

use crate::error::Pointer;

/// Best-effort line of a JSON pointer in block-style YAML (or pretty-printed
/// JSON objects): each segment is a `key:` among the children of the node
/// found so far, or the n-th `- ` item of a sequence. Returns `None` rather
/// than a guess when the layout is not one it understands.
pub fn line_of(text: &str, pointer: &Pointer) -> Option<usize> {
    let lines: Vec<Option<Line<'_>>> = text.lines().map(Line::parse).collect();
    // The node found so far: its line, and whether its children start on
    // that same line (a `- key: value` item) or on the next.
    let (mut at, mut inline) = (None::<usize>, false);
    for seg in pointer.segments() {
        let first = match at {
            None => 0,
            Some(line) if inline => line,
            Some(line) => line + 1,
        };
        let end = block_end(&lines, at, inline, first);
        let children: Vec<(usize, &Line<'_>)> = (first..end)
            .filter_map(|i| lines[i].as_ref().map(|l| (i, l)))
            .collect();
        let &(_, head) = children.first()?;
        let found = match seg.parse::<usize>() {
            Ok(index) if head.dash => children
                .iter()
                .filter(|(_, l)| l.dash && l.raw_indent == head.raw_indent)
                .nth(index)
                .map(|(i, _)| (*i, true)),
            _ => children
                .iter()
                .filter(|(_, l)| l.indent == head.indent)
                .find(|(_, l)| l.is_key(&seg))
                .map(|(i, _)| (*i, false)),
        };
        let (line, is_item) = found?;
        at = Some(line);
        inline = is_item;
    }
    at.map(|line| line + 1)
}

/// One non-blank, non-comment line: where its content starts, and whether it
/// opens a sequence item.
struct Line<'a> {
    raw_indent: usize,
    indent: usize,
    dash: bool,
    text: &'a str,
}

impl<'a> Line<'a> {
    fn parse(line: &'a str) -> Option<Self> {
        let trimmed = line.trim_start();
        // Blank lines, comments, and JSON's lone brackets carry no keys.
        if trimmed.is_empty()
            || trimmed.starts_with('#')
            || matches!(trimmed.trim_end_matches(','), "{" | "}" | "[" | "]")
        {
            return None;
        }
        let raw_indent = line.len() - trimmed.len();
        let (dash, text) = match trimmed.strip_prefix('-') {
            Some(rest) if rest.is_empty() || rest.starts_with(' ') => (true, rest.trim_start()),
            _ => (false, trimmed),
        };
        Some(Line {
            raw_indent,
            indent: line.len() - text.len(),
            dash,
            text,
        })
    }

    fn is_key(&self, key: &str) -> bool {
        [key.to_owned(), format!("\"{key}\""), format!("'{key}'")]
            .iter()
            .any(|k| {
                self.text
                    .strip_prefix(k.as_str())
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
    }
}

/// One past the last line of the children of the node at `parent`, which
/// start at `first`. A sequence item's children share its indentation; a
/// key's children are indented deeper, or are `- ` items at its own indent.
fn block_end(lines: &[Option<Line<'_>>], parent: Option<usize>, item: bool, first: usize) -> usize {
    let Some(parent) = parent.and_then(|p| lines[p].as_ref()) else {
        return lines.len();
    };
    let indent = parent.indent;
    (first + usize::from(item)..lines.len())
        .find(|&i| match &lines[i] {
            None => false,
            Some(l) if item => l.raw_indent < indent,
            Some(l) => l.raw_indent < indent || (l.raw_indent == indent && !l.dash),
        })
        .unwrap_or(lines.len())
}
