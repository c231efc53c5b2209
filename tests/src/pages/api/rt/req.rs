use api_routes::prelude::*;

// nextjs-compat 2.1: the raw method, the raw URL with its query, and header lookups.
#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    res.json(json!({
        "method": req.method().as_str(),
        "url": req.url(),
        "xTest": req.header("x-test"),
        "headerNames": req.headers().keys().map(|name| name.as_str()).filter(|name| name.starts_with("x-")).collect::<Vec<_>>(),
    }))
}
