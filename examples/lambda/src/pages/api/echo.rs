use api_routes::prelude::*;

// What the request looked like once it reached the page, so that the same request sent to the
// server and to the Lambda function can be compared (`tests/emulator.rs`): method, query,
// cookies and the body parsed by its Content-Type.
#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    res.status(200).json(json!({
        "method": req.method().as_str(),
        "query": req.query(),
        "cookies": req.cookies(),
        "body": req.body(),
    }))
}
