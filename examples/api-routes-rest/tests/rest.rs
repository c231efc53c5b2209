//! nextjs-compat 6.2 (`examples/api-routes-rest`, current TypeScript variant) and §4.3, byte for
//! byte, through the router in process.

use api_routes::axum::http::Method;
use api_routes::test::TestClient;

const JSON: &str = "application/json; charset=utf-8";

fn client() -> TestClient {
    TestClient::new(example_api_routes_rest::router())
}

/// Status, Content-Type and body of one request.
async fn answer(client: &TestClient, method: Method, path: &str) -> (u16, Option<String>, String) {
    let res = client.request(method, path).await;
    let content_type = res.header("content-type").map(str::to_owned);
    (res.status().as_u16(), content_type, res.text())
}

#[tokio::test]
async fn users_lists_three_ids() {
    // nextjs-compat 6.2 `/api/users`: any method → 200 `[{"id":1},{"id":2},{"id":3}]`; ETag of 3.4
    let client = client();
    for method in [Method::GET, Method::POST, Method::DELETE] {
        let res = client.request(method.clone(), "/api/users").await;
        assert_eq!(res.status(), 200, "{method}");
        assert_eq!(res.header("content-type"), Some(JSON));
        assert_eq!(res.header("etag"), Some(r#""64qalocwhls""#));
        assert_eq!(res.text(), r#"[{"id":1},{"id":2},{"id":3}]"#);
    }
}

#[tokio::test]
async fn get_user_answers_its_number_and_name() {
    // nextjs-compat 6.2: `GET /api/user/1` → `{"id":1,"name":"User 1"}`; ETag of 3.4
    let res = client().get("/api/user/1").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.header("content-type"), Some(JSON));
    assert_eq!(res.header("etag"), Some(r#""cy2nwi6a0ko""#));
    assert_eq!(res.text(), r#"{"id":1,"name":"User 1"}"#);
}

#[tokio::test]
async fn id_is_read_with_parse_int() {
    // nextjs-compat 6.2: `12abc` → 12; `abc` → NaN, written `null` and `User NaN`
    let client = client();
    for (path, body) in [
        ("/api/user/12abc", r#"{"id":12,"name":"User 12"}"#),
        ("/api/user/abc", r#"{"id":null,"name":"User NaN"}"#),
        ("/api/user/-7", r#"{"id":-7,"name":"User -7"}"#),
        ("/api/user/%204", r#"{"id":4,"name":"User 4"}"#),
        ("/api/user/3.9", r#"{"id":3,"name":"User 3"}"#),
    ] {
        assert_eq!(
            answer(&client, Method::GET, path).await,
            (200, Some(JSON.to_owned()), body.to_owned()),
            "{path}"
        );
    }
}

#[tokio::test]
async fn get_ignores_the_name_in_the_query() {
    // nextjs-compat 6.2: GET always answers `User <id>`
    let res = client().get("/api/user/2?name=Bob").await;
    assert_eq!(res.text(), r#"{"id":2,"name":"User 2"}"#);
}

#[tokio::test]
async fn put_takes_the_name_from_the_query_string() {
    // nextjs-compat 6.2: `PUT /api/user/1?name=Bob` → `{"id":1,"name":"Bob"}`; the body is ignored
    let res = client()
        .put("/api/user/1?name=Bob")
        .json(&api_routes::prelude::json!({ "name": "Alice" }))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.header("content-type"), Some(JSON));
    assert_eq!(res.text(), r#"{"id":1,"name":"Bob"}"#);
}

#[tokio::test]
async fn put_without_a_name_uses_the_default_one() {
    // nextjs-compat 6.2: `name || \`User ${id}\``: absent and empty names are falsy
    let client = client();
    for path in ["/api/user/1", "/api/user/1?name="] {
        assert_eq!(
            answer(&client, Method::PUT, path).await,
            (
                200,
                Some(JSON.to_owned()),
                r#"{"id":1,"name":"User 1"}"#.to_owned()
            ),
            "{path}"
        );
    }
    assert_eq!(
        client.put("/api/user/abc").await.text(),
        r#"{"id":null,"name":"User NaN"}"#
    );
}

#[tokio::test]
async fn put_with_a_repeated_name_answers_the_list() {
    // nextjs-compat 6.2 with 2.3: a repeated key is a list, and a list is truthy
    let res = client().put("/api/user/1?name=a&name=b").await;
    assert_eq!(res.text(), r#"{"id":1,"name":["a","b"]}"#);
}

#[tokio::test]
async fn other_methods_are_405_with_two_allow_lines() {
    // nextjs-compat 4.3: 405, `Allow: GET` and `Allow: PUT`, body `Method DELETE Not Allowed`, no
    // Content-Type
    let client = client();
    for method in [Method::DELETE, Method::POST, Method::PATCH, Method::OPTIONS] {
        let res = client.request(method.clone(), "/api/user/1").await;
        assert_eq!(res.status(), 405, "{method}");
        let allow: Vec<_> = res.headers().get_all("allow").iter().collect();
        assert_eq!(allow, ["GET", "PUT"], "{method}");
        assert_eq!(res.header("content-type"), None, "{method}");
        assert_eq!(res.header("etag"), None, "{method}");
        assert_eq!(res.text(), format!("Method {method} Not Allowed"));
    }
}

#[tokio::test]
async fn head_falls_into_the_405_branch_with_no_body() {
    // nextjs-compat 4.3: "HEAD and OPTIONS also fall into the 405 branch (HEAD with empty body)"
    let res = client().request(Method::HEAD, "/api/user/1").await;
    assert_eq!(res.status(), 405);
    let allow: Vec<_> = res.headers().get_all("allow").iter().collect();
    assert_eq!(allow, ["GET", "PUT"]);
    assert_eq!(res.text(), "");
}
