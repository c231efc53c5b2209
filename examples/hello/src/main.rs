//! The page Next.js's API Routes documentation starts from: `pages/api/user.js`.
//!
//! `cargo run -p example-hello`, then `curl localhost:3000/api/user` → `{"name":"John Doe"}`.

api_routes::routes!();

#[tokio::main]
async fn main() -> std::io::Result<()> {
    api_routes::serve(router()).await
}
