use api_routes::prelude::*;

// nextjs-compat 2.7: a response at or above `responseLimit` (4 MiB by default) is only warned about,
// and still sent in full.
#[api_route]
async fn handler(res: Response) -> Response {
    res.send("x".repeat(5 * 1024 * 1024))
}
