// `middleware` without `async`.
api_routes::routes!(dir = "tests/ui/router/fail/middleware_not_async/pages/api");

fn main() {}
