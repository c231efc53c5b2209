use api_routes::axum::http::HeaderMap;
use api_routes::prelude::*;

#[api_route(POST)]
async fn create(body: String, headers: HeaderMap) -> String {
    format!("{body} {}", headers.len())
}
