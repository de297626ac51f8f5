//! Credentials on the wire: which of an operation's security requirements
//! is sent, how each scheme's credential is written into the request, and
//! the OAuth2 access tokens, fetched by the client-credentials flow or
//! asked of a [`TokenProvider`](crate::TokenProvider), cached per scheme
//! and scope set.
//!
//! [`Auth::attach`] runs once per HTTP exchange (every attempt), so a token
//! renewed after a 401 or an expiry is the one the next attempt sends.
//!
//! Layer 7: imports from `secret`, `error`, `operation`, `token` and
//! `config`.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use bytes::BytesMut;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, USER_AGENT,
};

use crate::config::{ClientAuthentication, ClientCredentials, Credential, Settings};
use crate::error::{Error, TokenError};
use crate::operation::{CredentialKind, CredentialSpec, KeyLocation, Operation, Requirement};
use crate::secret::Secret;
use crate::token::{AccessToken, TokenProvider, TokenRequest};

/// How long before its expiry a token is renewed, at most: a request that
/// starts with a token about to expire may reach the server after it did.
/// For a token valid less than twice this long, half its lifetime.
const RENEWAL_MARGIN: Duration = Duration::from_secs(60);

/// The largest token endpoint answer read: a token response is a few
/// hundred bytes, a JWT a few kilobytes.
const MAX_TOKEN_RESPONSE: usize = 64 * 1024;

/// How many bytes of an `error_description` a [`TokenError`] keeps.
const MAX_DESCRIPTION: usize = 200;

/// A token's cache entry: its scheme and its sorted, deduplicated scopes.
type Key = (&'static str, Vec<&'static str>);

/// One cached token, shared by every call that needs the same key; the
/// async lock makes concurrent calls wait for one fetch.
type Slot = Arc<futures::lock::Mutex<Option<Cached>>>;

struct Cached {
    token: Secret,
    /// When to fetch a new one; `None`: when the API refuses it.
    renew_at: Option<Instant>,
    /// Whether the API refused it (a 401): the next fetch says so.
    refused: bool,
}

/// Where an access token comes from.
enum Source<'c> {
    /// The client-credentials flow, run by the runtime.
    Client(&'c ClientCredentials),
    /// The caller's provider.
    Provider(&'c dyn TokenProvider),
}

/// The credentials of one client: its token cache, and the HTTP client
/// that fetches tokens (which, like the API's, never follows a redirect, so
/// the client secret reaches the token URL and no other).
pub(crate) struct Auth {
    http: reqwest::Client,
    slots: Mutex<HashMap<Key, Slot>>,
}

/// The tokens one attempt sent, so that a 401 can have them renewed.
#[derive(Default)]
pub(crate) struct Attached {
    tokens: Vec<(Key, Secret)>,
}

impl Attached {
    /// Whether the attempt sent an access token that can be renewed.
    pub(crate) fn has_tokens(&self) -> bool {
        !self.tokens.is_empty()
    }
}

impl Auth {
    pub(crate) fn new(http: reqwest::Client) -> Self {
        Auth {
            http,
            slots: Mutex::new(HashMap::new()),
        }
    }

    /// Writes the credentials of the first of `op`'s security requirements
    /// whose schemes are all configured into `url` (query API keys) and
    /// `headers` (everything else). Fails before anything is sent when none
    /// is, or when a token cannot be had.
    pub(crate) async fn attach(
        &self,
        settings: &Settings,
        op: &'static Operation,
        url: &mut url::Url,
        headers: &mut HeaderMap,
    ) -> Result<Attached, Error<Infallible>> {
        let mut attached = Attached::default();
        let alternative = choose(settings, op)?;
        for requirement in alternative {
            clear(spec(op, requirement.scheme)?, url, headers);
        }
        for requirement in alternative {
            let spec = spec(op, requirement.scheme)?;
            let Some(credential) = settings.stored(spec.scheme) else {
                return Err(missing(settings, op, alternative));
            };
            let value = match credential {
                Credential::Value(secret) => secret.clone(),
                Credential::Basic { user, password } => basic(user.expose(), password.expose()),
                Credential::ClientCredentials(client) => {
                    let source = Source::Client(client);
                    let (key, token) = self.token(settings, op, requirement, source, url).await?;
                    attached.tokens.push((key, token.clone()));
                    token
                }
                Credential::Provider(provider) => {
                    let source = Source::Provider(provider.as_ref());
                    let (key, token) = self.token(settings, op, requirement, source, url).await?;
                    attached.tokens.push((key, token.clone()));
                    token
                }
            };
            write(op, spec, &value, url, headers)?;
        }
        Ok(attached)
    }

    /// Marks the tokens `attached` holds as refused, unless another call
    /// has renewed them already: the next call fetches new ones.
    pub(crate) async fn renew(&self, attached: &Attached) {
        for (key, token) in &attached.tokens {
            let slot = self.slot(key);
            let mut cached = slot.lock().await;
            if let Some(cached) = cached.as_mut().filter(|c| &c.token == token) {
                cached.refused = true;
            }
        }
    }

    /// The cache slot of `key`, created empty the first time.
    fn slot(&self, key: &Key) -> Slot {
        // A panic while the lock was held cannot leave the map half
        // changed: every change is one insert.
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots.entry(key.clone()).or_default().clone()
    }

    /// The access token of `requirement`: the cached one while it is
    /// valid, else a new one, fetched once however many calls wait for it.
    async fn token(
        &self,
        settings: &Settings,
        op: &'static Operation,
        requirement: &Requirement,
        source: Source<'_>,
        url: &url::Url,
    ) -> Result<(Key, Secret), Error<Infallible>> {
        let spec = spec(op, requirement.scheme)?;
        let mut scopes = requirement.scopes.to_vec();
        scopes.sort_unstable();
        scopes.dedup();
        let key = (spec.scheme, scopes);
        let slot = self.slot(&key);
        let mut cached = slot.lock().await;
        let now = Instant::now();
        let renew = match cached.as_ref() {
            Some(c) if !c.refused && c.renew_at.is_none_or(|at| now < at) => {
                return Ok((key, c.token.clone()));
            }
            Some(c) => c.refused,
            None => false,
        };
        let request = TokenRequest::new(spec.scheme, &key.1, renew);
        let fetched = match source {
            Source::Provider(provider) => provider.token(request).await,
            Source::Client(client) => {
                self.client_credentials(settings, spec, client, &key.1, url)
                    .await
            }
        };
        let token = fetched.map_err(|source| Error::Token {
            operation: op.id,
            scheme: spec.scheme,
            source,
        })?;
        let renew_at = token.lifetime().map(|lifetime| {
            let margin = RENEWAL_MARGIN.min(lifetime / 2);
            now + (lifetime - margin)
        });
        *cached = Some(Cached {
            token: token.token().clone(),
            renew_at,
            refused: false,
        });
        Ok((key, token.token().clone()))
    }

    /// A token from the scheme's token endpoint, by the client-credentials
    /// flow (RFC 6749, section 4.4).
    async fn client_credentials(
        &self,
        settings: &Settings,
        spec: &CredentialSpec,
        client: &ClientCredentials,
        scopes: &[&'static str],
        url: &url::Url,
    ) -> Result<AccessToken, TokenError> {
        let token_url = token_url(spec, client, url)?;
        let scope = scopes.join(" ");
        let mut form = vec![("grant_type", "client_credentials")];
        if !scope.is_empty() {
            form.push(("scope", &scope));
        }
        let mut headers = HeaderMap::new();
        match client.authentication {
            ClientAuthentication::Basic => {
                // RFC 6749, section 2.3.1: each form-encoded first.
                let encode = |s: &Secret| {
                    url::form_urlencoded::byte_serialize(s.expose().as_bytes()).collect::<String>()
                };
                let value = basic(&encode(&client.id), &encode(&client.secret));
                headers.insert(AUTHORIZATION, header_value(&value, "client secret")?);
            }
            ClientAuthentication::RequestBody => {
                form.push(("client_id", client.id.expose()));
                form.push(("client_secret", client.secret.expose()));
            }
        }
        let body = serde_html_form::to_string(&form).map_err(|e| transport(e.to_string(), None))?;
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        if let Ok(agent) = HeaderValue::from_str(settings.get_user_agent()) {
            headers.insert(USER_AGENT, agent);
        }
        let mut response = self
            .http
            .post(token_url)
            .headers(headers)
            .body(body)
            .timeout(settings.get_timeout())
            .send()
            .await
            .map_err(|e| transport("could not reach the token endpoint".to_owned(), Some(e)))?;
        let status = response.status().as_u16();
        let body = read_capped(&mut response).await?;
        parse_token_response(status, &body)
    }
}

/// Fails as [`Auth::attach`] would when none of `op`'s security
/// requirements is configured, without fetching a token: before any hook
/// runs or anything is sent.
pub(crate) fn check(settings: &Settings, op: &'static Operation) -> Result<(), Error<Infallible>> {
    choose(settings, op).map(|_| ())
}

/// The headers the API's `apiKey` credentials are sent in, whichever
/// schemes the operation uses: removed from any exchange with another
/// origin (with `Authorization` and `Cookie`, which every other scheme and
/// cookie keys use).
pub(crate) fn header_names(op: &Operation) -> Vec<HeaderName> {
    op.profile
        .credentials
        .iter()
        .filter_map(|spec| match spec.kind {
            CredentialKind::ApiKey {
                location: KeyLocation::Header,
                name,
            } => HeaderName::from_bytes(name.as_bytes()).ok(),
            _ => None,
        })
        .collect()
}

/// Removes what a parameter of the operation put where the credential of
/// `spec` goes: a spec may declare its key as a parameter too (Trello's
/// `key` and `token` query parameters beside its `apiKey` schemes, an
/// `Authorization` header parameter beside a bearer scheme), and sending
/// both would send the name twice. The credential takes its place. A cookie
/// key is left to follow the cookie parameters.
fn clear(spec: &CredentialSpec, url: &mut url::Url, headers: &mut HeaderMap) {
    match spec.kind {
        CredentialKind::ApiKey {
            location: KeyLocation::Query,
            name,
        } => remove_query(url, |key| key == name),
        CredentialKind::ApiKey {
            location: KeyLocation::Header,
            name,
        } => {
            headers.remove(name);
        }
        CredentialKind::ApiKey {
            location: KeyLocation::Cookie,
            ..
        } => {}
        CredentialKind::Basic
        | CredentialKind::Bearer
        | CredentialKind::Http { .. }
        | CredentialKind::OAuth2 { .. }
        | CredentialKind::OpenIdConnect { .. } => {
            headers.remove(AUTHORIZATION);
        }
    }
}

/// Removes from `url` every query pair whose name `remove` picks, and the
/// `?` with the last of them.
fn remove_query(url: &mut url::Url, remove: impl Fn(&str) -> bool) {
    if !url.query_pairs().any(|(name, _)| remove(&name)) {
        return;
    }
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| !remove(name))
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
}

/// Removes from `url` every query parameter an `apiKey` credential of the
/// API is sent in: a redirect to another origin must not carry one, even
/// when its `Location` or a hook put it there.
pub(crate) fn strip_query(op: &Operation, url: &mut url::Url) {
    remove_query(url, |name| {
        op.profile.credentials.iter().any(|spec| {
            matches!(spec.kind, CredentialKind::ApiKey { location: KeyLocation::Query, name: key } if key == name)
        })
    });
}

/// The security requirement sent: nothing when the operation has none,
/// else the first non-empty alternative whose schemes are all configured,
/// else nothing when an alternative is empty (the spec's `{}`: the
/// credentials are optional), wherever the spec lists it.
fn choose(
    settings: &Settings,
    op: &'static Operation,
) -> Result<&'static [Requirement], Error<Infallible>> {
    if op.security.is_empty() {
        return Ok(&[]);
    }
    for alternative in op.security {
        for requirement in *alternative {
            spec(op, requirement.scheme)?;
        }
    }
    let configured = |alternative: &&&'static [Requirement]| {
        !alternative.is_empty()
            && alternative
                .iter()
                .all(|r| settings.has_credential(r.scheme))
    };
    if let Some(alternative) = op.security.iter().find(configured) {
        return Ok(alternative);
    }
    if op.security.iter().any(|alternative| alternative.is_empty()) {
        return Ok(&[]);
    }
    Err(missing(settings, op, op.security[0]))
}

/// The profile's description of `scheme`, which the spec's requirements
/// name: anything else is a generator bug, reported, not sent.
fn spec(op: &Operation, scheme: &str) -> Result<&'static CredentialSpec, Error<Infallible>> {
    op.credential_spec(scheme).ok_or_else(|| {
        Error::InvalidRequest(format!(
            "{}: the security scheme `{scheme}` is not one of {}'s",
            op.id, op.profile.name
        ))
    })
}

/// The error of an operation none of whose alternatives is configured,
/// naming the first credential `first` lacks.
fn missing(
    settings: &Settings,
    op: &'static Operation,
    first: &'static [Requirement],
) -> Error<Infallible> {
    let lacking = |alternative: &'static [Requirement]| {
        alternative
            .iter()
            .find(|r| !settings.has_credential(r.scheme))
            .and_then(|r| op.credential_spec(r.scheme))
    };
    let alternatives = op
        .security
        .iter()
        .filter(|alternative| !std::ptr::eq(**alternative, first))
        .filter_map(|alternative| lacking(alternative))
        .map(|spec| spec.scheme)
        .collect();
    match lacking(first) {
        Some(spec) => Error::MissingCredential {
            operation: op.id,
            scheme: spec.scheme,
            credential: spec.label,
            setter: spec.setter.unwrap_or(runtime_setter(&spec.kind)),
            variable: spec.env.first().copied(),
            alternatives,
        },
        None => Error::InvalidRequest(format!("{}: no security requirement to send", op.id)),
    }
}

/// The [`Settings`] method that sets a credential of `kind`.
fn runtime_setter(kind: &CredentialKind) -> &'static str {
    match kind {
        CredentialKind::Basic => "Settings::basic_auth",
        CredentialKind::OAuth2 { token_url: Some(_) } => "Settings::client_credentials",
        CredentialKind::OAuth2 { token_url: None } | CredentialKind::OpenIdConnect { .. } => {
            "Settings::token_provider"
        }
        CredentialKind::ApiKey { .. } | CredentialKind::Bearer | CredentialKind::Http { .. } => {
            "Settings::credential"
        }
    }
}

/// Writes `value` where `spec` sends it. A value that cannot go there is
/// refused; the message names the credential, never the value.
fn write(
    op: &Operation,
    spec: &CredentialSpec,
    value: &Secret,
    url: &mut url::Url,
    headers: &mut HeaderMap,
) -> Result<(), Error<Infallible>> {
    let invalid = |place: &str| {
        Error::InvalidRequest(format!(
            "{}: the configured {} contains characters that are not allowed in {place}",
            op.id, spec.label
        ))
    };
    let authorization = |scheme: &str| {
        let mut value = HeaderValue::from_str(&format!("{scheme} {}", value.expose()))
            .map_err(|_| invalid("an HTTP header"))?;
        value.set_sensitive(true);
        Ok::<_, Error<Infallible>>(value)
    };
    match spec.kind {
        CredentialKind::ApiKey {
            location: KeyLocation::Header,
            name,
        } => {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::InvalidRequest(format!("`{name}` is not a valid header name"))
            })?;
            let mut value =
                HeaderValue::from_str(value.expose()).map_err(|_| invalid("an HTTP header"))?;
            value.set_sensitive(true);
            headers.insert(name, value);
        }
        CredentialKind::ApiKey {
            location: KeyLocation::Query,
            name,
        } => {
            url.query_pairs_mut().append_pair(name, value.expose());
        }
        CredentialKind::ApiKey {
            location: KeyLocation::Cookie,
            name,
        } => add_cookie(headers, name, value.expose()).ok_or_else(|| invalid("a cookie"))?,
        CredentialKind::Basic => {
            // `value` is already `Basic base64(user:password)`.
            let mut header =
                HeaderValue::from_str(value.expose()).map_err(|_| invalid("an HTTP header"))?;
            header.set_sensitive(true);
            headers.append(AUTHORIZATION, header);
        }
        CredentialKind::Bearer
        | CredentialKind::OAuth2 { .. }
        | CredentialKind::OpenIdConnect { .. } => {
            headers.append(AUTHORIZATION, authorization("Bearer")?);
        }
        CredentialKind::Http { scheme } => {
            headers.append(AUTHORIZATION, authorization(scheme)?);
        }
    }
    Ok(())
}

/// Adds cookie `name=value` to the `Cookie` header (after the operation's
/// cookie parameters, if any). `None` when either would break the header:
/// a `;`, `,`, space, quote, backslash or control character.
fn add_cookie(headers: &mut HeaderMap, name: &str, value: &str) -> Option<()> {
    let octets = |s: &str, equals: bool| {
        s.bytes().all(|b| {
            b.is_ascii_graphic()
                && !matches!(b, b';' | b',' | b'"' | b'\\')
                && (equals || b != b'=')
        })
    };
    if name.is_empty() || !octets(name, false) || !octets(value, true) {
        return None;
    }
    let cookie = match headers.get(COOKIE).and_then(|v| v.to_str().ok()) {
        Some(existing) if !existing.is_empty() => format!("{existing}; {name}={value}"),
        _ => format!("{name}={value}"),
    };
    let mut header = HeaderValue::from_str(&cookie).ok()?;
    header.set_sensitive(true);
    headers.insert(COOKIE, header);
    Some(())
}

/// `Basic base64(user:password)` (RFC 7617).
fn basic(user: &str, password: &str) -> Secret {
    Secret::new(format!(
        "Basic {}",
        BASE64.encode(format!("{user}:{password}"))
    ))
}

/// A header value of a secret; the error names `what`, not the value.
fn header_value(value: &Secret, what: &str) -> Result<HeaderValue, TokenError> {
    let mut header = HeaderValue::from_str(value.expose()).map_err(|_| {
        transport(
            format!("the {what} contains characters not allowed in an HTTP header"),
            None,
        )
    })?;
    header.set_sensitive(true);
    Ok(header)
}

/// Where the client-credentials flow of `spec` fetches tokens: the
/// caller's override, else the spec's `tokenUrl`, resolved against the
/// request URL when relative.
fn token_url(
    spec: &CredentialSpec,
    client: &ClientCredentials,
    url: &url::Url,
) -> Result<url::Url, TokenError> {
    let resolved = match (&client.token_url, spec.kind) {
        (Some(url), _) => url.clone(),
        (None, CredentialKind::OAuth2 { token_url: Some(token_url) }) => url
            .join(token_url)
            .map_err(|e| transport(format!("the scheme's tokenUrl is not a URL: {e}"), None))?,
        (None, _) => {
            return Err(transport(
                "the scheme has no client-credentials flow; give a token URL with ClientCredentials::token_url".to_owned(),
                None,
            ))
        }
    };
    if !matches!(resolved.scheme(), "http" | "https") {
        return Err(transport(
            format!(
                "the token URL's scheme must be http or https, not {}",
                resolved.scheme()
            ),
            None,
        ));
    }
    Ok(resolved)
}

fn transport(reason: String, source: Option<reqwest::Error>) -> TokenError {
    TokenError::Transport {
        reason,
        source: source.map(reqwest::Error::without_url),
    }
}

/// The body of a token endpoint answer, at most [`MAX_TOKEN_RESPONSE`]
/// bytes.
async fn read_capped(response: &mut reqwest::Response) -> Result<BytesMut, TokenError> {
    let mut body = BytesMut::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| transport("the token response was cut short".to_owned(), Some(e)))?
    {
        if body.len() + chunk.len() > MAX_TOKEN_RESPONSE {
            return Err(TokenError::InvalidResponse {
                status: response.status().as_u16(),
                reason: format!("it is larger than {MAX_TOKEN_RESPONSE} bytes"),
            });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A token endpoint's JSON answer: a token on a success, else the OAuth2
/// error (RFC 6749, sections 5.1 and 5.2).
fn parse_token_response(status: u16, body: &[u8]) -> Result<AccessToken, TokenError> {
    #[derive(serde::Deserialize)]
    struct Answer {
        access_token: Option<Secret>,
        expires_in: Option<serde_json::Value>,
        error: Option<String>,
        error_description: Option<String>,
    }
    let answer = serde_json::from_slice::<Answer>(body);
    if !(200..300).contains(&status) {
        let (error, description) = match answer {
            Ok(answer) => (answer.error, answer.error_description),
            Err(_) => (None, None),
        };
        return Err(TokenError::Refused {
            status,
            error: error.map(|e| truncate(e, MAX_DESCRIPTION)),
            description: description.map(|d| truncate(d, MAX_DESCRIPTION)),
        });
    }
    let invalid = |reason: &str| TokenError::InvalidResponse {
        status,
        reason: reason.to_owned(),
    };
    // The serde message could quote the body, which holds the token.
    let answer = answer.map_err(|_| invalid("it is not a JSON object of the expected shape"))?;
    let token = answer
        .access_token
        .filter(|token| !token.expose().is_empty())
        .ok_or_else(|| invalid("it has no access_token"))?;
    let lifetime = match answer.expires_in {
        None | Some(serde_json::Value::Null) => None,
        // Some servers send the number as a string.
        Some(serde_json::Value::String(text)) => Some(text.trim().parse::<u64>().ok()),
        Some(value) => Some(value.as_u64()),
    };
    let token = AccessToken::new(token);
    match lifetime {
        None => Ok(token),
        Some(Some(seconds)) => Ok(token.expires_in(Duration::from_secs(seconds))),
        Some(None) => Err(invalid("its expires_in is not a whole number of seconds")),
    }
}

/// `text` cut to at most `max` bytes, on a character boundary.
fn truncate(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

#[cfg(test)]
mod tests;
