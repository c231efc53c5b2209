//! `cargo run --release -p bench-api-routes` serves the benchmark app on `PORT` (default 3000).
//!
//! `BENCH_HEADER_READ_TIMEOUT=off` serves it without the header-read timeout, for the cost of
//! that timer in `bench/callgrind-server.sh` (BENCHMARKS.md, "What each feature costs").

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let router = bench_api_routes::router();
    if std::env::var("BENCH_HEADER_READ_TIMEOUT").is_ok_and(|value| value == "off") {
        return api_routes::Server::bind_from_env()
            .await?
            .header_read_timeout(None)
            .run(router)
            .await;
    }
    api_routes::serve(router).await
}
