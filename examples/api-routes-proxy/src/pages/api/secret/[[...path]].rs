//! `/api/secret` and everything below it: the request goes to `SECRET_SERVICE_URL` with
//! `SECRET_SERVICE_KEY` added, and the service's answer comes back. Next.js's body parser is off
//! (`bodyParser: false`), so the body streams through instead of being read here.

use api_routes::axum::response::Response as AxumResponse;
use api_routes::prelude::*;

use crate::AppState;

#[api_route(body_parser = false)]
async fn handler(State(state): State<AppState>, mut req: Request) -> AxumResponse {
    crate::proxy::forward(&state, &mut req).await
}
