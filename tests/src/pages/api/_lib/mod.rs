//! Shared code: a private module, not a route.

pub mod answer;
pub mod signal;
