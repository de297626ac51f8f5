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
    let mut out = Vec::new();
    let mut in_fence = false;
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
        let previous = out
            .last()
            .map(|l| l.trim_start().to_owned())
            .unwrap_or_default();
        if !trimmed.is_empty() && previous.starts_with('>') && !trimmed.starts_with('>') {
            out.push(String::new());
        }
        if !trimmed.is_empty()
            && (is_list_item(&previous)
                || out
                    .last()
                    .is_some_and(|l| l.starts_with("  ") && !l.trim().is_empty()))
            && !is_list_item(trimmed)
        {
            out.push(format!("  {}", inline(trimmed)));
        } else {
            out.push(inline(trimmed));
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out
}

fn is_list_item(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with("+ ")
        || (digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")))
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
