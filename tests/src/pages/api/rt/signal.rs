use api_routes::prelude::*;

use super::super::_lib::signal;

// Wakes the page waiting on `?key=` (see `_lib/signal.rs`).
#[api_route(POST)]
async fn handler(req: Request, res: Response) -> Response {
    signal::of(&req).notify_one();
    res.status(204)
}
