//! `cargo api-routes new /api/users/[id] --methods GET,PUT`: the page file for a URL, with one
//! handler per method, checked against the existing tree by the router's own rules first.

use api_routes_routing::diagnostics::Diagnostics;
use api_routes_routing::discover::discover;
use api_routes_routing::files::{FoundFile, is_private};
use api_routes_routing::handler_args::HandlerArgs;
use api_routes_routing::model::{Naming, RouteTable};
use clap::Args;

use crate::CrateArgs;
use crate::project::{Project, join_errors};

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    #[command(flatten)]
    krate: CrateArgs,
    /// The page's URL (`/api/users/[id]`) or file (`src/pages/api/users/[id].rs`).
    page: String,
    /// A handler for each of these methods; without it, one handler answers every method.
    #[arg(long, value_delimiter = ',')]
    methods: Vec<String>,
}

pub(crate) fn run(args: &NewArgs) -> Result<(), String> {
    let project = Project::locate(&args.krate)?;
    let relative = page_file(&args.page, &project.naming)?;
    let path = project.pages_dir().join(&relative);
    if path.exists() {
        return Err(format!(
            "`{}` already exists; edit it, or remove it first",
            project.naming.file(&relative)
        ));
    }
    let methods = methods(&args.methods)?;
    // Without a pages folder yet, this is the first page.
    let existing = discover(&project.pages_dir()).unwrap_or_default();
    let source = page_source(&methods);
    check_against_tree(existing, &relative, &source, &project.naming)?;
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|error| error.to_string())?;
    }
    std::fs::write(&path, source).map_err(|error| error.to_string())?;
    println!("created {}", project.naming.file(&relative));
    Ok(())
}

/// The page file relative to the pages folder: `users/[id].rs`.
fn page_file(page: &str, naming: &Naming) -> Result<String, String> {
    let relative = if page.ends_with(".rs") {
        let file = api_routes_build::normalize(page);
        file.strip_prefix(&format!("{}/", naming.pages_dir))
            .map(str::to_owned)
            .ok_or_else(|| {
                format!(
                    "`{page}` is not under the pages folder `{}`",
                    naming.pages_dir
                )
            })?
    } else {
        let prefix = naming.url_prefix.trim_end_matches('/');
        let below = page
            .strip_prefix(prefix)
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
            .ok_or_else(|| {
                format!(
                    "`{page}` is not under `{}`, the URL of the pages folder",
                    naming.url_prefix
                )
            })?;
        match below.trim_matches('/') {
            "" => "index.rs".to_owned(),
            below => format!("{below}.rs"),
        }
    };
    if is_private(&relative) {
        return Err(format!(
            "`{}` starts with `_`: such files hold shared code, not pages; drop the `_`",
            naming.file(&relative)
        ));
    }
    Ok(relative)
}

/// The methods as `#[api_route(…)]` spells them, refused with the attribute's own message.
fn methods(methods: &[String]) -> Result<Vec<String>, String> {
    let methods: Vec<String> = methods
        .iter()
        .map(|method| method.trim().to_owned())
        .collect();
    syn::parse_str::<HandlerArgs>(&methods.join(", "))
        .map(|args| args.methods)
        .map_err(|error| error.to_string())
}

/// Builds the route table with the new page in it, and refuses the page if that brings an error
/// the tree did not have (so a tree already broken elsewhere does not block it).
fn check_against_tree(
    existing: Vec<FoundFile>,
    relative: &str,
    source: &str,
    naming: &Naming,
) -> Result<(), String> {
    let errors_of = |files: Vec<FoundFile>| {
        let mut diagnostics = Diagnostics::default();
        RouteTable::build(files, naming, &mut diagnostics);
        diagnostics.messages()
    };
    let before = errors_of(existing.clone());
    let mut files = existing;
    files.push(FoundFile {
        relative: relative.to_owned(),
        source: Some(source.to_owned()),
    });
    files.sort_by(|left, right| left.relative.cmp(&right.relative));
    let new: Vec<String> = errors_of(files)
        .into_iter()
        .filter(|error| !before.contains(error))
        .collect();
    if new.is_empty() {
        Ok(())
    } else {
        Err(join_errors(&new))
    }
}

/// A page in the README's style: one handler per method, or one for every method.
pub(crate) fn page_source(methods: &[String]) -> String {
    let mut source = String::from("use api_routes::prelude::*;\n");
    if methods.is_empty() {
        source.push_str(&handler("#[api_route]", "handler"));
    }
    for method in methods {
        let attribute = format!("#[api_route({method})]");
        source.push_str(&handler(&attribute, &method.to_lowercase()));
    }
    source
}

fn handler(attribute: &str, name: &str) -> String {
    format!(
        "\n{attribute}\nasync fn {name}(req: Request, res: Response) -> Response {{\n    \
         res.status(200).json(json!({{ \"query\": req.query() }}))\n}}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naming() -> Naming {
        Naming::default()
    }

    #[test]
    fn a_url_and_a_file_name_the_same_page() {
        assert_eq!(
            page_file("/api/users/[id]", &naming()).unwrap(),
            "users/[id].rs"
        );
        assert_eq!(
            page_file("src/pages/api/users/[id].rs", &naming()).unwrap(),
            "users/[id].rs"
        );
        assert_eq!(page_file("/api", &naming()).unwrap(), "index.rs");
    }

    #[test]
    fn a_url_outside_the_prefix_or_a_private_name_is_refused() {
        assert!(
            page_file("/other/x", &naming())
                .unwrap_err()
                .contains("not under `/api`")
        );
        assert!(
            page_file("/api/_db", &naming())
                .unwrap_err()
                .contains("shared code")
        );
    }

    #[test]
    fn one_handler_per_method_in_the_readme_style() {
        let methods = methods(&["GET".into(), "PUT".into()]).unwrap();
        assert_eq!(
            page_source(&methods),
            "use api_routes::prelude::*;\n\
             \n\
             #[api_route(GET)]\n\
             async fn get(req: Request, res: Response) -> Response {\n    \
             res.status(200).json(json!({ \"query\": req.query() }))\n\
             }\n\
             \n\
             #[api_route(PUT)]\n\
             async fn put(req: Request, res: Response) -> Response {\n    \
             res.status(200).json(json!({ \"query\": req.query() }))\n\
             }\n"
        );
    }

    #[test]
    fn without_methods_one_handler_answers_every_method() {
        assert!(page_source(&[]).contains("#[api_route]\nasync fn handler("));
    }

    #[test]
    fn an_unknown_method_gets_the_attributes_message() {
        let error = methods(&["get".into()]).unwrap_err();
        assert!(error.contains("GET"), "{error}");
    }

    #[test]
    fn a_sibling_param_of_another_name_gets_the_routers_message() {
        let existing = vec![FoundFile {
            relative: "users/[id].rs".into(),
            source: Some(page_source(&[])),
        }];
        let error = check_against_tree(existing, "users/[slug].rs", &page_source(&[]), &naming())
            .unwrap_err();
        assert_eq!(
            error,
            "you cannot use different slug names for the same dynamic path (`id` and `slug`)\n\
             \x20        src/pages/api/users/[id].rs\n\
             \x20        src/pages/api/users/[slug].rs\n\
             \x20      = help: pages at `/api/users/…` must share one name; rename the files so all use `[id]`\n\
             \x20      = note: axum would refuse them at start-up, and Next.js too"
        );
    }

    #[test]
    fn malformed_brackets_get_the_routers_message() {
        let error =
            check_against_tree(Vec::new(), "[id.rs", &page_source(&[]), &naming()).unwrap_err();
        assert!(error.contains("[id"), "{error}");
    }
}
