//! HTTP methods (nextjs-compat 4, nextjs-compat 9.4), over real HTTP: no method filtering, HEAD, and the 405
//! idiom of `examples/api-routes-rest` (`/api/rest`).

mod support;

use api_routes_test_support::raw_http::{RawResponse, request};
use serde_json::{Value, json};
use support::TestServer;

async fn raw(server: &TestServer, method: &str, path: &str, headers: &[&str]) -> RawResponse {
    request(server.address(), method, path, headers, None).await
}

#[tokio::test]
async fn every_method_reaches_an_unrestricted_handler_as_its_raw_string() {
    // nextjs-compat 4.1: no method filtering, no automatic 405 or OPTIONS
    let server = support::start().await;
    for method in [
        "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PURGE", "MKCOL",
    ] {
        let response = raw(&server, method, "/api/echo?m=1", &[]).await;
        assert_eq!(response.status(), 200, "{method}");
        let body: Value = serde_json::from_slice(&response.body).unwrap();
        assert_eq!(body["method"], method);
        assert_eq!(body["query"], json!({ "m": "1" }));
        assert_eq!(response.header("allow"), None, "{method}");
    }
}

#[tokio::test]
async fn head_runs_the_handler_and_keeps_the_get_headers_without_a_body() {
    // nextjs-compat 4.2: Content-Length and ETag kept, no body bytes on the wire
    let server = support::start().await;
    let get = raw(&server, "GET", "/api/rt/json?v=hello", &[]).await;
    let head = raw(&server, "HEAD", "/api/rt/json?v=hello", &[]).await;
    assert_eq!(head.status(), 200);
    assert!(head.body.is_empty(), "{:?}", head.text());
    for header in ["content-type", "content-length", "etag"] {
        assert!(get.header(header).is_some(), "{header}");
        assert_eq!(head.header(header), get.header(header), "{header}");
    }
    assert_eq!(head.header("content-length"), Some("29"));
}

#[tokio::test]
async fn head_of_a_text_and_a_streamed_answer_has_no_body_either() {
    // nextjs-compat 4.2
    let server = support::start().await;
    let text = raw(&server, "HEAD", "/api/rt/send?kind=string", &[]).await;
    assert!(text.body.is_empty());
    assert_eq!(text.header("content-length"), Some("6"));
    let stream = raw(&server, "HEAD", "/api/rt/send?kind=stream", &[]).await;
    assert_eq!(stream.status(), 200);
    assert!(stream.body.is_empty());
}

#[tokio::test]
async fn head_can_get_a_304_like_any_method() {
    // nextjs-compat 4.2, 10.8
    let server = support::start().await;
    let response = raw(
        &server,
        "HEAD",
        "/api/rt/json?v=hello",
        &[r#"If-None-Match: "12osr8tencbt""#],
    )
    .await;
    assert_eq!(response.status(), 304);
}

#[tokio::test]
async fn the_rest_idiom_answers_get() {
    // nextjs-compat 4.3: the GET branch of `switch (method)`
    let server = support::start().await;
    assert_eq!(
        server.text("/api/rest").await,
        (200, r#"{"id":1,"name":"User 1"}"#.to_owned())
    );
}

#[tokio::test]
async fn an_unsupported_method_is_405_with_two_allow_lines_and_no_content_type() {
    // nextjs-compat 4.3, 3.6: `HTTP/1.1 405 Method Not Allowed`, `Allow: GET`, `Allow: PUT`
    let server = support::start().await;
    let response = raw(&server, "DELETE", "/api/rest", &[]).await;
    assert_eq!(response.status_line, "HTTP/1.1 405 Method Not Allowed");
    assert_eq!(response.headers_named("allow"), ["GET", "PUT"]);
    assert_eq!(response.text(), "Method DELETE Not Allowed");
    assert_eq!(response.header("content-type"), None);
    let custom = raw(&server, "PURGE", "/api/rest", &[]).await;
    assert_eq!(custom.text(), "Method PURGE Not Allowed");
}

#[tokio::test]
async fn head_and_options_fall_into_the_405_branch_head_without_a_body() {
    // nextjs-compat 4.3: HEAD and OPTIONS also reach the handler's default branch
    let server = support::start().await;
    let options = raw(&server, "OPTIONS", "/api/rest", &[]).await;
    assert_eq!(options.status(), 405);
    assert_eq!(options.headers_named("allow"), ["GET", "PUT"]);
    assert_eq!(options.text(), "Method OPTIONS Not Allowed");
    let head = raw(&server, "HEAD", "/api/rest", &[]).await;
    assert_eq!(head.status_line, "HTTP/1.1 405 Method Not Allowed");
    assert_eq!(head.headers_named("allow"), ["GET", "PUT"]);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length"),
        Some("Method HEAD Not Allowed".len().to_string().as_str())
    );
}

#[tokio::test]
async fn options_reaches_the_handler_in_production() {
    // nextjs-compat 4.4: the dev-only hot-reloader quirk of Next 9 is not copied; OPTIONS is the handler's
    let server = support::start().await;
    let response = raw(
        &server,
        "OPTIONS",
        "/api/echo",
        &["Origin: https://example.com"],
    )
    .await;
    assert_eq!(response.status(), 200);
    let body: Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(body["method"], "OPTIONS");
    assert_eq!(response.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn methods_nodes_parser_refuses_are_400_and_close_the_connection() {
    // nextjs-compat 10.14: llhttp's method table, case-sensitive
    let server = support::start().await;
    for method in ["get", "Get", "FOO", "BREW", "PRI", "DESCRIBE"] {
        let response = raw(&server, method, "/api/echo", &[]).await;
        assert_eq!(response.status_line, "HTTP/1.1 400 Bad Request", "{method}");
        assert_eq!(response.header("connection"), Some("close"), "{method}");
        assert!(response.body.is_empty(), "{method}");
    }
    for method in [
        "PROPFIND",
        "QUERY",
        "M-SEARCH",
        "SEARCH",
        "TRACE",
        "UNSUBSCRIBE",
    ] {
        let response = raw(&server, method, "/api/echo", &[]).await;
        assert_eq!(response.status(), 200, "{method}");
        let body: Value = serde_json::from_slice(&response.body).unwrap();
        assert_eq!(body["method"], method);
    }
}

#[tokio::test]
async fn any_method_token_reaches_the_router_when_the_server_allows_it() {
    // nextjs-compat 10.14: `Server::refuse_unknown_methods(false)`
    let server = support::TestServer::serve_with(api_routes_tests::app(), |server| {
        server.refuse_unknown_methods(false)
    })
    .await;
    let response = raw(&server, "get", "/api/echo", &[]).await;
    assert_eq!(response.status(), 200);
    let body: Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(body["method"], "get");
}
