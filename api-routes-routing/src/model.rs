//! The route table: what `routes!` found in the pages folder, as plain data.

use std::fmt;

use proc_macro2::Span;

use crate::files::folder_of;
use crate::pages::{Handler, MiddlewareForm};
use crate::segment::{Segment, SegmentKind, Shape, parse_segment};

/// How messages name files and how URLs start.
#[derive(Debug, Clone)]
pub struct Naming {
    /// The pages folder relative to the crate, as messages show it: `src/pages/api`.
    pub pages_dir: String,
    /// The URL of the pages folder itself: `/api`.
    pub url_prefix: String,
    /// Where errors about files point: the macro invocation.
    pub span: Span,
}

/// The default pages folder, `src/pages/api`, at `/api`, reported at the macro invocation.
impl Default for Naming {
    fn default() -> Self {
        Naming {
            pages_dir: "src/pages/api".into(),
            url_prefix: "/api".into(),
            span: Span::call_site(),
        }
    }
}

impl Naming {
    /// A page file as messages and `ROUTES` show it: `src/pages/api/users/[id].rs`.
    pub fn file(&self, relative: &str) -> String {
        format!("{}/{relative}", self.pages_dir)
    }

    /// The URL prefix as the static segments every page's URL starts with.
    pub fn prefix_segments(&self) -> Vec<Segment> {
        match self.url_prefix.strip_prefix('/') {
            None | Some("") => Vec::new(),
            Some(prefix) => prefix.split('/').map(Segment::new_static).collect(),
        }
    }
}

/// Checks a URL prefix as `routes!(prefix = "…")` takes it: `/`, or one or more names, each
/// after a `/`, none empty, each a static name by the rules for file and folder names under the
/// pages folder (a prefix has no parameters). The error is the text to report at the argument.
///
/// ```
/// use api_routes_routing::model::check_url_prefix;
///
/// assert!(check_url_prefix("/v1/api").is_ok());
/// assert!(check_url_prefix("/").is_ok());
/// assert!(check_url_prefix("api").is_err());
/// assert!(check_url_prefix("/:version").is_err()); // axum would panic on it
/// ```
pub fn check_url_prefix(prefix: &str) -> Result<(), String> {
    if prefix == "/" {
        return Ok(());
    }
    let Some(names) = prefix
        .strip_prefix('/')
        .filter(|names| !names.ends_with('/'))
    else {
        return Err(
            "`prefix` is a URL path that starts with `/` and does not end with one, such as \"/api\" (or \"/\")"
                .to_owned(),
        );
    };
    for name in names.split('/') {
        if name.is_empty() {
            return Err(format!(
                "`prefix` has an empty segment (`//`), which no request path reaches: write `/{}`",
                names
                    .split('/')
                    .filter(|name| !name.is_empty())
                    .collect::<Vec<_>>()
                    .join("/")
            ));
        }
        match parse_segment(name) {
            Ok(segment) if segment.kind == SegmentKind::Static => {}
            Ok(segment) => {
                return Err(format!(
                    "`prefix` is a static path: `{segment}` would be a parameter; put the parameter in the pages folder instead (`[{}]/…`)",
                    segment.name
                ));
            }
            Err(message) => return Err(format!("`prefix` holds {message}")),
        }
    }
    Ok(())
}

/// A page's URL pattern as Next.js sees it, from the URL prefix down: `/api/users/[id]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutePath {
    /// The segments from the URL prefix down.
    pub segments: Vec<Segment>,
}

impl RoutePath {
    /// Each segment's place in the URL tree.
    pub fn shapes(&self) -> Vec<Shape<'_>> {
        self.segments.iter().map(Segment::shape).collect()
    }

    /// Next.js's match order (nextjs-compat 1.11, 1.12): a level's own route first, then its children by
    /// kind, static names in JavaScript's string order.
    pub fn next_order(&self, other: &Self) -> std::cmp::Ordering {
        self.segments
            .iter()
            .zip(&other.segments)
            .map(|(left, right)| left.next_order(right))
            .find(|order| order.is_ne())
            .unwrap_or_else(|| self.segments.len().cmp(&other.segments.len()))
    }
}

/// The URL as Next.js writes the route: `/api/post/[[...slug]]`.
impl fmt::Display for RoutePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.segments.is_empty() {
            return f.write_str("/");
        }
        self.segments
            .iter()
            .try_for_each(|segment| write!(f, "/{segment}"))
    }
}

/// A page file and the URL it answers.
#[derive(Debug, Clone)]
pub struct Route {
    /// The page file, relative to the pages folder.
    pub relative: String,
    /// The URL it answers.
    pub path: RoutePath,
    /// Empty when the page is broken: its module is still emitted so rustc reports the problem,
    /// but it gets no route.
    pub handlers: Vec<Handler>,
}

impl Route {
    /// The methods with a handler, as `ROUTES` lists them: `*` for a handler that answers every
    /// method.
    pub fn methods(&self) -> Vec<String> {
        self.handlers
            .iter()
            .flat_map(|handler| {
                if handler.args.methods.is_empty() {
                    vec!["*".to_owned()]
                } else {
                    handler.args.methods.clone()
                }
            })
            .collect()
    }

    /// The page's own `maxDuration`: the largest its handlers ask for.
    pub fn max_duration(&self) -> Option<u64> {
        self.handlers
            .iter()
            .filter_map(|handler| handler.args.max_duration)
            .max()
    }
}

/// A folder's `_middleware.rs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Middleware {
    /// The folder it wraps, relative to the pages folder (`""` for the pages folder itself).
    pub folder: String,
    /// The `_middleware.rs` file, relative to the pages folder.
    pub relative: String,
    /// What the file defines: `layer()` or `middleware(req, next)`.
    pub form: MiddlewareForm,
}

#[derive(Debug, Default)]
/// What `routes!` found in the pages folder: the routes, private files and folder middleware.
pub struct RouteTable {
    /// In Next.js's match order.
    pub routes: Vec<Route>,
    /// `_`-prefixed files: shared code, emitted as modules, never routes.
    pub private_files: Vec<String>,
    /// Folder middleware, in file order (so a folder comes before its subfolders).
    pub middlewares: Vec<Middleware>,
}

impl RouteTable {
    /// The middleware wrapping `route`, outermost (closest to the pages folder) first.
    pub fn middlewares_of(&self, route: &Route) -> Vec<&Middleware> {
        let folder = folder_of(&route.relative);
        let mut chain: Vec<&Middleware> = self
            .middlewares
            .iter()
            .filter(|middleware| {
                middleware.folder.is_empty()
                    || folder == middleware.folder
                    || folder.starts_with(&format!("{}/", middleware.folder))
            })
            .collect();
        chain.sort_by_key(|middleware| {
            middleware.folder.matches('/').count() + usize::from(!middleware.folder.is_empty())
        });
        chain
    }
}
