//! Next.js-style request and response helpers for axum: the runtime of
//! [`api-routes`](https://docs.rs/api-routes). Depend on `api-routes`, which re-exports everything
//! here that users name.

#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod body;
mod config;
mod conventions;
pub mod cookies;
pub mod env;
mod error;
pub mod etag;
pub mod js_compat;
pub mod query;
mod request;
mod response;
mod route_info;
mod serve;

pub use axum;
pub use config::{DEFAULT_BODY_LIMIT, DEFAULT_RESPONSE_LIMIT, RouteConfig, SizeLimit};
pub use conventions::{Conventions, MethodNotAllowed, RouterOptions};
pub use cookies::Cookies;
pub use error::ApiError;
pub use query::{QueryMap, QueryValue};
pub use request::{PagePattern, Request};
pub use response::{CookieOptions, HeaderValues, Response, SendBody};
pub use route_info::{RouteInfo, record_routes};
pub use serve::{Server, serve, serve_on};

/// `SameSite` for [`CookieOptions::same_site`].
pub use cookie::SameSite;
