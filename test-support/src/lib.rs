//! A router served on `127.0.0.1:0` by `api_routes::Server`, the server `api_routes::serve`
//! runs in production, and a client that does not follow redirects: what every integration test
//! in this workspace drives, so each sees the app as a deployment would. [`raw_http`] speaks
//! HTTP/1.1 byte by byte where a client library would hide or refuse what a test sends.
//!
//! ```no_run
//! # async fn run(router: api_routes::axum::Router) {
//! use api_routes_test_support::TestServer;
//!
//! let server = TestServer::serve(router).await;
//! assert_eq!(server.text("/api/user").await.0, 200);
//! # }
//! ```

pub mod raw_http;

use std::net::SocketAddr;

/// A running server and a client for it; the server lives as long as the test's runtime.
#[derive(Debug)]
pub struct TestServer {
    address: SocketAddr,
    client: reqwest::Client,
}

impl TestServer {
    /// Serves `app` on a free loopback port with `Server`'s defaults, printing nothing.
    pub async fn serve(app: api_routes::axum::Router) -> Self {
        Self::serve_with(app, |server| server).await
    }

    /// Like [`serve`](Self::serve), with `configure` changing the server's settings.
    pub async fn serve_with(
        app: api_routes::axum::Router,
        configure: impl FnOnce(api_routes::Server) -> api_routes::Server,
    ) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let address = listener.local_addr().expect("local address");
        // Never shut down: the server ends with the test's runtime, and no Ctrl-C handler is
        // installed in the test process.
        let server = configure(api_routes::Server::new(listener))
            .quiet()
            .shutdown_signal(std::future::pending());
        tokio::spawn(server.run(app));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Self { address, client }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    pub fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.client.get(self.url(path))
    }

    pub fn request(&self, method: &str, path: &str) -> reqwest::RequestBuilder {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        self.client.request(method, self.url(path))
    }

    /// GET `path`: status and body text.
    pub async fn text(&self, path: &str) -> (u16, String) {
        let response = self.get(path).send().await.expect("request");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    /// GET `path`, expecting 200: the JSON body.
    pub async fn json(&self, path: &str) -> serde_json::Value {
        let (status, body) = self.text(path).await;
        assert_eq!(status, 200, "GET {path} answered {status}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|error| panic!("GET {path}: {error}: {body}"))
    }
}

/// A header's only value as text, `None` when absent; panics if it is sent twice.
pub fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    let mut values = response.headers().get_all(name).iter();
    let value = values
        .next()
        .map(|value| value.to_str().expect("visible ASCII").to_owned());
    assert!(values.next().is_none(), "`{name}` sent more than once");
    value
}
