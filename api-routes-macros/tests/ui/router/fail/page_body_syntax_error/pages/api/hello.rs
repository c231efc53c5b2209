use api_routes::prelude::*;

// `Request` before `Response`: the router calls the wrapper `#[api_route]` emits.
#[api_route(GET)]
async fn handler(req: Request, res: Response) -> Response {
    let = req.query();
    res.send("x")
}
