//! nextjs-compat 6.1 (`examples/api-routes`), byte for byte, through the router in process.

use api_routes::axum::http::Method;
use api_routes::test::TestClient;

const JSON: &str = "application/json; charset=utf-8";

/// The list of `data.ts`, as `JSON.stringify` writes it: 1386 bytes (no line break at the end),
/// shared with the runtime's ETag test.
const PEOPLE: &str = include_str!("../../../api-routes-runtime/tests/fixtures/people.json");

const LUKE: &str = r#"{"id":"1","name":"Luke Skywalker","height":"172","mass":"77","hair_color":"blond","skin_color":"fair","eye_color":"blue","gender":"male"}"#;

fn client() -> TestClient {
    TestClient::new(example_api_routes::router())
}

#[tokio::test]
async fn people_lists_the_ten_people_in_order() {
    // nextjs-compat 6.1 `/api/people`: 200, JSON, 1386 bytes, ETag "125nwgx02vd12i" (3.4)
    let res = client().get("/api/people").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.header("content-type"), Some(JSON));
    assert_eq!(res.header("etag"), Some(r#""125nwgx02vd12i""#));
    assert_eq!(res.bytes().len(), 1386);
    assert_eq!(res.text(), PEOPLE);
}

#[tokio::test]
async fn people_answers_every_method() {
    // nextjs-compat 6.1 "any method", 4.1 (no method filtering)
    let client = client();
    for method in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
        let res = client.request(method.clone(), "/api/people").await;
        assert_eq!(
            (res.status().as_u16(), res.text().as_str()),
            (200, PEOPLE),
            "{method}"
        );
    }
}

#[tokio::test]
async fn people_is_not_modified_for_its_etag() {
    // nextjs-compat 3.4 and 10.8: If-None-Match with the list's ETag → 304, no body, ETag kept
    let res = client()
        .get("/api/people")
        .header("if-none-match", r#""125nwgx02vd12i""#)
        .await;
    assert_eq!(res.status(), 304);
    assert_eq!(res.header("etag"), Some(r#""125nwgx02vd12i""#));
    assert_eq!(res.text(), "");
}

#[tokio::test]
async fn person_one_is_luke() {
    // nextjs-compat 6.1 `/api/people/[id]` found → 200 person object, ETag "fiidxs8bk73t" (3.4)
    let res = client().get("/api/people/1").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.header("content-type"), Some(JSON));
    assert_eq!(res.header("etag"), Some(r#""fiidxs8bk73t""#));
    assert_eq!(res.bytes().len(), 137);
    assert_eq!(res.text(), LUKE);
}

#[tokio::test]
async fn every_person_is_found_by_id() {
    // nextjs-compat 6.1: each person's object is the element of the list with that id
    let client = client();
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
        let res = client.get(&path).await;
        assert_eq!(
            (res.status().as_u16(), res.text()),
            (200, expected),
            "{path}"
        );
    }
}

#[tokio::test]
async fn unknown_person_is_a_json_404() {
    // nextjs-compat 6.1: 404 `{"message":"User with id: <id> not found."}`; ETag of 3.4's vector for 11
    let res = client().get("/api/people/11").await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.header("content-type"), Some(JSON));
    assert_eq!(res.header("etag"), Some(r#""13ywaow1j1y15""#));
    assert_eq!(res.text(), r#"{"message":"User with id: 11 not found."}"#);
}

#[tokio::test]
async fn ids_are_compared_as_exact_strings() {
    // nextjs-compat 6.1: "exact string compare on `id`": `01` is not `1`
    let client = client();
    for (path, id) in [
        ("/api/people/01", "01"),
        ("/api/people/1.0", "1.0"),
        ("/api/people/luke", "luke"),
        ("/api/people/a%20b", "a b"),
    ] {
        let res = client.get(path).await;
        assert_eq!(
            (res.status().as_u16(), res.text()),
            (
                404,
                format!(r#"{{"message":"User with id: {id} not found."}}"#)
            ),
            "{path}"
        );
    }
}
