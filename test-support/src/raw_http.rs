//! Raw HTTP/1.1 over a tokio `TcpStream`, for what an HTTP client library hides or refuses: the
//! status line's reason phrase, repeated header lines, bytes that are not valid HTTP, paths with
//! `..` left in, chunked or truncated request bodies, and bodies larger than the server will read
//! (the client keeps reading the answer while it writes).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// What the server sent back, exactly as it came off the wire.
#[derive(Debug)]
pub struct RawResponse {
    /// `HTTP/1.1 413 Body exceeded 1mb limit`, without the line break.
    pub status_line: String,
    /// Header lines in order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body; a chunked body is decoded.
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn status(&self) -> u16 {
        self.status_line
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no status code in {:?}", self.status_line))
    }

    /// The reason phrase: everything after the code.
    pub fn reason(&self) -> &str {
        self.status_line.splitn(3, ' ').nth(2).unwrap_or_default()
    }

    /// The first value of the header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers_named(name).into_iter().next()
    }

    /// Every line of the header `name`, in order.
    pub fn headers_named(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A request body the client writes after the head.
#[derive(Debug, Clone)]
pub enum RawBody {
    None,
    /// These bytes as they are (the head says how they are framed, or lies about it).
    Bytes(Vec<u8>),
    /// These bytes, then the write side is shut: the body ends before its declared length.
    Truncated(Vec<u8>),
    /// `total` bytes of `b'a'` in chunked framing, generated piece by piece (never held whole),
    /// then the terminating `0` chunk.
    Chunked {
        total: u64,
        chunk: usize,
    },
}

/// The outcome of [`exchange`].
#[derive(Debug)]
pub struct Exchange {
    pub response: RawResponse,
    /// Request bytes (head and body) the socket accepted before the client stopped.
    pub bytes_written: u64,
}

/// Sends `head` (the request line and headers, ending in an empty line) and `body` while reading
/// the answer until it is complete (by its framing) or the server closes the connection. Writing
/// stops at the first write error (the server closed) or once the answer is complete; the whole
/// exchange is bounded by 60 s.
pub async fn exchange(address: SocketAddr, head: &str, body: RawBody) -> Exchange {
    let head_only = head.starts_with("HEAD ");
    let stream = TcpStream::connect(address).await.expect("connect");
    let (mut reader, mut writer) = stream.into_split();
    let done = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicU64::new(0));
    let writing = {
        let done = done.clone();
        let written = written.clone();
        let head = head.as_bytes().to_vec();
        tokio::spawn(async move {
            let mut send = async |bytes: &[u8]| -> bool {
                if done.load(Ordering::Relaxed) || writer.write_all(bytes).await.is_err() {
                    return false;
                }
                written.fetch_add(bytes.len() as u64, Ordering::Relaxed);
                true
            };
            if !send(&head).await {
                return;
            }
            match body {
                RawBody::None => {}
                RawBody::Bytes(bytes) => {
                    send(&bytes).await;
                }
                RawBody::Truncated(bytes) => {
                    if send(&bytes).await {
                        let _ = writer.shutdown().await;
                    }
                    return;
                }
                RawBody::Chunked { total, chunk } => {
                    let piece = vec![b'a'; chunk];
                    let mut left = total;
                    while left > 0 {
                        let size = left.min(chunk as u64) as usize;
                        let mut framed = format!("{size:x}\r\n").into_bytes();
                        framed.extend_from_slice(&piece[..size]);
                        framed.extend_from_slice(b"\r\n");
                        if !send(&framed).await {
                            return;
                        }
                        left -= size as u64;
                    }
                    send(b"0\r\n\r\n").await;
                }
            }
            // Keep the write side open: a half-close could read as an aborted body.
            while !done.load(Ordering::Relaxed) {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    };
    let mut received = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(60), async {
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            match reader.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
            if is_complete(&received, head_only) {
                break;
            }
        }
    })
    .await;
    done.store(true, Ordering::Relaxed);
    read.expect("the server answered and closed the connection within 60 s");
    let _ = writing.await;
    Exchange {
        response: parse_response(&received),
        bytes_written: written.load(Ordering::Relaxed),
    }
}

/// Sends `bytes` as they are (they may not be UTF-8, or not even HTTP) on a new connection and
/// returns every byte the server sent until it closed the connection, within 10 s; the request
/// should carry `Connection: close`.
pub async fn send_bytes(address: SocketAddr, bytes: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(address).await.expect("connect");
    stream.write_all(bytes).await.expect("write the request");
    let mut received = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut received))
        .await
        .expect("the server answered and closed the connection within 10 s")
        .expect("read the answer");
    received
}

/// `method path` with `headers` (each `Name: value`), `Connection: close` and a `Host`, then
/// `body` with a matching `Content-Length` when there is one.
pub async fn request(
    address: SocketAddr,
    method: &str,
    path: &str,
    headers: &[&str],
    body: Option<&[u8]>,
) -> RawResponse {
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for header in headers {
        head.push_str(header);
        head.push_str("\r\n");
    }
    if let Some(body) = body {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let body = body.map_or(RawBody::None, |body| RawBody::Bytes(body.to_vec()));
    exchange(address, &head, body).await.response
}

/// Whether `bytes` hold a whole response: its head, then as much body as its framing says (none
/// for HEAD, 1xx, 204 and 304). A response framed by the end of the connection is never complete.
fn is_complete(bytes: &[u8], head_only: bool) -> bool {
    let Some(end) = bytes.windows(4).position(|window| window == b"\r\n\r\n") else {
        return false;
    };
    let response = parse_response(bytes);
    let status = response.status();
    if head_only || status < 200 || status == 204 || status == 304 {
        return true;
    }
    if let Some(length) = response.header("content-length") {
        return length
            .parse::<usize>()
            .is_ok_and(|length| bytes.len() - end - 4 >= length);
    }
    response
        .header("transfer-encoding")
        .is_some_and(|te| te.eq_ignore_ascii_case("chunked"))
        && chunked_end(&bytes[end + 4..])
}

/// Whether a chunked body is complete: its `0` chunk and the empty line after it have arrived.
fn chunked_end(mut bytes: &[u8]) -> bool {
    loop {
        let Some(line_end) = bytes.windows(2).position(|w| w == b"\r\n") else {
            return false;
        };
        let size_text = String::from_utf8_lossy(&bytes[..line_end]);
        let Ok(size) = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
        else {
            return false;
        };
        bytes = &bytes[line_end + 2..];
        if size == 0 {
            return bytes.windows(2).any(|w| w == b"\r\n");
        }
        if bytes.len() < size + 2 {
            return false;
        }
        bytes = &bytes[size + 2..];
    }
}

/// Splits status line, headers and body; decodes a chunked body.
pub fn parse_response(bytes: &[u8]) -> RawResponse {
    let end = bytes
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .unwrap_or_else(|| {
            panic!(
                "no complete response head in {:?}",
                String::from_utf8_lossy(bytes)
            )
        });
    let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.to_owned(), value.trim().to_owned()))
        .collect();
    let rest = &bytes[end + 4..];
    let chunked = headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("transfer-encoding") && value.eq_ignore_ascii_case("chunked")
    });
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    RawResponse {
        status_line,
        headers,
        body,
    }
}

fn dechunk(mut bytes: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let Some(line_end) = bytes.windows(2).position(|w| w == b"\r\n") else {
            return body;
        };
        let size_text = String::from_utf8_lossy(&bytes[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .unwrap_or(0);
        bytes = &bytes[line_end + 2..];
        if size == 0 || bytes.len() < size {
            return body;
        }
        body.extend_from_slice(&bytes[..size]);
        bytes = &bytes[(size + 2).min(bytes.len())..];
    }
}
