//! Hostile input over real HTTP (`RELIABILITY.md` § Hostile input): each test sends
//! what a client on the open internet might, checks the answer, then makes a normal request and
//! checks the server still serves it. Rows already pinned elsewhere (a panic, a handler that never
//! finishes, a 1 GB upload…) are cited in the table, not repeated here.

mod support;

use std::net::SocketAddr;
use std::time::Instant;

use api_routes_test_support::raw_http::{
    RawBody, RawResponse, exchange, parse_response, request, send_bytes,
};
use serde_json::{Value, json};

const KIB: usize = 1024;
const NO_CACHE: &str = "private, no-cache, no-store, max-age=0, must-revalidate";

/// Asserts a normal request is still served: `GET /api/user` answers John Doe.
async fn still_serving(address: SocketAddr) {
    let response = request(address, "GET", "/api/user", &[], None).await;
    assert_eq!(response.status(), 200, "{}", response.text());
    assert_eq!(response.text(), r#"{"name":"John Doe"}"#);
}

/// Sends `bytes` as they are on a new connection; the request should carry `Connection: close`.
async fn raw_bytes(address: SocketAddr, bytes: &[u8]) -> RawResponse {
    parse_response(&send_bytes(address, bytes).await)
}

/// `GET path` with these extra header lines, all as raw bytes.
async fn raw_get(address: SocketAddr, path: &[u8], headers: &[u8]) -> RawResponse {
    let mut bytes = b"GET ".to_vec();
    bytes.extend_from_slice(path);
    bytes.extend_from_slice(b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
    bytes.extend_from_slice(headers);
    bytes.extend_from_slice(b"\r\n");
    raw_bytes(address, &bytes).await
}

/// POSTs `body` to `path` with this Content-Type header line (none when `None`), as raw bytes.
async fn raw_post(
    address: SocketAddr,
    path: &str,
    content_type: Option<&[u8]>,
    body: &[u8],
) -> RawResponse {
    let mut bytes =
        format!("POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n").into_bytes();
    if let Some(content_type) = content_type {
        bytes.extend_from_slice(b"Content-Type: ");
        bytes.extend_from_slice(content_type);
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    bytes.extend_from_slice(body);
    raw_bytes(address, &bytes).await
}

/// The JSON body of a 200 answer.
fn json_of(response: &RawResponse) -> Value {
    assert_eq!(response.status(), 200, "{}", response.text());
    serde_json::from_slice(&response.body).expect("JSON")
}

/// Asserts Next.js's plain 400 for a body-parser error: the message as reason and body, no
/// Content-Type (nextjs-compat 2.5i, 10.5).
fn assert_body_error(response: &RawResponse, message: &str, what: &str) {
    assert_eq!(
        response.status_line,
        format!("HTTP/1.1 400 {message}"),
        "{what}"
    );
    assert_eq!(response.text(), message, "{what}");
    assert_eq!(response.header("content-type"), None, "{what}");
}

// ---------------------------------------------------------------------------------------------
// Bodies

#[tokio::test]
async fn malformed_truncated_and_deeply_nested_json_is_400_invalid_json() {
    let server = support::start().await;
    let json = Some(&b"application/json"[..]);
    let deep = "[".repeat(100_000);
    let nested_200 = format!("{}{}", "[".repeat(200), "]".repeat(200));
    for body in [
        &b"{\"a\":[1,2"[..],
        b"{\"a\":",
        b"{\"a\":1}garbage",
        b"{'a':1}",
        b"[1,]",
        b"\"unterminated",
        b"\xff",
        // serde_json's recursion limit (128): refused, never a stack overflow.
        deep.as_bytes(),
        nested_200.as_bytes(),
    ] {
        let what = String::from_utf8_lossy(&body[..body.len().min(20)]).into_owned();
        let response = raw_post(server.address(), "/api/rt/probe", json, body).await;
        assert_body_error(&response, "Invalid JSON", &what);
    }
    // 128 levels still parse.
    let nested_100 = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let response = raw_post(server.address(), "/api/echo", json, nested_100.as_bytes()).await;
    assert_eq!(json_of(&response)["method"], "POST");

    // A JSON body that ends before its Content-Length: the read fails, 400 `Invalid body`.
    let head = "POST /api/rt/probe HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
    let truncated = exchange(
        server.address(),
        head,
        RawBody::Truncated(br#"{"a":[1,2,"#.to_vec()),
    )
    .await;
    assert_body_error(&truncated.response, "Invalid body", "truncated stream");

    let fine = raw_post(server.address(), "/api/echo", json, br#"{"a":[1,2]}"#).await;
    assert_eq!(json_of(&fine)["body"], json!({ "a": [1, 2] }));
    still_serving(server.address()).await;
}

#[tokio::test]
async fn a_wrong_or_missing_content_type_changes_the_parse_but_never_fails_the_server() {
    let server = support::start().await;
    let address = server.address();
    let body_of = async |content_type: Option<&[u8]>, body: &[u8]| {
        json_of(&raw_post(address, "/api/echo", content_type, body).await)["body"].clone()
    };
    // JSON labelled as a form: one key, the whole text.
    assert_eq!(
        body_of(Some(b"application/x-www-form-urlencoded"), br#"{"a":1}"#).await,
        json!({ r#"{"a":1}"#: "" })
    );
    // JSON labelled as text, or not labelled, or with a garbage or non-ASCII type: a string.
    for content_type in [
        Some(&b"text/plain"[..]),
        None,
        Some(b";;;/"),
        Some(b"application/json\xff"),
        Some(b"\xc3\xa9/\xc3\xa9"),
    ] {
        assert_eq!(
            body_of(content_type, br#"{"a":1}"#).await,
            json!(r#"{"a":1}"#),
            "{:?}",
            content_type.map(String::from_utf8_lossy)
        );
    }
    // A form or binary labelled as JSON: 400, the handler never runs.
    for body in [&b"a=1&b=2"[..], b"\x00\x01\x02"] {
        let response = raw_post(address, "/api/rt/probe", Some(b"application/json"), body).await;
        assert_body_error(&response, "Invalid JSON", "form as JSON");
    }
    assert_eq!(
        body_of(Some(b"application/json"), br#"{"a":1}"#).await,
        json!({ "a": 1 })
    );
    still_serving(address).await;
}

#[tokio::test]
async fn invalid_utf8_in_the_body_becomes_replacement_characters() {
    // As Next.js's raw-body does: bytes that are not UTF-8 decode to U+FFFD before parsing.
    let server = support::start().await;
    let address = server.address();
    let response = raw_post(
        address,
        "/api/echo",
        Some(b"application/json"),
        b"{\"a\":\"x\xff\xfey\"}",
    )
    .await;
    assert_eq!(
        json_of(&response)["body"],
        json!({ "a": "x\u{FFFD}\u{FFFD}y" })
    );
    let response = raw_post(
        address,
        "/api/echo",
        Some(b"application/x-www-form-urlencoded"),
        b"a=\xff&b=%FF&\xfe=c",
    )
    .await;
    assert_eq!(
        json_of(&response)["body"],
        json!({ "a": "\u{FFFD}", "b": "\u{FFFD}", "\u{FFFD}": "c" })
    );
    let response = raw_post(address, "/api/echo", Some(b"text/plain"), b"\xc3\x28\xa0").await;
    assert_eq!(json_of(&response)["body"], json!("\u{FFFD}(\u{FFFD}"));
    still_serving(address).await;
}

// ---------------------------------------------------------------------------------------------
// Query, cookies, path

#[tokio::test]
async fn invalid_utf8_in_the_query_is_400_raw_and_replacement_characters_escaped() {
    let server = support::start().await;
    let address = server.address();
    // Raw bytes over 0x7F are not a valid request target: hyper answers 400 before any handler.
    let response = raw_get(address, b"/api/echo?a=\xff\xfe", b"").await;
    assert_eq!(response.status_line, "HTTP/1.1 400 Bad Request");
    assert_eq!(response.text(), "");
    // Escaped, they decode to U+FFFD (URLSearchParams).
    let response = raw_get(address, b"/api/echo?a=%FF&%FE=b&c=%C3%28", b"").await;
    assert_eq!(
        json_of(&response)["query"],
        json!({ "a": "\u{FFFD}", "\u{FFFD}": "b", "c": "\u{FFFD}(" })
    );
    still_serving(address).await;
}

#[tokio::test]
async fn invalid_utf8_in_cookies_becomes_replacement_characters() {
    // Differs from Next.js: Node reads header bytes as Latin-1 (`\xff` → `ÿ`, UTF-8 `é` → `Ã©`).
    let server = support::start().await;
    let address = server.address();
    let response = raw_get(
        address,
        b"/api/echo",
        b"Cookie: a=\xff\xfe; b=%FF; c=\xc3\xa9; \xff=d\r\n",
    )
    .await;
    assert_eq!(
        json_of(&response)["cookies"],
        json!({ "a": "\u{FFFD}\u{FFFD}", "b": "%FF", "c": "é", "\u{FFFD}": "d" })
    );
    still_serving(address).await;
}

#[tokio::test]
async fn invalid_utf8_in_the_path_is_400() {
    let server = support::start().await;
    let address = server.address();
    // Raw bytes that are not UTF-8: refused by hyper's request-line parser, before any handler.
    for path in [
        &b"/api/echo/\xff"[..],
        b"/api/echo/\xc3",
        b"/api/post/\xe2\x82",
        b"/api/echo/\x80",
    ] {
        let response = raw_get(address, path, b"").await;
        assert_eq!(
            response.status_line,
            "HTTP/1.1 400 Bad Request",
            "{}",
            String::from_utf8_lossy(path)
        );
    }
    // Raw UTF-8 is accepted and routed (differs from Next.js: Node refuses any raw byte over
    // 0x7F with 400; clients percent-encode it anyway).
    let response = raw_get(address, b"/api/post/\xc3\xa9", b"").await;
    assert_eq!(json_of(&response)["query"], json!({ "pid": "é" }));
    // Escaped: decodeURIComponent fails, Next.js's 400 (nextjs-compat 1.10, 10.3).
    for path in [
        &b"/api/echo/%FF"[..],
        b"/api/post/a/%C0%AF",
        b"/api/post/%ED%A0%80",
    ] {
        let response = raw_get(address, path, b"").await;
        assert_eq!(
            response.status_line,
            "HTTP/1.1 400 Bad Request",
            "{}",
            String::from_utf8_lossy(path)
        );
        assert_eq!(response.header("cache-control"), Some(NO_CACHE));
    }
    still_serving(address).await;
}

#[tokio::test]
async fn malformed_percent_encoding_is_400_in_the_path_and_literal_elsewhere() {
    let server = support::start().await;
    let address = server.address();
    for path in [
        "/api/post/%ZZ",
        "/api/post/a/%",
        "/api/echo/x/%E2%82",
        "/api/echo/%2",
        "/api/user%",
    ] {
        let response = request(address, "GET", path, &[], None).await;
        assert_eq!(response.status_line, "HTTP/1.1 400 Bad Request", "{path}");
        assert_eq!(response.text(), "Bad Request", "{path}");
        assert_eq!(response.header("cache-control"), Some(NO_CACHE), "{path}");
    }
    let echo = json_of(
        &request(
            address,
            "GET",
            "/api/echo?a=%ZZ&b=%&c=%E2%82&%ZZ=d&z=%4&w=100%",
            &[
                "Cookie: e=%ZZ; f=%E2%82; g=%",
                "Content-Type: application/x-www-form-urlencoded",
            ],
            Some(b"h=%ZZ&i=%&j=%E2%82"),
        )
        .await,
    );
    assert_eq!(
        echo["query"],
        json!({ "a": "%ZZ", "b": "%", "c": "\u{FFFD}", "%ZZ": "d", "z": "%4", "w": "100%" })
    );
    assert_eq!(
        echo["cookies"],
        json!({ "e": "%ZZ", "f": "%E2%82", "g": "%" })
    );
    assert_eq!(
        echo["body"],
        json!({ "h": "%ZZ", "i": "%", "j": "\u{FFFD}" })
    );
    still_serving(address).await;
}

#[tokio::test]
async fn ten_thousand_query_keys_are_parsed_in_linear_time() {
    // Past Node's 16 KiB head limit (nextjs-compat 10.14), so on a server that allows more.
    let server = support::start_with_head_limit(HYPER_DEFAULT_HEAD_BYTES).await;
    let address = server.address();
    still_serving(address).await; // warm up
    // 10,000 distinct keys: `?0&1&…&9999` (48,889 bytes).
    let distinct: Vec<String> = (0..10_000).map(|i| i.to_string()).collect();
    let path = format!("/api/echo?{}", distinct.join("&"));
    let started = Instant::now();
    let response = request(address, "GET", &path, &[], None).await;
    let took_distinct = started.elapsed();
    let query = json_of(&response)["query"].clone();
    let query = query.as_object().expect("object");
    assert_eq!(query.len(), 10_000);
    assert_eq!(query["9999"], "");
    // 10,000 repeats of one key: an array, on a route whose param merges into the query.
    let path = format!("/api/post/a/b?{}", vec!["k=v"; 10_000].join("&"));
    let started = Instant::now();
    let response = request(address, "GET", &path, &[], None).await;
    let took_repeated = started.elapsed();
    let query = json_of(&response)["query"].clone();
    assert_eq!(query["k"].as_array().expect("array").len(), 10_000);
    assert_eq!(query["slug"], json!(["a", "b"]));
    eprintln!(
        "10,000 query keys: distinct {took_distinct:?}, one key repeated {took_repeated:?} (whole request, this build)"
    );
    // A request target over 65,534 bytes (the `http` crate's URI limit): hyper answers 414.
    let path = format!("/api/echo?{}", "k=v&".repeat(17_000));
    let response = request(address, "GET", &path, &[], None).await;
    assert_eq!(response.status_line, "HTTP/1.1 414 URI Too Long");
    still_serving(address).await;
}

/// The app on plain `axum::serve` at `127.0.0.1:0`, until the test ends: the server a user may run
/// instead of ours, for the one test that pins hyper's limits on both (`RELIABILITY.md`).
async fn axum_server() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { api_routes::axum::serve(listener, api_routes_tests::app()).await });
    address
}

#[tokio::test]
async fn a_100_kb_cookie_header_is_parsed_and_a_head_past_hypers_buffer_is_431() {
    // Both servers: `api_routes::Server` (what `serve` runs) set to hyper's default buffer, and
    // plain `axum::serve`, hyper's defaults.
    let test_server = support::start_with_head_limit(HYPER_DEFAULT_HEAD_BYTES).await;
    for address in [test_server.address(), axum_server().await] {
        // One cookie of 100 KiB.
        let big = format!("Cookie: a={}", "x".repeat(100 * KIB));
        let cookies =
            json_of(&request(address, "GET", "/api/echo", &[&big], None).await)["cookies"].clone();
        assert_eq!(cookies["a"].as_str().map(str::len), Some(100 * KIB));
        // 100 KiB of small cookies (10,000 of them), many repeating a name: the first wins.
        let many: Vec<String> = (0..10_000).map(|i| format!("c{}={i}", i % 5_000)).collect();
        let many = format!("Cookie: {}", many.join("; "));
        assert!(many.len() > 100 * KIB, "{}", many.len());
        let cookies =
            json_of(&request(address, "GET", "/api/echo", &[&many], None).await)["cookies"].clone();
        let cookies = cookies.as_object().expect("object");
        assert_eq!(cookies.len(), 5_000);
        assert_eq!(cookies["c42"], "42");
        // A 1 MiB header: past hyper's read buffer (`max_buf_size`, 8 KiB + 400 KiB), 431.
        let huge = format!("Cookie: a={}", "x".repeat(1024 * KIB));
        let response = request(address, "GET", "/api/echo", &[&huge], None).await;
        assert_eq!(
            response.status_line,
            "HTTP/1.1 431 Request Header Fields Too Large"
        );
        // More than 100 header lines (hyper's limit): 431 too.
        let lines: Vec<String> = (0..120).map(|i| format!("X-H{i}: v")).collect();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let response = request(address, "GET", "/api/echo", &lines, None).await;
        assert_eq!(
            response.status_line,
            "HTTP/1.1 431 Request Header Fields Too Large"
        );
        still_serving(address).await;
    }
}

/// hyper's default read buffer (8 KiB + 400 KiB): the head limit of plain `axum::serve`.
const HYPER_DEFAULT_HEAD_BYTES: usize = 8 * KIB + 400 * KIB;

/// `GET /api/user` with one `X-Pad` header making the request head exactly `total` bytes.
async fn head_of(address: SocketAddr, total: usize) -> RawResponse {
    let start = b"GET /api/user HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Pad: ";
    let end = b"\r\n\r\n";
    let mut bytes = start.to_vec();
    bytes.resize(total - end.len(), b'a');
    bytes.extend_from_slice(end);
    raw_bytes(address, &bytes).await
}

#[tokio::test]
async fn a_head_over_16_kib_is_431_as_on_node() {
    // nextjs-compat 10.14: Node's default `max-http-header-size`, request line included.
    let server = support::start().await;
    let address = server.address();
    assert_eq!(head_of(address, 16 * KIB).await.status(), 200);
    let response = head_of(address, 16 * KIB + 29).await;
    assert_eq!(
        response.status_line,
        "HTTP/1.1 431 Request Header Fields Too Large"
    );
    let response = request(
        address,
        "GET",
        "/api/echo",
        &[&format!("Cookie: a={}", "x".repeat(100 * KIB))],
        None,
    )
    .await;
    assert_eq!(response.status(), 431);
    still_serving(address).await;
}

#[tokio::test]
async fn the_head_limit_is_a_server_setting() {
    // nextjs-compat 10.14: `--max-http-header-size`, as `Server::max_header_bytes`
    let server = support::start_with_head_limit(64 * KIB).await;
    assert_eq!(head_of(server.address(), 60 * KIB).await.status(), 200);
    assert_eq!(head_of(server.address(), 65 * KIB).await.status(), 431);
}

// ---------------------------------------------------------------------------------------------
// User input in the response head

#[tokio::test]
async fn crlf_from_user_input_in_a_header_value_is_500_and_never_sent() {
    // Node's setHeader throws ERR_INVALID_CHAR, so Next.js answers 500 too (nextjs-compat 3.6, 3.8).
    let server = support::start().await;
    let address = server.address();
    for value in [
        "a%0D%0AInjected:%20yes",
        "a%0Ab",
        "a%0Db",
        "a%00b",
        "%0D%0A%0D%0A%3Chtml%3E",
    ] {
        let path = format!("/api/hostile/header?value={value}");
        let response = request(address, "GET", &path, &[], None).await;
        assert_eq!(
            response.status_line, "HTTP/1.1 500 Internal Server Error",
            "{value}"
        );
        assert_eq!(response.text(), "Internal Server Error", "{value}");
        assert_eq!(response.header("x-echo"), None, "{value}");
        assert_eq!(response.header("injected"), None, "{value}");
    }
    // A cookie value from user input is percent-encoded: one harmless Set-Cookie line.
    let response = request(
        address,
        "GET",
        "/api/hostile/header?cookie=a%0D%0ASet-Cookie:%20admin=1",
        &[],
        None,
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers_named("set-cookie"),
        ["echo=a%0D%0ASet-Cookie%3A%20admin%3D1"]
    );
    let fine = request(address, "GET", "/api/hostile/header?value=fine", &[], None).await;
    assert_eq!(fine.status(), 200);
    assert_eq!(fine.header("x-echo"), Some("fine"));
    still_serving(address).await;
}

#[tokio::test]
async fn crlf_in_a_redirect_target_is_500_and_an_encoded_one_in_the_path_stays_encoded() {
    let server = support::start().await;
    let address = server.address();
    for to in [
        "%0D%0ALocation:%20https://evil.example",
        "/a%0D%0A%0D%0A%3Cscript%3E",
        "/a%00b",
    ] {
        let path = format!("/api/rt/redirect?to={to}");
        let response = request(address, "GET", &path, &[], None).await;
        assert_eq!(
            response.status_line, "HTTP/1.1 500 Internal Server Error",
            "{to}"
        );
        assert_eq!(response.header("location"), None, "{to}");
    }
    // The server's own 308s copy the path, still percent-encoded, into Location.
    let response = request(
        address,
        "GET",
        "/api/users%0D%0ASet-Cookie:%20x=1/",
        &[],
        None,
    )
    .await;
    assert_eq!(response.status(), 308);
    assert_eq!(
        response.header("location"),
        Some("/api/users%0D%0ASet-Cookie:%20x=1")
    );
    assert_eq!(response.header("set-cookie"), None);
    let fine = request(address, "GET", "/api/rt/redirect?to=/login", &[], None).await;
    assert_eq!(fine.status(), 307);
    assert_eq!(fine.header("location"), Some("/login"));
    still_serving(address).await;
}

// ---------------------------------------------------------------------------------------------
// Catch-all segments

#[tokio::test]
async fn dot_segments_redirect_to_the_resolved_path_and_encoded_slashes_stay_in_one_segment() {
    // Differs from Next.js, which resolves `.` and `..` (also `%2e`) and serves the resolved path
    // directly (nextjs-compat 10.6): we answer 308 to the resolved path, so a handler still never sees `.`
    // or `..` in a param. HTTP clients resolve dot segments before sending, hence raw requests.
    let server = support::start().await;
    let address = server.address();
    for (path, location) in [
        ("/api/echo/a/../b", "/api/echo/b"),
        ("/api/echo/a/./b?q=1", "/api/echo/a/b?q=1"),
        ("/api/post/x/%2e%2E/y", "/api/post/y"),
        ("/api/post/a/b/%2E", "/api/post/a/b"),
        ("/api/post/%2e%2E/user", "/api/user"),
        ("/api/echo/../../../etc/passwd", "/etc/passwd"),
        ("/api/post/a/../../../user", "/user"),
        ("/api/x/../user", "/api/user"),
        ("/api/x/../users?a=1", "/api/users?a=1"),
        ("/api/./user", "/api/user"),
    ] {
        let response = request(address, "GET", path, &[], None).await;
        assert_eq!(response.status(), 308, "{path}");
        assert_eq!(response.header("location"), Some(location), "{path}");
        assert_eq!(response.text(), location, "{path}");
    }
    // Following the redirect reaches the resolved route.
    let echo = json_of(&request(address, "GET", "/api/echo/b", &[], None).await);
    assert_eq!(echo["query"], json!({ "path": ["b"] }));
    // Above the API root: the resolved path is simply not found.
    let outside = request(address, "GET", "/etc/passwd", &[], None).await;
    assert_eq!(outside.status(), 404);
    // An encoded slash is not a separator, so `..%2F` is not a dot segment: the handler gets one
    // decoded segment holding `../` (as in Next.js). Never use a param as a file path unchecked.
    for (path, slug) in [
        ("/api/echo/..%2F..%2Fetc", json!(["../../etc"])),
        ("/api/echo/a/%2e%2e%2fsecret", json!(["a", "../secret"])),
        ("/api/echo/%2F/x", json!(["/", "x"])),
        ("/api/post/a/b%2F..%2Fc", json!(["a", "b/../c"])),
    ] {
        let body = json_of(&request(address, "GET", path, &[], None).await);
        let params = body["query"]
            .get("path")
            .or_else(|| body["query"].get("slug"))
            .cloned();
        assert_eq!(params, Some(slug), "{path}");
    }
    still_serving(address).await;
}

// ---------------------------------------------------------------------------------------------
// Handlers that panic or never finish, all at once

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn panics_and_hung_handlers_in_flight_do_not_disturb_other_requests() {
    let server = support::start().await;
    let address = server.address();
    let mut tasks = Vec::new();
    for i in 0..60 {
        let path = match i % 6 {
            0 | 1 => "/api/panic",
            2 => "/api/hang",
            _ => "/api/user",
        };
        tasks.push(tokio::spawn(async move {
            (path, request(address, "GET", path, &[], None).await)
        }));
    }
    for task in tasks {
        let (path, response) = task.await.unwrap();
        let expected = match path {
            "/api/panic" => 500,
            "/api/hang" => 504,
            _ => 200,
        };
        assert_eq!(response.status(), expected, "{path}");
    }
    still_serving(address).await;
}

#[tokio::test]
async fn the_header_line_limit_is_a_server_setting() {
    // nextjs-compat 10.14: 100 lines by default (Node: 2000), more with `Server::max_headers`
    let server =
        support::TestServer::serve_with(api_routes_tests::app(), |server| server.max_headers(2000))
            .await;
    let lines: Vec<String> = (0..500).map(|i| format!("X-H{i}: v")).collect();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let response = request(server.address(), "GET", "/api/echo", &lines, None).await;
    assert_eq!(response.status(), 200);
}
