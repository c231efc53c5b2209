//! A private module: shared code that pages `use`, never a route.

pub fn label(page: &str) -> String {
    format!("page {page}")
}
