use api_routes::prelude::*;

use super::super::_lib::signal;

// Wakes the page waiting on `?key=` (see `_lib/signal.rs`).
#[api_route(POST)]
async fn handler(req: Request, res: Response) -> Response {
    let key = req.query().get("key").and_then(|key| key.as_str()).unwrap_or_default().to_owned();
    signal::named(&key).notify_one();
    res.status(204)
}
