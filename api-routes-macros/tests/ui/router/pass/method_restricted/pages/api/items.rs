use api_routes::prelude::*;

#[api_route(GET, HEAD)]
async fn list(res: Response) -> Response {
    res.json(json!([]))
}

#[api_route(POST, body_limit = "5mb")]
async fn create(req: Request, res: Response) -> Response {
    res.status(201).json(req.body())
}

#[api_route(PUT, body_parser = false, response_limit = false)]
async fn replace(res: Response) -> Response {
    res.status(204).send("")
}

// Every other method.
#[api_route]
async fn other(res: Response) -> Response {
    res.status(418).send("other")
}
