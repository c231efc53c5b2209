use api_routes::prelude::*;

// Answers after `?ms=` milliseconds: an in-flight request for graceful-shutdown tests.
#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    let ms = req.query().get("ms").and_then(|ms| ms.as_str()).and_then(|ms| ms.parse().ok()).unwrap_or(0);
    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    res.send(format!("slept {ms}"))
}
