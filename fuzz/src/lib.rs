//! The logic of the cargo-fuzz targets in `fuzz_targets/`, kept in a library so that
//! `cargo test` in this folder replays `seeds/`, `regressions/` and the kept corpus `corpus/` on
//! the stable toolchain.
//!
//! Every target reads plain text, so seeds and crashers are readable files:
//!
//! - `query`: line 1 is a raw query string; every other line is a route param,
//!   `name<TAB>value` (a `[param]`) or `*name<TAB>v1<TAB>v2…` (a catch-all, any number of values).
//! - `cookies`: each line is the bytes of one `Cookie` header.
//! - `body`: line 1 is the `Content-Type` header bytes (no newline at all: no header), the rest
//!   the body bytes.
//! - `path_params`: line 1 is a page pattern in Next.js's notation, segments separated by `/`
//!   (`api/post/[...slug]`); every other line is the raw text of one path segment.
//! - `etag`: line 1 is a response payload; every other line is a request header `name: value`.
//! - `openapi`: each line is a page, `pattern<TAB>handler<TAB>handler…`, the pattern as in
//!   `path_params`, each handler its comma-separated methods (none: every method) and optionally
//!   `=` and a letter choosing what it describes.
//! - `route_model`: each line is a file of the pages folder, relative to it (`users/[id].rs`,
//!   `_middleware.rs`), optionally followed by fields separated by tabs. A page's fields are its
//!   handlers, each the arguments of one `#[api_route(…)]` (`GET, POST`; empty: every method) or
//!   `-` for a function without the attribute; no field is one handler for every method. A
//!   `_middleware.rs`'s fields are the signatures of the functions it defines (`pub fn layer()`);
//!   none is a `layer()`. A line that starts with `/` is the URL prefix (`routes!(prefix = …)`).
//!   Lines no pages folder can hold (not `.rs`, an empty or hidden name, a file twice) are dropped.
//! - `compression`: line 1 is the request's `Accept-Encoding` bytes (none when `http` refuses
//!   them, as for a NUL); then the page's answer: header lines `name: value`, or `:head` (the
//!   request is a HEAD), `:stream` (the body is a stream of 512-byte chunks, of unknown length),
//!   `:off` (`RouterOptions::compress(false)`); an empty line; the body bytes.
//! - `path_routing`: line 1 is a route selector character (`p` for `post/…`, `b` for
//!   `blog/[post]/comment/[id]`, anything else for `echo/[[...path]]`) followed by a raw query
//!   string; every other line is one path segment, sent percent-encoded only where a URI needs it.
//! - `router`: an HTTP/1-style request: `METHOD URI`, header lines `name: value`, an empty line,
//!   then the body.
//!
//! `query`, `cookies`, `body`, `path_params`, `etag` and `openapi` call the runtime's code
//! directly; `route_model` calls `api-routes-routing`'s, as `routes!` does, and builds an axum
//! router of the result; `compression` sends an answer through the page guard `routes!` puts
//! around every page, with no tokio runtime; `path_routing` and `router` send requests through the
//! whole stack (`api_routes_tests::app()`, axum, the runtime), through `app.rs`.

use api_routes_runtime::__private::fuzzing::{ContentType, MediaKind, parse_body};
use serde_json::Value;

mod app;
pub mod body;
pub mod compression;
pub mod cookies;
pub mod etag;
pub mod openapi;
pub mod path_params;
pub mod path_routing;
mod pattern;
pub mod query;
pub mod route_model;
pub mod router;

/// A header line `name: value` (the value trimmed), or `None` where `http` refuses either part.
fn header_line(line: &[u8]) -> Option<(http::HeaderName, http::HeaderValue)> {
    let (name, value) = match line.iter().position(|&b| b == b':') {
        Some(at) => (&line[..at], &line[at + 1..]),
        None => (line, &[][..]),
    };
    Some((
        http::HeaderName::from_bytes(name).ok()?,
        http::HeaderValue::from_bytes(value.trim_ascii()).ok()?,
    ))
}

/// Parses JSON text the runtime wrote, as `req.body()` parses a JSON body. Not
/// `serde_json::from_str::<Value>`: with serde_json's `raw_value` feature on (axum turns it on)
/// that reads an object whose key is `$serde_json::private::RawValue` as something else.
fn parse_json(text: &[u8]) -> Option<Value> {
    let json = ContentType {
        kind: MediaKind::Json,
        ..ContentType::default()
    };
    if text.is_empty() {
        return None;
    }
    parse_body(&json, text).ok()
}

/// JSON equality where two floats may differ in their last few bits: without its
/// `float_roundtrip` feature serde_json rounds some long numbers one or two ULPs away from the
/// nearest `f64` (`18446707370955146744073709551616`, `1222…2` with 62 digits), so a parsed body
/// does not always survive a serialize/parse round trip bit for bit (see RELIABILITY.md).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            match (x.as_f64(), y.as_f64()) {
                (Some(x), Some(y)) => {
                    x == y || (x - y).abs() <= 8.0 * f64::EPSILON * x.abs().max(y.abs())
                }
                _ => false,
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, x)| y.get(key).is_some_and(|y| same_json(x, y)))
        }
        _ => a == b,
    }
}
