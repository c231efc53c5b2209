use api_routes::prelude::*;

#[api_route(GET)]
async fn show(res: Response) -> Response {
    res.send("show")
}

#[api_route(GET, POST)]
async fn update(res: Response) -> Response {
    res.send("update")
}
