//! Next.js: `res.status(200).json(req.body)`.

use api_routes::prelude::*;

#[api_route(POST)]
async fn handler(req: Request, res: Response) -> Response {
    res.status(200).json(req.body())
}
