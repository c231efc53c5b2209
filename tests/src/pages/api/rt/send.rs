use api_routes::axum::body::Body;
use api_routes::prelude::*;
use api_routes::SendBody;

// nextjs-compat 3.3: `res.send(body)` for the body kind named by `?kind=`; `?ct=` sets a Content-Type
// first, `?cl=` a Content-Length and `?status=` a status.
#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    let query = req.query();
    let param = |name: &str| query.get(name).and_then(|value| value.as_str()).map(str::to_owned);
    let mut res = res;
    if let Some(ct) = param("ct") {
        res = res.set_header("Content-Type", ct.as_str());
    }
    if let Some(length) = param("cl") {
        res = res.set_header("Content-Length", length.as_str());
    }
    if let Some(status) = param("status").and_then(|status| status.parse().ok()) {
        res = res.status(status);
    }
    match param("kind").as_deref() {
        Some("string") => res.send("héllo"),
        Some("empty-string") => res.send(""),
        Some("object") => res.send(json!({ "a": 1 })),
        Some("number") => res.send(42),
        Some("bool") => res.send(true),
        Some("bytes") => res.send(vec![1u8, 2, 3]),
        Some("stream") => res.send(Body::from("streamed")),
        Some("none") => res.send(None::<String>),
        Some("unit") => res.send(()),
        Some("empty") => res.send(SendBody::Empty),
        Some("end") => res.end("ended"),
        _ => res.status(400).end("unknown kind"),
    }
}
