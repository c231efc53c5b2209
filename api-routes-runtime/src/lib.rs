//! Next.js-style request and response helpers for axum: the runtime of
//! [`api-routes`](https://docs.rs/api-routes). Depend on `api-routes`, which re-exports everything here.

#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod body_parse;
pub mod cookies;
pub mod etag;
pub mod query;
