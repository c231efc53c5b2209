// `GET` twice.
use api_routes::prelude::*;

#[api_route(GET, GET)]
async fn handler(res: Response) -> Response {
    res.send("x")
}

fn main() {}
