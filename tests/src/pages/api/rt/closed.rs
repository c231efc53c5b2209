use std::time::Duration;

use api_routes::prelude::*;

use super::super::_lib::signal;

// `{"closed": true}` once the `rt/endless` stream of `?key=` has stopped, waiting for it at most
// 5 s (`{"closed": false}` then).
#[api_route(GET)]
async fn handler(req: Request, res: Response) -> Response {
    let wait = signal::of(&req);
    let closed = tokio::time::timeout(Duration::from_secs(5), wait.notified()).await.is_ok();
    res.json(json!({ "closed": closed }))
}
