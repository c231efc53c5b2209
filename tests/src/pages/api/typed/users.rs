//! Typed pages, both styles: Next.js's `Response<T>` and axum's `Json<T>`.

use api_routes::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A user of the typed pages.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct User {
    /// Its number.
    pub id: u32,
    /// Its name.
    pub name: String,
}

/// How `GET` filters.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Filter {
    /// Only users whose name starts with this.
    pub prefix: Option<String>,
    /// At most this many.
    pub limit: u32,
}

/// Lists the users.
///
/// Filtered by name prefix, at most `limit` of them.
#[api_route(GET)]
async fn list(Query(filter): Query<Filter>) -> Json<Vec<User>> {
    let users = ["Ada", "Alan", "Grace"]
        .into_iter()
        .zip(1..)
        .filter(|(name, _)| filter.prefix.as_deref().is_none_or(|prefix| name.starts_with(prefix)))
        .take(filter.limit as usize)
        .map(|(name, id)| User { id, name: name.to_owned() })
        .collect();
    Json(users)
}

/// Creates a user, Next.js style.
#[api_route(POST)]
async fn create(req: Request, res: Response<User>) -> Result<Response<User>, ApiError> {
    let user: User = req.json()?;
    if user.name.is_empty() {
        return Err(ApiError::new(422, "a user needs a name"));
    }
    Ok(res.status(201).json(user))
}
