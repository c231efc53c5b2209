//! `routes!()`: args → discover → table (segment, pages, check) → lower → codegen; every stage
//! but the arguments and the code is `api_routes_routing`'s, shared with `cargo api-routes`.

mod args;
mod codegen;

use std::path::{Path, PathBuf};

use api_routes_build::{TRACKED_ENV, normalize};
use proc_macro2::{Span, TokenStream};

use api_routes_routing::diagnostics::{Diagnostics, Message};
use api_routes_routing::discover::discover;
use api_routes_routing::files;
use api_routes_routing::model::{Naming, RouteTable};

use self::args::RouterArgs;

/// Set by `api-routes-macros/tests/ui.rs`: trybuild compiles each case in its own scratch crate,
/// where `CARGO_MANIFEST_DIR` is not the crate holding the fixtures and no build script runs.
const MANIFEST_DIR_OVERRIDE: &str = "__API_ROUTES_MANIFEST_DIR";

pub(crate) fn expand(input: TokenStream, invoking_file: Option<PathBuf>) -> TokenStream {
    let started = std::time::Instant::now();
    let output = expand_router(input, invoking_file);
    // `bench/compile-cost.py` reads this line to report the macro's own expansion time.
    if std::env::var_os("API_ROUTES_TIMING").is_some_and(|value| value != "0") {
        eprintln!(
            "api_routes::routes!() expanded in {:.3} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    output
}

fn expand_router(input: TokenStream, invoking_file: Option<PathBuf>) -> TokenStream {
    let args = match syn::parse2::<RouterArgs>(input) {
        Ok(args) => args,
        Err(error) => {
            let mut output = error.to_compile_error();
            output.extend(codegen::stub_router(None));
            return output;
        }
    };
    let state = args.state.as_ref();
    let span = args
        .dir
        .as_ref()
        .map_or_else(Span::call_site, syn::LitStr::span);
    let naming = Naming {
        pages_dir: normalize(&args.dir()),
        url_prefix: args.prefix(),
        span,
    };
    let mut diagnostics = Diagnostics::default();

    let (manifest_dir, tracking_checked) = match std::env::var_os(MANIFEST_DIR_OVERRIDE) {
        Some(dir) => (PathBuf::from(dir), false),
        None => (
            PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default()),
            true,
        ),
    };
    if tracking_checked {
        check_tracked(&naming, &mut diagnostics);
    }
    let pages_dir = manifest_dir.join(&naming.pages_dir);
    let files = match discover(&pages_dir) {
        Ok(files) => files,
        Err(errors) => {
            for error in errors {
                diagnostics.push_at(naming.span, error.message(&naming));
            }
            let mut output = diagnostics.to_compile_errors();
            output.extend(codegen::stub_router(state));
            return output;
        }
    };
    let relatives: Vec<String> = files.iter().map(|file| file.relative.clone()).collect();
    let table = RouteTable::build(files, &naming, &mut diagnostics);
    let pages_path = pages_module_path(&pages_dir, invoking_file.as_deref(), &manifest_dir);
    let output = if diagnostics.is_empty() {
        let mut output = codegen::module_tree(&modules(&relatives, &table), &pages_path, false);
        output.extend(codegen::router(&table, state, &naming));
        output
    } else {
        let mut output = diagnostics.to_compile_errors();
        output.extend(codegen::module_tree(
            &modules(&relatives, &table),
            &pages_path,
            true,
        ));
        output.extend(codegen::stub_router(state));
        output
    };
    if std::env::var_os("API_ROUTES_DEBUG").is_some_and(|value| value != "0") {
        eprintln!("api_routes::routes!() expands to:\n{output}");
    }
    output
}

/// Every discovered file gets a module, even one the route table rejected, so that rustc still
/// reports errors inside it; only the reserved middleware file is left out.
fn modules(relatives: &[String], table: &RouteTable) -> Vec<String> {
    let known = |relative: &String| {
        table.private_files.contains(relative)
            || table.routes.iter().any(|route| &route.relative == relative)
    };
    relatives
        .iter()
        .filter(|relative| known(relative) || !files::is_private(relative))
        .cloned()
        .collect()
}

/// Without a build script watching the folder, cargo would not rebuild when a page is added, and
/// the route table would silently miss it. The build script of `api-routes-build` announces what
/// it watches in an environment variable that rustc passes on to this macro.
fn check_tracked(naming: &Naming, diagnostics: &mut Diagnostics) {
    let tracked = std::env::var(TRACKED_ENV).unwrap_or_default();
    if tracked
        .split(';')
        .any(|entry| entry.split('=').next() == Some(naming.pages_dir.as_str()))
    {
        return;
    }
    let call = if naming.pages_dir == api_routes_build::DEFAULT_PAGES_DIR {
        "api_routes_build::track();".to_owned()
    } else {
        format!("api_routes_build::track_dir(\"{}\");", naming.pages_dir)
    };
    let version = concat!(
        env!("CARGO_PKG_VERSION_MAJOR"),
        ".",
        env!("CARGO_PKG_VERSION_MINOR")
    );
    diagnostics.push_at(
        naming.span,
        Message::new(
            format!(
                "no build script watches `{}`, so a page added there would not be routed until something else changes",
                naming.pages_dir
            ),
            format!(
                "add `build.rs` next to Cargo.toml:\n    fn main() {{ {call} }}\nand to Cargo.toml:\n    [build-dependencies]\n    api-routes-build = \"{version}\""
            ),
        ),
    );
}

/// The `#[path]` of the pages folder as rustc resolves it from the invoking file.
///
/// A relative path is what lets rust-analyzer link the page files (hover, go-to-definition,
/// errors inside pages), so it is used wherever it is certain to resolve: the macro is invoked
/// from `main.rs`, `lib.rs` or a `mod.rs` (whose inline modules resolve against the file's own
/// folder) that sits above the pages. Anywhere else the absolute path is always right.
/// rust-analyzer does not know the invoking file; there the crate root in `src/` is assumed.
fn pages_module_path(
    pages_dir: &Path,
    invoking_file: Option<&Path>,
    manifest_dir: &Path,
) -> String {
    let absolute = pages_dir.to_string_lossy().into_owned();
    let base = match invoking_file {
        Some(file) => {
            let is_mod_rs = matches!(
                file.file_name().and_then(|name| name.to_str()),
                Some("main.rs" | "lib.rs" | "mod.rs")
            );
            if !is_mod_rs {
                return absolute;
            }
            let file = if file.is_absolute() {
                file.to_path_buf()
            } else {
                std::env::current_dir().unwrap_or_default().join(file)
            };
            match file.parent() {
                Some(parent) => parent.to_path_buf(),
                None => return absolute,
            }
        }
        None => manifest_dir.join("src"),
    };
    match pages_dir.strip_prefix(&base) {
        Ok(relative) => {
            let parts: Vec<String> = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect();
            parts.join("/")
        }
        Err(_) => absolute,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_routes_routing::testing;

    #[test]
    fn an_untracked_pages_folder_gets_the_build_script_to_paste() {
        if std::env::var_os(TRACKED_ENV).is_some() {
            return; // a build script announced a folder: nothing to check here
        }
        let mut diagnostics = Diagnostics::default();
        check_tracked(&testing::naming(), &mut diagnostics);
        let message = &diagnostics.messages()[0];
        assert!(
            message
                .lines()
                .any(|line| line.trim() == "fn main() { api_routes_build::track(); }"),
            "{message}"
        );
    }

    #[test]
    fn pages_path_is_relative_from_the_crate_root_file() {
        let pages = Path::new("/work/app/src/pages/api");
        let manifest = Path::new("/work/app");
        assert_eq!(
            pages_module_path(pages, Some(Path::new("/work/app/src/main.rs")), manifest),
            "pages/api"
        );
        assert_eq!(pages_module_path(pages, None, manifest), "pages/api");
    }

    #[test]
    fn pages_path_is_absolute_where_a_relative_one_could_resolve_elsewhere() {
        let pages = Path::new("/work/app/src/pages/api");
        let manifest = Path::new("/work/app");
        assert_eq!(
            pages_module_path(pages, Some(Path::new("/work/app/src/server.rs")), manifest),
            "/work/app/src/pages/api"
        );
        assert_eq!(
            pages_module_path(pages, Some(Path::new("/work/app/src/bin/mod.rs")), manifest),
            "/work/app/src/pages/api"
        );
    }
}
