//! File → URL rules (nextjs-compat 1), over real HTTP against the page tree of `api-routes-tests`.

mod support;

use serde_json::json;
use support::TestServer;

/// The page that answered and the `req.query` it saw, as `_lib::answer` reports them.
async fn page_and_query(server: &TestServer, path: &str) -> (String, String) {
    let body = server.json(path).await;
    (
        body["page"].as_str().unwrap_or_default().to_owned(),
        body["query"].to_string(),
    )
}

#[tokio::test]
async fn index_file_answers_its_folder() {
    // nextjs-compat 1.3
    let server = support::start().await;
    assert_eq!(
        server.text("/api").await,
        (200, "Index should work".to_owned())
    );
    assert_eq!(page_and_query(&server, "/api/users").await.0, "users/index");
}

#[tokio::test]
async fn seed_user_page_answers_john_doe() {
    let server = support::start().await;
    assert_eq!(
        server.text("/api/user").await,
        (200, r#"{"name":"John Doe"}"#.to_owned())
    );
}

#[tokio::test]
async fn dots_are_not_stripped_from_a_dynamic_segment() {
    // nextjs-compat 1.5
    let server = support::start().await;
    assert_eq!(
        page_and_query(&server, "/api/hello.json").await,
        ("[post]/index".into(), r#"{"post":"hello.json"}"#.into())
    );
}

#[tokio::test]
async fn names_that_are_not_rust_identifiers_are_routes() {
    // nextjs-compat 1.5 (`$city`), and file names that are not identifiers
    let server = support::start().await;
    for (path, page) in [
        ("/api/user-profile", "user-profile"),
        ("/api/type", "type"),
        ("/api/2fa", "2fa"),
        ("/api/$city", "$city"),
        ("/api/v1.2/info", "v1.2/info"),
    ] {
        assert_eq!(page_and_query(&server, path).await.0, page, "{path}");
    }
}

#[tokio::test]
async fn catch_all_collects_every_remaining_segment() {
    // nextjs-compat 1.7
    let server = support::start().await;
    assert_eq!(
        page_and_query(&server, "/api/post/a/b/c").await,
        ("post/[...slug]".into(), r#"{"slug":["a","b","c"]}"#.into())
    );
}

#[tokio::test]
async fn optional_catch_all_matches_its_parent_without_the_key() {
    // nextjs-compat 1.8
    let server = support::start().await;
    assert_eq!(
        page_and_query(&server, "/api/opt").await,
        ("opt/[[...slug]]".into(), "{}".into())
    );
    assert_eq!(
        page_and_query(&server, "/api/opt/a/b").await.1,
        r#"{"slug":["a","b"]}"#
    );
}

#[tokio::test]
async fn static_beats_dynamic_beats_catch_all() {
    // nextjs-compat 1.11: post/create.rs, post/[pid].rs, post/[...slug].rs side by side
    let server = support::start().await;
    assert_eq!(
        page_and_query(&server, "/api/post/create").await.0,
        "post/create"
    );
    assert_eq!(
        page_and_query(&server, "/api/post/abc").await,
        ("post/[pid]".into(), r#"{"pid":"abc"}"#.into())
    );
    assert_eq!(
        page_and_query(&server, "/api/post/a/b/c").await.0,
        "post/[...slug]"
    );
}

#[tokio::test]
async fn matching_backtracks_across_levels() {
    // nextjs-compat 1.13: bt/[a]/x.rs beside bt/b/[c]/y.rs; /bt/b/x fails under `b` and falls back to `[a]`
    let server = support::start().await;
    assert_eq!(
        page_and_query(&server, "/api/bt/b/x").await,
        ("bt/[a]/x".into(), r#"{"a":"b"}"#.into())
    );
    assert_eq!(
        page_and_query(&server, "/api/bt/b/q/y").await,
        ("bt/b/[c]/y".into(), r#"{"c":"q"}"#.into())
    );
}

#[tokio::test]
async fn next_js_api_support_vectors() {
    // nextjs-compat 1.14
    let server = support::start().await;
    assert_eq!(
        page_and_query(&server, "/api/post-1").await.1,
        r#"{"post":"post-1"}"#
    );
    assert_eq!(
        page_and_query(&server, "/api/post-1?val=1").await.1,
        r#"{"val":"1","post":"post-1"}"#
    );
    assert_eq!(
        server.json("/api/post-1/comments").await,
        json!([{ "message": "Prioritize a non-dynamic api page" }])
    );
    assert_eq!(
        page_and_query(&server, "/api/post-1/comment-1").await.1,
        r#"{"post":"post-1","comment":"comment-1"}"#
    );
    assert_eq!(server.text("/api/blog/543/comment").await.0, 404);
    assert_eq!(
        page_and_query(&server, "/api/blog/post-1/comment/1")
            .await
            .1,
        r#"{"post":"post-1","id":"1"}"#
    );
}

#[tokio::test]
async fn route_param_overrides_a_query_key_in_place() {
    // nextjs-compat 2.2, 10.7
    let server = support::start().await;
    assert_eq!(
        page_and_query(&server, "/api/post/abc?pid=bcd&x=1").await.1,
        r#"{"pid":"abc","x":"1"}"#
    );
}

#[tokio::test]
async fn encoded_slash_stays_inside_one_segment() {
    // nextjs-compat 1.7 (derived): `a%2Fb` is one segment
    let server = support::start().await;
    assert_eq!(
        page_and_query(&server, "/api/post/a%2Fb").await,
        ("post/[pid]".into(), r#"{"pid":"a/b"}"#.into())
    );
    assert_eq!(
        page_and_query(&server, "/api/post/x/a%2Fb").await.1,
        r#"{"slug":["x","a/b"]}"#
    );
}

#[tokio::test]
async fn trailing_slash_redirects_permanently_keeping_the_query() {
    // nextjs-compat 1.16, 10.6
    let server = support::start().await;
    let response = server
        .request("POST", "/api/users/?a=1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 308);
    assert_eq!(response.headers()["location"], "/api/users?a=1");
    assert_eq!(response.headers()["refresh"], "0;url=/api/users?a=1");
    assert_eq!(response.text().await.unwrap(), "/api/users?a=1");
}

#[tokio::test]
async fn repeated_slashes_redirect_to_the_normalized_url() {
    // nextjs-compat 1.17
    let server = support::start().await;
    let response = server.get("/api//users").send().await.unwrap();
    assert_eq!(response.status(), 308);
    assert_eq!(response.headers()["location"], "/api/users");
    assert_eq!(response.text().await.unwrap(), "/api/users");
}

#[tokio::test]
async fn unmatched_api_path_is_the_404_page_for_every_method() {
    // nextjs-compat 1.18, 10.3
    let server = support::start().await;
    for method in ["GET", "POST", "DELETE"] {
        let response = server
            .request(method, "/api/not/unexisting/page/really")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{method}");
        assert_eq!(
            response.headers()["cache-control"],
            "private, no-cache, no-store, max-age=0, must-revalidate"
        );
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
    }
}

#[tokio::test]
async fn unrestricted_handler_answers_every_method() {
    // nextjs-compat 4.1
    let server = support::start().await;
    for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] {
        let response = server.request(method, "/api/echo").send().await.unwrap();
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["method"], method);
    }
}

#[tokio::test]
async fn restricted_handlers_answer_405_with_allow_for_other_methods() {
    // nextjs-compat 4.3: the shape of Next.js's own 405 idiom, one `Allow` line per method
    let server = support::start().await;
    assert_eq!(server.text("/api/methods").await, (200, "show".to_owned()));
    let response = server
        .request("DELETE", "/api/methods")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert!(response.headers().get("content-type").is_none());
    let allow: Vec<_> = response
        .headers()
        .get_all("allow")
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .collect();
    assert_eq!(allow, ["GET", "HEAD", "PUT", "PATCH"]);
    assert_eq!(response.text().await.unwrap(), "Method DELETE Not Allowed");
}

#[tokio::test]
async fn get_handler_also_answers_head_without_a_body() {
    // nextjs-compat 4.2
    let server = support::start().await;
    let response = server.request("HEAD", "/api/methods").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-length"], "4");
    assert_eq!(response.text().await.unwrap(), "");
}

#[tokio::test]
async fn unrestricted_handler_beside_restricted_ones_takes_the_other_methods() {
    let server = support::start().await;
    assert_eq!(server.text("/api/fallback").await, (200, "show".to_owned()));
    let response = server
        .request("DELETE", "/api/fallback")
        .send()
        .await
        .unwrap();
    assert_eq!(response.text().await.unwrap(), "rest DELETE");
}

#[tokio::test]
async fn handlers_take_the_router_state() {
    let server = support::start().await;
    assert_eq!(
        server.json("/api/state").await,
        json!({ "greeting": "hello from state" })
    );
}

#[tokio::test]
async fn axum_extractors_mix_with_next_style_ones() {
    let server = support::start().await;
    let response = server
        .get("/api/interop/7?q=1")
        .header("x-test", "yes")
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({ "id": "7", "agent": "yes", "greeting": "hello from state", "query": { "q": "1", "id": "7" } })
    );
    let response = server
        .request("POST", "/api/interop/7")
        .json(&json!({ "a": 1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap(),
        json!({ "id": 7, "body": { "a": 1 } })
    );
}

#[tokio::test]
async fn route_table_lists_every_page_in_next_js_order() {
    let routes = api_routes_tests::ROUTES;
    let position = |path: &str| {
        routes
            .iter()
            .position(|route| route.path == path)
            .unwrap_or_else(|| panic!("{path} missing"))
    };
    assert!(position("/api/post/create") < position("/api/post/[pid]"));
    assert!(position("/api/post/[pid]") < position("/api/post/[...slug]"));
    let methods = routes
        .iter()
        .find(|route| route.path == "/api/methods")
        .unwrap();
    assert_eq!(methods.methods, ["GET", "PUT", "PATCH"]);
    assert_eq!(methods.file, "src/pages/api/methods.rs");
}
