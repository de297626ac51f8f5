//! Serde glue: turning operation arguments into path segments, query strings
//! and bodies, and decoding tagged unions.
//!
//! Layer 5: imports from `located` and `error`.

use std::fmt;

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::HeaderValue;
use serde::{Serialize, Serializer};

use crate::error::Error;

/// Everything but RFC 3986 "unreserved" characters, so a value can never add
/// a segment (`/`), start a query (`?`) or fragment (`#`), or smuggle in an
/// escape (`%`).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes `value` for use as one whole path segment.
///
/// `.` and `..` are encoded as `%2E` and `%2E%2E`. URL parsers still treat
/// those as dot segments, so the path assembly also refuses them (and empty
/// values) where a path parameter goes.
///
/// Takes any `Display` value, so string, integer and enum parameters are
/// passed the same way.
pub(crate) fn encode_path_segment(value: impl fmt::Display) -> impl fmt::Display {
    PathSegment(value.to_string())
}

struct PathSegment(String);

/// A path parameter's value, as generated code hands it over: anything
/// `Display` is one segment, percent-encoded whole; a [`PathList`] is its
/// items, each percent-encoded, joined by commas.
#[doc(hidden)]
pub trait PathValue {
    /// The value as text, before encoding (checked for emptiness).
    fn text(&self) -> String;
    /// The value percent-encoded for its path segment.
    fn encoded(&self) -> String;
}

impl<T: fmt::Display + ?Sized> PathValue for T {
    fn text(&self) -> String {
        self.to_string()
    }
    fn encoded(&self) -> String {
        encode_path_segment(self).to_string()
    }
}

/// An array path parameter (`style: simple`): `[1, 2, 3]` is sent as
/// `1,2,3`, a comma inside an item as `%2C`.
#[doc(hidden)]
pub struct PathList<'a, T>(pub &'a [T]);

/// An object path parameter (`style: simple`): `{"a": 1, "b": "x"}` is
/// sent as `a,1,b,x`, or as `a=1,b=x` when `explode`; each key and value
/// percent-encoded, nested values as JSON text.
#[doc(hidden)]
pub struct PathObject<'a, T> {
    /// The value, an object.
    pub value: &'a T,
    /// `explode: true`: `key=value` pairs.
    pub explode: bool,
}

impl<T: Serialize> PathValue for PathObject<'_, T> {
    fn text(&self) -> String {
        self.encoded()
    }
    fn encoded(&self) -> String {
        let Ok(serde_json::Value::Object(properties)) = serde_json::to_value(self.value) else {
            return String::new();
        };
        properties
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| {
                let (k, v) = (encode_path_segment(k), encode_path_segment(value_text(v)));
                if self.explode {
                    format!("{k}={v}")
                } else {
                    format!("{k},{v}")
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    }
}

impl<T: fmt::Display> PathValue for PathList<'_, T> {
    fn text(&self) -> String {
        self.encoded()
    }
    fn encoded(&self) -> String {
        self.0
            .iter()
            .map(|item| encode_path_segment(item).to_string())
            .collect::<Vec<_>>()
            .join(",")
    }
}

impl fmt::Display for PathSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_str() {
            "." => f.write_str("%2E"),
            ".." => f.write_str("%2E%2E"),
            value => write!(f, "{}", utf8_percent_encode(value, PATH_SEGMENT)),
        }
    }
}

/// Encodes a parameters struct as a query string (without the leading `?`);
/// empty when no parameter is set.
///
/// Uses `application/x-www-form-urlencoded`, so `page[size]=5` is sent as
/// `page%5Bsize%5D=5`, which servers decode back to `page[size]`. A `Vec`
/// field is sent as one `name=value` pair per item (`explode: true`);
/// [`comma_separated`] joins items into one value instead (`explode: false`).
#[doc(hidden)]
pub fn encode_query<T: Serialize, E>(params: &T) -> Result<String, Error<E>> {
    serde_html_form::to_string(params).map_err(|error| {
        Error::InvalidRequest(format!("could not encode the query parameters: {error}"))
    })
}

/// An array header parameter (`style: simple`): its items joined by commas.
#[doc(hidden)]
pub fn header_list<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// What RFC 6265 does not allow in a cookie value, percent-encoded, and `%`
/// itself so that the encoding can be undone.
const COOKIE_VALUE: &AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// The `Cookie` header for an operation's cookie parameters: the ones set,
/// as `name=value` pairs joined by `; `, or `None` when none is set.
#[doc(hidden)]
pub fn cookie_header(cookies: &[(&str, Option<String>)]) -> Option<String> {
    let pairs: Vec<String> = cookies
        .iter()
        .filter_map(|(name, value)| {
            let value = value.as_deref()?;
            Some(format!(
                "{name}={}",
                utf8_percent_encode(value, COOKIE_VALUE)
            ))
        })
        .collect();
    (!pairs.is_empty()).then(|| pairs.join("; "))
}

/// A serialized request body and its media type; cheap to clone, so retries
/// resend the same bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    bytes: Bytes,
    content_type: HeaderValue,
}

impl Body {
    /// A body of any media type the spec names without a schema this client
    /// can encode (`application/octet-stream`, `multipart/form-data` with its
    /// boundary, ...): the bytes are sent as they are.
    pub fn raw(bytes: impl Into<Bytes>, content_type: &str) -> Result<Self, InvalidContentType> {
        let content_type = HeaderValue::from_str(content_type).map_err(|_| InvalidContentType)?;
        Ok(Body {
            bytes: bytes.into(),
            content_type,
        })
    }

    /// The body's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The body's media type, sent as `Content-Type`.
    pub fn content_type(&self) -> &HeaderValue {
        &self.content_type
    }

    pub(crate) fn bytes(&self) -> Bytes {
        self.bytes.clone()
    }
}

/// A `Content-Type` that is not a valid header value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the content type is not a valid header value")]
pub struct InvalidContentType;

/// A text or binary request body sent as `content_type` (the spec's media
/// type), its bytes as they are.
#[doc(hidden)]
pub fn raw_body<E>(bytes: impl Into<Bytes>, content_type: &'static str) -> Result<Body, Error<E>> {
    Body::raw(bytes, content_type)
        .map_err(|_| Error::InvalidRequest(format!("`{content_type}` is not a valid Content-Type")))
}

/// Serializes `value` as a JSON request body sent as `content_type` (the
/// spec's media type: `application/json`, or a `+json` type).
#[doc(hidden)]
pub fn json_body<T: Serialize, E>(value: &T, content_type: &'static str) -> Result<Body, Error<E>> {
    let content_type = HeaderValue::from_str(content_type).map_err(|_| {
        Error::InvalidRequest(format!("`{content_type}` is not a valid Content-Type"))
    })?;
    serde_json::to_vec(value)
        .map(|bytes| Body {
            bytes: Bytes::from(bytes),
            content_type,
        })
        .map_err(|error| {
            Error::InvalidRequest(format!("could not serialize the request body: {error}"))
        })
}

/// Serializes `value`, an object, as an `application/x-www-form-urlencoded`
/// body.
///
/// A property holding a number, string or boolean is one `name=value` pair;
/// a list of them one pair per item (`style: form`, `explode: true`, the
/// default for form bodies). Anything nested is written in the bracket
/// notation Stripe and Rails read: `metadata[order]=6735`,
/// `items[0][price]=p_1`, and a list of plain values inside as
/// `tags[]=a&tags[]=b`. So are the properties named in `deep` (the spec's
/// `encoding` gives them `style: deepObject`): `expand[]=a&expand[]=b`.
/// `null`s are left out.
#[doc(hidden)]
pub fn form_body<T: Serialize, E>(value: &T, deep: &[&str]) -> Result<Body, Error<E>> {
    let invalid =
        |error: String| Error::InvalidRequest(format!("could not encode the form body: {error}"));
    let value = serde_json::to_value(value).map_err(|e| invalid(e.to_string()))?;
    let serde_json::Value::Object(properties) = value else {
        return Err(invalid("it is not an object".into()));
    };
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in &properties {
        match value {
            serde_json::Value::Array(items)
                if !deep.contains(&name.as_str()) && items.iter().all(is_plain) =>
            {
                for item in items {
                    form_pairs(&mut form, name.clone(), item);
                }
            }
            _ => form_pairs(&mut form, name.clone(), value),
        }
    }
    Ok(Body {
        bytes: Bytes::from(form.finish()),
        content_type: HeaderValue::from_static("application/x-www-form-urlencoded"),
    })
}

/// Appends an object query parameter to `query` (as
/// [`encode_query`] made it): `name[key]=value` pairs, nested values in
/// bracket notation, for `style: deepObject` (`Some(name)`), or one
/// `key=value` pair per property for `style: form` (`None`). `null`s are
/// left out.
#[doc(hidden)]
pub fn append_object_query<T: Serialize, E>(
    query: &mut String,
    name: Option<&str>,
    value: &T,
) -> Result<(), Error<E>> {
    let value = serde_json::to_value(value).map_err(|error| {
        Error::InvalidRequest(format!("could not encode a query parameter: {error}"))
    })?;
    let mut form = url::form_urlencoded::Serializer::for_suffix(std::mem::take(query), 0);
    match (name, &value) {
        (Some(name), _) => form_pairs(&mut form, name.to_owned(), &value),
        (None, serde_json::Value::Object(properties)) => {
            for (key, item) in properties {
                form_pairs(&mut form, key.clone(), item);
            }
        }
        // Not an object after all: nothing names its pairs.
        (None, _) => {}
    }
    *query = form.finish();
    Ok(())
}

/// A JSON value as the text a form, path or multipart field carries: a
/// string as it is, anything else as its JSON (`2`, `true`, `{"a":1}`).
pub(crate) fn value_text(value: &serde_json::Value) -> std::borrow::Cow<'_, str> {
    match value {
        serde_json::Value::String(text) => text.into(),
        other => other.to_string().into(),
    }
}

/// Whether `value` is written as text: a number, string or boolean.
pub(crate) fn is_plain(value: &serde_json::Value) -> bool {
    matches!(
        value,
        serde_json::Value::Bool(_) | serde_json::Value::Number(_) | serde_json::Value::String(_)
    )
}

/// The pairs of `value` under `name`, nested values in bracket notation.
fn form_pairs(
    form: &mut url::form_urlencoded::Serializer<'_, String>,
    name: String,
    value: &serde_json::Value,
) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::Bool(_) | Value::Number(_) | Value::String(_) => {
            form.append_pair(&name, &value_text(value));
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let key = if is_plain(item) {
                    format!("{name}[]")
                } else {
                    format!("{name}[{index}]")
                };
                form_pairs(form, key, item);
            }
        }
        Value::Object(properties) => {
            for (key, item) in properties {
                form_pairs(form, format!("{name}[{key}]"), item);
            }
        }
    }
}

/// `serialize_with` helpers for array query parameters with `style: form,
/// explode: false`: `[a, b]` becomes the single value `a,b`.
///
/// Items may be strings, numbers, booleans or unit enum variants (serialized
/// through their serde name). An empty list sends nothing, like `None`. Use
/// `#[serde(serialize_with = "client_runtime::__private::comma_separated::serialize_option",
/// skip_serializing_if = "Option::is_none")]` on an `Option<Vec<T>>` field,
/// and `serialize` on a `Vec<T>` field.
#[doc(hidden)]
pub mod comma_separated {
    use serde::{Serialize, Serializer};

    /// Serializes a list as one comma-joined string.
    pub fn serialize<T: Serialize, S: Serializer>(
        values: &[T],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        super::join(values, ',', serializer)
    }

    /// Serializes an optional list as one comma-joined string; `None` sends
    /// nothing.
    pub fn serialize_option<T: Serialize, S: Serializer>(
        values: &Option<Vec<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        super::join_option(values, ',', serializer)
    }
}

/// A query parameter described by `content: {application/json: ...}`: the
/// value as one JSON text (`filter={"a":1}`).
#[doc(hidden)]
pub mod json_text {
    use serde::ser::Error as _;
    use serde::{Serialize, Serializer};

    /// Serializes a value as its JSON text.
    pub fn serialize<T: Serialize, S: Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(value).map_err(S::Error::custom)?;
        serializer.serialize_str(&text)
    }

    /// Serializes an optional value as its JSON text; `None` sends nothing.
    pub fn serialize_option<T: Serialize, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serialize(value, serializer),
            None => serializer.serialize_none(),
        }
    }
}

/// `style: spaceDelimited`: a list as one space-joined query value.
#[doc(hidden)]
pub mod space_separated {
    use serde::{Serialize, Serializer};

    /// Serializes a list as one space-joined string.
    pub fn serialize<T: Serialize, S: Serializer>(
        values: &[T],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        super::join(values, ' ', serializer)
    }

    /// Serializes an optional list as one space-joined string.
    pub fn serialize_option<T: Serialize, S: Serializer>(
        values: &Option<Vec<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        super::join_option(values, ' ', serializer)
    }
}

/// `style: pipeDelimited`: a list as one `|`-joined query value.
#[doc(hidden)]
pub mod pipe_separated {
    use serde::{Serialize, Serializer};

    /// Serializes a list as one `|`-joined string.
    pub fn serialize<T: Serialize, S: Serializer>(
        values: &[T],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        super::join(values, '|', serializer)
    }

    /// Serializes an optional list as one `|`-joined string.
    pub fn serialize_option<T: Serialize, S: Serializer>(
        values: &Option<Vec<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        super::join_option(values, '|', serializer)
    }
}

/// A list of scalars as one string, `delimiter` between items; an empty list
/// sends nothing.
fn join<T: Serialize, S: Serializer>(
    values: &[T],
    delimiter: char,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::Error as _;
    if values.is_empty() {
        return serializer.serialize_none();
    }
    let mut joined = String::new();
    for (index, value) in values.iter().enumerate() {
        if index > 0 {
            joined.push(delimiter);
        }
        match serde_json::to_value(value).map_err(S::Error::custom)? {
            serde_json::Value::String(text) => joined.push_str(&text),
            serde_json::Value::Number(number) => joined.push_str(&number.to_string()),
            serde_json::Value::Bool(flag) => joined.push_str(if flag { "true" } else { "false" }),
            _ => {
                return Err(S::Error::custom(
                    "list query parameters may only hold scalar values",
                ))
            }
        }
    }
    serializer.serialize_str(&joined)
}

fn join_option<T: Serialize, S: Serializer>(
    values: &Option<Vec<T>>,
    delimiter: char,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match values {
        Some(values) => join(values, delimiter, serializer),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Date-time and date query parameters are sent as RFC 3339 in UTC and
    /// as ISO 8601 dates, their `:` and `+` percent-encoded.
    #[test]
    fn date_time_and_date_query_values() {
        #[derive(Serialize)]
        struct Params {
            since: chrono::DateTime<chrono::Utc>,
            day: chrono::NaiveDate,
        }
        let since = "2024-01-31T13:00:00.5+01:00".parse().unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        let query = encode_query::<_, ()>(&Params { since, day }).unwrap();
        assert_eq!(query, "since=2024-01-31T12%3A00%3A00.500Z&day=2024-02-29");
    }

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Include {
        CreatedBy,
        ModifiedBy,
    }

    #[derive(Serialize, Default)]
    struct ListParams {
        #[serde(rename = "page[size]", skip_serializing_if = "Option::is_none")]
        page_size: Option<i64>,
        #[serde(rename = "page[number]", skip_serializing_if = "Option::is_none")]
        page_number: Option<i64>,
        #[serde(rename = "filter", skip_serializing_if = "Option::is_none")]
        filter: Option<String>,
        #[serde(
            rename = "filter[remote_config_read_enabled]",
            skip_serializing_if = "Option::is_none"
        )]
        remote_config: Option<bool>,
        #[serde(
            rename = "include",
            serialize_with = "comma_separated::serialize_option",
            skip_serializing_if = "Option::is_none"
        )]
        include: Option<Vec<Include>>,
    }

    fn query(params: &ListParams) -> String {
        encode_query::<_, ()>(params).unwrap()
    }

    #[test]
    fn path_segments_cannot_escape_their_segment() {
        let encode = |value: &str| encode_path_segment(value).to_string();
        assert_eq!(encode("abc-DEF_123.x~"), "abc-DEF_123.x~");
        assert_eq!(encode("a/b"), "a%2Fb");
        assert_eq!(encode("../x"), "..%2Fx");
        assert_eq!(encode(".."), "%2E%2E");
        assert_eq!(encode("."), "%2E");
        assert_eq!(encode("..."), "...");
        assert_eq!(encode("?q#f"), "%3Fq%23f");
        assert_eq!(encode("100% a"), "100%25%20a");
        assert_eq!(encode("a\\b"), "a%5Cb");
        assert_eq!(encode("clé🔑"), "cl%C3%A9%F0%9F%94%91");
        assert_eq!(encode(""), "");
    }

    #[test]
    fn empty_params_give_an_empty_query() {
        assert_eq!(query(&ListParams::default()), "");
    }

    #[test]
    fn bracketed_names_are_percent_encoded() {
        let params = ListParams {
            page_size: Some(5),
            page_number: Some(0),
            ..ListParams::default()
        };
        assert_eq!(query(&params), "page%5Bsize%5D=5&page%5Bnumber%5D=0");
    }

    #[test]
    fn values_are_form_encoded() {
        let params = ListParams {
            filter: Some("a b&c=d/é".to_owned()),
            remote_config: Some(true),
            ..ListParams::default()
        };
        assert_eq!(
            query(&params),
            "filter=a+b%26c%3Dd%2F%C3%A9&filter%5Bremote_config_read_enabled%5D=true"
        );
    }

    #[test]
    fn space_pipe_and_deep_object_lists_reach_the_query() {
        #[derive(Serialize)]
        struct Search {
            #[serde(serialize_with = "space_separated::serialize")]
            words: Vec<String>,
            #[serde(
                skip_serializing_if = "Option::is_none",
                serialize_with = "pipe_separated::serialize_option"
            )]
            ids: Option<Vec<i64>>,
            #[serde(rename = "expand[]")]
            expand: Vec<String>,
        }
        let query = encode_query::<_, ()>(&Search {
            words: vec!["big".into(), "red".into()],
            ids: Some(vec![1, 2]),
            expand: vec!["customer".into(), "invoice".into()],
        })
        .unwrap();
        assert_eq!(
            query,
            "words=big+red&ids=1%7C2&expand%5B%5D=customer&expand%5B%5D=invoice"
        );
    }

    #[test]
    fn lists_are_comma_joined() {
        let params = ListParams {
            include: Some(vec![Include::CreatedBy, Include::ModifiedBy]),
            ..ListParams::default()
        };
        // The comma is percent-encoded like any other reserved character; the
        // server decodes it back.
        assert_eq!(query(&params), "include=created_by%2Cmodified_by");
        let empty = ListParams {
            include: Some(Vec::new()),
            ..ListParams::default()
        };
        assert_eq!(query(&empty), "");
    }

    #[test]
    fn lists_of_numbers_and_strings() {
        #[derive(Serialize)]
        struct P {
            #[serde(serialize_with = "comma_separated::serialize_option")]
            ids: Option<Vec<u32>>,
            #[serde(serialize_with = "comma_separated::serialize")]
            names: Vec<&'static str>,
            #[serde(serialize_with = "comma_separated::serialize_option")]
            unset: Option<Vec<u32>>,
        }
        let p = P {
            ids: Some(vec![1, 22]),
            names: vec!["x", "y"],
            unset: None,
        };
        assert_eq!(encode_query::<_, ()>(&p).unwrap(), "ids=1%2C22&names=x%2Cy");
    }

    #[test]
    fn exploded_lists_repeat_the_name() {
        #[derive(Serialize)]
        struct P {
            #[serde(rename = "filter[ids]")]
            ids: Vec<u32>,
        }
        assert_eq!(
            encode_query::<_, ()>(&P { ids: vec![1, 2] }).unwrap(),
            "filter%5Bids%5D=1&filter%5Bids%5D=2"
        );
    }

    #[test]
    fn unencodable_params_are_invalid_requests() {
        #[derive(Serialize)]
        struct Inner {
            a: u8,
        }
        #[derive(Serialize)]
        struct Nested {
            inner: Inner,
        }
        let err = encode_query::<_, ()>(&Nested {
            inner: Inner { a: 1 },
        })
        .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        #[derive(Serialize)]
        struct Objects {
            #[serde(serialize_with = "comma_separated::serialize_option")]
            items: Option<Vec<Vec<u8>>>,
        }
        let err = encode_query::<_, ()>(&Objects {
            items: Some(vec![vec![1]]),
        })
        .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }

    #[test]
    fn json_bodies_are_serialized_once() {
        let value = serde_json::json!({"data": {"type": "api_keys"}});
        let body = json_body::<_, ()>(&value, "application/vnd.api+json").unwrap();
        assert_eq!(body.as_bytes(), br#"{"data":{"type":"api_keys"}}"#);
        assert_eq!(body.content_type(), "application/vnd.api+json");
        assert_eq!(body.bytes(), body.clone().bytes());
    }

    #[test]
    fn bad_content_types_are_invalid_requests_not_panics() {
        let err = json_body::<_, ()>(&1, "application/json\n").unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        assert!(Body::raw(vec![1u8], "text/plain\r").is_err());
        assert!(matches!(
            raw_body::<()>("x", "text/plain\n"),
            Err(Error::InvalidRequest(_))
        ));
        let text = raw_body::<()>("a,b\n", "text/csv").unwrap();
        assert_eq!(
            (text.as_bytes(), text.content_type().to_str().unwrap()),
            (&b"a,b\n"[..], "text/csv")
        );
        let form = form_body::<_, ()>(&serde_json::json!({"a": "b c"}), &[]).unwrap();
        assert_eq!(form.as_bytes(), b"a=b+c");
        assert_eq!(form.content_type(), "application/x-www-form-urlencoded");
    }

    #[test]
    fn unserializable_bodies_are_invalid_requests() {
        let mut map = std::collections::BTreeMap::new();
        map.insert(vec![1u8], 1);
        let err = json_body::<_, ()>(&map, "application/json").unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }

    #[test]
    fn header_arrays_are_joined_by_commas() {
        assert_eq!(header_list(&["a", "b c"]), "a,b c");
        assert_eq!(header_list(&[1, 2, 3]), "1,2,3");
        assert_eq!(header_list::<u8>(&[]), "");
    }

    #[test]
    fn cookies_set_are_joined_and_their_values_escaped() {
        assert_eq!(cookie_header(&[("a", None)]), None);
        assert_eq!(
            cookie_header(&[
                ("session", Some("abc".into())),
                ("unset", None),
                ("theme", Some("dark; x=1 \"%".into())),
            ])
            .as_deref(),
            Some("session=abc; theme=dark%3B%20x=1%20%22%25")
        );
    }

    #[test]
    fn nested_form_bodies_use_bracket_notation() {
        let body = serde_json::json!({
            "amount": 2000,
            "expand": ["customer", "invoice"],
            "tags": ["a", "b"],
            "metadata": {"order_id": "6735", "note": null},
            "items": [{"price": "p_1", "quantity": 2}],
            "capture": true,
        });
        let form = form_body::<_, ()>(&body, &["expand"]).unwrap();
        let text = std::str::from_utf8(form.as_bytes()).unwrap();
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(text.as_bytes())
            .into_owned()
            .collect();
        // Properties come in serde_json's map order, which its
        // `preserve_order` feature changes; the order of items stays.
        let mut pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        pairs.sort_by_key(|(k, _)| *k);
        assert_eq!(
            pairs,
            [
                ("amount", "2000"),
                ("capture", "true"),
                ("expand[]", "customer"),
                ("expand[]", "invoice"),
                ("items[0][price]", "p_1"),
                ("items[0][quantity]", "2"),
                ("metadata[order_id]", "6735"),
                ("tags", "a"),
                ("tags", "b"),
            ]
        );
        let err = form_body::<_, ()>(&[1, 2], &[]).unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }

    #[test]
    fn object_query_parameters_are_appended_as_pairs() {
        let mut query = String::from("page%5Bsize%5D=5");
        let metadata = serde_json::json!({"order_id": "6735", "tier": {"level": 2}});
        append_object_query::<_, ()>(&mut query, Some("metadata"), &metadata).unwrap();
        let filter = serde_json::json!({"status": "active"});
        append_object_query::<_, ()>(&mut query, None, &filter).unwrap();
        assert_eq!(
            query,
            "page%5Bsize%5D=5&metadata%5Border_id%5D=6735&metadata%5Btier%5D%5Blevel%5D=2&status=active"
        );
        let mut empty = String::new();
        append_object_query::<_, ()>(&mut empty, Some("m"), &serde_json::json!({"a": 1})).unwrap();
        assert_eq!(empty, "m%5Ba%5D=1");
    }

    #[test]
    fn a_content_query_parameter_is_sent_as_json_text() {
        #[derive(Serialize)]
        struct Params {
            #[serde(serialize_with = "json_text::serialize")]
            r#where: serde_json::Value,
            #[serde(
                serialize_with = "json_text::serialize_option",
                skip_serializing_if = "Option::is_none"
            )]
            unset: Option<u8>,
        }
        let params = Params {
            r#where: serde_json::json!({"status": "active"}),
            unset: None,
        };
        assert_eq!(
            encode_query::<_, ()>(&params).unwrap(),
            "where=%7B%22status%22%3A%22active%22%7D"
        );
    }
}
