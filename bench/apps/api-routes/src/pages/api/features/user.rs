//! `/api/user` behind `_middleware.rs`: what a folder middleware costs.

use api_routes::prelude::*;

#[api_route(GET)]
async fn handler(_req: Request, res: Response) -> Response {
    res.status(200).json(json!({ "name": "John Doe" }))
}
