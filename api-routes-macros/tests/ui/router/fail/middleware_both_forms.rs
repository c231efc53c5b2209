// A `_middleware.rs` that defines both `layer` and `middleware`.
api_routes::routes!(dir = "tests/ui/router/fail/middleware_both_forms/pages/api");

fn main() {}
