//! Shared code for the pages: a private module, not a route.

pub mod cookies;
