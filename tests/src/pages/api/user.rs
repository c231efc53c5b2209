use api_routes::prelude::*;

// The seed's `pages/api/user.js`.
#[api_route]
async fn handler(_req: Request, res: Response) -> Response {
    res.status(200).json(json!({ "name": "John Doe" }))
}
