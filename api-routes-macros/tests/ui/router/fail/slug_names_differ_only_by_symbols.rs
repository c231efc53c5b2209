// `[helloworld]` and `[hello-world]` in one path.
api_routes::routes!(dir = "tests/ui/router/fail/slug_names_differ_only_by_symbols/pages/api");

fn main() {}
