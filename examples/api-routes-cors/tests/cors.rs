//! nextjs-compat 6.4, 5.3 and 10.11 (`examples/api-routes-cors`), byte for byte over HTTP.

use api_routes_test_support::{TestServer, header};

const BODY: &str = r#"{"message":"Hello Everyone!"}"#;

#[tokio::test]
async fn cors_answers_any_origin() {
    // nextjs-compat 6.4: non-OPTIONS → 200 `{"message":"Hello Everyone!"}` + `Access-Control-Allow-Origin: *`;
    // ETag of 3.4; 10.11: no other CORS header on an actual request, and only compression's
    // `Vary: Accept-Encoding` (10.13)
    let server = TestServer::serve(example_api_routes_cors::router()).await;
    for (method, origin) in [
        ("GET", Some("https://example.com")),
        ("GET", None),
        ("POST", Some("https://example.com")),
        ("PUT", Some("https://example.com")),
        ("DELETE", None),
    ] {
        let mut request = server.request(method, "/api/cors");
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        let response = request.send().await.expect("request");
        assert_eq!(response.status().as_u16(), 200, "{method}");
        assert_eq!(
            header(&response, "access-control-allow-origin").as_deref(),
            Some("*")
        );
        assert_eq!(
            header(&response, "content-type").as_deref(),
            Some("application/json; charset=utf-8")
        );
        assert_eq!(
            header(&response, "etag").as_deref(),
            Some(r#""12osr8tencbt""#)
        );
        for name in [
            "access-control-allow-methods",
            "access-control-allow-headers",
            "access-control-allow-credentials",
            "access-control-expose-headers",
            "access-control-max-age",
        ] {
            assert_eq!(header(&response, name), None, "{method} {name}");
        }
        assert_eq!(
            header(&response, "vary").as_deref(),
            Some("Accept-Encoding"),
            "{method}"
        );
        assert_eq!(response.text().await.expect("body"), BODY, "{method}");
    }
}

#[tokio::test]
async fn preflight_is_204_with_the_configured_methods() {
    // nextjs-compat 5.3/6.4/10.11: 204, `Access-Control-Allow-Origin: *`,
    // `Access-Control-Allow-Methods: POST,GET,HEAD`, `Vary: Access-Control-Request-Headers`,
    // the request's `Access-Control-Request-Headers` echoed, `Content-Length: 0` (see below), empty body
    let server = TestServer::serve(example_api_routes_cors::router()).await;
    let response = server
        .request("OPTIONS", "/api/cors")
        .header("origin", "https://example.com")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type,x-custom")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(
        header(&response, "access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert_eq!(
        header(&response, "access-control-allow-methods").as_deref(),
        Some("POST,GET,HEAD")
    );
    assert_eq!(
        header(&response, "access-control-allow-headers").as_deref(),
        Some("content-type,x-custom")
    );
    assert_eq!(
        header(&response, "vary").as_deref(),
        Some("Access-Control-Request-Headers")
    );
    // Node sends `Content-Length: 0` on this 204; hyper never sends Content-Length on a 204
    // (RFC 9110 §8.6: a server MUST NOT), so its absence is the one difference left.
    assert_eq!(header(&response, "content-length"), None);
    assert_eq!(header(&response, "content-type"), None);
    assert_eq!(header(&response, "etag"), None);
    assert_eq!(response.text().await.expect("body"), "");
}

#[tokio::test]
async fn every_options_request_is_a_preflight() {
    // nextjs-compat 10.11: with or without Origin, and whatever method is requested (not checked)
    let server = TestServer::serve(example_api_routes_cors::router()).await;
    for (origin, requested) in [
        (None, None),
        (Some("https://example.com"), Some("DELETE")),
        (None, Some("PUT")),
    ] {
        let mut request = server.request("OPTIONS", "/api/cors");
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(requested) = requested {
            request = request.header("access-control-request-method", requested);
        }
        let response = request.send().await.expect("request");
        let case = format!("{origin:?} {requested:?}");
        assert_eq!(response.status().as_u16(), 204, "{case}");
        assert_eq!(
            header(&response, "access-control-allow-origin").as_deref(),
            Some("*"),
            "{case}"
        );
        assert_eq!(
            header(&response, "access-control-allow-methods").as_deref(),
            Some("POST,GET,HEAD"),
            "{case}"
        );
        assert_eq!(
            header(&response, "vary").as_deref(),
            Some("Access-Control-Request-Headers"),
            "{case}"
        );
        // 10.11: the request's headers are echoed only when it sent some
        assert_eq!(
            header(&response, "access-control-allow-headers"),
            None,
            "{case}"
        );
        assert_eq!(response.text().await.expect("body"), "", "{case}");
    }
}

#[tokio::test]
async fn an_empty_request_headers_list_is_not_echoed() {
    // nextjs-compat 10.11: "echoed when non-empty"
    let server = TestServer::serve(example_api_routes_cors::router()).await;
    let response = server
        .request("OPTIONS", "/api/cors")
        .header("access-control-request-headers", "")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(header(&response, "access-control-allow-headers"), None);
}

#[tokio::test]
async fn unknown_paths_get_no_cors_headers() {
    // nextjs-compat 10.11 "No CORS header on other routes": the original runs `cors` inside its
    // handler, so Next.js's 404 has none; the folder middleware wraps routes, not the 404
    let server = TestServer::serve(example_api_routes_cors::router()).await;
    for method in ["GET", "OPTIONS"] {
        let response = server
            .request(method, "/api/other")
            .header("origin", "https://example.com")
            .send()
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), 404, "{method}");
        assert_eq!(
            header(&response, "access-control-allow-origin"),
            None,
            "{method}"
        );
    }
}

#[tokio::test]
async fn request_headers_sent_on_several_lines_are_echoed_joined() {
    // nextjs-compat 10.11: Node joins the lines with `, ` and `cors` echoes the result
    let server = TestServer::serve(example_api_routes_cors::router()).await;
    let response = api_routes_test_support::raw_http::request(
        server.address(),
        "OPTIONS",
        "/api/cors",
        &[
            "Origin: https://example.com",
            "Access-Control-Request-Headers: content-type",
            "Access-Control-Request-Headers: x-custom",
        ],
        None,
    )
    .await;
    assert_eq!(response.status(), 204);
    assert_eq!(
        response.headers_named("access-control-allow-headers"),
        ["content-type, x-custom"]
    );
}
