//! `pages/api/cookies.ts`: sets `Next.js=api-middleware!` and answers the `Set-Cookie` header.

use api_routes::prelude::*;

use super::_lib::cookies::set_cookie;

#[api_route]
async fn handler(_req: Request, res: Response) -> Response {
    // Calling our helper with the response; it adds the `Set-Cookie` header.
    let res = set_cookie(res, "Next.js", "api-middleware!", CookieOptions::new());
    // Answer the `Set-Cookie` header so the browser can show it works. Next.js keeps it as an
    // array, so `JSON.stringify(res.getHeader("Set-Cookie"))` is a JSON array, sent as text
    // with `res.end`: no Content-Type (nextjs-compat 10.1).
    let set_cookie: Vec<&str> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect();
    let body = serde_json::to_string(&set_cookie).unwrap_or_default();
    res.end(body)
}
