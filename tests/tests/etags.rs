//! `RouterOptions::generate_etags(false)`, Next.js's `generateEtags: false`: no `ETag` on any
//! answer, so never a `304`, whatever the request's `If-None-Match`. The ETags themselves and
//! the `304` rules are pinned in `response.rs`.

mod support;

use api_routes::RouterOptions;
use api_routes_test_support::TestServer;
use api_routes_test_support::raw_http::{RawResponse, request};

async fn without_etags() -> TestServer {
    TestServer::serve(api_routes_tests::app_with(
        RouterOptions::new().generate_etags(false),
    ))
    .await
}

async fn get(server: &TestServer, path: &str, headers: &[&str]) -> RawResponse {
    request(server.address(), "GET", path, headers, None).await
}

#[tokio::test]
async fn no_answer_has_an_etag() {
    let server = without_etags().await;
    for path in [
        "/api/rt/json?v=hello",
        "/api/rt/send?kind=string",
        "/api/rt/send?kind=bytes",
        "/api/rt/send?kind=bool",
    ] {
        let response = get(&server, path, &[]).await;
        assert_eq!(response.status(), 200, "{path}");
        assert!(!response.body.is_empty(), "{path}");
        assert_eq!(response.header("etag"), None, "{path}");
    }
    // The rest of the answer is as with ETags on.
    let response = get(&server, "/api/rt/json?v=hello", &[]).await;
    assert_eq!(response.text(), r#"{"message":"Hello Everyone!"}"#);
    assert_eq!(
        response.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(response.header("content-length"), Some("29"));
}

#[tokio::test]
async fn if_none_match_never_gives_304() {
    let server = without_etags().await;
    // The ETag this answer has when they are on (response.rs), a weak one, and `*`.
    for header in [
        r#"If-None-Match: "12osr8tencbt""#,
        r#"If-None-Match: W/"12osr8tencbt""#,
        "If-None-Match: *",
    ] {
        let response = get(&server, "/api/rt/json?v=hello", &[header]).await;
        assert_eq!(response.status(), 200, "{header}");
        assert_eq!(response.text(), r#"{"message":"Hello Everyone!"}"#);
        assert_eq!(response.header("etag"), None);
    }
}

#[tokio::test]
async fn the_default_still_sends_them() {
    let server = support::start().await;
    let response = get(&server, "/api/rt/json?v=hello", &["If-None-Match: *"]).await;
    assert_eq!(response.status(), 304);
}
