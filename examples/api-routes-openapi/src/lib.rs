//! A typed CRUD API over an in-memory store, and its contract: [`document`] (the `openapi()`
//! that `routes!` generates from the page tree and the handlers' types, titled) is served at
//! `/api/openapi.json` (with a Scalar page at `/api/docs`) and committed as `ts/openapi.json`, from which
//! openapi-typescript generates the TypeScript types the client in `ts/client.ts` checks against.
//!
//! | file | answers |
//! | --- | --- |
//! | `src/pages/api/users.rs` | `GET /api/users?name=&limit=`, `POST /api/users` |
//! | `src/pages/api/users/[id].rs` | `GET`, `PUT`, `DELETE /api/users/{id}` |
//!
//! The router is built here, in the library, so that the tests in `tests/` can send requests
//! through it with `api_routes::test::TestClient`; `src/main.rs` serves it on `PORT`.

mod created;
mod store;

pub use created::Created;
pub use store::{ListQuery, NewUser, Store, User};

api_routes::routes!(state = Store);

/// Where the document is served.
pub const OPENAPI_PATH: &str = "/api/openapi.json";

/// Where the interactive docs are served.
pub const DOCS_PATH: &str = "/api/docs";

/// The pages over an empty store, with the document and the docs page beside them.
pub fn app() -> api_routes::axum::Router {
    router()
        .with_state(Store::default())
        .merge(document().into_router_with_docs(OPENAPI_PATH, DOCS_PATH))
}

/// The document `openapi.json` is: the generated one, with a description of the API.
pub fn document() -> api_routes::openapi::OpenApi {
    openapi()
        .title("Users API")
        .description("A typed CRUD example of api-routes: users in memory.")
}
