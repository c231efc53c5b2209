//! `pages/api/graphql.ts`: a GraphQL server at `/api/graphql`.
//!
//! As in the original, Next.js's body parser stays on: `Request` reads the body (1mb limit,
//! `Invalid JSON` for a malformed JSON body) before async-graphql parses the GraphQL request.

use api_routes::axum::response::{Html, IntoResponse, Response as AxumResponse};
use api_routes::prelude::*;
use async_graphql::http::{
    GraphiQLSource, MultipartOptions, parse_query_string, receive_batch_body,
};
use async_graphql_axum::GraphQLResponse;
use async_graphql_axum::rejection::GraphQLRejection;

use crate::schema::SCHEMA;

const ENDPOINT: &str = "/api/graphql";

/// GraphQL over HTTP answers `GET` (the operation in the query string) and `POST` (in the
/// body); other methods get 405 with `Allow: GET` and `Allow: POST`.
#[api_route(GET, POST)]
async fn handler(req: Request) -> AxumResponse {
    // axum's GET route answers HEAD too.
    let get = matches!(req.method().as_str(), "GET" | "HEAD");
    // A browser opening the endpoint gets GraphiQL, as with Yoga's `graphiql: true` default.
    if get
        && req
            .header("accept")
            .is_some_and(|accept| accept.contains("text/html"))
    {
        return Html(GraphiQLSource::build().endpoint(ENDPOINT).finish()).into_response();
    }
    let request = if get {
        parse_query_string(req.uri().query().unwrap_or_default()).map(Into::into)
    } else {
        receive_batch_body(
            req.header("content-type"),
            req.bytes(),
            MultipartOptions::default(),
        )
        .await
    };
    match request {
        Ok(request) => GraphQLResponse(SCHEMA.execute_batch(request).await).into_response(),
        Err(error) => GraphQLRejection(error).into_response(),
    }
}
