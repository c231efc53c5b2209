// `[...slug]` and `[[...slug]]` at one level.
api_routes::routes!(dir = "tests/ui/router/fail/required_and_optional_catch_all/pages/api");

fn main() {}
