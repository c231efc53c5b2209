use api_routes::prelude::*;

// POST /api/session: two cookies, so two `Set-Cookie` lines (API Gateway v2: the `cookies` array).
#[api_route(POST)]
async fn handler(res: Response) -> Response {
    res.cookie(
        "session",
        "abc123",
        CookieOptions::new().path("/").http_only(true),
    )
    .cookie(
        "theme",
        "dark",
        CookieOptions::new().path("/").max_age(3600),
    )
    .status(201)
    .json(json!({ "signedIn": true }))
}
