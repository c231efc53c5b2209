use api_routes::prelude::*;

// Default body config (1mb). Answers what it read; `GET ?seen=<id>` says whether a request with
// `x-probe: <id>` ever reached this or another probing handler (nextjs-compat 2.5i: refused bodies never do).
#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    if let Some(id) = req.query().get("seen").and_then(|id| id.as_str()) {
        return res.json(json!({ "seen": super::_probe::seen(id) }));
    }
    super::_probe::record(&req);
    res.json(json!({ "method": req.method().as_str(), "length": req.bytes().len(), "body": req.body() }))
}
