use api_routes::prelude::*;

#[api_route(GET)]
async fn show(req: Request, res: Response) -> Response {
    res.json(req.query())
}
