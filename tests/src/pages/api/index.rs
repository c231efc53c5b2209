use api_routes::prelude::*;

// nextjs-compat 1.3: `pages/api/index.js` answers `/api`.
#[api_route]
async fn handler(res: Response) -> Response {
    res.send("Index should work")
}
