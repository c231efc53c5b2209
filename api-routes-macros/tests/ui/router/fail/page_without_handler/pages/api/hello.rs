use api_routes::prelude::*;

async fn handler(res: Response) -> Response {
    res.send("x")
}
