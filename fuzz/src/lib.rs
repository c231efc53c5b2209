//! The logic of the cargo-fuzz targets in `fuzz_targets/`, kept in a library so that
//! `cargo test` in this folder replays `seeds/` and `regressions/` on the stable toolchain.
//!
//! Every target reads plain text, so seeds and crashers are readable files:
//!
//! - `query`: line 1 is a raw query string; every other line is a route param,
//!   `name<TAB>value` (a `[param]`) or `*name<TAB>v1<TAB>v2…` (a catch-all, any number of values).
//! - `cookies`: each line is the bytes of one `Cookie` header.
//! - `body`: line 1 is the `Content-Type` header bytes (no newline at all: no header), the rest
//!   the body bytes.
//! - `path_params`: line 1 is a route selector character (`p` for `post/…`, `b` for
//!   `blog/[post]/comment/[id]`, anything else for `echo/[[...path]]`) followed by a raw query
//!   string; every other line is one path segment, sent percent-encoded only where a URI needs it.
//! - `router`: an HTTP/1-style request: `METHOD URI`, header lines `name: value`, an empty line,
//!   then the body.

use std::borrow::Cow;
use std::sync::{LazyLock, Once};
use std::time::Duration;

use api_routes_runtime::__private::fuzzing::{
    BodyError, Charset, ContentType, MediaKind, check_body, decode_uri_component, parse_body,
    parse_cookie_headers, parse_form,
};
use api_routes_runtime::axum::{self, Router};
use api_routes_runtime::{QueryMap, QueryValue};
use http::header::{CONTENT_TYPE, COOKIE};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use http_body_util::BodyExt;
use serde_json::Value;

/// Asserts the invariants every [`QueryMap`] keeps: unique keys, and `to_json_string` is valid
/// JSON holding exactly the map, keys in the map's order.
fn check_query_map(map: &QueryMap) {
    let mut keys: Vec<&str> = map.keys().collect();
    keys.sort_unstable();
    let count = keys.len();
    keys.dedup();
    assert_eq!(keys.len(), count, "duplicate keys in {map:?}");
    assert_eq!(count, map.len());

    let text = map.to_json_string();
    let value: Value = serde_json::from_str(&text).expect("to_json_string is valid JSON");
    let object = value.as_object().expect("to_json_string is an object");
    assert_eq!(object.len(), map.len(), "{text}");
    for ((key, value), (json_key, json_value)) in map.iter().zip(object) {
        assert_eq!(key, json_key, "key order in {text}");
        let expected = match value {
            QueryValue::One(one) => Value::from(one.as_str()),
            QueryValue::Many(many) => Value::from(many.clone()),
        };
        assert_eq!(&expected, json_value, "{text}");
    }
    // serde_json's output is canonical, so re-serializing the parsed value gives the same text.
    assert_eq!(serde_json::to_string(&value).unwrap(), text);
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

/// What `QueryMap::parse(map.to_urlencoded())` must give: a `Many` of one value comes back as
/// `One` and an empty `Many` disappears (the documented limit of the round trip).
fn round_trip_of(map: &QueryMap) -> QueryMap {
    let mut expected = QueryMap::new();
    for (key, value) in map.iter() {
        let value = match value {
            QueryValue::Many(many) if many.is_empty() => continue,
            QueryValue::Many(many) if many.len() == 1 => QueryValue::One(many[0].clone()),
            other => other.clone(),
        };
        expected.insert_param(key.to_owned(), value);
    }
    expected
}

pub mod query {
    use super::*;

    pub fn run(data: &[u8]) {
        let text = String::from_utf8_lossy(data);
        let mut lines = text.split('\n');
        let raw = lines.next().unwrap_or_default();

        let parsed = QueryMap::parse(raw);
        check_query_map(&parsed);
        // `parse` never builds a `Many` of fewer than two values, so it round-trips exactly.
        assert_eq!(
            QueryMap::parse(&parsed.to_urlencoded()),
            parsed,
            "{raw:?} → {:?}",
            parsed.to_urlencoded()
        );

        // A form body is the same decoding, capped at 1000 `&`-separated pieces.
        let form = parse_form(raw);
        check_query_map(&form);
        if raw.split('&').count() <= 1000 {
            assert_eq!(form, parsed);
        } else {
            assert!(form.len() <= 1000);
        }

        let mut merged = parsed.clone();
        for line in lines {
            let (name, value) = match line.strip_prefix('*') {
                Some(rest) => {
                    let mut parts = rest.split('\t');
                    let name = parts.next().unwrap_or_default();
                    (name, QueryValue::Many(parts.map(str::to_owned).collect()))
                }
                None => {
                    let (name, value) = line.split_once('\t').unwrap_or((line, ""));
                    (name, QueryValue::One(value.to_owned()))
                }
            };
            let keys_before: Vec<String> = merged.keys().map(str::to_owned).collect();
            merged.insert_param(name.to_owned(), value.clone());
            assert_eq!(merged.get(name), Some(&value));
            // nextjs-compat 10.7: an overriding param keeps the key's position, a new one is appended.
            let keys_after: Vec<&str> = merged.keys().collect();
            if keys_before.iter().any(|key| key == name) {
                assert_eq!(keys_after, keys_before);
            } else {
                assert_eq!(keys_after.len(), keys_before.len() + 1);
                assert_eq!(keys_after[..keys_before.len()], keys_before[..]);
                assert_eq!(keys_after.last(), Some(&name));
            }
        }
        check_query_map(&merged);
        let encoded = merged.to_urlencoded();
        assert_eq!(
            QueryMap::parse(&encoded),
            round_trip_of(&merged),
            "{merged:?} → {encoded:?}"
        );
    }
}

pub mod cookies {
    use super::*;

    pub fn run(data: &[u8]) {
        let headers: Vec<&[u8]> = if data.is_empty() {
            Vec::new()
        } else {
            data.split(|&b| b == b'\n').collect()
        };
        let cookies = parse_cookie_headers(headers.iter().copied());

        let mut names: Vec<&str> = cookies.iter().map(|(name, _)| name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), cookies.len(), "duplicate names in {cookies:?}");
        // A cookie needs an `=`.
        assert!(cookies.len() <= data.iter().filter(|&&b| b == b'=').count());
        for (name, value) in cookies.iter() {
            assert_eq!(cookies.get(name), Some(value));
        }

        let text = serde_json::to_string(&cookies).expect("cookies serialize");
        let value: Value = serde_json::from_str(&text).expect("valid JSON");
        let object = value.as_object().expect("an object");
        assert_eq!(object.len(), cookies.len());
        for ((name, value), (json_name, json_value)) in cookies.iter().zip(object) {
            assert_eq!(name, json_name);
            assert_eq!(json_value.as_str(), Some(value));
        }
        assert_eq!(serde_json::to_string(&value).unwrap(), text);

        // Several headers are the same as one joined with "; " (how Next.js reads them).
        if headers.len() > 1 {
            let joined = headers.join(&b"; "[..]);
            assert_eq!(parse_cookie_headers([joined.as_slice()]), cookies);
        }
    }
}

pub mod body {
    use super::*;

    pub fn run(data: &[u8]) {
        let (header, bytes) = match data.iter().position(|&b| b == b'\n') {
            Some(at) => (Some(&data[..at]), &data[at + 1..]),
            None => (None, data),
        };
        let content_type = match ContentType::from_header(header) {
            Ok(content_type) => content_type,
            // A charset the port cannot decode, whatever the body (nextjs-compat 2.5d).
            Err(error) => {
                assert_eq!(error, BodyError::InvalidBody);
                return;
            }
        };

        let mut kinds = vec![content_type.kind];
        for kind in [MediaKind::Json, MediaKind::UrlEncoded, MediaKind::Text] {
            if kind != content_type.kind {
                kinds.push(kind);
            }
        }
        for kind in kinds {
            check(
                &ContentType {
                    kind,
                    charset: content_type.charset,
                },
                bytes,
            );
        }
    }

    pub fn check(content_type: &ContentType, bytes: &[u8]) {
        let checked = check_body(content_type, bytes);
        let parsed = parse_body(content_type, bytes);
        // The `Request` extractor answers 400 when `check_body` fails and otherwise lets
        // `req.body()` build the value with `parse_body` later, unwrapping it to `null` on error:
        // the two must agree.
        match (&checked, &parsed) {
            (Ok(()), Ok(_)) => {}
            (Err(a), Err(b)) if a == b => {}
            _ => panic!(
                "check_body {checked:?} but parse_body {parsed:?} for {content_type:?} and {:?}",
                String::from_utf8_lossy(bytes)
            ),
        }

        let decoded = content_type.charset.decode(bytes);
        if content_type.charset == Charset::Utf8 {
            // The borrowed fast path gives what a lossy decode with one BOM dropped gives.
            let lossy = String::from_utf8_lossy(bytes);
            assert_eq!(decoded, lossy.strip_prefix('\u{FEFF}').unwrap_or(&lossy));
        }

        let Ok(value) = parsed else {
            return;
        };
        match content_type.kind {
            MediaKind::Json if decoded.is_empty() => {
                assert_eq!(value, Value::Object(Default::default()));
            }
            MediaKind::Json => {
                let again: Value = serde_json::from_str(&decoded).expect("parse_body said JSON");
                assert_eq!(value, again);
            }
            MediaKind::UrlEncoded => {
                let form = parse_form(&decoded);
                let object = value.as_object().expect("a form is an object");
                assert_eq!(object.len(), form.len());
                for (key, value) in form.iter() {
                    let expected = match value {
                        QueryValue::One(one) => Value::from(one.as_str()),
                        QueryValue::Many(many) => Value::from(many.clone()),
                    };
                    assert_eq!(object.get(key), Some(&expected));
                }
            }
            MediaKind::Text => assert_eq!(value, Value::String(decoded.into_owned())),
        }
        let text = serde_json::to_string(&value).expect("req.body() serializes");
        let again: Value = serde_json::from_str(&text).expect("and parses back");
        assert!(
            same_json(&again, &value),
            "{value:?} serialized as {text} parses back as {again:?}"
        );
    }
}

/// The current-thread runtime and the router of `api-routes-tests`, built once per process.
static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a tokio runtime")
});

static APP: LazyLock<Router> = LazyLock::new(api_routes_tests::app);

/// How long one request may take before the target reports a hang.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

static PANIC_HOOK: Once = Once::new();

/// libfuzzer-sys aborts on every panic, caught or not. A panic raised by a page of the test tree
/// (`/api/panic`, `/api/rt/error?kind=panic`) is deliberate and the router's guard turns it into
/// a 500, so it is let through; any other panic — in the runtime, axum, or this harness — still
/// reaches libFuzzer's hook and is reported, even when the guard would have hidden it as a 500.
fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let deliberate = info
                .location()
                .is_some_and(|location| location.file().replace('\\', "/").contains("pages/api/"));
            if !deliberate {
                previous(info);
            }
        }));
    });
}

/// A status, the headers and the whole body of the router's answer to `request`; panics if the
/// answer (head and body) takes longer than [`REQUEST_TIMEOUT`].
pub fn send(request: http::Request<axum::body::Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    install_panic_hook();
    let app = APP.clone();
    let described = format!("{} {}", request.method(), request.uri());
    RUNTIME.block_on(async move {
        let exchange = async move {
            let response = tower::ServiceExt::oneshot(app, request)
                .await
                .unwrap_or_else(|never| match never {});
            let (parts, body) = response.into_parts();
            let body = body.collect().await.expect("a response body").to_bytes();
            (parts.status, parts.headers, body.to_vec())
        };
        tokio::time::timeout(REQUEST_TIMEOUT, exchange)
            .await
            .unwrap_or_else(|_| panic!("{described} did not finish within {REQUEST_TIMEOUT:?}"))
    })
}

/// Pages of the test tree that wait on purpose (`/api/hang` never answers and gets its 504 after
/// one second, `/api/slow?ms=` sleeps as long as asked): not fuzzed.
fn waits_on_purpose(path: &str) -> bool {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut collapsed = String::with_capacity(decoded.len());
    for c in decoded.chars() {
        let c = if c == '\\' { '/' } else { c };
        if !(c == '/' && collapsed.ends_with('/')) {
            collapsed.push(c);
        }
    }
    collapsed.starts_with("/api/hang") || collapsed.starts_with("/api/slow")
}

pub mod path_params {
    use super::*;
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

    /// What a URI path segment may hold unescaped (RFC 3986 `pchar`), plus `%` so that the
    /// fuzzer's own escapes, valid or not, reach the router.
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~')
        .remove(b'!')
        .remove(b'$')
        .remove(b'&')
        .remove(b'\'')
        .remove(b'(')
        .remove(b')')
        .remove(b'*')
        .remove(b'+')
        .remove(b',')
        .remove(b';')
        .remove(b'=')
        .remove(b':')
        .remove(b'@')
        .remove(b'%');

    /// A query may also hold `/` and `?` unescaped.
    const QUERY: &AsciiSet = &SEGMENT.remove(b'/').remove(b'?');

    /// JavaScript's `decodeURIComponent` written another way: every `%` must start a `%XX`
    /// escape, then the bytes must be UTF-8.
    fn reference_decode(s: &str) -> Option<String> {
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                let escape = bytes.get(i + 1..i + 3)?;
                if !escape.iter().all(u8::is_ascii_hexdigit) {
                    return None;
                }
                i += 3;
            } else {
                i += 1;
            }
        }
        percent_decode_str(s)
            .decode_utf8()
            .ok()
            .map(Cow::into_owned)
    }

    pub fn check_decode(s: &str) {
        let decoded = decode_uri_component(s);
        assert_eq!(decoded, reference_decode(s), "decode_uri_component({s:?})");
        if let Some(decoded) = decoded {
            let encoded = utf8_percent_encode(&decoded, NON_ALPHANUMERIC).to_string();
            assert_eq!(decode_uri_component(&encoded).as_ref(), Some(&decoded));
            if !s.contains('%') {
                assert_eq!(decoded, s);
            }
        }
    }

    pub fn run(data: &[u8]) {
        let text = String::from_utf8_lossy(data);
        check_decode(&text);
        let mut lines = text.split('\n');
        let first = lines.next().unwrap_or_default();
        let mut selector = first.chars();
        let route = selector.next().unwrap_or('e');
        let raw_query = selector.as_str();
        let mut segments: Vec<&str> = lines.collect();
        for segment in &segments {
            check_decode(segment);
        }

        let (prefix, page) = match route {
            'p' => ("/api/post", ""),
            'b' => {
                segments.resize(2, "x");
                ("/api/blog", "blog/[post]/comment/[id]")
            }
            _ => ("/api/echo", ""),
        };
        let encoded: Vec<String> = segments
            .iter()
            .map(|segment| utf8_percent_encode(segment, SEGMENT).to_string())
            .collect();
        let path = match route {
            'b' => format!("{prefix}/{}/comment/{}", encoded[0], encoded[1]),
            _ => encoded
                .iter()
                .fold(prefix.to_owned(), |path, segment| path + "/" + segment),
        };
        let query = utf8_percent_encode(raw_query, QUERY).to_string();
        let uri = if query.is_empty() {
            path.clone()
        } else {
            format!("{path}?{query}")
        };
        let uri: Uri = uri
            .parse()
            .unwrap_or_else(|error| panic!("harness built an invalid URI {uri:?}: {error}"));

        // What Next.js answers, in the order its router checks.
        let dot_segment =
            |segment: &String| matches!(decode_uri_component(segment).as_deref(), Some("." | ".."));
        // `//`, a trailing `/`, and `.` or `..` (also `%2e`) redirect before anything else.
        let expected_status = if encoded
            .iter()
            .any(|segment| segment.is_empty() || dot_segment(segment))
        {
            StatusCode::PERMANENT_REDIRECT
        } else if encoded
            .iter()
            .any(|segment| decode_uri_component(segment).is_none())
        {
            StatusCode::BAD_REQUEST // malformed percent-encoding (nextjs-compat 1.10)
        } else {
            StatusCode::OK
        };
        let decoded: Vec<String> = encoded
            .iter()
            .map(|segment| decode_uri_component(segment).unwrap_or_default())
            .collect();
        let mut expected_query = QueryMap::parse(uri.query().unwrap_or_default());
        let (expected_page, param) = match (route, decoded.as_slice()) {
            ('p', []) => return check_no_hang(uri),
            ('p', [_]) if encoded[0] == "create" => return check_no_hang(uri),
            ('p', [one]) => ("post/[pid]", Some(("pid", QueryValue::One(one.clone())))),
            ('p', many) => (
                "post/[...slug]",
                Some(("slug", QueryValue::Many(many.to_vec()))),
            ),
            ('b', [post, id]) => {
                expected_query.insert_param("post".to_owned(), QueryValue::One(post.clone()));
                (page, Some(("id", QueryValue::One(id.clone()))))
            }
            (_, []) => ("", None),
            (_, many) => ("", Some(("path", QueryValue::Many(many.to_vec())))),
        };
        if let Some((name, value)) = param {
            expected_query.insert_param(name.to_owned(), value);
        }

        let request = http::Request::get(uri.clone())
            .body(axum::body::Body::empty())
            .expect("a request");
        let (status, _, body) = send(request);
        assert_eq!(status, expected_status, "GET {uri}");
        if status != StatusCode::OK {
            return;
        }
        let answer: Value = serde_json::from_slice(&body).expect("a JSON answer");
        if !expected_page.is_empty() {
            assert_eq!(answer["page"], expected_page, "GET {uri}");
        }
        assert_eq!(
            answer["query"].to_string(),
            expected_query.to_json_string(),
            "GET {uri}"
        );
    }

    fn check_no_hang(uri: Uri) {
        let request = http::Request::get(uri)
            .body(axum::body::Body::empty())
            .expect("a request");
        send(request);
    }
}

pub mod router {
    use super::*;

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
            let (name, value) = match line.iter().position(|&b| b == b':') {
                Some(at) => (&line[..at], &line[at + 1..]),
                None => (line, &[][..]),
            };
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name),
                HeaderValue::from_bytes(value.trim_ascii()),
            ) {
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
            let answer: Value = serde_json::from_slice(&answer).expect("echo answers JSON");
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
}
