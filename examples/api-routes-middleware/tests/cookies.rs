//! nextjs-compat 6.3 as refined by §10.1 (`examples/api-routes-middleware`, the shipped variant), byte
//! for byte over HTTP.

use api_routes_test_support::{TestServer, header};

#[tokio::test]
async fn cookies_sets_the_cookie_and_answers_the_header_as_a_json_array() {
    // nextjs-compat 6.3 / 10.1: 200, `Set-Cookie: Next.js=api-middleware!`, body
    // `["Next.js=api-middleware!"]` written with `res.end`: no Content-Type, no ETag
    let server = TestServer::serve(example_api_routes_middleware::router()).await;
    let response = server.get("/api/cookies").send().await.expect("request");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        header(&response, "set-cookie").as_deref(),
        Some("Next.js=api-middleware!")
    );
    assert_eq!(header(&response, "content-type"), None);
    assert_eq!(header(&response, "etag"), None);
    assert_eq!(header(&response, "content-length").as_deref(), Some("27"));
    assert_eq!(
        response.text().await.expect("body"),
        r#"["Next.js=api-middleware!"]"#
    );
}

#[tokio::test]
async fn cookies_answers_every_method() {
    // nextjs-compat 6.3 "any method", 4.1
    let server = TestServer::serve(example_api_routes_middleware::router()).await;
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let response = server
            .request(method, "/api/cookies")
            .send()
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), 200, "{method}");
        assert_eq!(
            header(&response, "set-cookie").as_deref(),
            Some("Next.js=api-middleware!"),
            "{method}"
        );
        assert_eq!(
            response.text().await.expect("body"),
            r#"["Next.js=api-middleware!"]"#,
            "{method}"
        );
    }
}
