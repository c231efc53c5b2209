//! nextjs-compat 6.3 as refined by §10.1 (`examples/api-routes-middleware`, the shipped variant),
//! byte for byte, through the router in process.

use api_routes::axum::http::Method;
use api_routes::test::TestClient;

fn client() -> TestClient {
    TestClient::new(example_api_routes_middleware::router())
}

#[tokio::test]
async fn cookies_sets_the_cookie_and_answers_the_header_as_a_json_array() {
    // nextjs-compat 6.3 / 10.1: 200, `Set-Cookie: Next.js=api-middleware!`, body
    // `["Next.js=api-middleware!"]` written with `res.end`: no Content-Type, no ETag
    let res = client().get("/api/cookies").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.header("set-cookie"), Some("Next.js=api-middleware!"));
    assert_eq!(res.header("content-type"), None);
    assert_eq!(res.header("etag"), None);
    assert_eq!(res.header("content-length"), Some("27"));
    assert_eq!(res.text(), r#"["Next.js=api-middleware!"]"#);
}

#[tokio::test]
async fn cookies_answers_every_method() {
    // nextjs-compat 6.3 "any method", 4.1
    let client = client();
    for method in [Method::POST, Method::PUT, Method::DELETE, Method::OPTIONS] {
        let res = client.request(method.clone(), "/api/cookies").await;
        assert_eq!(res.status(), 200, "{method}");
        assert_eq!(
            res.header("set-cookie"),
            Some("Next.js=api-middleware!"),
            "{method}"
        );
        assert_eq!(res.text(), r#"["Next.js=api-middleware!"]"#, "{method}");
    }
}
