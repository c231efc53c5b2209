//! Next.js's [`examples/api-routes-middleware`](https://github.com/vercel/next.js/tree/canary/examples/api-routes-middleware):
//! `/api/cookies` sets a cookie through a small helper, `_lib::cookies::set_cookie`, the port of
//! the original's `utils/cookies.ts`.
//!
//! The router is built here, in the library, so that the integration tests in `tests/` can send
//! requests through it with `api_routes::test::TestClient`; `src/main.rs` serves it on `PORT`.

api_routes::routes!();
