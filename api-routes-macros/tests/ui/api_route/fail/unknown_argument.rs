// `methd` is not an argument.
use api_routes::prelude::*;

#[api_route(methd = "GET")]
async fn handler(res: Response) -> Response {
    res.send("x")
}

fn main() {}
