//! `cargo run --release -p bench-api-routes` serves the benchmark app on `PORT` (default 3000).

#[tokio::main]
async fn main() -> std::io::Result<()> {
    api_routes::serve(bench_api_routes::router()).await
}
