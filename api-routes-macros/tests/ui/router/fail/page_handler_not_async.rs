// A routed page whose handler is not `async`: only the attribute's error.
api_routes::routes!(dir = "tests/ui/router/fail/page_handler_not_async/pages/api");

fn main() {}
