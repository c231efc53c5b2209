// `hello world.rs`: a space cannot stand unencoded in a URL path.
api_routes::routes!(dir = "tests/ui/router/fail/name_not_url_safe/pages/api");

fn main() {}
