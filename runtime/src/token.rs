//! Access tokens of `oauth2` and `openIdConnect` security schemes: the
//! [`TokenProvider`] a caller implements for every flow the runtime does not
//! run itself, and [`StaticToken`], the trivial provider.
//!
//! The runtime runs the OAuth2 client-credentials flow itself (see
//! `auth`); an authorization-code or device flow, a refresh token or an
//! OpenID Connect login belongs to the application, which hands the
//! runtime a provider. Whatever the provider, the runtime caches its token
//! per scheme and scope set, asks again shortly before it expires, and once
//! more (with [`TokenRequest::renew`] set) after the API answered 401.
//!
//! Layer 3: imports from `secret` and `error`.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use crate::error::TokenError;
use crate::secret::Secret;

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<AccessToken, TokenError>> + Send + 'a>>;

/// Gives access tokens for an `oauth2` or `openIdConnect` security scheme,
/// for every flow the runtime does not run itself (it runs
/// client credentials): set one with
/// [`Settings::token_provider`](crate::Settings::token_provider).
///
/// The runtime calls it when it has no valid token for the scheme and the
/// scopes an operation needs: the first time, when the last token's
/// `expires_in` is almost over, and after the API refused a token with a
/// 401 (then [`TokenRequest::renew`] is set, and the token it gave last
/// must not be given again). Concurrent calls that need the same token
/// wait for one call of the provider.
///
/// ```
/// use client_runtime::{AccessToken, TokenFuture, TokenProvider, TokenRequest};
///
/// /// Reads the token a login step left in a file.
/// struct FromFile(std::path::PathBuf);
///
/// impl TokenProvider for FromFile {
///     fn token<'a>(&'a self, _request: TokenRequest<'a>) -> TokenFuture<'a> {
///         Box::pin(async move {
///             let token = std::fs::read_to_string(&self.0)
///                 .map_err(|error| client_runtime::TokenError::Provider(error.into()))?;
///             Ok(AccessToken::new(token.trim()))
///         })
///     }
/// }
/// ```
pub trait TokenProvider: Send + Sync {
    /// A token for `request.scheme` that grants `request.scopes`.
    fn token<'a>(&'a self, request: TokenRequest<'a>) -> TokenFuture<'a>;
}

/// What a [`TokenProvider`] is asked for.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct TokenRequest<'a> {
    /// The security scheme, e.g. `petstore_auth`.
    pub scheme: &'a str,
    /// The scopes the operation needs, sorted, each once (possibly none).
    pub scopes: &'a [&'static str],
    /// Whether the API refused the last token given (a 401): a cached
    /// token must not be given again.
    pub renew: bool,
}

impl<'a> TokenRequest<'a> {
    /// A request for a token of `scheme` with `scopes`; `renew` as in
    /// [`TokenRequest::renew`]. For tests of a provider.
    pub fn new(scheme: &'a str, scopes: &'a [&'static str], renew: bool) -> Self {
        TokenRequest {
            scheme,
            scopes,
            renew,
        }
    }
}

/// An access token and how long it stays valid. `Debug` does not show it.
#[derive(Debug, Clone)]
pub struct AccessToken {
    token: Secret,
    expires_in: Option<Duration>,
}

impl AccessToken {
    /// A token with no known expiry: the runtime keeps it until the API
    /// refuses it.
    pub fn new(token: impl Into<Secret>) -> Self {
        AccessToken {
            token: token.into(),
            expires_in: None,
        }
    }

    /// The same token, valid for `lifetime` from now: the runtime asks for
    /// a new one shortly before then.
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.expires_in = Some(lifetime);
        self
    }

    /// The token.
    pub fn token(&self) -> &Secret {
        &self.token
    }

    /// How long it is valid from when it was given, if known.
    pub fn lifetime(&self) -> Option<Duration> {
        self.expires_in
    }
}

/// The trivial [`TokenProvider`]: always the same token, e.g. one obtained
/// by hand or by another program. After a 401 it has no other to give, so
/// the call fails with the API's answer.
#[derive(Debug, Clone)]
pub struct StaticToken(Secret);

impl StaticToken {
    /// Always gives `token`.
    pub fn new(token: impl Into<Secret>) -> Self {
        StaticToken(token.into())
    }
}

impl TokenProvider for StaticToken {
    fn token<'a>(&'a self, _request: TokenRequest<'a>) -> TokenFuture<'a> {
        let token = AccessToken::new(self.0.clone());
        Box::pin(async move { Ok(token) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "eyJhbGciOiJTOKENSECRET";

    #[test]
    fn a_static_token_is_always_the_same() {
        let provider = StaticToken::new(TOKEN);
        for renew in [false, true] {
            let request = TokenRequest::new("oauth", &["read"], renew);
            let token = futures::executor::block_on(provider.token(request)).unwrap();
            assert_eq!(token.token().expose(), TOKEN);
            assert_eq!(token.lifetime(), None);
        }
    }

    #[test]
    fn tokens_are_redacted() {
        let token = AccessToken::new(TOKEN).expires_in(Duration::from_secs(60));
        assert_eq!(token.lifetime(), Some(Duration::from_secs(60)));
        for text in [
            format!("{token:?}"),
            format!("{:?}", StaticToken::new(TOKEN)),
        ] {
            assert!(!text.contains("SECRET"), "{text}");
        }
    }
}
