//! nextjs-compat 6.2 (`examples/api-routes-rest`, current TypeScript variant) and §4.3, byte for byte
//! over HTTP.

use api_routes_test_support::{TestServer, header};

const JSON: &str = "application/json; charset=utf-8";

/// Status, Content-Type and body of one request.
async fn answer(server: &TestServer, method: &str, path: &str) -> (u16, Option<String>, String) {
    let response = server.request(method, path).send().await.expect("request");
    let status = response.status().as_u16();
    let content_type = header(&response, "content-type");
    (status, content_type, response.text().await.expect("body"))
}

#[tokio::test]
async fn users_lists_three_ids() {
    // nextjs-compat 6.2 `/api/users`: any method → 200 `[{"id":1},{"id":2},{"id":3}]`; ETag of 3.4
    let server = TestServer::serve(example_api_routes_rest::router()).await;
    for method in ["GET", "POST", "DELETE"] {
        let response = server
            .request(method, "/api/users")
            .send()
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), 200, "{method}");
        assert_eq!(header(&response, "content-type").as_deref(), Some(JSON));
        assert_eq!(
            header(&response, "etag").as_deref(),
            Some(r#""64qalocwhls""#)
        );
        assert_eq!(
            response.text().await.expect("body"),
            r#"[{"id":1},{"id":2},{"id":3}]"#
        );
    }
}

#[tokio::test]
async fn get_user_answers_its_number_and_name() {
    // nextjs-compat 6.2: `GET /api/user/1` → `{"id":1,"name":"User 1"}`; ETag of 3.4
    let server = TestServer::serve(example_api_routes_rest::router()).await;
    let response = server.get("/api/user/1").send().await.expect("request");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(header(&response, "content-type").as_deref(), Some(JSON));
    assert_eq!(
        header(&response, "etag").as_deref(),
        Some(r#""cy2nwi6a0ko""#)
    );
    assert_eq!(
        response.text().await.expect("body"),
        r#"{"id":1,"name":"User 1"}"#
    );
}

#[tokio::test]
async fn id_is_read_with_parse_int() {
    // nextjs-compat 6.2: `12abc` → 12; `abc` → NaN, written `null` and `User NaN`
    let server = TestServer::serve(example_api_routes_rest::router()).await;
    for (path, body) in [
        ("/api/user/12abc", r#"{"id":12,"name":"User 12"}"#),
        ("/api/user/abc", r#"{"id":null,"name":"User NaN"}"#),
        ("/api/user/-7", r#"{"id":-7,"name":"User -7"}"#),
        ("/api/user/%204", r#"{"id":4,"name":"User 4"}"#),
        ("/api/user/3.9", r#"{"id":3,"name":"User 3"}"#),
    ] {
        assert_eq!(
            answer(&server, "GET", path).await,
            (200, Some(JSON.to_owned()), body.to_owned()),
            "{path}"
        );
    }
}

#[tokio::test]
async fn get_ignores_the_name_in_the_query() {
    // nextjs-compat 6.2: GET always answers `User <id>`
    let server = TestServer::serve(example_api_routes_rest::router()).await;
    assert_eq!(
        answer(&server, "GET", "/api/user/2?name=Bob").await.2,
        r#"{"id":2,"name":"User 2"}"#
    );
}

#[tokio::test]
async fn put_takes_the_name_from_the_query_string() {
    // nextjs-compat 6.2: `PUT /api/user/1?name=Bob` → `{"id":1,"name":"Bob"}`; the body is ignored
    let server = TestServer::serve(example_api_routes_rest::router()).await;
    let response = server
        .request("PUT", "/api/user/1?name=Bob")
        .header("content-type", "application/json")
        .body(r#"{"name":"Alice"}"#)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(header(&response, "content-type").as_deref(), Some(JSON));
    assert_eq!(
        response.text().await.expect("body"),
        r#"{"id":1,"name":"Bob"}"#
    );
}

#[tokio::test]
async fn put_without_a_name_uses_the_default_one() {
    // nextjs-compat 6.2: `name || \`User ${id}\``: absent and empty names are falsy
    let server = TestServer::serve(example_api_routes_rest::router()).await;
    for path in ["/api/user/1", "/api/user/1?name="] {
        assert_eq!(
            answer(&server, "PUT", path).await,
            (
                200,
                Some(JSON.to_owned()),
                r#"{"id":1,"name":"User 1"}"#.to_owned()
            ),
            "{path}"
        );
    }
    assert_eq!(
        answer(&server, "PUT", "/api/user/abc").await.2,
        r#"{"id":null,"name":"User NaN"}"#
    );
}

#[tokio::test]
async fn put_with_a_repeated_name_answers_the_list() {
    // nextjs-compat 6.2 with 2.3: a repeated key is a list, and a list is truthy
    let server = TestServer::serve(example_api_routes_rest::router()).await;
    assert_eq!(
        answer(&server, "PUT", "/api/user/1?name=a&name=b").await.2,
        r#"{"id":1,"name":["a","b"]}"#
    );
}

#[tokio::test]
async fn other_methods_are_405_with_two_allow_lines() {
    // nextjs-compat 4.3: 405, `Allow: GET` and `Allow: PUT`, body `Method DELETE Not Allowed`, no
    // Content-Type
    let server = TestServer::serve(example_api_routes_rest::router()).await;
    for method in ["DELETE", "POST", "PATCH", "OPTIONS"] {
        let response = server
            .request(method, "/api/user/1")
            .send()
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), 405, "{method}");
        let allow: Vec<_> = response.headers().get_all("allow").iter().collect();
        assert_eq!(allow, ["GET", "PUT"], "{method}");
        assert_eq!(header(&response, "content-type"), None, "{method}");
        assert_eq!(header(&response, "etag"), None, "{method}");
        assert_eq!(
            response.text().await.expect("body"),
            format!("Method {method} Not Allowed")
        );
    }
}

#[tokio::test]
async fn head_falls_into_the_405_branch_with_no_body() {
    // nextjs-compat 4.3: "HEAD and OPTIONS also fall into the 405 branch (HEAD with empty body)"
    let server = TestServer::serve(example_api_routes_rest::router()).await;
    let response = server
        .request("HEAD", "/api/user/1")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 405);
    let allow: Vec<_> = response.headers().get_all("allow").iter().collect();
    assert_eq!(allow, ["GET", "PUT"]);
    assert_eq!(response.text().await.expect("body"), "");
}
