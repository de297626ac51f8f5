//! Response bodies read as they come: a [`ByteStream`] of chunks, without
//! the `max_response_body` cap, and an [`EventStream`] of typed
//! Server-Sent Events.
//!
//! Layer 8: imports from `located`, `sse` and `error`.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures::stream::{BoxStream, Stream, StreamExt};
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::error::{excerpt, BodyExcerpt, Error, DECODE_EXCERPT};
use crate::located;
use crate::sse;

/// The body of a successful response as a stream of chunks, read as they
/// arrive and never collected, so `max_response_body` does not apply.
///
/// A transport failure while reading (a reset connection, a body cut
/// short, the timeout) is the stream's last item, an [`Error::Request`] or
/// [`Error::Timeout`]. The body was not retried: retries end when a
/// response's head arrives. The settings' timeout covers the whole
/// exchange, the body included: raise it for long downloads.
pub struct ByteStream<E> {
    operation: &'static str,
    status: u16,
    headers: HeaderMap,
    /// `None` once the body has ended or failed.
    body: Option<BoxStream<'static, Result<Bytes, reqwest::Error>>>,
    error: PhantomData<fn() -> E>,
}

impl<E> ByteStream<E> {
    /// The body of `response`, chunk by chunk.
    pub(crate) fn new(operation: &'static str, response: reqwest::Response) -> Self {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = futures::stream::try_unfold(response, |mut response| async move {
            Ok(response.chunk().await?.map(|chunk| (chunk, response)))
        });
        Self::with_body(operation, status, headers, body.boxed())
    }

    /// A body that was already read whole, as one chunk.
    pub(crate) fn whole(
        operation: &'static str,
        status: u16,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        let body = futures::stream::iter([Ok(body)]);
        Self::with_body(operation, status, headers, body.boxed())
    }

    fn with_body(
        operation: &'static str,
        status: u16,
        headers: HeaderMap,
        body: BoxStream<'static, Result<Bytes, reqwest::Error>>,
    ) -> Self {
        ByteStream {
            operation,
            status,
            headers,
            body: Some(body),
            error: PhantomData,
        }
    }

    /// The same stream, with another error body type (none can occur once
    /// the status was a success).
    pub(crate) fn widen<F>(self) -> ByteStream<F> {
        ByteStream {
            operation: self.operation,
            status: self.status,
            headers: self.headers,
            body: self.body,
            error: PhantomData,
        }
    }

    /// The HTTP status (2xx).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The operation id.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Stops reading: the connection is dropped and the stream ends.
    fn close(&mut self) {
        self.body = None;
    }
}

impl<E> fmt::Debug for ByteStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("ended", &self.body.is_none())
            .finish_non_exhaustive()
    }
}

impl<E> Stream for ByteStream<E> {
    type Item = Result<Bytes, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let Some(body) = this.body.as_mut() else {
            return Poll::Ready(None);
        };
        let item = ready!(body.as_mut().poll_next(cx));
        Poll::Ready(match item {
            Some(Ok(chunk)) => Some(Ok(chunk)),
            Some(Err(error)) => {
                this.close();
                Some(Err(Error::transport(error)))
            }
            None => {
                this.close();
                None
            }
        })
    }
}

/// A `text/event-stream` body as a stream of typed events: one item per
/// event with data (see [`sse`](crate::sse) for the parsing rules), its
/// `data` decoded as JSON into `T`.
///
/// The stream ends with the body, or at the event whose data is the
/// sentinel set with [`EventStream::until`] (OpenAI sends `data: [DONE]`),
/// which is not decoded. An event that does not decode is an
/// [`Error::Decode`] naming the event's position (counting from 1) and the
/// JSON path, never the value; the stream goes on after it. A transport
/// failure ends the stream with its error. Each event must fit in
/// `max_response_body` (else [`Error::ResponseTooLarge`], which ends the
/// stream); the stream as a whole has no cap.
///
/// [`EventStream::last_event_id`] and [`EventStream::retry`] keep what a
/// reconnection needs: the `Last-Event-ID` to send and how long to wait.
pub struct EventStream<T, E> {
    bytes: ByteStream<E>,
    parser: sse::Parser,
    sentinel: Option<String>,
    /// The most an unfinished event may hold, in bytes.
    limit: usize,
    /// Events dispatched so far.
    count: usize,
    event: PhantomData<fn() -> T>,
}

impl<T, E> EventStream<T, E> {
    /// The events of `bytes`, each at most `limit` bytes.
    pub(crate) fn new(bytes: ByteStream<E>, limit: usize) -> Self {
        EventStream {
            bytes,
            parser: sse::Parser::new(),
            sentinel: None,
            limit,
            count: 0,
            event: PhantomData,
        }
    }

    /// Ends the stream at the first event whose data is exactly `sentinel`
    /// (e.g. `[DONE]`), without decoding it.
    pub fn until(mut self, sentinel: impl Into<String>) -> Self {
        self.sentinel = Some(sentinel.into());
        self
    }

    /// The last event id the server sent (kept across events), to send as
    /// `Last-Event-ID` when reconnecting.
    pub fn last_event_id(&self) -> Option<&str> {
        self.parser.last_event_id()
    }

    /// The reconnection delay the server last asked for with `retry:`.
    pub fn retry(&self) -> Option<Duration> {
        self.parser.retry()
    }

    /// The HTTP status (2xx).
    pub fn status(&self) -> u16 {
        self.bytes.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.bytes.headers
    }

    /// The data of event number `self.count` decoded as `T`.
    fn decode(&self, data: &str) -> Result<T, Error<E>>
    where
        T: DeserializeOwned,
    {
        located::from_slice(data.as_bytes()).map_err(|located| Error::Decode {
            operation: self.bytes.operation,
            status: self.bytes.status,
            path: located.path.to_string(),
            message: format!("event {} of the stream: {}", self.count, located.reason),
            body_excerpt: BodyExcerpt(excerpt(data.as_bytes(), DECODE_EXCERPT)),
        })
    }
}

impl<T, E> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("bytes", &self.bytes)
            .field("events", &self.count)
            .field("sentinel", &self.sentinel)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned, E> Stream for EventStream<T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.bytes.body.is_none() {
                return Poll::Ready(None);
            }
            if let Some(event) = this.parser.next_event() {
                this.count += 1;
                if this.sentinel.as_deref() == Some(event.data.as_str()) {
                    this.bytes.close();
                    return Poll::Ready(None);
                }
                return Poll::Ready(Some(this.decode(&event.data)));
            }
            // After the events that came before it.
            if this.parser.buffered() > this.limit {
                this.bytes.close();
                return Poll::Ready(Some(Err(Error::ResponseTooLarge {
                    operation: this.bytes.operation,
                    status: this.bytes.status,
                    limit: this.limit,
                })));
            }
            match ready!(Pin::new(&mut this.bytes).poll_next(cx)) {
                Some(Ok(chunk)) => this.parser.feed(&chunk),
                // The byte stream has closed itself.
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}
