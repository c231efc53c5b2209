//! Next.js API Routes for Rust: put a file in `src/pages/api`, mark its handler
//! `#[api_route]`, and it is an HTTP endpoint served by [axum](https://docs.rs/axum), found at
//! compile time, with Next.js's `req`/`res` conveniences.
//!
//! ```
//! // src/pages/api/user.rs → GET /api/user
//! use api_routes::prelude::*;
//!
//! #[api_route]
//! async fn handler(req: Request, res: Response) -> Response {
//!     res.status(200).json(json!({ "name": "John Doe" }))
//! }
//! # fn main() {}
//! ```
//!
//! ```no_run
//! // src/main.rs
//! # /*
//! api_routes::routes!();
//! # */
//! # api_routes::routes!(dir = "doc-fixtures/pages/api");
//!
//! #[tokio::main]
//! async fn main() -> std::io::Result<()> {
//!     api_routes::serve(router()).await
//! }
//! ```
//!
//! ```no_run
//! // build.rs: rebuild when a page is added
//! fn main() { api_routes_build::track(); }
//! ```
//!
#![doc = include_str!("docs/routing.md")]
#![doc = include_str!("docs/dependencies.md")]
// Some examples are whole `build.rs` files, so their `fn main` is the point.
#![warn(missing_docs, unreachable_pub)]
#![allow(clippy::needless_doctest_main)]

/// The README's examples, compiled as doc tests so that they keep compiling, without a warning,
/// as a reader copies them (`dead_code` aside: a snippet is a part of a crate). Those that need a page tree, or types the snippet leaves out, are
/// marked `ignore` there.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
#[doc(test(attr(deny(warnings), allow(dead_code))))]
mod readme {}

/// Walks the pages folder at compile time and generates the crate's API router.
///
/// It emits, where it is invoked (the crate root: `main.rs` or `lib.rs`):
/// - `pub fn router() -> axum::Router<State>`: one route per page, with Next.js's server
///   behaviour (trailing-slash and repeated-slash redirects, 404 page, a panic answered 500);
/// - `pub fn router_with(options: RouterOptions) -> axum::Router<State>`: the same with other
///   [`RouterOptions`];
/// - `pub const ROUTES: &[RouteInfo]`: the route table, in Next.js's match order;
/// - a hidden module tree holding every page file.
///
/// Arguments, all optional: `state = Type` (the router's state, for handlers taking
/// `State<Type>`), `dir = "src/pages/api"` (relative to `Cargo.toml`), `prefix = "/api"` (the
/// URL of that folder).
///
/// The crate needs a build script so that adding a page rebuilds the router; without one the
/// macro fails and shows the line to add:
///
/// ```no_run
/// // build.rs
/// fn main() { api_routes_build::track(); }
/// ```
///
/// # Example
///
/// With `doc-fixtures/pages/api/user.rs` and `doc-fixtures/pages/api/posts/[id].rs`:
///
/// ```
/// api_routes::routes!(dir = "doc-fixtures/pages/api");
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use api_routes::axum::body::Body;
/// use tower::ServiceExt;
///
/// let paths: Vec<&str> = ROUTES.iter().map(|route| route.path).collect();
/// assert_eq!(paths, ["/api/posts/[id]", "/api/user"]);
///
/// let request = api_routes::axum::http::Request::get("/api/posts/42?x=1").body(Body::empty()).unwrap();
/// let response = router().oneshot(request).await.unwrap();
/// let body = api_routes::axum::body::to_bytes(response.into_body(), 1024).await.unwrap();
/// assert_eq!(body, r#"{"x":"1","id":"42"}"#);
/// # }
/// ```
pub use api_routes_macros::routes;

/// Marks a page's request handler: `#[api_route]` answers every method, as a Next.js handler
/// does; `#[api_route(GET, HEAD)]` only those (others get 405 with `Allow`).
///
/// Any axum handler works: extractors, `State<S>`, any `IntoResponse`. Next.js's
/// `(req: Request, res: Response)` order is accepted as well: the attribute moves `Request`, which
/// reads the body, to the end for axum.
///
/// Per-handler configuration, checked at compile time (Next.js's `config.api`):
/// - `body_limit = "5mb"`: refuse larger bodies with 413 (default `"1mb"`);
/// - `body_parser = false`: hand the raw body stream to the handler ([`Request::take_raw_body`]);
/// - `response_limit = "8mb"` or `false`: when to warn about a large response (default 4 MiB).
///
/// ```
/// use api_routes::prelude::*;
///
/// #[api_route(GET)]
/// async fn show(req: Request, res: Response) -> Response {
///     res.json(req.query())
/// }
///
/// #[api_route(PUT, body_limit = "5mb")]
/// async fn update(req: Request, res: Response) -> Response {
///     res.status(200).json(req.body())
/// }
/// # fn main() {}
/// ```
pub use api_routes_macros::api_route;

/// serde_json's [`json!`](serde_json::json) syntax, written as JSON text where it stands: a
/// [`JsonLiteral`], not a [`serde_json::Value`].
///
/// `res.json(json!({ "name": name }))` reads as in Next.js and costs what serializing a struct
/// costs: the keys and punctuation are rendered at compile time and each value is written by
/// serde_json into one buffer, with no map, no key `String`s and no `Value` to build and free.
/// The grammar is serde_json's: `null`, `[..]` and `{..}` are JSON, anything else in a value's
/// place is a Rust expression (borrowed while it is written, as serde_json's `json!` borrows it),
/// a key is a string literal or an expression. An object with a computed key (`{ code: 1 }`) or
/// a key written twice is built by serde_json's `json!`, so it means exactly what it means there.
///
/// A [`JsonLiteral`] compares with a `Value` and converts into one (`Value::from(json!(..))`) when
/// you need to change it; `serde_json::json!` is still there for a `Value` from the start.
///
/// ```
/// use api_routes::prelude::*;
///
/// #[api_route(GET)]
/// async fn handler(req: Request, res: Response) -> Response {
///     let names = ["Ada", "Grace"];
///     res.status(200).json(json!({
///         "query": req.query(),
///         "people": names.iter().map(|name| json!({ "name": name })).collect::<Vec<_>>(),
///         "next": null,
///     }))
/// }
/// # fn main() {
/// let people = json!([{ "name": "Ada" }, { "name": "Grace" }]);
/// assert_eq!(people.as_str(), r#"[{"name":"Ada"},{"name":"Grace"}]"#);
/// # }
/// ```
pub use api_routes_macros::json;

pub use api_routes_runtime::{
    ApiError, ClientGone, CookieOptions, Cookies, Event, EventWriter, HeaderValues, JsonLiteral,
    KeepAlive, QueryMap, QueryValue, RawBodyError, RedirectKind, Request, RequestRejection,
    Response, ResponseWriter, RouteInfo, RouterOptions, SameSite, SendBody, Server, serve,
    serve_on,
};

/// The API's contract as an OpenAPI 3.1 document: with the `openapi` feature, `routes!`
/// generates `openapi()` beside `router()`.
pub use api_routes_runtime::openapi;

/// Typed answers: `Response<T>` answers only `T`.
pub use api_routes_runtime::{Answers, Untyped};

/// Environment files as Next.js loads them (`.env`, `.env.local`, `.env.$MODE`…): call
/// [`env::load_env_files`] at the start of `main`.
pub use api_routes_runtime::env;

/// A client for your own tests: requests through `router()` in process, no socket, with a
/// cookie jar and typed answers (`TestClient::new(router()).get("/api/user").await`).
pub use api_routes_runtime::test;

#[cfg(feature = "lambda")]
pub mod lambda;
#[cfg(feature = "vercel")]
pub mod vercel;

/// The router `routes!` returns is an `axum::Router`; re-exported so users need not add axum.
#[doc(no_inline)]
pub use axum;

/// What a page usually needs: `use api_routes::prelude::*;`.
pub mod prelude {
    pub use crate::{ApiError, CookieOptions, Request, Response, api_route, json};
    pub use axum::Json;
    pub use axum::extract::{Form, Path, Query, State};
    pub use axum::response::IntoResponse;
}

// Used by code that `routes!` and `#[api_route]` generate, which names nothing else, so users
// need no other crate in their Cargo.toml. Not public API.
#[doc(hidden)]
pub mod __private {
    pub use ::api_routes_runtime as runtime;
    pub use ::api_routes_runtime::__private::*;
    pub use ::axum;

    pub use crate::__api_routes_openapi as openapi_items;
}

/// `routes!` hands its `openapi()` to this macro: kept with the `openapi` feature, dropped
/// without it before anything type-checks it, so a build that does not use the document does not
/// pay for it. Not public API.
#[cfg(feature = "openapi")]
#[doc(hidden)]
#[macro_export]
macro_rules! __api_routes_openapi {
    ($($items:tt)*) => { $($items)* };
}

#[cfg(not(feature = "openapi"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __api_routes_openapi {
    ($($items:tt)*) => {};
}
