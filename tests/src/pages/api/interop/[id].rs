use api_routes::axum::extract::Path;
use api_routes::axum::http::HeaderMap;
use api_routes::axum::Json;
use api_routes::prelude::*;

use crate::AppState;

// Plain axum extractors beside Next-style ones, and a plain axum return type.
#[api_route(GET)]
async fn show(Path(id): Path<String>, headers: HeaderMap, State(state): State<AppState>, req: Request) -> impl IntoResponse {
    let agent = headers.get("x-test").and_then(|value| value.to_str().ok()).unwrap_or_default().to_owned();
    Json(json!({ "id": id, "agent": agent, "greeting": state.greeting, "query": req.query() }))
}

#[api_route(POST)]
async fn create(Path(id): Path<u32>, Json(body): Json<serde_json::Value>) -> impl IntoResponse {
    (api_routes::axum::http::StatusCode::CREATED, Json(json!({ "id": id, "body": body })))
}
