//! A real user crate of `api-routes`: its page tree covers every routing rule of docs/nextjs-compat.md, and
//! the integration tests in `tests/` drive it over HTTP. `cargo run -p api-routes-tests` serves
//! it on `PORT` for tools outside the test suite.

api_routes::routes!(state = AppState);

/// The application state the `state` pages read, to prove `routes!(state = …)` works.
#[derive(Debug, Clone)]
pub struct AppState {
    pub greeting: &'static str,
}

/// The router with its state, as the tests and the binary serve it.
pub fn app() -> api_routes::axum::Router {
    router().with_state(AppState {
        greeting: "hello from state",
    })
}

/// [`app`] with other router options.
pub fn app_with(options: api_routes::RouterOptions) -> api_routes::axum::Router {
    router_with(options).with_state(AppState {
        greeting: "hello from state",
    })
}
