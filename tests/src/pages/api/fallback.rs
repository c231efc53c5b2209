use api_routes::prelude::*;

// A GET handler beside an unrestricted one: GET goes to `show`, every other method to `rest`.
#[api_route(GET)]
async fn show(res: Response) -> Response {
    res.send("show")
}

#[api_route]
async fn rest(req: Request, res: Response) -> Response {
    res.send(format!("rest {}", req.method()))
}
