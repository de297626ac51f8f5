//! A large YAML document parsed on all cores.
//!
//! Parsing YAML is a quarter of a run on a small spec and more on a large
//! one, and the parser works through the text on one core. Yet a spec is
//! mostly one or two long block mappings (`paths`, `components/schemas`),
//! each entry a line of its own at one indentation. So the text is cut at
//! entry lines into one chunk per core; each chunk after the first starts
//! with copies of the header lines of the mappings it continues
//! (`components:`, `  schemas:`), is parsed on its own thread, and the trees
//! are merged in order.
//!
//! Why the merged tree is the document's: a chunk's first line is an entry
//! of a block mapping whose ancestors are all bare `key:` headers, at the
//! indentation of that mapping's first entry. At such a line the parser of
//! the whole text is back at the start of a line in block context, inside
//! exactly those mappings, unless a scalar or flow collection opened
//! earlier is still open:
//! - a block scalar (`|`, `>`) cannot be: its lines are indented deeper
//!   than the line that opened it, which would then be an entry between the
//!   header and this line, or the header itself (a bare `key:`);
//! - a plain scalar ends at a line indented no deeper than its mapping;
//! - a quoted scalar or a flow collection that is still open makes the
//!   chunk before (which the parser reads from the same state) end inside
//!   it, and the parser refuses that.
//!
//! So a chunk that fails to parse (a quoted string or a flow collection cut
//! in two, an alias of an anchor in another chunk, or a real error) sends
//! the whole text to the one-core parse, which reports any error with its
//! line as before. A key written twice is read as the one-core parse reads
//! it (the last value, at the first one's place), and a header's key
//! written twice among its siblings leaves the text whole.
//!
//! Checked on 1,257 real specs (APIs.guru's written out as YAML in two
//! styles, Datadog's, and every YAML file of this repository) cut into 2
//! to 8 chunks: each read exactly as it reads whole, or was left whole
//! (`CHUNKS_CORPUS=dir cargo test -p generator --release chunks`).

use std::borrow::Cow;

use serde_yaml::Value;

/// A chunk smaller than this is not worth a thread.
const MIN_CHUNK: usize = 8 * 1024;

/// Deepest indentation of a header line a chunk may repeat: the entries of
/// `components/schemas` at four spaces per level are under headers at 0
/// and 4.
const MAX_HEADER_INDENT: usize = 8;

/// The tree of `text`, parsed in chunks on all cores, or `None` when the
/// text is too small to be worth it, cannot be cut (see the module docs),
/// or a chunk does not parse: then the caller parses it whole.
pub(super) fn parse(text: &str, parse_one: impl Fn(&str) -> Option<Value> + Sync) -> Option<Value> {
    let parts = crate::parallel::cores().min(text.len() / MIN_CHUNK);
    parse_in(text, parts, parse_one)
}

/// [`parse`] in at most `parts` chunks.
fn parse_in(
    text: &str,
    parts: usize,
    parse_one: impl Fn(&str) -> Option<Value> + Sync,
) -> Option<Value> {
    if parts < 2 {
        return None;
    }
    let cuts = cuts(text, parts)?;
    // A chunk that repeats no header is a slice of the text as it stands.
    let chunks: Vec<Cow<str>> = cuts
        .iter()
        .enumerate()
        .map(|(i, cut)| {
            let end = cuts.get(i + 1).map_or(text.len(), |next| next.start);
            let body = &text[cut.start..end];
            if cut.headers.is_empty() {
                return Cow::Borrowed(body);
            }
            let mut chunk = String::with_capacity(body.len() + 64);
            for header in &cut.headers {
                chunk.push_str(header.line);
                chunk.push('\n');
            }
            chunk.push_str(body);
            Cow::Owned(chunk)
        })
        .collect();
    // A spawned thread's smaller stack is enough: the parser refuses nesting
    // deeper than 128.
    let trees = crate::parallel::map(&chunks, |chunk| parse_one(chunk));
    let mut trees = trees.into_iter().zip(&cuts);
    let mut whole = trees.next()?.0?;
    for (tree, cut) in trees {
        merge(&mut whole, tree?, cut.headers.len())?;
    }
    Some(whole)
}

/// Where a chunk starts: a byte offset of the text, and the header lines
/// of the mappings the line there continues, outermost first.
struct Cut<'a> {
    start: usize,
    headers: Vec<Header<'a>>,
}

/// A bare `key:` line that a chunk starting below it repeats.
#[derive(Clone, Copy)]
struct Header<'a> {
    /// The line, without its newline.
    line: &'a str,
    key: &'a str,
    start: usize,
    /// The start of its parent's line (`None` at the top level).
    parent: Option<usize>,
}

/// A line of content that may be the parent of the lines below it (the
/// stack holds those of the current line), with what the cut needs.
struct Frame<'a> {
    indent: usize,
    start: usize,
    /// The line as a header (`key:` and nothing else), if it is one.
    header: Option<Header<'a>>,
    /// The indentation of the first line below it.
    child_indent: Option<usize>,
    /// Whether it is an entry of mappings that headers open (see
    /// [`cuts`]).
    chained: bool,
}

/// The chunks' starts: the first at 0, then the first cuttable line at or
/// after each `i / parts` of the text. `None` when the text has no such
/// line, a document marker or directive, a tab before a line's content, or
/// a header's key written twice among its siblings.
fn cuts(text: &str, parts: usize) -> Option<Vec<Cut<'_>>> {
    let mut cuts = vec![Cut {
        start: 0,
        headers: Vec::new(),
    }];
    let mut wanted = text.len() / parts;
    let mut stack: Vec<Frame> = Vec::new();
    let mut root_indent = None;
    // The entries at a header's depth, to find a header written twice
    // among its siblings: (parent line's start, key, start).
    let mut shallow_keys: Vec<(Option<usize>, &str, usize)> = Vec::new();
    for (line_start, line) in lines(text) {
        let indent = line.bytes().take_while(|&b| b == b' ').count();
        let body = &line[indent..];
        match body.as_bytes() {
            [] | [b'#', ..] => continue,
            [b'\t', ..] => return None,
            [b'-', b'-', b'-', ..] | [b'.', b'.', b'.', ..] | [b'%', ..] if indent == 0 => {
                return None
            }
            _ => {}
        }
        while stack.last().is_some_and(|f| f.indent >= indent) {
            stack.pop();
        }
        let parent = stack.last_mut();
        // Below a header deeper than a chunk repeats, nothing is cut.
        let deep = parent
            .as_ref()
            .is_some_and(|p| p.indent > MAX_HEADER_INDENT);
        let key = if deep { None } else { entry_key(body) };
        let (chained, cuttable) = place(parent, &mut root_indent, indent, key.is_some());
        let cuttable = cuttable && line_start > 0;
        let parent_start = stack.last().map(|f| f.start);
        if let (Some(key), true) = (key, indent <= MAX_HEADER_INDENT) {
            shallow_keys.push((parent_start, key, line_start));
        }
        if cuttable && line_start >= wanted && cuts.len() < parts {
            let headers: Option<Vec<Header>> = stack.iter().map(|f| f.header).collect();
            cuts.push(Cut {
                start: line_start,
                headers: headers?,
            });
            wanted = text.len() * cuts.len() / parts;
        }
        let header = key
            .filter(|key| body.trim_end().len() == key.len() + 1)
            .map(|key| Header {
                line,
                key,
                start: line_start,
                parent: parent_start,
            });
        stack.push(Frame {
            indent,
            start: line_start,
            header,
            child_indent: None,
            chained,
        });
    }
    (cuts.len() > 1 && !written_twice(&cuts, &shallow_keys)).then_some(cuts)
}

/// Whether a line of the text, at `indent` and opening an entry if `entry`,
/// is an entry of a mapping that headers open at the indentation of the
/// mapping's first line (`chained`), and whether a chunk may start there:
/// not at that first line, so that the chunk before holds the mapping.
fn place(
    parent: Option<&mut Frame>,
    root_indent: &mut Option<usize>,
    indent: usize,
    entry: bool,
) -> (bool, bool) {
    let Some(parent) = parent else {
        let chained = entry && *root_indent.get_or_insert(indent) == indent;
        return (chained, chained);
    };
    let opened = entry && parent.chained && parent.header.is_some();
    match parent.child_indent {
        None => {
            parent.child_indent = Some(indent);
            (opened, false)
        }
        Some(first) => {
            let chained = opened && first == indent;
            (chained, chained)
        }
    }
}

/// Whether the key of a header the cuts repeat is written again among its
/// siblings (`(parent line's start, key, start)` of the entries at a
/// header's depth): then a chunk's copy of it would stand for the wrong
/// one.
fn written_twice(cuts: &[Cut], entries: &[(Option<usize>, &str, usize)]) -> bool {
    cuts.iter().flat_map(|c| &c.headers).any(|header| {
        entries.iter().any(|&(parent, key, start)| {
            parent == header.parent && start != header.start && key.eq_ignore_ascii_case(header.key)
        })
    })
}

/// Each line of `text` without its newline, with its start.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    std::iter::from_fn(move || {
        let rest = text.get(start..).filter(|r| !r.is_empty())?;
        let len = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
        let line = (start, &rest[..len]);
        start += len + 1;
        Some(line)
    })
}

/// The key of a line that opens a block mapping entry with a plain key
/// (`name:` or `name: value`), if it is one. Only keys that cannot mean
/// anything else: a letter, digit, `_`, `/` or `$` first, then no space,
/// quote, comment or flow indicator.
fn entry_key(body: &str) -> Option<&str> {
    let first = *body.as_bytes().first()?;
    if !(first.is_ascii_alphanumeric() || matches!(first, b'_' | b'/' | b'$')) {
        return None;
    }
    let len = body.bytes().take_while(|&b| is_key_byte(b)).count();
    match &body.as_bytes()[len..] {
        [b':'] | [b':', b' ', ..] => Some(&body[..len]),
        _ => None,
    }
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'_' | b'/' | b'$' | b'.' | b'-' | b'{' | b'}' | b'+' | b'@'
        )
}

/// Merges the tree of a chunk into the tree of the chunks before it. The
/// chunk's first `depth` levels are the header lines it repeats: the first
/// entry of each is the mapping the chunk continues.
fn merge(whole: &mut Value, chunk: Value, depth: usize) -> Option<()> {
    let (Value::Mapping(whole), Value::Mapping(chunk)) = (whole, chunk) else {
        return None;
    };
    let mut entries = chunk.into_iter();
    if depth > 0 {
        let (key, value) = entries.next()?;
        merge(whole.get_mut(&key)?, value, depth - 1)?;
    }
    // As the one-core parse inserts: a key already there keeps its place
    // and takes the new value.
    whole.extend(entries);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loose(text: &str) -> Option<Value> {
        crate::numbers::parse_yaml(text).ok()
    }

    /// The chunked tree of `text` in `parts`, which must be cut.
    fn chunked(text: &str, parts: usize) -> Value {
        parse_in(text, parts, loose).unwrap_or_else(|| panic!("not cut or parsed in {parts}"))
    }

    fn whole(text: &str) -> Value {
        loose(text).expect("parses")
    }

    #[test]
    fn a_spec_in_chunks_is_the_spec_read_whole() {
        let root = env!("CARGO_MANIFEST_DIR");
        for spec in [
            "../spec/v1/key_management.yaml",
            "../spec/v2/key_management.yaml",
        ] {
            let text = std::fs::read_to_string(format!("{root}/{spec}")).unwrap();
            for parts in 2..=12 {
                assert_eq!(chunked(&text, parts), whole(&text), "{spec} in {parts}");
            }
        }
    }

    #[test]
    fn chunks_continue_the_mappings_they_were_cut_from() {
        let text = "openapi: 3.0.3\npaths:\n  /a:\n    get: {}\n  /b:\n    get: {}\ncomponents:\n  schemas:\n    A:\n      type: string\n    B:\n      type: integer\n    C:\n      type: object\nx-end: 1\n";
        for parts in 2..=8 {
            let cuts = cuts(text, parts).unwrap();
            assert!(cuts.len() > 1);
            assert_eq!(chunked(text, parts), whole(text), "{parts}");
        }
        // The cut inside `components/schemas` repeats both headers.
        let cuts = cuts(text, 2).unwrap();
        let headers: Vec<&str> = cuts[1].headers.iter().map(|h| h.line).collect();
        assert_eq!(&text[cuts[1].start..][..6], "    B:");
        assert_eq!(headers, ["components:", "  schemas:"]);
    }

    #[test]
    fn a_key_written_twice_keeps_the_first_place_and_the_last_value() {
        let text = "a: 1\nm:\n  x: 1\n  y: 2\n  x: 3\n  z: 4\na: 5\n";
        for parts in 2..=6 {
            if let Some(tree) = parse_in(text, parts, loose) {
                assert_eq!(tree, whole(text), "{parts}");
            }
        }
    }

    #[test]
    fn what_cannot_be_cut_is_left_whole() {
        // A header written twice among its siblings.
        assert!(cuts("m:\n  a: 1\n  b: 2\n  c: 2\nm:\n  d: 3\n", 2).is_none());
        // Document markers and directives.
        assert!(cuts("---\na: 1\nb: 2\n", 2).is_none());
        assert!(cuts("%YAML 1.2\n---\na: 1\nb: 2\n", 2).is_none());
        // A tab before a line's content.
        assert!(cuts("a: 1\n\tb: 2\n", 2).is_none());
        // Lines inside a block scalar look like entries but are not cut.
        let text = "d: |\n  a:\n    b: 1\n    c: 2\n";
        assert!(cuts(text, 4).is_none(), "block scalar content");
        // Under a key with a value on its line (a plain scalar going on).
        assert!(cuts("d: text\n  a: 1\n  b: 2\n", 2).is_none());
    }

    #[test]
    fn a_chunk_that_does_not_parse_leaves_the_text_to_the_whole_parse() {
        // A quoted scalar going on over a line that looks like an entry:
        // the chunk before ends inside it.
        let text = "m:\n  a: \"one\n  b: two\"\n  c: 3\n";
        let cut_in_string = |parts| cuts(text, parts).is_some_and(|c| c[1].start == 13);
        assert!(cut_in_string(3));
        assert_eq!(parse_in(text, 3, loose), None);
        for parts in 2..=4 {
            assert!(parse_in(text, parts, loose).is_none_or(|t| t == whole(text)));
        }
        // An alias of an anchor in an earlier chunk.
        let text = "m:\n  a: &x 1\n  b: 2\n  c: *x\n";
        assert_eq!(parse_in(text, 2, loose), None);
        // A flow mapping over lines.
        let text = "m: {\n  a: 1,\n  b: 2 }\nn: 1\n";
        for parts in 2..=4 {
            assert!(parse_in(text, parts, loose).is_none_or(|t| t == whole(text)));
        }
    }

    #[test]
    fn a_chunk_nested_as_deep_as_the_parser_allows_parses_on_its_thread() {
        let mut text = String::from("a:\n");
        for entry in 0..2000 {
            text.push_str(&format!("  f{entry}: 1\n"));
        }
        let nest = text.len();
        let mut indent = String::from("  ");
        for level in 0..120 {
            text.push_str(&format!("{indent}n{level}:\n"));
            indent.push_str("  ");
        }
        text.push_str(&format!("{indent}end: 1\n"));
        let cuts = cuts(&text, 2).expect("cut");
        assert!(cuts[1].start < nest);
        assert_eq!(chunked(&text, 2), whole(&text));
    }

    #[test]
    fn a_small_text_is_not_cut() {
        assert!(parse("a: 1\nb: 2\n", loose).is_none());
    }

    /// Every `.yaml` file under `CHUNKS_CORPUS` (a directory) in 2 to 8
    /// chunks reads as it reads whole, or is left whole; run by hand on a
    /// corpus of real specs (see the module docs).
    #[test]
    fn a_corpus_in_chunks_reads_as_it_reads_whole() {
        let Ok(dir) = std::env::var("CHUNKS_CORPUS") else {
            return;
        };
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        let (mut cut, mut left) = (0, 0);
        for path in &files {
            // Files that are not UTF-8 are refused before parsing.
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let whole = loose(&text);
            for parts in 2..=8 {
                match parse_in(&text, parts, loose) {
                    Some(tree) => {
                        cut += 1;
                        assert!(
                            Some(&tree) == whole.as_ref(),
                            "{} in {parts}",
                            path.display()
                        );
                    }
                    None => left += 1,
                }
            }
        }
        eprintln!(
            "{} files: {cut} cut and read as whole, {left} left whole",
            files.len()
        );
    }
}
