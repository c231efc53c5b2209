//! nextjs-compat 6.5 (`examples/api-routes-graphql`): the GraphQL result shape, over HTTP.

use api_routes_test_support::{TestServer, header};

const RESULT: &str = r#"{"data":{"users":[{"name":"Nextjs"}]}}"#;

#[tokio::test]
async fn post_executes_the_query() {
    // nextjs-compat 6.5: POST `{"query":"{ users { name } }"}` → `{"data":{"users":[{"name":"Nextjs"}]}}`
    let server = TestServer::serve(example_api_routes_graphql::router()).await;
    let response = server
        .request("POST", "/api/graphql")
        .header("content-type", "application/json")
        .body(r#"{"query":"{ users { name } }"}"#)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        header(&response, "content-type").as_deref(),
        Some("application/graphql-response+json")
    );
    assert_eq!(response.text().await.expect("body"), RESULT);
}

#[tokio::test]
async fn get_with_a_query_string_executes_too() {
    // nextjs-compat 6.5: "GET with `?query=` also executes"
    let server = TestServer::serve(example_api_routes_graphql::router()).await;
    let response = server
        .get("/api/graphql?query=%7B%20users%20%7B%20name%20%7D%20%7D")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text().await.expect("body"), RESULT);
}

#[tokio::test]
async fn variables_and_operation_names_are_read() {
    // nextjs-compat 6.5: a GraphQL server, so a named operation with variables works as well
    let server = TestServer::serve(example_api_routes_graphql::router()).await;
    let response = server
        .request("POST", "/api/graphql")
        .header("content-type", "application/json")
        .body(r#"{"query":"query Q($n: Boolean!) { users { name @include(if: $n) } }","operationName":"Q","variables":{"n":false}}"#)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response.text().await.expect("body"),
        r#"{"data":{"users":[{}]}}"#
    );
}

#[tokio::test]
async fn a_browser_gets_graphiql() {
    // nextjs-compat 6.5: "browser GET (Accept text/html) → GraphiQL page"
    let server = TestServer::serve(example_api_routes_graphql::router()).await;
    let response = server
        .get("/api/graphql")
        .header(
            "accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        )
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        header(&response, "content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    let page = response.text().await.expect("body");
    assert!(page.contains("graphiql"), "{page}");
    assert!(page.contains("/api/graphql"), "{page}");
}

#[tokio::test]
async fn an_invalid_query_answers_graphql_errors() {
    // nextjs-compat 6.5: the result shape of a GraphQL server for a field that does not exist
    let server = TestServer::serve(example_api_routes_graphql::router()).await;
    let response = server
        .request("POST", "/api/graphql")
        .header("content-type", "application/json")
        .body(r#"{"query":"{ posts }"}"#)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200);
    let body = response.text().await.expect("body");
    assert!(
        body.starts_with(r#"{"data":null,"errors":[{"message":"Unknown field \"posts\""#),
        "{body}"
    );
}

#[tokio::test]
async fn the_body_parser_runs_first() {
    // nextjs-compat 6.5 "body parser left enabled" with 2.5e/10.5: malformed JSON is Next.js's 400
    // `Invalid JSON`, with no Content-Type
    let server = TestServer::serve(example_api_routes_graphql::router()).await;
    let response = server
        .request("POST", "/api/graphql")
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 400);
    assert_eq!(header(&response, "content-type"), None);
    assert_eq!(response.text().await.expect("body"), "Invalid JSON");
}

#[tokio::test]
async fn bodies_over_one_megabyte_are_refused() {
    // nextjs-compat 6.5 "body parser left enabled" with 2.5c/10.5: 413 `Body exceeded 1mb limit`
    let server = TestServer::serve(example_api_routes_graphql::router()).await;
    let response = server
        .request("POST", "/api/graphql")
        .header("content-type", "application/json")
        .body(vec![b' '; 1024 * 1024 + 1])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 413);
    assert_eq!(
        response.text().await.expect("body"),
        "Body exceeded 1mb limit"
    );
}

#[tokio::test]
async fn head_is_answered_like_get() {
    // nextjs-compat 4.2: HEAD runs the handler as GET, without the body
    let server = TestServer::serve(example_api_routes_graphql::router()).await;
    let response = server
        .request("HEAD", "/api/graphql?query=%7Busers%7Bname%7D%7D")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text().await.expect("body"), "");
}

#[tokio::test]
async fn other_methods_are_405() {
    // GraphQL over HTTP is GET and POST (Yoga answers 405 to others); `#[api_route(GET, POST)]`
    // answers 405 with one `Allow` line per method, HEAD included (the GET handler answers HEAD)
    let server = TestServer::serve(example_api_routes_graphql::router()).await;
    let response = server
        .request("PUT", "/api/graphql")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 405);
    let allow: Vec<_> = response
        .headers()
        .get_all("allow")
        .iter()
        .map(|value| value.to_str().expect("visible ASCII"))
        .collect();
    assert_eq!(allow, ["GET", "HEAD", "POST"]);
    assert_eq!(
        response.text().await.expect("body"),
        "Method PUT Not Allowed"
    );
}
