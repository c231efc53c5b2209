use api_routes::axum::extract::{FromRef, FromRequestParts};
use api_routes::axum::http::request::Parts;
use api_routes::prelude::*;

use crate::Db;

pub struct CurrentUser;

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser
where
    Db: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(_: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let _ = Db::from_ref(state);
        Ok(CurrentUser)
    }
}

#[api_route(GET)]
async fn show(State(db): State<Db>) -> &'static str {
    let _ = db;
    "db"
}

#[api_route(PUT)]
async fn update(user: CurrentUser, req: Request, res: Response) -> Response {
    let _ = (user, req);
    res.status(204)
}
