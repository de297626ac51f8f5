//! Line lookup: the line of a JSON pointer in the spec's text, for error
//! messages.

use crate::error::Pointer;

/// Best-effort line of a JSON pointer in block-style YAML (or pretty-printed
/// JSON objects): each segment is a `key:` among the children of the node
/// found so far, or the n-th `- ` item of a sequence. Returns `None` rather
/// than a guess when the layout is not one it understands.
///
/// One pass forward over the text, stopping at the node: the children of a
/// node always follow it, so no line is read twice and none after the node
/// is read at all (a large spec with a few warnings to locate would
/// otherwise be split and parsed whole for each).
pub fn line_of(text: &str, pointer: &Pointer) -> Option<usize> {
    let mut lines = (text.lines().enumerate()).filter_map(|(i, l)| Some((i, Line::parse(l)?)));
    // The node found so far: its line, and whether its children start on
    // that same line (a `- key: value` item) or on the next.
    let mut at: Option<(usize, Line<'_>, bool)> = None;
    for seg in pointer.segments() {
        let index = seg.parse::<usize>().ok();
        // An item's first child is the item's own line.
        let mut pending = at.filter(|&(_, _, inline)| inline);
        let mut head: Option<Line<'_>> = None;
        let mut items = 0;
        at = loop {
            let (i, line) = match pending.take() {
                Some((i, line, _)) => (i, line),
                None => lines.next()?,
            };
            if let Some((parent, node, inline)) = at {
                if i != parent && ends_block(&node, inline, &line) {
                    return None;
                }
            }
            let head = *head.get_or_insert(line);
            match index {
                Some(n) if head.dash => {
                    if line.dash && line.raw_indent == head.raw_indent {
                        if items == n {
                            break Some((i, line, true));
                        }
                        items += 1;
                    }
                }
                _ => {
                    if line.indent == head.indent && line.is_key(&seg) {
                        break Some((i, line, false));
                    }
                }
            }
        };
    }
    at.map(|(line, _, _)| line + 1)
}

/// One non-blank, non-comment line: where its content starts, and whether it
/// opens a sequence item.
#[derive(Clone, Copy)]
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
        let quoted = |quote: char| {
            (self.text.strip_prefix(quote))
                .and_then(|rest| rest.strip_prefix(key))
                .and_then(|rest| rest.strip_prefix(quote))
        };
        [self.text.strip_prefix(key), quoted('"'), quoted('\'')]
            .into_iter()
            .flatten()
            .any(|rest| rest.trim_start().starts_with(':'))
    }
}

/// Whether `line` is past the children of `node` (a sequence item when
/// `item`): a sequence item's children share its indentation; a key's
/// children are indented deeper, or are `- ` items at its own indent.
fn ends_block(node: &Line<'_>, item: bool, line: &Line<'_>) -> bool {
    let indent = node.indent;
    match item {
        true => line.raw_indent < indent,
        false => line.raw_indent < indent || (line.raw_indent == indent && !line.dash),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "\
openapi: 3.0.3
paths:
  /keys:
    get:
      parameters:
        - name: page
          in: query

        - $ref: '#/components/parameters/Size'
      responses:
        '200':
          description: OK
    \"post\":
      summary: Create
components: {}
";

    fn line(pointer: &[&str]) -> Option<usize> {
        let ptr = pointer.iter().fold(Pointer::root(), |p, s| p.push(s));
        line_of(SPEC, &ptr)
    }

    /// Keys (plain and quoted), sequence items and the keys of an item on
    /// its own line are found; a key outside its parent's block, or past
    /// the end of a sequence, is not.
    #[test]
    fn pointers_are_found_on_their_lines() {
        assert_eq!(line(&[]), None);
        assert_eq!(line(&["paths"]), Some(2));
        assert_eq!(line(&["paths", "/keys", "get"]), Some(4));
        assert_eq!(line(&["paths", "/keys", "get", "parameters", "0"]), Some(6));
        assert_eq!(
            line(&["paths", "/keys", "get", "parameters", "0", "name"]),
            Some(6)
        );
        assert_eq!(
            line(&["paths", "/keys", "get", "parameters", "0", "in"]),
            Some(7)
        );
        assert_eq!(
            line(&["paths", "/keys", "get", "parameters", "1", "$ref"]),
            Some(9)
        );
        assert_eq!(line(&["paths", "/keys", "get", "parameters", "2"]), None);
        assert_eq!(
            line(&["paths", "/keys", "get", "responses", "200"]),
            Some(11)
        );
        assert_eq!(line(&["paths", "/keys", "post", "summary"]), Some(14));
        assert_eq!(line(&["paths", "/keys", "get", "summary"]), None);
        assert_eq!(line(&["paths", "components"]), None);
        assert_eq!(line(&["components"]), Some(15));
    }
}
