use api_routes::prelude::*;

#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    super::super::_lib::answer::page_and_query("[post]/index", &req, res)
}
