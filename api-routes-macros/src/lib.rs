//! Procedural macros for [`api-routes`](https://docs.rs/api-routes).
//!
//! You should not depend on this crate directly: add `api-routes`, which re-exports these macros
//! together with the runtime that the generated code calls.
//!
//! Set `API_ROUTES_DEBUG=1` while building to print what `routes!` expands to.

// Cargo's `[lints]` table cannot add to `workspace = true`, so the crate's own lints are here.
// Every item but the macros is internal: `unreachable_pub` keeps them `pub(crate)`.
#![warn(missing_docs, unreachable_pub)]

use proc_macro::TokenStream;

mod api_route;
mod json;
mod router;

/// See [`api_routes::routes!`](https://docs.rs/api-routes/latest/api_routes/macro.routes.html).
#[proc_macro]
pub fn routes(input: TokenStream) -> TokenStream {
    // `local_file` exists only on `proc_macro::Span`, so it is read here and handed down; every
    // stage below works on `proc_macro2` and can be unit-tested.
    let invoking_file = proc_macro::Span::call_site().local_file();
    router::expand(input.into(), invoking_file).into()
}

/// See [`api_routes::api_route`](https://docs.rs/api-routes/latest/api_routes/attr.api_route.html).
#[proc_macro_attribute]
pub fn api_route(attr: TokenStream, item: TokenStream) -> TokenStream {
    api_route::expand(attr.into(), item.into()).into()
}

/// See [`api_routes::json!`](https://docs.rs/api-routes/latest/api_routes/macro.json.html).
#[proc_macro]
pub fn json(input: TokenStream) -> TokenStream {
    json::expand(input.into()).into()
}
