//! Vercel without the cloud: the function runs as on Vercel, `api_routes::vercel::run` on
//! `vercel_runtime::run`, in a child process with the platform's environment (`VERCEL_DEV_PORT`,
//! `VERCEL_IPC_PATH`). The test is the platform: it listens on the IPC socket for the runtime's
//! `server-started` and `end` messages and sends each request from `tests/fixtures/vercel` as the
//! Vercel proxy forwards it (HTTP/1.1 with the `x-vercel-*` headers), then compares the answer with
//! the router's own, as the server gives it.

#![cfg(unix)]

mod support;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use api_routes::axum::Router;
use api_routes_test_support::raw_http::{RawBody, exchange};
use serde_json::{Value, json};
use support::{direct, fixture, unbase64};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::{UnixListener, UnixStream};
use tokio::process::{Child, Command};

const CHILD: &str = "API_ROUTES_VERCEL_CHILD";

/// The function process: does nothing in a normal test run; in the child the parent starts, it
/// serves the app named by `API_ROUTES_VERCEL_CHILD` until it is killed.
#[test]
fn vercel_function_child() {
    let Ok(app) = std::env::var(CHILD) else {
        return;
    };
    // The parent holds our stdin: when it ends, for whatever reason, so do we.
    std::thread::spawn(|| {
        let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
        std::process::exit(0);
    });
    let router = match app.as_str() {
        "tests" => api_routes_tests::app(),
        _ => example_lambda::router(),
    };
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(async {
            api_routes::vercel::run(router)
                .await
                .expect("vercel_runtime::run");
        });
}

/// A running function, as the platform sees it.
struct Function {
    _child: Child,
    port: u16,
    ipc: BufReader<UnixStream>,
    socket: PathBuf,
    client: reqwest::Client,
}

impl Drop for Function {
    fn drop(&mut self) {
        // The child is killed on drop (`kill_on_drop`) and exits when its stdin closes.
        let _ = std::fs::remove_file(&self.socket);
    }
}

impl Function {
    async fn start(app: &str) -> Self {
        let reservation = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = reservation.local_addr().expect("address").port();
        let socket = std::env::temp_dir().join(format!(
            "api-routes-vercel-{}-{port}.sock",
            std::process::id()
        ));
        let _ = std::fs::remove_file(&socket);
        let listener = UnixListener::bind(&socket).expect("bind the IPC socket");
        drop(reservation);
        let child = Command::new(std::env::current_exe().expect("test binary"))
            .args([
                "--exact",
                "vercel_function_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, app)
            .env("VERCEL_DEV_PORT", port.to_string())
            .env("VERCEL_IPC_PATH", &socket)
            .env_remove("VERCEL_DEV")
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start the function");
        let (stream, _) = tokio::time::timeout(Duration::from_secs(60), listener.accept())
            .await
            .expect("the runtime connects to VERCEL_IPC_PATH")
            .expect("accept");
        let mut function = Self {
            _child: child,
            port,
            ipc: BufReader::new(stream),
            socket,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
        };
        let started = function.frame().await;
        assert_eq!(started["type"], "server-started");
        assert_eq!(started["payload"]["httpPort"], port);
        function
    }

    /// The next NUL-terminated JSON message the runtime sent on the IPC socket.
    async fn frame(&mut self) -> Value {
        let mut frame = Vec::new();
        tokio::time::timeout(Duration::from_secs(30), self.ipc.read_until(0, &mut frame))
            .await
            .expect("an IPC message")
            .expect("read");
        assert_eq!(frame.pop(), Some(0), "a NUL-terminated IPC message");
        serde_json::from_slice(&frame).expect("JSON")
    }

    /// Sends a fixture request; `body` replaces the fixture's, `chunked` sends it without a length.
    async fn send_with(&self, request: &Value, body: Option<Vec<u8>>, chunked: bool) -> Answer {
        let method =
            reqwest::Method::from_bytes(request["method"].as_str().expect("method").as_bytes())
                .expect("method");
        let path = request["path"].as_str().expect("path");
        let mut builder = self
            .client
            .request(method, format!("http://127.0.0.1:{}{path}", self.port));
        for (name, value) in request["headers"].as_object().expect("headers") {
            // The length is the body's own, below.
            if !name.eq_ignore_ascii_case("content-length") {
                builder = builder.header(name.as_str(), value.as_str().expect("header value"));
            }
        }
        let body = body.or_else(|| {
            let text = request["body"].as_str()?;
            Some(match request["encoding"].as_str() {
                Some("base64") => unbase64(text),
                _ => text.as_bytes().to_vec(),
            })
        });
        if let Some(body) = body {
            builder = if chunked {
                let pieces: Vec<Result<Vec<u8>, std::io::Error>> = body
                    .chunks(64 * 1024)
                    .map(|piece| Ok(piece.to_vec()))
                    .collect();
                builder.body(reqwest::Body::wrap_stream(futures_util::stream::iter(
                    pieces,
                )))
            } else {
                builder.body(body)
            };
        }
        let response = builder.send().await.expect("the function answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.expect("body").to_vec();
        Answer {
            status,
            headers,
            body,
        }
    }

    async fn send(&self, request: &Value) -> Answer {
        self.send_with(request, None, false).await
    }
}

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .get_all(name)
            .iter()
            .map(|value| value.to_str().expect("visible ASCII"))
            .collect()
    }

    fn text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("text")
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("{error}: {}", self.text()))
    }
}

/// The fixture's request sent straight to `app`, as the server would see it.
async fn on_the_server(app: Router, request: &Value) -> support::Direct {
    let headers: Vec<(&str, &str)> = request["headers"]
        .as_object()
        .expect("headers")
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str().expect("header value")))
        .collect();
    let body = match (request["body"].as_str(), request["encoding"].as_str()) {
        (Some(text), Some("base64")) => unbase64(text),
        (Some(text), _) => text.as_bytes().to_vec(),
        (None, _) => Vec::new(),
    };
    direct(
        app,
        request["method"].as_str().expect("method"),
        request["path"].as_str().expect("path"),
        &headers,
        body,
    )
    .await
}

#[tokio::test]
async fn the_runtime_protocol_start_ping_and_end_of_each_invocation() {
    let mut function = Function::start("tests").await;
    let ping = function
        .client
        .get(format!("http://127.0.0.1:{}/_vercel/ping", function.port))
        .send()
        .await
        .expect("ping");
    assert_eq!(ping.status(), 200);

    let answer = function.send(&fixture("vercel/echo-get")).await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        function.frame().await,
        json!({
            "type": "end",
            "payload": { "context": { "invocationId": "inv-1", "requestId": 1 }, "error": null }
        })
    );
}

#[tokio::test]
async fn every_fixture_answers_as_the_server_does() {
    let function = Function::start("tests").await;
    for name in [
        "echo-get",
        "echo-post-json",
        "invalid-json",
        "method-not-allowed",
        "panic",
        "bytes",
        "binary-upload",
    ] {
        let request = fixture(&format!("vercel/{name}"));
        let answer = function.send(&request).await;
        let server = on_the_server(api_routes_tests::app(), &request).await;
        assert_eq!(answer.status, server.status, "{name}");
        assert_eq!(answer.body, server.body, "{name}");
        for header in ["content-type", "allow", "set-cookie", "cache-control"] {
            assert_eq!(answer.all(header), server.all(header), "{name}: {header}");
        }
    }
}

#[tokio::test]
async fn the_answers_the_spec_names() {
    let function = Function::start("tests").await;

    let echo = function
        .send(&fixture("vercel/echo-post-json"))
        .await
        .json();
    assert_eq!(echo["body"], json!({ "title": "Hi", "tags": [1, 2] }));
    assert_eq!(echo["query"], json!({ "q": "1", "path": ["x"] }));

    let invalid = function.send(&fixture("vercel/invalid-json")).await;
    assert_eq!((invalid.status, invalid.text()), (400, "Invalid JSON"));
    assert!(invalid.all("content-type").is_empty());

    let not_allowed = function.send(&fixture("vercel/method-not-allowed")).await;
    assert_eq!(not_allowed.status, 405);
    assert_eq!(not_allowed.all("allow"), ["GET", "PUT"]);
    assert_eq!(not_allowed.text(), "Method DELETE Not Allowed");

    let panic = function.send(&fixture("vercel/panic")).await;
    assert_eq!((panic.status, panic.text()), (500, "Internal Server Error"));

    let bytes = function.send(&fixture("vercel/bytes")).await;
    assert_eq!(bytes.body, [1, 2, 3]);
    assert_eq!(bytes.all("content-type"), ["application/octet-stream"]);

    let upload = function.send(&fixture("vercel/binary-upload")).await.json();
    assert_eq!(upload["length"], 32);
}

#[tokio::test]
async fn a_body_one_byte_over_1mb_is_413_with_or_without_content_length() {
    let function = Function::start("tests").await;
    let request = fixture("vercel/upload");
    let mut head = format!(
        "POST {} HTTP/1.1\r\n",
        request["path"].as_str().expect("path")
    );
    for (name, value) in request["headers"].as_object().expect("headers") {
        head.push_str(&format!(
            "{name}: {}\r\n",
            value.as_str().expect("header value")
        ));
    }
    let over = 1024 * 1024 + 1;
    // Raw, as a proxy that already holds the whole body would send it: the function may answer
    // 413 and close before the body is written, which an HTTP client reports as a broken pipe
    // instead of the answer.
    let address = SocketAddr::from(([127, 0, 0, 1], function.port));

    // Declared: refused from the Content-Length.
    let declared = format!("{head}content-length: {over}\r\n\r\n");
    let response = exchange(address, &declared, RawBody::Bytes(vec![b'a'; over]))
        .await
        .response;
    assert_eq!(
        response.status_line, "HTTP/1.1 413 Body exceeded 1mb limit",
        "{response:?}"
    );
    assert_eq!(response.text(), "Body exceeded 1mb limit");
    assert_eq!(response.header("content-type"), None);

    // Chunked: refused while it streams in.
    let mut chunked_body = Vec::new();
    for piece in vec![b'a'; over].chunks(64 * 1024) {
        chunked_body.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
        chunked_body.extend_from_slice(piece);
        chunked_body.extend_from_slice(b"\r\n");
    }
    chunked_body.extend_from_slice(b"0\r\n\r\n");
    let chunked = format!("{head}transfer-encoding: chunked\r\n\r\n");
    let response = exchange(address, &chunked, RawBody::Bytes(chunked_body))
        .await
        .response;
    assert_eq!(response.status(), 413, "{response:?}");
    assert_eq!(response.text(), "Body exceeded 1mb limit");

    let seen = function
        .client
        .get(format!(
            "http://127.0.0.1:{}/api/rt/probe?seen=vercel-413",
            function.port
        ))
        .send()
        .await
        .expect("probe")
        .json::<Value>()
        .await
        .expect("json");
    assert_eq!(
        seen["seen"], false,
        "a refused body never reaches the handler"
    );

    let at_limit = function
        .send_with(&request, Some(vec![b'a'; 1024 * 1024]), true)
        .await;
    assert_eq!(at_limit.status, 200);
    assert_eq!(at_limit.json()["length"], 1024 * 1024);
}

#[tokio::test]
async fn responses_stream_and_keep_every_set_cookie_line() {
    let function = Function::start("example").await;

    let countdown = function.send(&fixture("vercel/countdown")).await;
    assert_eq!(countdown.status, 200);
    assert_eq!(countdown.text(), "3\n2\n1\n");
    // Streamed as the handler produced it, not collected first (which would give a length).
    assert_eq!(countdown.all("transfer-encoding"), ["chunked"]);
    assert!(countdown.all("content-length").is_empty());

    let request = fixture("vercel/session-cookies");
    let session = function.send(&request).await;
    let server = on_the_server(example_lambda::router(), &request).await;
    assert_eq!(session.status, 201);
    assert_eq!(session.all("set-cookie").len(), 2);
    assert_eq!(session.all("set-cookie"), server.all("set-cookie"));
}
