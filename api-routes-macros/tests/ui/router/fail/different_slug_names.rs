// `[id].rs` and `[slug]/x.rs` give one level two parameter names.
api_routes::routes!(dir = "tests/ui/router/fail/different_slug_names/pages/api");

fn main() {}
