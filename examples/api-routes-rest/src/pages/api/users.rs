//! `pages/api/users.ts`: every method answers the three users.

use api_routes::prelude::*;

use crate::interfaces::User;

#[api_route]
async fn handler(_req: Request, res: Response) -> Response {
    // Get data from your database
    let users: Vec<User> = (1..=3)
        .map(|id| User {
            id: Some(id),
            name: None,
        })
        .collect();
    res.status(200).json(users)
}
