//! A real upstream service on `127.0.0.1:0` that records what reaches it, the proxy in front of
//! it, and a raw HTTP/1.1 client that keeps every byte of an answer.

#![allow(dead_code)] // each test binary uses part of this module

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use api_routes::axum::body::{Body, Bytes};
use api_routes::axum::extract::{ConnectInfo, Request, State};
use api_routes::axum::http::{HeaderMap, HeaderValue, StatusCode};
use api_routes::axum::response::{IntoResponse, Response};
use api_routes_test_support::{TestServer, raw_http};
use example_api_routes_proxy::Config;
use futures_util::StreamExt;
use tokio::sync::Notify;

pub const KEY: &str = "sk-live-7Hq2XbN9wP4zLr61";

/// Each chunk the upstream streams, and how many follow the first.
pub const CHUNK: usize = 64 * 1024;
pub const CHUNKS: usize = 128; // 8 MiB

/// What one request looked like when it reached the upstream.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub uri: String,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub peer: SocketAddr,
}

#[derive(Clone, Default)]
pub struct Upstream {
    pub seen: Arc<Mutex<Vec<Seen>>>,
    /// `/base/big` sends its first chunk, then waits for this before the rest.
    pub release_download: Arc<Notify>,
    /// `/base/upload` signals this when the first piece of the body arrives.
    pub upload_started: Arc<Notify>,
}

impl Upstream {
    /// Serves the upstream; its base URL is `http://127.0.0.1:{port}/base`. On `axum::serve`, not
    /// our `Server`: it stands for someone else's service, and it needs each request's peer
    /// address (`ConnectInfo`) to tell whether the proxy reused its connection.
    pub async fn start() -> (Self, String) {
        let upstream = Self::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the upstream");
        let base = format!("http://{}/base", listener.local_addr().expect("address"));
        let app = api_routes::axum::Router::new()
            .fallback(answer)
            .with_state(upstream.clone());
        tokio::spawn(async move {
            api_routes::axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
        });
        (upstream, base)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("seen").clone()
    }
}

async fn answer(
    State(upstream): State<Upstream>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let record = |body: Bytes| {
        upstream.seen.lock().expect("seen").push(Seen {
            method: parts.method.to_string(),
            uri: parts.uri.to_string(),
            headers: parts.headers.clone(),
            body,
            peer,
        });
    };
    match path.as_str() {
        "/base/slow" => {
            record(Bytes::new());
            tokio::time::sleep(Duration::from_secs(30)).await;
            "too late".into_response()
        }
        "/base/upload" => {
            let mut stream = body.into_data_stream();
            let mut received = 0;
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.expect("upload chunk");
                if received == 0 {
                    upstream.upload_started.notify_one();
                }
                received += chunk.len();
            }
            record(Bytes::new());
            format!("received {received}").into_response()
        }
        "/base/big" => {
            record(Bytes::new());
            let release = upstream.release_download.clone();
            let stream = futures_util::stream::unfold(0usize, move |sent| {
                let release = release.clone();
                async move {
                    if sent == CHUNKS {
                        return None;
                    }
                    if sent == 1 {
                        release.notified().await;
                    }
                    let byte = u8::try_from(sent % 251).expect("small");
                    Some((
                        Ok::<_, std::io::Error>(Bytes::from(vec![byte; CHUNK])),
                        sent + 1,
                    ))
                }
            });
            Response::builder()
                .header("content-type", "application/octet-stream")
                .body(Body::from_stream(stream))
                .expect("response")
        }
        "/base/stall" => {
            record(Bytes::new());
            let stream =
                futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from("first piece"))])
                    .chain(futures_util::stream::pending());
            Body::from_stream(stream).into_response()
        }
        "/base/redirect" => {
            record(Bytes::new());
            let host = parts
                .headers
                .get("host")
                .expect("host")
                .to_str()
                .expect("ascii");
            Response::builder()
                .status(StatusCode::FOUND)
                .header("location", format!("http://{host}/base/elsewhere?x=1"))
                .body(Body::empty())
                .expect("response")
        }
        "/base/leak" => {
            record(Bytes::new());
            // A careless service that echoes the credentials it was sent.
            let authorization = parts
                .headers
                .get("authorization")
                .cloned()
                .unwrap_or(HeaderValue::from_static("none"));
            Response::builder()
                .header("x-debug-authorization", authorization)
                .header("x-upstream", "yes")
                .body(Body::from("leaky headers"))
                .expect("response")
        }
        _ => {
            let body = api_routes::axum::body::to_bytes(body, usize::MAX)
                .await
                .expect("body");
            let text = format!(
                "{} {} body={}",
                parts.method,
                parts.uri,
                String::from_utf8_lossy(&body)
            );
            record(body);
            Response::builder()
                .status(StatusCode::CREATED)
                .header("content-type", "text/plain; charset=utf-8")
                .header("x-upstream", "yes")
                .header("connection", "x-hop")
                .header("x-hop", "only for the next hop")
                .header("keep-alive", "timeout=5")
                .header("proxy-authenticate", "Basic")
                .body(Body::from(text))
                .expect("response")
        }
    }
}

/// The proxy in front of `config.url`, on `127.0.0.1:0`; returns its `http://host:port`.
pub async fn start_proxy(config: Config) -> String {
    let app = example_api_routes_proxy::app(config).expect("a valid configuration");
    format!("http://{}", TestServer::serve(app).await.address())
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// An address nothing listens on: bound, then released.
pub async fn closed_port_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    format!("http://{address}/base")
}

/// Sends `request` as is (no client-side normalisation of `..`) on a fresh connection to the
/// server at `base` (`http://host:port`) and returns every byte of the answer.
pub async fn raw(base: &str, request: &str) -> Vec<u8> {
    let address = base
        .trim_start_matches("http://")
        .parse()
        .expect("http://host:port");
    raw_http::send_bytes(address, request.as_bytes()).await
}

pub fn status_line(answer: &[u8]) -> String {
    raw_http::parse_response(answer).status_line
}

pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}
