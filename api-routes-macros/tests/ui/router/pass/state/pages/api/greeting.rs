use api_routes::prelude::*;

use crate::AppState;

#[api_route]
async fn handler(State(state): State<AppState>, res: Response) -> Response {
    res.send(state.greeting)
}
