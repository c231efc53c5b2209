//! `res` (nextjs-compat 3.1–3.7, 3.9–3.11, nextjs-compat 9.3, nextjs-compat 10.8, 10.9), over real HTTP against
//! the `rt/` pages of `api-routes-tests`. Errors (3.8) are in `errors.rs`.

mod support;

use api_routes_test_support::raw_http::{RawResponse, request};
use support::TestServer;

/// GET `path` byte for byte (no `Accept-Encoding`, nextjs-compat 3.11) with extra header lines.
async fn get(server: &TestServer, path: &str, headers: &[&str]) -> RawResponse {
    request(server.address(), "GET", path, headers, None).await
}

// ---------------------------------------------------------------------------------------------
// 3.1 status

#[tokio::test]
async fn the_status_set_by_the_handler_is_sent() {
    // nextjs-compat 3.1
    let server = support::start().await;
    for code in [201, 202, 418, 451, 599, 799] {
        let response = get(&server, &format!("/api/rt/status?code={code}"), &[]).await;
        assert_eq!(response.status(), code);
        assert_eq!(response.text(), "status set");
    }
}

// ---------------------------------------------------------------------------------------------
// 3.2 res.json

const JSON_TYPE: &str = "application/json; charset=utf-8";

#[tokio::test]
async fn json_true_sends_true_with_the_json_content_type() {
    // nextjs-compat 3.2: `json(true)`
    let server = support::start().await;
    let response = get(&server, "/api/rt/json?v=true", &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text(), "true");
    assert_eq!(response.header("content-type"), Some(JSON_TYPE));
    assert_eq!(response.header("content-length"), Some("4"));
}

#[tokio::test]
async fn json_null_sends_null() {
    // nextjs-compat 3.2: `json(null)`; Rust's `None` is JSON's null too
    let server = support::start().await;
    for vector in ["null", "none", "nan"] {
        let response = get(&server, &format!("/api/rt/json?v={vector}"), &[]).await;
        assert_eq!(response.text(), "null", "{vector}");
        assert_eq!(response.header("content-type"), Some(JSON_TYPE), "{vector}");
    }
}

#[tokio::test]
async fn json_of_a_string_sends_it_quoted() {
    // nextjs-compat 3.2: `json("Hello world!")` → `"Hello world!"`
    let server = support::start().await;
    let response = get(&server, "/api/rt/json?v=string", &[]).await;
    assert_eq!(response.text(), r#""Hello world!""#);
    assert_eq!(response.header("content-type"), Some(JSON_TYPE));
    let empty = get(&server, "/api/rt/json?v=empty-string", &[]).await;
    assert_eq!(empty.text(), r#""""#);
    assert_eq!(empty.header("etag"), Some(r#""yjanuu0u3d2""#));
}

#[tokio::test]
async fn json_output_is_compact_and_keeps_key_order() {
    // nextjs-compat 3.2: compact JSON, keys as written
    let server = support::start().await;
    assert_eq!(
        get(&server, "/api/rt/json?v=ordered", &[]).await.text(),
        r#"{"z":1,"a":[1,2],"m":{"y":true,"b":null}}"#
    );
    assert_eq!(
        get(&server, "/api/rt/json?v=number", &[]).await.text(),
        "42"
    );
    assert_eq!(
        get(&server, "/api/rt/json?v=float", &[]).await.text(),
        "1.5"
    );
    assert_eq!(
        get(&server, "/api/rt/json?v=unicode", &[]).await.text(),
        r#"{"emoji":"😀"}"#
    );
}

#[tokio::test]
async fn json_overrides_a_content_type_set_before() {
    // nextjs-compat 3.2: `sendJson` sets the Content-Type itself
    let server = support::start().await;
    let response = get(&server, "/api/rt/json?v=custom-type", &[]).await;
    assert_eq!(response.headers_named("content-type"), [JSON_TYPE]);
}

#[tokio::test]
async fn json_with_status_204_sends_no_body_and_no_content_type_or_etag() {
    // nextjs-compat 3.2 → 3.3 step 2: `res.status(204).json(x)` goes through `send`, which strips the body
    // and its headers before any ETag is computed
    let server = support::start().await;
    let response = get(&server, "/api/rt/json?v=no-content", &[]).await;
    assert_eq!(response.status(), 204);
    assert!(response.body.is_empty());
    assert_eq!(response.header("content-type"), None);
    assert_eq!(response.header("content-length"), None);
    assert_eq!(response.header("transfer-encoding"), None);
    assert_eq!(response.header("etag"), None);
}

// ---------------------------------------------------------------------------------------------
// 3.3 res.send

async fn send(server: &TestServer, query: &str) -> RawResponse {
    get(server, &format!("/api/rt/send?{query}"), &[]).await
}

#[tokio::test]
async fn send_of_a_string_has_no_content_type_and_its_utf8_length() {
    // nextjs-compat 3.3 step 7
    let server = support::start().await;
    let response = send(&server, "kind=string").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text(), "héllo");
    assert_eq!(response.header("content-type"), None);
    assert_eq!(response.header("content-length"), Some("6"));
    assert!(response.header("etag").is_some());
}

#[tokio::test]
async fn send_of_a_string_keeps_a_content_type_set_before() {
    // nextjs-compat 3.3 step 7: Content-Type untouched
    let server = support::start().await;
    let response = send(&server, "kind=string&ct=text/html").await;
    assert_eq!(response.headers_named("content-type"), ["text/html"]);
}

#[tokio::test]
async fn send_of_an_object_a_number_or_a_bool_is_json() {
    // nextjs-compat 3.3 step 6
    let server = support::start().await;
    for (kind, body) in [("object", r#"{"a":1}"#), ("number", "42"), ("bool", "true")] {
        let response = send(&server, &format!("kind={kind}")).await;
        assert_eq!(response.text(), body, "{kind}");
        assert_eq!(response.header("content-type"), Some(JSON_TYPE), "{kind}");
        assert!(response.header("etag").is_some(), "{kind}");
    }
    assert_eq!(
        send(&server, "kind=bool").await.header("etag"),
        Some(r#""ywwejgvrps4""#)
    );
}

#[tokio::test]
async fn send_of_an_object_forces_the_json_content_type() {
    // nextjs-compat 3.3 step 6: overrides a user value
    let server = support::start().await;
    let response = send(&server, "kind=object&ct=text/plain").await;
    assert_eq!(response.headers_named("content-type"), [JSON_TYPE]);
}

#[tokio::test]
async fn send_of_bytes_is_octet_stream_unless_a_type_is_set() {
    // nextjs-compat 3.3 step 5
    let server = support::start().await;
    let response = send(&server, "kind=bytes").await;
    assert_eq!(response.body, [1, 2, 3]);
    assert_eq!(
        response.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(response.header("content-length"), Some("3"));
    // nextjs-compat 3.3 step 4: the ETag of `JSON.stringify(buffer)`
    assert_eq!(response.header("etag"), Some(r#""kptswdn584w""#));
    let typed = send(&server, "kind=bytes&ct=image/png").await;
    assert_eq!(typed.headers_named("content-type"), ["image/png"]);
}

#[tokio::test]
async fn send_of_a_stream_is_octet_stream_without_etag_or_length() {
    // nextjs-compat 3.3 step 3
    let server = support::start().await;
    let response = send(&server, "kind=stream").await;
    assert_eq!(response.text(), "streamed");
    assert_eq!(
        response.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(response.header("etag"), None);
    let typed = send(&server, "kind=stream&ct=text/csv").await;
    assert_eq!(typed.headers_named("content-type"), ["text/csv"]);
}

#[tokio::test]
async fn send_of_nothing_has_no_content_type_no_etag_and_a_zero_length() {
    // nextjs-compat 3.3 step 1: null/undefined → `res.end()`
    let server = support::start().await;
    for kind in ["none", "unit", "empty"] {
        let response = send(&server, &format!("kind={kind}")).await;
        assert_eq!(response.status(), 200, "{kind}");
        assert!(response.body.is_empty(), "{kind}");
        assert_eq!(response.header("content-type"), None, "{kind}");
        assert_eq!(response.header("etag"), None, "{kind}");
        assert_eq!(response.header("content-length"), Some("0"), "{kind}");
    }
}

#[tokio::test]
async fn send_of_an_empty_string_is_a_body_with_an_etag() {
    // nextjs-compat 3.3 step 4, 3.4: `""` is not null: it gets the ETag `"78p3gz236i0"`
    let server = support::start().await;
    let response = send(&server, "kind=empty-string").await;
    assert!(response.body.is_empty());
    assert_eq!(response.header("etag"), Some(r#""78p3gz236i0""#));
    assert_eq!(response.header("content-type"), None);
}

#[tokio::test]
async fn status_204_strips_content_type_content_length_and_transfer_encoding() {
    // nextjs-compat 3.3 step 2: [T-API] "should handle 204"
    let server = support::start().await;
    for kind in ["string", "object", "bytes", "stream"] {
        let response = send(&server, &format!("kind={kind}&status=204&ct=text/plain")).await;
        assert_eq!(response.status_line, "HTTP/1.1 204 No Content", "{kind}");
        assert!(response.body.is_empty(), "{kind}");
        for header in [
            "content-type",
            "content-length",
            "transfer-encoding",
            "etag",
        ] {
            assert_eq!(response.header(header), None, "{kind}: {header}");
        }
    }
}

#[tokio::test]
async fn status_304_set_by_the_handler_sends_no_body_either() {
    // nextjs-compat 3.3 step 2
    let server = support::start().await;
    let response = send(&server, "kind=string&status=304&ct=text/plain").await;
    assert_eq!(response.status(), 304);
    assert!(response.body.is_empty());
    assert_eq!(response.header("content-type"), None);
    assert_eq!(response.header("content-length"), None);
}

#[tokio::test]
async fn end_writes_its_bytes_verbatim_without_content_type_or_etag() {
    // nextjs-compat 3.6: `res.end(x)`
    let server = support::start().await;
    let response = send(&server, "kind=end").await;
    assert_eq!(response.text(), "ended");
    assert_eq!(response.header("content-type"), None);
    assert_eq!(response.header("etag"), None);
    let response = get(&server, "/api/rt/headers?kind=end", &[]).await;
    assert_eq!(response.text(), r#"verbatim {"not":"json"}"#);
    assert_eq!(response.header("content-type"), None);
}

// ---------------------------------------------------------------------------------------------
// 3.4 ETag and 304

#[tokio::test]
async fn etags_over_http_match_the_spec_vectors() {
    // nextjs-compat 3.4
    let server = support::start().await;
    for (vector, etag) in [
        ("hello", r#""12osr8tencbt""#),
        ("list", r#""64qalocwhls""#),
        ("user", r#""cy2nwi6a0ko""#),
        ("missing", r#""13ywaow1j1y15""#),
        ("true", r#""ywwejgvrps4""#),
    ] {
        let response = get(&server, &format!("/api/rt/json?v={vector}"), &[]).await;
        assert_eq!(response.header("etag"), Some(etag), "{vector}");
    }
}

#[tokio::test]
async fn a_matching_if_none_match_gives_304_keeping_content_type_and_etag_without_a_body() {
    // nextjs-compat 3.4: [T-API] "should support etag spec"; 10.8: Content-Length dropped
    let server = support::start().await;
    let first = get(&server, "/api/rt/json?v=hello", &[]).await;
    assert_eq!(first.text(), r#"{"message":"Hello Everyone!"}"#);
    let etag = first.header("etag").unwrap().to_owned();
    let second = get(
        &server,
        "/api/rt/json?v=hello",
        &[&format!("If-None-Match: {etag}")],
    )
    .await;
    assert_eq!(second.status_line, "HTTP/1.1 304 Not Modified");
    assert!(second.body.is_empty());
    assert_eq!(second.header("etag"), Some(etag.as_str()));
    assert_eq!(second.header("content-type"), Some(JSON_TYPE));
    assert_eq!(second.header("content-length"), None);
}

#[tokio::test]
async fn if_none_match_star_gives_304() {
    // nextjs-compat 3.4
    let server = support::start().await;
    let response = get(&server, "/api/rt/json?v=user", &["If-None-Match: *"]).await;
    assert_eq!(response.status(), 304);
}

#[tokio::test]
async fn a_weak_prefix_and_a_list_of_tags_still_match() {
    // nextjs-compat 3.4: W/ prefix ignored, any listed tag
    let server = support::start().await;
    for header in [
        r#"If-None-Match: W/"12osr8tencbt""#,
        r#"If-None-Match: "other", "12osr8tencbt""#,
        r#"If-None-Match: "other",W/"12osr8tencbt" "#,
    ] {
        let response = get(&server, "/api/rt/json?v=hello", &[header]).await;
        assert_eq!(response.status(), 304, "{header}");
    }
}

#[tokio::test]
async fn a_different_tag_gives_the_full_answer() {
    // nextjs-compat 3.4
    let server = support::start().await;
    for header in [
        r#"If-None-Match: "12osr8tencbX""#,
        "If-None-Match: 12osr8tencbt",
    ] {
        let response = get(&server, "/api/rt/json?v=hello", &[header]).await;
        assert_eq!(response.status(), 200, "{header}");
        assert_eq!(response.text(), r#"{"message":"Hello Everyone!"}"#);
    }
}

#[tokio::test]
async fn request_cache_control_no_cache_blocks_the_304_but_max_age_and_pragma_do_not() {
    // nextjs-compat 3.4, 10.8
    let server = support::start().await;
    let matching = r#"If-None-Match: "12osr8tencbt""#;
    let blocked = get(
        &server,
        "/api/rt/json?v=hello",
        &[matching, "Cache-Control: no-cache"],
    )
    .await;
    assert_eq!(blocked.status(), 200);
    let blocked = get(
        &server,
        "/api/rt/json?v=hello",
        &[matching, "Cache-Control: public, no-cache"],
    )
    .await;
    assert_eq!(blocked.status(), 200);
    let max_age = get(
        &server,
        "/api/rt/json?v=hello",
        &[matching, "Cache-Control: max-age=0"],
    )
    .await;
    assert_eq!(max_age.status(), 304);
    let pragma = get(
        &server,
        "/api/rt/json?v=hello",
        &[matching, "Pragma: no-cache"],
    )
    .await;
    assert_eq!(pragma.status(), 304);
}

#[tokio::test]
async fn if_modified_since_alone_never_gives_a_304() {
    // nextjs-compat 10.8
    let server = support::start().await;
    let response = get(
        &server,
        "/api/rt/json?v=hello",
        &["If-Modified-Since: Thu, 01 Jan 2099 00:00:00 GMT"],
    )
    .await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_404_json_answer_becomes_304_when_its_etag_matches() {
    // nextjs-compat 3.4, 10.8
    let server = support::start().await;
    let first = get(&server, "/api/rt/json?v=missing", &[]).await;
    assert_eq!(first.status(), 404);
    let response = get(
        &server,
        "/api/rt/json?v=missing",
        &[r#"If-None-Match: "13ywaow1j1y15""#],
    )
    .await;
    assert_eq!(response.status(), 304);
    assert!(response.body.is_empty());
}

#[tokio::test]
async fn any_method_can_get_a_304() {
    // nextjs-compat 3.4, 10.8
    let server = support::start().await;
    for method in ["POST", "PUT", "DELETE"] {
        let response = request(
            server.address(),
            method,
            "/api/rt/json?v=hello",
            &[r#"If-None-Match: "12osr8tencbt""#],
            Some(b"ignored"),
        )
        .await;
        assert_eq!(response.status(), 304, "{method}");
    }
}

#[tokio::test]
async fn string_and_bytes_bodies_can_get_a_304_too_but_end_and_streams_cannot() {
    // nextjs-compat 3.3 step 4, 3.4
    let server = support::start().await;
    let text = send(&server, "kind=string").await;
    let etag = text.header("etag").unwrap().to_owned();
    let again = get(
        &server,
        "/api/rt/send?kind=string",
        &[&format!("If-None-Match: {etag}")],
    )
    .await;
    assert_eq!(again.status(), 304);
    let bytes = get(
        &server,
        "/api/rt/send?kind=bytes",
        &[r#"If-None-Match: "kptswdn584w""#],
    )
    .await;
    assert_eq!(bytes.status(), 304);
    for kind in ["end", "stream"] {
        let response = get(
            &server,
            &format!("/api/rt/send?kind={kind}"),
            &["If-None-Match: *"],
        )
        .await;
        assert_eq!(response.status(), 200, "{kind}");
    }
}

// ---------------------------------------------------------------------------------------------
// 3.5 redirect

#[tokio::test]
async fn redirect_is_307_with_location_and_the_url_as_body() {
    // nextjs-compat 3.5: [T-API] `res.redirect('/login')`
    let server = support::start().await;
    let response = get(&server, "/api/rt/redirect?to=/login", &[]).await;
    assert_eq!(response.status_line, "HTTP/1.1 307 Temporary Redirect");
    assert_eq!(response.header("location"), Some("/login"));
    assert_eq!(response.text(), "/login");
    assert_eq!(response.header("content-type"), None);
}

#[tokio::test]
async fn redirect_with_a_status_uses_that_status() {
    // nextjs-compat 3.5: [T-API] `res.redirect(301, '/login')`, with the status named
    let server = support::start().await;
    let response = get(
        &server,
        "/api/rt/redirect?kind=moved-permanently&to=/login",
        &[],
    )
    .await;
    assert_eq!(response.status_line, "HTTP/1.1 301 Moved Permanently");
    assert_eq!(response.header("location"), Some("/login"));
    assert_eq!(response.text(), "/login");
    let absolute = get(
        &server,
        "/api/rt/redirect?kind=permanent&to=https://example.com/a?b=c",
        &[],
    )
    .await;
    assert_eq!(absolute.status(), 308);
    assert_eq!(
        absolute.header("location"),
        Some("https://example.com/a?b=c")
    );
    for (kind, status_line) in [
        ("see-other", "HTTP/1.1 303 See Other"),
        ("found", "HTTP/1.1 302 Found"),
    ] {
        let response = get(&server, &format!("/api/rt/redirect?kind={kind}&to=/x"), &[]).await;
        assert_eq!(response.status_line, status_line);
        assert_eq!(response.header("location"), Some("/x"));
    }
}

#[tokio::test]
async fn a_redirect_url_with_a_line_break_is_refused_with_500_and_never_sent() {
    // nextjs-compat 3.5 (Node refuses such a header), 3.8
    let server = support::start().await;
    for to in ["/a%0D%0ASet-Cookie:%20x=1", "/a%0Ab", "/a%0Db"] {
        let response = get(&server, &format!("/api/rt/redirect?to={to}"), &[]).await;
        assert_eq!(
            response.status_line, "HTTP/1.1 500 Internal Server Error",
            "{to}"
        );
        assert_eq!(response.text(), "Internal Server Error");
        assert_eq!(response.header("location"), None);
        assert_eq!(response.header("set-cookie"), None);
    }
}

// ---------------------------------------------------------------------------------------------
// 3.6 headers

#[tokio::test]
async fn a_header_list_is_sent_as_one_line_per_value() {
    // nextjs-compat 3.6: `setHeader('Allow', ['GET', 'PUT'])` → `Allow: GET` + `Allow: PUT`
    let server = support::start().await;
    let response = get(&server, "/api/rt/headers?kind=allow", &[]).await;
    assert_eq!(response.headers_named("allow"), ["GET", "PUT"]);
    assert_eq!(response.text(), "two lines");
}

#[tokio::test]
async fn set_header_replaces_every_line_and_append_header_adds_one() {
    // nextjs-compat 3.6
    let server = support::start().await;
    let replaced = get(&server, "/api/rt/headers?kind=replace", &[]).await;
    assert_eq!(replaced.headers_named("x-thing"), ["c"]);
    let appended = get(&server, "/api/rt/headers?kind=append", &[]).await;
    assert_eq!(appended.headers_named("x-thing"), ["a", "b"]);
}

#[tokio::test]
async fn remove_header_removes_it_case_insensitively() {
    // nextjs-compat 3.6
    let server = support::start().await;
    let response = get(&server, "/api/rt/headers?kind=remove", &[]).await;
    assert_eq!(response.header("x-thing"), None);
}

#[tokio::test]
async fn get_header_reads_the_first_value_set() {
    // nextjs-compat 3.6
    let server = support::start().await;
    let response = get(&server, "/api/rt/headers?kind=get", &[]).await;
    assert_eq!(response.text(), "first");
}

#[tokio::test]
async fn a_header_value_with_a_line_break_is_500_and_never_sent() {
    // nextjs-compat 3.6 (Node throws ERR_INVALID_CHAR), 3.8
    let server = support::start().await;
    let response = get(&server, "/api/rt/headers?kind=crlf", &[]).await;
    assert_eq!(response.status_line, "HTTP/1.1 500 Internal Server Error");
    assert_eq!(response.header("injected"), None);
    assert_eq!(response.header("x-bad"), None);
    assert_eq!(response.text(), "Internal Server Error");
}

#[tokio::test]
async fn an_invalid_header_name_is_500() {
    // nextjs-compat 3.6 (Node throws ERR_INVALID_HTTP_TOKEN), 3.8
    let server = support::start().await;
    let response = get(&server, "/api/rt/headers?kind=bad-name", &[]).await;
    assert_eq!(response.status(), 500);
    assert_eq!(response.text(), "Internal Server Error");
}

// ---------------------------------------------------------------------------------------------
// 2.7 responseLimit, 3.7 revalidate, 3.9 no auto-end, 3.10 preview, 3.11 server extras

#[tokio::test]
async fn a_response_over_the_size_limit_is_only_warned_about_and_sent_in_full() {
    // nextjs-compat 2.7: the limit only logs a warning
    let server = support::start().await;
    let large = get(&server, "/api/rt/large", &[]).await;
    assert_eq!(large.status(), 200);
    assert_eq!(large.body.len(), 5 * 1024 * 1024);
    let unlimited = request(
        server.address(),
        "POST",
        "/api/rt/unlimited",
        &[],
        Some(&vec![b'a'; 1536 * 1024]),
    )
    .await;
    assert_eq!(unlimited.status(), 200, "{}", unlimited.status_line);
    assert_eq!(unlimited.body.len(), "1572864:".len() + 5 * 1024 * 1024);
    assert!(unlimited.text().starts_with("1572864:yyy"));
}

#[tokio::test]
async fn an_untouched_response_is_an_empty_200_rather_than_a_hanging_request() {
    // nextjs-compat 3.9: Next.js leaves the request open; the port's handler must return its `Response`,
    // and one it never touched is an empty 200 (documented difference)
    let server = support::start().await;
    let response = get(&server, "/api/rt/headers?kind=untouched", &[]).await;
    assert_eq!(response.status_line, "HTTP/1.1 200 OK");
    assert!(response.body.is_empty());
    assert_eq!(response.header("content-type"), None);
}

#[tokio::test]
async fn api_answers_carry_no_x_powered_by_header() {
    // nextjs-compat 3.11: X-Powered-By is only added for HTML render results
    let server = support::start().await;
    let response = get(&server, "/api/rt/json?v=hello", &[]).await;
    assert_eq!(response.header("x-powered-by"), None);
}

#[tokio::test]
async fn send_sets_the_content_length_itself_over_a_user_value() {
    // nextjs-compat 3.3 steps 5 and 7: `Content-Length` = the body's byte length
    let server = support::start().await;
    for (kind, length, body) in [
        ("string", "6", "héllo".as_bytes()),
        ("bytes", "3", &[1, 2, 3][..]),
    ] {
        let response = send(&server, &format!("kind={kind}&cl=1")).await;
        assert_eq!(response.status(), 200, "{kind}");
        assert_eq!(response.headers_named("content-length"), [length], "{kind}");
        assert_eq!(response.body, body, "{kind}");
    }
}
