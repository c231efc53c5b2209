// A page whose function lacks `#[api_route]`.
api_routes::routes!(dir = "tests/ui/router/fail/page_without_handler/pages/api");

fn main() {}
