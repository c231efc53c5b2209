use api_routes::prelude::*;

// nextjs-compat 2.5c: a numeric `sizeLimit` (4096 bytes) is repeated as a number in the 413 message.
#[api_route(body_limit = 4096)]
async fn handler(req: Request, res: Response) -> Response {
    res.json(json!({ "length": req.bytes().len() }))
}
