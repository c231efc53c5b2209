//! `pages/api/people/index.ts`: every method answers the whole list.

use api_routes::prelude::*;

use crate::data::PEOPLE;

#[api_route]
async fn handler(_req: Request, res: Response) -> Response {
    res.status(200).json(PEOPLE)
}
