//! `/api/users/[id]`: one user, read Next.js's way (`req.query()`, `res.json`) and replaced or
//! removed axum's way.

use api_routes::axum::http::StatusCode;
use api_routes::prelude::*;

use crate::{NewUser, Store, User};

/// Reads a user.
///
/// 404 when there is no user with that number.
#[api_route(GET)]
async fn show(
    req: Request,
    res: Response<User>,
    State(store): State<Store>,
) -> Result<Response<User>, ApiError> {
    let user = id(&req).and_then(|id| store.lock().get(id));
    match user {
        Some(user) => Ok(res.json(user)),
        None => Err(ApiError::new(404, "no such user")),
    }
}

/// Replaces a user's name and e-mail address.
///
/// 404 when there is no user with that number, 422 for an empty name.
#[api_route(PUT)]
async fn replace(
    Path(id): Path<u32>,
    State(store): State<Store>,
    Json(new): Json<NewUser>,
) -> Result<Json<User>, ApiError> {
    let new = new.checked()?;
    store
        .lock()
        .replace(id, new)
        .map(Json)
        .ok_or_else(|| ApiError::new(404, "no such user"))
}

/// Deletes a user.
///
/// 204 without a body; 404 when there is no user with that number.
#[api_route(DELETE)]
async fn remove(Path(id): Path<u32>, State(store): State<Store>) -> Result<StatusCode, ApiError> {
    if store.lock().remove(id) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::new(404, "no such user"))
    }
}

/// The number in the URL; none when it is not one, which answers as any unknown user does.
fn id(req: &Request) -> Option<u32> {
    req.query().get("id")?.as_str()?.parse().ok()
}
