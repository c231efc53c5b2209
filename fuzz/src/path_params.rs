//! `decode_uri_component` and `Page::params`, called directly: the route parameters of an
//! arbitrary pattern in a path that matches it, against a second implementation.

use std::borrow::Cow;

use api_routes_runtime::__private::PatternSegment;
use api_routes_runtime::__private::fuzzing::decode_uri_component;
use api_routes_runtime::QueryValue;
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use crate::pattern::parse_page;

pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    check_decode(&text);
    let mut lines = text.split('\n');
    let Some(page) = parse_page(lines.next().unwrap_or_default()) else {
        return;
    };
    let pattern = page.pattern;
    let dynamic = pattern
        .iter()
        .filter(|segment| !matches!(segment, PatternSegment::Static(_)))
        .count();
    // Any text at all, even one the router would never match: no panic, no invented parameter.
    assert!(page.params(&text).len() <= dynamic);

    // A path the router matches has one non-empty segment per `[param]`, one or more for a
    // catch-all and zero or more for an optional one: the lines fill them in order.
    let mut values = lines.filter(|value| !value.is_empty() && !value.contains('/'));
    let mut path = String::new();
    let mut expected = Vec::new();
    for segment in pattern {
        let (name, taken): (&str, Vec<&str>) = match *segment {
            PatternSegment::Static(name) => {
                path = path + "/" + name;
                continue;
            }
            PatternSegment::Param(name) => (name, vec![values.next().unwrap_or("x")]),
            PatternSegment::CatchAll(name) => {
                let mut rest: Vec<&str> = values.by_ref().collect();
                if rest.is_empty() {
                    rest.push("x");
                }
                (name, rest)
            }
            PatternSegment::OptionalCatchAll(name) => (name, values.by_ref().collect()),
        };
        for value in &taken {
            check_decode(value);
            path = path + "/" + value;
        }
        // Each segment decoded once; one that does not decode is kept as it is.
        let decoded: Vec<String> = taken
            .iter()
            .map(|value| decode_uri_component(value).unwrap_or_else(|| (*value).to_owned()))
            .collect();
        match *segment {
            PatternSegment::Param(_) => {
                expected.push((name, QueryValue::One(decoded[0].clone())));
            }
            _ if decoded.is_empty() => {} // an absent optional catch-all is no parameter
            _ => expected.push((name, QueryValue::Many(decoded))),
        }
    }
    if path.is_empty() {
        path.push('/');
    }
    assert_eq!(page.params(&path), expected, "{page} at {path:?}");
}

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

fn check_decode(s: &str) {
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
