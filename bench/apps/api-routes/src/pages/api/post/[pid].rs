//! Next.js: `const { pid, x } = req.query; res.status(200).json({ pid, x })`.

use api_routes::prelude::*;

#[api_route(GET)]
async fn handler(req: Request, res: Response) -> Response {
    let query = req.query();
    res.status(200)
        .json(json!({ "pid": query.get("pid"), "x": query.get("x") }))
}
