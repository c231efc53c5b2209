use api_routes::RedirectKind;
use api_routes::prelude::*;

// nextjs-compat 3.5: `res.redirect(url)` and `res.redirect(status, url)`, the URL and the kind of
// redirect from the query.
#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    let to = req.query().get("to").and_then(|to| to.as_str()).unwrap_or("/login").to_owned();
    let kind = match req.query().get("kind").and_then(|kind| kind.as_str()) {
        Some("permanent") => RedirectKind::Permanent,
        Some("moved-permanently") => RedirectKind::MovedPermanently,
        Some("see-other") => RedirectKind::SeeOther,
        Some("found") => RedirectKind::Found,
        Some(_) => return res.status(400).end("unknown kind"),
        None => return res.redirect(&to),
    };
    res.redirect_as(kind, &to)
}
