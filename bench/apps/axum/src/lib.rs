//! The benchmark's baseline: the same four routes as `bench/apps/api-routes`, written
//! in plain axum 0.8 the way its documentation shows (`Json`, `Path`, `Query`), without
//! api-routes.

// The ten people of nextjs-compat 6.1, shared with `examples/api-routes` so every server answers from
// the same data.
#[path = "../../../../examples/api-routes/src/data.rs"]
pub mod data;

use axum::extract::{Path, Query};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::data::{PEOPLE, Person};

pub fn router() -> Router {
    Router::new()
        .route("/api/user", get(user))
        .route("/api/post/{pid}", get(show_post))
        .route("/api/echo", post(echo))
        .route("/api/people", get(people))
}

#[derive(Serialize)]
struct User {
    name: &'static str,
}

async fn user() -> Json<User> {
    Json(User { name: "John Doe" })
}

#[derive(Deserialize)]
struct PostQuery {
    x: Option<String>,
}

#[derive(Serialize)]
struct Post {
    pid: String,
    x: Option<String>,
}

async fn show_post(Path(pid): Path<String>, Query(query): Query<PostQuery>) -> Json<Post> {
    Json(Post { pid, x: query.x })
}

async fn echo(Json(body): Json<Value>) -> Json<Value> {
    Json(body)
}

async fn people() -> Json<[Person; 10]> {
    Json(PEOPLE)
}
