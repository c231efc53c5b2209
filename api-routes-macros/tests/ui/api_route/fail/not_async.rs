// A handler must be `async fn`.
use api_routes::prelude::*;

#[api_route]
fn handler(res: Response) -> Response {
    res.send("x")
}

fn main() {}
