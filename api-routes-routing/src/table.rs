//! Builds the route table from the found files: each page's URL by Next.js's file-to-URL rules
//! (nextjs-compat 1), its handlers, the folder middleware, then the rules of [`crate::check`].

use crate::check;
use crate::diagnostics::{Diagnostics, Message};
use crate::files::{FoundFile, folder_of, is_middleware, is_private};
use crate::model::{Middleware, Naming, Route, RoutePath, RouteTable};
use crate::pages::{MiddlewareSource, PageHandlers, read_handlers, read_middleware_form};
use crate::segment::parse_segment;

impl RouteTable {
    /// Reads the files' names and sources into routes, private files and middleware, and
    /// pushes every broken rule to `diagnostics` (the table is still built, for the modules).
    pub fn build(files: Vec<FoundFile>, naming: &Naming, diagnostics: &mut Diagnostics) -> Self {
        let mut table = RouteTable::default();
        for file in files {
            if is_middleware(&file.relative) {
                if let Some(middleware) = read_middleware(&file, naming, diagnostics) {
                    table.middlewares.push(middleware);
                }
                table.private_files.push(file.relative);
                continue;
            }
            if is_private(&file.relative) {
                // A file whose name is not a module name gets no module, so it adds no error of
                // rustc's to ours.
                if check::check_private_module_names(&file.relative, naming, diagnostics) {
                    table.private_files.push(file.relative);
                }
                continue;
            }
            let Some(path) = route_path(&file.relative, naming, diagnostics) else {
                continue;
            };
            let handlers = match file.source.as_deref().map(read_handlers) {
                Some(PageHandlers::Found(handlers)) => {
                    check::check_handlers(&file.relative, &path, &handlers, naming, diagnostics);
                    handlers
                }
                Some(PageHandlers::TooDeep(too_deep)) => {
                    diagnostics.push_at(naming.span, too_deep.message(naming.file(&file.relative)));
                    Vec::new()
                }
                Some(PageHandlers::Broken) | None => Vec::new(),
            };
            table.routes.push(Route {
                relative: file.relative,
                path,
                handlers,
            });
        }
        table
            .routes
            .sort_by(|left, right| left.path.next_order(&right.path));
        check::check_tree(&table.routes, naming, diagnostics);
        table
    }
}

/// Turns `users/[id].rs` into `/api/users/[id]`, reporting every malformed name in it.
fn route_path(relative: &str, naming: &Naming, diagnostics: &mut Diagnostics) -> Option<RoutePath> {
    let components: Vec<&str> = relative.split('/').collect();
    let (file_name, folders) = components.split_last()?;
    let stem = file_name.strip_suffix(".rs").unwrap_or(file_name);
    let mut names: Vec<&str> = folders.to_vec();
    if stem != "index" {
        names.push(stem);
    }
    let mut segments = naming.prefix_segments();
    let mut ok = true;
    for name in names {
        match parse_segment(name) {
            Ok(segment) => segments.push(segment),
            Err(message) => {
                ok = false;
                diagnostics.push_at(naming.span, message.file(naming.file(relative)));
            }
        }
    }
    let path = RoutePath { segments };
    (ok && check::check_route_path(relative, &path, naming, diagnostics)).then_some(path)
}

fn read_middleware(
    file: &FoundFile,
    naming: &Naming,
    diagnostics: &mut Diagnostics,
) -> Option<Middleware> {
    let form = match read_middleware_form(file.source.as_deref()?) {
        MiddlewareSource::Broken => return None,
        MiddlewareSource::TooDeep(too_deep) => {
            diagnostics.push_at(naming.span, too_deep.message(naming.file(&file.relative)));
            return None;
        }
        MiddlewareSource::Found(form) => form,
        MiddlewareSource::Invalid(problem) => {
            diagnostics.push_at(
                naming.span,
                Message::new(
                    problem,
                    "a `_middleware.rs` defines exactly one of\n    \
                     pub fn layer() -> impl tower::Layer<…> (for example a tower-http `CorsLayer`)\n    \
                     pub async fn middleware(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response",
                )
                .file(naming.file(&file.relative)),
            );
            return None;
        }
    };
    Some(Middleware {
        folder: folder_of(&file.relative).to_owned(),
        relative: file.relative.clone(),
        form,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{build, build_files, page};

    fn urls(paths: &[&str]) -> Vec<String> {
        let table = build(paths).unwrap();
        table
            .routes
            .iter()
            .map(|route| route.path.to_string())
            .collect()
    }

    #[test]
    fn private_files_are_modules_not_routes() {
        let table = build(&["_lib/db.rs", "_helpers.rs", "users.rs"]).unwrap();
        assert_eq!(table.routes.len(), 1);
        assert_eq!(table.private_files, ["_lib/db.rs", "_helpers.rs"]);
    }

    #[test]
    fn routes_are_in_next_js_order() {
        // nextjs-compat 1.12: the canonical vector of Next's page-route-sorter test.
        let input = [
            "[root-slug].rs",
            "index.rs",
            "apples/[ab]/[cd]/ef.rs",
            "blog/abc.rs",
            "blog/abc/post.rs",
            "blog/abc/[id].rs",
            "blog/[id].rs",
            "blog/[id]/comments/[cid].rs",
            "foo/[d]/bar/baz/[f].rs",
            "p/[...rest].rs",
            "p1/[[...incl]].rs",
            "p2/[id].rs",
            "p2/[id]/abc.rs",
            "p2/[...rest].rs",
            "p3/[id].rs",
            "p3/[id]/abc.rs",
            "p3/[[...rest]].rs",
            "posts.rs",
            "posts/[id].rs",
            "[...rest].rs",
        ];
        let mut shuffled = input.to_vec();
        shuffled.reverse();
        let order: Vec<String> = urls(&shuffled)
            .iter()
            .map(|url| url.strip_prefix("/api").unwrap().to_owned())
            .map(|url| if url.is_empty() { "/".to_owned() } else { url })
            .collect();
        assert_eq!(
            order,
            [
                "/",
                "/apples/[ab]/[cd]/ef",
                "/blog/abc",
                "/blog/abc/post",
                "/blog/abc/[id]",
                "/blog/[id]",
                "/blog/[id]/comments/[cid]",
                "/foo/[d]/bar/baz/[f]",
                "/p/[...rest]",
                "/p1/[[...incl]]",
                "/p2/[id]",
                "/p2/[id]/abc",
                "/p2/[...rest]",
                "/p3/[id]",
                "/p3/[id]/abc",
                "/p3/[[...rest]]",
                "/posts",
                "/posts/[id]",
                "/[root-slug]",
                "/[...rest]",
            ]
        );
    }

    #[test]
    fn the_url_prefix_starts_every_pattern() {
        let mut naming = crate::testing::naming();
        for (prefix, url) in [("/", "/users"), ("/v1/api", "/v1/api/users")] {
            naming.url_prefix = prefix.into();
            let mut diagnostics = crate::diagnostics::Diagnostics::default();
            let table = RouteTable::build(vec![page("users.rs")], &naming, &mut diagnostics);
            assert_eq!(table.routes[0].path.to_string(), url);
        }
    }

    #[test]
    fn every_error_is_reported_at_once() {
        let errors =
            build(&["[[blog]].rs", "[...a]/b.rs", "users.rs", "users/index.rs"]).unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:#?}");
    }

    #[test]
    fn middleware_wraps_its_folder_and_below_outermost_first() {
        let layer = |relative: &str| FoundFile {
            relative: relative.into(),
            source: Some("pub fn layer() -> L { L }".to_owned()),
        };
        let files = vec![
            layer("_middleware.rs"),
            layer("a/_middleware.rs"),
            layer("a/b/_middleware.rs"),
            FoundFile {
                relative: "_lib/_middleware.rs".into(),
                source: None,
            },
            page("a/b/c.rs"),
            page("ab/x.rs"),
        ];
        let table = build_files(files).unwrap();
        let chain = |page: &str| {
            let route = table
                .routes
                .iter()
                .find(|route| route.relative == page)
                .unwrap();
            table
                .middlewares_of(route)
                .iter()
                .map(|middleware| middleware.relative.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            chain("a/b/c.rs"),
            ["_middleware.rs", "a/_middleware.rs", "a/b/_middleware.rs"]
        );
        assert_eq!(chain("ab/x.rs"), ["_middleware.rs"]);
    }

    #[test]
    fn a_middleware_defining_neither_form_names_both() {
        let error = crate::testing::one_error_in("_middleware.rs", "pub fn other() {}");
        assert!(
            error.starts_with("this middleware file defines neither"),
            "{error}"
        );
        assert!(
            error.contains("\n  src/pages/api/_middleware.rs\n"),
            "{error}"
        );
        assert!(
            error.contains("\n            pub fn layer() -> impl tower::Layer"),
            "{error}"
        );
    }

    #[test]
    fn a_page_or_middleware_too_deep_to_read_is_an_error_naming_it() {
        let deep = format!("{}u8{}", "Vec<".repeat(200), ">".repeat(200));
        for (relative, source) in [
            (
                "users.rs",
                format!("#[api_route] async fn handler() {{}}\npub fn nested(_: {deep}) {{}}"),
            ),
            (
                "_middleware.rs",
                format!("pub fn layer() -> {deep} {{ todo!() }}"),
            ),
        ] {
            let error = crate::testing::one_error_in(relative, &source);
            assert!(error.starts_with("the signature of `fn "), "{error}");
            assert!(
                error.contains(&format!("\n  src/pages/api/{relative}\n")),
                "{error}"
            );
            assert!(error.contains("`type` alias"), "{error}");
        }
    }
}
