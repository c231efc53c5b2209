//! The API's contract as an OpenAPI 3.1 document, generated from the page tree and the
//! handlers' signatures: with `api-routes`'s `openapi` feature, `routes!` emits `openapi()` beside
//! `router()`.
//!
//! - Paths, path parameters and methods come from the page files and `#[api_route(GET, …)]`.
//! - Summaries and descriptions come from the handlers' `///` docs.
//! - Bodies, query parameters and answers come from the handlers' types: `Json<T>`, `Form<T>`,
//!   `Query<T>`, `Request`, `Response<T>`, `Result<_, ApiError>`…; schemas from
//!   [schemars](https://docs.rs/schemars)' `JsonSchema` (derive it on your types). A type that
//!   does not describe itself (a custom extractor, an `impl IntoResponse`) is left out, and the
//!   page still appears with what is known.
//!
//! ```
//! use api_routes_runtime::openapi::OpenApi;
//!
//! let document = OpenApi::new("People", "1.0.0");
//! // `router().merge(openapi().into_router("/api/openapi.json"))` serves it.
//! let router: api_routes_runtime::axum::Router = document.into_router("/api/openapi.json");
//! # let _ = router;
//! ```

mod build;
mod describe;
mod document;

pub use describe::{Describe, DescribeInput, DescribeOutput};
pub use document::{
    Answer, Components, Info, MediaType, OpenApi, Operation, Parameter, PathItem, RequestBody,
    Unlisted,
};

use axum::Router;
use axum::response::IntoResponse;
use axum::routing::get;
use http::header;

impl OpenApi {
    /// A router that answers `GET json_path` with the document as JSON. Merge it into the
    /// app's router; it is not part of the document itself.
    pub fn into_router<S>(self, json_path: &str) -> Router<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        let json = self.to_json();
        Router::new().route(
            json_path,
            get(move || async move {
                ([(header::CONTENT_TYPE, "application/json")], json).into_response()
            }),
        )
    }

    /// [`into_router`](Self::into_router), plus an interactive page at `docs_path` that renders
    /// the document ([Scalar](https://scalar.com), through the `utoipa-scalar` crate; the page
    /// loads Scalar's script from its CDN in the browser). Feature `docs-ui`.
    #[cfg(feature = "docs-ui")]
    pub fn into_router_with_docs<S>(self, json_path: &str, docs_path: &str) -> Router<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        let value = serde_json::to_value(&self).unwrap_or_default();
        let html = utoipa_scalar::Scalar::new(value)
            .title(self.info.title.clone())
            .to_html();
        self.into_router(json_path).route(
            docs_path,
            get(move || async move { axum::response::Html(html) }),
        )
    }
}

/// What generated code uses.
pub(crate) mod generated {
    pub use super::build::{DocumentBuilder, HandlerDoc};
    pub use super::describe::{
        DescribedInput, DescribedOutput, Probe, UndescribedInput, UndescribedOutput, probes0,
        probes1, probes2, probes3, probes4, probes5, probes6, probes7, probes8, probes9, probes10,
        probes11, probes12, probes13, probes14, probes15, probes16,
    };
}
