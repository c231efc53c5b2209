// `5 megabytes` is not a size Next.js's `bytes` reads.
use api_routes::prelude::*;

#[api_route(POST, body_limit = "5 megabytes")]
async fn handler(res: Response) -> Response {
    res.send("x")
}

fn main() {}
