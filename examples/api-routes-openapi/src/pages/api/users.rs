//! `/api/users`: the list, and creating a user. axum's style: extractors in, `Json` out.

use api_routes::prelude::*;

use crate::{Created, ListQuery, NewUser, Store, User};

/// Lists the users.
///
/// By number; `name` keeps those whose name contains it, `limit` caps how many.
#[api_route(GET)]
async fn list(State(store): State<Store>, Query(query): Query<ListQuery>) -> Json<Vec<User>> {
    Json(store.lock().list(&query))
}

/// Creates a user.
///
/// Answers 201 with the user and the number the store gave it; an empty name is 422.
#[api_route(POST)]
async fn create(
    State(store): State<Store>,
    Json(new): Json<NewUser>,
) -> Result<Created<User>, ApiError> {
    Ok(Created(store.lock().create(new.checked()?)))
}

