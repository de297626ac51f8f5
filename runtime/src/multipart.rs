//! `multipart/form-data` request bodies: the [`File`]s and fields of a
//! typed body, put together by generated code through [`Multipart`].
//!
//! Layer 6: imports from `error` and `encoding`.

use std::fmt;

use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::encoding::{is_plain, value_text, Body};
use crate::error::Error;

/// A file to upload as a part of a `multipart/form-data` body: its bytes,
/// and the file name and media type a server may need (some read the kind
/// of file from its name's extension).
///
/// Build it from bytes with [`File::new`] (or `From<Vec<u8>>`,
/// `From<Bytes>`) and set what the server needs with the chainable setters.
/// Its `Debug` output shows the size, not the contents.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct File {
    bytes: Bytes,
    name: Option<String>,
    content_type: Option<String>,
}

impl File {
    /// A file holding `bytes`, with no name and no media type (sent as
    /// `application/octet-stream`).
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        File {
            bytes: bytes.into(),
            name: None,
            content_type: None,
        }
    }

    /// Sets the file name sent with it, e.g. `report.pdf`.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets its media type, e.g. `application/pdf`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's contents.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The file name, if set.
    pub fn get_name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The media type, if set.
    pub fn get_content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> Self {
        File::new(bytes)
    }
}

impl From<Bytes> for File {
    fn from(bytes: Bytes) -> Self {
        File::new(bytes)
    }
}

/// As bytes: a model holding a file (a schema of `format: binary`) still
/// serializes, though only a multipart body sends it as a file.
impl Serialize for File {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.bytes)
    }
}

/// From a string's bytes, bytes, or a list of byte values.
impl<'de> Deserialize<'de> for File {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = File;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a file's contents")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<File, E> {
                Ok(File::new(v.as_bytes().to_vec()))
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<File, E> {
                Ok(File::new(v.to_vec()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<File, A::Error> {
                let mut bytes = Vec::new();
                while let Some(byte) = seq.next_element::<u8>()? {
                    bytes.push(byte);
                }
                Ok(File::new(bytes))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// The parts of a `multipart/form-data` body, in order.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Debug)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Bytes,
}

impl Multipart {
    /// No parts yet.
    pub fn new() -> Self {
        Multipart::default()
    }

    /// A field: a string as it is, a number or boolean as its text, and
    /// anything else (an object, a list) as JSON.
    pub fn field<T: Serialize, E>(&mut self, name: &str, value: &T) -> Result<(), Error<E>> {
        let value = serde_json::to_value(value).map_err(|error| {
            Error::InvalidRequest(format!(
                "could not encode the multipart field `{name}`: {error}"
            ))
        })?;
        if value.is_null() {
            return Ok(());
        }
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: None,
            content_type: (!is_plain(&value)).then(|| "application/json".to_owned()),
            bytes: Bytes::from(value_text(&value).into_owned()),
        });
        Ok(())
    }

    /// A file part; without a name of its own, the file is named after the
    /// field, since servers take a part without a file name for a field.
    pub fn file(&mut self, name: &str, file: &File) {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: Some(file.name.clone().unwrap_or_else(|| name.to_owned())),
            content_type: Some(
                file.content_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".to_owned()),
            ),
            bytes: file.bytes.clone(),
        });
    }

    /// One file part per file of the list.
    pub fn files(&mut self, name: &str, files: &[File]) {
        for file in files {
            self.file(name, file);
        }
    }

    /// The body: its boundary is the first of `client-runtime-boundary-N`
    /// that no part contains, so the same parts always give the same bytes.
    pub fn finish<E>(self) -> Result<Body, Error<E>> {
        let boundary = (0u64..)
            .map(|n| format!("client-runtime-boundary-{n}"))
            .find(|b| !self.parts.iter().any(|p| contains(&p.bytes, b.as_bytes())))
            .unwrap_or_default();
        let mut out = Vec::new();
        for part in &self.parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!("form-data; name=\"{}\"", quoted(&part.name));
            if let Some(file_name) = &part.file_name {
                disposition.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
            }
            out.extend_from_slice(format!("Content-Disposition: {disposition}\r\n").as_bytes());
            if let Some(content_type) = &part.content_type {
                out.extend_from_slice(
                    format!("Content-Type: {}\r\n", header_text(content_type)).as_bytes(),
                );
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&part.bytes);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        Body::raw(out, &format!("multipart/form-data; boundary={boundary}"))
            .map_err(|_| Error::InvalidRequest("invalid multipart boundary".into()))
    }
}

/// Whether `haystack` contains `needle`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A name inside a quoted header parameter: `"`, CR and LF percent-encoded,
/// as browsers send them, so a name cannot end the parameter or the header.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A header value without line breaks.
fn header_text(value: &str) -> String {
    value.replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_laid_out_with_a_boundary_no_part_contains() {
        let mut form = Multipart::new();
        form.field::<_, ()>("purpose", &"fine-tune").unwrap();
        form.field::<_, ()>("n", &2).unwrap();
        form.field::<_, ()>("meta", &serde_json::json!({"a": 1}))
            .unwrap();
        form.field::<_, ()>("unset", &Option::<String>::None)
            .unwrap();
        form.file(
            "file",
            &File::new(b"client-runtime-boundary-0".to_vec()).name("a\"b.jsonl"),
        );
        form.files("more", &[File::new(vec![1u8]).content_type("image/png")]);
        let body = form.finish::<()>().unwrap();
        assert_eq!(
            body.content_type(),
            "multipart/form-data; boundary=client-runtime-boundary-1"
        );
        let text = String::from_utf8_lossy(body.as_bytes());
        assert_eq!(
            text,
            "--client-runtime-boundary-1\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n\
             --client-runtime-boundary-1\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n2\r\n\
             --client-runtime-boundary-1\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"a\":1}\r\n\
             --client-runtime-boundary-1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a%22b.jsonl\"\r\nContent-Type: application/octet-stream\r\n\r\nclient-runtime-boundary-0\r\n\
             --client-runtime-boundary-1\r\nContent-Disposition: form-data; name=\"more\"; filename=\"more\"\r\nContent-Type: image/png\r\n\r\n\u{1}\r\n\
             --client-runtime-boundary-1--\r\n"
        );
    }

    #[test]
    fn a_file_reads_back_from_json_and_debugs_its_size_only() {
        let file: File = serde_json::from_str(r#""abc""#).unwrap();
        assert_eq!(file.bytes().as_ref(), b"abc");
        let file: File = serde_json::from_str("[1,2]").unwrap();
        assert_eq!(file.bytes().as_ref(), [1, 2]);
        assert_eq!(serde_json::to_string(&file).unwrap(), "[1,2]");
        let debug = format!("{:?}", File::new(b"secret contents".to_vec()).name("x"));
        assert!(!debug.contains("secret"), "{debug}");
        assert!(debug.contains("15 bytes"), "{debug}");
    }
}
