// `response_limit = true` is the default, not a setting.
use api_routes::prelude::*;

#[api_route(response_limit = true)]
async fn handler(res: Response) -> Response {
    res.send("x")
}

fn main() {}
