use api_routes::prelude::*;

// Method-restricted handlers: other methods get 405 with `Allow`.
#[api_route(GET)]
async fn show(res: Response) -> Response {
    res.send("show")
}

#[api_route(PUT, PATCH)]
async fn update(req: Request, res: Response) -> Response {
    res.json(json!({ "updated": req.body() }))
}
