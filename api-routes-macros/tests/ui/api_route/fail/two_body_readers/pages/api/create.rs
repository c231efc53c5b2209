use api_routes::axum::Json;
use api_routes::prelude::*;

#[api_route(POST)]
async fn create(req: Request, Json(post): Json<std::collections::HashMap<String, String>>) -> Response {
    let _ = (req, post);
    Response::default()
}
