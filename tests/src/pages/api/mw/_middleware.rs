//! Folder middleware in axum's `from_fn` style: wraps every route under `/api/mw`.
//! It traces the request and refuses it when `x-deny` is set, as an auth check would.

use api_routes::axum::extract::Request;
use api_routes::axum::http::{HeaderValue, StatusCode};
use api_routes::axum::middleware::Next;
use api_routes::axum::response::{IntoResponse, Response};

pub async fn middleware(mut req: Request, next: Next) -> Response {
    if req.headers().contains_key("x-deny") {
        return (StatusCode::UNAUTHORIZED, "denied by /api/mw/_middleware.rs").into_response();
    }
    req.headers_mut().append("x-trace", HeaderValue::from_static("outer"));
    let mut response = next.run(req).await;
    response.headers_mut().append("x-trace", HeaderValue::from_static("outer"));
    response
}
