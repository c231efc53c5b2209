// Methods are written in capitals.
use api_routes::prelude::*;

#[api_route(get)]
async fn handler(res: Response) -> Response {
    res.send("x")
}

fn main() {}
