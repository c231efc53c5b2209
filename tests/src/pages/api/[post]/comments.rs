use api_routes::prelude::*;

// nextjs-compat 1.14: a static file beats the dynamic sibling `[comment].rs`.
#[api_route]
async fn handler(res: Response) -> Response {
    res.json(json!([{ "message": "Prioritize a non-dynamic api page" }]))
}
