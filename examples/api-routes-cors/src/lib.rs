//! Next.js's [`examples/api-routes-cors`](https://github.com/vercel/next.js/tree/canary/examples/api-routes-cors):
//! `/api/cors` answers any origin. The original runs the `cors` package inside its handler; here
//! tower-http's `CorsLayer` wraps the folder's routes as folder middleware
//! (`src/pages/api/_middleware.rs`), and the handler only answers.
//!
//! The router is built here, in the library, so that the integration tests in `tests/` can serve
//! it on a port of their own; `src/main.rs` serves it on `PORT`.

api_routes::routes!();
