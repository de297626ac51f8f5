//! Which redirects are followed, and how the next request of a chain
//! differs from the one that was redirected.
//!
//! The rules are documented in the [crate docs](crate#redirects); the
//! client (`client.rs`) follows them, and this file keeps them as pure
//! functions so they can be tested without a server.
//!
//! Layer 4: imports from `error`.

use reqwest::header::{HeaderMap, HeaderName, AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION};
use reqwest::Method;
use url::Url;

use crate::error::RedirectFailure;

/// The default bound of a redirect chain: as browsers and reqwest do.
const DEFAULT_MAX_HOPS: u32 = 10;

/// Which redirects (301, 302, 303, 307, 308 with a `Location`) a client
/// follows, and how many in a row.
///
/// The default, [`RedirectPolicy::follow`], follows every redirect, and
/// sends the credentials only to the request's own origin; see the [crate
/// docs](crate#redirects) for the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RedirectPolicy {
    follow: Follow,
    max_hops: u32,
}

/// Which redirects a [`RedirectPolicy`] follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Follow {
    Never,
    SameOrigin,
    Any,
}

impl Default for RedirectPolicy {
    fn default() -> Self {
        RedirectPolicy::follow()
    }
}

impl RedirectPolicy {
    /// Follows no redirect: a 3xx response is returned as it came (and
    /// becomes [`Error::UnexpectedStatus`](crate::Error::UnexpectedStatus)
    /// with its `Location` header).
    pub fn never() -> Self {
        RedirectPolicy {
            follow: Follow::Never,
            max_hops: 0,
        }
    }

    /// Follows redirects within the request's origin (scheme, host and
    /// port), with the credentials; a redirect to any other origin fails
    /// with [`RedirectFailure::CrossOrigin`](crate::RedirectFailure::CrossOrigin).
    /// At most 10 hops.
    pub fn same_origin() -> Self {
        RedirectPolicy {
            follow: Follow::SameOrigin,
            max_hops: DEFAULT_MAX_HOPS,
        }
    }

    /// Follows every redirect: within the request's origin with the
    /// credentials, to any other origin with only the standard headers
    /// (no credential, cookie, header parameter or extra header). At most
    /// 10 hops. The default.
    pub fn follow() -> Self {
        RedirectPolicy {
            follow: Follow::Any,
            max_hops: DEFAULT_MAX_HOPS,
        }
    }

    /// The same policy with at most `max_hops` redirects in a row; one
    /// more fails with
    /// [`RedirectFailure::TooManyHops`](crate::RedirectFailure::TooManyHops).
    /// `0` follows none, and fails on the first redirect.
    pub fn max_hops(mut self, max_hops: u32) -> Self {
        self.max_hops = max_hops;
        self
    }

    /// The number of redirects followed in a row at most.
    pub fn get_max_hops(&self) -> u32 {
        self.max_hops
    }

    /// Whether any redirect is followed.
    pub fn follows_any(&self) -> bool {
        self.follow != Follow::Never
    }

    /// Whether redirects to another origin are followed (without
    /// credentials).
    pub fn follows_other_origins(&self) -> bool {
        self.follow == Follow::Any
    }
}

/// The statuses that redirect with a `Location`.
pub(crate) fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// Whether `a` and `b` have the same origin: scheme, host and port (the
/// scheme's default port when none is written).
pub(crate) fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host() == b.host()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// `location` resolved against `base` (so relative and scheme-relative
/// locations work), if it is an `http` or `https` URL. The fragment goes:
/// it is never sent.
pub(crate) fn resolve(base: &Url, location: &[u8]) -> Result<Url, RedirectFailure> {
    let text = std::str::from_utf8(location).map_err(|_| RedirectFailure::InvalidLocation)?;
    let mut url = base
        .join(text.trim())
        .map_err(|_| RedirectFailure::InvalidLocation)?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(RedirectFailure::InvalidLocation);
    }
    url.set_fragment(None);
    Ok(url)
}

/// `url` as an error may show it: no user name, password, query or
/// fragment, any of which can carry a credential.
pub(crate) fn redacted(url: &Url) -> String {
    let mut url = url.clone();
    // Only fails for URLs that cannot have credentials anyway.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_query(None);
    url.set_fragment(None);
    url.to_string()
}

/// The method of the request a `status` redirect of a `method` request
/// leads to, and whether it keeps the body. 303 becomes `GET` (a `HEAD`
/// stays `HEAD`), and so do 301 and 302 for a `POST`, as browsers and
/// reqwest do; 307 and 308 keep method and body.
pub(crate) fn next_method(status: u16, method: &Method) -> (Method, bool) {
    let to_get = match status {
        303 => *method != Method::HEAD,
        301 | 302 => *method == Method::POST,
        _ => false,
    };
    if to_get {
        (Method::GET, false)
    } else {
        (method.clone(), true)
    }
}

/// Why the redirect to `next` is not followed under `policy`, if it is
/// not: after `hops` redirects, from a chain that already sent `seen`.
pub(crate) fn refusal(
    policy: &RedirectPolicy,
    hops: u32,
    cross_origin: bool,
    seen: &[(Method, Url)],
    next: &(Method, Url),
) -> Option<RedirectFailure> {
    if cross_origin && !policy.follows_other_origins() {
        Some(RedirectFailure::CrossOrigin)
    } else if hops >= policy.max_hops {
        Some(RedirectFailure::TooManyHops {
            limit: policy.max_hops,
        })
    } else if seen.contains(next) {
        Some(RedirectFailure::Loop)
    } else {
        None
    }
}

/// Removes every header that can carry a credential whatever the API:
/// `Authorization`, `Proxy-Authorization`, `Cookie`, and `names` (the
/// API's own credential headers, the caller's extra headers).
pub(crate) fn strip_credentials<'a>(
    headers: &mut HeaderMap,
    names: impl IntoIterator<Item = &'a HeaderName>,
) {
    for name in [AUTHORIZATION, PROXY_AUTHORIZATION, COOKIE] {
        headers.remove(name);
    }
    for name in names {
        headers.remove(name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn policies() {
        let default = RedirectPolicy::default();
        assert_eq!(default, RedirectPolicy::follow());
        assert_eq!(default.get_max_hops(), 10);
        assert!(default.follows_any() && default.follows_other_origins());
        let same = RedirectPolicy::same_origin().max_hops(3);
        assert!(same.follows_any() && !same.follows_other_origins());
        assert_eq!(same.get_max_hops(), 3);
        assert!(!RedirectPolicy::never().follows_any());
    }

    #[test]
    fn only_the_five_redirect_statuses_redirect() {
        for status in [301, 302, 303, 307, 308] {
            assert!(is_redirect(status), "{status}");
        }
        for status in [200, 300, 304, 305, 306, 309, 400] {
            assert!(!is_redirect(status), "{status}");
        }
    }

    #[test]
    fn origins_are_scheme_host_and_port() {
        let base = url("https://api.example.com/a");
        assert!(same_origin(&base, &url("https://api.example.com:443/b?c")));
        for other in [
            "http://api.example.com/a",
            "https://api.example.com:8443/a",
            "https://evil.example.com/a",
            "https://example.com/a",
        ] {
            assert!(!same_origin(&base, &url(other)), "{other}");
        }
    }

    #[test]
    fn locations_resolve_against_the_redirected_url() {
        let base = url("https://api.example.com/v2/keys/k1?x=1");
        let cases = [
            ("/v2/keys/k2", "https://api.example.com/v2/keys/k2"),
            ("k2", "https://api.example.com/v2/keys/k2"),
            ("../v1/key", "https://api.example.com/v2/v1/key"),
            ("//other.example/p", "https://other.example/p"),
            ("http://other.example/p#frag", "http://other.example/p"),
            (" /padded ", "https://api.example.com/padded"),
        ];
        for (location, expected) in cases {
            let resolved = resolve(&base, location.as_bytes()).unwrap();
            assert_eq!(resolved.as_str(), expected, "{location}");
        }
        for bad in [
            &b"ftp://files.example/x"[..],
            b"file:///etc/passwd",
            b"\xff",
            b"http://",
        ] {
            assert_eq!(
                resolve(&base, bad),
                Err(RedirectFailure::InvalidLocation),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn redaction_drops_what_can_hold_a_credential() {
        let shown = redacted(&url("https://user:pw@h.example:8443/p/a?api_key=SECRET#f"));
        assert_eq!(shown, "https://h.example:8443/p/a");
    }

    #[test]
    fn methods_after_a_redirect() {
        let post = Method::POST;
        assert_eq!(next_method(303, &post), (Method::GET, false));
        assert_eq!(next_method(303, &Method::PUT), (Method::GET, false));
        assert_eq!(next_method(303, &Method::HEAD), (Method::HEAD, true));
        assert_eq!(next_method(301, &post), (Method::GET, false));
        assert_eq!(next_method(302, &post), (Method::GET, false));
        assert_eq!(next_method(302, &Method::PUT), (Method::PUT, true));
        assert_eq!(next_method(301, &Method::DELETE), (Method::DELETE, true));
        assert_eq!(next_method(307, &post), (post.clone(), true));
        assert_eq!(next_method(308, &Method::PATCH), (Method::PATCH, true));
    }

    #[test]
    fn refusals() {
        let a = (Method::GET, url("https://a.example/1"));
        let b = (Method::GET, url("https://a.example/2"));
        let seen = [a.clone()];
        let follow = RedirectPolicy::follow();
        assert_eq!(refusal(&follow, 1, true, &seen, &b), None);
        assert_eq!(
            refusal(&follow, 1, false, &seen, &a),
            Some(RedirectFailure::Loop)
        );
        // The same URL with another method is another request (POST, 303, GET).
        let get_again = (Method::POST, a.1.clone());
        assert_eq!(refusal(&follow, 1, false, &seen, &get_again), None);
        assert_eq!(
            refusal(&follow.max_hops(2), 2, false, &seen, &b),
            Some(RedirectFailure::TooManyHops { limit: 2 })
        );
        let same = RedirectPolicy::same_origin();
        assert_eq!(
            refusal(&same, 0, true, &seen, &b),
            Some(RedirectFailure::CrossOrigin)
        );
        assert_eq!(refusal(&same, 0, false, &seen, &b), None);
    }

    #[test]
    fn stripping_removes_every_credential_header() {
        let mut headers = HeaderMap::new();
        for name in [
            "authorization",
            "proxy-authorization",
            "cookie",
            "x-api-key",
            "accept",
        ] {
            headers.insert(HeaderName::from_static(name), "v".parse().unwrap());
        }
        strip_credentials(&mut headers, [&HeaderName::from_static("x-api-key")]);
        let left: Vec<_> = headers.keys().map(HeaderName::as_str).collect();
        assert_eq!(left, ["accept"]);
    }
}
