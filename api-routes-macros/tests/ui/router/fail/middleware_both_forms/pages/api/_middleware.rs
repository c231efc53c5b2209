use api_routes::axum::extract::Request;
use api_routes::axum::middleware::Next;
use api_routes::axum::response::Response;

pub fn layer() -> api_routes::axum::Extension<u8> {
    api_routes::axum::Extension(1)
}

pub async fn middleware(req: Request, next: Next) -> Response {
    next.run(req).await
}
