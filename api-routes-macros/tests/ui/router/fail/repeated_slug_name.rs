// `[id]` twice in one path: both would be the query key `id`.
api_routes::routes!(dir = "tests/ui/router/fail/repeated_slug_name/pages/api");

fn main() {}
