use api_routes::prelude::*;

#[api_route]
async fn handler(res: Response) -> Response {
    let = 5;
    res.send("x")
}
