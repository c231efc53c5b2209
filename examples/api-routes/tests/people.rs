//! nextjs-compat 6.1 (`examples/api-routes`), byte for byte over HTTP.

use api_routes_test_support::{TestServer, header};

const JSON: &str = "application/json; charset=utf-8";

/// The list of `data.ts`, as `JSON.stringify` writes it: 1386 bytes (no line break at the end),
/// shared with the runtime's ETag test.
const PEOPLE: &str = include_str!("../../../api-routes-runtime/tests/fixtures/people.json");

const LUKE: &str = r#"{"id":"1","name":"Luke Skywalker","height":"172","mass":"77","hair_color":"blond","skin_color":"fair","eye_color":"blue","gender":"male"}"#;

/// Status, Content-Type, ETag and body of one request.
async fn answer(
    server: &TestServer,
    method: &str,
    path: &str,
) -> (u16, Option<String>, Option<String>, String) {
    let response = server.request(method, path).send().await.expect("request");
    let status = response.status().as_u16();
    let content_type = header(&response, "content-type");
    let etag = header(&response, "etag");
    (
        status,
        content_type,
        etag,
        response.text().await.expect("body"),
    )
}

#[tokio::test]
async fn people_lists_the_ten_people_in_order() {
    // nextjs-compat 6.1 `/api/people`: 200, JSON, 1386 bytes, ETag "125nwgx02vd12i" (3.4)
    let server = TestServer::serve(example_api_routes::router()).await;
    let (status, content_type, etag, body) = answer(&server, "GET", "/api/people").await;
    assert_eq!(status, 200);
    assert_eq!(content_type.as_deref(), Some(JSON));
    assert_eq!(etag.as_deref(), Some(r#""125nwgx02vd12i""#));
    assert_eq!(body.len(), 1386);
    assert_eq!(body, PEOPLE);
}

#[tokio::test]
async fn people_answers_every_method() {
    // nextjs-compat 6.1 "any method", 4.1 (no method filtering)
    let server = TestServer::serve(example_api_routes::router()).await;
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let (status, _, _, body) = answer(&server, method, "/api/people").await;
        assert_eq!((status, body.as_str()), (200, PEOPLE), "{method}");
    }
}

#[tokio::test]
async fn people_is_not_modified_for_its_etag() {
    // nextjs-compat 3.4 and 10.8: If-None-Match with the list's ETag → 304, no body, ETag kept
    let server = TestServer::serve(example_api_routes::router()).await;
    let response = server
        .get("/api/people")
        .header("if-none-match", r#""125nwgx02vd12i""#)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 304);
    assert_eq!(
        header(&response, "etag").as_deref(),
        Some(r#""125nwgx02vd12i""#)
    );
    assert_eq!(response.text().await.expect("body"), "");
}

#[tokio::test]
async fn person_one_is_luke() {
    // nextjs-compat 6.1 `/api/people/[id]` found → 200 person object, ETag "fiidxs8bk73t" (3.4)
    let server = TestServer::serve(example_api_routes::router()).await;
    let (status, content_type, etag, body) = answer(&server, "GET", "/api/people/1").await;
    assert_eq!(status, 200);
    assert_eq!(content_type.as_deref(), Some(JSON));
    assert_eq!(etag.as_deref(), Some(r#""fiidxs8bk73t""#));
    assert_eq!(body.len(), 137);
    assert_eq!(body, LUKE);
}

#[tokio::test]
async fn every_person_is_found_by_id() {
    // nextjs-compat 6.1: each person's object is the element of the list with that id
    let server = TestServer::serve(example_api_routes::router()).await;
    let list = PEOPLE
        .strip_prefix('[')
        .and_then(|list| list.strip_suffix(']'))
        .unwrap();
    for (index, expected) in list.split("},{").enumerate() {
        let expected = format!(
            "{{{}}}",
            expected.trim_start_matches('{').trim_end_matches('}')
        );
        let path = format!("/api/people/{}", index + 1);
        let (status, _, _, body) = answer(&server, "GET", &path).await;
        assert_eq!((status, body), (200, expected), "{path}");
    }
}

#[tokio::test]
async fn unknown_person_is_a_json_404() {
    // nextjs-compat 6.1: 404 `{"message":"User with id: <id> not found."}`; ETag of 3.4's vector for 11
    let server = TestServer::serve(example_api_routes::router()).await;
    let (status, content_type, etag, body) = answer(&server, "GET", "/api/people/11").await;
    assert_eq!(status, 404);
    assert_eq!(content_type.as_deref(), Some(JSON));
    assert_eq!(etag.as_deref(), Some(r#""13ywaow1j1y15""#));
    assert_eq!(body, r#"{"message":"User with id: 11 not found."}"#);
}

#[tokio::test]
async fn ids_are_compared_as_exact_strings() {
    // nextjs-compat 6.1: "exact string compare on `id`": `01` is not `1`
    let server = TestServer::serve(example_api_routes::router()).await;
    for (path, id) in [
        ("/api/people/01", "01"),
        ("/api/people/1.0", "1.0"),
        ("/api/people/luke", "luke"),
        ("/api/people/a%20b", "a b"),
    ] {
        let (status, _, _, body) = answer(&server, "GET", path).await;
        assert_eq!(
            (status, body),
            (
                404,
                format!(r#"{{"message":"User with id: {id} not found."}}"#)
            ),
            "{path}"
        );
    }
}
