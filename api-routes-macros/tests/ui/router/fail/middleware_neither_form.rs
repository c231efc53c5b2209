// A `_middleware.rs` that defines neither `layer` nor `middleware`.
api_routes::routes!(dir = "tests/ui/router/fail/middleware_neither_form/pages/api");

fn main() {}
