//! The body of every generated method, as one expression:
//! `get_thing_request(id).send(&self.client).await.json()`.
//!
//! Layer 11: imports from `client`, `error`, `options`, `request`,
//! `response` and `streaming`.
//!
//! A generated method's arguments are encoded by its `…_request` function
//! into a `Result<Request, Error<Infallible>>`. [`Encoded`] sends that
//! result (an encoding error fails before anything is sent), and [`Sent`]
//! and [`Streamed`] decode what came back, giving the error the
//! operation's type on the way. Written out in each method, the same steps
//! were two `map_err(Error::widen)?` and a decode: about ten times the code
//! the compiler checks per operation, for 1,000 operations and their
//! `…_with_response` twins. Here they are compiled once.

use std::convert::Infallible;
use std::future::Future;

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::client::{Client, RawResponse, StreamingResponse};
use crate::error::Error;
use crate::options::CallOptions;
use crate::request::Request;
use crate::response::ResponseValue;
use crate::streaming::{ByteStream, EventStream};

/// An operation call as its `…_request` function encoded it, or the error
/// encoding it: sent through a [`Client`].
pub trait Encoded {
    /// [`Client::send`], unless encoding failed.
    fn send(
        self,
        client: &Client,
    ) -> impl Future<Output = Result<RawResponse, Error<Infallible>>> + Send + '_;

    /// [`Client::send_with`], unless encoding failed.
    fn send_with<'a>(
        self,
        client: &'a Client,
        options: &CallOptions,
    ) -> impl Future<Output = Result<RawResponse, Error<Infallible>>> + Send + 'a;

    /// [`Client::send_streaming`], unless encoding failed.
    fn send_streaming(
        self,
        client: &Client,
    ) -> impl Future<Output = Result<StreamingResponse, Error<Infallible>>> + Send + '_;

    /// [`Client::send_streaming_with`], unless encoding failed.
    fn send_streaming_with<'a>(
        self,
        client: &'a Client,
        options: &CallOptions,
    ) -> impl Future<Output = Result<StreamingResponse, Error<Infallible>>> + Send + 'a;
}

impl Encoded for Result<Request, Error<Infallible>> {
    fn send(
        self,
        client: &Client,
    ) -> impl Future<Output = Result<RawResponse, Error<Infallible>>> + Send + '_ {
        client.dispatch(self, &CallOptions::new())
    }

    fn send_with<'a>(
        self,
        client: &'a Client,
        options: &CallOptions,
    ) -> impl Future<Output = Result<RawResponse, Error<Infallible>>> + Send + 'a {
        client.dispatch(self, options)
    }

    fn send_streaming(
        self,
        client: &Client,
    ) -> impl Future<Output = Result<StreamingResponse, Error<Infallible>>> + Send + '_ {
        client.dispatch(self, &CallOptions::new())
    }

    fn send_streaming_with<'a>(
        self,
        client: &'a Client,
        options: &CallOptions,
    ) -> impl Future<Output = Result<StreamingResponse, Error<Infallible>>> + Send + 'a {
        client.dispatch(self, options)
    }
}

/// A whole response, or the error that came instead: decoded as the
/// method's success type, the error given the operation's type.
pub trait Sent {
    /// [`RawResponse::json`].
    fn json<T: DeserializeOwned, E: DeserializeOwned>(self) -> Result<T, Error<E>>;
    /// [`RawResponse::text`].
    fn text<E: DeserializeOwned>(self) -> Result<String, Error<E>>;
    /// [`RawResponse::bytes`].
    fn bytes<E: DeserializeOwned>(self) -> Result<Bytes, Error<E>>;
    /// [`RawResponse::empty`].
    fn empty<E: DeserializeOwned>(self) -> Result<(), Error<E>>;
    /// [`RawResponse::json_response`].
    fn json_response<T: DeserializeOwned, E: DeserializeOwned>(
        self,
    ) -> Result<ResponseValue<T>, Error<E>>;
    /// [`RawResponse::text_response`].
    fn text_response<E: DeserializeOwned>(self) -> Result<ResponseValue<String>, Error<E>>;
    /// [`RawResponse::empty_response`].
    fn empty_response<E: DeserializeOwned>(self) -> Result<ResponseValue<()>, Error<E>>;
}

impl Sent for Result<RawResponse, Error<Infallible>> {
    fn json<T: DeserializeOwned, E: DeserializeOwned>(self) -> Result<T, Error<E>> {
        self.map_err(Error::widen)?.json()
    }

    fn text<E: DeserializeOwned>(self) -> Result<String, Error<E>> {
        self.map_err(Error::widen)?.text()
    }

    fn bytes<E: DeserializeOwned>(self) -> Result<Bytes, Error<E>> {
        self.map_err(Error::widen)?.bytes()
    }

    fn empty<E: DeserializeOwned>(self) -> Result<(), Error<E>> {
        self.map_err(Error::widen)?.empty()
    }

    fn json_response<T: DeserializeOwned, E: DeserializeOwned>(
        self,
    ) -> Result<ResponseValue<T>, Error<E>> {
        self.map_err(Error::widen)?.json_response()
    }

    fn text_response<E: DeserializeOwned>(self) -> Result<ResponseValue<String>, Error<E>> {
        self.map_err(Error::widen)?.text_response()
    }

    fn empty_response<E: DeserializeOwned>(self) -> Result<ResponseValue<()>, Error<E>> {
        self.map_err(Error::widen)?.empty_response()
    }
}

/// A response whose body is read as it arrives, or the error that came
/// instead (see [`Sent`]).
pub trait Streamed {
    /// [`StreamingResponse::bytes`].
    fn bytes<E: DeserializeOwned>(self) -> Result<ByteStream<E>, Error<E>>;
    /// [`StreamingResponse::events`].
    fn events<T: DeserializeOwned, E: DeserializeOwned>(
        self,
    ) -> Result<EventStream<T, E>, Error<E>>;
}

impl Streamed for Result<StreamingResponse, Error<Infallible>> {
    fn bytes<E: DeserializeOwned>(self) -> Result<ByteStream<E>, Error<E>> {
        self.map_err(Error::widen)?.bytes()
    }

    fn events<T: DeserializeOwned, E: DeserializeOwned>(
        self,
    ) -> Result<EventStream<T, E>, Error<E>> {
        self.map_err(Error::widen)?.events()
    }
}
