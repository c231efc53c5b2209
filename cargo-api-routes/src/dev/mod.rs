//! `cargo api-routes dev`.

use clap::Args;

#[derive(Debug, Args)]
pub(crate) struct DevArgs {}

pub(crate) fn run(_args: DevArgs) -> Result<(), String> {
    Err("not yet".into())
}
