//! The route table: page files become routes by Next.js's file-to-URL rules (spec §1), checked by
//! Next's route-tree rules (spec §1.15) and ours. Plain data, built from path strings and page
//! sources, so every rule is unit-tested without a filesystem.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use proc_macro2::Span;

use super::pages::{
    Handler, MiddlewareForm, MiddlewareSource, PageHandlers, read_handlers, read_middleware_form,
};
use crate::diagnostics::Diagnostics;

/// A `.rs` file found under the pages folder.
#[derive(Debug, Clone)]
pub(crate) struct FoundFile {
    /// Relative to the pages folder, `/`-separated: `users/[id].rs`.
    pub(crate) relative: String,
    /// The source of a routable page; `None` for private (`_`-prefixed) files, which are not read.
    pub(crate) source: Option<String>,
}

/// How messages name files and how URLs start.
#[derive(Debug, Clone)]
pub(crate) struct Naming {
    /// The pages folder relative to the crate, as messages show it: `src/pages/api`.
    pub(crate) pages_dir: String,
    /// The URL of the pages folder itself: `/api`.
    pub(crate) url_prefix: String,
    /// Where errors about files point: the macro invocation.
    pub(crate) span: Span,
}

impl Naming {
    fn file(&self, relative: &str) -> String {
        format!("{}/{relative}", self.pages_dir)
    }

    fn files<'a>(&self, relatives: impl IntoIterator<Item = &'a String>) -> String {
        relatives
            .into_iter()
            .fold(String::new(), |mut out, relative| {
                let _ = write!(out, "\n         {}", self.file(relative));
                out
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Static(String),
    /// `[id]`: exactly one segment.
    Param(String),
    /// `[...slug]`: one or more segments.
    CatchAll(String),
    /// `[[...slug]]`: zero or more segments.
    OptionalCatchAll(String),
}

impl Segment {
    fn param_name(&self) -> Option<&str> {
        match self {
            Segment::Static(_) => None,
            Segment::Param(name) | Segment::CatchAll(name) | Segment::OptionalCatchAll(name) => {
                Some(name)
            }
        }
    }

    fn is_catch_all(&self) -> bool {
        matches!(self, Segment::CatchAll(_) | Segment::OptionalCatchAll(_))
    }

    /// Next.js's order within one level (spec 1.12): static, then `[param]`, `[...rest]`, `[[...opt]]`.
    fn rank(&self) -> u8 {
        match self {
            Segment::Static(_) => 0,
            Segment::Param(_) => 1,
            Segment::CatchAll(_) => 2,
            Segment::OptionalCatchAll(_) => 3,
        }
    }

    /// The segment as it stands in a file name, for messages and the route table.
    fn file_form(&self) -> String {
        match self {
            Segment::Static(name) => name.clone(),
            Segment::Param(name) => format!("[{name}]"),
            Segment::CatchAll(name) => format!("[...{name}]"),
            Segment::OptionalCatchAll(name) => format!("[[...{name}]]"),
        }
    }

    /// The level's key when comparing two pages: names of dynamic segments do not count.
    fn shape(&self) -> String {
        match self {
            Segment::Static(name) => name.clone(),
            Segment::Param(_) => "[]".into(),
            Segment::CatchAll(_) => "[...]".into(),
            Segment::OptionalCatchAll(_) => "[[...]]".into(),
        }
    }
}

/// One page's URL: its segments below the pages folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RoutePath {
    pub(crate) segments: Vec<Segment>,
}

impl RoutePath {
    /// The axum 0.8 paths that together match what Next.js matches. An optional catch-all needs
    /// two, because `{*rest}` does not match the bare parent.
    pub(crate) fn axum_paths(&self, url_prefix: &str) -> Vec<String> {
        let mut path = url_prefix.trim_end_matches('/').to_owned();
        for segment in &self.segments {
            match segment {
                Segment::Static(name) => {
                    path.push('/');
                    path.push_str(name);
                }
                Segment::Param(name) => {
                    let _ = write!(path, "/{{{name}}}");
                }
                Segment::CatchAll(name) => {
                    let _ = write!(path, "/{{*{name}}}");
                }
                Segment::OptionalCatchAll(name) => {
                    let parent = if path.is_empty() {
                        "/".to_owned()
                    } else {
                        path.clone()
                    };
                    let _ = write!(path, "/{{*{name}}}");
                    return vec![parent, path];
                }
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        vec![path]
    }

    /// The URL as Next.js writes the route: `/api/post/[[...slug]]`.
    pub(crate) fn next_form(&self, url_prefix: &str) -> String {
        let mut path = url_prefix.trim_end_matches('/').to_owned();
        for segment in &self.segments {
            path.push('/');
            path.push_str(&segment.file_form());
        }
        if path.is_empty() {
            path.push('/');
        }
        path
    }

    fn shape(&self) -> Vec<String> {
        self.segments.iter().map(Segment::shape).collect()
    }

    /// Next.js's match order (spec 1.11, 1.12): a level's own route first, then its children by
    /// rank; static names in JavaScript's default string order (UTF-16 code units).
    fn next_order(&self, other: &Self) -> std::cmp::Ordering {
        for (left, right) in self.segments.iter().zip(&other.segments) {
            let order = left
                .rank()
                .cmp(&right.rank())
                .then_with(|| match (left, right) {
                    (Segment::Static(left), Segment::Static(right)) => {
                        left.encode_utf16().cmp(right.encode_utf16())
                    }
                    _ => std::cmp::Ordering::Equal,
                });
            if order.is_ne() {
                return order;
            }
        }
        self.segments.len().cmp(&other.segments.len())
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Route {
    /// The page file, relative to the pages folder.
    pub(crate) relative: String,
    pub(crate) path: RoutePath,
    /// Empty when the page is broken: its module is still emitted so rustc reports the problem,
    /// but it gets no route.
    pub(crate) handlers: Vec<Handler>,
}

#[derive(Debug, Default)]
pub(crate) struct RouteTable {
    /// In Next.js's match order.
    pub(crate) routes: Vec<Route>,
    /// `_`-prefixed files: shared code, emitted as modules, never routes.
    pub(crate) private_files: Vec<String>,
    /// Folder middleware, in file order (so a folder comes before its subfolders).
    pub(crate) middlewares: Vec<Middleware>,
}

/// A folder's `_middleware.rs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Middleware {
    /// The folder it wraps, relative to the pages folder (`""` for the pages folder itself).
    pub(crate) folder: String,
    pub(crate) relative: String,
    pub(crate) form: MiddlewareForm,
}

impl RouteTable {
    /// The middleware wrapping `route`, outermost (closest to the pages folder) first.
    pub(crate) fn middlewares_of(&self, route: &Route) -> Vec<&Middleware> {
        let folder = route
            .relative
            .rsplit_once('/')
            .map_or("", |(folder, _)| folder);
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

/// One `.route(path, …)` call of the generated router.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Registration {
    pub(crate) path: String,
    /// Index into [`RouteTable::routes`].
    pub(crate) route: usize,
    /// The page's own pattern, when `path` is not it (see [`RouteTable::registrations`]).
    pub(crate) page_pattern: Option<String>,
}

impl RouteTable {
    /// The axum paths to register, in a shape axum's matcher accepts.
    ///
    /// axum refuses a `{param}` and a `{*catch_all}` at the same level (`/p/{id}` beside
    /// `/p/{*rest}`), which Next.js allows: the param wins for one segment, the catch-all takes
    /// the rest (spec 1.11). Such a catch-all is registered under the param instead:
    /// `/p/{id}` (when no page answers it) and `/p/{id}/{*rest}`, going deeper while the level
    /// below has a param too. axum's matcher backtracks from a failed static or param branch, so
    /// the pages of the param subtree still win where they match, as in Next.js. The catch-all
    /// page gets its own pattern as `page_pattern` so `req.query()` still lists every segment.
    pub(crate) fn registrations(&self, url_prefix: &str) -> Vec<Registration> {
        let base: Vec<(String, usize)> = self
            .routes
            .iter()
            .enumerate()
            .filter(|(_, route)| !route.handlers.is_empty())
            .flat_map(|(index, route)| {
                route
                    .path
                    .axum_paths(url_prefix)
                    .into_iter()
                    .map(move |path| (path, index))
            })
            .collect();
        let mut params: BTreeMap<String, String> = BTreeMap::new();
        for (path, _) in &base {
            let segments: Vec<&str> = path.split('/').collect();
            for (depth, segment) in segments.iter().enumerate() {
                if segment.starts_with('{') && !segment.starts_with("{*") {
                    params
                        .entry(segments[..depth].join("/"))
                        .or_insert_with(|| (*segment).to_owned());
                }
            }
        }
        let mut registered: Vec<String> = base.iter().map(|(path, _)| path.clone()).collect();
        let mut registrations = Vec::new();
        for (path, route) in &base {
            let Some((prefix, last)) = path.rsplit_once('/') else {
                continue;
            };
            if !last.starts_with("{*") || !params.contains_key(prefix) {
                registrations.push(Registration {
                    path: path.clone(),
                    route: *route,
                    page_pattern: None,
                });
                continue;
            }
            let mut prefix = prefix.to_owned();
            while let Some(param) = params.get(&prefix) {
                let single = format!("{prefix}/{param}");
                if !registered.contains(&single) {
                    registered.push(single.clone());
                    registrations.push(Registration {
                        path: single.clone(),
                        route: *route,
                        page_pattern: Some(path.clone()),
                    });
                }
                prefix = single;
                let covered = registered.iter().any(|other| {
                    other
                        .strip_prefix(prefix.as_str())
                        .and_then(|rest| rest.strip_prefix("/{*"))
                        .is_some_and(|rest| !rest.contains('/'))
                });
                if covered {
                    break;
                }
                if !params.contains_key(&prefix) {
                    let deeper = format!("{prefix}/{last}");
                    registered.push(deeper.clone());
                    registrations.push(Registration {
                        path: deeper,
                        route: *route,
                        page_pattern: Some(path.clone()),
                    });
                }
            }
        }
        registrations
    }
}

/// The file that holds a folder's middleware.
const MIDDLEWARE_FILE: &str = "_middleware.rs";

/// A `_middleware.rs` outside private folders: it wraps the routes of its folder and below.
pub(crate) fn is_middleware(relative: &str) -> bool {
    match relative.rsplit_once('/') {
        Some((folder, file)) => file == MIDDLEWARE_FILE && !is_private(folder),
        None => relative == MIDDLEWARE_FILE,
    }
}

fn read_middleware(
    file: &FoundFile,
    naming: &Naming,
    diagnostics: &mut Diagnostics,
) -> Option<Middleware> {
    let folder = file
        .relative
        .rsplit_once('/')
        .map_or("", |(folder, _)| folder)
        .to_owned();
    let form = match read_middleware_form(file.source.as_deref()?) {
        MiddlewareSource::Broken => return None,
        MiddlewareSource::Found(form) => form,
        MiddlewareSource::Invalid(problem) => {
            diagnostics.push_at(
                naming.span,
                format!(
                    "{problem}\n         {}\n       help: a `_middleware.rs` defines exactly one of\n                 pub fn layer() -> impl tower::Layer<…> (for example a tower-http `CorsLayer`)\n                 pub async fn middleware(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response",
                    naming.file(&file.relative)
                ),
            );
            return None;
        }
    };
    Some(Middleware {
        folder,
        relative: file.relative.clone(),
        form,
    })
}

/// Files and folders whose name starts with `_` hold shared code, not routes.
pub(crate) fn is_private(relative: &str) -> bool {
    relative
        .split('/')
        .any(|component| component.starts_with('_'))
}

impl RouteTable {
    pub(crate) fn build(
        files: Vec<FoundFile>,
        naming: &Naming,
        diagnostics: &mut Diagnostics,
    ) -> Self {
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
                if check_private_module_names(&file.relative, naming, diagnostics) {
                    table.private_files.push(file.relative);
                }
                continue;
            }
            let Some(path) = parse_route_path(&file.relative, naming, diagnostics) else {
                continue;
            };
            let handlers = match file.source.as_deref().map(read_handlers) {
                Some(PageHandlers::Found(handlers)) => {
                    check_handlers(&file.relative, &path, &handlers, naming, diagnostics);
                    handlers
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
        check_tree(&table.routes, naming, diagnostics);
        table
    }
}

/// Turns `users/[id].rs` into segments, reporting every malformed name in it.
fn parse_route_path(
    relative: &str,
    naming: &Naming,
    diagnostics: &mut Diagnostics,
) -> Option<RoutePath> {
    let components: Vec<&str> = relative.split('/').collect();
    let (file_name, folders) = components.split_last()?;
    let stem = file_name.strip_suffix(".rs").unwrap_or(file_name);
    let mut names: Vec<&str> = folders.to_vec();
    if stem != "index" {
        names.push(stem);
    }
    let mut segments = Vec::new();
    let mut ok = true;
    for name in names {
        match parse_segment(name) {
            Ok(segment) => segments.push(segment),
            Err(rule) => {
                ok = false;
                diagnostics.push_at(
                    naming.span,
                    with_files(&rule, &naming.files([&relative.to_owned()])),
                );
            }
        }
    }
    if !ok {
        return None;
    }
    let path = RoutePath { segments };
    if let Some(position) = path.segments.iter().position(Segment::is_catch_all)
        && position + 1 != path.segments.len()
    {
        let catch_all = path.segments[position].file_form();
        diagnostics.push_at(
                naming.span,
                format!(
                    "a catch-all must be the last part of the URL: `{catch_all}` matches every remaining segment, so nothing can follow it\n         {}\n       help: move the page out of `{catch_all}/`, or make it `{catch_all}.rs` and branch on the segments",
                    naming.file(relative)
                ),
            );
        return None;
    }
    check_repeated_names(relative, &path, naming, diagnostics);
    Some(path)
}

/// Puts the list of files between a rule's first line and its help line.
fn with_files(rule: &str, files: &str) -> String {
    match rule.find("\n       help:") {
        Some(help) => format!("{}{files}{}", &rule[..help], &rule[help..]),
        None => format!("{rule}{files}"),
    }
}

/// One folder or file-stem name, by Next.js's rules for bracketed names ([SR] `_insert`).
pub(crate) fn parse_segment(name: &str) -> Result<Segment, String> {
    if !name.starts_with('[') {
        if name.contains(['[', ']']) {
            return Err(format!(
                "`{name}` mixes brackets into a name\n       help: a dynamic segment is a whole name: `[id]`, `[...slug]` or `[[...slug]]`"
            ));
        }
        return check_static(name).map(|()| Segment::Static(name.to_owned()));
    }
    let Some(inner) = name
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
    else {
        return Err(format!(
            "segment names may not start or end with extra brackets (`{name}`)\n       help: write `[id]` for one segment, `[...slug]` for one or more, `[[...slug]]` for zero or more"
        ));
    };
    let (inner, optional) = match inner
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
    {
        Some(inner) => (inner, true),
        None => (inner, false),
    };
    if inner.starts_with('…') {
        return Err(format!(
            "`{name}` uses the ellipsis character `…`\n       help: write three periods: `[...{}]`",
            inner.trim_start_matches('…')
        ));
    }
    let (param, catch_all) = match inner.strip_prefix("...") {
        Some(param) => (param, true),
        None => (inner, false),
    };
    if param.starts_with('[') || param.ends_with(']') {
        return Err(format!(
            "segment names may not start or end with extra brackets (`{param}` in `{name}`)\n       help: write `[id]` for one segment, `[...slug]` for one or more, `[[...slug]]` for zero or more"
        ));
    }
    if param.starts_with('.') {
        return Err(format!(
            "segment names may not start with erroneous periods (`{param}` in `{name}`)\n       help: a catch-all has exactly three periods: `[...{}]`",
            param.trim_start_matches('.')
        ));
    }
    if param.is_empty() {
        return Err(format!(
            "`{name}` has no parameter name\n       help: name it, for example `[id]`"
        ));
    }
    if let Some(bad) = param
        .chars()
        .find(|c| matches!(c, '{' | '}' | '*' | '/' | '[' | ']') || c.is_whitespace())
    {
        return Err(format!(
            "the parameter name in `{name}` contains {}\n       help: use letters, digits, `_` and `-`, for example `[user_id]`",
            describe_char(bad)
        ));
    }
    match (optional, catch_all) {
        (false, false) => Ok(Segment::Param(param.to_owned())),
        (false, true) => Ok(Segment::CatchAll(param.to_owned())),
        (true, true) => Ok(Segment::OptionalCatchAll(param.to_owned())),
        (true, false) => Err(format!(
            "optional route parameters are not supported (`{name}`); only a catch-all can be optional\n       help: write `[{param}]` for exactly one segment or `[[...{param}]]` for zero or more"
        )),
    }
}

/// A static name is matched against the raw request path, so it may only hold characters that
/// stand unencoded in a URL path segment (RFC 3986 `pchar` without `%`).
fn check_static(name: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@".contains(c);
    match name.chars().find(|&c| !allowed(c)) {
        None => Ok(()),
        Some(bad) => Err(format!(
            "`{name}` contains {}, which cannot stand unencoded in a URL path\n       help: use letters, digits and `-._~!$&'()*+,;=:@` in file and folder names under the pages folder",
            describe_char(bad)
        )),
    }
}

/// A character as a message names it: "a space" reads better than "` `".
fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        c if c.is_whitespace() || c.is_control() => format!("the character U+{:04X}", u32::from(c)),
        c => format!("`{c}`"),
    }
}

/// Spec 1.15: a dynamic name may appear once per route, and two names may not differ only by
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
            let message = if earlier == name {
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
                format!(
                    "{message}: both become keys of one query map\n         {}\n       help: give each dynamic segment of a route its own name",
                    naming.file(relative)
                ),
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

fn check_private_module_names(
    relative: &str,
    naming: &Naming,
    diagnostics: &mut Diagnostics,
) -> bool {
    let mut components: Vec<&str> = relative.split('/').collect();
    if let Some(last) = components.last_mut() {
        *last = last.strip_suffix(".rs").unwrap_or(last);
    }
    // Private code is named from Rust (`super::_db::pool()`), so from the first `_` component
    // on, every name must be a Rust identifier.
    let first_private = components
        .iter()
        .position(|component| component.starts_with('_'))
        .unwrap_or(0);
    for component in &components[first_private..] {
        if *component == "mod" || syn::parse_str::<syn::Ident>(component).is_ok() {
            continue;
        }
        let problem = if syn::parse_str::<syn::Ident>(&format!("r#{component}")).is_ok() {
            format!("`{component}` is a Rust keyword, so this private module cannot have that name")
        } else {
            format!(
                "`{component}` is not a Rust identifier, so this private module cannot be named from other pages"
            )
        };
        diagnostics.push_at(
            naming.span,
            format!(
                "{problem}\n         {}\n       help: private (`_`-prefixed) files and folders are Rust modules: rename it with letters, digits and `_` (for example `{}`)",
                naming.file(relative),
                suggested_identifier(component),
            ),
        );
        return false;
    }
    true
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

fn check_handlers(
    relative: &str,
    path: &RoutePath,
    handlers: &[Handler],
    naming: &Naming,
    diagnostics: &mut Diagnostics,
) {
    let url = path.next_form(&naming.url_prefix);
    if handlers.is_empty() {
        let stem = relative.rsplit('/').next().unwrap_or(relative);
        diagnostics.push_at(
            naming.span,
            format!(
                "this page has no `#[api_route]` function, so `{url}` would have nothing to answer\n         {}\n       help: mark its request handler: `#[api_route] async fn handler(req: Request, res: Response) -> Response`, or rename the file to `_{stem}` if it holds shared code (names starting with `_` are not routes)",
                naming.file(relative)
            ),
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
            "every method (no method given)".to_owned()
        } else {
            method.to_owned()
        };
        diagnostics.push_at(
            naming.span,
            format!(
                "two handlers in one page answer {what}: {list}\n         {}\n       help: each method has one handler per page; merge them, or give each its own methods: `#[api_route(GET)]`, `#[api_route(POST)]`, …",
                naming.file(relative),
            ),
        );
    }
}

/// A place in the URL tree: the shapes of the segments above it and the kind of dynamic segment.
type Level = (Vec<String>, u8);

/// The rules that look at several pages at once (spec 1.15 and ours): one parameter name per
/// level, required and optional catch-all not side by side, an optional catch-all alone with its
/// parent, and one page per URL.
fn check_tree(routes: &[Route], naming: &Naming, diagnostics: &mut Diagnostics) {
    // Keyed by the shape of the path above the level, then by the kind of dynamic segment there;
    // each name maps to the pages that use it.
    let mut levels: BTreeMap<Level, BTreeMap<&str, Vec<&String>>> = BTreeMap::new();
    for route in routes {
        for (depth, segment) in route.path.segments.iter().enumerate() {
            if let Some(name) = segment.param_name() {
                let above = route.path.segments[..depth]
                    .iter()
                    .map(Segment::shape)
                    .collect();
                let kind = if segment.is_catch_all() {
                    2
                } else {
                    segment.rank()
                };
                levels
                    .entry((above, kind))
                    .or_default()
                    .entry(name)
                    .or_default()
                    .push(&route.relative);
            }
        }
    }
    for ((above, _), names) in &levels {
        if names.len() < 2 {
            continue;
        }
        let listed: Vec<String> = names.keys().map(|name| format!("`{name}`")).collect();
        let files: Vec<&String> = names.values().flatten().copied().collect();
        let level = display_level(above, &naming.url_prefix);
        diagnostics.push_at(
            naming.span,
            format!(
                "you cannot use different slug names for the same dynamic path ({}): axum would refuse them at start-up, and Next.js too{}\n       help: pages at `{level}/…` must share one name; rename the files so all use `{}`",
                listed.join(" and "),
                naming.files(files),
                names.keys().next().map_or_else(String::new, |name| format!("[{name}]")),
            ),
        );
    }
    check_catch_all_neighbours(routes, naming, diagnostics);
    check_duplicates(routes, naming, diagnostics);
}

fn display_level(above: &[String], url_prefix: &str) -> String {
    let mut level = url_prefix.trim_end_matches('/').to_owned();
    for shape in above {
        level.push('/');
        level.push_str(if shape.starts_with('[') {
            "{…}"
        } else {
            shape
        });
    }
    level
}

fn check_catch_all_neighbours(routes: &[Route], naming: &Naming, diagnostics: &mut Diagnostics) {
    for optional in routes {
        let Some(Segment::OptionalCatchAll(name)) = optional.path.segments.last() else {
            continue;
        };
        let parent_shape = &optional.path.shape()[..optional.path.segments.len() - 1];
        for other in routes {
            let other_shape = other.path.shape();
            let same_level_required = other.path.segments.len() == optional.path.segments.len()
                && other_shape[..parent_shape.len()] == *parent_shape
                && matches!(other.path.segments.last(), Some(Segment::CatchAll(_)));
            if same_level_required {
                let required = other
                    .path
                    .segments
                    .last()
                    .map(Segment::file_form)
                    .unwrap_or_default();
                diagnostics.push_at(
                    naming.span,
                    format!(
                        "you cannot use both a required and an optional catch-all at the same level (`{required}` and `[[...{name}]]`){}\n       help: keep only `[[...{name}]]`: it matches one or more segments too",
                        naming.files([&other.relative, &optional.relative])
                    ),
                );
            } else if other_shape == parent_shape {
                diagnostics.push_at(
                    naming.span,
                    format!(
                        "you cannot define a route with the same specificity as an optional catch-all route (`{}` and `{}`){}\n       help: `[[...{name}]]` also answers `{}`; remove `{}`, or rename the catch-all to `[...{name}]` so it only matches deeper URLs",
                        other.path.next_form(&naming.url_prefix),
                        optional.path.next_form(&naming.url_prefix),
                        naming.files([&other.relative, &optional.relative]),
                        other.path.next_form(&naming.url_prefix),
                        other.relative,
                    ),
                );
            }
        }
    }
}

fn check_duplicates(routes: &[Route], naming: &Naming, diagnostics: &mut Diagnostics) {
    let mut by_path: BTreeMap<Vec<String>, Vec<&String>> = BTreeMap::new();
    for route in routes {
        let full: Vec<String> = route.path.segments.iter().map(Segment::file_form).collect();
        by_path.entry(full).or_default().push(&route.relative);
    }
    for (path, files) in by_path {
        if files.len() < 2 {
            continue;
        }
        let url = RoutePath {
            segments: Vec::new(),
        }
        .next_form(&naming.url_prefix);
        let url = if path.is_empty() {
            url
        } else {
            format!("{}/{}", url.trim_end_matches('/'), path.join("/"))
        };
        diagnostics.push_at(
            naming.span,
            format!(
                "{} pages resolve to `{url}`{}\n       help: keep one of them: `x.rs` and `x/index.rs` are the same URL (Next.js only warns and serves the first; api-routes makes you choose)",
                files.len(),
                naming.files(files.iter().copied()),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naming() -> Naming {
        Naming {
            pages_dir: "src/pages/api".into(),
            url_prefix: "/api".into(),
            span: Span::call_site(),
        }
    }

    fn page(relative: &str) -> FoundFile {
        let source = if relative.split('/').any(|c| c.starts_with('_')) {
            None
        } else {
            Some("#[api_route] async fn handler() {}".to_owned())
        };
        FoundFile {
            relative: relative.to_owned(),
            source,
        }
    }

    fn build(paths: &[&str]) -> Result<RouteTable, Vec<String>> {
        let mut diagnostics = Diagnostics::default();
        let table = RouteTable::build(
            paths.iter().map(|path| page(path)).collect(),
            &naming(),
            &mut diagnostics,
        );
        if diagnostics.is_empty() {
            Ok(table)
        } else {
            Err(diagnostics.messages())
        }
    }

    fn axum_paths(paths: &[&str]) -> Vec<String> {
        let table = build(paths).unwrap();
        table
            .routes
            .iter()
            .flat_map(|route| route.path.axum_paths("/api"))
            .collect()
    }

    fn one_error(paths: &[&str]) -> String {
        let errors = build(paths).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:#?}");
        errors.into_iter().next().unwrap()
    }

    #[test]
    fn index_files_answer_their_folder() {
        // spec 1.3
        assert_eq!(
            axum_paths(&["index.rs", "users/index.rs"]),
            ["/api", "/api/users"]
        );
    }

    #[test]
    fn brackets_become_axum_captures() {
        // spec 1.6, 1.7, 1.8
        assert_eq!(
            axum_paths(&["users/[id].rs", "post/[...slug].rs", "opt/[[...slug]].rs"]),
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
        assert_eq!(axum_paths(&["[[...all]].rs"]), ["/api", "/api/{*all}"]);
    }

    #[test]
    fn names_that_are_not_rust_identifiers_are_fine_as_urls() {
        // Dots are not stripped (spec 1.5); `$city` is static.
        assert_eq!(
            axum_paths(&[
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

    #[test]
    fn private_files_are_modules_not_routes() {
        let table = build(&["_lib/db.rs", "_helpers.rs", "users.rs"]).unwrap();
        assert_eq!(table.routes.len(), 1);
        assert_eq!(table.private_files, ["_lib/db.rs", "_helpers.rs"]);
    }

    #[test]
    fn routes_are_in_next_js_order() {
        // spec 1.12: the canonical vector of Next's page-route-sorter test.
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
        let table = build(&shuffled).unwrap();
        let order: Vec<String> = table
            .routes
            .iter()
            .map(|route| route.path.next_form("/"))
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
    fn different_slug_names_at_one_level_are_rejected_with_every_file() {
        // spec 1.15
        let error = one_error(&["[id].rs", "[slug]/x.rs"]);
        assert!(
            error.starts_with(
                "you cannot use different slug names for the same dynamic path (`id` and `slug`)"
            ),
            "{error}"
        );
        assert!(
            error.contains("src/pages/api/[id].rs") && error.contains("src/pages/api/[slug]/x.rs"),
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
        assert_eq!(axum_paths(&["[...id]/index.rs"]), ["/api/{*id}"]);
    }

    #[test]
    fn malformed_bracket_names_are_rejected() {
        for (name, expected) in [
            ("[[...id]", "extra brackets (`[...id` in `[[...id]`)"),
            ("[...id]]", "extra brackets (`id]` in `[...id]]`)"),
            ("[....id]", "erroneous periods (`.id` in `[....id]`)"),
            ("[..id]", "erroneous periods (`..id` in `[..id]`)"),
            (
                "[[blog]]",
                "optional route parameters are not supported (`[[blog]]`)",
            ),
            ("[…slug]", "uses the ellipsis character"),
            ("[]", "has no parameter name"),
            ("[id", "extra brackets (`[id`)"),
            ("a[id]", "mixes brackets into a name"),
            ("a b", "cannot stand unencoded in a URL path"),
        ] {
            let error = parse_segment(name).unwrap_err();
            assert!(error.contains(expected), "{name}: {error}");
        }
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
            assert!(error.contains("same specificity as an optional catch-all route (`/api/post` and `/api/post/[[...slug]]`)"), "{error}");
        }
    }

    #[test]
    fn file_and_index_for_one_url_are_rejected() {
        // spec 1.4: Next.js only warns; we make the user choose.
        let error = one_error(&["users.rs", "users/index.rs"]);
        assert!(
            error.starts_with("2 pages resolve to `/api/users`"),
            "{error}"
        );
    }

    #[test]
    fn page_without_handler_is_rejected() {
        let mut diagnostics = Diagnostics::default();
        let file = FoundFile {
            relative: "x.rs".into(),
            source: Some("fn helper() {}".into()),
        };
        RouteTable::build(vec![file], &naming(), &mut diagnostics);
        let errors = diagnostics.messages();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with(
            "this page has no `#[api_route]` function, so `/api/x` would have nothing to answer"
        ));
        assert!(errors[0].contains("rename the file to `_x.rs`"));
    }

    #[test]
    fn two_handlers_for_one_method_are_rejected() {
        let mut diagnostics = Diagnostics::default();
        let source = "#[api_route(GET)] async fn a() {} #[api_route(GET, POST)] async fn b() {}";
        let file = FoundFile {
            relative: "x.rs".into(),
            source: Some(source.into()),
        };
        RouteTable::build(vec![file], &naming(), &mut diagnostics);
        assert_eq!(diagnostics.messages().len(), 1);
        assert!(
            diagnostics.messages()[0].starts_with("two handlers in one page answer GET: `a`, `b`")
        );
    }

    #[test]
    fn every_error_is_reported_at_once() {
        let errors =
            build(&["[[blog]].rs", "[...a]/b.rs", "users.rs", "users/index.rs"]).unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:#?}");
    }

    fn registrations(paths: &[&str]) -> Vec<String> {
        let table = build(paths).unwrap();
        table
            .registrations("/api")
            .into_iter()
            .map(|registration| match registration.page_pattern {
                Some(pattern) => format!("{} as {pattern}", registration.path),
                None => registration.path,
            })
            .collect()
    }

    #[test]
    fn catch_all_beside_a_param_is_registered_under_it() {
        // spec 1.11: axum refuses `/post/{pid}` beside `/post/{*slug}`; Next.js serves both.
        assert_eq!(
            registrations(&["post/create.rs", "post/[pid].rs", "post/[...slug].rs"]),
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
            registrations(&["p/[id]/x.rs", "p/[id]/[sub]/y.rs", "p/[[...rest]].rs"]),
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
            registrations(&["p/[id]/[...more].rs", "p/[...rest].rs"]),
            ["/api/p/{id}/{*more}", "/api/p/{id} as /api/p/{*rest}"]
        );
    }

    #[test]
    fn middleware_wraps_its_folder_and_below_outermost_first() {
        let mut diagnostics = Diagnostics::default();
        let layer = || Some("pub fn layer() -> L { L }".to_owned());
        let files = vec![
            FoundFile {
                relative: "_middleware.rs".into(),
                source: layer(),
            },
            FoundFile {
                relative: "a/_middleware.rs".into(),
                source: layer(),
            },
            FoundFile {
                relative: "a/b/_middleware.rs".into(),
                source: layer(),
            },
            FoundFile {
                relative: "_lib/_middleware.rs".into(),
                source: None,
            },
            page("a/b/c.rs"),
            page("ab/x.rs"),
        ];
        let table = RouteTable::build(files, &naming(), &mut diagnostics);
        assert!(diagnostics.is_empty(), "{:?}", diagnostics.messages());
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
    fn private_module_names_must_be_identifiers() {
        let error = one_error(&["_lib/my-db.rs"]);
        assert!(
            error.starts_with("`my-db` is not a Rust identifier"),
            "{error}"
        );
    }
}
