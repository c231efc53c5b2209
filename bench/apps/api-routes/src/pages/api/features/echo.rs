//! `/api/echo` with Next.js's `bodyParser: false`: the body read as bytes and sent back as they
//! came, neither checked nor parsed nor re-serialized, and without an ETag.

use api_routes::axum::body::to_bytes;
use api_routes::prelude::*;

#[api_route(POST, body_parser = false)]
async fn handler(mut req: Request, res: Response) -> Result<Response, ApiError> {
    let body = req.take_raw_body()?;
    let bytes = to_bytes(body, 1024 * 1024)
        .await
        .map_err(|_| ApiError::new(400, "Invalid body"))?;
    Ok(res
        .set_header("content-type", "application/json; charset=utf-8")
        .end(bytes))
}
