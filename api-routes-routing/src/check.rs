//! The rules a page tree must follow beyond the syntax of its names: Next.js's route-tree rules
//! (nextjs-compat 1.15) and ours. Each `check_*` pushes one error per broken rule, naming the files, so a
//! build shows every mistake at once.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostics, Message};
use crate::model::{Naming, Route, RoutePath};
use crate::pages::Handler;
use crate::segment::{Segment, SegmentKind, Shape};

/// The rules about one page's own URL. Returns whether it can still be routed.
pub fn check_route_path(
    relative: &str,
    path: &RoutePath,
    naming: &Naming,
    diagnostics: &mut Diagnostics,
) -> bool {
    if !check_catch_all_last(relative, path, naming, diagnostics) {
        return false;
    }
    check_repeated_names(relative, path, naming, diagnostics);
    true
}

fn check_catch_all_last(
    relative: &str,
    path: &RoutePath,
    naming: &Naming,
    diagnostics: &mut Diagnostics,
) -> bool {
    let Some(position) = path.segments.iter().position(Segment::is_catch_all) else {
        return true;
    };
    if position + 1 == path.segments.len() {
        return true;
    }
    let catch_all = &path.segments[position];
    diagnostics.push_at(
        naming.span,
        Message::new(
            format!("a catch-all must be the last part of the URL: `{catch_all}` matches every remaining segment, so nothing can follow it"),
            format!("move the page out of `{catch_all}/`, or make it `{catch_all}.rs` and branch on the segments"),
        )
        .file(naming.file(relative)),
    );
    false
}

/// nextjs-compat 1.15: a dynamic name may appear once per route, and two names may not differ only by
/// non-word characters.
fn check_repeated_names(
    relative: &str,
    path: &RoutePath,
    naming: &Naming,
    diagnostics: &mut Diagnostics,
) {
    let names: Vec<&str> = path
        .segments
        .iter()
        .filter_map(Segment::param_name)
        .collect();
    for (index, name) in names.iter().enumerate() {
        for earlier in &names[..index] {
            let rule = if earlier == name {
                format!(
                    "you cannot have the same slug name `{name}` repeat within a single dynamic path"
                )
            } else if word_chars(earlier) == word_chars(name) {
                format!(
                    "you cannot have the slug names `{earlier}` and `{name}` differ only by non-word symbols within a single dynamic path"
                )
            } else {
                continue;
            };
            diagnostics.push_at(
                naming.span,
                Message::new(rule, "give each dynamic segment of a route its own name")
                    .file(naming.file(relative))
                    .note("both become keys of one query map"),
            );
            return;
        }
    }
}

fn word_chars(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Private code is named from Rust (`super::_db::pool()`), so from the first `_` component on,
/// every name must be a Rust identifier. Returns whether the file can be a module.
pub fn check_private_module_names(
    relative: &str,
    naming: &Naming,
    diagnostics: &mut Diagnostics,
) -> bool {
    let mut components: Vec<&str> = relative.split('/').collect();
    if let Some(last) = components.last_mut() {
        *last = last.strip_suffix(".rs").unwrap_or(last);
    }
    let first_private = components
        .iter()
        .position(|component| component.starts_with('_'))
        .unwrap_or(0);
    let Some(component) = components[first_private..]
        .iter()
        .find(|component| **component != "mod" && syn::parse_str::<syn::Ident>(component).is_err())
    else {
        return true;
    };
    let rule = if syn::parse_str::<syn::Ident>(&format!("r#{component}")).is_ok() {
        format!("`{component}` is a Rust keyword, so this private module cannot have that name")
    } else {
        format!(
            "`{component}` is not a Rust identifier, so this private module cannot be named from other pages"
        )
    };
    diagnostics.push_at(
        naming.span,
        Message::new(
            rule,
            format!(
                "private (`_`-prefixed) files and folders are Rust modules: rename it with letters, digits and `_` (for example `{}`)",
                suggested_identifier(component)
            ),
        )
        .file(naming.file(relative)),
    );
    false
}

/// `my-db` → `my_db`, `type` → `type_`: a name that would work, for the help line.
fn suggested_identifier(name: &str) -> String {
    let mut suggestion: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if syn::parse_str::<syn::Ident>(&suggestion).is_err() {
        suggestion.push('_');
    }
    if suggestion.starts_with(|c: char| c.is_ascii_digit()) {
        suggestion.insert(0, '_');
    }
    suggestion
}

/// A page answers with at least one handler, and with at most one per method.
pub fn check_handlers(
    relative: &str,
    path: &RoutePath,
    handlers: &[Handler],
    naming: &Naming,
    diagnostics: &mut Diagnostics,
) {
    if handlers.is_empty() {
        let stem = relative.rsplit('/').next().unwrap_or(relative);
        diagnostics.push_at(
            naming.span,
            Message::new(
                format!("this page has no `#[api_route]` function, so `{path}` would have nothing to answer"),
                format!("mark its request handler: `#[api_route] async fn handler(req: Request, res: Response) -> Response`, or rename the file to `_{stem}` if it holds shared code (names starting with `_` are not routes)"),
            )
            .file(naming.file(relative)),
        );
        return;
    }
    let mut by_method: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for handler in handlers {
        if handler.args.methods.is_empty() {
            by_method.entry("*").or_default().push(&handler.name);
        }
        for method in &handler.args.methods {
            by_method.entry(method).or_default().push(&handler.name);
        }
    }
    for (method, names) in by_method {
        if names.len() < 2 {
            continue;
        }
        let list = names
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let what = if method == "*" {
            "every method (no method given)"
        } else {
            method
        };
        diagnostics.push_at(
            naming.span,
            Message::new(
                format!("two handlers in one page answer {what}: {list}"),
                "each method has one handler per page; merge them, or give each its own methods: `#[api_route(GET)]`, `#[api_route(POST)]`, …",
            )
            .file(naming.file(relative)),
        );
    }
}

/// The rules that look at several pages at once (nextjs-compat 1.15 and ours).
pub fn check_tree(routes: &[Route], naming: &Naming, diagnostics: &mut Diagnostics) {
    check_slug_names(routes, naming, diagnostics);
    check_required_beside_optional(routes, naming, diagnostics);
    check_optional_beside_parent(routes, naming, diagnostics);
    check_one_page_per_url(routes, naming, diagnostics);
}

/// A place in the URL tree that holds dynamic segments: the path above it, and whether the
/// segments there are params or catch-alls (required or optional, which share their name).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct DynamicLevel<'a> {
    above: Vec<Shape<'a>>,
    catch_all: bool,
}

impl DynamicLevel<'_> {
    /// `/api/{…}`: the level as messages show it, with `{…}` for any dynamic segment above.
    fn url(&self) -> String {
        self.above
            .iter()
            .map(|shape| match shape {
                Shape::Static(name) => format!("/{name}"),
                Shape::Dynamic(_) => "/{…}".to_owned(),
            })
            .collect()
    }
}

/// One parameter name per level: axum would refuse two at start-up, and Next.js too.
fn check_slug_names(routes: &[Route], naming: &Naming, diagnostics: &mut Diagnostics) {
    // Each name at a level maps to the pages that use it.
    let mut levels: BTreeMap<DynamicLevel<'_>, BTreeMap<&str, Vec<&str>>> = BTreeMap::new();
    for route in routes {
        let shapes = route.path.shapes();
        for (depth, segment) in route.path.segments.iter().enumerate() {
            if let Some(name) = segment.param_name() {
                let level = DynamicLevel {
                    above: shapes[..depth].to_vec(),
                    catch_all: segment.is_catch_all(),
                };
                levels
                    .entry(level)
                    .or_default()
                    .entry(name)
                    .or_default()
                    .push(&route.relative);
            }
        }
    }
    for (level, names) in &levels {
        if names.len() < 2 {
            continue;
        }
        let listed: Vec<String> = names.keys().map(|name| format!("`{name}`")).collect();
        let first = names.keys().next().copied().unwrap_or_default();
        let files = names
            .values()
            .flatten()
            .map(|relative| naming.file(relative));
        diagnostics.push_at(
            naming.span,
            Message::new(
                format!(
                    "you cannot use different slug names for the same dynamic path ({})",
                    listed.join(" and ")
                ),
                format!(
                    "pages at `{}/…` must share one name; rename the files so all use `[{first}]`",
                    level.url()
                ),
            )
            .files(files)
            .note("axum would refuse them at start-up, and Next.js too"),
        );
    }
}

/// The routes whose last segment is an optional catch-all, with its parameter name.
fn optional_catch_alls(routes: &[Route]) -> impl Iterator<Item = (&Route, &str)> {
    routes
        .iter()
        .filter_map(|route| match route.path.segments.last() {
            Some(last) if last.kind == SegmentKind::OptionalCatchAll => Some((route, &*last.name)),
            _ => None,
        })
}

/// `[...slug]` and `[[...slug]]` side by side: the optional one already answers what the
/// required one does.
fn check_required_beside_optional(
    routes: &[Route],
    naming: &Naming,
    diagnostics: &mut Diagnostics,
) {
    for (optional, name) in optional_catch_alls(routes) {
        let level = optional.path.segments.len() - 1;
        let parent = &optional.path.shapes()[..level];
        for required in routes {
            let beside = required.path.segments.len() == optional.path.segments.len()
                && required.path.shapes()[..level] == *parent
                && required.path.segments[level].kind == SegmentKind::CatchAll;
            if !beside {
                continue;
            }
            let required_segment = &required.path.segments[level];
            diagnostics.push_at(
                naming.span,
                Message::new(
                    format!("you cannot use both a required and an optional catch-all at the same level (`{required_segment}` and `[[...{name}]]`)"),
                    format!("keep only `[[...{name}]]`: it matches one or more segments too"),
                )
                .files([naming.file(&required.relative), naming.file(&optional.relative)]),
            );
        }
    }
}

/// `post.rs` beside `post/[[...slug]]`: the optional catch-all answers `/post` too.
fn check_optional_beside_parent(routes: &[Route], naming: &Naming, diagnostics: &mut Diagnostics) {
    for (optional, name) in optional_catch_alls(routes) {
        let parent = &optional.path.shapes()[..optional.path.segments.len() - 1];
        for other in routes {
            if other.path.shapes() != *parent {
                continue;
            }
            diagnostics.push_at(
                naming.span,
                Message::new(
                    format!(
                        "you cannot define a route with the same specificity as an optional catch-all route (`{}` and `{}`)",
                        other.path, optional.path
                    ),
                    format!(
                        "`[[...{name}]]` also answers `{}`; remove `{}`, or rename the catch-all to `[...{name}]` so it only matches deeper URLs",
                        other.path, other.relative
                    ),
                )
                .files([naming.file(&other.relative), naming.file(&optional.relative)]),
            );
        }
    }
}

/// `x.rs` and `x/index.rs` (nextjs-compat 1.4): Next.js only warns; we make the user choose.
fn check_one_page_per_url(routes: &[Route], naming: &Naming, diagnostics: &mut Diagnostics) {
    let mut by_path: BTreeMap<Vec<String>, (&RoutePath, Vec<&str>)> = BTreeMap::new();
    for route in routes {
        let key = route
            .path
            .segments
            .iter()
            .map(ToString::to_string)
            .collect();
        by_path
            .entry(key)
            .or_insert_with(|| (&route.path, Vec::new()))
            .1
            .push(&route.relative);
    }
    for (path, files) in by_path.values() {
        if files.len() < 2 {
            continue;
        }
        diagnostics.push_at(
            naming.span,
            Message::new(
                format!("{} pages resolve to `{path}`", files.len()),
                "keep one of them: `x.rs` and `x/index.rs` are the same URL",
            )
            .files(files.iter().map(|relative| naming.file(relative)))
            .note("Next.js only warns and serves the first; api-routes makes you choose"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{build, one_error, one_error_in};

    #[test]
    fn different_slug_names_at_one_level_are_rejected_with_every_file() {
        // nextjs-compat 1.15
        let error = one_error(&["[id].rs", "[slug]/x.rs"]);
        assert!(
            error.starts_with(
                "you cannot use different slug names for the same dynamic path (`id` and `slug`)\n"
            ),
            "{error}"
        );
        assert!(
            error.contains("\n  src/pages/api/[id].rs\n  src/pages/api/[slug]/x.rs\n"),
            "{error}"
        );
        assert!(
            error.contains("= help: pages at `/api/…` must share one name"),
            "{error}"
        );
    }

    #[test]
    fn repeated_slug_name_in_one_path_is_rejected() {
        let error = one_error(&["[id]/c/[id].rs"]);
        assert!(
            error.starts_with("you cannot have the same slug name `id` repeat"),
            "{error}"
        );
    }

    #[test]
    fn slug_names_differing_only_by_symbols_are_rejected() {
        let error = one_error(&["[helloworld]/[hello-world].rs"]);
        assert!(
            error.contains("`helloworld` and `hello-world` differ only by non-word symbols"),
            "{error}"
        );
    }

    #[test]
    fn catch_all_must_be_last() {
        let error = one_error(&["[...id]/abc.rs"]);
        assert!(
            error.starts_with("a catch-all must be the last part of the URL"),
            "{error}"
        );
        // An index file adds no segment, so it may sit in a catch-all folder.
        let table = build(&["[...id]/index.rs"]).unwrap();
        assert_eq!(table.routes[0].path.to_string(), "/api/[...id]");
    }

    #[test]
    fn required_and_optional_catch_all_side_by_side_are_rejected() {
        let error = one_error(&["[...one].rs", "[[...one]].rs"]);
        assert!(
            error.starts_with(
                "you cannot use both a required and an optional catch-all at the same level"
            ),
            "{error}"
        );
    }

    #[test]
    fn optional_catch_all_beside_its_parent_route_is_rejected() {
        for parent in ["post.rs", "post/index.rs"] {
            let error = one_error(&[parent, "post/[[...slug]].rs"]);
            assert!(
                error.contains(
                    "same specificity as an optional catch-all route (`/api/post` and `/api/post/[[...slug]]`)"
                ),
                "{error}"
            );
        }
    }

    #[test]
    fn file_and_index_for_one_url_are_rejected() {
        // nextjs-compat 1.4: Next.js only warns; we make the user choose.
        let error = one_error(&["users.rs", "users/index.rs"]);
        assert!(
            error.starts_with("2 pages resolve to `/api/users`"),
            "{error}"
        );
    }

    #[test]
    fn page_without_handler_is_rejected() {
        let error = one_error_in("x.rs", "fn helper() {}");
        assert!(error.starts_with(
            "this page has no `#[api_route]` function, so `/api/x` would have nothing to answer"
        ));
        assert!(error.contains("rename the file to `_x.rs`"));
    }

    #[test]
    fn two_handlers_for_one_method_are_rejected() {
        let source = "#[api_route(GET)] async fn a() {} #[api_route(GET, POST)] async fn b() {}";
        let error = one_error_in("x.rs", source);
        assert!(error.starts_with("two handlers in one page answer GET: `a`, `b`"));
    }

    #[test]
    fn private_module_names_must_be_identifiers() {
        let error = one_error(&["_lib/my-db.rs"]);
        assert!(
            error.starts_with("`my-db` is not a Rust identifier"),
            "{error}"
        );
        assert!(error.contains("(for example `my_db`)"), "{error}");
    }
}
