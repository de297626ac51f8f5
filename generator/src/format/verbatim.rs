//! Rendered text that needs no formatter.
//!
//! Parsing with syn and printing with prettyplease was most of a run's
//! time, yet the templates already write one statement, field or arm per
//! line. So a chunk of rendered text (one top-level item) is taken as
//! written when that is safe, and only re-indented: each line at four
//! spaces per open bracket, a line that starts by closing one a level out,
//! a method-chain line (`.await`) or an operator's (`+ Send`) a level in.
//! Blank lines and item markers are dropped (the format stage puts blank
//! lines back between items, as it does for printed text) and plain
//! `#[doc = "..."]` lines become `///` lines, as prettyplease prints them.
//!
//! A chunk is left to syn and prettyplease when a line of code would be
//! longer than [`WIDTH`] (breaking it is a formatter's job), when its
//! brackets do not pair up (then syn names the template and line of the
//! mistake), or when a string or comment spans lines (re-indenting would
//! change it).

use super::docs;
use super::ITEM_MARKER;

/// The longest line written as is, indentation included: what rustfmt
/// allows.
pub(super) const WIDTH: usize = 100;

/// `chunk` laid out without a formatter, or `None` when it must be
/// formatted (see the module docs).
pub(super) fn verbatim(chunk: &str) -> Option<String> {
    let mut out = String::with_capacity(chunk.len());
    let mut open: Vec<u8> = Vec::new();
    let mut level: usize = 0;
    // Whether the previous line starts by closing a bracket: a chained
    // call after it (`)` then `.await`) sits at the bracket's level.
    let mut after_close = false;
    let mut doc = String::new();
    for line in chunk.lines() {
        let body = line.trim();
        if body.is_empty() || body.starts_with(ITEM_MARKER.trim_end()) {
            continue;
        }
        doc.clear();
        let is_doc = docs::doc_line(body, &mut doc).is_some();
        let body = if is_doc { doc.trim_end() } else { body };
        let depth = open.len();
        let leading_close = scan(body, &mut open)?;
        // A method chain's or a bound's later lines sit a level in.
        let chained = (body.starts_with('.') && !body.starts_with(".."))
            || ["+ ", "&& ", "|| "].iter().any(|op| body.starts_with(op));
        let indent = match () {
            () if leading_close => level.checked_sub(1)?,
            () if chained && !after_close => level + 1,
            () => level,
        };
        // Bytes bound characters from above: count them only when needed.
        // prettyplease never breaks a doc line, nor a field's string.
        let wide = |len: usize| indent * 4 + len > WIDTH;
        if wide(body.len()) && wide(body.chars().count()) && !is_doc && !field_with_string(body) {
            return None;
        }
        push_line(&mut out, indent, body);
        after_close = leading_close;
        // One level per line however many brackets it opens (`Ok(Self {`
        // opens two, its fields sit one level in), as rustfmt lays out.
        level = match open.len().cmp(&depth) {
            std::cmp::Ordering::Greater => level + 1,
            std::cmp::Ordering::Less => level.checked_sub(1)?,
            std::cmp::Ordering::Equal => level,
        };
    }
    open.is_empty().then_some(out)
}

/// Whether `line` is a struct field set to one string literal
/// (`description: "...",`), which no formatter breaks.
fn field_with_string(line: &str) -> bool {
    let Some((name, value)) = line.split_once(": \"") else {
        return false;
    };
    let bytes = value.as_bytes();
    name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
        && value.ends_with("\",")
        && string_end(bytes, 0, 0) == Some(bytes.len() - 2)
}

fn push_line(out: &mut String, indent: usize, body: &str) {
    for _ in 0..indent {
        out.push_str("    ");
    }
    out.push_str(body);
    out.push('\n');
}

/// Scans one line's code, pushing each bracket it opens onto `open` and
/// popping each it closes; whether the line starts by closing one. `None`
/// when a bracket closes another kind, or when a string, character or
/// comment does not end on the line.
fn scan(line: &str, open: &mut Vec<u8>) -> Option<bool> {
    let bytes = line.as_bytes();
    // A generic list broken over lines opens with a `<` that ends a line
    // and closes with a `>` that starts one; any other `<` or `>` is an
    // operator or stays on its line.
    let leading_close = matches!(bytes.first(), Some(b')' | b']' | b'}' | b'>'));
    let leading_angle = bytes.first() == Some(&b'>');
    if leading_angle && open.pop() != Some(b'<') {
        return None;
    }
    let mut i = usize::from(leading_angle);
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' | b'{' => {
                open.push(bytes[i]);
            }
            c @ (b')' | b']' | b'}') => {
                let opener = match c {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                if open.pop() != Some(opener) {
                    return None;
                }
            }
            b'"' => i = string_end(bytes, i + 1, 0)?,
            b'r' if raw_string_start(bytes, i).is_some() => {
                let (hashes, quote) = raw_string_start(bytes, i)?;
                i = string_end(bytes, quote + 1, hashes)?;
            }
            b'\'' => i = char_or_lifetime_end(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => break,
            b'/' if bytes.get(i + 1) == Some(&b'*') => return None,
            // An identifier ending in `r` (`for`) is not a raw string.
            c if c.is_ascii_alphanumeric() || c == b'_' => {
                while bytes
                    .get(i + 1)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if line.ends_with('<') {
        open.push(b'<');
    }
    Some(leading_close)
}

/// At `r` (`r"`, `r#"`, ...) starting a raw string: its number of `#`s and
/// the index of its opening quote.
fn raw_string_start(bytes: &[u8], r: usize) -> Option<(usize, usize)> {
    let hashes = bytes[r + 1..].iter().take_while(|&&c| c == b'#').count();
    (bytes.get(r + 1 + hashes) == Some(&b'"')).then_some((hashes, r + 1 + hashes))
}

/// The index of the last byte of a string whose body starts at `start`
/// (its closing quote and `hashes` `#`s); `None` when it does not end on
/// the line. A backslash escapes the next byte unless the string is raw
/// with `#`s (the templates write no `r"..."` without them).
fn string_end(bytes: &[u8], start: usize, hashes: usize) -> Option<usize> {
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if hashes == 0 => i += 1,
            b'"' if bytes[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == b'#')
                .count()
                == hashes =>
            {
                return Some(i + hashes);
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// At a `'`: the index of the last byte of the character literal it starts
/// (`'a'`, `'\n'`, `'{'`), or of the quote itself when it starts a lifetime.
fn char_or_lifetime_end(bytes: &[u8], quote: usize) -> usize {
    match bytes.get(quote + 1) {
        Some(b'\\') => bytes[quote + 2..]
            .iter()
            .position(|&c| c == b'\'')
            .map_or(bytes.len(), |p| quote + 2 + p),
        _ => {
            // A character is one UTF-8 sequence long, then the quote.
            let len = std::str::from_utf8(&bytes[quote + 1..])
                .ok()
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8);
            if bytes.get(quote + 1 + len) == Some(&b'\'') {
                quote + 1 + len
            } else {
                quote
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whatever a template writes, the layout pass answers without
    /// panicking: every cut of lines full of strings, characters,
    /// lifetimes, raw strings and comments, and every line of them alone.
    #[test]
    fn any_text_is_laid_out_or_refused_without_panicking() {
        let text = concat!(
            "impl<'de> A<'de> for B {\n",
            "    fn f(x: &'static str) -> char { let c = '\\''; let d = '{'; 'a' }\n",
            "    const S: &str = r#\"a \" } \"#; const T: &[u8] = b\"\\\"]\";\n",
            "    // a comment with ( and \"\n",
            "    /* a block */ x: \"\", y: \"\"\n",
            "    /// doc with ' and \"\n",
            "    .await? + Send && a || b ..Default::default() r#type\n",
            "}\n",
        );
        for (i, _) in text.char_indices() {
            let _ = verbatim(&text[..i]);
            let _ = verbatim(&text[i..]);
        }
        for line in text.lines() {
            for (i, _) in line.char_indices() {
                let _ = field_with_string(&line[i..]);
                let _ = scan(line[i..].trim(), &mut Vec::new());
            }
        }
    }

    #[test]
    fn a_long_field_string_is_taken_as_written() {
        let long = format!("    description: \"{}\",", "x".repeat(120));
        let text = format!("static S: T = T {{\n{long}\n}};\n");
        assert_eq!(verbatim(&text), Some(text.clone()));
        let call = format!("f({});\n", "x, ".repeat(40));
        assert_eq!(verbatim(&call), None);
    }
}
