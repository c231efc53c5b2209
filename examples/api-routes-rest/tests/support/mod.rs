//! The example's router on `127.0.0.1:0`, and a client that does not follow redirects.

#![allow(dead_code)] // each test binary uses part of this module

pub struct TestServer {
    base: String,
    client: reqwest::Client,
}

impl TestServer {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let base = format!("http://{}", listener.local_addr().expect("local address"));
        tokio::spawn(async move {
            api_routes::axum::serve(listener, example_api_routes_rest::router()).await
        });
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Self { base, client }
    }

    pub fn request(&self, method: &str, path: &str) -> reqwest::RequestBuilder {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        self.client.request(method, format!("{}{path}", self.base))
    }

    pub fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.request("GET", path)
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
