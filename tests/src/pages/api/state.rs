use api_routes::prelude::*;

use crate::AppState;

// `routes!(state = AppState)`: handlers take `State<AppState>` like any axum handler.
#[api_route(GET)]
async fn handler(State(state): State<AppState>, res: Response) -> Response {
    res.json(json!({ "greeting": state.greeting }))
}
