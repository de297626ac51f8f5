//! The shared request executor: attempts, redirects, hooks, per-call
//! options.
//!
//! Layer 9: imports from `located`, `hook`, `error`, `operation`, `retry`,
//! `redirect`, `encoding`, `options`, `config`, `target`, `auth`, `request`
//! and `streaming`.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, LOCATION, USER_AGENT,
};
use serde::de::DeserializeOwned;
use tracing::Instrument;
use url::Url;

use crate::auth::{self, Attached, Auth};
use crate::config::Settings;
use crate::encoding::Body;
use crate::error::{
    excerpt, BodyExcerpt, ConfigError, Error, RateLimit, RedirectError, ResponseContent,
    ResponseError, DECODE_EXCERPT,
};
use crate::hook::{Exchange, OutgoingRequest};
use crate::located;
use crate::operation::{ErrorStatus, Operation};
use crate::options::{CallOptions, DEFAULT_IDEMPOTENCY_HEADER};
use crate::redirect;
use crate::request::Request;
use crate::retry::{self, Outcome, RetryPolicy};
use crate::streaming::{ByteStream, EventStream};
use crate::target;

/// A request ready to be sent, as many times as the retry policy allows.
struct Prepared {
    op: &'static Operation,
    /// The URL of the first exchange; its origin is the one credentials go to.
    url: Url,
    /// The standard headers and header parameters: no credentials.
    headers: HeaderMap,
    body: Option<Bytes>,
    /// The caller's extra headers and idempotency key, added after the
    /// credentials on the original origin, never sent to another.
    extra: Vec<(HeaderName, HeaderValue)>,
    timeout: Duration,
    retry: RetryPolicy,
    /// Whether repeating it is harmless: an idempotent method, or an
    /// idempotency key.
    idempotent: bool,
}

/// One HTTP exchange of an attempt: the request itself, or a redirect hop.
struct Hop {
    method: reqwest::Method,
    url: Url,
    body: Option<Bytes>,
    /// Whether `url` has the request's own origin (credentials go there).
    original: bool,
    /// How many redirects led here.
    number: u32,
}

/// Executes operations: one per [`Settings`], cheap to clone and share
/// between tasks. Its `Debug` output never contains a credential.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    settings: Settings,
    http: reqwest::Client,
    user_agent: HeaderValue,
    /// The credentials' token cache.
    auth: Auth,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("configuration", &self.inner.settings)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Builds a client and its HTTP client.
    ///
    /// The HTTP client is `reqwest::Client::builder()`, adjusted by the
    /// customization given to [`Settings::http_client`] if any, then told
    /// never to follow redirects itself (the client follows them, see the
    /// [crate docs](crate#redirects)) and never to log the bytes it sends
    /// and receives (see the [crate docs](crate#tracing)).
    pub fn new(settings: impl Into<Settings>) -> Result<Self, ConfigError> {
        let settings = settings.into();
        let user_agent = HeaderValue::from_str(settings.get_user_agent())
            .map_err(|_| ConfigError::InvalidUserAgent)?;
        // Set after the customization, so that no caller setting can undo
        // them: reqwest's redirects would send the key headers to another
        // host, and wire logging writes them (and bodies holding new keys)
        // to the `log` records. Timeout and user agent are set per request.
        let http = settings
            .http_client_builder()
            .redirect(reqwest::redirect::Policy::none())
            .connection_verbose(false)
            .build()
            .map_err(ConfigError::HttpClient)?;
        Ok(Client {
            inner: Arc::new(Inner {
                settings,
                auth: Auth::new(http.clone()),
                http,
                user_agent,
            }),
        })
    }

    /// The settings this client was built with.
    pub fn configuration(&self) -> &Settings {
        &self.inner.settings
    }

    /// Sends one operation call, retrying as the
    /// [`RetryPolicy`](crate::RetryPolicy) allows and following redirects
    /// as the [`RedirectPolicy`](crate::RedirectPolicy) allows, and returns
    /// the final response whatever its status.
    ///
    /// `request` is the call's arguments, encoded by generated code; the
    /// settings add the server and standard headers, and each attempt the
    /// credentials. The whole
    /// HTTP request is built before this returns, so the future borrows
    /// nothing but the client: it is `Send` whatever the argument types. Not
    /// generic, so that it is compiled once; give its error the operation's
    /// type with [`Error::widen`].
    #[doc(hidden)]
    pub fn send(
        &self,
        request: Request,
    ) -> impl Future<Output = Result<RawResponse, Error<Infallible>>> + Send + '_ {
        self.send_with(request, &CallOptions::new())
    }

    /// Like [`Client::send`], with `options` for this call only: timeout,
    /// retry policy, extra headers and query pairs, idempotency key (see
    /// [`CallOptions`]). The options are read before this returns; the
    /// future does not borrow them.
    #[doc(hidden)]
    pub fn send_with(
        &self,
        request: Request,
        options: &CallOptions,
    ) -> impl Future<Output = Result<RawResponse, Error<Infallible>>> + Send + '_ {
        let prepared = self.prepare(request, options);
        async move { self.execute(prepared?).await }
    }

    /// Sends one operation call like [`Client::send`], but reads the body of
    /// a 2xx response only as the caller takes it: no `max_response_body`
    /// cap, and retries end when a 2xx response's head has arrived. Any
    /// other response is read whole (capped) and retried as by `send`, so
    /// that [`StreamingResponse::bytes`] and [`StreamingResponse::events`]
    /// decode it as [`RawResponse::into_error`] does.
    ///
    /// A generated streaming method is
    /// `client.send_streaming(request).await.map_err(Error::widen)?.events()`.
    #[doc(hidden)]
    pub fn send_streaming(
        &self,
        request: Request,
    ) -> impl Future<Output = Result<StreamingResponse, Error<Infallible>>> + Send + '_ {
        self.send_streaming_with(request, &CallOptions::new())
    }

    /// Like [`Client::send_streaming`], with `options` for this call only
    /// (see [`Client::send_with`]).
    #[doc(hidden)]
    pub fn send_streaming_with(
        &self,
        request: Request,
        options: &CallOptions,
    ) -> impl Future<Output = Result<StreamingResponse, Error<Infallible>>> + Send + '_ {
        let prepared = self.prepare(request, options);
        async move { self.execute(prepared?).await }
    }

    /// Sends a call as a generated `…_request` function encoded it, unless
    /// encoding failed: what `call::Encoded` does for every generated
    /// method, as [`Client::send_with`] and [`Client::send_streaming_with`].
    pub(crate) fn dispatch<R: Received + Send>(
        &self,
        request: Result<Request, Error<Infallible>>,
        options: &CallOptions,
    ) -> impl Future<Output = Result<R, Error<Infallible>>> + Send + '_ {
        let prepared = request.and_then(|request| self.prepare(request, options));
        async move { self.execute(prepared?).await }
    }

    /// Everything that does not need the network: site check, URL, headers
    /// (credentials are added per exchange).
    fn prepare(
        &self,
        request: Request,
        options: &CallOptions,
    ) -> Result<Prepared, Error<Infallible>> {
        let op = request.operation;
        let settings = &self.inner.settings;
        if op.unstable && !settings.is_unstable_enabled(op.id) {
            return Err(Error::UnstableDisabled { operation: op.id });
        }
        // Refuse even with a base URL override: the site is what the user
        // declared, and the operation does not exist there.
        if let Some(site) = settings.get_site() {
            if op.unavailable_sites.contains(&site) {
                return Err(Error::SiteUnavailable {
                    operation: op.id,
                    site,
                });
            }
        }
        let path = request.path?;
        let mut url = target::url(settings, op, &path, &request.query)?;
        if !options.get_query().is_empty() {
            url.query_pairs_mut().extend_pairs(options.get_query());
        }
        let mut headers = self.standard_headers(op, request.body.as_ref())?;
        add_parameter_headers(&mut headers, op, &request.headers)?;
        // A missing credential fails here, before any hook or exchange.
        auth::check(settings, op)?;
        let extra = extra_headers(op, options, request.idempotency_header)?;
        Ok(Prepared {
            op,
            url,
            headers,
            body: request.body.map(|body| body.bytes()),
            extra,
            timeout: options.get_timeout().unwrap_or(settings.get_timeout()),
            retry: options.get_retry().unwrap_or(settings.get_retry()),
            idempotent: op.method.is_idempotent() || options.get_idempotency_key().is_some(),
        })
    }

    /// The attempts of one prepared request. An attempt whose last
    /// exchange sent an access token and got a 401 is followed, once, by
    /// one with a renewed token, which the retry policy does not count.
    async fn execute<R: Received>(&self, request: Prepared) -> Result<R, Error<Infallible>> {
        let op = request.op;
        let policy = request.retry;
        let mut max_attempts = policy.max_attempts.max(1);
        let mut attempt: u32 = 1;
        let mut renewed = false;
        loop {
            let span = (op.profile.span)(op, attempt);
            let mut attached = Attached::default();
            let result = self
                .attempt::<R>(&request, attempt, &span, &mut attached)
                .instrument(span.clone())
                .await;
            let refused = matches!(&result, Ok(response) if response.status() == 401);
            if refused && attached.has_tokens() && !renewed {
                tracing::debug!(parent: &span, "access token refused; renewing it");
                self.inner.auth.renew(&attached).await;
                renewed = true;
                max_attempts = max_attempts.saturating_add(1);
                attempt += 1;
                continue;
            }
            let outcome = classify(&result);
            if attempt >= max_attempts || !retry::is_retryable_when(request.idempotent, outcome) {
                return result;
            }
            let rate_limit = result
                .as_ref()
                .ok()
                .map(|response| RateLimit::from_headers(response.headers()));
            let wait = retry::delay(&policy, attempt, outcome, rate_limit.as_ref());
            tracing::debug!(
                parent: &span,
                delay_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "retrying request"
            );
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One attempt: the request and the redirects it is allowed to
    /// follow, then as much of the final body as `R` reads. The timeout
    /// covers all of it. Records the status on `span`.
    async fn attempt<R: Received>(
        &self,
        request: &Prepared,
        attempt: u32,
        span: &tracing::Span,
        attached: &mut Attached,
    ) -> Result<R, Error<Infallible>> {
        let op = request.op;
        let deadline = Instant::now() + request.timeout;
        let mut hop = Hop {
            method: op.method.to_reqwest(),
            url: request.url.clone(),
            body: request.body.clone(),
            original: true,
            number: 0,
        };
        let mut seen = vec![(hop.method.clone(), hop.url.clone())];
        loop {
            let (url, headers) = self.hop_request(request, &hop, attempt, attached).await?;
            let started = Instant::now();
            let sent = self.exchange(&hop, url.clone(), headers, deadline).await;
            let mut response = match sent {
                Ok(response) => response,
                Err(error) => {
                    self.report(request, &hop, &url, attempt, None, started);
                    return Err(error);
                }
            };
            let status = response.status().as_u16();
            span.record("status", status);
            let next = self.next_hop(request, &hop, &url, response.headers(), status, &seen);
            if !matches!(next, Ok(None)) {
                // A redirect, followed or refused: its body is not wanted.
                drain(&mut response).await;
                let headers = Some((status, response.headers()));
                self.report(request, &hop, &url, attempt, headers, started);
            }
            let Some(next) = next? else {
                let limit = self.inner.settings.get_max_response_body();
                let received = R::receive(op, response, limit).await;
                let done = received.as_ref().ok().map(|r| (r.status(), r.headers()));
                self.report(request, &hop, &url, attempt, done, started);
                return received;
            };
            tracing::debug!(status, hop = next.number, "following a redirect");
            seen.push((next.method.clone(), next.url.clone()));
            hop = next;
        }
    }

    /// The URL and headers of `hop`: the standard headers, then on the
    /// request's own origin the header parameters, the credentials (written
    /// anew for every such exchange, so a renewed token is the one sent)
    /// and the caller's extra headers; on any other origin, nothing more,
    /// and whatever a hook or the `Location` put where a credential goes
    /// (its header, query key or cookie) is removed. Hooks run in between,
    /// and may not move the URL to another origin. `attached` becomes what
    /// this exchange sent.
    async fn hop_request(
        &self,
        request: &Prepared,
        hop: &Hop,
        attempt: u32,
        attached: &mut Attached,
    ) -> Result<(Url, HeaderMap), Error<Infallible>> {
        let op = request.op;
        let mut headers = if hop.original {
            request.headers.clone()
        } else {
            standard_only(&request.headers)
        };
        if hop.body.is_none() {
            headers.remove(CONTENT_TYPE);
        }
        let mut url = hop.url.clone();
        for hook in self.inner.settings.get_hooks() {
            hook.before_send(&mut OutgoingRequest {
                operation: op.id,
                attempt,
                hop: hop.number,
                original_origin: hop.original,
                method: &hop.method,
                url: &mut url,
                headers: &mut headers,
                body: hop.body.as_ref(),
            });
        }
        if !redirect::same_origin(&url, &hop.url) {
            return Err(Error::InvalidRequest(format!(
                "{}: a hook moved the request to another origin; it was not sent",
                op.id
            )));
        }
        if hop.original {
            *attached = self
                .inner
                .auth
                .attach(&self.inner.settings, op, &mut url, &mut headers)
                .await?;
            for (name, _) in &request.extra {
                headers.remove(name);
            }
            for (name, value) in &request.extra {
                headers.append(name.clone(), value.clone());
            }
        } else {
            *attached = Attached::default();
            auth::strip_query(op, &mut url);
            let names = auth::header_names(op);
            redirect::strip_credentials(
                &mut headers,
                names
                    .iter()
                    .chain(request.extra.iter().map(|(name, _)| name)),
            );
        }
        Ok((url, headers))
    }

    /// Sends one exchange and waits for its headers, within what is left
    /// of the attempt's timeout.
    async fn exchange(
        &self,
        hop: &Hop,
        url: Url,
        headers: HeaderMap,
        deadline: Instant,
    ) -> Result<reqwest::Response, Error<Infallible>> {
        let mut request = self
            .inner
            .http
            .request(hop.method.clone(), url)
            .headers(headers)
            .timeout(deadline.saturating_duration_since(Instant::now()));
        if let Some(body) = &hop.body {
            request = request.body(body.clone());
        }
        request.send().await.map_err(Error::transport)
    }

    /// The hop a redirect response leads to, if the policy follows it;
    /// `None` when the response is not a redirect to follow (not a
    /// redirect status, no `Location`, the policy follows nothing).
    fn next_hop(
        &self,
        request: &Prepared,
        hop: &Hop,
        url: &Url,
        headers: &HeaderMap,
        status: u16,
        seen: &[(reqwest::Method, Url)],
    ) -> Result<Option<Hop>, Error<Infallible>> {
        let policy = self.inner.settings.get_redirect();
        let location = headers.get(LOCATION);
        let (true, true, Some(location)) = (
            redirect::is_redirect(status),
            policy.follows_any(),
            location,
        ) else {
            return Ok(None);
        };
        let fail = |reason, location: Option<&Url>| {
            Error::Redirect(Box::new(RedirectError {
                operation: request.op.id,
                status,
                location: location.map(redirect::redacted),
                reason,
            }))
        };
        let target = redirect::resolve(url, location.as_bytes()).map_err(|r| fail(r, None))?;
        let original = redirect::same_origin(&target, &request.url);
        let (method, keeps_body) = redirect::next_method(status, &hop.method);
        let next = (method, target);
        if let Some(reason) = redirect::refusal(&policy, hop.number, !original, seen, &next) {
            return Err(fail(reason, Some(&next.1)));
        }
        let (method, url) = next;
        Ok(Some(Hop {
            method,
            url,
            body: if keeps_body { hop.body.clone() } else { None },
            original,
            number: hop.number + 1,
        }))
    }

    /// Tells every hook that an exchange ended, with its status and
    /// headers if it has a response.
    fn report(
        &self,
        request: &Prepared,
        hop: &Hop,
        url: &Url,
        attempt: u32,
        response: Option<(u16, &HeaderMap)>,
        started: Instant,
    ) {
        let empty = HeaderMap::new();
        let (status, headers) = match response {
            Some((status, headers)) => (Some(status), headers),
            None => (None, &empty),
        };
        let exchange = Exchange {
            operation: request.op.id,
            attempt,
            hop: hop.number,
            method: &hop.method,
            url,
            status,
            headers,
            elapsed: started.elapsed(),
        };
        for hook in self.inner.settings.get_hooks() {
            hook.after_response(&exchange);
        }
    }

    /// The standard headers: `Accept`, `User-Agent`, and `Content-Type`
    /// when there is a body.
    fn standard_headers(
        &self,
        op: &Operation,
        body: Option<&Body>,
    ) -> Result<HeaderMap, Error<Infallible>> {
        let mut headers = HeaderMap::new();
        let accept = HeaderValue::from_str(op.accept).map_err(|_| {
            Error::InvalidRequest(format!(
                "{}: `{}` is not a valid Accept header",
                op.id, op.accept
            ))
        })?;
        headers.insert(ACCEPT, accept);
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        if let Some(body) = body {
            headers.insert(CONTENT_TYPE, body.content_type().clone());
        }
        Ok(headers)
    }
}

/// The headers of an exchange with another origin: the standard ones only.
/// Header parameters (which some APIs use for tokens), cookies and
/// credentials stay home.
fn standard_only(headers: &HeaderMap) -> HeaderMap {
    let mut kept = HeaderMap::new();
    for name in [ACCEPT, USER_AGENT, CONTENT_TYPE] {
        if let Some(value) = headers.get(&name) {
            kept.insert(name, value.clone());
        }
    }
    kept
}

/// The caller's extra headers, then the idempotency key in the header the
/// caller named, else the one the operation documents, else
/// `Idempotency-Key`. A name or value that is not a valid header is
/// refused; the message names the header, not the value.
fn extra_headers(
    op: &Operation,
    options: &CallOptions,
    documented: Option<&'static str>,
) -> Result<Vec<(HeaderName, HeaderValue)>, Error<Infallible>> {
    let idempotency = options.get_idempotency_key().map(|key| {
        let name = options
            .idempotency_header()
            .or(documented)
            .unwrap_or(DEFAULT_IDEMPOTENCY_HEADER);
        (name, key)
    });
    let pairs = options
        .get_headers()
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()));
    pairs
        .chain(idempotency)
        .map(|(name, value)| {
            let invalid = || {
                Error::InvalidRequest(format!(
                    "{}: the extra header `{name}` is not a valid HTTP header",
                    op.id
                ))
            };
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let mut value = HeaderValue::from_str(value).map_err(|_| invalid())?;
            // It may be a credential of the caller's: keep it out of logs.
            value.set_sensitive(true);
            Ok((name, value))
        })
        .collect()
}

/// Adds the operation's header parameters. A name or value that is not a
/// valid header is refused; the message names the header, not the value.
pub(crate) fn add_parameter_headers(
    headers: &mut HeaderMap,
    op: &Operation,
    parameters: &[(&'static str, Option<String>)],
) -> Result<(), Error<Infallible>> {
    for (name, value) in parameters {
        let Some(value) = value else { continue };
        let invalid = || {
            Error::InvalidRequest(format!(
                "{}: the `{name}` header parameter is not a valid HTTP header",
                op.id
            ))
        };
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
        let value = HeaderValue::from_str(value).map_err(|_| invalid())?;
        headers.insert(name, value);
    }
    Ok(())
}

/// The whole body of `response`, or `None` if it is larger than `limit`
/// bytes: known at once when its length is declared, else as soon as more
/// than `limit` bytes have arrived. Nothing beyond the limit is kept, so an
/// endless body costs at most `limit` bytes of memory.
async fn read_body(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<Option<Bytes>, reqwest::Error> {
    let declared = response.content_length().map(usize::try_from);
    let mut body = match declared {
        // Reserved up to a megabyte: the length is the server's word, and
        // the limit may be lifted.
        Some(Ok(length)) if length <= limit => BytesMut::with_capacity(length.min(1 << 20)),
        Some(_) => return Ok(None),
        None => BytesMut::new(),
    };
    while let Some(chunk) = response.chunk().await? {
        if chunk.len() > limit - body.len() {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body.freeze()))
}

/// Reads and drops a little of a redirect's body (a short note, usually),
/// so that the connection can serve the next hop; a longer or failing body
/// just closes it.
async fn drain(response: &mut reqwest::Response) {
    const SMALL: usize = 64 * 1024;
    let mut read = 0;
    while let Ok(Some(chunk)) = response.chunk().await {
        read += chunk.len();
        if read > SMALL {
            return;
        }
    }
}

/// What an attempt takes of a response whose head has arrived: all of it
/// ([`RawResponse`]), or the head of a 2xx response and its body to read
/// later ([`StreamingResponse`]).
pub(crate) trait Received: Sized {
    /// The HTTP status.
    fn status(&self) -> u16;

    /// The response headers.
    fn headers(&self) -> &HeaderMap;

    /// Takes `response`, reading at most `limit` bytes of it.
    fn receive(
        op: &'static Operation,
        response: reqwest::Response,
        limit: usize,
    ) -> impl Future<Output = Result<Self, Error<Infallible>>> + Send;
}

impl Received for RawResponse {
    fn status(&self) -> u16 {
        self.status
    }

    fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    async fn receive(
        op: &'static Operation,
        mut response: reqwest::Response,
        limit: usize,
    ) -> Result<Self, Error<Infallible>> {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = read_body(&mut response, limit)
            .await
            .map_err(Error::transport)?
            .ok_or(Error::ResponseTooLarge {
                operation: op.id,
                status,
                limit,
            })?;
        Ok(RawResponse {
            status,
            headers,
            body,
            operation: op.id,
            error_statuses: op.error_statuses,
        })
    }
}

/// What an attempt means for retrying.
fn classify<R: Received>(result: &Result<R, Error<Infallible>>) -> Outcome {
    match result {
        Ok(response) => Outcome::Status(response.status()),
        Err(Error::Connect(_)) => Outcome::Connect,
        Err(Error::Timeout(_)) => Outcome::Timeout,
        Err(Error::Request(_)) => Outcome::Transport,
        Err(_) => Outcome::Fatal,
    }
}

/// A complete response, not yet decoded.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The whole response body.
    pub body: Bytes,
    /// The operation id.
    pub operation: &'static str,
    /// The operation's documented error statuses.
    pub error_statuses: &'static [ErrorStatus],
}

impl RawResponse {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The rate-limit headers of the response.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(&self.headers)
    }

    /// Decodes a 2xx JSON body as `T`, or the error.
    pub fn json<T: DeserializeOwned, E: DeserializeOwned>(self) -> Result<T, Error<E>> {
        if !self.is_success() {
            return Err(self.into_error());
        }
        located::from_slice(&self.body).map_err(|located| Error::Decode {
            operation: self.operation,
            status: self.status,
            path: located.path.to_string(),
            message: located.reason,
            body_excerpt: BodyExcerpt(excerpt(&self.body, DECODE_EXCERPT)),
        })
    }

    /// A 2xx `text/*` body as text, or the error. A body that is not UTF-8
    /// is a decode error.
    pub fn text<E: DeserializeOwned>(self) -> Result<String, Error<E>> {
        if !self.is_success() {
            return Err(self.into_error());
        }
        String::from_utf8(self.body.to_vec()).map_err(|error| Error::Decode {
            operation: self.operation,
            status: self.status,
            path: String::new(),
            message: format!("the text body is not UTF-8: {error}"),
            body_excerpt: BodyExcerpt(excerpt(&self.body, DECODE_EXCERPT)),
        })
    }

    /// A 2xx body of any media type, as it came, or the error.
    pub fn bytes<E: DeserializeOwned>(self) -> Result<Bytes, Error<E>> {
        if self.is_success() {
            Ok(self.body)
        } else {
            Err(self.into_error())
        }
    }

    /// Succeeds on any 2xx, ignoring the body (for operations without a
    /// response body, such as `204 No Content`), or returns the error.
    pub fn empty<E: DeserializeOwned>(self) -> Result<(), Error<E>> {
        if self.is_success() {
            Ok(())
        } else {
            Err(self.into_error())
        }
    }

    /// The error for this response: [`Error::Api`] when the status is
    /// documented and the body decodes as `E`, else
    /// [`Error::UnexpectedStatus`].
    pub fn into_error<E: DeserializeOwned>(self) -> Error<E> {
        let rate_limit = self.rate_limit();
        if self.error_statuses.iter().any(|s| s.matches(self.status)) {
            if let Ok(body) = serde_json::from_slice::<E>(&self.body) {
                return Error::Api(Box::new(ResponseError {
                    operation: self.operation,
                    status: self.status,
                    rate_limit,
                    headers: self.headers,
                    body,
                    raw: self.body,
                }));
            }
        }
        Error::UnexpectedStatus(Box::new(ResponseContent {
            operation: self.operation,
            status: self.status,
            rate_limit,
            headers: self.headers,
            body: self.body,
        }))
    }
}

/// The response of [`Client::send_streaming`]: a 2xx response whose body
/// is still to be read, or any other response read whole.
#[doc(hidden)]
#[derive(Debug)]
pub struct StreamingResponse {
    received: Streamed,
    /// `max_response_body`, the most one event of an event stream holds.
    limit: usize,
}

#[derive(Debug)]
enum Streamed {
    Open(ByteStream<Infallible>),
    Whole(RawResponse),
}

impl StreamingResponse {
    /// The body of a 2xx response as a stream of chunks, or the error
    /// ([`Error::Api`] or [`Error::UnexpectedStatus`]).
    pub fn bytes<E: DeserializeOwned>(self) -> Result<ByteStream<E>, Error<E>> {
        match self.received {
            Streamed::Open(stream) => Ok(stream.widen()),
            Streamed::Whole(raw) if raw.is_success() => Ok(ByteStream::whole(
                raw.operation,
                raw.status,
                raw.headers,
                raw.body,
            )),
            Streamed::Whole(raw) => Err(raw.into_error()),
        }
    }

    /// The body of a 2xx `text/event-stream` response as a stream of
    /// events decoded as `T`, or the error.
    pub fn events<T: DeserializeOwned, E: DeserializeOwned>(
        self,
    ) -> Result<EventStream<T, E>, Error<E>> {
        let limit = self.limit;
        self.bytes().map(|bytes| EventStream::new(bytes, limit))
    }
}

impl Received for StreamingResponse {
    fn status(&self) -> u16 {
        match &self.received {
            Streamed::Open(stream) => stream.status(),
            Streamed::Whole(raw) => raw.status,
        }
    }

    fn headers(&self) -> &HeaderMap {
        match &self.received {
            Streamed::Open(stream) => stream.headers(),
            Streamed::Whole(raw) => &raw.headers,
        }
    }

    async fn receive(
        op: &'static Operation,
        response: reqwest::Response,
        limit: usize,
    ) -> Result<Self, Error<Infallible>> {
        let received = if response.status().is_success() {
            Streamed::Open(ByteStream::new(op.id, response))
        } else {
            Streamed::Whole(RawResponse::receive(op, response, limit).await?)
        };
        Ok(StreamingResponse { received, limit })
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;
    use crate::fixtures::{OPERATION as OP, PROFILE};
    use crate::operation::Requirement;

    #[derive(Debug, Deserialize, PartialEq)]
    struct ApiErrors {
        errors: Vec<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Key {
        id: String,
    }

    fn response(status: u16, body: &'static [u8]) -> RawResponse {
        RawResponse {
            status,
            headers: HeaderMap::new(),
            body: Bytes::from_static(body),
            operation: OP.id,
            error_statuses: OP.error_statuses,
        }
    }

    #[test]
    fn decodes_success_bodies() {
        let key: Key = response(200, br#"{"id":"k1"}"#)
            .json::<_, ApiErrors>()
            .unwrap();
        assert_eq!(key.id, "k1");
        assert!(response(204, b"").empty::<ApiErrors>().is_ok());
    }

    #[test]
    fn malformed_success_bodies_are_decode_errors() {
        for body in [&b"{\"id\":"[..], b"<html>", b"", b"\xff\xfe"] {
            let body: &'static [u8] = Box::leak(body.to_vec().into_boxed_slice());
            match response(200, body).json::<Key, ApiErrors>() {
                Err(Error::Decode {
                    status,
                    body_excerpt,
                    ..
                }) => {
                    assert_eq!(status, 200);
                    assert!(!body_excerpt.is_empty());
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        let long: &'static [u8] = Box::leak(vec![b'['; 5000].into_boxed_slice());
        match response(200, long).json::<Key, ApiErrors>() {
            Err(Error::Decode { body_excerpt, .. }) => assert!(body_excerpt.len() <= 520),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn documented_error_statuses_decode_as_e() {
        let err = response(404, br#"{"errors":["Not found"]}"#)
            .json::<Key, ApiErrors>()
            .unwrap_err();
        match err {
            Error::Api(error) => {
                assert_eq!(error.status, 404);
                assert_eq!(error.body.errors, ["Not found"]);
                assert_eq!(&error.raw[..], br#"{"errors":["Not found"]}"#);
            }
            other => panic!("unexpected {other:?}"),
        }
        let err = response(403, br#"{"errors":["Forbidden"]}"#)
            .empty::<ApiErrors>()
            .unwrap_err();
        assert!(matches!(err, Error::Api(ref e) if e.status == 403));
    }

    #[test]
    fn other_errors_are_unexpected_statuses() {
        for (status, body) in [
            (502, &b"<html>Bad Gateway</html>"[..]),
            (418, br#"{"errors":["teapot"]}"#),
            (400, b"not json"),
            (404, b""),
            (302, b""),
        ] {
            let body: &'static [u8] = Box::leak(body.to_vec().into_boxed_slice());
            match response(status, body).json::<Key, ApiErrors>() {
                Err(Error::UnexpectedStatus(content)) => {
                    assert_eq!(content.status, status);
                    assert_eq!(&content.body[..], body);
                }
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn error_rate_limits_are_parsed() {
        let mut raw = response(429, br#"{"errors":["Too many requests"]}"#);
        raw.headers
            .insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
        let err = raw.json::<Key, ApiErrors>().unwrap_err();
        assert_eq!(err.rate_limit().and_then(|r| r.remaining), Some(0));
    }

    #[test]
    fn rejects_invalid_user_agents() {
        let err = Client::new(Settings::new(&PROFILE).user_agent("bad\nagent")).unwrap_err();
        assert!(matches!(err, ConfigError::InvalidUserAgent));
    }

    #[tokio::test]
    async fn unknown_schemes_are_invalid_requests() {
        static ODD: Operation = Operation {
            security: &[&[Requirement {
                scheme: "nope",
                scopes: &[],
            }]],
            ..OP
        };
        let client = Client::new(Settings::new(&PROFILE)).unwrap();
        let error = client
            .send(Request::new(&ODD, &[&"k"], String::new(), &[], None))
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::InvalidRequest(ref m) if m.contains("`nope`")),
            "{error:?}"
        );
    }

    #[test]
    fn clients_futures_and_errors_can_cross_threads() {
        fn assert_send<T: Send>(_: &T) {}
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Client>();
        assert_send_sync::<Settings>();
        assert_send_sync::<Error<ApiErrors>>();
        assert_send_sync::<RawResponse>();
        let client = Client::new(Settings::new(&PROFILE)).unwrap();
        // Never polled: only its type matters (it must work with tokio::spawn),
        // and it must not borrow the arguments (`Rc` is neither `Send` nor
        // `Sync`, and the value is dropped before the future).
        let id = std::rc::Rc::new("k".to_owned());
        let future = client.send(Request::new(&OP, &[&id], String::new(), &[], None));
        drop(id);
        assert_send(&future);
    }

    #[test]
    fn client_debug_is_redacted() {
        let client = Client::new(
            Settings::new(&PROFILE)
                .credential("apiKeyAuth", "SECRETAPIKEY123")
                .credential("appKeyAuth", "SECRETAPPKEY456"),
        )
        .unwrap();
        let text = format!("{client:?}");
        assert!(
            !text.contains("SECRETAPIKEY123") && !text.contains("SECRETAPPKEY456"),
            "{text}"
        );
        let clone = client.clone();
        assert!(Arc::ptr_eq(&client.inner, &clone.inner));
        assert_eq!(client.configuration().get_user_agent(), "test-client/1.0");
    }
}
