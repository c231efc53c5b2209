//! `cargo api-routes`: the dev loop of an `api-routes` crate, as `next dev` is for Next.js.
//!
//! ```text
//! cargo api-routes dev [-- <cargo build args>]   rebuild and restart on every save, one socket throughout
//! cargo api-routes routes [--json]               the route table, without building
//! cargo api-routes new /api/users/[id] --methods GET,PUT
//! ```

mod dev;
mod new_page;
mod project;
mod routes;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// Cargo runs `cargo-api-routes api-routes …`: the first argument is the subcommand's own name.
#[derive(Debug, Parser)]
#[command(name = "cargo", bin_name = "cargo")]
enum Cargo {
    ApiRoutes(Cli),
}

/// The dev loop of an api-routes crate: serve it and restart on every save, list its routes, add a page.
#[derive(Debug, Args)]
#[command(version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build and serve the crate, rebuilding and restarting on every save; the socket stays open
    /// across restarts, so requests wait for the new build instead of being refused.
    Dev(dev::DevArgs),
    /// Print the route table from the page files, without building.
    Routes(routes::RoutesArgs),
    /// Create a page file for a URL, with a handler per method.
    New(new_page::NewArgs),
}

/// Which crate and which pages folder: shared by every command.
#[derive(Debug, Clone, Args)]
struct CrateArgs {
    /// The crate's Cargo.toml (default: the one in this folder or the nearest above).
    #[arg(long, value_name = "PATH")]
    manifest_path: Option<PathBuf>,
    /// The pages folder, relative to the crate (as in `routes!(dir = …)`).
    #[arg(long, default_value = api_routes_build::DEFAULT_PAGES_DIR)]
    dir: String,
    /// The URL of the pages folder (as in `routes!(prefix = …)`).
    #[arg(long, default_value = "/api")]
    prefix: String,
}

fn main() -> ExitCode {
    let Cargo::ApiRoutes(cli) = Cargo::parse();
    let result = match cli.command {
        Command::Dev(args) => dev::run(args),
        Command::Routes(args) => routes::run(&args),
        Command::New(args) => new_page::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
