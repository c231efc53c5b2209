use api_routes::prelude::*;

// Hostile-input tests (RELIABILITY.md): user input flowing into the response head. `?value=`
// becomes the `X-Echo` header and `?cookie=` the value of a `Set-Cookie: echo=…`, both as sent.
#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    let query = |key: &str| {
        req.query()
            .get(key)
            .and_then(|value| value.as_str())
            .map(str::to_owned)
    };
    let res = match query("cookie") {
        Some(value) => res.cookie("echo", &value, CookieOptions::new()),
        None => res,
    };
    let res = match query("value") {
        Some(value) => res.set_header("X-Echo", value),
        None => res,
    };
    res.send("set")
}
