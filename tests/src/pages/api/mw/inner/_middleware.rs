//! Nested folder middleware: runs inside `/api/mw/_middleware.rs`.

use api_routes::axum::extract::Request;
use api_routes::axum::http::HeaderValue;
use api_routes::axum::middleware::Next;
use api_routes::axum::response::Response;

pub async fn middleware(mut req: Request, next: Next) -> Response {
    req.headers_mut().append("x-trace", HeaderValue::from_static("inner"));
    let mut response = next.run(req).await;
    response.headers_mut().append("x-trace", HeaderValue::from_static("inner"));
    response
}
