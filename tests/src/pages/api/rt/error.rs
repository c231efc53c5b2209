use api_routes::prelude::*;

// nextjs-compat 3.8: errors a handler returns. `?kind=` picks one.
#[api_route]
async fn handler(req: Request, res: Response) -> Result<Response, ApiError> {
    match req.query().get("kind").and_then(|kind| kind.as_str()).unwrap_or_default() {
        "api" => Err(ApiError::new(418, "Teapot refused")),
        "not-found" => Err(ApiError::new(404, "User 11 not found")),
        "unprintable" => Err(ApiError::new(400, "line\nbreak")),
        "invalid-status" => Err(ApiError::new(1000, "too big")),
        "question" => {
            let number: u32 = "not a number".parse()?;
            Ok(res.json(number))
        }
        "cookie-then-error" => {
            let _res = res.set_header("Set-Cookie", "a=1");
            Err(ApiError::internal())
        }
        "panic" => panic!("a panic inside a Result handler"),
        _ => Ok(res.send("fine")),
    }
}
