//! A decoded success with its status and headers: what a generated
//! `…_with_response` method returns.
//!
//! Layer 10: imports from `error` and `client`.

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::client::RawResponse;
use crate::error::{Error, RateLimit};

/// The decoded body of a successful response, with the response's status
/// and headers: a `Location` on a 201, a request id, the rate-limit
/// headers a caller paces itself by.
///
/// It dereferences to the body, so a field of the body reads as it would
/// on the body itself; [`ResponseValue::into_inner`] gives the body.
/// Its `Debug` output shows the header names, not their values (a
/// `Set-Cookie` can hold a session).
#[derive(Clone)]
pub struct ResponseValue<T> {
    value: T,
    status: u16,
    headers: HeaderMap,
}

impl<T: fmt::Debug> fmt::Debug for ResponseValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(|name| name.as_str()).collect();
        f.debug_struct("ResponseValue")
            .field("status", &self.status)
            .field("headers", &names)
            .field("value", &self.value)
            .finish()
    }
}

/// A response header that is present but cannot be read as the type
/// asked for. The message names the header and the type, never the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the `{name}` response header {reason}")]
pub struct HeaderError {
    /// The header name, as asked for.
    pub name: String,
    /// What was wrong with it.
    pub reason: String,
}

impl<T> ResponseValue<T> {
    /// A value with its status and headers (for tests of code that takes
    /// one).
    pub fn new(value: T, status: u16, headers: HeaderMap) -> Self {
        ResponseValue {
            value,
            status,
            headers,
        }
    }

    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The body, the status and the headers.
    pub fn into_parts(self) -> (T, u16, HeaderMap) {
        (self.value, self.status, self.headers)
    }

    /// The decoded body, borrowed.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Every response header.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first value of header `name` (any case), if present and
    /// visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// Header `name` parsed as `V` (a number, a date, a URL...): `Ok(None)`
    /// when absent, an error when present but not text or not a `V`.
    pub fn header_as<V: FromStr>(&self, name: &str) -> Result<Option<V>, HeaderError> {
        let Some(value) = self.headers.get(name) else {
            return Ok(None);
        };
        let error = |reason: String| HeaderError {
            name: name.to_owned(),
            reason,
        };
        let text = value
            .to_str()
            .map_err(|_| error("is not visible ASCII text".to_owned()))?;
        text.trim()
            .parse()
            .map(Some)
            .map_err(|_| error(format!("is not a valid {}", std::any::type_name::<V>())))
    }

    /// The rate-limit headers (`X-RateLimit-*`, `Retry-After`).
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(&self.headers)
    }

    /// The same response with its body mapped by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue {
            value: f(self.value),
            status: self.status,
            headers: self.headers,
        }
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl RawResponse {
    /// Like [`RawResponse::json`], keeping the status and headers.
    pub fn json_response<T: DeserializeOwned, E: DeserializeOwned>(
        self,
    ) -> Result<ResponseValue<T>, Error<E>> {
        let (status, headers) = (self.status, self.headers.clone());
        self.json()
            .map(|value| ResponseValue::new(value, status, headers))
    }

    /// Like [`RawResponse::text`], keeping the status and headers.
    pub fn text_response<E: DeserializeOwned>(self) -> Result<ResponseValue<String>, Error<E>> {
        let (status, headers) = (self.status, self.headers.clone());
        self.text()
            .map(|value| ResponseValue::new(value, status, headers))
    }

    /// Like [`RawResponse::bytes`], keeping the status and headers.
    pub fn bytes_response<E: DeserializeOwned>(self) -> Result<ResponseValue<Bytes>, Error<E>> {
        let (status, headers) = (self.status, self.headers.clone());
        self.bytes()
            .map(|value| ResponseValue::new(value, status, headers))
    }

    /// Like [`RawResponse::empty`], keeping the status and headers.
    pub fn empty_response<E: DeserializeOwned>(self) -> Result<ResponseValue<()>, Error<E>> {
        let (status, headers) = (self.status, self.headers.clone());
        self.empty()
            .map(|value| ResponseValue::new(value, status, headers))
    }
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;
    use serde::Deserialize;

    use super::*;
    use crate::operation::ErrorStatus;

    #[derive(Debug, Clone, Deserialize, PartialEq)]
    struct Key {
        id: String,
    }

    #[derive(Debug, Deserialize)]
    struct ApiErrors {
        errors: Vec<String>,
    }

    fn raw(status: u16, body: &'static [u8]) -> RawResponse {
        let mut headers = HeaderMap::new();
        headers.insert("location", HeaderValue::from_static("/keys/k1"));
        headers.insert("x-ratelimit-remaining", HeaderValue::from_static("41"));
        headers.insert(
            "set-cookie",
            HeaderValue::from_static("session=SECRETCOOKIE"),
        );
        headers.insert("x-bad", HeaderValue::from_bytes(b"caf\xe9").unwrap());
        RawResponse {
            status,
            headers,
            body: Bytes::from_static(body),
            operation: "CreateKey",
            error_statuses: &[ErrorStatus::Code(400)],
        }
    }

    #[test]
    fn json_success_keeps_status_and_headers() {
        let created = raw(201, br#"{"id":"k1"}"#)
            .json_response::<Key, ApiErrors>()
            .unwrap();
        assert_eq!(created.status(), 201);
        assert_eq!(created.header("Location"), Some("/keys/k1"));
        assert_eq!(created.id, "k1", "derefs to the body");
        assert_eq!(created.rate_limit().remaining, Some(41));
        assert_eq!(
            created.header_as::<u32>("x-ratelimit-remaining"),
            Ok(Some(41))
        );
        assert_eq!(created.header_as::<u32>("x-absent"), Ok(None));
        let (value, status, headers) = created.clone().into_parts();
        assert_eq!((value.id.as_str(), status), ("k1", 201));
        assert!(headers.contains_key("location"));
        assert_eq!(created.map(|key| key.id).into_inner(), "k1");
    }

    #[test]
    fn unreadable_headers_are_errors_without_their_value() {
        let response = raw(200, b"").empty_response::<ApiErrors>().unwrap();
        let error = response.header_as::<u32>("location").unwrap_err();
        assert_eq!(
            error.to_string(),
            "the `location` response header is not a valid u32"
        );
        assert!(!error.to_string().contains("/keys"));
        let error = response.header_as::<String>("x-bad").unwrap_err();
        assert_eq!(error.name, "x-bad");
        assert_eq!(response.header("x-bad"), None);
    }

    #[test]
    fn text_bytes_and_empty_bodies() {
        let text = raw(200, b"hello").text_response::<ApiErrors>().unwrap();
        assert_eq!((text.status(), text.value().as_str()), (200, "hello"));
        let bytes = raw(200, b"\x00\x01").bytes_response::<ApiErrors>().unwrap();
        assert_eq!(&bytes.into_inner()[..], b"\x00\x01");
        let empty = raw(204, b"").empty_response::<ApiErrors>().unwrap();
        assert_eq!(empty.status(), 204);
    }

    #[test]
    fn errors_stay_errors() {
        let error = raw(400, br#"{"errors":["bad"]}"#)
            .json_response::<Key, ApiErrors>()
            .unwrap_err();
        assert!(
            matches!(error, Error::Api(ref e) if e.body.errors == ["bad"]),
            "{error:?}"
        );
        let error = raw(200, b"not json")
            .json_response::<Key, ApiErrors>()
            .unwrap_err();
        assert!(
            matches!(error, Error::Decode { status: 200, .. }),
            "{error:?}"
        );
        let error = raw(500, b"").text_response::<ApiErrors>().unwrap_err();
        assert_eq!(error.status(), Some(500));
    }

    #[test]
    fn debug_shows_header_names_only() {
        let response = raw(201, br#"{"id":"k1"}"#)
            .json_response::<Key, ApiErrors>()
            .unwrap();
        let text = format!("{response:?}");
        assert!(!text.contains("SECRETCOOKIE"), "{text}");
        assert!(text.contains("set-cookie") && text.contains("k1"), "{text}");
    }
}
