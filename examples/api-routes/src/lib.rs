//! Next.js's [`examples/api-routes`](https://github.com/vercel/next.js/tree/canary/examples/api-routes):
//! a list of people at `/api/people` and one person at `/api/people/[id]`.
//!
//! The router is built here, in the library, so that the integration tests in `tests/` can send
//! requests through it with `api_routes::test::TestClient`; `src/main.rs` serves it on `PORT`.

pub mod data;

api_routes::routes!();
