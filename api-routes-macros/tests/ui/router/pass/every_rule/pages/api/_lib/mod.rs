//! Shared code for the pages: a private module, never a route.

pub mod db;
