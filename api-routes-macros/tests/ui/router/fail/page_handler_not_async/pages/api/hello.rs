use api_routes::prelude::*;

#[api_route]
fn handler(res: Response) -> Response {
    res.send("x")
}
