use api_routes::prelude::*;

// GET /api/hello?name=Lambda → {"message":"Hello, Lambda!"}
#[api_route(GET)]
async fn handler(req: Request, res: Response) -> Response {
    let name = req
        .query()
        .get("name")
        .and_then(|name| name.as_str())
        .unwrap_or("world");
    res.json(json!({ "message": format!("Hello, {name}!") }))
}
