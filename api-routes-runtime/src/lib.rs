//! Next.js-style request and response helpers for axum: the runtime of
//! [`api-routes`](https://docs.rs/api-routes). Depend on `api-routes`, which re-exports everything
//! here that users name.
//!
//! Comments cite Next.js's behaviour as `nextjs-compat <id>`: the items of
//! [`docs/nextjs-compat.md`](https://github.com/api-routes/api-routes/blob/main/docs/nextjs-compat.md).

#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs, unreachable_pub)]

mod body;
mod compression;
mod config;
mod conventions;
mod cookie_options;
mod cookies;
pub mod env;
mod error;
mod etag;
mod guard;
mod hashing;
mod js_compat;
mod json_literal;
mod method_not_allowed;
pub mod openapi;
mod options;
mod page;
mod protocol;
mod query;
mod rejection;
mod request;
mod response;
mod route_info;
mod serve;
mod sse;
mod stream;
pub mod test;

pub use axum;
pub use cookie_options::CookieOptions;
pub use cookies::Cookies;
pub use error::ApiError;
pub use json_literal::JsonLiteral;
pub use options::RouterOptions;
pub use query::{QueryMap, QueryValue};
pub use rejection::{RawBodyError, RequestRejection};
pub use request::Request;
pub use response::{Answers, HeaderValues, RedirectKind, Response, SendBody, Untyped};
pub use route_info::RouteInfo;
pub use serve::{Server, serve, serve_on};
pub use sse::EventWriter;
pub use stream::{ClientGone, ResponseWriter};

/// The event and keep-alive of [`Response::event_stream`], axum's own.
pub use axum::response::sse::{Event, KeepAlive};

/// `SameSite` for [`CookieOptions::same_site`].
pub use cookie::SameSite;

/// What the code `routes!` generates calls, and what the fuzz targets drive. Not public API:
/// it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::config::RouteConfig;
    pub use crate::guard::{Guard, GuardFuture, GuardLayer};
    pub use crate::method_not_allowed::MethodNotAllowed;
    pub use crate::page::{Page, PatternSegment};

    use crate::RouterOptions;

    /// The guard around `page`: panic → 500, past its maximum duration → 504.
    pub fn guard_layer(options: &RouterOptions, page: &'static Page) -> GuardLayer {
        GuardLayer::new(options, page)
    }

    // A page's registration is `.route(path, guarded(methods_only(MethodRouter::<S>::new()
    // .on(..), &[..]), &options, &PAGE_n))`. The handler is boxed inside the `MethodRouter` once
    // `.on` has it, so what comes after is the same for every page: written here, it is
    // type-checked once, where the same calls inlined in `router_with` made rustc solve each
    // page's layer bounds again inside one function body that grows with the tree (half the type
    // checking of a 300-page crate; BENCHMARKS.md, "Compile cost").

    /// `router` answering every method it has no handler for with 405 and `Allow: allowed`.
    pub fn methods_only<S>(
        router: axum::routing::MethodRouter<S>,
        allowed: &'static [&'static str],
    ) -> axum::routing::MethodRouter<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        router.fallback_service(MethodNotAllowed(allowed))
    }

    /// `router`, with its folder middleware applied, inside the guard of `page`.
    pub fn guarded<S>(
        router: axum::routing::MethodRouter<S>,
        options: &RouterOptions,
        page: &'static Page,
    ) -> axum::routing::MethodRouter<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        router.layer(guard_layer(options, page))
    }

    /// The generated router with Next.js's behaviour around it (redirects, 404 page).
    pub fn apply_options<S>(options: RouterOptions, router: axum::Router<S>) -> axum::Router<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        crate::conventions::apply(options, router)
    }

    /// What the debug-build checks `#[api_route]` writes beside each handler call. They are
    /// never run: the checks are functions nobody calls, type-checked for their errors.
    pub mod checks {
        /// Fails to type-check, at the handler's name, when the handler's future is not `Send`.
        pub fn future_is_send<F: Send>(_: F) {}

        /// A value of any type, standing for each argument in that call.
        pub fn placeholder<T>() -> T {
            unreachable!("a placeholder in a check that is never called")
        }
    }

    /// What `json!` writes with, and what it falls back to for an object whose keys are
    /// computed or repeated.
    pub mod json {
        pub use crate::json_literal::Writer;
        pub use serde_json::json as serde_json_value;
    }

    /// What `#[api_route]` and `routes!` generate for `openapi()`.
    pub mod openapi {
        pub use crate::openapi::Describe;
        pub use crate::openapi::generated::*;
    }

    /// The parsers under fuzzing, called directly.
    pub mod fuzzing {
        pub use crate::body::{BodyError, Charset, ContentType, MediaKind, check_body, parse_body};
        /// Whether an answer with these headers is compressible (`Vary: Accept-Encoding`, and
        /// compressed from 1 KiB), for the `compression` target, which drives the rest through
        /// [`GuardLayer`](super::GuardLayer).
        pub use crate::compression::is_compressible;
        pub use crate::cookies::parse_cookie_headers;
        pub use crate::etag::{Etag, etag_for_bytes, generate_etag, is_fresh};
        pub use crate::js_compat::decode_uri_component;
        pub use crate::query::parse_form;
    }
}
