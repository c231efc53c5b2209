use api_routes::prelude::*;

// What Next.js's
// `res.status(200).json({ method: req.method, query: req.query, cookies: req.cookies, body: req.body ?? null })`
// sends, so tools outside the test suite can compare the two servers.
#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    res.status(200).json(json!({
        "method": req.method().as_str(),
        "query": req.query(),
        "cookies": req.cookies(),
        "body": req.body(),
    }))
}
