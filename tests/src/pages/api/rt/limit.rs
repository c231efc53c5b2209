use api_routes::prelude::*;

// nextjs-compat 2.5c: `config.api.bodyParser.sizeLimit = '500kb'`.
#[api_route(body_limit = "500kb")]
async fn handler(req: Request, res: Response) -> Response {
    super::_probe::record(&req);
    res.json(json!({ "length": req.bytes().len() }))
}
