use api_routes::prelude::*;

#[api_route(GETT)]
async fn handler(res: Response) -> Response {
    res.send("x")
}
