//! `pages/api/people/[id].ts`: the person whose `id` is exactly the path segment, else 404.

use api_routes::prelude::*;

use crate::data::{PEOPLE, ResponseError};

#[api_route]
async fn handler(req: Request, res: Response) -> Response {
    // `[id]` is always one string: route params override query keys of the same name.
    let id = req
        .query()
        .get("id")
        .and_then(|id| id.as_str())
        .unwrap_or_default();
    match PEOPLE.iter().find(|person| person.id == id) {
        Some(person) => res.status(200).json(person),
        None => res.status(404).json(ResponseError {
            message: format!("User with id: {id} not found."),
        }),
    }
}
