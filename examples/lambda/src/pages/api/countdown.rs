use std::time::Duration;

use api_routes::axum::body::Body;
use api_routes::prelude::*;

// GET /api/countdown: a body streamed in three pieces, 20 ms apart.
#[api_route(GET)]
async fn handler(res: Response) -> Response {
    let pieces = futures_util::stream::unfold(3u8, |left| async move {
        if left == 0 {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        Some((Ok::<_, std::io::Error>(format!("{left}\n")), left - 1))
    });
    res.set_header("Content-Type", "text/plain; charset=utf-8")
        .send(Body::from_stream(pieces))
}
