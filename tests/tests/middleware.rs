//! Folder middleware: `_middleware.rs` wraps every route in its folder and below, outermost
//! folder first.

mod support;

use serde_json::json;

#[tokio::test]
async fn folder_middleware_wraps_its_own_routes() {
    let server = support::start().await;
    let response = server.get("/api/mw").send().await.unwrap();
    assert_eq!(response.headers().get_all("x-trace").iter().count(), 1);
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap(),
        json!({ "trace": ["outer"], "deeper": false })
    );
}

#[tokio::test]
async fn nested_middleware_runs_inside_the_outer_one() {
    let server = support::start().await;
    let response = server.get("/api/mw/inner/page").send().await.unwrap();
    // Responses unwind from the inside out: the inner middleware appends first.
    let trace: Vec<_> = response
        .headers()
        .get_all("x-trace")
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .collect();
    assert_eq!(trace, ["inner", "outer"]);
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap(),
        json!({ "trace": ["outer", "inner"], "deeper": false })
    );
}

#[tokio::test]
async fn layer_middleware_composes_with_function_middleware() {
    let server = support::start().await;
    let body = server.json("/api/mw/inner/deeper/page").await;
    assert_eq!(body, json!({ "trace": ["outer", "inner"], "deeper": true }));
}

#[tokio::test]
async fn middleware_can_refuse_a_request_before_the_handler() {
    let server = support::start().await;
    let response = server
        .get("/api/mw/inner/page")
        .header("x-deny", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(
        response.text().await.unwrap(),
        "denied by /api/mw/_middleware.rs"
    );
}

#[tokio::test]
async fn middleware_does_not_reach_other_folders() {
    let server = support::start().await;
    let response = server.get("/api/users").send().await.unwrap();
    assert!(response.headers().get("x-trace").is_none());
}
