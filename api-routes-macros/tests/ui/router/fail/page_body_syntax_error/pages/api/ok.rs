use api_routes::prelude::*;

#[api_route]
async fn handler(res: Response) -> Response {
    res.send("x")
}
