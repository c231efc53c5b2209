use api_routes::prelude::*;

// nextjs-compat 3.6: `setHeader`, `getHeader`, `removeHeader`, `end`; `?kind=` picks one.
#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    match req.query().get("kind").and_then(|kind| kind.as_str()).unwrap_or_default() {
        "allow" => res.set_header("Allow", ["GET", "PUT"]).end("two lines"),
        "replace" => res.set_header("X-Thing", ["a", "b"]).set_header("X-Thing", "c").end(""),
        "append" => res.set_header("X-Thing", "a").append_header("X-Thing", "b").end(""),
        "remove" => res.set_header("X-Thing", "a").remove_header("x-thing").end(""),
        "get" => {
            let res = res.set_header("X-Thing", ["first", "second"]);
            let first = res.header("x-thing").unwrap_or_default().to_owned();
            res.end(first)
        }
        "crlf" => res.set_header("X-Bad", "a\r\nInjected: yes").end("never sent"),
        "bad-name" => res.set_header("Bad Name", "x").end("never sent"),
        "end" => res.end("verbatim {\"not\":\"json\"}"),
        "untouched" => res,
        _ => res.status(400).end("unknown kind"),
    }
}
