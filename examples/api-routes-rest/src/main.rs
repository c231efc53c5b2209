//! `cargo run -p example-api-routes-rest`, then `curl localhost:3000/api/user/1`.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    api_routes::serve(example_api_routes_rest::router()).await
}
