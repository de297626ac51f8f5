//! A scripted HTTP/1.1 server on a raw TCP socket, for the faults wiremock
//! cannot produce: a body shorter than its `Content-Length`, a connection
//! reset in the middle of a body, headers that never come, a body that
//! trickles or never ends.
//!
//! Every connection reads one request (head and `Content-Length` body, so
//! that closing never resets the connection by accident), records its head,
//! then plays the same [`Step`]s and closes. It listens on 127.0.0.1 only.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One thing the server does on each connection, in order.
#[derive(Clone, Debug)]
pub enum Step {
    /// Writes these bytes.
    Write(Vec<u8>),
    /// Waits.
    Sleep(Duration),
    /// Writes `byte` every `every`, until the client goes away.
    Trickle { byte: u8, every: Duration },
    /// Writes `chunk` again and again, as fast as the client reads, until
    /// it goes away.
    Flood(Vec<u8>),
    /// Sends nothing more and keeps the connection open until the client
    /// closes it.
    Hang,
    /// Closes with a TCP reset (`SO_LINGER` 0) instead of a clean close.
    Reset,
}

/// A running scripted server; it stops with the test's runtime.
pub struct RawServer {
    address: SocketAddr,
    heads: Arc<Mutex<Vec<String>>>,
}

impl RawServer {
    /// Starts a server that plays `script` on every connection.
    pub async fn start(script: Vec<Step>) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let address = listener.local_addr().expect("a bound address");
        let heads = Arc::new(Mutex::new(Vec::new()));
        let recorded = heads.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, script.clone(), recorded.clone()));
            }
        });
        RawServer { address, heads }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn uri(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The head (request line and headers) of every request received, in
    /// order of arrival.
    pub fn heads(&self) -> Vec<String> {
        self.heads.lock().expect("not poisoned").clone()
    }

    /// How many requests arrived.
    pub fn requests(&self) -> usize {
        self.heads.lock().expect("not poisoned").len()
    }
}

/// A response head: `HTTP/1.1 {status} X`, the headers, a blank line.
pub fn head(status: u16, headers: &[(&str, &str)]) -> Vec<u8> {
    let mut text = format!("HTTP/1.1 {status} Scripted\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.into_bytes()
}

/// A complete response: `body` with its `Content-Length` and `content_type`
/// (none when `None`), then the connection closes.
pub fn response(status: u16, content_type: Option<&str>, body: &[u8]) -> Vec<u8> {
    let length = body.len().to_string();
    let mut headers = vec![("content-length", length.as_str()), ("connection", "close")];
    if let Some(content_type) = content_type {
        headers.push(("content-type", content_type));
    }
    let mut bytes = head(status, &headers);
    bytes.extend_from_slice(body);
    bytes
}

async fn serve(mut stream: TcpStream, script: Vec<Step>, heads: Arc<Mutex<Vec<String>>>) {
    let Some(head) = read_request(&mut stream).await else {
        return;
    };
    heads.lock().expect("not poisoned").push(head);
    for step in script {
        match step {
            Step::Write(bytes) => {
                if stream.write_all(&bytes).await.is_err() || stream.flush().await.is_err() {
                    return;
                }
            }
            Step::Sleep(duration) => tokio::time::sleep(duration).await,
            Step::Trickle { byte, every } => loop {
                if stream.write_all(&[byte]).await.is_err() || stream.flush().await.is_err() {
                    return;
                }
                tokio::time::sleep(every).await;
            },
            Step::Flood(chunk) => loop {
                if stream.write_all(&chunk).await.is_err() {
                    return;
                }
            },
            Step::Hang => {
                // Returns when the client closes (0 bytes) or resets.
                let mut sink = [0u8; 1024];
                while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
                return;
            }
            Step::Reset => {
                let _ = stream.set_zero_linger();
                drop(stream);
                return;
            }
        }
    }
    let _ = stream.shutdown().await;
}

/// Reads one request: its head up to the blank line, then as many body
/// bytes as its `Content-Length` says. Returns the head as text.
async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
    let length: usize = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0);
    let mut body = buffer.len() - end;
    while body < length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        body += read;
    }
    Some(head)
}
