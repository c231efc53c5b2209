//! Platform events from `tests/fixtures`, and what the adapters answer them.

#![allow(dead_code)] // each test binary uses part of this module

use std::path::PathBuf;

use api_routes::axum::Router;
use api_routes::axum::body::Body;
use api_routes::axum::http::{HeaderMap, Request};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::Value;
use tower::ServiceExt;

pub fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

pub fn base64(bytes: &[u8]) -> String {
    BASE64.encode(bytes)
}

pub fn unbase64(text: &str) -> Vec<u8> {
    BASE64.decode(text).expect("base64")
}

/// What the router answers a request sent to it directly, as the server sees it.
pub struct Direct {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Direct {
    /// Every value of a header, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .get_all(name)
            .iter()
            .map(|value| value.to_str().expect("visible ASCII"))
            .collect()
    }
}

pub async fn direct(
    app: Router,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> Direct {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app
        .oneshot(request.body(Body::from(body)).expect("request"))
        .await
        .expect("infallible");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = api_routes::axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body")
        .to_vec();
    Direct {
        status,
        headers,
        body,
    }
}
