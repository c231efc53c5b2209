//! `cargo run -p example-api-routes-middleware`, then `curl -i localhost:3000/api/cookies`.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    api_routes::serve(example_api_routes_middleware::router()).await
}
