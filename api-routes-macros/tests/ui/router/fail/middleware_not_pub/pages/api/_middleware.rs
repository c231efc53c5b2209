use api_routes::axum::extract::Request;
use api_routes::axum::middleware::Next;
use api_routes::axum::response::Response;

async fn middleware(req: Request, next: Next) -> Response {
    next.run(req).await
}
