//! `examples/api-routes`' `pages/api/people/index.ts`, on GET only.

use api_routes::prelude::*;

use crate::data::PEOPLE;

#[api_route(GET)]
async fn handler(_req: Request, res: Response) -> Response {
    res.status(200).json(PEOPLE)
}
