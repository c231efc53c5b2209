//! The OpenAPI document `routes!` generates for this crate's pages: paths and parameters from
//! the files, operations from `#[api_route]`, schemas and answers from the handlers' types.

mod support;

use serde_json::{Value, json};

fn document() -> Value {
    serde_json::to_value(api_routes_tests::openapi()).expect("the document serializes")
}

#[test]
fn every_page_is_a_path_with_its_parameters() {
    let document = document();
    assert_eq!(document["openapi"], "3.1.0");
    assert_eq!(document["info"]["title"], "api-routes-tests");
    let paths = document["paths"].as_object().unwrap();
    for path in [
        "/api",
        "/api/user",
        "/api/users",
        "/api/blog/{post}/comment/{id}",
        "/api/opt",
        "/api/opt/{slug}",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from {:?}",
            paths.keys()
        );
    }
    let parameters = &document["paths"]["/api/blog/{post}/comment/{id}"]["parameters"];
    assert_eq!(parameters[0]["name"], "post");
    assert_eq!(parameters[1]["name"], "id");
    assert_eq!(parameters[1]["in"], "path");
    assert_eq!(parameters[1]["required"], true);
}

#[test]
fn a_catch_all_is_documented_honestly() {
    let document = document();
    let slug = &document["paths"]["/api/opt/{slug}"]["parameters"][0];
    assert!(
        slug["description"]
            .as_str()
            .unwrap()
            .contains("one or more path segments")
    );
    // `post/[...slug]` beside `post/[pid]` has the same OpenAPI template: named, not listed.
    let unlisted = &document["x-api-routes-unlisted"];
    assert_eq!(unlisted[0]["page"], "src/pages/api/post/[...slug].rs");
}

#[test]
fn methods_come_from_the_attribute_and_an_unrestricted_handler_takes_the_rest() {
    let document = document();
    let rest = document["paths"]["/api/rest"].as_object().unwrap();
    let methods: Vec<&str> = rest.keys().map(String::as_str).collect();
    assert!(methods.contains(&"get"), "{methods:?}");
    let typed: Vec<&String> = document["paths"]["/api/typed/users"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(typed, ["get", "post"]);
}

#[test]
fn typed_pages_describe_their_query_body_and_answers() {
    let document = document();
    let list = &document["paths"]["/api/typed/users"]["get"];
    assert_eq!(list["operationId"], "get_api_typed_users");
    assert_eq!(list["summary"], "Lists the users.");
    assert_eq!(
        list["description"],
        "Filtered by name prefix, at most `limit` of them."
    );
    let query: Vec<(&str, bool)> = list["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|parameter| {
            (
                parameter["name"].as_str().unwrap(),
                parameter["required"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(query, [("prefix", false), ("limit", true)]);
    assert_eq!(
        list["responses"]["200"]["content"]["application/json"]["schema"],
        json!({ "type": "array", "items": { "$ref": "#/components/schemas/User" } })
    );

    let create = &document["paths"]["/api/typed/users"]["post"];
    assert_eq!(
        create["responses"]["200"]["content"]["application/json"]["schema"],
        json!({ "$ref": "#/components/schemas/User" })
    );
    // Declared error answers: `ApiError`, and what the body parser answers before the handler.
    for status in ["400", "413", "4XX", "5XX"] {
        assert!(
            create["responses"][status].is_object(),
            "{status}: {create}"
        );
    }
    assert_eq!(
        create["requestBody"]["description"],
        "At most 1mb; a larger body answers 413 `Body exceeded 1mb limit`."
    );

    let user = &document["components"]["schemas"]["User"];
    assert_eq!(user["required"], json!(["id", "name"]));
    assert_eq!(user["properties"]["name"]["description"], "Its name.");
}

#[test]
fn an_untyped_page_still_appears_with_what_is_known() {
    let document = document();
    let user = &document["paths"]["/api/user"]["get"];
    assert_eq!(user["x-api-routes-page"], "src/pages/api/user.rs");
    assert!(
        user["responses"]["200"]["description"]
            .as_str()
            .unwrap()
            .contains("untyped")
    );
}

#[tokio::test]
async fn the_typed_pages_answer_what_the_document_says() {
    let server = support::start().await;
    let users = server.json("/api/typed/users?prefix=A&limit=5").await;
    assert_eq!(
        users,
        json!([{ "id": 1, "name": "Ada" }, { "id": 2, "name": "Alan" }])
    );
    let (status, _) = server.text("/api/typed/users").await;
    assert_eq!(status, 400, "`limit` is required");

    let created = server
        .request("POST", "/api/typed/users")
        .json(&json!({ "id": 7, "name": "Barbara" }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(
        created.text().await.unwrap(),
        r#"{"id":7,"name":"Barbara"}"#
    );
    let nameless = server
        .request("POST", "/api/typed/users")
        .json(&json!({ "id": 8, "name": "" }))
        .send()
        .await
        .unwrap();
    assert_eq!(nameless.status(), 422);
    assert_eq!(nameless.text().await.unwrap(), "a user needs a name");
}
