use api_routes::prelude::*;

// nextjs-compat 3.1, 3.8: `res.status(code)` with any number; outside 100–999 is an error answered 500.
#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    let code = req.query().get("code").and_then(|code| code.as_str()).and_then(|code| code.parse().ok()).unwrap_or(200);
    res.status(code).send("status set")
}
