use api_routes::prelude::*;

// spec 3.5: `res.redirect(url)` and `res.redirect(status, url)`, URL and status from the query.
#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    let to = req.query().get("to").and_then(|to| to.as_str()).unwrap_or("/login").to_owned();
    match req.query().get("status").and_then(|status| status.as_str()).and_then(|status| status.parse().ok()) {
        Some(status) => res.redirect_with_status(status, &to),
        None => res.redirect(&to),
    }
}
