//! `test::TestClient` against small routers: what reaches the handler, the cookie jar across
//! calls, typed answers and the panics that fail a test.

use std::net::SocketAddr;

use api_routes_runtime::axum::Router;
use api_routes_runtime::axum::extract::{ConnectInfo, Request as AxumRequest, State};
use api_routes_runtime::axum::http::{Method, StatusCode, header};
use api_routes_runtime::axum::middleware::{self, Next};
use api_routes_runtime::axum::response::{IntoResponse, Response as AxumResponse};
use api_routes_runtime::axum::routing::{any, get, post};
use api_routes_runtime::test::TestClient;
use api_routes_runtime::{CookieOptions, Request, Response};
use serde_json::{Value, json};

/// Everything the handler was given, as JSON.
async fn echo(res: Response, req: Request) -> Response {
    let headers: Vec<_> = req
        .headers()
        .iter()
        .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap_or("<bytes>")))
        .collect();
    res.json(json!({
        "method": req.method().as_str(),
        "url": req.url(),
        "query": req.query(),
        "headers": headers,
        "cookies": req.cookies(),
        "body": req.body(),
    }))
}

fn echo_client() -> TestClient {
    TestClient::new(Router::new().route("/api/{*rest}", any(echo)))
}

#[tokio::test]
async fn a_get_carries_the_path_query_and_headers_a_client_would() {
    let res = echo_client()
        .get("/api/search?q=1")
        .query(&[("tag", "a"), ("tag", "b c")])
        .header("x-trace", "1")
        .header(header::ACCEPT, "application/json")
        .header("x-trace", "2")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let seen: Value = res.json();
    assert_eq!(seen["method"], "GET");
    assert_eq!(seen["url"], "/api/search?q=1&tag=a&tag=b+c");
    assert_eq!(seen["query"], json!({ "q": "1", "tag": ["a", "b c"] }));
    assert_eq!(
        seen["headers"],
        json!([
            "x-trace: 1",
            "x-trace: 2",
            "accept: application/json",
            "host: localhost"
        ])
    );
}

#[tokio::test]
async fn query_serializes_a_struct_and_starts_the_query_string() {
    #[derive(serde::Serialize)]
    struct Page {
        page: u32,
        sort: &'static str,
    }
    let res = echo_client()
        .get("/api/posts")
        .query(&Page {
            page: 2,
            sort: "new",
        })
        .await;
    assert_eq!(res.json::<Value>()["url"], "/api/posts?page=2&sort=new");
}

#[tokio::test]
async fn bodies_get_their_type_and_length_unless_a_header_says_otherwise() {
    let client = echo_client();
    let json_body = client
        .post("/api/x")
        .json(&json!({ "a": 1 }))
        .await
        .json::<Value>();
    assert_eq!(json_body["body"], json!({ "a": 1 }));
    assert_eq!(
        json_body["headers"],
        json!([
            "content-type: application/json",
            "content-length: 7",
            "host: localhost"
        ])
    );

    let form = client
        .put("/api/x")
        .form(&[("a", "1 2")])
        .await
        .json::<Value>();
    assert_eq!(form["body"], json!({ "a": "1 2" }));
    assert_eq!(
        form["headers"][0],
        "content-type: application/x-www-form-urlencoded"
    );
    assert_eq!(form["headers"][1], "content-length: 5");

    // A Content-Type header wins over `.json`'s, before or after it.
    for res in [
        client
            .patch("/api/x")
            .header(header::CONTENT_TYPE, "text/plain")
            .json(&"x")
            .await,
        client
            .patch("/api/x")
            .json(&"x")
            .header(header::CONTENT_TYPE, "text/plain")
            .await,
    ] {
        let seen: Value = res.json();
        assert_eq!(seen["headers"][0], "content-type: text/plain");
        assert_eq!(seen["body"], r#""x""#);
    }

    let raw = client.delete("/api/x").body("plain").await.json::<Value>();
    assert_eq!(raw["method"], "DELETE");
    assert_eq!(
        raw["headers"],
        json!(["content-length: 5", "host: localhost"])
    );
    assert_eq!(
        client
            .request(Method::OPTIONS, "/api/x")
            .await
            .json::<Value>()["method"],
        "OPTIONS"
    );
}

/// `/api/auth/login` sets `session` for `/api` and `step` for its folder; `/api/auth/logout`
/// deletes `session`.
fn auth_client() -> TestClient {
    async fn login(res: Response) -> Response {
        res.cookie(
            "session",
            "s 1",
            CookieOptions::new().path("/api").http_only(true),
        )
        .cookie("step", "2", CookieOptions::new())
    }
    async fn logout(res: Response) -> Response {
        res.cookie("session", "", CookieOptions::new().path("/api").max_age(0))
    }
    TestClient::new(
        Router::new()
            .route("/api/auth/login", post(login))
            .route("/api/auth/logout", post(logout))
            .route("/api/{*rest}", any(echo))
            .route("/other", any(echo)),
    )
}

#[tokio::test]
async fn the_jar_sends_cookies_back_by_path_until_deleted() {
    let client = auth_client();
    let login = client.post("/api/auth/login").await;
    assert_eq!(
        login.cookie("session").map(|c| c.value().to_owned()),
        Some("s 1".to_owned())
    );
    assert_eq!(login.cookies().len(), 2);

    let seen: Value = client.get("/api/auth/me").await.json();
    assert_eq!(seen["cookies"], json!({ "step": "2", "session": "s 1" }));
    assert!(
        seen["headers"]
            .as_array()
            .unwrap()
            .contains(&json!("cookie: step=2; session=s%201"))
    );
    // `step` was set without Path by /api/auth/login: it belongs to /api/auth.
    let seen: Value = client.get("/api/me").await.json();
    assert_eq!(seen["cookies"], json!({ "session": "s 1" }));
    let seen: Value = client.get("/other").await.json();
    assert_eq!(seen["cookies"], json!({}));

    assert_eq!(
        client.cookie("session").map(|c| c.value().to_owned()),
        Some("s 1".to_owned())
    );
    client.post("/api/auth/logout").await;
    assert!(client.cookie("session").is_none());
    let seen: Value = client.get("/api/auth/me").await.json();
    assert_eq!(seen["cookies"], json!({ "step": "2" }));
}

#[tokio::test]
async fn a_request_cookie_replaces_the_jars_for_that_request_only() {
    let client = auth_client();
    client.post("/api/auth/login").await;
    let seen: Value = client
        .get("/api/me")
        .cookie("session", "mine")
        .cookie("extra", "é")
        .await
        .json();
    assert_eq!(seen["cookies"], json!({ "session": "mine", "extra": "é" }));
    let seen: Value = client.get("/api/me").await.json();
    assert_eq!(seen["cookies"], json!({ "session": "s 1" }));
}

#[tokio::test]
async fn clones_share_the_jar_and_clear_empties_it() {
    let client = auth_client();
    let clone = client.clone();
    clone.post("/api/auth/login").await;
    assert_eq!(client.cookies().len(), 2);
    client.clear_cookies();
    assert!(clone.cookies().is_empty());
    let seen: Value = clone.get("/api/auth/me").await.json();
    assert_eq!(seen["cookies"], json!({}));
}

#[derive(Clone)]
struct Greeting(&'static str);

async fn greet(State(greeting): State<Greeting>, res: Response) -> Response {
    res.send(greeting.0)
}

async fn require_token(req: AxumRequest, next: Next) -> AxumResponse {
    if req.headers().contains_key(header::AUTHORIZATION) {
        next.run(req).await
    } else {
        StatusCode::UNAUTHORIZED.into_response()
    }
}

#[tokio::test]
async fn state_and_middleware_answer_as_in_production() {
    let router = Router::new()
        .route("/api/hello", get(greet))
        .layer(middleware::from_fn(require_token))
        .with_state(Greeting("hello"));
    let client = TestClient::new(router);
    assert_eq!(client.get("/api/hello").await.status(), 401);
    let res = client
        .get("/api/hello")
        .header("authorization", "Bearer t")
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text(), "hello");
}

#[tokio::test]
async fn handlers_get_the_test_address_as_connect_info() {
    async fn peer(ConnectInfo(peer): ConnectInfo<SocketAddr>) -> String {
        peer.to_string()
    }
    let client = TestClient::new(Router::new().route("/peer", get(peer)));
    assert_eq!(
        client.get("/peer").await.text(),
        client.remote_addr().to_string()
    );
    assert_eq!(client.remote_addr().ip().to_string(), "127.0.0.1");
}

#[tokio::test]
async fn typed_json_reads_a_struct() {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Seen {
        method: String,
        query: Value,
    }
    let seen: Seen = echo_client().get("/api/x?a=1").await.json();
    assert_eq!(
        seen,
        Seen {
            method: "GET".to_owned(),
            query: json!({ "a": "1" })
        }
    );
}

#[tokio::test]
#[should_panic(
    expected = "GET /api/x answered 200 OK (application/json; charset=utf-8), and its body is not a `alloc::vec::Vec<u32>`"
)]
async fn json_of_the_wrong_type_fails_with_the_request_and_body() {
    echo_client().get("/api/x").await.json::<Vec<u32>>();
}

#[tokio::test]
#[should_panic(
    expected = "GET / answered 200 OK (text/plain; charset=utf-8), and its body is not a `serde_json::value::Value`: expected ident at line 1 column 2\nbody: not json"
)]
async fn json_of_text_fails_with_the_body() {
    async fn text() -> &'static str {
        "not json"
    }
    let client = TestClient::new(Router::new().route("/", get(text)));
    client.get("/").await.json::<Value>();
}

#[tokio::test]
#[should_panic(expected = "GET /: `allow` was sent 2 times")]
async fn header_refuses_to_pick_one_of_two_values() {
    async fn two(res: Response) -> Response {
        res.set_header("allow", ["GET", "PUT"])
    }
    let client = TestClient::new(Router::new().route("/", get(two)));
    let res = client.get("/").await;
    assert_eq!(res.headers().get_all("allow").iter().count(), 2);
    res.header("allow");
}

#[test]
#[should_panic(expected = "invalid header name")]
fn an_invalid_header_name_fails_where_it_is_written() {
    let _ = echo_client().get("/").header("bad name", "1");
}

#[test]
#[should_panic(expected = r#""/a b" is not a request path"#)]
fn a_path_with_a_space_fails_where_it_is_written() {
    let _ = echo_client().get("/a b");
}
