//! The Vercel Function: `vercel.json` rewrites every `/api/*` request here, with its path kept,
//! and the router answers it as the server would.

#[tokio::main]
async fn main() -> Result<(), api_routes::vercel::Error> {
    api_routes::vercel::run(example_lambda::router()).await
}
