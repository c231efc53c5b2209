//! Arbitrary requests through the whole stack.

use api_routes_runtime::__private::fuzzing::{ContentType, parse_body, parse_cookie_headers};
use api_routes_runtime::axum;
use http::header::{CONTENT_TYPE, COOKIE};
use http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};

use crate::app::{send, waits_on_purpose};
use crate::{header_line, parse_json, same_json};

fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Builds a request from `METHOD URI\nname: value\n…\n\nbody`, leniently: a header line that
/// `http` refuses is dropped; a method or URI it refuses means no request. Returns the body
/// bytes too.
pub fn parse_request(data: &[u8]) -> Option<(http::Request<axum::body::Body>, &[u8])> {
    let mut rest = data;
    let mut next_line = || -> Option<&[u8]> {
        if rest.is_empty() {
            return None;
        }
        let (line, after) = match rest.iter().position(|&b| b == b'\n') {
            Some(at) => (&rest[..at], &rest[at + 1..]),
            None => (rest, &[][..]),
        };
        rest = after;
        Some(strip_cr(line))
    };
    let request_line = next_line()?;
    let (method, uri) = match request_line.iter().position(|&b| b == b' ') {
        Some(at) => (&request_line[..at], &request_line[at + 1..]),
        None => (&b"GET"[..], request_line),
    };
    let method = Method::from_bytes(method).ok()?;
    let uri = Uri::try_from(uri).ok()?;
    let mut headers = HeaderMap::new();
    while let Some(line) = next_line() {
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = header_line(line) {
            headers.append(name, value);
        }
    }
    let body = rest;
    let mut request = http::Request::builder()
        .method(method)
        .uri(uri)
        .body(axum::body::Body::from(body.to_vec()))
        .ok()?;
    *request.headers_mut() = headers;
    Some((request, body))
}

pub fn run(data: &[u8]) {
    let Some((request, body)) = parse_request(data) else {
        return;
    };
    let path = request.uri().path();
    if waits_on_purpose(path) {
        return;
    }
    let echo = path == "/api/echo" || path.starts_with("/api/echo/");
    let content_type = request.headers().get(CONTENT_TYPE).cloned();
    let cookie_headers: Vec<HeaderValue> =
        request.headers().get_all(COOKIE).iter().cloned().collect();
    let method = request.method().clone();
    let (status, _, answer) = send(request);

    // `echo` answers `req.body()` and `req.cookies()`: they must be what the parsers give, in
    // particular never the `null` that `req.body()` falls back to when `parse_body` fails
    // after `check_body` passed.
    if echo && status == StatusCode::OK && method != Method::HEAD {
        let answer = parse_json(&answer).expect("echo answers JSON");
        let content_type =
            ContentType::from_header(content_type.as_ref().map(HeaderValue::as_bytes))
                .expect("the extractor accepted this charset, so from_header must too");
        let expected = parse_body(&content_type, body)
            .expect("the extractor accepted this body, so parse_body must too");
        assert!(
            same_json(&answer["body"], &expected),
            "req.body() of {content_type:?}: {} but parse_body gives {expected}",
            answer["body"]
        );
        let cookies = parse_cookie_headers(cookie_headers.iter().map(HeaderValue::as_bytes));
        assert_eq!(answer["cookies"], serde_json::to_value(&cookies).unwrap());
    }
}
