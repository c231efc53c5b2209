use api_routes::prelude::*;

// nextjs-compat 4.3: the `switch (method)` idiom of `examples/api-routes-rest`.
#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    match req.method().as_str() {
        "GET" => res.status(200).json(json!({ "id": 1, "name": "User 1" })),
        method => res.status(405).set_header("Allow", ["GET", "PUT"]).end(format!("Method {method} Not Allowed")),
    }
}
