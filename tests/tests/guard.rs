//! Every handler is guarded: a handler past its `max_duration` answers 504 and the server keeps
//! serving. The guard's other half, a panic answering 500, is pinned in `errors.rs` with the
//! other error answers.

mod support;

use std::time::{Duration, Instant};

use support::TestServer;

#[tokio::test]
async fn handler_that_never_finishes_answers_504_after_its_max_duration() {
    let server = support::start().await;
    let started = Instant::now();
    let response = server.get("/api/hang").send().await.unwrap();
    assert_eq!(response.status(), 504);
    assert_eq!(response.text().await.unwrap(), "Gateway Timeout");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
    assert_eq!(server.text("/api/user").await.0, 200);
}

#[tokio::test]
async fn router_wide_max_duration_applies_to_handlers_without_their_own() {
    let app = api_routes_tests::router_with(
        api_routes::RouterOptions::new().max_duration(Some(Duration::from_millis(200))),
    )
    .with_state(api_routes_tests::AppState { greeting: "x" });
    let server = TestServer::serve(app).await;
    assert_eq!(server.text("/api/slow?ms=1000").await.0, 504);
    assert_eq!(
        server.text("/api/slow?ms=10").await,
        (200, "slept 10".to_owned())
    );
}
