//! The CRUD pages answer what the document promises, through the router in process; and the
//! document and its docs page are served beside them.

use api_routes::test::TestClient;
use example_api_routes_openapi::{NewUser, User, app};
use serde_json::{Value, json};

fn client() -> TestClient {
    TestClient::new(app())
}

fn new_user(name: &str) -> NewUser {
    NewUser {
        name: name.to_owned(),
        email: None,
    }
}

/// Creates `name` and answers the stored user.
async fn create(client: &TestClient, name: &str) -> User {
    let res = client.post("/api/users").json(&new_user(name)).await;
    assert_eq!(res.status(), 201, "{}", res.text());
    res.json()
}

#[tokio::test]
async fn create_answers_201_with_the_numbered_user() {
    let client = client();
    let res = client
        .post("/api/users")
        .json(&json!({ "name": "Ada", "email": "ada@example.com" }))
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(
        res.header("content-type"),
        Some("application/json"),
        "axum's Json"
    );
    assert_eq!(
        res.json::<User>(),
        User {
            id: 1,
            name: "Ada".to_owned(),
            email: Some("ada@example.com".to_owned()),
        }
    );
    assert_eq!(create(&client, "Alan").await.id, 2);
}

#[tokio::test]
async fn list_filters_with_the_typed_query() {
    let client = client();
    for name in ["Ada", "Alan", "Grace", "Adele"] {
        create(&client, name).await;
    }
    let names =
        |users: Vec<User>| -> Vec<String> { users.into_iter().map(|user| user.name).collect() };

    let all: Vec<User> = client.get("/api/users").await.json();
    assert_eq!(names(all), ["Ada", "Alan", "Grace", "Adele"]);
    let ad: Vec<User> = client.get("/api/users?name=Ad").await.json();
    assert_eq!(names(ad), ["Ada", "Adele"]);
    let first: Vec<User> = client
        .get("/api/users")
        .query(&json!({ "name": "A", "limit": 2 }))
        .await
        .json();
    assert_eq!(names(first), ["Ada", "Alan"]);

    let res = client.get("/api/users?limit=ten").await;
    assert_eq!(res.status(), 400, "axum's Query: {}", res.text());
}

#[tokio::test]
async fn get_answers_the_user_next_js_style() {
    let client = client();
    let ada = create(&client, "Ada").await;
    let res = client.get(&format!("/api/users/{}", ada.id)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.header("content-type"),
        Some("application/json; charset=utf-8"),
        "res.json"
    );
    assert!(res.header("etag").is_some(), "res.json sends an ETag");
    assert_eq!(res.json::<User>(), ada);
}

#[tokio::test]
async fn an_unknown_user_is_a_404_api_error() {
    let client = client();
    for path in ["/api/users/7", "/api/users/seven"] {
        let res = client.get(path).await;
        assert_eq!(res.status(), 404, "{path}");
        assert_eq!(res.header("content-type"), None, "ApiError's plain shape");
        assert_eq!(res.text(), "no such user");
    }
    let res = client.put("/api/users/7").json(&new_user("Ada")).await;
    assert_eq!(
        (res.status().as_u16(), res.text()),
        (404, "no such user".to_owned())
    );
    let res = client.delete("/api/users/7").await;
    assert_eq!(
        (res.status().as_u16(), res.text()),
        (404, "no such user".to_owned())
    );
}

#[tokio::test]
async fn put_replaces_the_user() {
    let client = client();
    let ada = create(&client, "Ada").await;
    let path = format!("/api/users/{}", ada.id);
    let res = client
        .put(&path)
        .json(&json!({ "name": "Ada Lovelace", "email": "ada@example.com" }))
        .await;
    assert_eq!(res.status(), 200);
    let replaced = User {
        id: ada.id,
        name: "Ada Lovelace".to_owned(),
        email: Some("ada@example.com".to_owned()),
    };
    assert_eq!(res.json::<User>(), replaced);
    assert_eq!(client.get(&path).await.json::<User>(), replaced);
}

#[tokio::test]
async fn delete_answers_204_and_the_user_is_gone() {
    let client = client();
    let ada = create(&client, "Ada").await;
    let path = format!("/api/users/{}", ada.id);
    let res = client.delete(&path).await;
    assert_eq!(res.status(), 204);
    assert_eq!(res.text(), "");
    assert_eq!(client.get(&path).await.status(), 404);
    assert_eq!(client.get("/api/users").await.json::<Vec<User>>(), []);
}

#[tokio::test]
async fn bodies_that_do_not_fit_are_refused_before_the_handler() {
    let client = client();
    // Not JSON at all: 400 from axum's `Json`.
    let res = client
        .post("/api/users")
        .header("content-type", "application/json")
        .body("{not json")
        .await;
    assert_eq!(res.status(), 400, "{}", res.text());
    assert!(
        res.text()
            .starts_with("Failed to parse the request body as JSON")
    );
    // JSON without the required `name`: 422 from axum's `Json`.
    let res = client
        .post("/api/users")
        .json(&json!({ "email": "a@b.c" }))
        .await;
    assert_eq!(res.status(), 422, "{}", res.text());
    // Not `application/json`: 415 from axum's `Json`.
    let res = client
        .post("/api/users")
        .header("content-type", "text/plain")
        .body(r#"{"name":"Ada"}"#)
        .await;
    assert_eq!(res.status(), 415, "{}", res.text());
    // An empty name fits the schema; the page refuses it with an ApiError.
    let res = client.post("/api/users").json(&new_user(" ")).await;
    assert_eq!(
        (res.status().as_u16(), res.text()),
        (422, "a user needs a name".to_owned())
    );
    assert_eq!(client.get("/api/users").await.json::<Vec<User>>(), []);
}

#[tokio::test]
async fn the_document_and_the_docs_page_are_served() {
    let client = client();
    let res = client.get("/api/openapi.json").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.header("content-type"), Some("application/json"));
    assert_eq!(
        res.json::<Value>(),
        serde_json::to_value(example_api_routes_openapi::document()).expect("the document")
    );

    let res = client.get("/api/docs").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.header("content-type"), Some("text/html; charset=utf-8"));
    let html = res.text();
    assert!(html.contains("<title>Users API</title>"), "{html}");
    assert!(
        html.contains("\"/api/users/{id}\""),
        "the document is in the page"
    );
}
