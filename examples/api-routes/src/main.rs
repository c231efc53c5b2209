//! `cargo run -p example-api-routes`, then `curl localhost:3000/api/people`.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    api_routes::serve(example_api_routes::router()).await
}
