//! Arbitrary path segments and queries through the router to the test tree's dynamic pages: the
//! status Next.js's order of checks gives, the page that answers, and `req.query` exactly.

use api_routes_runtime::__private::fuzzing::decode_uri_component;
use api_routes_runtime::axum;
use api_routes_runtime::{QueryMap, QueryValue};
use http::{StatusCode, Uri};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::app::send;
use crate::parse_json;

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

pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or_default();
    let mut selector = first.chars();
    let route = selector.next().unwrap_or('e');
    let raw_query = selector.as_str();
    let mut segments: Vec<&str> = lines.collect();

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
    let answer = parse_json(&body).expect("a JSON answer");
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
