//! A folder middleware that does nothing, so `examples/profile.rs` can price the layer itself
//! (`/api/features/user` against `/api/user`).

use api_routes::axum::extract::Request;
use api_routes::axum::middleware::Next;
use api_routes::axum::response::Response;

pub async fn middleware(req: Request, next: Next) -> Response {
    next.run(req).await
}
