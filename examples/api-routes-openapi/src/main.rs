//! `cargo run -p example-api-routes-openapi`, then open `localhost:3000/api/docs`.

use example_api_routes_openapi::{ROUTES, app};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    api_routes::Server::bind_from_env()
        .await?
        .routes(ROUTES)
        .run(app())
        .await
}
