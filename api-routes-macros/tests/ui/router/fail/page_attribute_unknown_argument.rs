// A routed page whose `#[api_route]` has a typo: only the attribute's error.
api_routes::routes!(dir = "tests/ui/router/fail/page_attribute_unknown_argument/pages/api");

fn main() {}
