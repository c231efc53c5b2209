// `[…slug]` with the ellipsis character instead of three periods.
api_routes::routes!(dir = "tests/ui/router/fail/ellipsis_character/pages/api");

fn main() {}
