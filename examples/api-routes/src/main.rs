//! `cargo run -p example-api-routes`, then `curl localhost:3000/api/people`.

use example_api_routes::{ROUTES, router};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    // `api_routes::serve(router())` with the route table printed at start-up.
    api_routes::Server::bind_from_env()
        .await?
        .routes(ROUTES)
        .run(router())
        .await
}
