//! Reading: bytes → text → YAML tree. The text is taken as written (a
//! byte-order mark and CRLF line endings change nothing); a document that
//! starts with `{` is JSON, anything else YAML.

use std::borrow::Cow;
use std::path::Path;

use serde_yaml::Value;

use crate::error::{Error, Location, Pointer, Result};

/// The text of the file at `path`, which must be UTF-8; errors name it as
/// `display`.
pub(super) fn read(path: &Path, display: &str) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        file: display.to_owned(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..offset];
        Error::NotUtf8 {
            file: display.to_owned(),
            offset,
            line: before.iter().filter(|b| **b == b'\n').count() + 1,
        }
    })
}

/// `text` without a byte-order mark, with `\n` line endings.
pub(super) fn normalize(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The tree of `text`, merge keys (`<<`) applied. JSON is read by a JSON
/// parser: YAML's reading of JSON string escapes differs, for instance on
/// surrogate pairs such as `\ud83d\ude00`.
pub(super) fn tree(
    text: &str,
    display: &str,
    here: &impl Fn(Pointer) -> Location,
) -> Result<Value> {
    let syntax = |format, line, message| Error::Syntax {
        format,
        location: Location {
            file: display.to_owned(),
            pointer: "#".into(),
            line,
        },
        message,
    };
    let mut raw: Value = if text.trim_start().starts_with('{') {
        let json = super::json::parse(text).map_err(|e| Error::Syntax {
            format: "JSON",
            location: Location {
                file: display.to_owned(),
                pointer: e.pointer.to_string(),
                line: Some(e.line),
            },
            message: e.message,
        })?;
        serde_yaml::to_value(json).map_err(|e| syntax("JSON", None, e.to_string()))?
    } else {
        let parse = |chunk: &str| crate::numbers::parse_yaml(chunk).ok();
        super::chunks::parse(text, parse)
            .map_or_else(|| crate::numbers::parse_yaml(text), Ok)
            .map_err(|e| syntax("YAML", e.location().map(|l| l.line()), e.to_string()))?
    };
    raw.apply_merge().map_err(|e| Error::Syntax {
        format: "YAML",
        location: here(Pointer::root()),
        message: e.to_string(),
    })?;
    Ok(raw)
}
