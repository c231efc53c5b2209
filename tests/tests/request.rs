//! `req` (nextjs-compat 2, nextjs-compat 9.2, nextjs-compat 10.2, 10.4–10.7), over real HTTP against the page
//! tree of `api-routes-tests`: `echo/[[...path]]` answers `{method, query, cookies, body}`, and
//! the `rt/` pages answer what their handlers read.

mod support;

use api_routes_test_support::raw_http::{RawBody, exchange, request};
use serde_json::{Value, json};
use support::TestServer;

const MIB: usize = 1024 * 1024;

/// `req.query` as `echo` serializes it, keys in order.
async fn query_of(server: &TestServer, path_and_query: &str) -> String {
    server.json(path_and_query).await["query"].to_string()
}

/// `req.query` of a request line sent byte for byte, so no client re-encodes the query.
async fn raw_query_of(server: &TestServer, path_and_query: &str) -> String {
    let response = request(server.address(), "GET", path_and_query, &[], None).await;
    assert_eq!(response.status(), 200, "{}", response.text());
    let body: Value = serde_json::from_slice(&response.body).expect("JSON");
    body["query"].to_string()
}

/// `req.cookies` for these `Cookie` header lines.
async fn cookies_of(server: &TestServer, cookie_headers: &[&str]) -> String {
    let mut builder = server.get("/api/echo");
    for header in cookie_headers {
        builder = builder.header("cookie", *header);
    }
    let response = builder.send().await.expect("request");
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("JSON");
    body["cookies"].to_string()
}

/// POSTs `body` with `content_type` (none when `None`) to `echo` and returns status and body
/// text.
async fn post(
    server: &TestServer,
    content_type: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> (u16, String) {
    let mut builder = server.request("POST", "/api/echo").body(body);
    if let Some(content_type) = content_type {
        builder = builder.header("content-type", content_type);
    }
    let response = builder.send().await.expect("request");
    (
        response.status().as_u16(),
        response.text().await.expect("body"),
    )
}

/// `req.body` as `echo` saw it for a POST of `body` with `content_type`; panics unless 200.
async fn body_of(
    server: &TestServer,
    content_type: Option<&str>,
    body: impl Into<reqwest::Body>,
) -> Value {
    let (status, text) = post(server, content_type, body).await;
    assert_eq!(status, 200, "{text}");
    serde_json::from_str::<Value>(&text).expect("JSON")["body"].clone()
}

/// Whether a request sent with `x-probe: probe` reached a handler.
async fn reached_handler(server: &TestServer, probe: &str) -> bool {
    server.json(&format!("/api/rt/probe?seen={probe}")).await["seen"] == json!(true)
}

// ---------------------------------------------------------------------------------------------
// 2.1 method, url, headers

#[tokio::test]
async fn req_exposes_the_raw_method_the_raw_url_and_lower_cased_headers() {
    // nextjs-compat 2.1
    let server = support::start().await;
    let response = request(
        server.address(),
        "PATCH",
        "/api/rt/req?x=1%20&y",
        &["X-Test: Hello"],
        None,
    )
    .await;
    let body: Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(
        body,
        json!({ "method": "PATCH", "url": "/api/rt/req?x=1%20&y", "xTest": "Hello", "headerNames": ["x-test"] })
    );
}

// ---------------------------------------------------------------------------------------------
// 2.2 params merged over the query

#[tokio::test]
async fn no_query_string_is_an_empty_query_object() {
    // nextjs-compat 2.2: [T-API] "should return empty query object"
    let server = support::start().await;
    assert_eq!(query_of(&server, "/api/echo").await, "{}");
}

#[tokio::test]
async fn a_route_param_overrides_the_same_named_query_key() {
    // nextjs-compat 2.2: PR #7744 `/post/abc?pid=bcd` → `{ pid: 'abc' }`
    let server = support::start().await;
    assert_eq!(
        server.json("/api/post/abc?pid=bcd").await["query"],
        json!({ "pid": "abc" })
    );
    assert_eq!(
        query_of(&server, "/api/echo/x?path=q&path=r").await,
        r#"{"path":["x"]}"#
    );
}

#[tokio::test]
async fn query_keys_come_first_and_an_overriding_param_keeps_its_key_position() {
    // nextjs-compat 10.7
    let server = support::start().await;
    assert_eq!(
        query_of(&server, "/api/echo/x/y?a=1&path=q&b=2").await,
        r#"{"a":"1","path":["x","y"],"b":"2"}"#
    );
    assert_eq!(
        server.json("/api/post/abc?z=1&a=2").await["query"].to_string(),
        r#"{"z":"1","a":"2","pid":"abc"}"#
    );
}

// ---------------------------------------------------------------------------------------------
// 2.3 query-string decoding

#[tokio::test]
async fn a_repeated_query_key_becomes_an_array_in_request_order() {
    // nextjs-compat 2.3: [T-API] `?a=1&b=2&a=3`
    let server = support::start().await;
    assert_eq!(
        query_of(&server, "/api/echo?a=1&b=2&a=3").await,
        r#"{"a":["1","3"],"b":"2"}"#
    );
}

#[tokio::test]
async fn a_key_without_a_value_is_an_empty_string() {
    // nextjs-compat 2.3: `?c` → `{"c":""}`
    let server = support::start().await;
    assert_eq!(query_of(&server, "/api/echo?c").await, r#"{"c":""}"#);
    assert_eq!(query_of(&server, "/api/echo?c=").await, r#"{"c":""}"#);
}

#[tokio::test]
async fn plus_is_a_space_and_percent_escapes_are_decoded_in_the_query() {
    // nextjs-compat 2.3: `+` → space, `%41` → `A`
    let server = support::start().await;
    assert_eq!(
        raw_query_of(&server, "/api/echo?q=a+b&x=%41&a+b=%2B").await,
        r#"{"q":"a b","x":"A","a b":"+"}"#
    );
}

#[tokio::test]
async fn brackets_in_query_keys_are_not_parsed_as_nesting() {
    // nextjs-compat 2.3: `a[]=1` → key `a[]`
    let server = support::start().await;
    assert_eq!(
        raw_query_of(&server, "/api/echo?a[]=1&a[]=2&b[c]=3").await,
        r#"{"a[]":["1","2"],"b[c]":"3"}"#
    );
}

// ---------------------------------------------------------------------------------------------
// 2.4 cookies

#[tokio::test]
async fn no_cookie_header_gives_an_empty_cookies_object() {
    // nextjs-compat 2.4: [T-API]
    let server = support::start().await;
    assert_eq!(cookies_of(&server, &[]).await, "{}");
}

#[tokio::test]
async fn a_trailing_semicolon_in_the_cookie_header_is_ignored() {
    // nextjs-compat 2.4: [T-API] `Cookie: nextjs=cool;`
    let server = support::start().await;
    assert_eq!(
        cookies_of(&server, &["nextjs=cool;"]).await,
        r#"{"nextjs":"cool"}"#
    );
}

#[tokio::test]
async fn cookies_split_on_semicolons_with_optional_spaces_but_not_on_commas() {
    // nextjs-compat 2.4, 10.2
    let server = support::start().await;
    assert_eq!(
        cookies_of(&server, &["a=1;b=2;   c=3 ; d = 4"]).await,
        r#"{"a":"1","b":"2","c":"3","d":"4"}"#
    );
    assert_eq!(
        cookies_of(&server, &["a=1, b=2"]).await,
        r#"{"a":"1, b=2"}"#
    );
}

#[tokio::test]
async fn the_first_occurrence_of_a_cookie_name_wins() {
    // nextjs-compat 2.4, 10.2
    let server = support::start().await;
    assert_eq!(
        cookies_of(&server, &["a=1; b=2; a=3"]).await,
        r#"{"a":"1","b":"2"}"#
    );
}

#[tokio::test]
async fn several_cookie_headers_are_joined_and_the_first_still_wins() {
    // nextjs-compat 2.4: array headers joined with `; `
    let server = support::start().await;
    assert_eq!(
        cookies_of(&server, &["a=1; b=2", "a=9; c=3"]).await,
        r#"{"a":"1","b":"2","c":"3"}"#
    );
}

#[tokio::test]
async fn pieces_without_an_equals_sign_are_skipped() {
    // nextjs-compat 2.4
    let server = support::start().await;
    assert_eq!(
        cookies_of(&server, &["flag; a=1; ; =x"]).await,
        r#"{"a":"1","":"x"}"#
    );
}

#[tokio::test]
async fn a_value_starting_with_a_quote_loses_its_first_and_last_character_balanced_or_not() {
    // nextjs-compat 2.4, 10.2: `a="x` → `""`
    let server = support::start().await;
    assert_eq!(
        cookies_of(&server, &[r#"a="hello"; b="x; c="; d=x""#]).await,
        r#"{"a":"hello","b":"","c":"","d":"x\""}"#
    );
}

#[tokio::test]
async fn cookie_values_are_uri_decoded_and_kept_raw_when_decoding_fails() {
    // nextjs-compat 2.4: decodeURIComponent, raw value on failure
    let server = support::start().await;
    assert_eq!(
        cookies_of(&server, &["a=%41%20b; b=%ZZ%41; c=a+b; d=%E2%82%AC"]).await,
        r#"{"a":"A b","b":"%ZZ%41","c":"a+b","d":"€"}"#
    );
}

// ---------------------------------------------------------------------------------------------
// 2.5 body parsing: every method, a (Content-Type), b (charset)

#[tokio::test]
async fn the_body_is_parsed_for_get_requests_too() {
    // nextjs-compat 2.5: body parsing runs for every method
    let server = support::start().await;
    let response = server
        .get("/api/echo")
        .header("content-type", "application/json")
        .body(r#"{"a":1}"#)
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["method"], "GET");
    assert_eq!(body["body"], json!({ "a": 1 }));
    for method in ["DELETE", "OPTIONS", "PUT"] {
        let response = server
            .request(method, "/api/echo")
            .header("content-type", "application/json")
            .body("[1]")
            .send()
            .await
            .unwrap();
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["body"], json!([1]), "{method}");
    }
}

#[tokio::test]
async fn a_missing_content_type_means_text() {
    // nextjs-compat 2.5a: missing → text/plain
    let server = support::start().await;
    assert_eq!(
        body_of(&server, None, r#"{"a":1}"#).await,
        json!(r#"{"a":1}"#)
    );
}

#[tokio::test]
async fn an_unparsable_content_type_means_text() {
    // nextjs-compat 2.5a, 10.4: `text`, `text/plain;`, `application/json;` are text/plain
    let server = support::start().await;
    for content_type in [
        "text",
        "text/plain;",
        "application/json;",
        "application/json, text/plain",
    ] {
        assert_eq!(
            body_of(&server, Some(content_type), r#"{"a":1}"#).await,
            json!(r#"{"a":1}"#),
            "{content_type}"
        );
    }
}

#[tokio::test]
async fn the_json_media_type_matches_case_insensitively() {
    // nextjs-compat 2.5a
    let server = support::start().await;
    assert_eq!(
        body_of(
            &server,
            Some("Application/JSON; Charset=UTF-8"),
            r#"{"a":1}"#
        )
        .await,
        json!({ "a": 1 })
    );
}

#[tokio::test]
async fn the_charset_parameter_selects_the_decoder() {
    // nextjs-compat 2.5b, 10.4
    let server = support::start().await;
    assert_eq!(
        body_of(
            &server,
            Some("text/plain; charset=latin1"),
            vec![b'c', b'a', b'f', 0xE9]
        )
        .await,
        json!("café")
    );
    assert_eq!(
        body_of(
            &server,
            Some("text/plain; charset=utf-16le"),
            vec![b'h', 0, b'i', 0]
        )
        .await,
        json!("hi")
    );
    assert_eq!(
        body_of(
            &server,
            Some("application/json; charset=iso-8859-1"),
            vec![b'"', 0xE9, b'"']
        )
        .await,
        json!("é")
    );
    assert_eq!(
        body_of(&server, Some("text/plain"), "héllo").await,
        json!("héllo")
    );
}

#[tokio::test]
async fn an_unknown_charset_is_400_invalid_body_and_the_handler_is_not_called() {
    // nextjs-compat 2.5d, 2.5i, 10.4
    let server = support::start().await;
    let response = request(
        server.address(),
        "POST",
        "/api/rt/probe",
        &[
            "Content-Type: text/plain; charset=klingon",
            "X-Probe: charset",
        ],
        Some(b"hello"),
    )
    .await;
    assert_eq!(response.status_line, "HTTP/1.1 400 Invalid body");
    assert_eq!(response.text(), "Invalid body");
    assert_eq!(response.header("content-type"), None);
    assert!(!reached_handler(&server, "charset").await);
}

#[tokio::test]
async fn an_unknown_charset_is_refused_before_the_body_is_read_even_over_the_limit() {
    // nextjs-compat 2.5d, 10.4: `raw-body` looks the decoder up before reading, so 400 rather than 413
    let server = support::start().await;
    let exchange = exchange(
        server.address(),
        "POST /api/rt/probe HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain; charset=klingon\r\nTransfer-Encoding: chunked\r\n\r\n",
        RawBody::Chunked { total: 256 * MIB as u64, chunk: 64 * 1024 },
    )
    .await;
    assert_eq!(exchange.response.status_line, "HTTP/1.1 400 Invalid body");
    // What the socket buffers took before the server closed: far from the whole body.
    assert!(
        exchange.bytes_written < 64 * MIB as u64,
        "{}",
        exchange.bytes_written
    );
}

#[tokio::test]
async fn a_utf8_byte_order_mark_is_dropped() {
    // nextjs-compat 10.4
    let server = support::start().await;
    let mut json_body = b"\xEF\xBB\xBF".to_vec();
    json_body.extend_from_slice(br#"{"a":1}"#);
    assert_eq!(
        body_of(&server, Some("application/json"), json_body).await,
        json!({ "a": 1 })
    );
    assert_eq!(
        body_of(&server, Some("text/plain"), b"\xEF\xBB\xBFhi".to_vec()).await,
        json!("hi")
    );
    assert_eq!(
        body_of(&server, Some("application/json"), b"\xEF\xBB\xBF".to_vec()).await,
        json!({})
    );
}

#[tokio::test]
async fn a_request_content_encoding_is_ignored() {
    // nextjs-compat 10.4
    let server = support::start().await;
    let response = server
        .request("POST", "/api/echo")
        .header("content-type", "application/json")
        .header("content-encoding", "gzip")
        .body(r#"{"plain":true}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["body"], json!({ "plain": true }));
}

// ---------------------------------------------------------------------------------------------
// 2.5c size limit

#[tokio::test]
async fn a_body_of_exactly_one_mebibyte_is_accepted() {
    // nextjs-compat 2.5c, 10.5: =limit ok
    let server = support::start().await;
    let response = server
        .request("POST", "/api/rt/probe")
        .header("content-type", "application/octet-stream")
        .body(vec![b'a'; MIB])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["length"], MIB);
}

#[tokio::test]
async fn one_byte_over_one_mebibyte_is_413_from_the_content_length_with_the_message_as_reason() {
    // nextjs-compat 2.5c, 2.5i, 10.5: `HTTP/1.1 413 Body exceeded 1mb limit`, no Content-Type, handler not called
    let server = support::start().await;
    let response = request(
        server.address(),
        "POST",
        "/api/rt/probe",
        &["Content-Type: text/plain", "X-Probe: over-by-one"],
        Some(&vec![b'a'; MIB + 1]),
    )
    .await;
    assert_eq!(response.status_line, "HTTP/1.1 413 Body exceeded 1mb limit");
    assert_eq!(response.text(), "Body exceeded 1mb limit");
    assert_eq!(response.header("content-type"), None);
    assert!(!reached_handler(&server, "over-by-one").await);
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_the_body_is_sent() {
    // nextjs-compat 2.5c: refused from Content-Length alone
    let server = support::start().await;
    let head = format!(
        "POST /api/rt/probe HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n",
        10 * MIB
    );
    let exchange = exchange(server.address(), &head, RawBody::None).await;
    assert_eq!(
        exchange.response.status_line,
        "HTTP/1.1 413 Body exceeded 1mb limit"
    );
}

#[tokio::test]
async fn an_expect_continue_request_over_the_limit_gets_the_413_instead_of_100_continue() {
    // nextjs-compat 2.5c: refused from the declared length, so the client is never invited to send
    let server = support::start().await;
    let head = format!(
        "POST /api/rt/probe HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n",
        MIB + 1
    );
    let exchange = exchange(server.address(), &head, RawBody::None).await;
    assert_eq!(
        exchange.response.status_line,
        "HTTP/1.1 413 Body exceeded 1mb limit"
    );
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_413_without_any_length() {
    // nextjs-compat 2.5c, 10.5: streamed bodies are counted too
    let server = support::start().await;
    let head = "POST /api/rt/probe HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nX-Probe: chunked-over\r\nTransfer-Encoding: chunked\r\n\r\n";
    let exchange = exchange(
        server.address(),
        head,
        RawBody::Chunked {
            total: MIB as u64 + 1,
            chunk: 64 * 1024,
        },
    )
    .await;
    assert_eq!(
        exchange.response.status_line,
        "HTTP/1.1 413 Body exceeded 1mb limit"
    );
    assert_eq!(exchange.response.text(), "Body exceeded 1mb limit");
    assert_eq!(exchange.response.header("content-type"), None);
    assert!(!reached_handler(&server, "chunked-over").await);
}

#[tokio::test]
async fn a_chunked_body_of_exactly_the_limit_is_accepted() {
    // nextjs-compat 2.5c, 10.5
    let server = support::start().await;
    let head = "POST /api/rt/probe HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n";
    let exchange = exchange(
        server.address(),
        head,
        RawBody::Chunked {
            total: MIB as u64,
            chunk: 10_000,
        },
    )
    .await;
    assert_eq!(
        exchange.response.status(),
        200,
        "{}",
        exchange.response.status_line
    );
    let body: Value = serde_json::from_slice(&exchange.response.body).unwrap();
    assert_eq!(body["length"], MIB);
}

#[tokio::test]
async fn the_size_limit_applies_to_get_requests() {
    // nextjs-compat 10.5
    let server = support::start().await;
    let response = request(
        server.address(),
        "GET",
        "/api/echo",
        &[],
        Some(&vec![b'a'; MIB + 1]),
    )
    .await;
    assert_eq!(response.status_line, "HTTP/1.1 413 Body exceeded 1mb limit");
}

#[tokio::test]
async fn a_configured_limit_is_enforced_and_repeated_verbatim_in_the_413() {
    // nextjs-compat 2.5c: `Body exceeded 500kb limit`; 500kb = 512,000 bytes
    let server = support::start().await;
    let at_limit = request(
        server.address(),
        "POST",
        "/api/rt/limit",
        &[],
        Some(&vec![b'a'; 500 * 1024]),
    )
    .await;
    assert_eq!(at_limit.status(), 200, "{}", at_limit.status_line);
    assert_eq!(at_limit.text(), r#"{"length":512000}"#);
    let over = request(
        server.address(),
        "POST",
        "/api/rt/limit",
        &["X-Probe: over-500kb"],
        Some(&vec![b'a'; 500 * 1024 + 1]),
    )
    .await;
    assert_eq!(over.status_line, "HTTP/1.1 413 Body exceeded 500kb limit");
    assert_eq!(over.text(), "Body exceeded 500kb limit");
    assert_eq!(over.header("content-type"), None);
    assert!(!reached_handler(&server, "over-500kb").await);
    // A body the default route would take is over this route's limit.
    let chunked = exchange(
        server.address(),
        "POST /api/rt/limit HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
        RawBody::Chunked {
            total: 600 * 1024,
            chunk: 8192,
        },
    )
    .await;
    assert_eq!(
        chunked.response.status_line,
        "HTTP/1.1 413 Body exceeded 500kb limit"
    );
}

#[tokio::test]
async fn a_numeric_limit_is_printed_as_a_number_in_the_413() {
    // nextjs-compat 2.5c: numeric limit → `Body exceeded 4096 limit`
    let server = support::start().await;
    let ok = request(
        server.address(),
        "POST",
        "/api/rt/limit-bytes",
        &[],
        Some(&[b'a'; 4096]),
    )
    .await;
    assert_eq!(ok.text(), r#"{"length":4096}"#);
    let over = request(
        server.address(),
        "POST",
        "/api/rt/limit-bytes",
        &[],
        Some(&[b'a'; 4097]),
    )
    .await;
    assert_eq!(over.status_line, "HTTP/1.1 413 Body exceeded 4096 limit");
    assert_eq!(over.text(), "Body exceeded 4096 limit");
}

// ---------------------------------------------------------------------------------------------
// 2.5d read errors

#[tokio::test]
async fn a_body_that_ends_before_its_content_length_is_400_invalid_body() {
    // nextjs-compat 2.5d: aborted stream / length mismatch
    let server = support::start().await;
    let head = "POST /api/rt/probe HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nX-Probe: truncated\r\nContent-Length: 100\r\n\r\n";
    let exchange = exchange(server.address(), head, RawBody::Truncated(vec![b'a'; 50])).await;
    assert_eq!(exchange.response.status_line, "HTTP/1.1 400 Invalid body");
    assert_eq!(exchange.response.text(), "Invalid body");
    assert_eq!(exchange.response.header("content-type"), None);
    assert!(!reached_handler(&server, "truncated").await);
}

// ---------------------------------------------------------------------------------------------
// 2.5e JSON

#[tokio::test]
async fn an_empty_json_body_is_an_empty_object() {
    // nextjs-compat 2.5e: [T-API] "should special-case empty JSON body"
    let server = support::start().await;
    assert_eq!(
        body_of(&server, Some("application/json"), "").await,
        json!({})
    );
    assert_eq!(
        body_of(&server, Some("application/ld+json"), "").await,
        json!({})
    );
}

#[tokio::test]
async fn a_white_space_json_body_is_400_invalid_json() {
    // nextjs-compat 10.4
    let server = support::start().await;
    assert_eq!(
        post(&server, Some("application/json"), " \n\t ").await,
        (400, "Invalid JSON".to_owned())
    );
}

#[tokio::test]
async fn any_json_value_is_accepted_as_the_body() {
    // nextjs-compat 2.5e: [T-API] `[{"title":"Nextjs"}]` echoed; strings, numbers, null too
    let server = support::start().await;
    for value in [
        json!([{ "title": "Nextjs" }]),
        json!("a string"),
        json!(42),
        json!(-1.5),
        json!(null),
        json!(false),
        json!({ "nested": { "z": 1, "a": [true] } }),
    ] {
        assert_eq!(
            body_of(&server, Some("application/json"), value.to_string()).await,
            value
        );
    }
}

#[tokio::test]
async fn invalid_json_is_400_with_the_message_as_reason_and_body_and_the_handler_is_not_called() {
    // nextjs-compat 2.5e, 2.5i, 10.5
    let server = support::start().await;
    let response = request(
        server.address(),
        "POST",
        "/api/rt/probe",
        &["Content-Type: application/json", "X-Probe: invalid-json"],
        Some(b"{not json"),
    )
    .await;
    assert_eq!(response.status_line, "HTTP/1.1 400 Invalid JSON");
    assert_eq!(response.text(), "Invalid JSON");
    assert_eq!(response.header("content-type"), None);
    assert!(!reached_handler(&server, "invalid-json").await);
}

#[tokio::test]
async fn ld_json_is_json_but_vnd_api_json_is_text() {
    // nextjs-compat 2.5e, 10.4
    let server = support::start().await;
    assert_eq!(
        body_of(&server, Some("application/ld+json"), r#"{"@id":"x"}"#).await,
        json!({ "@id": "x" })
    );
    assert_eq!(
        body_of(&server, Some("application/vnd.api+json"), r#"{"data":1}"#).await,
        json!(r#"{"data":1}"#)
    );
    // Text, so not JSON-checked either.
    assert_eq!(
        body_of(&server, Some("application/vnd.api+json"), "{oops").await,
        json!("{oops")
    );
}

// ---------------------------------------------------------------------------------------------
// 2.5f urlencoded

#[tokio::test]
async fn an_urlencoded_body_becomes_an_object() {
    // nextjs-compat 2.5f: [T-API]
    let server = support::start().await;
    assert_eq!(
        body_of(
            &server,
            Some("application/x-www-form-urlencoded"),
            "title=Nextjs&description=The%20React%20Framework%20for%20Production"
        )
        .await,
        json!({ "title": "Nextjs", "description": "The React Framework for Production" })
    );
}

#[tokio::test]
async fn the_urlencoded_type_matches_case_insensitively() {
    // nextjs-compat 2.5a, 2.5f: [T-API] `application/x-www-Form-urlencoded`
    let server = support::start().await;
    assert_eq!(
        body_of(
            &server,
            Some("application/x-www-Form-urlencoded"),
            "title=Nextjs"
        )
        .await,
        json!({ "title": "Nextjs" })
    );
}

#[tokio::test]
async fn urlencoded_repeats_become_arrays_and_plus_is_a_space() {
    // nextjs-compat 2.5f
    let server = support::start().await;
    assert_eq!(
        body_of(
            &server,
            Some("application/x-www-form-urlencoded"),
            "a=1&b=x+y&a=2&c&d=%ZZ"
        )
        .await,
        json!({ "a": ["1", "2"], "b": "x y", "c": "", "d": "%ZZ" })
    );
}

#[tokio::test]
async fn urlencoded_bodies_keep_only_the_first_1000_keys_while_the_query_has_no_cap() {
    // nextjs-compat 10.4
    let server = support::start().await;
    let pairs: Vec<String> = (0..1005).map(|i| format!("k{i}=v")).collect();
    let form = pairs.join("&");
    let body = body_of(
        &server,
        Some("application/x-www-form-urlencoded"),
        form.clone(),
    )
    .await;
    let object = body.as_object().expect("object");
    assert_eq!(object.len(), 1000);
    assert!(object.contains_key("k999") && !object.contains_key("k1000"));
    let query: Value = server.json(&format!("/api/echo?{form}")).await["query"].clone();
    assert_eq!(query.as_object().unwrap().len(), 1005);
}

// ---------------------------------------------------------------------------------------------
// 2.5g text, 2.5h no body

#[tokio::test]
async fn a_text_body_is_passed_through_as_a_string() {
    // nextjs-compat 2.5g
    let server = support::start().await;
    assert_eq!(
        body_of(&server, Some("text/plain"), "hello {\"a\":1} world").await,
        json!("hello {\"a\":1} world")
    );
    assert_eq!(
        body_of(&server, Some("text/html; charset=utf-8"), "<p>hi</p>").await,
        json!("<p>hi</p>")
    );
}

#[tokio::test]
async fn a_multipart_body_is_not_parsed_but_given_as_text() {
    // nextjs-compat 2.5g
    let server = support::start().await;
    let multipart =
        "--XyZ\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nvalue\r\n--XyZ--\r\n";
    assert_eq!(
        body_of(
            &server,
            Some("multipart/form-data; boundary=XyZ"),
            multipart
        )
        .await,
        json!(multipart)
    );
}

#[tokio::test]
async fn a_binary_body_is_decoded_lossily_as_text() {
    // nextjs-compat 2.5g
    let server = support::start().await;
    assert_eq!(
        body_of(
            &server,
            Some("application/octet-stream"),
            vec![b'a', 0xFF, b'b']
        )
        .await,
        json!("a\u{FFFD}b")
    );
}

#[tokio::test]
async fn no_body_is_an_empty_string() {
    // nextjs-compat 2.5h: the code's `""`, not the docs' `null`
    let server = support::start().await;
    assert_eq!(server.json("/api/echo").await["body"], json!(""));
    assert_eq!(body_of(&server, Some("text/plain"), "").await, json!(""));
    assert_eq!(
        body_of(&server, Some("application/x-www-form-urlencoded"), "").await,
        json!({})
    );
}

// ---------------------------------------------------------------------------------------------
// 2.6 bodyParser: false

#[tokio::test]
async fn a_raw_route_hands_the_untouched_stream_to_the_handler() {
    // nextjs-compat 2.6: not parsed (invalid JSON is no 400), `req.body` absent, stream readable once
    let server = support::start().await;
    let response = server
        .request("POST", "/api/rt/raw")
        .header("content-type", "application/json")
        .body("{not json, untouched")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({
            "length": 20,
            "head": "{not json, untouched",
            "bodyIsNull": true,
            "bytesIsEmpty": true,
            "secondTakeIsNone": true,
        })
    );
}

#[tokio::test]
async fn a_raw_route_has_no_body_limit_and_reads_chunked_bodies() {
    // nextjs-compat 2.6: no parsing means no sizeLimit either
    let server = support::start().await;
    let exchange = exchange(
        server.address(),
        "POST /api/rt/raw HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n",
        RawBody::Chunked { total: 3 * MIB as u64, chunk: 64 * 1024 },
    )
    .await;
    assert_eq!(
        exchange.response.status(),
        200,
        "{}",
        exchange.response.text()
    );
    let body: Value = serde_json::from_slice(&exchange.response.body).unwrap();
    assert_eq!(body["length"], 3 * MIB);
}

#[tokio::test]
async fn taking_the_raw_body_of_a_parsed_route_is_a_500_not_a_silent_none() {
    // nextjs-compat 2.6: only `body_parser = false` routes hand out the stream
    let server = support::start().await;
    let response = server
        .request("POST", "/api/rt/raw_on_parsed")
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(response.text().await.unwrap(), "Internal Server Error");
    assert_eq!(server.text("/api/rt/req").await.0, 200, "still serving");
}

// ---------------------------------------------------------------------------------------------
// typed access

#[tokio::test]
async fn a_typed_json_body_deserializes_and_a_mismatch_is_400() {
    // nextjs-compat 2.5e typed: `req.json::<T>()`
    let server = support::start().await;
    let ok = server
        .request("POST", "/api/rt/typed")
        .header("content-type", "application/json")
        .body(r#"{"name":"Ada","age":36}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().await.unwrap(), r#"{"name":"Ada","age":36}"#);
    for mismatch in [
        r#"{"name":"Ada","age":"old"}"#,
        r#"{"name":"Ada"}"#,
        "[1]",
        "",
    ] {
        let response = server
            .request("POST", "/api/rt/typed")
            .header("content-type", "application/json")
            .body(mismatch)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{mismatch}");
        assert_eq!(response.headers().get("content-type"), None);
        let text = response.text().await.unwrap();
        assert!(text.starts_with("Invalid body"), "{mismatch}: {text}");
    }
}

#[tokio::test]
async fn a_typed_query_deserializes_and_a_mismatch_is_400() {
    // nextjs-compat 2.3 typed: `req.query_as::<T>()`
    let server = support::start().await;
    assert_eq!(
        server.text("/api/rt/typed?page=2&tag=a&tag=b").await,
        (200, r#"{"page":2,"tag":["a","b"]}"#.to_owned())
    );
    assert_eq!(
        server.text("/api/rt/typed?page=3&tag=solo").await,
        (200, r#"{"page":3,"tag":["solo"]}"#.to_owned())
    );
    for mismatch in [
        "/api/rt/typed?page=x",
        "/api/rt/typed",
        "/api/rt/typed?page=1&page=2",
    ] {
        let (status, text) = server.text(mismatch).await;
        assert_eq!(status, 400, "{mismatch}: {text}");
        assert!(text.starts_with("Invalid query"), "{mismatch}: {text}");
    }
}
