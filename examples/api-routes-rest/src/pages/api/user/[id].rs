//! `pages/api/user/[id].ts`: one handler for every method, which branches on `req.method()` as
//! the original's `switch (method)` does.

use api_routes::prelude::*;

use crate::interfaces::{User, default_name, parse_int};

#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    let query = req.query();
    let id = query
        .get("id")
        .and_then(|id| id.as_str())
        .and_then(parse_int);
    // `query.name` is a string, or a list when the key is repeated, as in Next.js.
    let name = query.get("name");

    match req.method().as_str() {
        "GET" => {
            // Get data from your database
            res.status(200).json(User {
                id,
                name: Some(default_name(id)),
            })
        }
        "PUT" => {
            // Update or create data in your database; `name || \`User ${id}\``: an empty name
            // is falsy, a list never is.
            let name = match name {
                Some(name) if name.as_str() != Some("") => json!(name),
                _ => json!(default_name(id)),
            };
            res.status(200).json(User {
                id,
                name: Some(name),
            })
        }
        method => res
            .set_header("Allow", ["GET", "PUT"])
            .status(405)
            .end(format!("Method {method} Not Allowed")),
    }
}
