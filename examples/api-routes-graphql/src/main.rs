//! `cargo run -p example-api-routes-graphql`, then open http://localhost:3000/api/graphql.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    api_routes::serve(example_api_routes_graphql::router()).await
}
