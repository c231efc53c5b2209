use api_routes::prelude::*;

// A handler that never finishes: its `max_duration` answers 504 after one second.
#[api_route(max_duration = 1)]
async fn handler(res: Response) -> Response {
    std::future::pending::<()>().await;
    res
}
