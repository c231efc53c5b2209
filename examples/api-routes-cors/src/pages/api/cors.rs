//! `pages/api/cors.ts`, less the `runMiddleware(req, res, cors)` call: `_middleware.rs` in this
//! folder puts the CORS layer around every route here and below.

use api_routes::prelude::*;

#[api_route]
async fn handler(_req: Request, res: Response) -> Response {
    // Rest of the API logic
    res.json(json!({ "message": "Hello Everyone!" }))
}
