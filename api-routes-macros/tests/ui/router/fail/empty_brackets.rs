// `[]` has no parameter name.
api_routes::routes!(dir = "tests/ui/router/fail/empty_brackets/pages/api");

fn main() {}
