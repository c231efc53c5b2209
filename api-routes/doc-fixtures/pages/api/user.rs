use api_routes::prelude::*;

#[api_route]
async fn handler(res: Response) -> Response {
    res.status(200).json(json!({ "name": "John Doe" }))
}
