use api_routes::prelude::*;

// Answers the request's `x-trace` lines, so tests see which middleware ran and in what order.
#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    let trace: Vec<&str> = req.headers().get_all("x-trace").iter().filter_map(|value| value.to_str().ok()).collect();
    let deeper = false;
    res.json(json!({ "trace": trace, "deeper": deeper }))
}
