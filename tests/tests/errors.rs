//! Errors (nextjs-compat 3.8, 3.1, 2.5i, nextjs-compat 9.3), over real HTTP: what `ApiError`, `?`, a panic and
//! an invalid status answer, and that the server keeps serving afterwards.

mod support;

use api_routes_test_support::raw_http::{RawResponse, request};
use support::TestServer;

async fn get(server: &TestServer, path: &str) -> RawResponse {
    request(server.address(), "GET", path, &[], None).await
}

/// Asserts Next.js's production 500: status line, body, no Content-Type (nextjs-compat 3.8).
fn assert_internal_server_error(response: &RawResponse, what: &str) {
    assert_eq!(
        response.status_line, "HTTP/1.1 500 Internal Server Error",
        "{what}"
    );
    assert_eq!(response.text(), "Internal Server Error", "{what}");
    assert_eq!(response.header("content-type"), None, "{what}");
}

#[tokio::test]
async fn an_api_error_answers_its_status_with_the_message_as_reason_and_body() {
    // nextjs-compat 3.8: `ApiError(status, message)` → sendError: status, statusMessage = body = message
    let server = support::start().await;
    let response = get(&server, "/api/rt/error?kind=api").await;
    assert_eq!(response.status_line, "HTTP/1.1 418 Teapot refused");
    assert_eq!(response.text(), "Teapot refused");
    assert_eq!(response.header("content-type"), None);
    let response = get(&server, "/api/rt/error?kind=not-found").await;
    assert_eq!(response.status_line, "HTTP/1.1 404 User 11 not found");
    assert_eq!(response.text(), "User 11 not found");
}

#[tokio::test]
async fn an_api_error_message_that_cannot_be_a_reason_phrase_keeps_the_standard_one() {
    // nextjs-compat 3.8: the body still carries the message; a line break cannot go in a status line
    let server = support::start().await;
    let response = get(&server, "/api/rt/error?kind=unprintable").await;
    assert_eq!(response.status_line, "HTTP/1.1 400 Bad Request");
    assert_eq!(response.text(), "line\nbreak");
}

#[tokio::test]
async fn question_mark_on_another_error_is_500_internal_server_error() {
    // nextjs-compat 3.8: production answer for an unknown error
    let server = support::start().await;
    assert_internal_server_error(&get(&server, "/api/rt/error?kind=question").await, "?");
    let ok = get(&server, "/api/rt/error").await;
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text(), "fine");
}

#[tokio::test]
async fn an_internal_api_error_is_500_internal_server_error() {
    // nextjs-compat 3.8
    let server = support::start().await;
    assert_internal_server_error(
        &get(&server, "/api/rt/error?kind=cookie-then-error").await,
        "ApiError::internal",
    );
}

#[tokio::test]
async fn a_panic_is_500_and_the_server_answers_the_next_request() {
    // nextjs-compat 3.8: [T-API] "should throw Internal Server Error"; the process survives
    let server = support::start().await;
    assert_internal_server_error(&get(&server, "/api/panic").await, "panic");
    assert_eq!(
        server.text("/api/user").await,
        (200, r#"{"name":"John Doe"}"#.to_owned())
    );
    // Again, and on one keep-alive connection: the panic does not poison the connection.
    let client = reqwest::Client::new();
    for _ in 0..3 {
        let panicked = client.get(server.url("/api/panic")).send().await.unwrap();
        assert_eq!(panicked.status(), 500);
        assert!(panicked.headers().get("content-type").is_none());
        assert_eq!(panicked.text().await.unwrap(), "Internal Server Error");
        let fine = client.get(server.url("/api/user")).send().await.unwrap();
        assert_eq!(fine.status(), 200);
    }
}

#[tokio::test]
async fn a_panic_in_a_handler_returning_result_is_500_too() {
    // nextjs-compat 3.8: the async variant ([T-API] sync and async throws)
    let server = support::start().await;
    assert_internal_server_error(&get(&server, "/api/rt/error?kind=panic").await, "panic");
    assert_eq!(get(&server, "/api/rt/error").await.text(), "fine");
}

#[tokio::test]
async fn an_invalid_status_code_is_500_without_a_panic() {
    // nextjs-compat 3.1, 3.8: Node rejects codes outside 100–999 when writing the head
    let server = support::start().await;
    for code in ["0", "99", "1000", "65535"] {
        let response = get(&server, &format!("/api/rt/status?code={code}")).await;
        assert_internal_server_error(&response, code);
    }
    assert_internal_server_error(
        &get(&server, "/api/rt/error?kind=invalid-status").await,
        "ApiError::new(1000, …)",
    );
    // Still serving.
    assert_eq!(get(&server, "/api/rt/status?code=200").await.status(), 200);
}

#[tokio::test]
async fn body_parser_errors_use_the_same_plain_error_shape() {
    // nextjs-compat 2.5i: `sendError` for body-parser ApiErrors, too
    let server = support::start().await;
    let response = request(
        server.address(),
        "POST",
        "/api/rt/error?kind=api",
        &["Content-Type: application/json"],
        Some(b"{"),
    )
    .await;
    assert_eq!(response.status_line, "HTTP/1.1 400 Invalid JSON");
    assert_eq!(response.text(), "Invalid JSON");
    assert_eq!(response.header("content-type"), None);
}
