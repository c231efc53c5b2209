//! `cargo run -p example-api-routes-cors`, then `curl -i -X OPTIONS localhost:3000/api/cors`.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    api_routes::serve(example_api_routes_cors::router()).await
}
