//! Next.js's [`examples/api-routes-rest`](https://github.com/vercel/next.js/tree/canary/examples/api-routes-rest):
//! a list of users at `/api/users` and one user at `/api/user/[id]`, read with `GET` and
//! updated with `PUT`, written as the original is: one handler that answers every method and
//! branches on it.
//!
//! The router is built here, in the library, so that the integration tests in `tests/` can send
//! requests through it with `api_routes::test::TestClient`; `src/main.rs` serves it on `PORT`.

pub mod interfaces;

api_routes::routes!();
