//! Turning spec descriptions into doc-comment lines that rustdoc renders as
//! intended and that never become doctests.
//!
//! Descriptions are Markdown written for web pages. Three things in them
//! misbehave in rustdoc: an indented line (a code block, which `cargo test`
//! would compile as Rust), a fenced block without a language (same), and
//! text in square brackets such as `page[size]` (a broken intra-doc link).
//! Bare URLs are wrapped in `<...>` so rustdoc links them.

/// Splits `text` into doc lines, made safe for rustdoc.
pub fn lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    // The text column of the list item being continued (0: not in a list).
    let mut list_indent = 0;
    // Tabs render unpredictably in rustdoc (and clippy rejects them).
    let text = text.replace('\t', "    ");
    for raw in text.trim().lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            out.push(
                if in_fence || !lang.trim().is_empty() && lang.trim() != "rust" {
                    trimmed.to_owned()
                } else {
                    // An untagged (or Rust) fence would be compiled as a doctest.
                    "```text".to_owned()
                },
            );
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_owned());
            continue;
        }
        // Leading whitespace is dropped (it would make a code block), so a
        // line that continued a quote or a list item needs to say so again.
        let after_quote = out.last().is_some_and(|l| l.starts_with('>'));
        if !trimmed.is_empty() && after_quote && !trimmed.starts_with('>') {
            out.push(String::new());
        }
        let item = list_item_indent(trimmed);
        if trimmed.is_empty() {
            list_indent = 0;
            out.push(String::new());
        } else if let Some(indent) = item {
            list_indent = indent;
            out.push(inline(trimmed));
        } else if list_indent > 0 {
            // A continuation of a list item is indented to the item's text.
            out.push(format!("{}{}", " ".repeat(list_indent), inline(trimmed)));
        } else {
            out.push(inline(trimmed));
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out
}

/// Where a list item's text starts (`- a` → 2, `*   a` → 4, `10. a` → 4),
/// or `None` for a line that is not a list item.
fn list_item_indent(line: &str) -> Option<usize> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let marker = match line.as_bytes().get(digits) {
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        Some(b'.' | b')') if digits > 0 => digits + 1,
        _ => return None,
    };
    let rest = &line[marker..];
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    (spaces > 0).then_some(marker + spaces)
}

/// Doc lines for `text`, with a blank line before them when `out` already
/// has content. Empty text adds nothing.
pub fn append(out: &mut Vec<String>, text: &str) {
    let more = lines(text);
    if more.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push(String::new());
    }
    out.extend(more);
}

/// Escapes brackets that are not Markdown links and wraps bare URLs, outside
/// inline code spans.
fn inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part);
        } else {
            out.push_str(&escape_text(part));
        }
    }
    out
}

fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '[' if !is_link_at(&chars, i) => out.push_str("\\["),
            ']' if !closes_link(&chars, i) => out.push_str("\\]"),
            'h' if starts_url(&chars, i)
                && (i == 0 || !matches!(chars[i - 1], '<' | '(' | '"')) =>
            {
                let end = (i..chars.len())
                    .find(|&j| chars[j].is_whitespace() || matches!(chars[j], ')' | '>' | '"'))
                    .unwrap_or(chars.len());
                let mut url: String = chars[i..end].iter().collect();
                let trailing: String = {
                    let kept = url.trim_end_matches(['.', ',', ';', ':']).len();
                    url.split_off(kept)
                };
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(&trailing);
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn starts_url(chars: &[char], i: usize) -> bool {
    let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
    rest.starts_with("http://") || rest.starts_with("https://")
}

/// `[text](url)`: the `[` at `i` opens a Markdown link.
fn is_link_at(chars: &[char], i: usize) -> bool {
    chars[i + 1..]
        .iter()
        .position(|&c| c == ']')
        .is_some_and(|close| chars.get(i + 1 + close + 1) == Some(&'('))
}

/// The `]` at `i` closes a Markdown link's text.
fn closes_link(chars: &[char], i: usize) -> bool {
    chars.get(i + 1) == Some(&'(') && chars[..i].contains(&'[')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_are_escaped_but_links_kept() {
        assert_eq!(
            lines("Use page[size] here."),
            vec!["Use page\\[size\\] here."]
        );
        assert_eq!(
            lines("See [the docs](https://x.io)."),
            vec!["See [the docs](https://x.io)."]
        );
        assert_eq!(
            lines("Code `page[size]` stays."),
            vec!["Code `page[size]` stays."]
        );
    }

    #[test]
    fn indentation_cannot_make_a_doctest() {
        assert_eq!(lines("a\n    indented"), vec!["a", "indented"]);
        assert_eq!(
            lines("```\nlet x = 1;\n```"),
            vec!["```text", "let x = 1;", "```"]
        );
        assert_eq!(lines("```json\n{}\n```"), vec!["```json", "{}", "```"]);
        assert_eq!(lines("```\nunclosed"), vec!["```text", "unclosed", "```"]);
    }

    #[test]
    fn quotes_and_list_items_do_not_swallow_the_next_line() {
        assert_eq!(lines("> note\nnext"), vec!["> note", "", "next"]);
        assert_eq!(
            lines("- item\n  more\nstill"),
            vec!["- item", "  more", "  still"]
        );
        assert_eq!(lines("- a\n- b\n\nafter"), vec!["- a", "- b", "", "after"]);
    }

    #[test]
    fn tabs_become_spaces() {
        assert_eq!(lines("a\tb"), vec!["a    b"]);
    }

    #[test]
    fn bare_urls_are_wrapped() {
        assert_eq!(
            lines("Go to https://example.com."),
            vec!["Go to <https://example.com>."]
        );
        assert_eq!(
            lines("Already <https://example.com>"),
            vec!["Already <https://example.com>"]
        );
    }
}
