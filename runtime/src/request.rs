//! One call of an operation, encoded: what [`Client::send`](crate::Client::send)
//! sends, and what a mock (feature `mock`) expects.
//!
//! Generated code builds it in one function per operation, which both the
//! operation's method and its mock call, so a mock matches exactly the
//! bytes the client sends for the same arguments.
//!
//! Layer 8: imports from `error`, `operation`, `encoding` and `target`.

use std::convert::Infallible;

use crate::encoding::{Body, PathValue};
use crate::error::Error;
use crate::operation::Operation;
use crate::target;

/// An operation's arguments, encoded: the path (percent-encoded), the
/// query string, the header parameters and the body. Credentials, the user
/// agent and the server come from the settings when it is sent.
#[doc(hidden)]
pub struct Request {
    pub(crate) operation: &'static Operation,
    /// The path, or why it cannot be built. Kept rather than returned by
    /// [`Request::new`], so that sending reports an unavailable site or a
    /// disabled operation before a bad path value, as it always has.
    pub(crate) path: Result<String, Error<Infallible>>,
    pub(crate) query: String,
    /// Every header parameter, `None` when not set: a mock insists on the
    /// absence of the ones its expectation leaves unset.
    pub(crate) headers: Vec<(&'static str, Option<String>)>,
    pub(crate) body: Option<Body>,
    /// The header the operation documents for an idempotency key, if any.
    pub(crate) idempotency_header: Option<&'static str>,
}

impl Request {
    /// The call of `operation` with `path_args` (the path parameter values,
    /// in template order), `query` (from
    /// [`encode_query`](crate::encode_query), possibly empty), the header
    /// parameters (`(name, None)` when unset) and `body`.
    pub fn new(
        operation: &'static Operation,
        path_args: &[&dyn PathValue],
        query: String,
        headers: &[(&'static str, Option<String>)],
        body: Option<Body>,
    ) -> Self {
        Request {
            operation,
            path: target::path(operation, path_args),
            query,
            headers: headers.to_vec(),
            body,
            idempotency_header: None,
        }
    }

    /// Names the header in which the operation takes an idempotency key
    /// (e.g. `Idempotency-Key`), where a
    /// [`CallOptions::idempotency_key`](crate::CallOptions::idempotency_key)
    /// goes unless the caller names another.
    pub fn idempotency_header(mut self, name: &'static str) -> Self {
        self.idempotency_header = Some(name);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{LITERAL_SERVER, OPERATION};
    use crate::operation::{ErrorStatus, TemplatePart};

    static OP: Operation = Operation {
        id: "GetThing",
        path: &[
            TemplatePart::Literal("/things/"),
            TemplatePart::Variable("id"),
        ],
        servers: &[LITERAL_SERVER],
        security: &[],
        error_statuses: &[ErrorStatus::Default],
        ..OPERATION
    };

    #[test]
    fn keeps_the_encoded_parts() {
        let request = Request::new(
            &OP,
            &[&"a b"],
            "x=1".to_owned(),
            &[("X-Trace", Some("t".to_owned())), ("X-Other", None)],
            None,
        );
        assert_eq!(request.operation.id, "GetThing");
        assert_eq!(request.path.as_deref().ok(), Some("/things/a%20b"));
        assert_eq!(request.query, "x=1");
        assert_eq!(
            request.headers,
            [("X-Trace", Some("t".to_owned())), ("X-Other", None)]
        );
    }

    #[test]
    fn a_bad_path_value_is_kept_for_later() {
        let request = Request::new(&OP, &[&".."], String::new(), &[], None);
        assert!(
            matches!(request.path, Err(Error::InvalidRequest(ref m)) if m.contains("`id`")),
            "a dot segment is refused"
        );
    }
}
