//! The routing rules of an `api-routes` page tree, as plain data: which files under
//! `src/pages/api` are pages, the URL each answers, their handlers and methods, the folder
//! middleware that wraps them, and every mistake in the tree with the rule and the fix.
//!
//! You should not depend on this crate directly. It is shared by the `routes!` macro of
//! `api-routes-macros`, which turns the table into code, and by `cargo api-routes`, which prints it
//! and checks new page names without building the crate. Spans are `proc_macro2::Span`s, so every
//! stage runs outside a macro too.
//!
//! ```
//! use api_routes_routing::diagnostics::Diagnostics;
//! use api_routes_routing::files::FoundFile;
//! use api_routes_routing::model::{Naming, RouteTable};
//!
//! let page = FoundFile {
//!     relative: "users/[id].rs".into(),
//!     source: Some("#[api_route(GET)] async fn show() {}".into()),
//! };
//! let mut diagnostics = Diagnostics::default();
//! let table = RouteTable::build(vec![page], &Naming::default(), &mut diagnostics);
//! assert!(diagnostics.is_empty());
//! assert_eq!(table.routes[0].path.to_string(), "/api/users/[id]");
//! assert_eq!(table.routes[0].methods(), ["GET"]);
//! ```
//!
//! The stages, in order: [`discover`] (the only filesystem access) → [`table`] (names by
//! [`segment`], handlers by [`pages`], rules by [`check`]) → [`lower`] (axum's paths).

// Cargo's `[lints]` table cannot add to `workspace = true`, so the crate's own lints are here.
#![warn(missing_docs, unreachable_pub)]

pub mod check;
pub mod diagnostics;
pub mod discover;
pub mod files;
pub mod handler_args;
pub mod lower;
pub mod model;
mod outline;
pub mod pages;
pub mod segment;
pub mod table;
#[cfg(any(test, feature = "testing"))]
#[doc(hidden)]
pub mod testing;
