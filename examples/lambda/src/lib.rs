//! One page tree, three ways to run it: `api_routes::serve` (a server), `api_routes::lambda::run`
//! (`src/main.rs`, AWS Lambda) and `api_routes::vercel::run` (`api/main.rs`, a Vercel Function).

api_routes::routes!();
