use api_routes::prelude::*;

// nextjs-compat 10.13: `?n=` bytes of text, with `?type=` as Content-Type and `?cc=` as
// Cache-Control when given; for compression's threshold, types and opt-out.
#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    let query = req.query();
    let param = |name: &str| query.get(name).and_then(|value| value.as_str()).map(str::to_owned);
    let length = param("n").and_then(|n| n.parse().ok()).unwrap_or(10);
    let mut res = res;
    if let Some(content_type) = param("type") {
        res = res.set_header("Content-Type", content_type.as_str());
    }
    if let Some(cache_control) = param("cc") {
        res = res.set_header("Cache-Control", cache_control.as_str());
    }
    res.send("x".repeat(length))
}
