//! Rust tokens as the text a report shows: `Option<Vec<String>>`, not
//! `Option < Vec < String > >`.
//!
//! Two spellings of one type must compare equal, so the text is built from
//! tokens (layout never matters) and a leading `::` is dropped
//! (`::serde_json::Value` and `serde_json::Value` name the same type in
//! generated code).

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;

/// Words after which a `::` starts a path rather than continuing one
/// (`dyn ::std::error::Error`).
const KEYWORDS: &[&str] = &[
    "as", "async", "const", "dyn", "extern", "fn", "for", "impl", "in", "move", "mut", "ref",
    "static", "unsafe", "where",
];

/// The normalised text of anything syn prints.
pub(crate) fn text(node: &impl ToTokens) -> String {
    tokens_text(node.to_token_stream(), false)
}

/// The normalised text with every lifetime left out (`Deserialize<'de>` is
/// `Deserialize`, `&'a str` is `&str`): what identifies a trait impl, where a
/// lifetime's name is no part of the API.
pub(crate) fn text_without_lifetimes(node: &impl ToTokens) -> String {
    tokens_text(node.to_token_stream(), true)
}

/// What the last piece written was, which decides the space before the next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// Nothing yet, or an opening delimiter.
    Start,
    /// An identifier or literal; `true` for a keyword after which `::`
    /// starts a path.
    Word(bool),
    /// Punctuation that binds to what follows (`<`, `&`, `::`).
    Tight,
    /// The `'` of a lifetime.
    Quote,
    /// A lifetime's name: `&'static [T]` takes a space before the group.
    Lifetime,
    /// Punctuation that already wrote its own trailing space (`, `, `: `).
    Spaced,
    /// A closing `>` or delimiter.
    Close,
}

fn tokens_text(tokens: TokenStream, drop_lifetimes: bool) -> String {
    let mut out = String::new();
    write_stream(tokens, drop_lifetimes, &mut out);
    // Dropping every lifetime of `Foo<'a>` leaves `Foo<>`.
    out.replace("<>", "")
}

fn write_stream(tokens: TokenStream, drop_lifetimes: bool, out: &mut String) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut prev = Prev::Start;
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            TokenTree::Punct(p) if p.as_char() == '\'' && drop_lifetimes => {
                // `'a` and a comma after it, if any.
                i += 2;
                if matches!(trees.get(i), Some(TokenTree::Punct(c)) if c.as_char() == ',') {
                    i += 1;
                }
                continue;
            }
            TokenTree::Punct(_) => {
                let (op, used) = operator(&trees[i..]);
                i += used;
                prev = write_operator(&op, prev, trees.get(i), out);
                continue;
            }
            TokenTree::Ident(ident) => {
                let word = ident.to_string();
                if matches!(prev, Prev::Word(_) | Prev::Close | Prev::Lifetime) {
                    out.push(' ');
                }
                let keyword = KEYWORDS.contains(&word.as_str());
                out.push_str(&word);
                prev = if prev == Prev::Quote {
                    Prev::Lifetime
                } else {
                    Prev::Word(keyword)
                };
            }
            TokenTree::Literal(literal) => {
                if matches!(prev, Prev::Word(_) | Prev::Close | Prev::Lifetime) {
                    out.push(' ');
                }
                out.push_str(&literal.to_string());
                prev = Prev::Word(false);
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                let brace = group.delimiter() == Delimiter::Brace && prev != Prev::Start;
                if brace || prev == Prev::Lifetime {
                    out.push(' ');
                }
                // `(A,)` after a word is an argument list (`Fn(A,)`), else a
                // one-element tuple.
                let tuple =
                    group.delimiter() == Delimiter::Parenthesis && !matches!(prev, Prev::Word(_));
                out.push_str(open);
                let mut inner = String::new();
                write_stream(group.stream(), drop_lifetimes, &mut inner);
                out.push_str(&trim_trailing_comma(&inner, tuple));
                out.push_str(close);
                prev = Prev::Close;
            }
        }
        i += 1;
    }
}

/// The operator starting at `trees[0]` (a run of joint punctuation, `::`,
/// `->`), and how many tokens it took.
fn operator(trees: &[TokenTree]) -> (String, usize) {
    let mut op = String::new();
    for (used, tree) in trees.iter().enumerate() {
        let TokenTree::Punct(p) = tree else {
            return (op, used);
        };
        op.push(p.as_char());
        // A lifetime's `'` is joint with the identifier after it, not with
        // punctuation; `>>` closing two generics is two operators.
        if p.spacing() == Spacing::Alone || p.as_char() == '\'' || p.as_char() == '>' {
            return (op, used + 1);
        }
    }
    (op, trees.len())
}

/// Writes `op` with the spaces it takes; the new [`Prev`].
fn write_operator(op: &str, prev: Prev, next: Option<&TokenTree>, out: &mut String) -> Prev {
    match op {
        "::" if matches!(
            prev,
            Prev::Start | Prev::Tight | Prev::Spaced | Prev::Word(true)
        ) =>
        {
            // A leading `::`: the same path as without it.
            prev
        }
        "::" | "<" | "." | "'" | "&" | "&&" | "*" | "!" | "?" | "#" | "$" => {
            let binds_left = matches!(op, "::" | "<" | ".");
            if !binds_left && matches!(prev, Prev::Word(_) | Prev::Close | Prev::Lifetime) {
                out.push(' ');
            }
            out.push_str(op);
            if op == "'" {
                Prev::Quote
            } else {
                Prev::Tight
            }
        }
        ">" => {
            // `Foo<A,>`: a trailing comma before `>` says nothing.
            if out.ends_with(", ") {
                out.truncate(out.len() - 2);
            }
            out.push('>');
            Prev::Close
        }
        "," | ";" | ":" => {
            out.push_str(op);
            if next.is_some() {
                out.push(' ');
            }
            Prev::Spaced
        }
        _ => {
            // `->`, `=`, `+`, `=>` and the rest: spaced on both sides.
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            out.push_str(op);
            if next.is_some() {
                out.push(' ');
            }
            Prev::Spaced
        }
    }
}

/// `inner` without a trailing `,` that says nothing: a one-element `tuple`
/// keeps it, `(A, B,)`, `Fn(A,)` and `[A,]` do not.
fn trim_trailing_comma(inner: &str, tuple: bool) -> String {
    match inner.strip_suffix(',') {
        Some(rest) if !tuple || rest.contains(',') => rest.to_owned(),
        _ => inner.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(source: &str) -> String {
        text(&syn::parse_str::<syn::Type>(source).unwrap())
    }

    #[test]
    fn types_read_as_written() {
        for (source, expected) in [
            ("Option < Vec < String > >", "Option<Vec<String>>"),
            (
                "::std::collections::BTreeMap<String, ::serde_json::Value>",
                "std::collections::BTreeMap<String, serde_json::Value>",
            ),
            ("& 'a mut str", "&'a mut str"),
            ("&'static [Self]", "&'static [Self]"),
            ("impl Into<Vec<String>>", "impl Into<Vec<String>>"),
            (
                "impl futures::Stream<Item = Result<A, runtime::Error<B>>> + '_",
                "impl futures::Stream<Item = Result<A, runtime::Error<B>>> + '_",
            ),
            (
                "Box<dyn ::std::error::Error + Send>",
                "Box<dyn std::error::Error + Send>",
            ),
            ("(A,)", "(A,)"),
            ("impl Fn(A,) -> B", "impl Fn(A) -> B"),
            ("Vec<(A,)>", "Vec<(A,)>"),
            ("(A, B,)", "(A, B)"),
            ("[u8; 4]", "[u8; 4]"),
            ("fn(A) -> B", "fn(A) -> B"),
            ("<T as Trait>::Output", "<T as Trait>::Output"),
            ("Vec<Vec<u8>,>", "Vec<Vec<u8>>"),
            ("*const u8", "*const u8"),
            ("()", "()"),
        ] {
            assert_eq!(ty(source), expected, "{source}");
        }
    }

    #[test]
    fn lifetimes_can_be_left_out() {
        let path: syn::Path = syn::parse_str("::serde::Deserialize<'de>").unwrap();
        assert_eq!(text_without_lifetimes(&path), "serde::Deserialize");
        let ty: syn::Type = syn::parse_str("Foo<'a, &'a str>").unwrap();
        assert_eq!(text_without_lifetimes(&ty), "Foo<&str>");
    }
}
