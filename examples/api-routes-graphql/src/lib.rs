//! Next.js's [`examples/api-routes-graphql`](https://github.com/vercel/next.js/tree/canary/examples/api-routes-graphql):
//! a GraphQL endpoint at `/api/graphql`, served with [async-graphql](https://docs.rs/async-graphql)
//! where the original uses GraphQL Yoga.
//!
//! The router is built here, in the library, so that the integration tests in `tests/` can serve
//! it on a port of their own; `src/main.rs` serves it on `PORT`.

pub mod schema;

api_routes::routes!();
