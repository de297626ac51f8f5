//! URL templates with `{variables}`: operation paths (`/api/v2/api_keys/{api_key_id}`)
//! and server URLs (`https://{subdomain}.{site}`).
//!
//! This is the one parser of such templates. [`load`](crate::load) parses every
//! path and server URL once and refuses malformed ones with a pointer;
//! lowering, the templates and (through the parts the generated code hands
//! over) the runtime work on the parsed [`UrlTemplate`] and never look at
//! braces again.

use serde::{Deserialize, Serialize};

/// A parsed template: literal text and variables, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UrlTemplate {
    parts: Vec<TemplatePart>,
}

/// One piece of a [`UrlTemplate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum TemplatePart {
    /// Text sent as it is.
    Literal(String),
    /// A `{name}`, by its name in the spec.
    Variable(String),
}

/// Why a template does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// A `{` without its `}`.
    #[error("`{{` at byte {0} is never closed")]
    Unclosed(usize),
    /// A `}` without its `{`.
    #[error("`}}` at byte {0} closes nothing")]
    Unopened(usize),
    /// `{}`.
    #[error("empty variable `{{}}` at byte {0}")]
    Empty(usize),
}

impl UrlTemplate {
    /// Parses `text`.
    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.char_indices();
        while let Some((at, c)) = chars.next() {
            match c {
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some((_, '}')) => break,
                            Some((_, c)) => name.push(c),
                            None => return Err(TemplateError::Unclosed(at)),
                        }
                    }
                    if name.is_empty() {
                        return Err(TemplateError::Empty(at));
                    }
                    if !literal.is_empty() {
                        parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(TemplatePart::Variable(name));
                }
                '}' => return Err(TemplateError::Unopened(at)),
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            parts.push(TemplatePart::Literal(literal));
        }
        Ok(UrlTemplate { parts })
    }

    /// The parts, in order.
    pub fn parts(&self) -> &[TemplatePart] {
        &self.parts
    }

    /// The variable names, in order.
    pub fn variables(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            TemplatePart::Variable(name) => Some(name.as_str()),
            TemplatePart::Literal(_) => None,
        })
    }

    /// Whether `name` is one of the variables.
    pub fn has_variable(&self, name: &str) -> bool {
        self.variables().any(|v| v == name)
    }
}

impl std::fmt::Display for UrlTemplate {
    /// The template as written in the spec.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for part in &self.parts {
            match part {
                TemplatePart::Literal(text) => f.write_str(text)?,
                TemplatePart::Variable(name) => write!(f, "{{{name}}}")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_literals_and_variables() {
        let t = UrlTemplate::parse("/api/v2/api_keys/{api_key_id}/x").unwrap();
        assert_eq!(
            t.parts(),
            [
                TemplatePart::Literal("/api/v2/api_keys/".into()),
                TemplatePart::Variable("api_key_id".into()),
                TemplatePart::Literal("/x".into()),
            ]
        );
        assert_eq!(t.variables().collect::<Vec<_>>(), ["api_key_id"]);
        assert_eq!(t.to_string(), "/api/v2/api_keys/{api_key_id}/x");
        let server = UrlTemplate::parse("https://{subdomain}.{site}").unwrap();
        assert_eq!(
            server.variables().collect::<Vec<_>>(),
            ["subdomain", "site"]
        );
    }

    #[test]
    fn refuses_malformed_templates() {
        assert_eq!(UrlTemplate::parse("/a/{b"), Err(TemplateError::Unclosed(3)));
        assert_eq!(UrlTemplate::parse("/a/b}"), Err(TemplateError::Unopened(4)));
        assert_eq!(UrlTemplate::parse("/a/{}"), Err(TemplateError::Empty(3)));
        assert_eq!(UrlTemplate::parse("").unwrap().parts(), []);
    }
}
