use api_routes::prelude::*;

// A route that parses bodies has no raw body to hand out: asking is a mistake in the page, which
// `?` answers with a logged 500 naming the fix, never a silent `None`.
#[api_route]
async fn handler(mut req: Request, res: Response) -> Result<Response, ApiError> {
    let _body = req.take_raw_body()?;
    Ok(res.end("unreachable: the body was parsed"))
}
