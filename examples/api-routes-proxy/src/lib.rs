//! The two use cases the seed names for API routes, in one app:
//!
//! - **masking the URL of an external service**: `/api/secret/…` forwards to
//!   `SECRET_SERVICE_URL/…`, so clients never learn where the service lives;
//! - **environment variables on the server to access it securely**: the service's key,
//!   `SECRET_SERVICE_KEY`, comes from `.env.local` (or the real environment) and is added to each
//!   forwarded request; clients never see it.
//!
//! The router is built here, in the library, so that the tests in `tests/` can serve it on a port
//! of their own; `src/main.rs` loads the `.env` files and serves it on `PORT`.

mod proxy;

pub use proxy::{AppState, Config};

api_routes::routes!(state = AppState);

/// The router with its state: the upstream client, created once and shared by every request.
pub fn app(config: Config) -> Result<api_routes::axum::Router, String> {
    Ok(router().with_state(AppState::new(config)?))
}
