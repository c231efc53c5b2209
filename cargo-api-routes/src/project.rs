//! The crate a command works on, and its route table read the way `routes!` reads it.

use std::path::{Path, PathBuf};

use api_routes_routing::diagnostics::Diagnostics;
use api_routes_routing::discover::discover;
use api_routes_routing::model::{Naming, RouteTable};

use crate::CrateArgs;

/// A crate with a pages folder.
#[derive(Debug)]
pub(crate) struct Project {
    /// The folder holding `Cargo.toml`.
    pub(crate) root: PathBuf,
    pub(crate) naming: Naming,
}

impl Project {
    pub(crate) fn locate(args: &CrateArgs) -> Result<Self, String> {
        let manifest = match &args.manifest_path {
            Some(path) => path.clone(),
            None => nearest_manifest()?,
        };
        let root = manifest
            .parent()
            .map(|dir| {
                if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir
                }
            })
            .ok_or_else(|| format!("`{}` is not a path to a Cargo.toml", manifest.display()))?
            .to_path_buf();
        if !manifest.is_file() {
            return Err(format!("there is no `{}`", manifest.display()));
        }
        Ok(Project {
            root,
            naming: Naming {
                pages_dir: api_routes_build::normalize(&args.dir),
                url_prefix: args.prefix.clone(),
                ..Naming::default()
            },
        })
    }

    /// The pages folder on disk.
    pub(crate) fn pages_dir(&self) -> PathBuf {
        self.root.join(&self.naming.pages_dir)
    }

    /// The route table, or every error `routes!` would report, each as rustc would print it.
    pub(crate) fn route_table(&self) -> Result<RouteTable, Vec<String>> {
        let naming = &self.naming;
        let files = discover(&self.pages_dir()).map_err(|errors| {
            errors
                .iter()
                .map(|error| error.message(naming).to_string())
                .collect::<Vec<_>>()
        })?;
        let mut diagnostics = Diagnostics::default();
        let table = RouteTable::build(files, naming, &mut diagnostics);
        if diagnostics.is_empty() {
            Ok(table)
        } else {
            Err(diagnostics.messages())
        }
    }
}

/// `Cargo.toml` in the current folder or the nearest one above, as cargo finds it.
fn nearest_manifest() -> Result<PathBuf, String> {
    let current = std::env::current_dir().map_err(|error| error.to_string())?;
    current
        .ancestors()
        .map(|dir| dir.join("Cargo.toml"))
        .find(|manifest| manifest.is_file())
        .ok_or_else(|| {
            format!(
                "no Cargo.toml in `{}` or above; pass --manifest-path",
                current.display()
            )
        })
}

/// Errors as rustc lays them out, for `main` to print after its own `error: `: further lines
/// under the first, blank lines between errors.
pub(crate) fn join_errors(errors: &[String]) -> String {
    errors
        .iter()
        .map(|error| error.replace('\n', "\n       "))
        .collect::<Vec<_>>()
        .join("\n\nerror: ")
}
