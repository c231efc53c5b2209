//! The api-routes app and the hand-written axum server answer the four benchmark routes with the
//! same status and the same body bytes, so the benchmarks compare equal work. Headers differ on
//! purpose; `header_differences` pins exactly how.

use api_routes::axum::Router;
use api_routes::axum::body::{Body, to_bytes};
use api_routes::axum::http::{HeaderMap, Request, StatusCode, header};
use tower::ServiceExt;

const ECHO_BODY: &str = include_str!("../../../data/echo.json");

/// The list of nextjs-compat 6.1 as `JSON.stringify` writes it, as `examples/api-routes` answers it.
const PEOPLE: &str = include_str!("../../../../api-routes-runtime/tests/fixtures/people.json");

/// The benchmark's four requests, as `bench/e2e.sh` sends them.
fn requests() -> Vec<(&'static str, Request<Body>)> {
    vec![
        (
            "user",
            Request::get("/api/user").body(Body::empty()).unwrap(),
        ),
        (
            "post",
            Request::get("/api/post/42?x=1")
                .body(Body::empty())
                .unwrap(),
        ),
        (
            "echo",
            Request::post("/api/echo")
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::CONTENT_LENGTH, ECHO_BODY.len())
                .body(Body::from(ECHO_BODY))
                .unwrap(),
        ),
        (
            "people",
            Request::get("/api/people").body(Body::empty()).unwrap(),
        ),
    ]
}

async fn answer(router: Router, request: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let response = router.oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, headers, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test]
async fn both_servers_answer_the_same_bytes() {
    let ours = requests();
    let theirs = requests();
    for ((route, ours), (_, theirs)) in ours.into_iter().zip(theirs) {
        let (status, _, body) = answer(bench_api_routes::router(), ours).await;
        let (axum_status, _, axum_body) = answer(bench_axum::router(), theirs).await;
        assert_eq!(status, StatusCode::OK, "{route}");
        assert_eq!((status, &body), (axum_status, &axum_body), "{route}");
    }
}

#[tokio::test]
async fn the_bodies_are_the_ones_benchmarks_md_lists() {
    let mut bodies = Vec::new();
    for (_, request) in requests() {
        bodies.push(answer(bench_api_routes::router(), request).await.2);
    }
    assert_eq!(bodies[0], r#"{"name":"John Doe"}"#);
    assert_eq!(bodies[1], r#"{"pid":"42","x":"1"}"#);
    // The fixture is compact JSON whose numbers print alike in Rust and JavaScript, so the echo
    // is the request body itself.
    assert_eq!(bodies[2], ECHO_BODY);
    assert_eq!(ECHO_BODY.len(), 1024);
    assert_eq!(bodies[3], PEOPLE);
}

/// The headers that differ, listed in BENCHMARKS.md: ours sends Next.js's `Content-Type` with a
/// charset, an `ETag` (which also makes it answer 304 to `If-None-Match`) and, since JSON is
/// compressible, `Vary: Accept-Encoding` (as `next start` does); axum's `Json` sends
/// `application/json`, no ETag and no `Vary`. Everything else (`Content-Length`) is the same.
#[tokio::test]
async fn header_differences() {
    for ((route, ours), (_, theirs)) in requests().into_iter().zip(requests()) {
        let (_, ours, body) = answer(bench_api_routes::router(), ours).await;
        let (_, theirs, _) = answer(bench_axum::router(), theirs).await;
        assert_eq!(
            ours[header::CONTENT_TYPE],
            "application/json; charset=utf-8",
            "{route}"
        );
        assert_eq!(theirs[header::CONTENT_TYPE], "application/json", "{route}");
        assert!(ours.contains_key(header::ETAG), "{route}");
        assert!(!theirs.contains_key(header::ETAG), "{route}");
        assert_eq!(ours[header::VARY], "Accept-Encoding", "{route}");
        assert_eq!(
            ours[header::CONTENT_LENGTH],
            body.len().to_string(),
            "{route}"
        );
        assert_eq!(ours[header::CONTENT_LENGTH], theirs[header::CONTENT_LENGTH]);
        let names = |headers: &HeaderMap| {
            let mut names: Vec<String> = headers.keys().map(|name| name.to_string()).collect();
            names.sort();
            names
        };
        assert_eq!(
            names(&ours),
            ["content-length", "content-type", "etag", "vary"],
            "{route}"
        );
        assert_eq!(
            names(&theirs),
            ["content-length", "content-type"],
            "{route}"
        );
    }
}
