//! `cargo run -p example-api-routes-proxy` from this folder, with `.env.local` holding
//! `SECRET_SERVICE_URL` and `SECRET_SERVICE_KEY` (see README.md).

use std::process::ExitCode;

use example_api_routes_proxy::{Config, app};

fn main() -> ExitCode {
    // First, while this is the only thread: writing the environment is sound only now.
    api_routes::env::load_env_files();
    match serve() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("example-api-routes-proxy: {message}");
            ExitCode::FAILURE
        }
    }
}

#[tokio::main]
async fn serve() -> Result<(), String> {
    let app = app(Config::from_env()?)?;
    api_routes::serve(app)
        .await
        .map_err(|error| format!("cannot serve: {error}"))
}
