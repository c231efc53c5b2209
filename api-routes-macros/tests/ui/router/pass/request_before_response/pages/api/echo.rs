use api_routes::prelude::*;

// Next.js's order: `Request` reads the body, so axum needs it last; the attribute reorders it.
#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    res.json(req.body())
}
