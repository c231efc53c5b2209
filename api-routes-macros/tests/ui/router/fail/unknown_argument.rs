// `dirr` instead of `dir`.
api_routes::routes!(dirr = "tests/ui/router/fail/unknown_argument/pages/api");

fn main() {}
