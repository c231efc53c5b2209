//! The macro's route model: an arbitrary page tree through the stages `routes!` runs on it
//! (`RouteTable::build`, then `lower::registrations` and `middlewares_of` when the table has no
//! error), with axum and a second matcher as the judges of what an accepted tree lowers to.

use std::collections::{BTreeSet, HashSet};
use std::convert::Infallible;

use api_routes_routing::diagnostics::Diagnostics;
use api_routes_routing::files::{FoundFile, folder_of, is_middleware, is_private};
use api_routes_routing::lower::{Registration, registrations};
use api_routes_routing::model::{Naming, Route, RouteTable, check_url_prefix};
use api_routes_routing::segment::{Segment, SegmentKind, parse_segment};
use api_routes_runtime::axum::Router;
use api_routes_runtime::axum::body::{Body, to_bytes};
use api_routes_runtime::axum::routing::{MethodFilter, MethodRouter, any};
use futures_util::FutureExt;
use http::StatusCode;
use tower::ServiceExt;

pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (naming, files) = read_tree(&text);
    let (table, messages) = build(files.clone(), &naming);
    check_messages(&messages, &files, &naming);

    // `discover` lists the files sorted, but the routes are in Next.js's order and the rules
    // read the tree, not the listing: the same files in another order give the same table and
    // the same messages (up to the order in which one message lists pages that tie).
    let (reversed, reversed_messages) = build(files.iter().rev().cloned().collect(), &naming);
    assert_eq!(
        normalized(&messages),
        normalized(&reversed_messages),
        "the messages depend on the order of the files"
    );
    if !messages.is_empty() {
        return;
    }
    assert_eq!(
        described(&table),
        described(&reversed),
        "the table depends on the order of the files"
    );
    check_accepted(&table, &files, &naming);
}

/// Reads the input: one file a line, relative to the pages folder, as `discover` lists them
/// (see the module docs of the crate for the format).
fn read_tree(text: &str) -> (Naming, Vec<FoundFile>) {
    let mut naming = Naming::default();
    let mut files: Vec<FoundFile> = Vec::new();
    for line in text.split('\n') {
        if line.starts_with('/') {
            // A prefix `routes!(prefix = "…")` refuses is no tree.
            if check_url_prefix(line).is_ok() {
                naming.url_prefix = line.to_owned();
            }
            continue;
        }
        let mut fields = line.split('\t');
        let relative = fields.next().unwrap_or_default();
        let fields: Vec<&str> = fields.collect();
        if !could_be_listed(relative, &files) {
            continue;
        }
        files.push(FoundFile {
            relative: relative.to_owned(),
            source: source(relative, &fields),
        });
    }
    (naming, files)
}

/// Whether `discover` could list `relative` beside `files`: `/`-separated names that are not
/// empty, hidden (`.name`) or hold a NUL, a `.rs` file, listed once, and no file where another
/// line has a folder of that name.
fn could_be_listed(relative: &str, files: &[FoundFile]) -> bool {
    let names: Vec<&str> = relative.split('/').collect();
    let well_formed = relative.ends_with(".rs")
        && names
            .iter()
            .all(|name| !name.is_empty() && !name.starts_with('.') && !name.contains('\0'));
    well_formed
        && files.iter().all(|file| {
            file.relative != relative
                && !file.relative.starts_with(&format!("{relative}/"))
                && !relative.starts_with(&format!("{}/", file.relative))
        })
}

/// The file's source. A page's fields are its handlers: each the arguments of one
/// `#[api_route(…)]` (`GET, POST`, `body_limit = "5mb"`, empty for every method), or `-` for a
/// function without the attribute; none means one handler for every method. A middleware's
/// fields are the signatures of the functions it defines (`pub fn layer()`); none means a
/// `layer()`. Other private files are not read.
fn source(relative: &str, fields: &[&str]) -> Option<String> {
    if is_middleware(relative) {
        if fields.is_empty() {
            return Some("pub fn layer() -> L { L }".to_owned());
        }
        let functions: Vec<String> = fields.iter().map(|field| format!("{field} {{}}")).collect();
        return Some(functions.join("\n"));
    }
    if is_private(relative) {
        return None;
    }
    if fields.is_empty() {
        return Some("#[api_route] async fn handler() {}".to_owned());
    }
    let functions: Vec<String> = fields
        .iter()
        .enumerate()
        .map(|(index, field)| match *field {
            "-" => format!("fn helper_{index}() {{}}"),
            args => format!("#[api_route({args})] async fn handler_{index}() {{}}"),
        })
        .collect();
    Some(functions.join("\n"))
}

fn build(files: Vec<FoundFile>, naming: &Naming) -> (RouteTable, Vec<String>) {
    let mut diagnostics = Diagnostics::default();
    let table = RouteTable::build(files, naming, &mut diagnostics);
    if !diagnostics.is_empty() {
        // What `routes!` emits: one `compile_error!` per message.
        assert!(!diagnostics.to_compile_errors().is_empty());
    }
    (table, diagnostics.messages())
}

/// Every message is laid out as `Message` renders it: the rule on one line, then each file
/// involved on its own line, then `= help:` with the fix. Every one names a file of the tree,
/// and every page whose name is not a URL segment is named.
fn check_messages(messages: &[String], files: &[FoundFile], naming: &Naming) {
    let listed: HashSet<String> = files
        .iter()
        .map(|file| naming.file(&file.relative))
        .collect();
    let mut named = HashSet::new();
    for message in messages {
        let mut lines = message.split('\n');
        let rule = lines.next().unwrap_or_default();
        assert!(
            !rule.trim().is_empty(),
            "a message without a rule: {message:?}"
        );
        let mut files_named = 0;
        let help = loop {
            let Some(line) = lines.next() else {
                panic!("a message without `= help:`: {message:?}");
            };
            if let Some(help) = line.strip_prefix("= help: ") {
                break help;
            }
            let file = line.strip_prefix("  ").unwrap_or_default();
            assert!(
                listed.contains(file),
                "{line:?} is not a file of the tree: {message:?}"
            );
            named.insert(file.to_owned());
            files_named += 1;
        };
        assert!(files_named > 0, "a message that names no file: {message:?}");
        assert!(!help.trim().is_empty(), "an empty help: {message:?}");
    }
    for file in files.iter().filter(|file| !is_private(&file.relative)) {
        let stem = file.relative.strip_suffix(".rs").unwrap_or(&file.relative);
        let mut names: Vec<&str> = stem.split('/').collect();
        if names.last() == Some(&"index") {
            names.pop();
        }
        if names.iter().any(|name| parse_segment(name).is_err()) {
            let file = naming.file(&file.relative);
            assert!(
                named.contains(&file),
                "{file} has a bad name but no message"
            );
        }
    }
}

/// The messages as a multiset, each with its file lines sorted: where two pages have the same
/// place in Next.js's order, the order of the files decides which a message names first.
fn normalized(messages: &[String]) -> Vec<String> {
    let mut normalized: Vec<String> = messages
        .iter()
        .map(|message| {
            let mut lines: Vec<&str> = message.split('\n').collect();
            let help = lines
                .iter()
                .position(|line| line.starts_with("= help: "))
                .unwrap_or(lines.len());
            lines[1..help].sort_unstable();
            lines.join("\n")
        })
        .collect();
    normalized.sort_unstable();
    normalized
}

/// The table as plain text: each route's file, pattern and methods, then the registrations.
fn described(table: &RouteTable) -> Vec<String> {
    let routes = table
        .routes
        .iter()
        .map(|route| format!("{} {} {:?}", route.relative, route.path, route.methods()));
    let lowered = registrations(table)
        .into_iter()
        .map(|registration| format!("{} -> {}", registration.path, registration.route));
    routes.chain(lowered).collect()
}

fn check_accepted(table: &RouteTable, files: &[FoundFile], naming: &Naming) {
    // Every page is a route, once; routes are in a strict order (a tie would be two pages at one
    // place, which the rules refuse).
    let pages: BTreeSet<&str> = files
        .iter()
        .map(|file| file.relative.as_str())
        .filter(|relative| !is_private(relative))
        .collect();
    let routed: Vec<&str> = table
        .routes
        .iter()
        .map(|route| route.relative.as_str())
        .collect();
    assert_eq!(routed.len(), pages.len(), "{routed:?}");
    assert_eq!(routed.iter().copied().collect::<BTreeSet<_>>(), pages);
    for pair in table.routes.windows(2) {
        assert!(
            pair[0].path.next_order(&pair[1].path).is_lt(),
            "{} and {} are out of order",
            pair[0].path,
            pair[1].path
        );
    }
    for route in &table.routes {
        assert!(route.path.segments.starts_with(&naming.prefix_segments()));
        check_middlewares(table, route);
    }

    // One registration per axum path; every page that answers has at least one, and only those.
    let registrations = registrations(table);
    let mut paths = HashSet::new();
    for registration in &registrations {
        assert!(!table.routes[registration.route].handlers.is_empty());
        assert!(
            paths.insert(registration.path.to_string()),
            "{} is registered twice",
            registration.path
        );
    }
    // A page without a registration is one Next.js never picks: a catch-all beside a param
    // whose own pages answer every URL it matches (`p/[id].rs` and `p/[id]/[...more].rs` take
    // all that `p/[...rest].rs` would; RELIABILITY.md finding 7).
    for (index, route) in table.routes.iter().enumerate() {
        if !route.handlers.is_empty() && !registrations.iter().any(|r| r.route == index) {
            for url in probes(table, route) {
                assert_ne!(
                    first_match(table, &url),
                    Some(index),
                    "{} has no registration, but answers GET /{}",
                    route.path,
                    url.join("/")
                );
            }
        }
    }

    // axum panics on a path it refuses, or on two registrations that overlap. Under libFuzzer
    // the panic hook aborts at axum's own message; under `cargo test` this names every path.
    let router = std::panic::catch_unwind(|| router(table, &registrations)).unwrap_or_else(|_| {
        let paths: Vec<String> = registrations.iter().map(|r| r.path.to_string()).collect();
        panic!("axum refused the accepted tree's registrations {paths:?}")
    });
    check_matching(table, &router);
}

/// `middlewares_of`: the middleware of the route's folder and of every folder above it,
/// outermost first.
fn check_middlewares(table: &RouteTable, route: &Route) {
    let folder: Vec<&str> = folder_of(&route.relative)
        .split('/')
        .filter(|name| !name.is_empty())
        .collect();
    let mut expected: Vec<(usize, &str)> = table
        .middlewares
        .iter()
        .filter_map(|middleware| {
            let above: Vec<&str> = middleware
                .folder
                .split('/')
                .filter(|name| !name.is_empty())
                .collect();
            folder
                .starts_with(&above)
                .then_some((above.len(), middleware.relative.as_str()))
        })
        .collect();
    expected.sort_unstable();
    let depths: Vec<usize> = expected.iter().map(|(depth, _)| *depth).collect();
    assert!(
        depths.windows(2).all(|pair| pair[0] < pair[1]),
        "{expected:?}"
    );
    let chain: Vec<&str> = table
        .middlewares_of(route)
        .iter()
        .map(|middleware| middleware.relative.as_str())
        .collect();
    let expected: Vec<&str> = expected.iter().map(|(_, relative)| *relative).collect();
    assert_eq!(chain, expected, "middleware of {}", route.relative);
}

/// The router `routes!` generates, reduced to its shape: one `.route` per registration, each a
/// `MethodRouter` built as the generated one is (restricted handlers `.on` their methods, an
/// unrestricted one `any` or the fallback, else a fallback). Every handler answers the index of
/// its page, so a request shows which page axum chose.
fn router(table: &RouteTable, registrations: &[Registration]) -> Router {
    let mut router = Router::new();
    for registration in registrations {
        let page = registration.route;
        let answer = move || async move { page.to_string() };
        let route = &table.routes[page];
        let (restricted, unrestricted): (Vec<_>, Vec<_>) = route
            .handlers
            .iter()
            .partition(|handler| !handler.args.methods.is_empty());
        let mut methods = MethodRouter::new();
        for handler in &restricted {
            let filter = handler
                .args
                .methods
                .iter()
                .map(|method| method_filter(method))
                .reduce(MethodFilter::or)
                .expect("a restricted handler has methods");
            methods = methods.on(filter, answer);
        }
        methods = if !unrestricted.is_empty() && restricted.is_empty() {
            any(answer)
        } else {
            methods.fallback(answer)
        };
        router = router.route(&registration.path.to_string(), methods);
    }
    router
}

fn method_filter(method: &str) -> MethodFilter {
    match method {
        "GET" => MethodFilter::GET,
        "HEAD" => MethodFilter::HEAD,
        "POST" => MethodFilter::POST,
        "PUT" => MethodFilter::PUT,
        "DELETE" => MethodFilter::DELETE,
        "PATCH" => MethodFilter::PATCH,
        "OPTIONS" => MethodFilter::OPTIONS,
        "TRACE" => MethodFilter::TRACE,
        "CONNECT" => MethodFilter::CONNECT,
        other => panic!("`#[api_route]` accepted the method {other:?}"),
    }
}

/// A value that no static name equals: static names hold no `%`.
const FRESH: &str = "%25";

/// For URLs made from each page's pattern, axum's choice among the registrations is Next.js's:
/// the first page, in the table's order, whose pattern matches.
fn check_matching(table: &RouteTable, router: &Router) {
    for route in table
        .routes
        .iter()
        .filter(|route| !route.handlers.is_empty())
    {
        for url in probes(table, route) {
            let expected = first_match(table, &url);
            let answered = answer(router, &url);
            assert_eq!(answered, expected, "GET /{}", url.join("/"));
        }
    }
}

/// URLs the route's pattern matches: dynamic segments filled with [`FRESH`], or with a static
/// name another page has at that depth (where axum must backtrack); catch-alls with one and two
/// segments, optional ones with none too.
fn probes(table: &RouteTable, route: &Route) -> Vec<Vec<String>> {
    let mut urls = Vec::new();
    for borrowed in [false, true] {
        let filler = |depth: usize| {
            let name = borrowed.then(|| static_at(table, depth)).flatten();
            name.unwrap_or(FRESH).to_owned()
        };
        for extra in [0, 1, 2] {
            let mut url = Vec::new();
            for segment in &route.path.segments {
                let count = match segment.kind {
                    SegmentKind::Static => {
                        url.push(segment.name.clone());
                        continue;
                    }
                    SegmentKind::Param => 1,
                    SegmentKind::CatchAll => extra.max(1),
                    SegmentKind::OptionalCatchAll => extra,
                };
                for _ in 0..count {
                    url.push(filler(url.len()));
                }
            }
            if !urls.contains(&url) {
                urls.push(url);
            }
        }
    }
    urls
}

/// A static name some page has at `depth`, if any.
fn static_at(table: &RouteTable, depth: usize) -> Option<&str> {
    table.routes.iter().find_map(|route| {
        route
            .path
            .segments
            .get(depth)
            .filter(|segment| segment.kind == SegmentKind::Static)
            .map(|segment| segment.name.as_str())
    })
}

/// Next.js's matching: the first page in the table's order whose pattern matches.
fn first_match(table: &RouteTable, url: &[String]) -> Option<usize> {
    table
        .routes
        .iter()
        .position(|route| !route.handlers.is_empty() && matches(&route.path.segments, url))
}

fn matches(pattern: &[Segment], url: &[String]) -> bool {
    match pattern.split_first() {
        None => url.is_empty(),
        Some((segment, rest)) => match segment.kind {
            SegmentKind::Static => url
                .split_first()
                .is_some_and(|(first, url)| *first == segment.name && matches(rest, url)),
            SegmentKind::Param => url.split_first().is_some_and(|(_, url)| matches(rest, url)),
            SegmentKind::CatchAll => !url.is_empty(),
            SegmentKind::OptionalCatchAll => true,
        },
    }
}

/// The page axum routes `GET url` to, or `None` for its 404.
fn answer(router: &Router, url: &[String]) -> Option<usize> {
    let uri = format!("/{}", url.join("/"));
    let request = http::Request::get(uri.as_str())
        .body(Body::empty())
        .unwrap_or_else(|error| panic!("{uri:?} is not a request: {error}"));
    let response = router
        .clone()
        .oneshot(request)
        .now_or_never()
        .expect("the router answers at once");
    let Ok::<_, Infallible>(response) = response;
    if response.status() == StatusCode::NOT_FOUND {
        return None;
    }
    assert_eq!(response.status(), StatusCode::OK, "{uri}");
    let body = to_bytes(response.into_body(), usize::MAX)
        .now_or_never()
        .expect("a ready body")
        .expect("a body");
    let page = std::str::from_utf8(&body).expect("a page index");
    Some(page.parse().expect("a page index"))
}
