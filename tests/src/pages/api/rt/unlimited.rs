use api_routes::prelude::*;

// nextjs-compat 2.7: `responseLimit: false` and a custom `sizeLimit` together.
#[api_route(response_limit = false, body_limit = "2mb")]
async fn handler(req: Request, res: Response) -> Response {
    res.send(format!("{}:{}", req.bytes().len(), "y".repeat(5 * 1024 * 1024)))
}
