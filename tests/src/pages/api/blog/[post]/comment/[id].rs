use api_routes::prelude::*;

#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    super::super::super::super::_lib::answer::page_and_query("blog/[post]/comment/[id]", &req, res)
}
