//! `cargo run --release -p bench-axum` serves the baseline on `127.0.0.1:PORT` (default 3001).

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::var("PORT").unwrap_or_else(|_| "3001".to_owned());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!("ready on http://{}", listener.local_addr()?);
    axum::serve(listener, bench_axum::router()).await
}
