//! `generate_etag`, `etag_for_bytes` and `is_fresh`, called directly.

use api_routes_runtime::__private::fuzzing::{etag_for_bytes, generate_etag, is_fresh};
use http::header::{CACHE_CONTROL, IF_MODIFIED_SINCE, IF_NONE_MATCH};
use http::{HeaderMap, HeaderName, HeaderValue};

pub fn run(data: &[u8]) {
    let (first, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let payload = String::from_utf8_lossy(first);
    let etag = generate_etag(&payload);
    assert_eq!(etag.as_str(), reference_etag(&payload), "{payload:?}");

    let numbers: Vec<String> = data.iter().map(u8::to_string).collect();
    let buffer_json = format!(r#"{{"type":"Buffer","data":[{}]}}"#, numbers.join(","));
    assert_eq!(etag_for_bytes(data), generate_etag(&buffer_json));

    let headers = request_headers(rest);
    // Our ETag, and an arbitrary one (which request headers can name exactly).
    check_freshness(&headers, &etag);
    check_freshness(&headers, &payload);
}

/// One header a line, `name: value`; the names `n`, `m` and `c` stand for `If-None-Match`,
/// `If-Modified-Since` and `Cache-Control`. A line `http` refuses is dropped.
fn request_headers(lines: &[u8]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for line in lines.split(|&b| b == b'\n') {
        let (name, value) = match line.iter().position(|&b| b == b':') {
            Some(at) => (&line[..at], &line[at + 1..]),
            None => (line, &[][..]),
        };
        let name = match name {
            b"n" => IF_NONE_MATCH,
            b"m" => IF_MODIFIED_SINCE,
            b"c" => CACHE_CONTROL,
            name => match HeaderName::from_bytes(name) {
                Ok(name) => name,
                Err(_) => continue,
            },
        };
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.append(name, value);
        }
    }
    headers
}

/// `fresh`'s rules seen from outside: nothing to compare is not fresh, an `If-Modified-Since`
/// is never fresh (the response has no `Last-Modified`), a matching tag or `*` is fresh unless
/// the request says `no-cache`.
fn check_freshness(headers: &HeaderMap, etag: &str) {
    let fresh = is_fresh(headers, etag);
    let has_modified_since = headers
        .get(IF_MODIFIED_SINCE)
        .is_some_and(|value| !value.as_bytes().trim_ascii().is_empty());
    if has_modified_since || !headers.contains_key(IF_NONE_MATCH) {
        assert!(!fresh, "{headers:?} is fresh for {etag:?}");
    }

    let Ok(etag_value) = HeaderValue::from_str(etag) else {
        return;
    };
    let mut plain = HeaderMap::new();
    for (name, value) in headers {
        if name != IF_NONE_MATCH && name != IF_MODIFIED_SINCE && name != CACHE_CONTROL {
            plain.append(name, value.clone());
        }
    }
    // A tag naming `etag` exactly: not empty, ASCII (Node reads header bytes as Latin-1), no comma
    // (which separates tags) and no white space around it (which Node drops).
    let exact = !etag.is_empty()
        && etag.is_ascii()
        && !etag.contains(',')
        && etag.trim_matches([' ', '\t']) == etag;
    let weak = HeaderValue::from_str(&format!("W/{etag}")).expect("a header value");
    for tag in [HeaderValue::from_static("*"), etag_value, weak] {
        let mut request = plain.clone();
        request.insert(IF_NONE_MATCH, tag.clone());
        if exact || tag == "*" {
            assert!(is_fresh(&request, etag), "{tag:?} for {etag:?}");
        }
        request.append(
            CACHE_CONTROL,
            HeaderValue::from_static("max-age=0, no-cache"),
        );
        assert!(!is_fresh(&request, etag), "no-cache, {tag:?} for {etag:?}");
    }
}

/// Next.js's ETag written another way: FNV-1a 64 over every UTF-16 unit, folded to 52 bits, then
/// the length in UTF-16 units, both in base 36.
fn reference_etag(payload: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut units: u64 = 0;
    for unit in payload.encode_utf16() {
        hash = (hash ^ u64::from(unit)).wrapping_mul(0x100_0000_01b3);
        units += 1;
    }
    let folded = (hash & ((1 << 52) - 1)) ^ (hash >> 52);
    format!("\"{}{}\"", base36(folded), base36(units))
}

fn base36(mut n: u64) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(char::from_digit((n % 36) as u32, 36).expect("a digit"));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().collect()
}
