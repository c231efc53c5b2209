//! Lowers the route table to axum 0.8 registrations: the `.route(path, …)` calls whose matching
//! together is what Next.js matches.

use std::collections::HashMap;
use std::fmt;

use crate::model::{RoutePath, RouteTable};
use crate::segment::{Segment, SegmentKind};

/// A path in axum 0.8's syntax: `/api/post/{pid}/{*slug}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AxumPath {
    /// The segments from the URL prefix down.
    pub segments: Vec<Segment>,
}

/// The only place that writes axum's path syntax. axum has no optional catch-all: a
/// `[[...slug]]` registers its parent path too (see `axum_paths`), and writes `{*slug}` here.
impl fmt::Display for AxumPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.segments.is_empty() {
            return f.write_str("/");
        }
        for Segment { kind, name } in &self.segments {
            match kind {
                SegmentKind::Static => write!(f, "/{name}")?,
                SegmentKind::Param => write!(f, "/{{{name}}}")?,
                SegmentKind::CatchAll | SegmentKind::OptionalCatchAll => write!(f, "/{{*{name}}}")?,
            }
        }
        Ok(())
    }
}

/// One `.route(path, …)` call of the generated router.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    /// The path axum matches.
    pub path: AxumPath,
    /// Index into [`RouteTable::routes`]: the page that answers. Its own pattern can differ from
    /// `path` (see [`registrations`]).
    pub route: usize,
}

/// The axum paths that together match what Next.js matches for one page. An optional
/// catch-all needs two, because `{*rest}` does not match the bare parent.
fn axum_paths(path: &RoutePath) -> Vec<AxumPath> {
    let whole = AxumPath {
        segments: path.segments.clone(),
    };
    match path.segments.split_last() {
        Some((last, parent)) if last.kind == SegmentKind::OptionalCatchAll => {
            let parent = AxumPath {
                segments: parent.to_vec(),
            };
            vec![parent, whole]
        }
        _ => vec![whole],
    }
}

/// The registrations of every page that has handlers, in a shape axum's matcher accepts.
///
/// axum refuses a `{param}` and a `{*catch_all}` at the same level (`/p/{id}` beside
/// `/p/{*rest}`), which Next.js allows: the param wins for one segment, the catch-all takes
/// the rest (nextjs-compat 1.11). Such a catch-all is registered under the param instead:
/// `/p/{id}` (when no page answers it) and `/p/{id}/{*rest}`, going deeper while the level
/// below has a param too. axum's matcher backtracks from a failed static or param branch, so
/// the pages of the param subtree still win where they match, as in Next.js. Each registration
/// names its page, whose own pattern tells the runtime which segments are its parameters. A
/// catch-all whose every URL the param's pages answer first gets no registration: Next.js never
/// reaches it either.
pub fn registrations(table: &RouteTable) -> Vec<Registration> {
    let base: Vec<Registration> = table
        .routes
        .iter()
        .enumerate()
        .filter(|(_, route)| !route.handlers.is_empty())
        .flat_map(|(index, route)| {
            axum_paths(&route.path)
                .into_iter()
                .map(move |path| Registration { path, route: index })
        })
        .collect();
    // The param of each level that has one, keyed by the path above it. The checks made every
    // page at one level use the same name.
    let mut params: HashMap<&[Segment], &Segment> = HashMap::new();
    for registration in &base {
        let segments = &registration.path.segments;
        for (depth, segment) in segments.iter().enumerate() {
            if segment.kind == SegmentKind::Param {
                params.entry(&segments[..depth]).or_insert(segment);
            }
        }
    }
    let mut registered: Vec<Vec<Segment>> = base
        .iter()
        .map(|registration| registration.path.segments.clone())
        .collect();
    let mut registrations = Vec::new();
    for registration in &base {
        let route = registration.route;
        let Some((last, above)) = registration.path.segments.split_last() else {
            registrations.push(registration.clone());
            continue;
        };
        if !last.is_catch_all() || !params.contains_key(above) {
            registrations.push(registration.clone());
            continue;
        }
        let mut prefix = above.to_vec();
        while let Some(param) = params.get(prefix.as_slice()) {
            prefix.push((*param).clone());
            if !registered.contains(&prefix) {
                registered.push(prefix.clone());
                registrations.push(Registration {
                    path: AxumPath {
                        segments: prefix.clone(),
                    },
                    route,
                });
            }
            let covered = registered.iter().any(|other| {
                other.len() == prefix.len() + 1
                    && other.starts_with(&prefix)
                    && other.last().is_some_and(Segment::is_catch_all)
            });
            if covered {
                break;
            }
            if !params.contains_key(prefix.as_slice()) {
                let mut deeper = prefix.clone();
                deeper.push(last.clone());
                registered.push(deeper.clone());
                registrations.push(Registration {
                    path: AxumPath { segments: deeper },
                    route,
                });
            }
        }
    }
    registrations
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::build;

    fn axum_paths_of(paths: &[&str]) -> Vec<String> {
        let table = build(paths).unwrap();
        table
            .routes
            .iter()
            .flat_map(|route| axum_paths(&route.path))
            .map(|path| path.to_string())
            .collect()
    }

    #[test]
    fn index_files_answer_their_folder() {
        // nextjs-compat 1.3
        assert_eq!(
            axum_paths_of(&["index.rs", "users/index.rs"]),
            ["/api", "/api/users"]
        );
    }

    #[test]
    fn brackets_become_axum_captures() {
        // nextjs-compat 1.6, 1.7, 1.8
        assert_eq!(
            axum_paths_of(&["users/[id].rs", "post/[...slug].rs", "opt/[[...slug]].rs"]),
            [
                "/api/opt",
                "/api/opt/{*slug}",
                "/api/post/{*slug}",
                "/api/users/{id}"
            ]
        );
    }

    #[test]
    fn optional_catch_all_at_the_root_of_the_pages_folder() {
        assert_eq!(axum_paths_of(&["[[...all]].rs"]), ["/api", "/api/{*all}"]);
        let bare = RoutePath {
            segments: vec![Segment::new(SegmentKind::OptionalCatchAll, "all")],
        };
        let paths: Vec<String> = axum_paths(&bare).iter().map(ToString::to_string).collect();
        assert_eq!(paths, ["/", "/{*all}"]);
    }

    #[test]
    fn names_that_are_not_rust_identifiers_are_fine_as_urls() {
        // Dots are not stripped (nextjs-compat 1.5); `$city` is static.
        assert_eq!(
            axum_paths_of(&[
                "user-profile.rs",
                "type.rs",
                "2fa.rs",
                "v1.2/x.rs",
                "$city.rs"
            ]),
            [
                "/api/$city",
                "/api/2fa",
                "/api/type",
                "/api/user-profile",
                "/api/v1.2/x"
            ]
        );
    }

    /// Each registration as `path`, or as `path as page` where the path is not the page's own.
    fn registered(paths: &[&str]) -> Vec<String> {
        let table = build(paths).unwrap();
        registrations(&table)
            .into_iter()
            .map(|registration| {
                let own = axum_paths(&table.routes[registration.route].path);
                if own.contains(&registration.path) {
                    registration.path.to_string()
                } else {
                    let page = own.last().unwrap();
                    format!("{} as {page}", registration.path)
                }
            })
            .collect()
    }

    #[test]
    fn catch_all_beside_a_param_is_registered_under_it() {
        // nextjs-compat 1.11: axum refuses `/post/{pid}` beside `/post/{*slug}`; Next.js serves both.
        assert_eq!(
            registered(&["post/create.rs", "post/[pid].rs", "post/[...slug].rs"]),
            [
                "/api/post/create",
                "/api/post/{pid}",
                "/api/post/{pid}/{*slug} as /api/post/{*slug}"
            ]
        );
    }

    #[test]
    fn catch_all_fills_the_levels_the_param_subtree_leaves_open() {
        assert_eq!(
            registered(&["p/[id]/x.rs", "p/[id]/[sub]/y.rs", "p/[[...rest]].rs"]),
            [
                "/api/p/{id}/x",
                "/api/p/{id}/{sub}/y",
                "/api/p",
                "/api/p/{id} as /api/p/{*rest}",
                "/api/p/{id}/{sub} as /api/p/{*rest}",
                "/api/p/{id}/{sub}/{*rest} as /api/p/{*rest}",
            ]
        );
    }

    #[test]
    fn a_deeper_catch_all_already_covers_the_param_subtree() {
        assert_eq!(
            registered(&["p/[id]/[...more].rs", "p/[...rest].rs"]),
            ["/api/p/{id}/{*more}", "/api/p/{id} as /api/p/{*rest}"]
        );
    }

    #[test]
    fn a_catch_all_the_param_pages_cover_entirely_is_not_registered() {
        // Next.js never picks `p/[...rest]` here: `p/[id]` takes one segment, `p/[id]/[...more]`
        // two or more (found by the `route_model` fuzz target, RELIABILITY.md finding 7).
        assert_eq!(
            registered(&["p/[id]/[...more].rs", "p/[...rest].rs", "p/[id].rs"]),
            ["/api/p/{id}", "/api/p/{id}/{*more}"]
        );
    }

    #[test]
    fn pages_without_handlers_are_not_registered() {
        let mut table = build(&["a.rs", "b.rs"]).unwrap();
        table.routes[0].handlers.clear();
        let paths: Vec<String> = registrations(&table)
            .iter()
            .map(|registration| registration.path.to_string())
            .collect();
        assert_eq!(paths, ["/api/b"]);
    }
}
